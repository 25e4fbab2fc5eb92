// `npx tsx bench/profile.ts <hello|headers|health|me|cpd> [--duration N]`: serves one route under load from a child process
// (autocannon, 50 clients) and records a V8 CPU profile of this process during the measured load only (not
// start-up or warm-up), written to .tmp/profile-<route>.cpuprofile; `npx tsx bench/profile-summary.ts <file>`
// then lists self and inclusive time by function. Open the file in Chrome DevTools for a flame chart.
// `headers` is hello-world answering with our response headers: what those headers alone cost (decision 0018).
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { migrateToLatest, openDatabase } from '../server/db/database.js';
import { provisionUser } from '../server/modules/accounts/provision.js';
import { isoDay } from '../server/modules/cpd/cpd.dates.js';
import { loadDefaultScheme } from '../server/modules/schemes/default-scheme.js';
import { installScheme } from '../server/modules/schemes/install.js';
import { systemActor } from '../server/platform/audit.js';
import { securityHeaders } from '../server/platform/http/security-headers.js';
import { newId } from '../server/platform/ids.js';
import { hashPassword } from '../server/platform/passwords.js';
import { benchApp, numberFlag, runLoad } from './common.js';

const which = process.argv[2] ?? 'me';
const duration = numberFlag('duration', 8);
const PASSWORD = 'bench-password-2026-long';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'guildhall-profile-'));
const file = path.join(dataDir, 'bench.sqlite');
// As deployed (server/main.ts): the write-ahead log checkpointed on a worker thread.
const database = openDatabase({ kind: 'sqlite', file }, { checkpointInBackground: true });
await migrateToLatest(database.db);
const now = new Date();
const at = now.toISOString();
const bodyId = newId();
await database.db.insertInto('bodies').values({ id: bodyId, slug: 'bench', name: 'Bench body', short_name: 'BB', country: 'GB', website: null, created_at: at }).execute();
const { versionId } = await installScheme(database.db, { bodyId, scheme: loadDefaultScheme(), by: systemActor, now });
const memberId = await provisionUser(database.db, { email: 'bench@bench.example.org', name: 'Bench Member', roles: ['member'], passwordHash: await hashPassword(PASSWORD) }, systemActor, now);
await database.db.insertInto('credentials').values({ id: newId(), holder_id: memberId, application_id: null, scheme_version_id: versionId, level_id: 'member', level_name: 'Member', post_nominals: null, awarded_at: at, review_at: at, status: 'active', status_changed_at: at, created_at: at }).execute();

const { g, appUrl, headers } = await benchApp(database, dataDir, file, 'bench@bench.example.org', PASSWORD);

const hello = Fastify({ logger: false });
hello.get('/', async () => ({ hello: 'world' }));
const withHeaders = Fastify({ logger: false });
const fixed = securityHeaders({ secure: false });
withHeaders.get('/', async (_req, reply) => {
  reply.headers(fixed).header('x-request-id', newId()).header('cache-control', 'no-store');
  return { hello: 'world' };
});
const withHeadersUrl = await withHeaders.listen({ port: 0, host: '127.0.0.1' });
const helloUrl = await hello.listen({ port: 0, host: '127.0.0.1' });

const body = JSON.stringify({ type: 'training', title: 'Bench course', occurredOn: isoDay(now), hours: 1.5, provider: 'Bench Training', learned: 'Something learned', apply: 'Something to apply', details: {} });
const targets = {
  hello: { url: `${helloUrl}/` },
  headers: { url: `${withHeadersUrl}/` },
  health: { url: `${appUrl}/api/health` },
  me: { url: `${appUrl}/api/v1/me`, headers },
  cpd: { url: `${appUrl}/api/v1/me/cpd/activities`, headers: { ...headers, 'content-type': 'application/json' }, method: 'POST' as const, body },
};
const target = targets[which as keyof typeof targets];
if (!target) throw new Error(`profile: one of ${Object.keys(targets).join(', ')}`);
await runLoad({ ...target, connections: 50, duration: 1 });
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 100 });
await session.post('Profiler.start');
const r = await runLoad({ ...target, connections: 50, duration });
const { profile } = await session.post('Profiler.stop');
session.disconnect();
const out = path.join(process.cwd(), '.tmp', `profile-${which}.cpuprofile`);
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify({ ...profile, requests: r.requests }));
console.log(`wrote ${path.relative(process.cwd(), out)}`);
console.log(`${which}: ${Math.round(r.requests / r.seconds)} req/s, ${r.non2xx} non-2xx, ${r.errors} errors`);
await hello.close();
await withHeaders.close();
await g.app.close();
await database.close();
fs.rmSync(dataDir, { recursive: true, force: true });
