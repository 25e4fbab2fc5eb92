import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

// The app is served by the Fastify process from web/dist; in `vite dev` the API is proxied to it.
export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  build: {
    outDir: path.join(here, 'dist'),
    emptyOutDir: true,
    sourcemap: false,
    manifest: true,
    // Inline assets would be data: URLs for scripts or styles, which the strict CSP refuses.
    assetsInlineLimit: 0,
  },
  server: {
    proxy: { '/api': `http://127.0.0.1:${process.env.GUILDHALL_PORT ?? '3000'}` },
  },
});
