// `npx tsx bench/cpd.ts [--duration N]`: the CPD module end to end on a generated SQLite database.
// (1) getCpdSummary for a member with 1,000 activities counted under 4 rule sets (the body's credential and
// three tracked ones): latency through the service and over HTTP one request at a time; aim p95 ≤ 10 ms.
// (2) logCpdActivity over HTTP at 50 concurrent clients beside a bare Fastify hello-world measured in the same
// run (autocannon in its own process); aim ≥ 0.3 of hello-world's requests a second.
// Prints a table with ratios; writes bench/results/cpd-<date>.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import { cpdActivityTypes, cpdTypeSpecs } from '../contracts/cpd.js';
import { migrateToLatest, openDatabase } from '../server/db/database.js';
import { provisionUser } from '../server/modules/accounts/provision.js';
import { addDays, isoDay } from '../server/modules/cpd/cpd.dates.js';
import { loadDefaultScheme } from '../server/modules/schemes/default-scheme.js';
import { installScheme } from '../server/modules/schemes/install.js';
import { systemActor } from '../server/platform/audit.js';
import { newId } from '../server/platform/ids.js';
import { hashPassword } from '../server/platform/passwords.js';
import { benchApp, measureHttp, measureInterleaved, numberFlag, pairedRatio, percentile, type SlicedMeasure, seededRandom } from './common.js';
import type { LoadTarget } from './load.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const DURATION = numberFlag('duration', 10);
const ACTIVITIES = 1000;
const CONNECTIONS = 50;
const PASSWORD = 'bench-password-2026-long';
const rnd = seededRandom(20261125);
const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));

const measure = (route: string, target: Omit<LoadTarget, 'duration'>) => measureHttp(route, target, DURATION);

