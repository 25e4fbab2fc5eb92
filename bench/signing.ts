// `npx tsx bench/signing.ts [--count N] [--baseline B]`: signs N generated Open Badges 3.0 credentials
// (default 10,000) with our batch signer, and B of them (default 1,000) with the reference library's plain
// loop (@digitalbazaar/vc issue, one credential at a time) as the baseline, in the same run on the same
// credentials; reports each rate and the ratio (absolutes do not travel between machines; ratios do).
// Aim: 1,000 a second in the batch. Writes bench/results/signing-<date>.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BatchSigner } from '../server/modules/credentials/issuing/batch-sign.js';
import { badge, issuerWorld, NOW } from '../server/modules/credentials/credentials.fixtures.js';
import { signCredential } from '../server/modules/credentials/issuing/sign.js';
import { verifyCredential } from '../server/modules/credentials/verifying/verify.js';
import { numberFlag } from './common.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const COUNT = numberFlag('count', 10_000, { integer: true });
const BASELINE = Math.min(COUNT, numberFlag('baseline', 1_000, { integer: true }));
const AIM = 1_000;

type Row = { label: string; count: number; seconds: number; perSecond: number; perCpuSecond: number };

async function timed(label: string, count: number, body: () => Promise<unknown>): Promise<Row> {
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  await body();
  const c = process.cpuUsage(c0);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  // CPU of this process counts the worker threads too.
  return { label, count, seconds, perSecond: count / seconds, perCpuSecond: count / ((c.user + c.system) / 1e6) };
}

const w = await issuerWorld();
const credentials = Array.from({ length: COUNT }, (_, i) => badge(i, { level: ['associate', 'member', 'professional'][i % 3] }));
const documentLoader = w.loader();

// Warm both paths (context processing, the workers' start) outside the timings.
for (const c of credentials.slice(0, 20)) await signCredential(c, w.key, { documentLoader, created: NOW });
const signer = new BatchSigner(w.key);
await signer.signMany(credentials.slice(0, 200), NOW);

const baseline = await timed('baseline: @digitalbazaar/vc issue, one at a time', BASELINE, async () => {
  for (const c of credentials.slice(0, BASELINE)) await signCredential(c, w.key, { documentLoader, created: NOW });
});
let signed: Awaited<ReturnType<BatchSigner['signMany']>> = [];
const batch = await timed(`batch signer (this thread + ${os.availableParallelism() - 1} worker)`, COUNT, async () => {
  signed = await signer.signMany(credentials, NOW);
});
const single = new BatchSigner(w.key, { workers: 0 });
const oneThread = await timed('batch signer, this thread only', COUNT, () => single.signMany(credentials, NOW));
await Promise.all([signer.close(), single.close()]);

// The figures only count if what was signed verifies.
for (const i of [0, Math.floor(COUNT / 2), COUNT - 1]) {
  const verdict = await verifyCredential(signed[i]!, { now: NOW, resolve: w.resolve });
  if (!verdict.verified) throw new Error(`credential ${i} does not verify: ${JSON.stringify(verdict.checks)}`);
}

const rows = [baseline, batch, oneThread];
const head = ['what', 'count', 'seconds', 'per s', 'per CPU s', 'ratio'];
const body = rows.map((r) => [r.label, r.count.toLocaleString('en-GB'), r.seconds.toFixed(2), Math.round(r.perSecond).toLocaleString('en-GB'), Math.round(r.perCpuSecond).toLocaleString('en-GB'), r === baseline ? '(base)' : (r.perSecond / baseline.perSecond).toFixed(1)]);
const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] as string).length)));
const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
console.log(`\n${line(head)}\n${widths.map((x) => '-'.repeat(x)).join('  ')}`);
for (const b of body) console.log(line(b));
const met = batch.perSecond >= AIM;
console.log(`\nAim: ≥ ${AIM.toLocaleString('en-GB')} credentials a second in the batch: ${met ? 'met' : 'NOT met'} (${Math.round(batch.perSecond).toLocaleString('en-GB')}).`);

const outDir = path.join(here, 'results');
fs.mkdirSync(outDir, { recursive: true });
const file = path.join(outDir, `signing-${new Date().toISOString().slice(0, 10)}.json`);
const machine = { node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown' };
fs.writeFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), machine, count: COUNT, baselineCount: BASELINE, aim: AIM, met, rows }, null, 2)}\n`);
console.log(`Wrote ${path.relative(process.cwd(), file)}.`);
