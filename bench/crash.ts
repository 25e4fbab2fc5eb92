// Crash drill, the long run: 20 cycles of `kill -9` under concurrent creating writes with Idempotency-Keys,
// on SQLite and, when GUILDHALL_TEST_DATABASE_URL is set, on PostgreSQL (a schema of its own, dropped after).
// `npm test` runs 3 cycles of the same drill. Prints a table; writes bench/results/crash-<date>.json.
// Flags: --cycles N (20), --clients N (6).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CrashReport, runCrashDrill } from '../tests/support/crash.js';
import { numberFlag } from './common.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const cycles = numberFlag('cycles', 20, { integer: true });
const clients = numberFlag('clients', 6, { integer: true });
const pgUrl = process.env.GUILDHALL_TEST_DATABASE_URL;

const results: Array<{ dialect: string; seconds: number } & CrashReport> = [];
for (const dialect of ['sqlite', 'postgres'] as const) {
  if (dialect === 'postgres' && !pgUrl) {
    console.log('PostgreSQL skipped: set GUILDHALL_TEST_DATABASE_URL to run the drill there too.');
    continue;
  }
  const t = Date.now();
  const r = await runCrashDrill({ dialect, postgresUrl: pgUrl, cycles, clients, log: (l) => console.log(`${dialect} ${l}`) });
  results.push({ dialect, seconds: (Date.now() - t) / 1000, ...r });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
console.log('\n| database | cycles | requests | acknowledged | retried after kill | of which had committed | lost | duplicates | median restart ms | seconds |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of results) {
  console.log(`| ${r.dialect} | ${r.cycles} | ${r.requests} | ${r.acknowledged} | ${r.retried} | ${r.replayed} | ${r.lost} | ${r.duplicates} | ${median(r.restartMs)} | ${r.seconds.toFixed(1)} |`);
}
const outDir = path.join(here, 'results');
fs.mkdirSync(outDir, { recursive: true });
const out = path.join(outDir, `crash-${new Date().toISOString().slice(0, 10)}.json`);
fs.writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), machine: { cpus: os.cpus().length, node: process.version, load: os.loadavg()[0] }, results }, null, 2)}\n`);
console.log(`\nWritten to ${path.relative(process.cwd(), out)}`);
if (results.some((r) => r.lost > 0 || r.duplicates > 0)) process.exitCode = 1;
