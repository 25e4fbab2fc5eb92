import net from 'node:net';
import path from 'node:path';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import { type DbHandle, openDatabase } from '../../server/db/database.js';
import { testDialect } from '../support/app.js';

/** A logger that drops everything (worker and sender take one). */
export const silentLogger: FastifyBaseLogger = Fastify({ logger: false }).log;

/**
 * Another, independent connection to the same test database: a second connection to the same
 * SQLite file, or a separate pool on the same PostgreSQL schema. Concurrency tests use these as
 * stand-ins for separate app processes.
 */
export async function secondConnection(first: DbHandle, dataDir: string): Promise<DbHandle> {
  if (testDialect === 'postgres') {
    const { rows } = await sql<{ s: string }>`SELECT current_schema() AS s`.execute(first.db);
    const url = process.env.GUILDHALL_TEST_DATABASE_URL as string;
    return openDatabase({ kind: 'postgres', url }, { schema: (rows[0] as { s: string }).s });
  }
  return openDatabase({ kind: 'sqlite', file: path.join(dataDir, 'test.sqlite') });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls until `check` is true or `ms` pass. */
export async function waitFor(check: () => boolean | Promise<boolean>, ms = 5000, what = 'condition'): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** A loopback port free at the time of asking (nobody listens on it afterwards). */
export async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
