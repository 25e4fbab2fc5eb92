// `npx tsx bench/fuzz.ts [--runs N] [--seed S]`: the schema-aware fuzzing of tests/http/fuzz.test.ts with
// many more runs (default 400 per operation against 16 in `npm test`), on SQLite, or on PostgreSQL with
// GUILDHALL_TEST_DB=postgres and GUILDHALL_TEST_DATABASE_URL. Every operation of the OpenAPI document is
// called as a member and as an administrator with generated requests; none may answer 5xx or an error
// outside the error shape, and /api/health must answer after each operation. Prints a table per
// operation; writes bench/results/fuzz-<date>.json. Exits 1 when anything failed, with a reproducible seed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { testApp, testDialect } from '../tests/support/app.js';
import { type Callers, type FuzzStats, fuzzOperation, fuzzSetup, operationsOf } from '../tests/support/fuzz.js';
import { numberFlag } from './common.js';

const RUNS = numberFlag('runs', 400, { integer: true });
const SEED = numberFlag('seed', 1414, { integer: true });
const here = path.dirname(fileURLToPath(import.meta.url));

async function main(): Promise<void> {
  const app = await testApp();
  const setup = await fuzzSetup(app);
  const ops = operationsOf(setup.doc);
  const rows: Array<{ operation: string; requests: number; ok: number; clientErrors: number; seconds: number; failure: string | null }> = [];
  let callers: Callers | undefined;
  const started = performance.now();
  for (const [i, op] of ops.entries()) {
    callers = await setup.signInAll(callers);
    const stats: FuzzStats = { requests: 0, byStatus: {}, operationsWith2xx: new Set() };
    const t0 = performance.now();
    let failure: string | null = null;
    try {
      await fuzzOperation(app, callers, op, setup.doc, setup.pool, { runs: RUNS, seed: SEED + i, stats });
    } catch (err) {
      failure = `${(err as Error).message.split('\n').slice(0, 3).join(' ')}\n${((err as Error).cause as Error | undefined)?.message ?? ''}`;
    }
    rows.push({ operation: op.id, requests: stats.requests, ok: (stats.byStatus['2xx'] ?? 0) + (stats.byStatus['3xx'] ?? 0), clientErrors: stats.byStatus['4xx'] ?? 0, seconds: (performance.now() - t0) / 1000, failure });
  }
  const total = (performance.now() - started) / 1000;
  await app.close();

  console.log(`\nSchema-aware fuzzing: ${ops.length} operations × ${RUNS} runs, seed ${SEED}, ${testDialect}, ${os.cpus().length} cores\n`);
  console.log(`${'operation'.padEnd(34)} ${'requests'.padStart(9)} ${'2xx/3xx'.padStart(8)} ${'4xx'.padStart(6)} ${'seconds'.padStart(8)}  verdict`);
  for (const r of rows) {
    console.log(`${r.operation.padEnd(34)} ${String(r.requests).padStart(9)} ${String(r.ok).padStart(8)} ${String(r.clientErrors).padStart(6)} ${r.seconds.toFixed(2).padStart(8)}  ${r.failure ? 'FAILED' : 'ok'}`);
  }
  const failed = rows.filter((r) => r.failure);
  console.log(`\n${rows.reduce((n, r) => n + r.requests, 0)} requests in ${total.toFixed(1)} s; ${failed.length} operations failed`);
  for (const f of failed) console.log(`\n${f.operation}: ${f.failure}`);
  const outDir = path.join(here, 'results');
  fs.mkdirSync(outDir, { recursive: true });
  const out = path.join(outDir, `fuzz-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.json`);
  fs.writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), machine: { cpus: os.cpus().length, node: process.version }, dialect: testDialect, runs: RUNS, seed: SEED, seconds: total, rows }, null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
  if (failed.length) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
