// `npx tsx bench/issuing.ts [--count N] [--baseline B]`: awards N credentials (default 10,000) to N
// members in a fresh SQLite database and issues them all through the issuing service in one call, as
// the sweep job does: status list places, Open Badges 3.0 credentials, batch Data Integrity proofs,
// VC-JWTs, one transaction per chunk. The baseline, in the same run, is the reference library's plain
// loop (@digitalbazaar/vc issue, one credential at a time) over B credentials (default 1,000); the
// library's BatchSigner alone over N credentials is shown too, so the service's own cost is visible.
// Reports each rate and the ratio (ratios travel between machines; absolutes do not). Aim: 1,000 a
// second through the service. Writes bench/results/issuing-<date>.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { migrateToLatest, openDatabase } from '../server/db/database.js';
import { BatchSigner } from '../server/modules/credentials/issuing/batch-sign.js';
import { badge, issuerWorld, NOW } from '../server/modules/credentials/credentials.fixtures.js';
import type { JsonObject } from '../server/modules/credentials/document-loader.js';
import { signCredential } from '../server/modules/credentials/issuing/sign.js';
import { verifyCredential } from '../server/modules/credentials/verifying/verify.js';
import { loadDefaultScheme } from '../server/modules/schemes/default-scheme.js';
import { installScheme } from '../server/modules/schemes/install.js';
import { systemActor } from '../server/platform/audit.js';
import { manualClock } from '../server/platform/clock.js';
import { newId } from '../server/platform/ids.js';
import { numberFlag } from './common.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const COUNT = numberFlag('count', 10_000, { integer: true });
const BASELINE = Math.min(COUNT, numberFlag('baseline', 1_000, { integer: true }));
const AIM = 1_000;

type Row = { label: string; count: number; seconds: number; perSecond: number };
async function timed(label: string, count: number, body: () => Promise<unknown>): Promise<Row> {
  const t0 = process.hrtime.bigint();
  await body();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { label, count, seconds, perSecond: count / seconds };
}

// ---- a fresh database with N awards ----
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'guildhall-bench-issuing-'));
const config = loadConfig({ LOG_LEVEL: 'silent', GUILDHALL_DATA_DIR: dataDir, PUBLIC_URL: 'https://guild.example', GUILDHALL_WORKER: '0' });
const database = openDatabase(config.database);
await migrateToLatest(database.db);
const clock = manualClock('2026-05-01T10:00:00.000Z');
const g = await buildApp({ config, database, clock, mailTransport: null });
const db = database.db;
const at = clock.now().toISOString();
const bodyId = newId();
await db.insertInto('bodies').values({ id: bodyId, slug: 'guild', name: 'IT Service Management Guild', short_name: 'ITSMG', country: 'GB', website: 'https://guild.example', created_at: at }).execute();
const { versionId } = await installScheme(db, { bodyId, scheme: loadDefaultScheme(), by: systemActor, now: clock.now() });
const levels = [['associate', 'Associate', 'AITSMG'], ['member', 'Member', 'MITSMG'], ['professional', 'Professional', 'PITSMG']] as const;
await db.transaction().execute(async (tx) => {
  for (let i = 0; i < COUNT; i += 1000) {
    const users = Array.from({ length: Math.min(1000, COUNT - i) }, (_, j) => ({ id: newId(), email: `member${i + j}@example.org`, name: `Member ${i + j}`, password_hash: null, email_verified_at: at, status: 'active' as const, country: 'GB', created_at: at, updated_at: at }));
    await tx.insertInto('users').values(users).execute();
    await tx
      .insertInto('credentials')
      .values(users.map((u, j) => {
        const [id, name, letters] = levels[(i + j) % 3]!;
        return { id: newId(), holder_id: u.id, application_id: null, scheme_version_id: versionId, level_id: id, level_name: name, post_nominals: letters, awarded_at: at, review_at: at, status: 'active' as const, status_changed_at: at, created_at: at };
      }))
      .execute();
  }
});
const issuing = g.services.credentials.issuing;
await g.services.credentials.issuer.signingKey(); // the first key is made on first need: not part of the batch

