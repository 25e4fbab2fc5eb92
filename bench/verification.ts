// `npm run bench:verification [-- --duration N --connections C --count N]`: the public verification of
// one of our credentials by id (GET /api/v1/verify?credential=<id>: signature against our DID document,
// status against our status lists), as the certificate's QR code asks for it, under autocannon beside a
// bare Fastify hello-world route in the same run. Aim: ≥ 0.5 of hello-world (raw better-sqlite3 plus
// Fastify reaches about 0.52 on this kind of machine). Also shows what one uncached verification costs,
// which is what the verdict cache (per credential, tagged with the status epoch) saves on every request
// after the first. Writes bench/results/verification-<date>.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import { buildApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { migrateToLatest, openDatabase } from '../server/db/database.js';
import { verifyCredential } from '../server/modules/credentials/verifying/verify.js';
import { createRemoteResolver } from '../server/modules/credentials/verifying/remote-resolver.js';
import { loadDefaultScheme } from '../server/modules/schemes/default-scheme.js';
import { installScheme } from '../server/modules/schemes/install.js';
import { systemActor } from '../server/platform/audit.js';
import { newId } from '../server/platform/ids.js';
import { measureInterleaved, numberFlag } from './common.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const duration = numberFlag('duration', 10);
const connections = numberFlag('connections', 50, { integer: true });
const COUNT = numberFlag('count', 1_000, { integer: true });
const AIM = 0.5;
const rounds = duration >= 4 ? 2 : 1;
const warmup = Math.min(2, Math.max(1, Math.round(duration / 5)));

// ---- a fresh database with COUNT issued credentials ----
const started = Date.now();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'guildhall-bench-verify-'));
const config = loadConfig({ LOG_LEVEL: 'silent', GUILDHALL_DATA_DIR: dataDir, PUBLIC_URL: 'https://guild.example', GUILDHALL_WORKER: '0', RATE_LIMIT_PER_MINUTE: '1000000000', PORT: '0' });
const database = openDatabase(config.database);
await migrateToLatest(database.db);
const g = await buildApp({ config, database, mailTransport: null });
const db = database.db;
const at = new Date().toISOString();
const bodyId = newId();
await db.insertInto('bodies').values({ id: bodyId, slug: 'guild', name: 'IT Service Management Guild', short_name: 'ITSMG', country: 'GB', website: 'https://guild.example', created_at: at }).execute();
const { versionId } = await installScheme(db, { bodyId, scheme: loadDefaultScheme(), by: systemActor, now: new Date() });
const ids: string[] = [];
await db.transaction().execute(async (tx) => {
  for (let i = 0; i < COUNT; i += 500) {
    const users = Array.from({ length: Math.min(500, COUNT - i) }, (_, j) => ({ id: newId(), email: `member${i + j}@example.org`, name: `Member ${i + j}`, password_hash: null, email_verified_at: at, status: 'active' as const, country: 'GB', created_at: at, updated_at: at }));
    await tx.insertInto('users').values(users).execute();
    const rows = users.map((u) => ({ id: newId(), holder_id: u.id, application_id: null, scheme_version_id: versionId, level_id: 'member', level_name: 'Member', post_nominals: 'MITSMG', awarded_at: at, review_at: at, status: 'active' as const, status_changed_at: at, created_at: at }));
    ids.push(...rows.map((r) => r.id));
    await tx.insertInto('credentials').values(rows).execute();
  }
});
await g.services.credentials.issuing.issuePending();
const id = ids[Math.floor(COUNT / 2)]!;
const check = await g.app.inject({ method: 'GET', url: `/api/v1/verify?credential=${id}` });
if (check.statusCode !== 200 || check.json().verified !== true) throw new Error(`the credential does not verify: ${check.statusCode} ${check.body}`);

// ---- what one uncached verification costs (the work the cache saves), in this process ----
const own = g.services.credentials.own;
const resolve = createRemoteResolver({ publicUrl: config.publicUrl, own: own.resolve });
const sample = await Promise.all(ids.slice(0, 200).map((x) => own.issuedCredential(x)));
const t0 = process.hrtime.bigint();
for (const c of sample) if (!(await verifyCredential(c!, { now: new Date(), resolve })).verified) throw new Error('a sample does not verify');
const uncachedPerSecond = sample.length / (Number(process.hrtime.bigint() - t0) / 1e9);

// ---- the HTTP figures: hello-world and the by-id route, warmed, then in interleaved rounds ----
const appUrl = await g.app.listen({ port: 0, host: '127.0.0.1' });
const hello = Fastify({ logger: false });
hello.get('/', async () => ({ hello: 'world' }));
const helloUrl = await hello.listen({ port: 0, host: '127.0.0.1' });
console.log(`Issued ${COUNT} credentials in ${((Date.now() - started) / 1000).toFixed(1)} s; ${duration} s a route at -c ${connections} (warm-up ${warmup} s; ${rounds} interleaved rounds).`);

const targets = [
  { route: 'hello-world (bare Fastify)', url: `${helloUrl}/` },
  { route: 'GET /api/v1/verify?credential=<id>', url: `${appUrl}/api/v1/verify?credential=${id}` },
];
const figures = await measureInterleaved(targets.map((t) => ({ route: t.route, target: { url: t.url, connections } })), rounds, duration / rounds, warmup);
await hello.close();
await g.app.close();
await database.close();
fs.rmSync(dataDir, { recursive: true, force: true });

const base = figures[0]!.reqPerSec;
const rows = figures.map((f, i) => ({ ...f, ratio: i === 0 ? null : f.reqPerSec / base, cpuRatio: i === 0 ? null : figures[0]!.cpuUsPerReq / f.cpuUsPerReq }));
const head = ['route', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'CPU µs/req', 'ratio', 'CPU ratio', 'aim', 'met'];
const body = rows.map((r) => [
  r.route,
  Math.round(r.reqPerSec).toLocaleString('en-GB'),
  r.p50.toFixed(2),
  r.p95.toFixed(2),
  r.p99.toFixed(2),
  r.cpuUsPerReq.toFixed(0),
  r.ratio === null ? '(base)' : r.ratio.toFixed(2),
  r.cpuRatio === null ? '(base)' : r.cpuRatio.toFixed(2),
  r.ratio === null ? '—' : `≥ ${AIM}`,
  r.ratio === null ? '—' : r.ratio >= AIM ? 'yes' : 'NO',
]);
const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
console.log(`\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
for (const b of body) console.log(line(b));
const byId = rows[1]!;
console.log(`\nCPU ratio: hello-world's server CPU per request over the route's (steadier on a shared machine); load average ${os.loadavg().map((l) => l.toFixed(2)).join(', ')}.`);
console.log(`\nUncached verification of one credential (status lists + signature, in process): ${Math.round(uncachedPerSecond).toLocaleString('en-GB')} a second;`);
console.log(`the cached route answers ${(byId.reqPerSec / uncachedPerSecond).toFixed(0)} times as many.`);

const outDir = path.join(here, 'results');
fs.mkdirSync(outDir, { recursive: true });
const file = path.join(outDir, `verification-${new Date().toISOString().slice(0, 10)}.json`);
const machine = { node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown' };
fs.writeFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), machine, credentials: COUNT, connections, durationSeconds: duration, rounds, aim: AIM, rows, uncachedPerSecond }, null, 2)}\n`);
console.log(`Wrote ${path.relative(process.cwd(), file)} (${((Date.now() - started) / 1000).toFixed(0)} s in all).`);
