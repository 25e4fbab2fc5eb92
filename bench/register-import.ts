// `npx tsx bench/register-import.ts [--rows N]`: a body's existing register of N holders (default 100,000) as a
// CSV, imported through importRegister's service on SQLite: the dry run (every row checked, nothing written),
// then the run's job (invited accounts, credential records, imported-holder rows and one issue job per batch,
// committed in batches with progress), then the same file again (every holder exists). Against a baseline
// measured in the same run: parsing the same file and inserting the same users and credential records raw with
// prepared statements in one transaction. Signing (the issue jobs) and the claim mail (batches of 500 a
// minute) follow in the background and are not part of the aim. Aim: the run in ≤ 60 s.
import os from 'node:os';
import type { Role } from '../contracts/accounts.js';
import { buildApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { parseCsv } from '../server/modules/cpd/csv.js';
import { loadDefaultScheme } from '../server/modules/schemes/default-scheme.js';
import { installScheme } from '../server/modules/schemes/install.js';
import { systemActor } from '../server/platform/audit.js';
import type { Actor } from '../server/platform/context.js';
import { newId } from '../server/platform/ids.js';
import { freshBenchDatabase, numberFlag, seededRandom } from './common.js';

const ROWS = numberFlag('rows', 100_000, { integer: true });
const AIM_S = 60;
const levels = ['associate', 'member', 'professional', 'fellow'];

async function main() {
  const { dataDir, file, database, sqlite, remove } = await freshBenchDatabase('register-import');
  const at = '2026-11-25T10:00:00.000Z';
  const now = new Date(at);
  const rnd = seededRandom(20261207);
  const bodyId = newId();
  sqlite.prepare(`INSERT INTO bodies (id, slug, name, short_name, country, website, created_at) VALUES (?, 'bench', 'Bench body', 'BB', 'GB', NULL, ?)`).run(bodyId, at);
  const { versionId } = await installScheme(database.db, { bodyId, scheme: loadDefaultScheme(), by: systemActor, now });
  const adminId = newId();
  sqlite.prepare(`INSERT INTO users (id, email, name, password_hash, email_verified_at, status, country, created_at, updated_at) VALUES (?, 'scheme@bench.example.org', 'Scheme Admin', NULL, ?, 'active', NULL, ?, ?)`).run(adminId, at, at, at);

  const lines = ['name,email,level,awarded_on,review_on,external_id,cpd_cycle_start'];
  for (let i = 0; i < ROWS; i++) {
    const year = 2005 + Math.floor(rnd() * 20);
    const day = `-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`;
    lines.push(`Holder ${i},holder${i}@bench.example.org,${levels[Math.floor(rnd() * levels.length)]},${year}${day},${year + 3 + Math.floor(rnd() * 6)}${day},REG-${i},`);
  }
  const bytes = Buffer.from(`${lines.join('\r\n')}\r\n`);

  // Baseline: parse the same file and insert the same accounts and records raw into copies of the tables.
  sqlite.exec('CREATE TABLE bench_users AS SELECT * FROM users WHERE 0; CREATE TABLE bench_credentials AS SELECT * FROM credentials WHERE 0');
  sqlite.exec('CREATE UNIQUE INDEX bench_users_email ON bench_users (email)');
  const t0 = performance.now();
  const parsed = parseCsv(bytes.toString('utf8'));
  const addUser = sqlite.prepare(`INSERT INTO bench_users (id, email, name, password_hash, email_verified_at, status, country, created_at, updated_at) VALUES (?, ?, ?, NULL, NULL, 'invited', NULL, ?, ?)`);
  const addCredential = sqlite.prepare(
    `INSERT INTO bench_credentials (id, holder_id, application_id, scheme_version_id, level_id, level_name, post_nominals, awarded_at, review_at, status, status_changed_at, created_at) VALUES (?, ?, NULL, ?, ?, ?, NULL, ?, ?, 'active', ?, ?)`,
  );
  sqlite.transaction(() => {
    for (const r of parsed.records.slice(1)) {
      const userId = newId();
      addUser.run(userId, r.fields[1], r.fields[0], at, at);
      addCredential.run(newId(), userId, versionId, r.fields[2], r.fields[2], `${r.fields[3]}T00:00:00.000Z`, `${r.fields[4]}T00:00:00.000Z`, at, at);
    }
  })();
  const baselineS = (performance.now() - t0) / 1000;

  const config = loadConfig({ LOG_LEVEL: 'silent', GUILDHALL_DATA_DIR: dataDir, GUILDHALL_WORKER: '0', PORT: '0' });
  const g = await buildApp({ config: { ...config, database: { kind: 'sqlite', file } }, database, mailTransport: null, clock: { now: () => new Date(at) } });
  const actor: Actor = { userId: adminId, email: 'scheme@bench.example.org', name: 'Scheme Admin', country: null, emailVerified: true, roles: new Set<Role>(['scheme_admin']), via: 'session', sessionId: null, csrfToken: null, scopes: null };
  const ctx = { actor, ip: null, requestId: null, userAgent: null };
  const imports = g.services.registerImport.imports;
  const input = { kind: 'csv' as const, bytes, fileName: 'register.csv' };

  const t1 = performance.now();
  const dry = await imports.dryRun(ctx, input);
  const dryS = (performance.now() - t1) / 1000;
  if (dry.counts.create !== ROWS) throw new Error(`the dry run would create ${dry.counts.create} of ${ROWS}: ${JSON.stringify(dry.rows.slice(0, 2))}`);

  const progress: number[] = [];
  const t2 = performance.now();
  const started = await imports.start(ctx, input);
  await imports.process(started.import.id!, async (done) => {
    progress.push(done);
  });
  const runS = (performance.now() - t2) / 1000;
  const done = await imports.load(started.import.id!);
  if (done.status !== 'done' || done.counts.create !== ROWS) throw new Error(`the import ended ${done.status} with ${done.counts.create} of ${ROWS}`);

  const t3 = performance.now();
  const again = await imports.start(ctx, input);
  await imports.process(again.import.id!);
  const againS = (performance.now() - t3) / 1000;
  const second = await imports.load(again.import.id!);
  if (second.counts.exists !== ROWS || second.counts.create !== 0) throw new Error('the repeated file created holders again');

  const table = [
    { what: `baseline: parse + raw insert of ${ROWS} accounts and records`, seconds: baselineS },
    { what: 'importRegister dry run (check every row, nothing written)', seconds: dryS },
    { what: `importRegister run: check, store, job to the end (aim ≤ ${AIM_S} s)`, seconds: runS },
    { what: 'the same file again (every holder exists)', seconds: againS },
  ];
  console.log(`\nRegister import: ${ROWS} holders, SQLite, ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)}\n`);
  console.log(`${'what'.padEnd(66)} ${'seconds'.padStart(8)} ${'rows/s'.padStart(9)} ${'× baseline'.padStart(11)}`);
  for (const r of table) console.log(`${r.what.padEnd(66)} ${r.seconds.toFixed(2).padStart(8)} ${String(Math.round(ROWS / r.seconds)).padStart(9)} ${(r.seconds / baselineS).toFixed(1).padStart(11)}`);
  console.log(`\nprogress reports during the run: ${progress.length}; ${runS <= AIM_S ? `within the aim of ${AIM_S} s` : `OVER the aim of ${AIM_S} s`}`);
  await g.app.close();
  await remove();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
