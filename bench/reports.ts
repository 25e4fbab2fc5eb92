// `npx tsx bench/reports.ts [--members N] [--runs R]`: the reports page's data (getReports, over HTTP with a
// scheme administrator's session) for N members (default 100,000) with ten CPD activities each (1,000,000),
// bulk-seeded on SQLite: a credential each, awarded over three years at three levels, some suspended, lapsed or
// revoked; listings; CPD states; applications with their moves in the audit log and assessor seats; audits;
// events with registrations and check-ins. Measures R calls (default 7) of a year's and of three years' reports
// against baselines measured in the same run: the health route, and a plain count over cpd_activities.
// Aim: p95 ≤ 1 s. Writes bench/results/reports-<date>.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashPassword } from '../server/platform/passwords.js';
import { provisionUser } from '../server/modules/accounts/provision.js';
import { reportsRepository } from '../server/modules/reports/reports.repository.js';
import { loadDefaultScheme } from '../server/modules/schemes/default-scheme.js';
import { installScheme } from '../server/modules/schemes/install.js';
import { auditRow, systemActor } from '../server/platform/audit.js';
import { newId } from '../server/platform/ids.js';
import { benchApp, freshBenchDatabase, numberFlag, percentile, seededRandom } from './common.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const N = numberFlag('members', 100_000, { integer: true });
const RUNS = numberFlag('runs', 7, { integer: true });
const AIM_MS = 1000;
const NOW = '2026-11-25T10:00:00.000Z';
const PASSWORD = 'bench passphrase 2026';
const DAY = 86_400_000;
const T0 = Date.parse('2023-12-01T00:00:00.000Z');
const SPAN = Date.parse(NOW) - T0;
const iso = (ms: number) => new Date(ms).toISOString();
const levels = [
  ['associate', 'Associate'],
  ['member', 'Member'],
  ['fellow', 'Fellow'],
] as const;
const moves = ['draft', 'awaiting_references', 'submitted', 'in_assessment', 'recommended', 'awarded'] as const;

