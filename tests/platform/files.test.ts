import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../server/db/database.js';
import { DomainError } from '../../server/platform/errors.js';
import { createFileStore, diskBlobStore, type FileStore } from '../../server/platform/files/storage.js';
import { freshDatabase } from '../support/app.js';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (b: Buffer) => {
  let c = 0xffffffff;
  for (const x of b) c = (crcTable[(c ^ x) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type: string, data: Buffer) => {
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
};

/** A valid 1×1 greyscale PNG, built from bytes (the zlib stream is the stored-block form of one 0 row). */
function tinyPng(shade = 0): Buffer {
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
  const raw = Buffer.from([0, shade]);
  const adler = ((1 + raw[0]! + raw[1]!) % 65521) | ((((1 + raw[0]!) + (1 + raw[0]! + raw[1]!)) % 65521) << 16);
  const idat = Buffer.concat([Buffer.from([0x78, 0x01, 0x01, 0x02, 0x00, 0xfd, 0xff]), raw, Buffer.from([(adler >>> 24) & 255, (adler >>> 16) & 255, (adler >>> 8) & 255, adler & 255])]);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}
/** A minimal JFIF header and end marker. */
const tinyJpeg = () =>
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9]);
const tinyPdf = () =>
  Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n', 'latin1');

const EVIDENCE = ['application/pdf', 'image/png', 'image/jpeg'] as const;
const NOW = new Date('2026-11-25T10:00:00.000Z');

let database: DbHandle;
let dataDir: string;
let cleanup: () => Promise<void>;
let root: string;
let store: FileStore;

beforeEach(async () => {
  ({ database, dataDir, cleanup } = await freshDatabase());
  root = path.join(dataDir, 'files');
  store = createFileStore({ db: database.db, blobs: diskBlobStore(root), maxBytes: 64 * 1024 });
});
afterEach(() => cleanup());

/** Every file under the blob folder, temporary ones included. */
const filesOnDisk = (): string[] => (fs.existsSync(root) ? (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(root, f)).isFile()) : []);
const rows = () => database.db.selectFrom('files').selectAll().execute();

async function refusal(p: Promise<unknown>): Promise<DomainError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(DomainError);
  return err as DomainError;
}

describe('file storage', () => {
  it.each([
    ['PNG', tinyPng(), 'image/png'],
    ['JPEG', tinyJpeg(), 'image/jpeg'],
    ['PDF', tinyPdf(), 'application/pdf'],
  ])('accepts a %s by its content and round-trips it', async (_name, bytes, mime) => {
    const stored = await store.put(bytes, { allowed: EVIDENCE, createdBy: null, now: NOW });
    expect(stored).toMatchObject({ mediaType: mime, size: bytes.length });
    expect(stored.sha256).toMatch(/^[a-f0-9]{64}$/);
    const back = await store.get(stored.sha256);
    expect(back?.mediaType).toBe(mime);
    expect(back?.bytes.equals(bytes)).toBe(true);
    expect(await rows()).toEqual([{ sha256: stored.sha256, media_type: mime, size: bytes.length, created_by: null, created_at: NOW.toISOString() }]);
    expect(filesOnDisk().map((f) => path.basename(f))).toEqual([stored.sha256]);
  });

  it('stores a PNG sent as "evidence.pdf" as a PNG: the type comes from the bytes, not the name', async () => {
    const stored = await store.put(tinyPng(), { allowed: ['application/pdf', 'image/png'], createdBy: null, now: NOW });
    expect(stored.mediaType).toBe('image/png');
  });

  it('refuses a text file dressed as a PDF, and a PNG where only PDFs are allowed, writing nothing', async () => {
    const text = await refusal(store.put(Buffer.from('just some words, not a PDF at all\n'), { allowed: EVIDENCE, createdBy: null, now: NOW }));
    expect(text.code).toBe('UNSUPPORTED_FILE_TYPE');
    expect(text.message).toContain('application/pdf');
    const png = await refusal(store.put(tinyPng(), { allowed: ['application/pdf'], createdBy: null, now: NOW }));
    expect(png.code).toBe('UNSUPPORTED_FILE_TYPE');
    expect(png.details).toMatchObject({ detected: 'image/png' });
    expect(filesOnDisk()).toEqual([]);
    expect(await rows()).toEqual([]);
  });

  it('refuses a file over the limit before writing anything, naming both sizes', async () => {
    const big = Buffer.concat([tinyPdf(), Buffer.alloc(64 * 1024)]);
    const err = await refusal(store.put(big, { allowed: EVIDENCE, createdBy: null, now: NOW }));
    expect(err.code).toBe('PAYLOAD_TOO_LARGE');
    expect(err.details).toEqual({ limit: 64 * 1024, size: big.length });
    expect(err.message).toMatch(/64\.0 KiB/);
    // A per-call limit may only lower the store's limit.
    const lowered = await refusal(store.put(tinyPdf(), { allowed: EVIDENCE, createdBy: null, now: NOW, maxBytes: 10 }));
    expect(lowered.code).toBe('PAYLOAD_TOO_LARGE');
    const raised = await refusal(store.put(big, { allowed: EVIDENCE, createdBy: null, now: NOW, maxBytes: 10 * 1024 * 1024 }));
    expect(raised.code).toBe('PAYLOAD_TOO_LARGE');
    expect(filesOnDisk()).toEqual([]);
    expect(await rows()).toEqual([]);
  });

  it('refuses an empty file', async () => {
    const err = await refusal(store.put(Buffer.alloc(0), { allowed: EVIDENCE, createdBy: null, now: NOW }));
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(filesOnDisk()).toEqual([]);
  });

  it('stores the same bytes once, however often and however concurrently they arrive', async () => {
    const bytes = tinyPng(7);
    const first = await store.put(bytes, { allowed: EVIDENCE, createdBy: null, now: NOW });
    const again = await store.put(Buffer.from(bytes), { allowed: EVIDENCE, createdBy: null, now: new Date(NOW.getTime() + 1000) });
    expect(again).toEqual(first);
    const other = tinyPng(200);
    const together = await Promise.all([1, 2, 3, 4].map(() => store.put(Buffer.from(other), { allowed: EVIDENCE, createdBy: null, now: NOW })));
    expect(new Set(together.map((t) => t.sha256)).size).toBe(1);
    expect(await rows()).toHaveLength(2);
    expect(filesOnDisk().map((f) => path.basename(f)).sort()).toEqual([first.sha256, (together[0] as { sha256: string }).sha256].sort());
    expect((await rows()).find((r) => r.sha256 === first.sha256)?.created_at).toBe(NOW.toISOString());
  });

  it('get() answers null for a malformed key, an unknown key, and a row whose blob is missing', async () => {
    expect(await store.get('../../etc/passwd')).toBeNull();
    expect(await store.get('ABC')).toBeNull();
    expect(await store.get('0'.repeat(64))).toBeNull();
    const stored = await store.put(tinyJpeg(), { allowed: EVIDENCE, createdBy: null, now: NOW });
    fs.rmSync(path.join(root, stored.sha256.slice(0, 2), stored.sha256.slice(2, 4), stored.sha256));
    expect(await store.get(stored.sha256)).toBeNull();
  });

  it('the blob store refuses keys that are not sha256 hex, so no path can escape its folder', async () => {
    const blobs = diskBlobStore(root);
    await expect(blobs.put('../escape', Buffer.from('x'))).rejects.toThrow(/sha256/);
    expect(fs.existsSync(path.join(dataDir, 'escape'))).toBe(false);
  });
});
