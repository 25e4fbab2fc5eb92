// Writes a Brotli (.br, quality 11) and a gzip (.gz, level 9) copy next to each text file of a built
// web app, for the static file server to send as they are (@fastify/static's `preCompressed`).
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Kinds of file worth compressing; images such as PNG or WOFF2 fonts are compressed already. */
const textExtensions = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json', '.txt', '.xml', '.webmanifest', '.map', '.ico']);

/** Below this a compressed answer saves less than a packet and costs a file lookup. */
export const minBytes = 1024;

async function filesUnder(dir) {
  const out = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(p)));
    else if (entry.isFile()) out.push(p);
  }
  return out;
}

/**
 * Compresses every text file of at least `minBytes` under `dir`, keeping a copy only when it is
 * smaller than the original. The zlib calls run on libuv's thread pool, so the files are done in
 * parallel. Returns one line per file: its path relative to `dir`, and each copy's size (null when skipped).
 */
export async function precompress(dir) {
  const files = (await filesUnder(dir)).filter((f) => textExtensions.has(path.extname(f).toLowerCase()));
  return Promise.all(
    files.map(async (file) => {
      const data = await fs.readFile(file);
      const result = { file: path.relative(dir, file), bytes: data.length, br: null, gz: null };
      // Copies from an earlier build must not outlive a file that is now too small to compress.
      await Promise.all([fs.rm(`${file}.br`, { force: true }), fs.rm(`${file}.gz`, { force: true })]);
      if (data.length < minBytes) return result;
      const [br, gz] = await Promise.all([
        brotli(data, {
          params: {
            [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
            [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
            [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
          },
        }),
        gzip(data, { level: zlib.constants.Z_BEST_COMPRESSION }),
      ]);
      if (br.length < data.length) {
        await fs.writeFile(`${file}.br`, br);
        result.br = br.length;
      }
      if (gz.length < data.length) {
        await fs.writeFile(`${file}.gz`, gz);
        result.gz = gz.length;
      }
      return result;
    }),
  );
}
