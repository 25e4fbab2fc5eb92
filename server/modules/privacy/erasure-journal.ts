import fs from 'node:fs';
import path from 'node:path';
import type { ErasureRecord } from './erasure.js';

/*
 * Erasures recorded apart from the database: one JSON line per erasure in ERASURE_JOURNAL (by default beside
 * the scheduled backups), written after the erasure commits. A backup holds the erasures made before it, so a
 * restore from it would bring back anyone erased since; `guildhall restore` reads this file and applies those
 * again (reapplyErasures). A line holds ids, the pseudonym, the time and the reason: no personal data.
 */

/** Appends one erasure and flushes it to disk before answering. */
export function appendErasure(file: string, r: ErasureRecord): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, 'a', 0o600);
  try {
    fs.writeSync(fd, `${JSON.stringify({ id: r.id, user_id: r.user_id, pseudonym: r.pseudonym, at: r.at, by: r.by, reason: r.reason })}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

const text = (v: unknown) => typeof v === 'string' && v.length > 0 && v.length <= 2000;

/** Every erasure in the journal (none when the file does not exist); a line that is not one names its number. */
export function readErasureJournal(file: string): ErasureRecord[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line, i) => {
      if (!line.trim()) return [];
      let v: Record<string, unknown>;
      try {
        v = JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`${file}, line ${i + 1}: not a JSON erasure record; mend or remove that line and run the restore again`);
      }
      if (!text(v.id) || !text(v.user_id) || !text(v.pseudonym) || !text(v.at) || !text(v.reason) || !(v.by === null || text(v.by)))
        throw new Error(`${file}, line ${i + 1}: an erasure record needs id, user_id, pseudonym, at, by and reason`);
      return [{ id: v.id, user_id: v.user_id, pseudonym: v.pseudonym, at: v.at, by: v.by, reason: v.reason } as ErasureRecord];
    });
}
