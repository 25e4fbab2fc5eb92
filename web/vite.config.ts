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
    // Inline assets would be data: URLs for scripts or styles, which the strict CSP refuses.
    assetsInlineLimit: 0,
    // The server reads the manifest to link a server-rendered page's own CSS and scripts (decision 0019).
    manifest: true,
    // Every browser we serve knows <link rel="modulepreload"> (Safari since 17); without it, one only skips
    // preloading. The polyfill would cost every page's first load about 0.3 KB (decision 0022).
    modulePreload: { polyfill: false },
    rollupOptions: {
      // enhance.ts is the only script of pages served without the app.
      input: { index: path.join(here, 'index.html'), enhance: path.join(here, 'src/enhance.ts') },
    },
  },
  server: {
    proxy: { '/api': `http://127.0.0.1:${process.env.GUILDHALL_PORT ?? '3000'}` },
  },
});
