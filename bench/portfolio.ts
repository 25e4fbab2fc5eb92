// `npx tsx bench/portfolio.ts [--duration N] [--members N]`: the portfolio module end to end on a generated
// SQLite database. (1) getEligibility over HTTP for a member with 200 items at 20 concurrent clients
// (autocannon in its own process), beside a bare Fastify hello-world and the cheapest signed-in route
// (getCurrentUser) measured in the same run; aim p95 ≤ 5 ms.
// (2) The impact preview of a new scheme version over N generated members (default 100,000) through the
// service (read from the database in batches, both versions evaluated), beside a baseline that only reads and
// JSON-parses the same rows; aim ≤ 5 s. Prints a table with ratios; writes bench/results/portfolio-<date>.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import type { PortfolioItem } from '../contracts/portfolio.js';
import { migrateToLatest, openDatabase } from '../server/db/database.js';
import { provisionUser } from '../server/modules/accounts/provision.js';
import { cert, degree, job, oneOff, period, talk } from '../server/modules/portfolio/eligibility.fixtures.js';
import { dataOf } from '../server/modules/portfolio/portfolio.repository.js';
import { loadDefaultScheme } from '../server/modules/schemes/default-scheme.js';
import { installScheme } from '../server/modules/schemes/install.js';
import { systemActor } from '../server/platform/audit.js';
import { newId } from '../server/platform/ids.js';
import { hashPassword } from '../server/platform/passwords.js';
import { benchApp, measureHttp, numberFlag, seededRandom } from './common.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const DURATION = numberFlag('duration', 10);
const MEMBERS = numberFlag('members', 100_000);
const CONNECTIONS = 20;
const PASSWORD = 'bench-password-2026-long';

const rnd = seededRandom(20261125);
const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)]!;
const day = (from: number, to: number) => `${int(from, to)}-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}`;
const certs = ['itil4-foundation', 'itil4-cds', 'itil4-dsv', 'itil4-hvit', 'itil4-dpi', 'itil4-managing-professional', 'itil-v3-foundation', 'iso20000-foundation', 'iso20000-practitioner'];

/** A plausible portfolio of about `size` items (ids are replaced by row ids on insert). */
function portfolio(size: number): PortfolioItem[] {
  const items: PortfolioItem[] = [];
  let start = int(1996, 2020);
  for (let j = 0; items.length < size; j++) {
    const r = rnd();
    if (r < 0.2 && start < 2025) {
      const len = int(1, 6);
      items.push(job(`w${j}`, `${start}-${String(int(1, 12)).padStart(2, '0')}-01`, start + len >= 2026 ? null : `${start + len}-06-30`, Math.min(7, 2 + (j % 5)), rnd() < 0.85));
      start += len;
    } else if (r < 0.5) items.push(cert(`c${j}`, pick(certs), day(2005, 2025)));
    else if (r < 0.75) items.push(talk(`t${j}`, day(2010, 2025)));
    else if (r < 0.85) items.push(oneOff(`a${j}`, pick(['article', 'paper', 'book-chapter'] as const), day(2010, 2025)));
    else if (r < 0.95) items.push(period(`m${j}`, pick(['committee', 'mentoring'] as const), day(2010, 2020), rnd() < 0.5 ? null : day(2021, 2025)));
    else items.push(degree(`e${j}`, pick(['bachelors-degree', 'masters-degree'] as const), day(1995, 2020)));
  }
  return items;
}

const measure = (route: string, url: string, headers?: Record<string, string>) => measureHttp(route, { url, headers, connections: CONNECTIONS }, DURATION);

