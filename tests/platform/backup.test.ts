import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { Config } from '../../server/config.js';
import type { DbHandle } from '../../server/db/database.js';
import { openDatabase } from '../../server/db/database.js';
import { backupTo } from '../../server/platform/backup/backup.js';
import { restoreFrom } from '../../server/platform/backup/restore.js';
import { runScheduledBackup } from '../../server/platform/backup/schedule.js';
import { verifyAuditChain } from '../../server/modules/auditlog/verify.js';
import { makeUser } from '../support/accounts.js';
import { type TestApp, testApp, testDialect } from '../support/app.js';

const dirs: string[] = [];
const apps: TestApp[] = [];
afterAll(async () => {
  for (const a of apps) await a.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'guildhall-backup-test-'));
  dirs.push(d);
  return d;
};

/** A site with users, audit entries and stored files (random bytes from a fixed seed). */
async function siteWithData(): Promise<TestApp> {
  const app = await testApp();
  apps.push(app);
  for (let i = 0; i < 5; i++) await makeUser(app, { email: `holder${i}@example.org`, name: `Holder ${i}` });
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  for (let i = 0; i < 4; i++) {
    const bytes = Buffer.from(`%PDF-1.4\n${Array.from({ length: 200 + (next() % 500) }, () => String.fromCharCode(32 + (next() % 90))).join('')}\n%%EOF\n`);
    await app.platform.files.put(bytes, { allowed: ['application/pdf'], createdBy: null, now: app.clock.now() });
  }
  return app;
}

/** The real database file of a test app (its config names a default one it does not use). */
const configOf = (app: TestApp, dataDir = app.config.dataDir): Config => ({
  ...app.config,
  dataDir,
  database: testDialect === 'sqlite' ? { kind: 'sqlite', file: path.join(dataDir, 'test.sqlite') } : { kind: 'postgres', url: process.env.GUILDHALL_TEST_DATABASE_URL as string },
});

/** Every row of every table, as sorted JSON lines per table. */
async function contents(h: DbHandle, schema?: string): Promise<Record<string, string[]>> {
  const tables =
    h.dialect === 'sqlite'
      ? (await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`.execute(h.db)).rows.map((r) => r.name)
      : (await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ${schema}`.execute(h.db)).rows.map((r) => r.name);
  const out: Record<string, string[]> = {};
  for (const t of tables.sort()) {
    const ref = schema ? sql.raw(`"${schema}"."${t}"`) : sql.table(t);
    out[t] = (await sql<Record<string, unknown>>`SELECT * FROM ${ref}`.execute(h.db)).rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

function filesOf(dir: string, skip: (rel: string) => boolean): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      const rel = path.relative(dir, full);
      if (skip(rel)) continue;
      if (e.isDirectory()) walk(full);
      else out[rel] = createHash('sha256').update(fs.readFileSync(full)).digest('hex');
    }
  };
  walk(dir);
  return out;
}
const notDatabase = (rel: string) => rel.startsWith('test.sqlite');

