import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import type { Db } from '../../db/database.js';
import { DomainError } from '../errors.js';

/** Where file bytes live. Local disk by default; an object store can implement the same three calls. */
export type BlobStore = {
  put: (key: string, bytes: Buffer) => Promise<void>;
  get: (key: string) => Promise<Buffer | null>;
  has: (key: string) => Promise<boolean>;
  /** Deletes the bytes (erasure and retention); a missing key is not an error. */
  remove: (key: string) => Promise<void>;
};

/** Blobs under `root`, fanned out by the first hex pairs of the key; written atomically. */
export function diskBlobStore(root: string): BlobStore {
  const locate = (key: string) => {
    if (!/^[a-f0-9]{64}$/.test(key)) throw new Error('blob keys are sha256 hex');
    return path.join(root, key.slice(0, 2), key.slice(2, 4), key);
  };
  return {
    async put(key, bytes) {
      const file = locate(key);
      await fs.mkdir(path.dirname(file), { recursive: true });
      // A random suffix: two uploads of the same bytes in the same millisecond must not share a
      // temporary file (with pid and time alone the second write failed with EEXIST).
      const tmp = `${file}.${process.pid}.${randomBytes(8).toString('hex')}.tmp`;
      try {
        await fs.writeFile(tmp, bytes, { flag: 'wx' });
        await fs.rename(tmp, file);
      } catch (err) {
        await fs.rm(tmp, { force: true });
        throw err;
      }
    },
    async get(key) {
      try {
        return await fs.readFile(locate(key));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw e;
      }
    },
    async has(key) {
      try {
        await fs.access(locate(key));
        return true;
      } catch {
        return false;
      }
    },
    async remove(key) {
      await fs.rm(locate(key), { force: true });
    },
  };
}

export type StoredFile = { sha256: string; mediaType: string; size: number };

export type FileStore = {
  /** Stores bytes after sniffing their type from content; the same bytes twice are stored once. */
  put: (bytes: Buffer, opts: { allowed: readonly string[]; createdBy: string | null; now: Date; maxBytes?: number }) => Promise<StoredFile>;
  get: (sha256: string) => Promise<(StoredFile & { bytes: Buffer }) | null>;
  /** Forgets a file: its row and its bytes. The caller makes sure nothing refers to it any more. */
  remove: (sha256: string) => Promise<void>;
};

/** Content-addressed file storage with size limits and type sniffing (the name is never trusted). */
export function createFileStore(deps: { db: Db; blobs: BlobStore; maxBytes: number }): FileStore {
  return {
    async put(bytes, opts) {
      const limit = Math.min(opts.maxBytes ?? deps.maxBytes, deps.maxBytes);
      if (bytes.length === 0) throw new DomainError('VALIDATION_FAILED', 'The file is empty.', { field: 'file' });
      if (bytes.length > limit) {
        throw new DomainError('PAYLOAD_TOO_LARGE', `The file is ${formatBytes(bytes.length)}; the limit is ${formatBytes(limit)}.`, { limit, size: bytes.length });
      }
      const sniffed = await fileTypeFromBuffer(bytes);
      if (!sniffed || !opts.allowed.includes(sniffed.mime)) {
        throw new DomainError(
          'UNSUPPORTED_FILE_TYPE',
          `This file's content is ${sniffed ? sniffed.mime : 'not a recognised type'}; upload ${opts.allowed.join(', ')}.`,
          { detected: sniffed?.mime ?? null, allowed: opts.allowed },
        );
      }
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      if (!(await deps.blobs.has(sha256))) await deps.blobs.put(sha256, bytes);
      await deps.db
        .insertInto('files')
        .values({ sha256, media_type: sniffed.mime, size: bytes.length, created_by: opts.createdBy, created_at: opts.now.toISOString() })
        .onConflict((oc) => oc.column('sha256').doNothing())
        .execute();
      return { sha256, mediaType: sniffed.mime, size: bytes.length };
    },
    async get(sha256) {
      if (!/^[a-f0-9]{64}$/.test(sha256)) return null;
      const row = await deps.db.selectFrom('files').selectAll().where('sha256', '=', sha256).executeTakeFirst();
      if (!row) return null;
      const bytes = await deps.blobs.get(sha256);
      return bytes ? { sha256, mediaType: row.media_type, size: row.size, bytes } : null;
    },
    async remove(sha256) {
      if (!/^[a-f0-9]{64}$/.test(sha256)) return;
      await deps.db.deleteFrom('files').where('sha256', '=', sha256).execute();
      await deps.blobs.remove(sha256);
    },
  };
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1_048_576) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1_048_576).toFixed(1)} MiB`;
}