async function main() {
  const started = Date.now();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'guildhall-bench-portfolio-'));
  const file = path.join(dataDir, 'bench.sqlite');
  const database = openDatabase({ kind: 'sqlite', file });
  await migrateToLatest(database.db);
  const sqlite = database.sqlite!;
  const now = new Date();
  const at = now.toISOString();
  const bodyId = newId();
  await database.db.insertInto('bodies').values({ id: bodyId, slug: 'bench', name: 'Bench body', short_name: 'BB', country: 'GB', website: null, created_at: at }).execute();
  const { schemeId } = await installScheme(database.db, { bodyId, scheme: loadDefaultScheme(), by: systemActor, now });
  const hash = await hashPassword(PASSWORD);
  const benchUser = await provisionUser(database.db, { email: 'bench@bench.example.org', name: 'Bench User', roles: ['scheme_admin'], passwordHash: hash }, systemActor, now);

  const user = sqlite.prepare(`INSERT INTO users (id, email, name, password_hash, email_verified_at, status, country, created_at, updated_at) VALUES (?, ?, ?, NULL, ?, 'active', NULL, ?, ?)`);
  const item = sqlite.prepare(`INSERT INTO portfolio_items (id, member_id, kind, data, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`);
  const insertItems = (memberId: string, items: PortfolioItem[]) => {
    for (const it of items) {
      const id = newId();
      item.run(id, memberId, it.kind, dataOf({ ...it, id }), at, at);
    }
  };
  let itemRows = 0;
  sqlite.transaction(() => {
    const mine = portfolio(200);
    insertItems(benchUser, mine);
    itemRows += mine.length;
    for (let i = 0; i < MEMBERS; i++) {
      const id = newId();
      user.run(id, `member${i}@bench.example.org`, `Member ${i}`, at, at, at);
      const items = portfolio(int(2, 12));
      insertItems(id, items);
      itemRows += items.length;
    }
  })();
  console.log(`Seeded ${MEMBERS.toLocaleString('en-GB')} members and ${itemRows.toLocaleString('en-GB')} portfolio items in ${((Date.now() - started) / 1000).toFixed(1)} s.`);

  const { g, appUrl, headers } = await benchApp(database, dataDir, file, 'bench@bench.example.org', PASSWORD);
  const check = await g.app.inject({ method: 'GET', url: '/api/v1/me/eligibility', headers });
  if (check.statusCode !== 200) throw new Error(`getEligibility: ${check.statusCode} ${check.body}`);
  const reached = check.json().evaluation.reached?.name ?? 'no level';

  const hello = Fastify({ logger: false });
  hello.get('/', async () => ({ hello: 'world' }));
  const helloUrl = await hello.listen({ port: 0, host: '127.0.0.1' });
  const base = await measure('hello-world (bare Fastify)', `${helloUrl}/`);
  const me = await measure('GET /api/v1/me (getCurrentUser: auth, no work)', `${appUrl}/api/v1/me`, headers);
  const elig = await measure(`GET /api/v1/me/eligibility (200 items, ${reached}, ${(check.rawPayload.length / 1024).toFixed(1)} KiB)`, `${appUrl}/api/v1/me/eligibility`, headers);
  await hello.close();

  // The impact preview, through the service: reads every portfolio in batches and evaluates both versions.
  const draft = structuredClone(loadDefaultScheme());
  draft.version = '2026.2';
  draft.levels.find((l) => l.id === 'member')!.requirements.minTotal = 130;
  draft.catalogue.find((e) => e.id === 'itil-v3-foundation')!.retired = true;
  const readStart = process.hrtime.bigint();
  let parsed = 0;
  for (const row of sqlite.prepare('SELECT member_id, data FROM portfolio_items ORDER BY member_id, id').iterate() as Iterable<{ data: string }>) parsed += (JSON.parse(row.data) as object) ? 1 : 0;
  const readSeconds = Number(process.hrtime.bigint() - readStart) / 1e9;
  const actor = { userId: benchUser, email: 'bench@bench.example.org', name: 'Bench User', country: null, emailVerified: true, roles: new Set(['scheme_admin'] as const), via: 'session' as const, sessionId: null, csrfToken: null, scopes: null };
  const impactStart = process.hrtime.bigint();
  const review = await g.services.schemes.upload({ actor, ip: null, requestId: null, userAgent: null }, schemeId, draft);
  const impactSeconds = Number(process.hrtime.bigint() - impactStart) / 1e9;
  await g.app.close();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });

  const rows = [
    { what: base.route, reqPerSec: base.reqPerSec, p50: base.p50, p95: base.p95, p99: base.p99, ratio: null as number | null, aim: '—', met: null as boolean | null },
    { what: me.route, reqPerSec: me.reqPerSec, p50: me.p50, p95: me.p95, p99: me.p99, ratio: me.p95 / base.p95, aim: '(reference)', met: null },
    { what: elig.route, reqPerSec: elig.reqPerSec, p50: elig.p50, p95: elig.p95, p99: elig.p99, ratio: elig.p95 / base.p95, aim: 'p95 ≤ 5 ms', met: elig.p95 <= 5 },
  ];
  const head = ['operation', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'p95 × hello', 'aim', 'met'];
  const body = rows.map((r) => [r.what, Math.round(r.reqPerSec).toLocaleString('en-GB'), r.p50.toFixed(2), r.p95.toFixed(2), r.p99.toFixed(2), r.ratio === null ? '(base)' : r.ratio.toFixed(1), r.aim, r.met === null ? '—' : r.met ? 'yes' : 'NO']);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const b of body) console.log(line(b));
  console.log(`\nImpact preview over ${review.impact.members.toLocaleString('en-GB')} members (${parsed.toLocaleString('en-GB')} items): ${impactSeconds.toFixed(2)} s (aim ≤ 5 s: ${impactSeconds <= 5 ? 'yes' : 'NO'});`);
  console.log(`baseline, reading and JSON-parsing the same rows: ${readSeconds.toFixed(2)} s; ratio ${(impactSeconds / readSeconds).toFixed(1)}×.`);
  console.log(`(${review.impact.higher} higher, ${review.impact.lower} lower; Member eligible ${review.impact.levels.find((l) => l.id === 'member')?.eligibleBefore} → ${review.impact.levels.find((l) => l.id === 'member')?.eligibleAfter})`);

  const outDir = path.join(here, 'results');
  fs.mkdirSync(outDir, { recursive: true });
  const out = path.join(outDir, `portfolio-${new Date().toISOString().slice(0, 10)}.json`);
  const machine = { node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown' };
  fs.writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), machine, connections: CONNECTIONS, durationSeconds: DURATION, http: rows, impact: { members: review.impact.members, items: parsed, seconds: impactSeconds, baselineReadSeconds: readSeconds, ratio: impactSeconds / readSeconds } }, null, 2)}\n`);
  console.log(`\nWrote ${path.relative(process.cwd(), out)} (${((Date.now() - started) / 1000).toFixed(0)} s in all).`);
}

await main();
