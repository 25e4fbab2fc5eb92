// `npm run bench:verify-foreign [-- --duration N --connections C]`: verifying another issuer's credential
// pasted on /verify, as an employer's system would send it: an Open Badges 3.0 credential signed with
// ecdsa-rdfc-2019 (P-256) by a did:key issuer, POST /api/v1/verify, beside a bare Fastify hello-world
// route in the same run, one credential again and again and then 1,500 issuers' credentials in turn (so the
// keys prepared per issuer do not help). Aim: ≥ 300 verifications a second at 50 clients. Then the health check's p99
// alone and while hostile verify requests (too large, too deep, made-up proofs, many valid ones) run
// beside it from another process. Aim: p99 ≤ 50 ms. Writes bench/results/verify-foreign-<date>.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import { cryptosuite as ecdsaRdfc2019 } from '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import Fastify from 'fastify';
import { buildApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { migrateToLatest, openDatabase } from '../server/db/database.js';
import { trainingBadge } from '../server/demo/foreign-samples.js';
import { createDocumentLoader, type JsonObject } from '../server/modules/credentials/document-loader.js';
import { measureInterleaved, numberFlag, pairedRatio, runLoad, percentile } from './common.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const duration = numberFlag('duration', 10);
const connections = numberFlag('connections', 50, { integer: true });
const AIM_PER_SECOND = 300;
const AIM_HEALTH_P99_MS = 50;
const rounds = duration >= 4 ? 2 : 1;
const HOSTILE_CONNECTIONS = 8;
const started = Date.now();

/** An Open Badges 3.0 achievement credential from a did:key P-256 issuer, signed with ecdsa-rdfc-2019. */
async function foreignBadge(): Promise<JsonObject> {
  const keyPair = await EcdsaMultikey.generate({ curve: 'P-256' });
  const did = `did:key:${keyPair.publicKeyMultibase}`;
  keyPair.id = `${did}#${keyPair.publicKeyMultibase}`;
  keyPair.controller = did;
  const credential = trainingBadge(did);
  const suite = new DataIntegrityProof({ signer: keyPair.signer(), cryptosuite: ecdsaRdfc2019 });
  return vc.issue({ credential, suite, documentLoader: createDocumentLoader() });
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'guildhall-bench-verify-foreign-'));
const config = loadConfig({ LOG_LEVEL: 'silent', GUILDHALL_DATA_DIR: dataDir, PUBLIC_URL: 'https://guild.example', GUILDHALL_WORKER: '0', RATE_LIMIT_PER_MINUTE: '1000000000', PORT: '0' });
const database = openDatabase(config.database);
await migrateToLatest(database.db);
const g = await buildApp({ config, database, mailTransport: null });
const badge = await foreignBadge();
// As many issuers as the verifier keeps keys for, and more: each request then meets a key it has not prepared.
const ISSUERS = 1_500;
const manyIssuers = [];
for (let i = 0; i < ISSUERS; i++) manyIssuers.push(JSON.stringify({ credential: await foreignBadge() }));
const body = JSON.stringify({ credential: badge });
const first = await g.app.inject({ method: 'POST', url: '/api/v1/verify', headers: { 'content-type': 'application/json' }, payload: body });
const verdict = first.json() as { verified: boolean; checks: Array<{ check: string; ok: boolean; reason: string }> };
if (first.statusCode !== 200) throw new Error(`the verify route answered ${first.statusCode}: ${first.body}`);
// A credential refused early would measure the wrong path.
if (!verdict.verified) throw new Error(`the benchmark credential does not verify: ${verdict.checks.filter((c) => !c.ok).map((c) => c.reason).join(' ')}`);

const another = (await g.app.inject({ method: 'POST', url: '/api/v1/verify', headers: { 'content-type': 'application/json' }, payload: manyIssuers[ISSUERS - 1] })).json() as { verified: boolean };
if (!another.verified) throw new Error('a credential of the many issuers does not verify');

const appUrl = await g.app.listen({ port: 0, host: '127.0.0.1' });
const hello = Fastify({ logger: false });
hello.get('/', async () => ({ hello: 'world' }));
const helloUrl = await hello.listen({ port: 0, host: '127.0.0.1' });
console.log(`${duration} s a route at -c ${connections}, ${rounds} interleaved rounds; body ${body.length.toLocaleString('en-GB')} bytes.`);

const post = { method: 'POST' as const, headers: { 'content-type': 'application/json' }, body };
const [base, verify, coldKeys] = await measureInterleaved(
  [
    { route: 'hello-world (bare Fastify)', target: { url: `${helloUrl}/`, connections } },
    { route: 'POST /api/v1/verify (ecdsa-rdfc-2019, did:key)', target: { url: `${appUrl}/api/v1/verify`, connections, ...post } },
    { route: `  the same, ${ISSUERS.toLocaleString('en-GB')} issuers in turn`, target: { url: `${appUrl}/api/v1/verify`, connections, method: 'POST' as const, headers: post.headers, bodies: manyIssuers } },
  ],
  rounds,
  duration / rounds,
);
const paired = pairedRatio(base!, verify!);
const pairedCold = pairedRatio(base!, coldKeys!);

