// `npx tsx bench/cpd-import.ts [--rows N] [--members M]`: a provider's CSV of N credit rows (default 100,000)
// for M members (default 20,000) imported through importCpdCredits' service on SQLite (the whole file checked,
// then credited in committed batches with progress), against a baseline measured in the same run on the same
// file: parsing it and inserting the same rows raw with one prepared statement in one transaction. Aim: the
// import in ≤ 20 s. Prints a table with ratios; writes bench/results/cpd-import-<date>.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Role } from '../contracts/accounts.js';
import { buildApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { parseCsv } from '../server/modules/cpd/csv.js';
import type { Actor } from '../server/platform/context.js';
import { newId } from '../server/platform/ids.js';
import { freshBenchDatabase, numberFlag, seededRandom } from './common.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROWS = numberFlag('rows', 100_000, { integer: true });
const MEMBERS = numberFlag('members', 20_000, { integer: true });
const AIM_S = 20;
const cpuSeconds = (from: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1e6;
};
const codes = ['CONF26-D1', 'CONF26-D2', 'WEB-101', 'WEB-102', 'WORKSHOP-7'];

async function main() {
  const { dataDir, file, database, sqlite, remove } = await freshBenchDatabase('cpd-import');
  const at = '2026-11-25T10:00:00.000Z';
  const rnd = seededRandom(20261125);

  // Members, a provider with five codes, and its user.
  const addUser = sqlite.prepare(`INSERT INTO users (id, email, name, password_hash, email_verified_at, status, country, created_at, updated_at) VALUES (?, ?, ?, NULL, ?, 'active', NULL, ?, ?)`);
  const uploaderId = newId();
  const providerId = newId();
  sqlite.transaction(() => {
    for (let i = 0; i < MEMBERS; i++) addUser.run(newId(), `member${i}@bench.example.org`, `Member ${i}`, at, at, at);
    addUser.run(uploaderId, 'uploader@bench.example.org', 'Uploader', at, at, at);
    sqlite.prepare(`INSERT INTO cpd_providers (id, slug, name, contact_email, status, approved_by, approved_at, created_at, updated_at) VALUES (?, 'bench', 'Bench Training', NULL, 'approved', NULL, ?, ?, ?)`).run(providerId, at, at, at);
    sqlite.prepare('INSERT INTO cpd_provider_users (provider_id, user_id, added_at) VALUES (?, ?, ?)').run(providerId, uploaderId, at);
    const addCode = sqlite.prepare(`INSERT INTO cpd_provider_codes (provider_id, code, type, title, quarters, details, valid_from, valid_to, created_at) VALUES (?, ?, 'training', ?, ?, '{}', NULL, NULL, ?)`);
    for (const [i, c] of codes.entries()) addCode.run(providerId, c, `Course ${c}`, 4 * (i + 1), at);
  })();

  const lines = ['member_email,activity_code,date,hours,row_key'];
  for (let i = 0; i < ROWS; i++) {
    const m = Math.floor(rnd() * MEMBERS);
    const day = `2026-${String(1 + Math.floor(rnd() * 10)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`;
    const hours = rnd() < 0.3 ? String(0.25 * (1 + Math.floor(rnd() * 24))) : '';
    lines.push(`member${m}@bench.example.org,${codes[Math.floor(rnd() * codes.length)]},${day},${hours},bench-${i}`);
  }
  const bytes = Buffer.from(`${lines.join('\r\n')}\r\n`);

  // Baseline: parse the same file and insert the same rows raw, in one transaction, into a copy of the
  // activities table with the same indexes.
  sqlite.exec('CREATE TABLE bench_raw AS SELECT * FROM cpd_activities WHERE 0');
  const ixs = sqlite.prepare(`SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'cpd_activities' AND sql IS NOT NULL`).all() as Array<{ sql: string }>;
  for (const ix of ixs) sqlite.exec(ix.sql.replace(/INDEX\s+"?(\w+)"?\s+on\s+"?cpd_activities"?/i, 'INDEX bench_$1 ON bench_raw'));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const parsed = parseCsv(bytes.toString('utf8'));
  const raw = sqlite.prepare(
    `INSERT INTO bench_raw (id, member_id, type, title, occurred_on, quarters, provider, learned, apply, details, source, verified, provider_id, import_id, row_key, activity_code, audit_status, created_at, updated_at, deleted_at) VALUES (?, ?, 'training', ?, ?, ?, 'Bench Training', NULL, NULL, '{}', 'provider', 1, ?, NULL, ?, ?, NULL, ?, ?, NULL)`,
  );
  sqlite.transaction(() => {
    for (const r of parsed.records.slice(1)) raw.run(newId(), r.fields[0], `Course ${r.fields[1]}`, r.fields[2], 4, providerId, r.fields[4], r.fields[1], at, at);
  })();
  const baselineS = (performance.now() - t0) / 1000;
  const baselineCpuS = cpuSeconds(cpu0);

  const config = loadConfig({ LOG_LEVEL: 'silent', GUILDHALL_DATA_DIR: dataDir, GUILDHALL_WORKER: '0', PORT: '0' });
  const g = await buildApp({ config: { ...config, database: { kind: 'sqlite', file } }, database, mailTransport: null, clock: { now: () => new Date(at) } });
  const actor: Actor = { userId: uploaderId, email: 'uploader@bench.example.org', name: 'Uploader', country: null, emailVerified: true, roles: new Set<Role>(['member']), via: 'session', sessionId: null, csrfToken: null, scopes: null };
  const ctx = { actor, ip: null, requestId: null, userAgent: null };
  const imports = g.services.cpd.standards.imports;

  const progress: Array<{ t: number; done: number; message?: string }> = [];
  const cpu1 = process.cpuUsage();
  const t1 = performance.now();
  const started = await imports.start(ctx, { kind: 'csv', bytes, fileName: 'bench.csv' });
  const tQueued = performance.now();
  await imports.process(started.import.id, async (done, _total, message) => {
    progress.push({ t: performance.now() - t1, done, message });
  });
  const importS = (performance.now() - t1) / 1000;
  const importCpuS = cpuSeconds(cpu1);
  const result = await imports.get(ctx, started.import.id);
  if (result.status !== 'done' || result.creditedRows !== ROWS) throw new Error(`import ended ${result.status} with ${result.creditedRows} of ${ROWS} credited: ${JSON.stringify(result.problems.slice(0, 3))}`);
  const checked = progress.filter((x) => x.message?.startsWith('Checking')).at(-1)!;

  // The same file again: answered from the earlier import, nothing credited twice.
  const t2 = performance.now();
  const again = await imports.start(ctx, { kind: 'csv', bytes, fileName: 'bench.csv' });
  const repeatS = (performance.now() - t2) / 1000;
  if (!again.import.repeated) throw new Error('the repeated file was not recognised');

  const table = [
    { what: `baseline: parse + raw insert of ${ROWS} rows`, seconds: baselineS, ratio: 1 },
    { what: 'importCpdCredits: read, store, queue', seconds: (tQueued - t1) / 1000, ratio: (tQueued - t1) / 1000 / baselineS },
    { what: 'importCpdCredits: check every row', seconds: checked.t / 1000, ratio: checked.t / 1000 / baselineS },
    { what: `importCpdCredits: whole import (aim ≤ ${AIM_S} s)`, seconds: importS, ratio: importS / baselineS },
    { what: 'the same file again (answered, not credited)', seconds: repeatS, ratio: repeatS / baselineS },
  ];
  console.log(`\nCPD provider import: ${ROWS} rows, ${MEMBERS} members, SQLite, ${os.cpus().length} cores\n`);
  console.log(`${'what'.padEnd(52)} ${'seconds'.padStart(9)} ${'× baseline'.padStart(11)}`);
  for (const r of table) console.log(`${r.what.padEnd(52)} ${r.seconds.toFixed(2).padStart(9)} ${r.ratio.toFixed(1).padStart(11)}`);
  console.log(`\nCPU seconds (this process): baseline ${baselineCpuS.toFixed(2)}, import ${importCpuS.toFixed(2)} (${(importCpuS / baselineCpuS).toFixed(1)}×); load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`);
  console.log(`progress reports: ${progress.length} (${progress.filter((x) => x.message?.startsWith('Crediting')).length} while crediting); rows per second: ${Math.round(ROWS / importS)}`);
  console.log(importS <= AIM_S ? `within the aim of ${AIM_S} s` : `OVER the aim of ${AIM_S} s`);

  const outDir = path.join(here, 'results');
  fs.mkdirSync(outDir, { recursive: true });
  const out = path.join(outDir, `cpd-import-${new Date().toISOString().slice(0, 10)}.json`);
  fs.writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), machine: { cpus: os.cpus().length, node: process.version }, rows: ROWS, members: MEMBERS, aimSeconds: AIM_S, cpuSeconds: { baseline: baselineCpuS, import: importCpuS }, loadAverage: os.loadavg()[0], progressReports: progress.length, table }, null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
  await g.app.close();
  await remove();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