async function seed() {
  const db = await freshBenchDatabase('reports');
  const { database, sqlite } = db;
  sqlite.pragma('cache_size = -500000');
  const rnd = seededRandom(20261125);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const now = new Date(NOW);
  const bodyId = newId();
  await database.db.insertInto('bodies').values({ id: bodyId, slug: 'bench', name: 'Bench body', short_name: 'BB', country: 'GB', website: null, created_at: NOW }).execute();
  const { versionId } = await installScheme(database.db, { bodyId, scheme: loadDefaultScheme(), by: systemActor, now });
  const hash = await hashPassword(PASSWORD);
  await provisionUser(database.db, { email: 'admin@bench.example.org', name: 'Bench Admin', roles: ['scheme_admin'], passwordHash: hash }, systemActor, now);
  const assessors: string[] = [];
  for (let i = 0; i < 50; i++) assessors.push(await provisionUser(database.db, { email: `assessor${i}@bench.example.org`, name: `Assessor ${i}`, roles: ['assessor'], passwordHash: hash }, systemActor, now));

  const ins = {
    user: sqlite.prepare(`INSERT INTO users (id, email, name, password_hash, email_verified_at, status, country, created_at, updated_at) VALUES (?, ?, ?, NULL, ?, 'active', NULL, ?, ?)`),
    credential: sqlite.prepare(
      'INSERT INTO credentials (id, holder_id, application_id, scheme_version_id, level_id, level_name, post_nominals, awarded_at, review_at, status, status_changed_at, created_at) VALUES (?, ?, NULL, ?, ?, ?, NULL, ?, ?, ?, ?, ?)',
    ),
    listing: sqlite.prepare('INSERT INTO register_listings (holder_id, listed, show_country, updated_at) VALUES (?, ?, 0, ?)'),
    state: sqlite.prepare(
      'INSERT INTO cpd_credential_states (credential_id, member_id, cycle_index, cycle_start, cycle_end, status, since, shortfall_quarters, next_check_on, updated_at) VALUES (?, ?, 0, ?, ?, ?, ?, 0, ?, ?)',
    ),
    activity: sqlite.prepare(
      `INSERT INTO cpd_activities (id, member_id, type, title, occurred_on, quarters, provider, learned, apply, details, source, verified, provider_id, import_id, row_key, activity_code, audit_status, created_at, updated_at, deleted_at) VALUES (?, ?, 'training', 'Course', ?, ?, NULL, 'x', 'y', '{}', 'manual', 0, NULL, NULL, NULL, NULL, NULL, ?, ?, NULL)`,
    ),
    application: sqlite.prepare(
      `INSERT INTO applications (id, applicant_id, scheme_version_id, level_id, state, data, snapshot, ethics_version, declared_at, submitted_at, due_at, decided_at, created_at, updated_at) VALUES (?, ?, ?, 'member', ?, '{}', NULL, NULL, NULL, NULL, NULL, NULL, ?, ?)`,
    ),
    seat: sqlite.prepare(
      `INSERT INTO application_assessors (application_id, assessor_id, stage, status, assigned_at, due_at, finished_at, scored_at, recommended_at) VALUES (?, ?, 'assessment', ?, ?, ?, ?, NULL, NULL)`,
    ),
    audit: sqlite.prepare(
      'INSERT INTO cpd_audits (id, year, seed, member_id, credential_id, cycle_index, reason, reason_detail, status, assessor_id, requested_at, due_at, submitted_at, decided_at, outcome, updated_at) VALUES (?, ?, ?, ?, ?, 0, ?, NULL, ?, NULL, ?, ?, NULL, NULL, NULL, ?)',
    ),
  };
  const sample = auditRow(systemActor, { action: 'x', subjectType: 'application', subjectId: 'x', details: {} }, now);
  const auditCols = Object.keys(sample);
  const logMove = sqlite.prepare(`INSERT INTO audit_log (${auditCols.join(', ')}) VALUES (${auditCols.map((c) => `@${c}`).join(', ')})`);

  const start = performance.now();
  const members: string[] = [];
  let activities = 0;
  let apps = 0;
  sqlite.transaction(() => {
    for (let i = 0; i < N; i++) {
      const id = newId();
      members.push(id);
      const joined = T0 + Math.floor(rnd() * SPAN);
      ins.user.run(id, `m${i}@bench.example.org`, `Member ${i}`, iso(joined), iso(joined), iso(joined));
      const [levelId, levelName] = rnd() < 0.6 ? levels[1] : rnd() < 0.7 ? levels[0] : levels[2];
      const credentialId = newId();
      const r = rnd();
      const status = r < 0.92 ? 'active' : r < 0.95 ? 'suspended' : r < 0.99 ? 'lapsed' : 'revoked';
      const changed = status === 'active' ? joined : joined + Math.floor(rnd() * (Date.parse(NOW) - joined));
      ins.credential.run(credentialId, id, versionId, levelId, levelName, iso(joined), iso(joined + 3 * 365 * DAY), status, iso(changed), iso(joined));
      if (rnd() < 0.4) ins.listing.run(id, 1, iso(joined + DAY));
      const cycleStart = iso(joined).slice(0, 10);
      const standing = status === 'active' ? (rnd() < 0.8 ? 'ok' : rnd() < 0.7 ? 'short' : 'grace') : status === 'suspended' ? 'suspended' : 'lapsed';
      ins.state.run(credentialId, id, cycleStart, iso(joined + 365 * DAY).slice(0, 10), standing, cycleStart, iso(joined + 365 * DAY).slice(0, 10), NOW);
      for (let k = 0; k < 10; k++) {
        const on = iso(T0 + Math.floor(rnd() * SPAN)).slice(0, 10);
        ins.activity.run(newId(), id, on, 1 + Math.floor(rnd() * 16), `${on}T12:00:00.000Z`, `${on}T12:00:00.000Z`);
        activities += 1;
      }
      // One member in ten applied: the moves of the machine, each stay a few hours to a few weeks.
      if (i % 10 === 0) {
        const appId = newId();
        const steps = 1 + Math.floor(rnd() * (moves.length - 1));
        let t = joined - 90 * DAY;
        ins.application.run(appId, id, versionId, moves[steps]!, iso(t), iso(t));
        for (let s = 1; s <= steps; s++) {
          const entered = t;
          t += Math.floor(rnd() * 21 * DAY) + 3_600_000;
          if (moves[s] === 'recommended' || (moves[s] === 'in_assessment' && s === steps)) {
            const done = moves[s] === 'recommended';
            ins.seat.run(appId, pick(assessors), done ? 'done' : 'active', iso(entered), iso(entered + 30 * DAY), done ? iso(t) : null);
          }
          logMove.run(auditRow(systemActor, { action: `application.step`, subjectType: 'application', subjectId: appId, details: { from: moves[s - 1], to: moves[s] } }, new Date(t)));
        }
        apps += 1;
      }
      if (i % 50 === 0) {
        const year = 2024 + Math.floor(rnd() * 3);
        const st = pick(['passed', 'passed', 'passed', 'failed', 'expired', 'requested'] as const);
        ins.audit.run(newId(), year, 'seed', id, credentialId, rnd() < 0.9 ? 'random' : 'targeted', st, `${year}-02-01T00:00:00.000Z`, `${year}-04-01T00:00:00.000Z`, `${year}-02-01T00:00:00.000Z`);
      }
    }
  })();
  sqlite.exec('ANALYZE');
  return { ...db, activities, apps, seedS: (performance.now() - start) / 1000 };
}