describe.skipIf(testDialect !== 'sqlite')('backup and restore on SQLite', { timeout: 120_000 }, () => {
  it('restores every table and every stored file identically into an empty data directory', async () => {
    const app = await siteWithData();
    const archive = path.join(tempDir(), 'site.tar');
    const r = await backupTo(configOf(app), app.platform.database, archive);
    expect(r.manifest).toMatchObject({ dialect: 'sqlite', database: 'database.sqlite' });
    expect(r.manifest.files).toBeGreaterThanOrEqual(4);
    expect(execFileSync('tar', ['-tf', archive], { encoding: 'utf8' })).toContain('guildhall-backup.json');

    const target = path.join(tempDir(), 'restored');
    const restored = await restoreFrom(configOf(app, target), archive);
    expect(restored.files).toBe(r.manifest.files);
    expect(restored.erasures).toMatch(/erasures/i);
    expect(filesOf(target, notDatabase)).toEqual(filesOf(app.config.dataDir, notDatabase));
    const copy = openDatabase({ kind: 'sqlite', file: path.join(target, 'test.sqlite') });
    try {
      expect(await contents(copy)).toEqual(await contents(app.platform.database));
      expect(await verifyAuditChain(copy.db)).toMatchObject({ ok: true });
    } finally {
      await copy.close();
    }
  });

  it('refuses a data directory that is not empty and an archive that exists already, writing nothing', async () => {
    const app = await siteWithData();
    const archive = path.join(tempDir(), 'site.tar');
    await backupTo(configOf(app), app.platform.database, archive);
    await expect(backupTo(configOf(app), app.platform.database, archive)).rejects.toThrow(/exists already; a backup never overwrites/);
    const target = tempDir();
    fs.writeFileSync(path.join(target, 'keep.txt'), 'mine');
    await expect(restoreFrom(configOf(app, target), archive)).rejects.toThrow(/is not empty \(it holds keep.txt\); restore only into an empty one/);
    expect(fs.readdirSync(target)).toEqual(['keep.txt']);
  });

  it('a scheduled backup keeps the newest N archives of its own and leaves other files alone', async () => {
    const app = await siteWithData();
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a backup');
    const config = { ...configOf(app), backup: { dir, keep: 2, everyHours: 24 } };
    const times = ['2026-12-01T02:00:00.000Z', '2026-12-02T02:00:00.000Z', '2026-12-03T02:00:00.000Z', '2026-12-04T02:00:00.000Z'];
    const removed: string[] = [];
    for (const t of times) removed.push(...(await runScheduledBackup(config, app.platform.database, new Date(t))).removed);
    expect(fs.readdirSync(dir).sort()).toEqual(['guildhall-20261203T020000Z.tar', 'guildhall-20261204T020000Z.tar', 'notes.txt']);
    expect(removed).toEqual(['guildhall-20261201T020000Z.tar', 'guildhall-20261202T020000Z.tar']);
  });
});

const hasPgTools = (() => {
  try {
    execFileSync('pg_dump', ['--version']);
    execFileSync('psql', ['--version']);
    return true;
  } catch {
    return false;
  }
})();

// Skipped without the PostgreSQL client programs: a backup on PostgreSQL runs pg_dump, a restore psql.
describe.skipIf(testDialect !== 'postgres' || !hasPgTools)('backup and restore on PostgreSQL (pg_dump and psql)', { timeout: 180_000 }, () => {
  it('restores every table and file identically into an empty schema', async () => {
    const app = await siteWithData();
    const url = process.env.GUILDHALL_TEST_DATABASE_URL as string;
    const schema = (await sql<{ s: string }>`SELECT current_schema() AS s`.execute(app.platform.database.db)).rows[0]?.s as string;
    const archive = path.join(tempDir(), 'site.tar');
    const r = await backupTo(configOf(app), app.platform.database, archive, { postgresSchema: schema });
    expect(r.notes.join(' ')).toMatch(/pg_dump/);
    const before = await contents(app.platform.database, schema);
    // The original moves aside, so the dump restores into a schema of the same name that is empty.
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`ALTER SCHEMA ${schema} RENAME TO ${schema}_old`);
    await c.end();
    const target = path.join(tempDir(), 'restored');
    await restoreFrom(configOf(app, target), archive, { postgresSchema: schema });
    const copy = openDatabase({ kind: 'postgres', url }, { schema });
    try {
      expect(await contents(copy, schema)).toEqual(before);
      expect(await verifyAuditChain(copy.db)).toMatchObject({ ok: true });
    } finally {
      await copy.close();
      const d = new pg.Client({ connectionString: url });
      await d.connect();
      await d.query(`DROP SCHEMA ${schema} CASCADE`);
      await d.query(`ALTER SCHEMA ${schema}_old RENAME TO ${schema}`);
      await d.end();
    }
    expect(filesOf(target, () => false)).toEqual(filesOf(app.config.dataDir, () => false));
  });
});