// ---- the baseline: the reference library's loop, in the same run ----
const w = await issuerWorld();
const loader = w.loader();
const samples = Array.from({ length: BASELINE }, (_, i) => badge(i, { level: levels[i % 3]![0] }));
for (const c of samples.slice(0, 20)) await signCredential(c, w.key, { documentLoader: loader, created: NOW }); // warm the contexts
const baseline = await timed('baseline: @digitalbazaar/vc issue, one at a time', BASELINE, async () => {
  for (const c of samples) await signCredential(c, w.key, { documentLoader: loader, created: NOW });
});

// ---- the library's batch signer alone over the same number (what the service adds shows against it) ----
const signer = new BatchSigner(w.key);
const many = Array.from({ length: COUNT }, (_, i) => badge(i, { level: levels[i % 3]![0] }));
await signer.signMany(many.slice(0, 200), NOW); // start the workers outside the timing, as signing.ts does
const signerOnly = await timed(`BatchSigner.signMany alone (this thread + ${os.availableParallelism() - 1} worker)`, COUNT, () => signer.signMany(many, NOW));
await signer.close();

// ---- the batch through the service ----
let progressCalls = 0;
let issued = 0;
const service = await timed(`issuePending (this thread + ${os.availableParallelism() - 1} worker), signing and storing`, COUNT, async () => {
  issued = (await issuing.issuePending({ progress: async () => void progressCalls++ })).issued;
});
if (issued !== COUNT) throw new Error(`issued ${issued} of ${COUNT}`);

// The figures only count if what was issued verifies against what we serve.
const resolve = g.services.credentials.own.resolve;
const stored = await db.selectFrom('issued_credentials').select(['jsonld', 'jwt']).orderBy('credential_id').execute();
for (const i of [0, Math.floor(stored.length / 2), stored.length - 1]) {
  for (const form of [JSON.parse(stored[i]!.jsonld) as JsonObject, stored[i]!.jwt]) {
    const verdict = await verifyCredential(form, { now: clock.now(), resolve });
    if (!verdict.verified) throw new Error(`credential ${i} does not verify: ${JSON.stringify(verdict.checks)}`);
  }
}
const lists = await db.selectFrom('status_lists').select(['purpose', 'allocated', 'length']).execute();

await g.app.close();
await database.close();
fs.rmSync(dataDir, { recursive: true, force: true });

const rows = [baseline, signerOnly, service];
const head = ['what', 'count', 'seconds', 'per s', 'ratio'];
const body = rows.map((r) => [r.label, r.count.toLocaleString('en-GB'), r.seconds.toFixed(2), Math.round(r.perSecond).toLocaleString('en-GB'), r === baseline ? '(base)' : (r.perSecond / baseline.perSecond).toFixed(1)]);
const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] as string).length)));
const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
console.log(`\n${line(head)}\n${widths.map((x) => '-'.repeat(x)).join('  ')}`);
for (const b of body) console.log(line(b));
console.log(`\nStatus lists: ${lists.map((l) => `${l.purpose} ${l.allocated}/${l.length}`).join(', ')}; progress reported ${progressCalls} times.`);
const met = service.perSecond >= AIM;
console.log(`Aim: ≥ ${AIM.toLocaleString('en-GB')} credentials a second issued through the service: ${met ? 'met' : 'NOT met'} (${Math.round(service.perSecond).toLocaleString('en-GB')}).`);

const outDir = path.join(here, 'results');
fs.mkdirSync(outDir, { recursive: true });
const file = path.join(outDir, `issuing-${new Date().toISOString().slice(0, 10)}.json`);
const machine = { node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown' };
fs.writeFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), machine, count: COUNT, baselineCount: BASELINE, aim: AIM, met, rows }, null, 2)}\n`);
console.log(`Wrote ${path.relative(process.cwd(), file)}.`);