async function time(fn: () => Promise<unknown> | unknown) {
  const out: number[] = [];
  await fn(); // warm: prepared statements, page cache
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  out.sort((a, b) => a - b);
  return { p50: percentile(out, 50), p95: percentile(out, 95) };
}

async function main() {
  const { dataDir, file, database, sqlite, remove, activities, apps, seedS } = await seed();
  const { g, headers } = await benchApp(database, dataDir, file, 'admin@bench.example.org', PASSWORD);
  try {
    const get = async (url: string) => {
      const res = await g.app.inject({ url, headers });
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
      return res;
    };
    const scan = sqlite.prepare('SELECT sum(quarters) AS q FROM cpd_activities');
    const rows = [
      { what: 'health route (base of HTTP)', ...(await time(() => get('/api/health'))) },
      { what: 'SELECT sum(quarters) FROM cpd_activities (base)', ...(await time(() => scan.get())) },
      { what: 'getReports, 12 months (default)', ...(await time(() => get('/api/v1/reports'))) },
      { what: 'getReports, 3 years', ...(await time(() => get('/api/v1/reports?from=2023-12-01&to=2026-11-30'))) },
      { what: 'exportReport funnel CSV, 12 months', ...(await time(() => get('/api/v1/reports/export?report=funnel'))) },
    ];
    const count0 = rows[1]!;
    // Each query of the reports alone, over the year up to NOW: where the time goes.
    const repo = reportsRepository(database);
    const period = { from: '2025-12-01', toExclusive: '2026-11-26', now: NOW };
    const parts = {
      awardsByLevelMonth: () => repo.awardsByLevelMonth(period),
      exitsByLevelMonth: () => repo.exitsByLevelMonth(period),
      listingsByMonth: () => repo.listingsByMonth(period),
      applications: () => repo.applications(),
      moves: () => repo.moves(period),
      assessorSeats: () => repo.assessorSeats(period),
      complianceCounts: () => repo.complianceCounts(period),
      activitiesByDay: () => repo.activitiesByDay(period),
      auditCounts: () => repo.auditCounts(2025, 2026),
      attendance: () => repo.attendance(period),
    };
    for (const [what, fn] of Object.entries(parts)) rows.push({ what: `  query ${what}`, ...(await time(fn)) });
    const bytes = (await get('/api/v1/reports?from=2023-12-01&to=2026-11-30')).body.length;
    console.log(`\nReports: ${N.toLocaleString('en-GB')} members, ${activities.toLocaleString('en-GB')} CPD activities, ${apps.toLocaleString('en-GB')} applications (seeded in ${seedS.toFixed(1)} s), SQLite, ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)}, ${RUNS} calls each\n`);
    console.log(`${'what'.padEnd(48)} ${'p50 ms'.padStart(9)} ${'p95 ms'.padStart(9)} ${'p95 × base'.padStart(12)}  ≤ ${AIM_MS} ms`);
    for (const r of rows) console.log(`${r.what.padEnd(48)} ${r.p50.toFixed(2).padStart(9)} ${r.p95.toFixed(2).padStart(9)} ${(r.p95 / count0.p95).toFixed(1).padStart(12)}  ${r.what.includes('base') || r.what.startsWith('  ') ? '—' : r.p95 <= AIM_MS ? 'yes' : 'NO'}`);
    console.log(`\nthree years' answer: ${(bytes / 1024).toFixed(1)} KB of JSON`);
    const out = path.join(here, 'results', `reports-${new Date().toISOString().slice(0, 10)}.json`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), machine: { cpus: os.cpus().length, node: process.version, load: os.loadavg()[0] }, members: N, activities, applications: apps, runs: RUNS, aimMs: AIM_MS, rows }, null, 2)}\n`);
    console.log(`wrote ${path.relative(process.cwd(), out)}`);
  } finally {
    await g.app.close();
    await remove();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