// ---- health alone, then health beside hostile and heavy verify requests ----
const hostileBodies = [
  JSON.stringify({ credential: { ...badge, credentialSubject: Array.from({ length: 3_000 }, (_, i) => ({ id: `did:example:${i}` })) } }),
  `{"credential":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}}`,
  JSON.stringify({ credential: { ...badge, credentialSubject: { ...(badge['credentialSubject'] as JsonObject), extra: Array.from({ length: 900 }, (_, i) => `value ${i}`) } } }),
  body,
];
const healthTarget = { url: `${appUrl}/api/health`, connections: 4 };
const healthAlone = await runLoad({ ...healthTarget, duration: duration / 2 });
// One attacking process on 8 connections, each sending the bodies in turn: on two cores more load
// generators would measure the generators' share of the CPU, not the server.
const hostile = [runLoad({ url: `${appUrl}/api/v1/verify`, connections: HOSTILE_CONNECTIONS, duration: duration / 2 + 1, method: 'POST', headers: { 'content-type': 'application/json' }, bodies: hostileBodies })];
await new Promise((r) => setTimeout(r, 500));
const healthBeside = await runLoad({ ...healthTarget, duration: duration / 2 });
const hostileResults = await Promise.all(hostile);
const p99 = (r: { latencies: string }) => {
  const bytes = Buffer.from(r.latencies, 'base64');
  const all = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length)).sort();
  return percentile(all, 99);
};

await hello.close();
await g.app.close();
await database.close();
fs.rmSync(dataDir, { recursive: true, force: true });

const rows = [
  ['hello-world (bare Fastify)', Math.round(base!.reqPerSec).toLocaleString('en-GB'), base!.p99.toFixed(1), '(base)', '—', '—'],
  [verify!.route, Math.round(verify!.reqPerSec).toLocaleString('en-GB'), verify!.p99.toFixed(1), `${paired.ratio.toFixed(3)} (${paired.low.toFixed(3)}–${paired.high.toFixed(3)})`, `≥ ${AIM_PER_SECOND}/s`, verify!.reqPerSec >= AIM_PER_SECOND ? 'yes' : 'NO'],
  [coldKeys!.route, Math.round(coldKeys!.reqPerSec).toLocaleString('en-GB'), coldKeys!.p99.toFixed(1), `${pairedCold.ratio.toFixed(3)} (${pairedCold.low.toFixed(3)}–${pairedCold.high.toFixed(3)})`, `≥ ${AIM_PER_SECOND}/s`, coldKeys!.reqPerSec >= AIM_PER_SECOND ? 'yes' : 'NO'],
  ['GET /api/health, alone (4 clients)', Math.round(healthAlone.requests / healthAlone.seconds).toLocaleString('en-GB'), p99(healthAlone).toFixed(1), '—', '—', '—'],
  ['GET /api/health, beside hostile verify (8 clients)', Math.round(healthBeside.requests / healthBeside.seconds).toLocaleString('en-GB'), p99(healthBeside).toFixed(1), `${(p99(healthBeside) / p99(healthAlone)).toFixed(2)}× alone's p99`, `p99 ≤ ${AIM_HEALTH_P99_MS} ms`, p99(healthBeside) <= AIM_HEALTH_P99_MS ? 'yes' : 'NO'],
];
const head = ['route', 'req/s', 'p99 ms', 'ratio', 'aim', 'met'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
console.log(`\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
for (const r of rows) console.log(line(r));
const answered = hostileResults.reduce((n, r) => n + r.requests, 0);
const refused = hostileResults.reduce((n, r) => n + r.non2xx, 0);
console.log(`\nHostile and heavy verify requests beside the health check: ${answered.toLocaleString('en-GB')} answered, ${refused.toLocaleString('en-GB')} of them refused (413, 400, 503), as they should be.`);
console.log(`Ratio: the verify route's requests a second over hello-world's, median of the rounds (range). Load average ${os.loadavg().map((l) => l.toFixed(2)).join(', ')}.`);

const outDir = path.join(here, 'results');
fs.mkdirSync(outDir, { recursive: true });
const file = path.join(outDir, `verify-foreign-${new Date().toISOString().slice(0, 10)}.json`);
const machine = { node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown' };
fs.writeFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), machine, connections, durationSeconds: duration, rounds, verified: verdict.verified, base, verify, paired, coldKeys, pairedCold, healthAloneP99: p99(healthAlone), healthBesideP99: p99(healthBeside), hostileAnswered: answered, hostileRefused: refused }, null, 2)}\n`);
console.log(`Wrote ${path.relative(process.cwd(), file)} (${((Date.now() - started) / 1000).toFixed(0)} s in all).`);
