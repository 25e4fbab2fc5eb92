// `npx tsx bench/assessment.ts [--duration N] [--applications N] [--connections N]`: the assessor's queue and
// workbench over a generated SQLite database of N open applications (default 10,000) spread over 20 assessors,
// bulk-inserted in one transaction (machine record, frozen snapshot, assignments, a reference and history per
// application). Over HTTP with autocannon in its own process, beside a bare Fastify hello-world measured in the
// same run: listAssessmentQueue (scope mine, scope all, scope all filtered by state) and getApplication for an
// assigned assessor (the workbench); aim p95 ≤ 50 ms. Prints a table; writes bench/results/assessment-<date>.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import type { PortfolioItem } from '../contracts/portfolio.js';
import { buildApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { migrateToLatest, openDatabase } from '../server/db/database.js';
import { provisionUser } from '../server/modules/accounts/provision.js';
import { type Application, type ApplicationState, draftApplication, levelPolicy } from '../server/modules/applications/applications.types.js';
import { cert, job, talk } from '../server/modules/portfolio/eligibility.fixtures.js';
import { compileScheme } from '../server/modules/portfolio/eligibility.rules.js';
import { loadDefaultScheme } from '../server/modules/schemes/default-scheme.js';
import { installScheme } from '../server/modules/schemes/install.js';
import { systemActor } from '../server/platform/audit.js';
import { newId } from '../server/platform/ids.js';
import { hashPassword } from '../server/platform/passwords.js';
import { measureHttp, numberFlag, seededRandom } from './common.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const DURATION = numberFlag('duration', 10);
const APPLICATIONS = numberFlag('applications', 10_000, { integer: true });
const CONNECTIONS = numberFlag('connections', 20, { integer: true });
const ASSESSORS = 20;
const AIM_MS = 50;
const PASSWORD = 'bench-password-2026-long';
const DAY = 86_400_000;

const rnd = seededRandom(20261125);
const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
/** The open states and how common each is among open applications. */
const mix: Array<[ApplicationState, number]> = [
  ['in_assessment', 0.7],
  ['information_requested', 0.06],
  ['awaiting_third_assessor', 0.04],
  ['recommended', 0.1],
  ['submitted', 0.05],
  ['awaiting_references', 0.05],
];
const stateAt = (r: number): ApplicationState => {
  let acc = 0;
  for (const [s, share] of mix) {
    acc += share;
    if (r < acc) return s;
  }
  return 'in_assessment';
};

const measure = (route: string, url: string, headers?: Record<string, string>) => measureHttp(route, { url, headers, connections: CONNECTIONS }, DURATION);

/** A frozen snapshot as submission leaves it: about twenty items and their evaluation. */
function snapshotText(scheme: ReturnType<typeof loadDefaultScheme>, now: Date): string {
  const items: PortfolioItem[] = [job('w1', '2012-01-01', '2018-12-31', 4, true), job('w2', '2019-01-01', null, 5, true)];
  for (let i = 0; i < 8; i++) items.push(cert(`c${i}`, ['itil4-foundation', 'itil4-cds', 'itil4-dsv', 'itil4-hvit'][i % 4]!, `20${10 + i}-03-01`));
  for (let i = 0; i < 10; i++) items.push(talk(`t${i}`, `20${14 + i}-05-01`));
  return JSON.stringify({ items, evidence: [], evaluation: compileScheme(scheme).evaluate({ items }, now) });
}

async function main() {
  const started = Date.now();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'guildhall-bench-assessment-'));
  const file = path.join(dataDir, 'bench.sqlite');
  const database = openDatabase({ kind: 'sqlite', file });
  await migrateToLatest(database.db);
  const sqlite = database.sqlite!;
  const now = new Date();
  const at = now.toISOString();
  const bodyId = newId();
  await database.db.insertInto('bodies').values({ id: bodyId, slug: 'bench', name: 'Bench body', short_name: 'BB', country: 'GB', website: null, created_at: at }).execute();
  const scheme = loadDefaultScheme();
  const { versionId } = await installScheme(database.db, { bodyId, scheme, by: systemActor, now });
  const hash = await hashPassword(PASSWORD);
  await provisionUser(database.db, { email: 'admin@bench.example.org', name: 'Bench Admin', roles: ['scheme_admin'], passwordHash: hash }, systemActor, now);
  const assessors = [await provisionUser(database.db, { email: 'assessor0@bench.example.org', name: 'Assessor 0', roles: ['assessor'], passwordHash: hash }, systemActor, now)];
  for (let i = 1; i < ASSESSORS; i++)
    assessors.push(await provisionUser(database.db, { email: `assessor${i}@bench.example.org`, name: `Assessor ${i}`, roles: ['assessor'], passwordHash: hash }, systemActor, now));

  const snapshot = snapshotText(scheme, now);
  const policies = { member: levelPolicy(scheme, 'member')!, professional: levelPolicy(scheme, 'professional')! };
  const user = sqlite.prepare(`INSERT INTO users (id, email, name, password_hash, email_verified_at, status, country, created_at, updated_at) VALUES (?, ?, ?, NULL, ?, 'active', NULL, ?, ?)`);
  const application = sqlite.prepare(
    `INSERT INTO applications (id, applicant_id, scheme_version_id, level_id, state, data, snapshot, ethics_version, declared_at, submitted_at, due_at, decided_at, created_at, updated_at, revision)
     VALUES (?, ?, ?, ?, ?, ?, ?, '2026.1', ?, ?, ?, NULL, ?, ?, 3)`,
  );
  const seat = sqlite.prepare(`INSERT INTO application_assessors (application_id, assessor_id, stage, status, assigned_at, due_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const reference = sqlite.prepare(
    `INSERT INTO reference_requests (id, application_id, referee_name, referee_email, relationship, token_hash, claims, status, answers, answered_at, expires_at, reminders_sent, last_sent_at, created_at)
     VALUES (?, ?, 'Pat Doe', 'pat@example.org', 'Line manager', ?, ?, 'answered', ?, ?, ?, 0, ?, ?)`,
  );
  const history = sqlite.prepare(`INSERT INTO audit_log (id, at, actor_id, action, subject_type, subject_id, ip, request_id, details) VALUES (?, ?, NULL, ?, 'application', ?, NULL, NULL, ?)`);
  const claims = JSON.stringify([{ claimId: 'w2', itemId: 'w2', summary: 'Service desk lead at Acme Ltd, 2019 to now' }]);
  const answers = JSON.stringify([{ claimId: 'w2', answer: 'confirm', comment: 'Ran the desk well' }]);
  let mineId = '';
  let seats = 0;
  const pickAssessor = (not: string[]) => {
    for (;;) {
      const a = assessors[int(0, ASSESSORS - 1)]!;
      if (!not.includes(a)) return a;
    }
  };
  sqlite.transaction(() => {
    for (let i = 0; i < APPLICATIONS; i++) {
      const applicantId = newId();
      user.run(applicantId, `applicant${i}@bench.example.org`, `Applicant ${i}`, at, at, at);
      const levelId = rnd() < 0.7 ? 'member' : 'professional';
      const state = stateAt(rnd());
      const submitted = new Date(now.getTime() - int(1, 60) * DAY - int(0, DAY));
      const app: Application = { ...draftApplication({ id: newId(), applicantId, levelId, schemeVersionId: versionId, policy: policies[levelId as 'member'], applicantEmployers: [], refereeIds: [], refereeEmails: [] }), state, submittedAt: submitted.toISOString() };
      const assessed = !['submitted', 'awaiting_references'].includes(state);
      if (assessed) {
        const pair: string[] = [];
        for (let k = 0; k < app.policy.assessorsRequired; k++) pair.push(pickAssessor(pair));
        app.assessorIds = pair;
        app.involved = [...pair];
        app.dueAt = new Date(submitted.getTime() + 21 * DAY).toISOString();
        if (state === 'information_requested') app.pausedAt = new Date(submitted.getTime() + 5 * DAY).toISOString();
        if (state === 'awaiting_third_assessor' || state === 'recommended') {
          app.scored = [...pair];
          app.recommendations = pair.map((assessorId) => ({ assessorId, outcome: 'award' as const, reasons: 'Meets the level' }));
        }
        if (state === 'awaiting_third_assessor') app.thirdAssessorId = pickAssessor(pair);
        if (state === 'recommended') app.dueAt = null;
      }
      application.run(app.id, applicantId, versionId, levelId, state, JSON.stringify(app), snapshot, submitted.toISOString(), app.submittedAt, app.dueAt, submitted.toISOString(), submitted.toISOString());
      const pairStatus = state === 'in_assessment' || state === 'information_requested' ? 'active' : 'done';
      for (const a of app.assessorIds) {
        seat.run(app.id, a, 'assessment', pairStatus, submitted.toISOString(), app.dueAt, pairStatus === 'done' ? at : null);
        seats++;
        if (a === assessors[0] && pairStatus === 'active' && !mineId) mineId = app.id;
      }
      if (app.thirdAssessorId) {
        seat.run(app.id, app.thirdAssessorId, 'third', 'active', at, app.dueAt, null);
        seats++;
      }
      reference.run(newId(), app.id, newId(), claims, answers, at, at, at, at);
      history.run(newId(), submitted.toISOString(), 'application.submit', app.id, JSON.stringify({ from: 'draft', to: 'submitted' }));
      if (assessed) history.run(newId(), submitted.toISOString(), 'application.assign_assessors', app.id, JSON.stringify({ from: 'submitted', to: 'in_assessment' }));
    }
  })();
  sqlite.exec('ANALYZE');
  console.log(`Seeded ${APPLICATIONS.toLocaleString('en-GB')} open applications and ${seats.toLocaleString('en-GB')} assignments over ${ASSESSORS} assessors in ${((Date.now() - started) / 1000).toFixed(1)} s.`);

  const config = loadConfig({ LOG_LEVEL: 'silent', GUILDHALL_DATA_DIR: dataDir, RATE_LIMIT_PER_MINUTE: '1000000000', GUILDHALL_WORKER: '0', PORT: '0' });
  const g = await buildApp({ config: { ...config, database: { kind: 'sqlite', file } }, database, mailTransport: null });
  const appUrl = await g.app.listen({ port: 0, host: '127.0.0.1' });
  const cookieOf = async (email: string) => {
    const res = await g.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password: PASSWORD } });
    const c = res.cookies.find((k) => k.name === 'gh_session');
    if (res.statusCode !== 200 || !c) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
    return { cookie: `gh_session=${c.value}` };
  };
  const asAssessor = await cookieOf('assessor0@bench.example.org');
  const asAdmin = await cookieOf('admin@bench.example.org');
  const check = async (url: string, headers: Record<string, string>) => {
    const res = await g.app.inject({ method: 'GET', url, headers });
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const mine = await check('/api/v1/assessment/queue', asAssessor);
  const all = await check('/api/v1/assessment/queue?scope=all', asAdmin);
  const filtered = await check('/api/v1/assessment/queue?scope=all&state=recommended', asAdmin);
  const view = await check(`/api/v1/applications/${mineId}`, asAssessor);
  if (!view.assessment) throw new Error('the workbench view has no assessment part');
  // A page from the middle: the keyset cursor of the first page.
  const second = `/api/v1/assessment/queue?scope=all&cursor=${encodeURIComponent(all.nextCursor)}`;
  await check(second, asAdmin);

  const hello = Fastify({ logger: false });
  hello.get('/', async () => ({ hello: 'world' }));
  const helloUrl = await hello.listen({ port: 0, host: '127.0.0.1' });
  const base = await measure('hello-world (bare Fastify)', `${helloUrl}/`);
  const results = [
    await measure(`listAssessmentQueue scope mine (${mine.total} active, page of ${mine.entries.length})`, `${appUrl}/api/v1/assessment/queue`, asAssessor),
    await measure(`listAssessmentQueue scope all (${all.total} open, page of ${all.entries.length})`, `${appUrl}/api/v1/assessment/queue?scope=all`, asAdmin),
    await measure('listAssessmentQueue scope all, second page (cursor)', `${appUrl}${second}`, asAdmin),
    await measure(`listAssessmentQueue scope all, state recommended (${filtered.total})`, `${appUrl}/api/v1/assessment/queue?scope=all&state=recommended`, asAdmin),
    await measure('getApplication as its assessor (workbench)', `${appUrl}/api/v1/applications/${mineId}`, asAssessor),
  ];
  await hello.close();
  await g.app.close();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });

  const rows = [
    { what: base.route, reqPerSec: base.reqPerSec, p50: base.p50, p95: base.p95, p99: base.p99, cpuUsPerReq: base.cpuUsPerReq, ratio: null as number | null, cpuRatio: null as number | null, met: null as boolean | null },
    ...results.map((r) => ({ what: r.route, reqPerSec: r.reqPerSec, p50: r.p50, p95: r.p95, p99: r.p99, cpuUsPerReq: r.cpuUsPerReq, ratio: r.p95 / base.p95, cpuRatio: r.cpuUsPerReq / base.cpuUsPerReq, met: r.p95 <= AIM_MS })),
  ];
  const head = ['operation', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'CPU µs/req', 'p95 × hello', 'CPU × hello', `aim p95 ≤ ${AIM_MS} ms`];
  const body = rows.map((r) => [
    r.what,
    Math.round(r.reqPerSec).toLocaleString('en-GB'),
    r.p50.toFixed(2),
    r.p95.toFixed(2),
    r.p99.toFixed(2),
    r.cpuUsPerReq.toFixed(0),
    r.ratio === null ? '(base)' : r.ratio.toFixed(1),
    r.cpuRatio === null ? '(base)' : r.cpuRatio.toFixed(1),
    r.met === null ? '—' : r.met ? 'yes' : 'NO',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\n${CONNECTIONS} concurrent clients, ${DURATION} s a route.\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const b of body) console.log(line(b));
  console.log('\nCPU µs/req is the serving process\'s own CPU time per answer: steadier than latency on a shared machine,');
  console.log(`where p95 at ${CONNECTIONS} clients is roughly ${CONNECTIONS} × that CPU time divided by the share of a core the server gets.`);

  const outDir = path.join(here, 'results');
  fs.mkdirSync(outDir, { recursive: true });
  const out = path.join(outDir, `assessment-${new Date().toISOString().slice(0, 10)}.json`);
  const machine = { node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown' };
  fs.writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), machine, applications: APPLICATIONS, assessors: ASSESSORS, connections: CONNECTIONS, durationSeconds: DURATION, aimMs: AIM_MS, http: rows }, null, 2)}\n`);
  console.log(`\nWrote ${path.relative(process.cwd(), out)} (${((Date.now() - started) / 1000).toFixed(0)} s in all).`);
}

await main();
