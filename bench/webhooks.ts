// `npx tsx bench/webhooks.ts [--credentials N] [--fail-first F]`: a day's run suspending N credentials (default
// 10,000) of members who consented to one organisation, whose endpoint subscribes to suspensions. The status
// changes queue the deliveries in their transactions (batches of 1,000, as the daily CPD job commits); the
// sender then delivers them, signed, to a local receiver in a worker thread that answers 500 to the first F
// requests (default 2,000) and verifies every signature with the standardwebhooks library. The refused ones
// are retried when due (the clock is moved past their backoff). Counted at the receiver by webhook-id: every
// delivery accepted exactly once, none lost. Baseline in the same run: the same number of POSTs of the same
// bodies to the same receiver by a plain loop at the same concurrency (no database, no signing).
// Aim: ≥ 1,000 deliveries/s.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Config } from '../server/config.js';
import { migrateToLatest, openDatabase } from '../server/db/database.js';
import { changeCredentialStatus } from '../server/modules/credentials/index.js';
import { webhookNetwork } from '../server/modules/organisations/webhooks/addresses.js';
import { webhookSender } from '../server/modules/organisations/webhooks/sender.js';
import { newSecret } from '../server/modules/organisations/webhooks/webhooks.service.js';
import { loadDefaultScheme } from '../server/modules/schemes/default-scheme.js';
import { installScheme } from '../server/modules/schemes/install.js';
import { systemActor } from '../server/platform/audit.js';
import type { Platform } from '../server/platform/context.js';
import { newId } from '../server/platform/ids.js';
import { numberFlag } from './common.js';

const N = numberFlag('credentials', 10_000, { integer: true });
const FAIL_FIRST = numberFlag('fail-first', 2_000, { integer: true });
const CONCURRENCY = 64;
const AIM_PER_S = 1_000;

/** The receiver: its own thread (and event loop), so it does not share the sender's. */
const receiverSource = `
const http = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const { Webhook } = require(workerData.lib);
const verifier = workerData.secret ? new Webhook(workerData.secret) : null;
let requests = 0, refused = 0, badSignatures = 0;
const accepted = new Map();
const server = http.createServer((req, res) => {
  const parts = [];
  req.on('data', (c) => parts.push(c));
  req.on('end', () => {
    requests++;
    if (requests <= workerData.failFirst) { refused++; res.statusCode = 500; return res.end(); }
    if (verifier) {
      try { verifier.verify(Buffer.concat(parts).toString('utf8'), req.headers); } catch { badSignatures++; res.statusCode = 400; return res.end(); }
    }
    const id = req.headers['webhook-id'] || 'plain-' + requests;
    accepted.set(id, (accepted.get(id) || 0) + 1);
    res.statusCode = 204;
    res.end();
  });
});
server.keepAliveTimeout = 30000;
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
parentPort.on('message', () => {
  let doubled = 0;
  for (const n of accepted.values()) if (n > 1) doubled++;
  parentPort.postMessage({ requests, refused, badSignatures, acceptedIds: accepted.size, doubled });
  server.closeAllConnections();
  server.close();
});
`;

type Report = { requests: number; refused: number; badSignatures: number; acceptedIds: number; doubled: number };

async function startReceiver(secret: string | null, failFirst: number) {
  const w = new Worker(receiverSource, { eval: true, workerData: { secret, failFirst, lib: createRequire(import.meta.url).resolve('standardwebhooks') } });
  const port = await new Promise<number>((resolve, reject) => {
    w.once('message', (m: { port: number }) => resolve(m.port));
    w.once('error', reject);
  });
  return {
    url: `http://127.0.0.1:${port}/hook`,
    report: () =>
      new Promise<Report>((resolve) => {
        w.once('message', (m: Report) => {
          void w.terminate();
          resolve(m);
        });
        w.postMessage('report');
      }),
  };
}

/** The baseline: the same bodies POSTed by a plain loop, keep-alive, same concurrency. */
async function plainLoop(url: string, bodies: string[]): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const post = (body: string) =>
    new Promise<void>((resolve, reject) => {
      const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on('end', () => resolve());
      });
      req.on('error', reject);
      req.end(body);
    });
  const start = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < bodies.length) await post(bodies[next++] as string);
  }));
  agent.destroy();
  return (performance.now() - start) / 1000;
}