async function main() {
  const started = Date.now();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'guildhall-bench-cpd-'));
  const file = path.join(dataDir, 'bench.sqlite');
  const database = openDatabase({ kind: 'sqlite', file }, { checkpointInBackground: true });
  await migrateToLatest(database.db);
  const now = new Date();
  const at = now.toISOString();
  const today = isoDay(now);
  const bodyId = newId();
  await database.db.insertInto('bodies').values({ id: bodyId, slug: 'bench', name: 'Bench body', short_name: 'BB', country: 'GB', website: null, created_at: at }).execute();
  const { versionId } = await installScheme(database.db, { bodyId, scheme: loadDefaultScheme(), by: systemActor, now });
  const memberId = await provisionUser(database.db, { email: 'bench@bench.example.org', name: 'Bench Member', roles: ['member'], passwordHash: await hashPassword(PASSWORD) }, systemActor, now);

  // The body's credential (awarded four years ago: cycle 2, with rollover) and three tracked credentials.
  const awarded = new Date(now.getTime() - 4 * 365 * 86_400_000).toISOString();
  await database.db.insertInto('credentials').values({ id: newId(), holder_id: memberId, application_id: null, scheme_version_id: versionId, level_id: 'member', level_name: 'Member', post_nominals: null, awarded_at: awarded, review_at: at, status: 'active', status_changed_at: awarded, created_at: at }).execute();
  for (const [key, name] of [['project-management', 'PM'], ['it-audit', 'Audit'], ['information-security', 'Security']] as const)
    await database.db.insertInto('cpd_tracked_credentials').values({ id: newId(), member_id: memberId, name, issuer: 'Another body', rule_set_key: key, cycle_start: addDays(today, -int(200, 900)), created_at: at, updated_at: at }).execute();
  const rows = Array.from({ length: ACTIVITIES }, () => {
    const type = cpdActivityTypes[int(0, cpdActivityTypes.length - 1)]!;
    return { id: newId(), member_id: memberId, type, title: `${cpdTypeSpecs[type].label} ${int(1, 999)}`, occurred_on: addDays(today, -int(0, 6 * 365)), quarters: int(1, 80), provider: 'Bench Training', learned: 'Something learned', apply: 'Something to apply', details: '{}', source: 'manual' as const, verified: 0, provider_id: null, import_id: null, row_key: null, activity_code: null, audit_status: null, created_at: at, updated_at: at, deleted_at: null };
  });
  for (let i = 0; i < rows.length; i += 100) await database.db.insertInto('cpd_activities').values(rows.slice(i, i + 100)).execute();

  const { g, appUrl, headers } = await benchApp(database, dataDir, file, 'bench@bench.example.org', PASSWORD);
  const check = await g.app.inject({ method: 'GET', url: '/api/v1/me/cpd/summary', headers });
  if (check.statusCode !== 200) throw new Error(`getCpdSummary: ${check.statusCode} ${check.body}`);
  const summary = check.json();
  if (summary.credentials.length !== 4 || summary.activityCount !== ACTIVITIES) throw new Error(`expected 4 credentials and ${ACTIVITIES} activities, got ${summary.credentials.length} and ${summary.activityCount}`);

  // getCpdSummary through the service, one call at a time (no HTTP).
  const actor = { userId: memberId, email: 'bench@bench.example.org', name: 'Bench Member', country: null, emailVerified: true, roles: new Set(['member'] as const), via: 'session' as const, sessionId: null, csrfToken: null, scopes: null };
  const ctx = { actor, ip: null, requestId: null, userAgent: null };
  for (let i = 0; i < 200; i++) await g.services.cpd.summary(ctx);
  const times: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const t = process.hrtime.bigint();
    await g.services.cpd.summary(ctx);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  const service = { p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99) };

  const hello = Fastify({ logger: false });
  hello.get('/', async () => ({ hello: 'world' }));
  const helloUrl = await hello.listen({ port: 0, host: '127.0.0.1' });
  const sum1 = await measure(`GET /api/v1/me/cpd/summary (${ACTIVITIES} activities, 4 rule sets, ${(check.rawPayload.length / 1024).toFixed(0)} KiB), 1 client`, { url: `${appUrl}/api/v1/me/cpd/summary`, headers, connections: 1 });
  const body = JSON.stringify({ type: 'training', title: 'Bench course', occurredOn: today, hours: 1.5, provider: 'Bench Training', learned: 'Something learned', apply: 'Something to apply', details: {} });
  // hello-world, getCurrentUser and logCpdActivity in interleaved slices of about a second, each compared
  // with the hello-world slice beside it (bench/common.ts: measureInterleaved, pairedRatio).
  const slices = Math.max(1, Math.min(10, Math.round(DURATION)));
  const [base, me, logged] = (await measureInterleaved(
    [
      { route: 'hello-world (bare Fastify), 50 clients', target: { url: `${helloUrl}/`, connections: CONNECTIONS } },
      { route: 'GET /api/v1/me (getCurrentUser: auth, no work), 50 clients', target: { url: `${appUrl}/api/v1/me`, headers, connections: CONNECTIONS } },
      { route: 'POST /api/v1/me/cpd/activities (logCpdActivity), 50 clients', target: { url: `${appUrl}/api/v1/me/cpd/activities`, headers: { ...headers, 'content-type': 'application/json' }, connections: CONNECTIONS, method: 'POST', body } },
    ],
    slices,
    DURATION / slices,
  )) as [SlicedMeasure, SlicedMeasure, SlicedMeasure];
  const meVs = pairedRatio(base, me);
  const loggedVs = pairedRatio(base, logged);
  const vs = (p: ReturnType<typeof pairedRatio>) => `${p.ratio.toFixed(2)}× req/s (${p.low.toFixed(2)}–${p.high.toFixed(2)}), CPU ${p.cpuRatio.toFixed(2)}×`;
  await hello.close();
  await g.app.close();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });

  const table = [
    { what: base.route, reqPerSec: base.reqPerSec, p50: base.p50, p95: base.p95, p99: base.p99, cpuUsPerReq: base.cpuUsPerReq as number | null, ratio: '(base)', aim: '—', met: null as boolean | null },
    { what: me.route, reqPerSec: me.reqPerSec, p50: me.p50, p95: me.p95, p99: me.p99, cpuUsPerReq: me.cpuUsPerReq, ratio: vs(meVs), aim: '(reference)', met: null },
    { what: 'getCpdSummary through the service, uncached, 1 at a time', reqPerSec: 1000 / service.p50, p50: service.p50, p95: service.p95, p99: service.p99, cpuUsPerReq: null, ratio: '—', aim: 'p95 ≤ 10 ms', met: service.p95 <= 10 },
    { what: sum1.route, reqPerSec: sum1.reqPerSec, p50: sum1.p50, p95: sum1.p95, p99: sum1.p99, cpuUsPerReq: sum1.cpuUsPerReq, ratio: `${(sum1.p95 / base.p95).toFixed(1)}× p95`, aim: 'p95 ≤ 10 ms', met: sum1.p95 <= 10 },
    { what: logged.route, reqPerSec: logged.reqPerSec, p50: logged.p50, p95: logged.p95, p99: logged.p99, cpuUsPerReq: logged.cpuUsPerReq, ratio: vs(loggedVs), aim: '≥ 0.3× hello req/s', met: loggedVs.ratio >= 0.3 },
  ];
  const head = ['operation', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'CPU µs/req', 'vs hello', 'aim', 'met'];
  const cells = table.map((r) => [r.what, Math.round(r.reqPerSec).toLocaleString('en-GB'), r.p50.toFixed(2), r.p95.toFixed(2), r.p99.toFixed(2), r.cpuUsPerReq === null ? '—' : r.cpuUsPerReq.toFixed(0), r.ratio, r.aim, r.met === null ? '—' : r.met ? 'yes' : 'NO']);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((b) => b[i]!.length)));
  const line = (cs: string[]) => cs.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const c of cells) console.log(line(c));
  console.log(`\nvs hello: the median over ${slices} interleaved slices of each against the hello-world slice beside it (range in brackets); CPU ×: hello-world's server CPU per request over the route's; load average ${os.loadavg().map((l) => l.toFixed(2)).join(', ')}.`);

  const outDir = path.join(here, 'results');
  fs.mkdirSync(outDir, { recursive: true });
  const out = path.join(outDir, `cpd-${new Date().toISOString().slice(0, 10)}.json`);
  const machine = { node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', loadavg: os.loadavg() };
  fs.writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), machine, durationSeconds: DURATION, activities: ACTIVITIES, ruleSets: 4, rows: table }, null, 2)}\n`);
  console.log(`\nWrote ${path.relative(process.cwd(), out)} (${((Date.now() - started) / 1000).toFixed(0)} s in all).`);
}

await main();
