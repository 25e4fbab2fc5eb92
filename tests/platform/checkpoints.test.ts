import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKSTOP_PAGES, checkpointInBackground } from '../../server/db/checkpoints.js';

// Background checkpoints on a real database file: the log is copied into the database by the thread, not
// by the writer's commits; the writer keeps a backstop, and takes the checkpoints back if the thread stops.
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function database() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guildhall-checkpoints-'));
  dirs.push(dir);
  const file = path.join(dir, 'db.sqlite');
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
  return { file, sqlite };
}

const warnings = () => {
  const seen: string[] = [];
  return { seen, log: { warn: (obj: object, msg: string) => seen.push(`${msg} ${JSON.stringify(obj)}`) } };
};
const autocheckpoint = (sqlite: SQLite.Database) => sqlite.pragma('wal_autocheckpoint', { simple: true });

async function until(check: () => boolean, what: string) {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`waited 10 s for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('background checkpoints', () => {
  it('copy the log into the database while the writer only appends, and hand back on stop', async () => {
    const { file, sqlite } = database();
    const { seen, log } = warnings();
    const checkpoints = checkpointInBackground(sqlite, file, log, 50);
    expect(autocheckpoint(sqlite)).toBe(BACKSTOP_PAGES);
    const before = fs.statSync(file).size;
    // About 1,500 pages of rows, under the backstop: the writer's commits copy nothing themselves.
    const insert = sqlite.prepare('INSERT INTO t (v) VALUES (?)');
    const batch = sqlite.transaction(() => {
      for (let i = 0; i < 50; i++) insert.run('x'.repeat(2000));
    });
    for (let i = 0; i < 60; i++) batch();
    await until(() => fs.statSync(file).size > before + 4 * 1024 * 1024, 'the database file to take the copied pages');
    await checkpoints.stop();
    expect(autocheckpoint(sqlite)).toBe(1000);
    expect(seen).toEqual([]);
    expect(sqlite.prepare('SELECT count(*) FROM t').pluck().get()).toBe(3000);
    sqlite.close();
  });

  it('without the thread the same writes stay in the log (what the test above tells apart)', async () => {
    const { file, sqlite } = database();
    sqlite.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
    const before = fs.statSync(file).size;
    const insert = sqlite.prepare('INSERT INTO t (v) VALUES (?)');
    const batch = sqlite.transaction(() => {
      for (let i = 0; i < 50; i++) insert.run('x'.repeat(2000));
    });
    for (let i = 0; i < 60; i++) batch();
    await new Promise((r) => setTimeout(r, 300));
    expect(fs.statSync(file).size).toBeLessThan(before + 1024 * 1024);
    sqlite.close();
  });

  it('gives the checkpoints back to the writer when the thread cannot work, and says so', async () => {
    const { sqlite } = database();
    const { seen, log } = warnings();
    const checkpoints = checkpointInBackground(sqlite, path.join(os.tmpdir(), 'no-such-folder-guildhall', 'db.sqlite'), log, 50);
    await until(() => seen.length > 0, 'the warning');
    expect(seen[0]).toMatch(/background checkpoints stopped/);
    expect(autocheckpoint(sqlite)).toBe(1000);
    await checkpoints.stop();
    sqlite.close();
  });
});
