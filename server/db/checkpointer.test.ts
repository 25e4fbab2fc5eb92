import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { checkpointInBackground } from './checkpointer.js';
import { openDatabase } from './database.js';

const dirs: string[] = [];
const tempFile = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guildhall-checkpoint-'));
  dirs.push(dir);
  return path.join(dir, 'db.sqlite');
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function until(what: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('gave up waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the background checkpointer', () => {
  it('takes checkpoints out of commits and copies the log back on its own thread, losing nothing', async () => {
    const file = tempFile();
    const h = openDatabase({ kind: 'sqlite', file }, { checkpointInBackground: true });
    const raw = h.sqlite!;
    expect(raw.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    await sql`CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)`.execute(h.db);
    // Far past the 1,000 pages a commit would have checkpointed at.
    const insert = raw.prepare('INSERT INTO t (v) VALUES (?)');
    for (let i = 0; i < 3000; i++) insert.run('x'.repeat(2000));
    const walPages = () => fs.statSync(`${file}-wal`).size / 4096;
    expect(walPages()).toBeGreaterThan(1000); // the commits themselves did not checkpoint
    // The worker copies it back: the database file itself grows to hold the rows (nothing here checkpoints).
    await until(() => fs.statSync(file).size > 3000 * 2000);
    await h.close();
    const again = new SQLite(file, { readonly: true });
    expect((again.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n).toBe(3000);
    again.close();
  });

  it('counts the frames it copied, and a stop asked for is no failure', async () => {
    const file = tempFile();
    const raw = new SQLite(file);
    raw.pragma('journal_mode = WAL');
    raw.exec('CREATE TABLE t (v TEXT)');
    const warnings: string[] = [];
    const c = checkpointInBackground(raw, file, 20, (m) => warnings.push(m));
    for (let i = 0; i < 200; i++) raw.prepare('INSERT INTO t VALUES (?)').run('y'.repeat(1000));
    await until(() => c.framesCopied() > 0);
    expect(c.running()).toBe(true);
    await c.stop();
    expect(c.running()).toBe(false);
    expect(warnings).toEqual([]);
    expect(raw.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    raw.close();
  });

  it('hands checkpointing back to the connection, with a warning, when its thread fails', async () => {
    const file = tempFile();
    const raw = new SQLite(file);
    raw.pragma('journal_mode = WAL');
    const warnings: string[] = [];
    // The worker cannot open a file that is not there: its thread fails at once.
    const c = checkpointInBackground(raw, path.join(path.dirname(file), 'gone', 'db.sqlite'), 20, (m) => warnings.push(m));
    expect(raw.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    await until(() => !c.running());
    expect(raw.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/checkpoints itself again/);
    await c.stop();
    raw.close();
  });
});
