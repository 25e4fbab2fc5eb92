#!/usr/bin/env node
// Builds the web app into web/dist with Vite's JS API.
// --if-stale: skip when web/dist/index.html is newer than every source the build reads.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { precompress } from './precompress.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'web');
// The build's own scripts count too: a web/dist built before the compressed copies existed is stale.
const sources = [
  path.join(web, 'src'),
  path.join(web, 'public'),
  path.join(web, 'index.html'),
  path.join(web, 'vite.config.ts'),
  path.join(root, 'contracts'),
  path.join(root, 'scripts', 'build-web.mjs'),
  path.join(root, 'scripts', 'precompress.mjs'),
];

/** The newest modification time under `p` (a file or a folder), or 0 when it does not exist. */
function newest(p) {
  let stat;
  try {
    stat = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs; // a deleted file shows up only as a newer folder
  for (const entry of fs.readdirSync(p)) latest = Math.max(latest, newest(path.join(p, entry)));
  return latest;
}

/**
 * Builds web/dist (or, with ifStale, only when a source is newer than it) in this process, then
 * writes Brotli and gzip copies of its text files for the server to send compressed.
 * `outDir` builds elsewhere (tests do, so as not to replace the web/dist a running server reads).
 * Returns false when the build failed, after saying why.
 */
export async function buildWeb({ ifStale = false, outDir = path.join(web, 'dist') } = {}) {
  const output = path.join(outDir, 'index.html');
  // The server renderer (decision 0019) is built beside the app: web/dist-server for web/dist.
  const serverOutDir = `${outDir}-server`;
  const serverOutput = path.join(serverOutDir, 'entry-server.js');
  if (ifStale && fs.existsSync(output) && fs.existsSync(serverOutput)) {
    const built = Math.min(fs.statSync(output).mtimeMs, fs.statSync(serverOutput).mtimeMs);
    if (sources.every((s) => newest(s) < built)) {
      console.log('web: web/dist is up to date; not rebuilding.');
      return true;
    }
  }
  const started = Date.now();
  // Always a production bundle: an inherited NODE_ENV (vitest sets `test`) would make Vite bundle
  // React's development build, with StrictMode's double effects and a much larger file.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  const { build } = await import('vite');
  try {
    await build({ configFile: path.join(web, 'vite.config.ts'), mode: 'production', logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    // The same pages as a Node module, for the server to render public pages (decision 0019).
    await build({
      configFile: path.join(web, 'vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
      // React, the router and zod are bundled in, built for production whatever NODE_ENV the server runs
      // with: React's development build renders several times slower.
      ssr: { noExternal: true },
      define: { 'process.env.NODE_ENV': JSON.stringify('production') },
      build: { ssr: path.join(web, 'src', 'entry-server.tsx'), copyPublicDir: false, outDir: serverOutDir, emptyOutDir: true, manifest: false, rollupOptions: { input: path.join(web, 'src', 'entry-server.tsx') } },
    });
  } catch (err) {
    console.error('web: the build failed.');
    console.error(err instanceof Error ? err.message : err);
    return false;
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  const built = Date.now();
  try {
    const files = await precompress(outDir);
    const count = files.filter((f) => f.br !== null || f.gz !== null).length;
    console.log(`web: built ${path.relative(root, outDir) || outDir} in ${((built - started) / 1000).toFixed(1)} s; compressed ${count} files in ${((Date.now() - built) / 1000).toFixed(1)} s.`);
  } catch (err) {
    // Without its compressed copies the build is incomplete: make the next --if-stale build again.
    fs.rmSync(output, { force: true });
    console.error('web: compressing the built files failed.');
    console.error(err instanceof Error ? err.message : err);
    return false;
  }
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const ok = await buildWeb({ ifStale: process.argv.includes('--if-stale') });
  process.exit(ok ? 0 : 1);
}
