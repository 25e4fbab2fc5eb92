import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb } from '../../scripts/build-web.mjs';
import { minBytes, precompress } from '../../scripts/precompress.mjs';
import { negotiateEncoding, sendHtml } from '../../server/platform/http/compress.js';
import { clientErrorHandler, frameworkErrors, registerErrorHandling } from '../../server/platform/http/error-handler.js';
import { registerWeb } from '../../server/platform/http/web.js';
import { award, holder, issuingApp, PUBLIC_URL } from '../credentials/support.js';

/*
 * The web app's files go out compressed: the build writes Brotli and gzip copies beside each text file,
 * the static server sends the one the client accepts, and pages made on the server are compressed as
 * they are sent. The real app is built once into a temporary folder (about two seconds).
 */
let dist: string;
let web: FastifyInstance;

const walk = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));

beforeAll(async () => {
  dist = fs.mkdtempSync(path.join(os.tmpdir(), 'guildhall-dist-'));
  expect(await buildWeb({ outDir: dist })).toBe(true);
  web = Fastify({ frameworkErrors, clientErrorHandler });
  registerErrorHandling(web);
  await registerWeb(web, dist);
}, 60_000);
afterAll(async () => {
  await web?.close();
  if (dist) fs.rmSync(dist, { recursive: true, force: true });
});

/** The biggest script of the build: the entry, which every page loads. */
function mainScript(): string {
  const scripts = walk(path.join(dist, 'assets')).filter((f) => f.endsWith('.js'));
  return scripts.sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0]!;
}

