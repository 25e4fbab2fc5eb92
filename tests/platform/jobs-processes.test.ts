import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { DbHandle } from '../../server/db/database.js';
import { enqueue } from '../../server/platform/jobs/queue.js';
import { freshDatabase, testDialect } from '../support/app.js';
import { waitFor } from './helpers.js';

// "Several app processes may run at once": three real processes drain one queue together.

let database: DbHandle;
let dataDir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ database, dataDir, cleanup } = await freshDatabase());
});
afterEach(() => cleanup());

it('three worker processes drain 200 jobs together, each job run exactly once', async () => {
  await sql`CREATE TABLE test_runs (job_id text NOT NULL, worker text NOT NULL)`.execute(database.db);
  const now = new Date();
  await database.db.transaction().execute(async (tx) => {
    for (let i = 0; i < 200; i++) await enqueue(tx, 'count', { i }, now);
  });
  const args =
    testDialect === 'postgres'
      ? ['postgres', process.env.GUILDHALL_TEST_DATABASE_URL as string, (await sql<{ s: string }>`SELECT current_schema() AS s`.execute(database.db)).rows[0]?.s as string]
      : ['sqlite', path.join(dataDir, 'test.sqlite'), '-'];
  const fixture = path.join(import.meta.dirname, 'fixtures', 'drain-worker.ts');
  const children: Array<{ p: ChildProcess; out: string; exit: Promise<number | null> }> = ['a', 'b', 'c'].map((name) => {
    const p = spawn(process.execPath, ['--import', 'tsx', fixture, ...args, name], { stdio: ['pipe', 'pipe', 'inherit'] });
    const c = { p, out: '', exit: new Promise<number | null>((r) => p.once('exit', (code) => r(code))) };
    p.stdout?.on('data', (d) => {
      c.out += d.toString('utf8');
    });
    return c;
  });
  await waitFor(() => children.every((c) => c.out.includes('ready')), 30_000, 'the workers to start');
  for (const c of children) c.p.stdin?.end('go\n');
  expect(await Promise.all(children.map((c) => c.exit))).toEqual([0, 0, 0]);

  const ran = children.map((c) => Number(/ran (\d+)/.exec(c.out)?.[1]));
  expect(ran.reduce((a, b) => a + b, 0)).toBe(200);
  const runs = await sql<{ job_id: string; worker: string }>`SELECT job_id, worker FROM test_runs`.execute(database.db);
  expect(runs.rows).toHaveLength(200);
  expect(new Set(runs.rows.map((r) => r.job_id)).size).toBe(200);
  expect(new Set(runs.rows.map((r) => r.worker)).size).toBeGreaterThan(1);
  const jobs = await database.db.selectFrom('jobs').select(['status', 'attempts']).execute();
  expect(jobs.filter((j) => j.status === 'done' && j.attempts === 1)).toHaveLength(200);
}, 60_000);
