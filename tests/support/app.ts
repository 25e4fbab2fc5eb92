import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { buildApp, type Guildhall } from '../../server/app.js';
import { type Config, loadConfig } from '../../server/config.js';
import { type DbHandle, migrateToLatest, openDatabase } from '../../server/db/database.js';
import { manualClock } from '../../server/platform/clock.js';
import type { MailTransport } from '../../server/platform/mail/sender.js';

/**
 * Which database the suite runs on: SQLite by default; PostgreSQL when GUILDHALL_TEST_DB=postgres
 * and GUILDHALL_TEST_DATABASE_URL is set. Each call gets a fresh, migrated database (a temporary
 * file, or a new schema on PostgreSQL) so test files never see each other's rows.
 */
export const testDialect: 'sqlite' | 'postgres' = process.env.GUILDHALL_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';

export async function freshDatabase(): Promise<{ database: DbHandle; dataDir: string; cleanup: () => Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'guildhall-test-'));
  if (testDialect === 'postgres') {
    const url = process.env.GUILDHALL_TEST_DATABASE_URL;
    if (!url) throw new Error('GUILDHALL_TEST_DB=postgres needs GUILDHALL_TEST_DATABASE_URL');
    const schema = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.end();
    const database = openDatabase({ kind: 'postgres', url }, { schema });
    await migrateToLatest(database.db);
    return {
      database,
      dataDir,
      cleanup: async () => {
        await database.close();
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`DROP SCHEMA ${schema} CASCADE`);
        await c.end();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const database = openDatabase({ kind: 'sqlite', file: path.join(dataDir, 'test.sqlite') });
  await migrateToLatest(database.db);
  return {
    database,
    dataDir,
    cleanup: async () => {
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type TestApp = Guildhall & { config: Config; clock: ReturnType<typeof manualClock>; close: () => Promise<void> };

/**
 * A complete app on a fresh database with a hand-moved clock. Mail stays in the outbox
 * (development mailbox) unless a transport is given.
 */
export async function testApp(opts: { env?: Record<string, string>; mailTransport?: MailTransport | null; now?: string } = {}): Promise<TestApp> {
  const { database, dataDir, cleanup } = await freshDatabase();
  const config = loadConfig({ LOG_LEVEL: 'silent', GUILDHALL_DATA_DIR: dataDir, RATE_LIMIT_PER_MINUTE: '100000', ...opts.env });
  const clock = manualClock(opts.now ?? '2026-11-25T10:00:00.000Z');
  const g = await buildApp({ config: { ...config, database: { kind: 'sqlite', file: ':unused:' } }, database, clock, mailTransport: opts.mailTransport ?? null });
  await g.app.ready();
  return {
    ...g,
    config,
    clock,
    close: async () => {
      await g.app.close();
      await cleanup();
    },
  };
}