describe('the build', () => {
  it('writes .br and .gz copies of each text file of 1 KB or more, which decompress to the file', () => {
    const files = walk(dist);
    const originals = files.filter((f) => !/\.(br|gz)$/.test(f));
    const big = originals.filter((f) => /\.(js|css|html|svg)$/.test(f) && fs.statSync(f).size >= minBytes);
    expect(big.filter((f) => f.endsWith('.js')).length).toBeGreaterThan(0);
    expect(big.filter((f) => f.endsWith('.css')).length).toBeGreaterThan(0);
    for (const file of big) {
      const original = fs.readFileSync(file);
      const br = fs.readFileSync(`${file}.br`);
      const gz = fs.readFileSync(`${file}.gz`);
      expect(zlib.brotliDecompressSync(br).equals(original), file).toBe(true);
      expect(zlib.gunzipSync(gz).equals(original), file).toBe(true);
      expect(br.length, file).toBeLessThan(original.length);
      expect(gz.length, file).toBeLessThan(original.length);
    }
    // Small files get no copies, and no copy is left without its file.
    for (const file of originals.filter((f) => fs.statSync(f).size < minBytes)) {
      expect(fs.existsSync(`${file}.br`) || fs.existsSync(`${file}.gz`), file).toBe(false);
    }
    for (const copy of files.filter((f) => /\.(br|gz)$/.test(f))) expect(fs.existsSync(copy.replace(/\.(br|gz)$/, ''))).toBe(true);
    // Brotli at its best quality beats gzip on the main script.
    const main = mainScript();
    expect(fs.statSync(`${main}.br`).size).toBeLessThan(fs.statSync(`${main}.gz`).size);
  });

  it('keeps no copy that is not smaller, and drops copies of a file that became too small', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guildhall-precompress-'));
    try {
      fs.writeFileSync(path.join(dir, 'noise.svg'), crypto.randomBytes(4096)); // random bytes do not shrink
      fs.writeFileSync(path.join(dir, 'small.js'), 'x'.repeat(minBytes - 1));
      fs.writeFileSync(path.join(dir, 'small.js.br'), 'stale');
      fs.writeFileSync(path.join(dir, 'photo.png'), 'p'.repeat(5000)); // not a text file
      const results = await precompress(dir);
      expect(results.find((r) => r.file === 'noise.svg')).toMatchObject({ br: null, gz: null });
      expect(fs.readdirSync(dir).sort()).toEqual(['noise.svg', 'photo.png', 'small.js']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('serving the built files', () => {
  const get = (url: string, headers: Record<string, string> = {}) => web.inject({ method: 'GET', url, headers });

  it('sends a hashed asset as Brotli, as gzip or as it is, by Accept-Encoding, cached for good', async () => {
    const main = mainScript();
    const url = `/assets/${path.basename(main)}`;
    const original = fs.readFileSync(main);

    const br = await get(url, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.rawPayload.equals(fs.readFileSync(`${main}.br`))).toBe(true);
    expect(zlib.brotliDecompressSync(br.rawPayload).equals(original)).toBe(true);
    expect(br.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    const gz = await get(url, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.rawPayload.equals(fs.readFileSync(`${main}.gz`))).toBe(true);
    expect(gz.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(gz.headers.vary).toMatch(/accept-encoding/i);

    for (const headers of [{}, { 'accept-encoding': 'identity' }, { 'accept-encoding': 'br;q=0, gzip;q=0' }] as Record<string, string>[]) {
      const plain = await get(url, headers);
      expect(plain.headers['content-encoding'], JSON.stringify(headers)).toBeUndefined();
      expect(plain.rawPayload.equals(original), JSON.stringify(headers)).toBe(true);
      expect(plain.headers.vary).toMatch(/accept-encoding/i);
      expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }

    const css = walk(path.join(dist, 'assets')).find((f) => f.endsWith('.css') && fs.existsSync(`${f}.br`))!;
    const style = await get(`/assets/${path.basename(css)}`, { 'accept-encoding': 'br' });
    expect(style.headers['content-encoding']).toBe('br');
    expect(style.headers['content-type']).toMatch(/^text\/css/);
  });

  it('sends index.html, at / and as the fallback for client-side routes, compressed when it can and never cached', async () => {
    // The built index.html may be too small for copies; a larger one (as with inlined head tags) has them.
    const index = path.join(dist, 'index.html');
    const html = fs.readFileSync(index, 'utf8').replace('</head>', `<!-- ${'padding '.repeat(200)}-->\n</head>`);
    fs.writeFileSync(index, html);
    await precompress(dist);
    for (const url of ['/', '/cpd', '/register?q=smith']) {
      const res = await get(url, { accept: 'text/html', 'accept-encoding': 'br, gzip' });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-encoding'], url).toBe('br');
      expect(zlib.brotliDecompressSync(res.rawPayload).toString(), url).toBe(html);
      expect(res.headers['content-type'], url).toMatch(/^text\/html/);
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(res.headers.vary, url).toMatch(/accept-encoding/i);
      const gz = await get(url, { accept: 'text/html', 'accept-encoding': 'gzip' });
      expect(zlib.gunzipSync(gz.rawPayload).toString(), url).toBe(html);
      const plain = await get(url, { accept: 'text/html' });
      expect(plain.headers['content-encoding'], url).toBeUndefined();
      expect(plain.body, url).toBe(html);
    }
  });
});

describe('negotiateEncoding', () => {
  it.each([
    [undefined, 'identity'],
    ['', 'identity'],
    ['identity', 'identity'],
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip', 'gzip'],
    ['x-gzip', 'gzip'],
    ['BR', 'br'],
    ['deflate', 'identity'],
    ['br;q=0, gzip', 'gzip'],
    ['br; q=0 , gzip;q=0.5', 'gzip'],
    ['gzip;q=1, br;q=0.5', 'gzip'],
    ['gzip;q=0.5, br;q=0.5', 'br'],
    ['br;q=0, gzip;q=0', 'identity'],
    ['*', 'br'],
    ['*;q=0', 'identity'],
    ['br;q=0, *', 'gzip'],
    ['gzip;q=0, *;q=0.1', 'br'],
    [['gzip', 'br;q=0'], 'gzip'],
  ] as const)('%j gives %s', (header, expected) => {
    expect(negotiateEncoding(header as string | string[] | undefined)).toBe(expected);
  });
});

describe('sendHtml', () => {
  let app: FastifyInstance;
  const page = `<!doctype html><html lang="en-GB"><head><title>Register</title></head><body><ul>${Array.from(
    { length: 200 },
    (_, i) => `<li><a href="/credentials/c${i}">Member ${i}</a> Chartered, active</li>`,
  ).join('')}</ul></body></html>`;

  beforeAll(async () => {
    app = Fastify();
    app.get('/page', (request, reply) => sendHtml(request, reply.header('vary', 'cookie'), page));
    app.get('/missing', (request, reply) => sendHtml(request, reply, page, 404));
    app.get('/small', (request, reply) => sendHtml(request, reply, '<!doctype html><title>x</title>'));
  });
  afterAll(() => app?.close());

  it('compresses as the client accepts, keeping the status, type and Vary', async () => {
    const br = await app.inject({ url: '/page', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(br.headers.vary).toBe('cookie, accept-encoding');
    expect(zlib.brotliDecompressSync(br.rawPayload).toString()).toBe(page);
    expect(br.rawPayload.length).toBeLessThan(page.length / 4);

    const gz = await app.inject({ url: '/missing', headers: { 'accept-encoding': 'br;q=0, gzip' } });
    expect(gz.statusCode).toBe(404);
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.rawPayload).toString()).toBe(page);
    expect(gz.headers.vary).toBe('accept-encoding');

    for (const headers of [{}, { 'accept-encoding': 'identity' }, { 'accept-encoding': '*;q=0' }]) {
      const plain = await app.inject({ url: '/page', headers });
      expect(plain.headers['content-encoding'], JSON.stringify(headers)).toBeUndefined();
      expect(plain.body).toBe(page);
      expect(plain.headers.vary).toBe('cookie, accept-encoding');
    }
  });

  it('sends a page under 1 KB as it is', async () => {
    const res = await app.inject({ url: '/small', headers: { 'accept-encoding': 'br' } });
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body).toBe('<!doctype html><title>x</title>');
    expect(res.headers.vary).toBe('accept-encoding');
  });
});

describe("a credential's public page", () => {
  it('goes out compressed, its Open Graph tags inside', async () => {
    const app = await issuingApp();
    try {
      const id = await award(app, await holder(app, 'og-compressed@example.org'));
      const res = await app.app.inject({ method: 'GET', url: `/credentials/${id}`, headers: { accept: 'text/html', 'accept-encoding': 'gzip, deflate, br' } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-encoding']).toBe('br');
      expect(res.headers.vary).toMatch(/accept-encoding/i);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(zlib.brotliDecompressSync(res.rawPayload).toString()).toContain(`<meta property="og:url" content="${PUBLIC_URL}/credentials/${id}" />`);
      const missing = await app.app.inject({ method: 'GET', url: '/credentials/0190a5b2-7c1e-7abc-8def-0123456789ab', headers: { accept: 'text/html', 'accept-encoding': 'gzip' } });
      expect(missing.statusCode).toBe(404);
      expect(missing.headers['content-encoding']).toBe('gzip');
      expect(zlib.gunzipSync(missing.rawPayload).toString()).toContain('<meta property="og:url"');
    } finally {
      await app.close();
    }
  });
});
