// `npm run bench [-- --duration N]`: boots Guildhall on a generated SQLite database and a bare
// Fastify hello-world beside it, loads each route with autocannon from a separate process, and
// reports every figure as a ratio of hello-world measured in the same run (absolutes do not travel).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import { buildApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { migrateToLatest, openDatabase } from '../server/db/database.js';
import { provisionUser } from '../server/modules/accounts/provision.js';
import { systemActor } from '../server/platform/audit.js';
import { newId } from '../server/platform/ids.js';
import { hashPassword } from '../server/platform/passwords.js';
import { measureInterleaved, numberFlag, pairedRatio, type SlicedMeasure } from './common.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const duration = numberFlag('duration', 10);
const warmup = Math.min(2, Math.max(1, Math.round(duration / 5)));
// Slices of about a second, interleaved (hello, health, me, hello, ...): each route's ratio is the median of
// its ratios to the hello-world slice beside it, so a shared machine's drift (hello-world itself has ranged
// from 20,000 to 35,000 requests a second between runs here) cancels out of each pair.
const rounds = numberFlag('rounds', Math.max(1, Math.min(10, Math.round(duration))), { integer: true });
const connections = numberFlag('connections', 50);
const USERS = numberFlag('users', 10_000);
const PASSWORD = 'bench-password-2026-long';

type Row = { route: string; figures: SlicedMeasure; ratio: number | null; ratioRange: [number, number] | null; cpuRatio: number | null; aim: number | null; met: boolean | null };

/** Generates the database: migrations, USERS members inserted in one transaction, one bench user. */
async function seed(dataDir: string) {
  const database = openDatabase({ kind: 'sqlite', file: path.join(dataDir, 'bench.sqlite') });
  await migrateToLatest(database.db);
  const sqlite = database.sqlite as NonNullable<typeof database.sqlite>;
  const hash = await hashPassword(PASSWORD);
  const at = new Date().toISOString();
  const user = sqlite.prepare(
    `INSERT INTO users (id, email, name, password_hash, email_verified_at, status, country, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 'active', NULL, ?, ?)`,
  );
  const role = sqlite.prepare(`INSERT INTO user_roles (user_id, role, granted_by, granted_at) VALUES (?, 'member', NULL, ?)`);
  sqlite.transaction(() => {
    for (let i = 0; i < USERS; i++) {
      const id = newId();
      user.run(id, `member${i}@bench.example.org`, `Member ${i}`, hash, at, at, at);
      role.run(id, at);
    }
  })();
  await provisionUser(database.db, { email: 'bench@bench.example.org', name: 'Bench User', roles: [], passwordHash: hash }, systemActor, new Date());
  return database;
}

async function main() {
  const started = Date.now();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'guildhall-bench-'));
  const database = await seed(dataDir);
  const config = loadConfig({ LOG_LEVEL: 'silent', GUILDHALL_DATA_DIR: dataDir, RATE_LIMIT_PER_MINUTE: '1000000000', GUILDHALL_WORKER: '0', PORT: '0' });
  const g = await buildApp({ config: { ...config, database: { kind: 'sqlite', file: path.join(dataDir, 'bench.sqlite') } }, database, mailTransport: null });
  const appUrl = await g.app.listen({ port: 0, host: '127.0.0.1' });

  const signIn = await g.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'bench@bench.example.org', password: PASSWORD } });
  const cookie = signIn.cookies.find((c) => c.name === 'gh_session');
  if (signIn.statusCode !== 200 || !cookie) throw new Error(`sign-in failed: ${signIn.statusCode} ${signIn.body}`);

  const hello = Fastify({ logger: false });
  hello.get('/', async () => ({ hello: 'world' }));
  const helloUrl = await hello.listen({ port: 0, host: '127.0.0.1' });
  console.log(`Seeded ${USERS} users in ${((Date.now() - started) / 1000).toFixed(1)} s; ${duration} s a route at -c ${connections} (warm-up ${warmup} s; ${rounds} interleaved rounds).`);

  const targets: Array<{ route: string; url: string; headers?: Record<string, string>; aim: number | null }> = [
    { route: 'hello-world (bare Fastify)', url: `${helloUrl}/`, aim: null },
    { route: 'GET /api/health', url: `${appUrl}/api/health`, aim: 0.8 },
    { route: 'GET /api/v1/me (getCurrentUser)', url: `${appUrl}/api/v1/me`, headers: { cookie: `gh_session=${cookie.value}` }, aim: 0.5 },
  ];
  // Measured in `rounds` interleaved slices (hello, health, me, hello, ...): see measureInterleaved.
  const measured = await measureInterleaved(targets.map((t) => ({ route: t.route, target: { url: t.url, headers: t.headers, connections } })), rounds, duration / rounds, warmup);
  const base = measured[0]!;
  const rows: Row[] = targets.map((t, i) => {
    const f = measured[i]!;
    const paired = t.aim === null ? null : pairedRatio(base, f);
    return {
      route: t.route,
      figures: f,
      ratio: paired?.ratio ?? null,
      ratioRange: paired ? [paired.low, paired.high] : null,
      cpuRatio: paired?.cpuRatio ?? null,
      aim: t.aim,
      met: t.aim === null || paired === null ? null : paired.ratio >= t.aim,
    };
  });
  await hello.close();
  await g.app.close();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });

  printTable(rows);
  const date = new Date().toISOString().slice(0, 10);
  const outDir = path.join(here, 'results');
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `foundation-${date}.json`);
  const machine = { node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown' };
  fs.writeFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), machine, users: USERS, connections, durationSeconds: duration, rounds, rows }, null, 2)}\n`);
  console.log(`\nWrote ${path.relative(process.cwd(), file)} (${((Date.now() - started) / 1000).toFixed(0)} s in all).`);
}

function printTable(rows: Row[]) {
  const head = ['route', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'CPU µs/req', 'ratio', 'range', 'CPU ratio', 'aim', 'met'];
  const body = rows.map((r) => [
    r.route,
    Math.round(r.figures.reqPerSec).toLocaleString('en-GB'),
    r.figures.p50.toFixed(2),
    r.figures.p95.toFixed(2),
    r.figures.p99.toFixed(2),
    r.figures.cpuUsPerReq.toFixed(0),
    r.ratio === null ? '(base)' : r.ratio.toFixed(2),
    r.ratioRange === null ? '' : `${r.ratioRange[0].toFixed(2)}–${r.ratioRange[1].toFixed(2)}`,
    r.cpuRatio === null ? '(base)' : r.cpuRatio.toFixed(2),
    r.aim === null ? '—' : `≥ ${r.aim}`,
    r.met === null ? '—' : r.met ? 'yes' : 'NO',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] as string).length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
  console.log(`\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const b of body) console.log(line(b));
  console.log(`\nratio: req/s against hello-world (the aim), the median over ${rounds} slices of each against the hello-world slice beside it;`);
  console.log('range: the lowest and highest slice. CPU ratio: hello-world\'s server CPU per request over the route\'s, the same way.');
}

await main();