async function main() {
  webhookNetwork.allowLocalForTests = true;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'guildhall-bench-webhooks-'));
  const database = openDatabase({ kind: 'sqlite', file: path.join(dataDir, 'bench.sqlite') });
  await migrateToLatest(database.db);
  const sqlite = database.sqlite!;
  let now = new Date();
  const clock = { now: () => now };
  const at = now.toISOString();
  const bodyId = newId();
  await database.db.insertInto('bodies').values({ id: bodyId, slug: 'bench', name: 'Bench body', short_name: 'BB', country: 'GB', website: null, created_at: at }).execute();
  const { versionId } = await installScheme(database.db, { bodyId, scheme: loadDefaultScheme(), by: systemActor, now });

  // N consenting members with an active credential each, one organisation, one endpoint.
  const orgId = newId();
  const adminId = newId();
  const credentialIds: string[] = [];
  const secret = newSecret();
  const receiver = await startReceiver(secret, FAIL_FIRST);
  const endpointId = newId();
  sqlite.transaction(() => {
    const user = sqlite.prepare(`INSERT INTO users (id, email, name, password_hash, email_verified_at, status, country, created_at, updated_at) VALUES (?, ?, ?, NULL, ?, 'active', NULL, ?, ?)`);
    const credential = sqlite.prepare(
      `INSERT INTO credentials (id, holder_id, application_id, scheme_version_id, level_id, level_name, post_nominals, awarded_at, review_at, status, status_changed_at, created_at) VALUES (?, ?, NULL, ?, 'member', 'Member', 'MGH', ?, '2035-01-01T00:00:00.000Z', 'active', ?, ?)`,
    );
    const grant = sqlite.prepare(`INSERT INTO consent_grants (id, member_id, organisation_id, scope, text, text_version, granted_at, revoked_at) VALUES (?, ?, ?, 'credentials', 'My credentials', '1', ?, NULL)`);
    user.run(adminId, 'admin@bench.example.org', 'Bench admin', at, at, at);
    sqlite.prepare(`INSERT INTO organisations (id, slug, name, country, status, created_at, updated_at) VALUES (?, 'bench', 'Bench Ltd', 'GB', 'active', ?, ?)`).run(orgId, at, at);
    sqlite.prepare(`INSERT INTO organisation_members (organisation_id, user_id, role, added_at) VALUES (?, ?, 'admin', ?)`).run(orgId, adminId, at);
    sqlite
      .prepare(`INSERT INTO webhook_endpoints (id, organisation_id, url, description, events, status, secret, created_by, created_at, updated_at) VALUES (?, ?, ?, 'bench', '["credential.suspended"]', 'enabled', ?, ?, ?, ?)`)
      .run(endpointId, orgId, receiver.url, secret, adminId, at, at);
    for (let i = 0; i < N; i++) {
      const uid = newId();
      const cid = newId();
      user.run(uid, `holder${i}@bench.example.org`, `Holder ${i}`, at, at, at);
      credential.run(cid, uid, versionId, at, at, at);
      grant.run(newId(), uid, orgId, at);
      credentialIds.push(cid);
    }
  })();

  // Queueing: the suspensions, each queuing its delivery in its own status change's transaction.
  const queueStart = performance.now();
  for (let i = 0; i < N; i += 1000) {
    await database.db.transaction().execute(async (tx) => {
      for (const id of credentialIds.slice(i, i + 1000)) await changeCredentialStatus(tx, id, 'suspended', 'CPD shortfall', systemActor, now);
    });
  }
  const queueS = (performance.now() - queueStart) / 1000;

  const p = { config: { publicUrl: 'https://bench.example' } as Config, database, clock, logger: console, files: null, nudgeJobs: () => {} } as unknown as Platform;
  const sender = webhookSender(p, { concurrency: CONCURRENCY });
  const sendStart = performance.now();
  const first = await sender.deliverDue();
  // The refused ones are due again after their backoff (30 s ± 20%): move the clock past it.
  now = new Date(now.getTime() + 60_000);
  const second = await sender.deliverDue();
  const sendS = (performance.now() - sendStart) / 1000;
  sender.close();
  const got = await receiver.report();

  const counts = await database.db
    .selectFrom('webhook_deliveries')
    .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  const attempts = Number((await database.db.selectFrom('webhook_attempts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const bodies = (await database.db.selectFrom('webhook_deliveries').select('body').execute()).map((r) => r.body);

  const plain = await startReceiver(null, 0);
  const baselineS = await plainLoop(plain.url, bodies);
  await plain.report();

  const rate = N / sendS;
  const baseRate = bodies.length / baselineS;
  const rows = [
    ['suspensions queued (status change + deliveries)', `${N}`, `${queueS.toFixed(2)} s`, `${Math.round(N / queueS)} /s`, ''],
    ['webhook deliveries (claim, sign, POST, record)', `${N}`, `${sendS.toFixed(2)} s`, `${Math.round(rate)} /s`, `${(rate / baseRate).toFixed(2)}× baseline`],
    ['baseline: plain keep-alive POST loop', `${bodies.length}`, `${baselineS.toFixed(2)} s`, `${Math.round(baseRate)} /s`, '1.00×'],
  ];
  console.log(`\nWebhook fan-out, ${N} consented members, one endpoint, receiver refusing the first ${FAIL_FIRST} requests (${os.cpus().length} cores)\n`);
  console.log('| what | count | time | rate | ratio |\n| --- | --- | --- | --- | --- |');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  console.log(`\nFirst pass: ${first.delivered} delivered; after the backoff: ${second.delivered} delivered. Attempts logged: ${attempts}.`);
  console.log(`Delivery rows by status: ${counts.map((c) => `${c.status} ${c.n}`).join(', ')}`);
  console.log(`Receiver: ${got.requests} requests, ${got.refused} refused (500), ${got.acceptedIds} distinct webhook-ids accepted, ${got.doubled} accepted twice, ${got.badSignatures} bad signatures`);
  const ok = got.acceptedIds === N && got.doubled === 0 && got.badSignatures === 0 && attempts === got.requests;
  console.log(`None lost or doubled: ${ok ? 'yes' : 'NO'}; aim ≥ ${AIM_PER_S}/s: ${rate >= AIM_PER_S ? 'met' : 'missed'}`);
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (!ok) process.exitCode = 1;
}

await main();
