// Small pieces every benchmark shares: command-line numbers, a seeded random source, percentiles,
// a fresh database, HTTP load from a child process, the app on a benchmark's database with a signed-in
// session, and the latency table the HTTP benchmarks print.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { migrateToLatest, openDatabase } from '../server/db/database.js';
import type { LoadResult, LoadTarget } from './load.js';

type Database = ReturnType<typeof openDatabase>;

const args = process.argv.slice(2);

/** The number after `--name` on the command line, or `fallback`; refuses anything not positive (or not whole). */
export function numberFlag(name: string, fallback: number, opts: { integer?: boolean } = {}): number {
  const i = args.indexOf(`--${name}`);
  const v = i >= 0 ? Number(args[i + 1]) : fallback;
  const ok = opts.integer ? Number.isInteger(v) && v > 0 : Number.isFinite(v) && v > 0;
  if (!ok) throw new Error(`--${name} needs a positive ${opts.integer ? 'whole ' : ''}number`);
  return v;
}

/** A small seeded generator (mulberry32), so every run works on the same generated data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Percentile (0–100) of sorted values, nearest rank. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

/**
 * A migrated SQLite database in a new temporary directory (guildhall-bench-<name>-…), with its file and
 * raw handle; `remove` closes it and deletes the directory.
 */
export async function freshBenchDatabase(name: string) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `guildhall-bench-${name}-`));
  const file = path.join(dataDir, 'bench.sqlite');
  const database = openDatabase({ kind: 'sqlite', file }, { checkpointInBackground: true });
  await migrateToLatest(database.db);
  const remove = async () => {
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  return { dataDir, file, database, sqlite: database.sqlite!, remove };
}

const loadScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'load.ts');

/**
 * With two or more processors and taskset (util-linux) at hand, the load generator keeps to the last
 * processor, so that it cannot be moved onto the servers' processor for part of a slice. The servers' own
 * threads are left to the scheduler: a thread they start later (the checkpointer, a signing pool) would
 * inherit any processor set given to them.
 */
const pinTo = os.cpus().length >= 2 && process.platform === 'linux' && spawnSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' }).status === 0 ? String(os.cpus().length - 1) : null;

/**
 * One load generator for the whole benchmark (tsx, bench/load.ts --serve), started at the first measurement
 * and kept warm: a generator started afresh for every slice of a second spent part of each slice compiling
 * autocannon, which moved the paired ratios by more than the changes they measured. It ends when this process does.
 */
let generator: { send: (line: string, timeoutMs: number) => Promise<string> } | null = null;
function loadGenerator() {
  if (generator) return generator;
  const [cmd, args] = pinTo ? ['taskset', ['-c', pinTo, process.execPath]] : [process.execPath, []];
  const child = spawn(cmd, [...args, '--import', 'tsx', loadScript, '--serve'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const waiting: Array<{ resolve: (line: string) => void; reject: (e: Error) => void }> = [];
  const pipes = [child.stdin, child.stdout] as unknown as Array<{ ref(): void; unref(): void }>;
  const idle = () => {
    child.unref();
    for (const p of pipes) p.unref();
  };
  let buffered = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    for (let i = buffered.indexOf('\n'); i >= 0; i = buffered.indexOf('\n')) {
      const line = buffered.slice(0, i);
      buffered = buffered.slice(i + 1);
      waiting.shift()?.resolve(line);
    }
    if (waiting.length === 0) idle();
  });
  child.on('exit', (code) => {
    generator = null;
    for (const w of waiting.splice(0)) w.reject(new Error(`the load generator stopped (exit ${code})`));
  });
  idle();
  generator = {
    send: (line, timeoutMs) =>
      new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => child.kill(), timeoutMs);
        const settled = <T>(then: (v: T) => void) => (v: T) => {
          clearTimeout(timer);
          then(v);
        };
        waiting.push({ resolve: settled(resolve), reject: settled(reject) });
        child.ref();
        for (const p of pipes) p.ref();
        child.stdin.write(`${line}\n`);
      }),
  };
  return generator;
}

/** Runs one measurement in the load generator's process and returns its result; the servers keep serving meanwhile. */
export async function runLoad(target: LoadTarget): Promise<LoadResult> {
  // A target with large bodies goes by file: one line of JSON on a pipe is fine, but kept small all the same.
  const json = JSON.stringify(target);
  const file = json.length > 64 * 1024 ? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'guildhall-load-')), 'target.json') : null;
  if (file) fs.writeFileSync(file, json);
  try {
    return JSON.parse(await loadGenerator().send(file ? `@${file}` : json, (target.duration + 30) * 1000)) as LoadResult;
  } finally {
    if (file) fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

/** A load run's response times, copied out: a small Buffer may sit at an offset of the shared pool that is not 4-aligned. */
const latenciesOf = (r: LoadResult): Float32Array => {
  const bytes = Buffer.from(r.latencies, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
};

/** One HTTP route's figures: latencies, and this process's CPU per request (the servers run here, the load in a child). */
export type HttpMeasure = { route: string; reqPerSec: number; p50: number; p95: number; p99: number; cpuUsPerReq: number };

/** Warms `target` up, then loads it for `duration` seconds; any non-2xx answer or error fails the benchmark. */
export async function measureHttp(route: string, target: Omit<LoadTarget, 'duration'>, duration: number): Promise<HttpMeasure> {
  await runLoad({ ...target, duration: Math.min(2, duration / 4) });
  const cpu = process.cpuUsage();
  const r = await runLoad({ ...target, duration });
  const used = process.cpuUsage(cpu);
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${route}: ${r.non2xx} non-2xx answers and ${r.errors} errors`);
  const all = latenciesOf(r).sort();
  return { route, reqPerSec: r.requests / r.seconds, p50: percentile(all, 50), p95: percentile(all, 95), p99: percentile(all, 99), cpuUsPerReq: (used.user + used.system) / r.requests };
}

/** A route's figures over interleaved slices, with each slice's own rate and CPU. */
export type SlicedMeasure = HttpMeasure & { slices: Array<{ reqPerSec: number; cpuUsPerReq: number }> };

/**
 * Warms every target up (`warmup` seconds each), then loads them in turn, `slices` times for `seconds` each (a, b, c, a, b, c, ...),
 * so that drift in a shared machine's load touches all of them alike; pairedRatio then compares slices
 * taken side by side. Any non-2xx answer or error fails the benchmark.
 */
export async function measureInterleaved(
  targets: Array<{ route: string; target: Omit<LoadTarget, 'duration'> }>,
  slices: number,
  seconds: number,
  warmup = Math.max(1, Math.min(2, seconds)),
): Promise<SlicedMeasure[]> {
  for (const t of targets) await runLoad({ ...t.target, duration: warmup });
  const acc = targets.map(() => ({ requests: 0, seconds: 0, cpuUs: 0, latencies: [] as Float32Array[], slices: [] as SlicedMeasure['slices'] }));
  for (let s = 0; s < slices; s++) {
    for (const [i, t] of targets.entries()) {
      const cpu = process.cpuUsage();
      const r = await runLoad({ ...t.target, duration: seconds });
      const used = process.cpuUsage(cpu);
      if (r.non2xx > 0 || r.errors > 0) throw new Error(`${t.route}: ${r.non2xx} non-2xx answers and ${r.errors} errors; the figure would be meaningless`);
      const a = acc[i]!;
      a.requests += r.requests;
      a.seconds += r.seconds;
      a.cpuUs += used.user + used.system;
      a.slices.push({ reqPerSec: r.requests / r.seconds, cpuUsPerReq: (used.user + used.system) / r.requests });
      a.latencies.push(latenciesOf(r));
    }
  }
  return acc.map((a, i) => {
    const all = new Float32Array(a.latencies.reduce((n, l) => n + l.length, 0));
    let at = 0;
    for (const l of a.latencies) {
      all.set(l, at);
      at += l.length;
    }
    all.sort();
    return { route: targets[i]!.route, reqPerSec: a.requests / a.seconds, p50: percentile(all, 50), p95: percentile(all, 95), p99: percentile(all, 99), cpuUsPerReq: a.cpuUs / a.requests, slices: a.slices };
  });
}

const median = (xs: number[]) => percentile([...xs].sort((x, y) => x - y), 50);

/**
 * A route against the base (hello-world) measured beside it: the median of the slice-by-slice ratios of
 * requests a second (the aims' figure) with their range, and the same for CPU per request (base over route).
 */
export function pairedRatio(base: SlicedMeasure, route: SlicedMeasure): { ratio: number; low: number; high: number; cpuRatio: number } {
  const ratios = route.slices.map((m, i) => m.reqPerSec / base.slices[i]!.reqPerSec);
  return { ratio: median(ratios), low: Math.min(...ratios), high: Math.max(...ratios), cpuRatio: median(route.slices.map((m, i) => base.slices[i]!.cpuUsPerReq / m.cpuUsPerReq)) };
}

/**
 * Guildhall on a benchmark's own SQLite database, listening on a free port with no job worker and no
 * rate limit, and a signed-in session of `email` (cookie and CSRF header).
 */
export async function benchApp(database: Database, dataDir: string, file: string, email: string, password: string) {
  const config = loadConfig({ LOG_LEVEL: 'silent', GUILDHALL_DATA_DIR: dataDir, RATE_LIMIT_PER_MINUTE: '1000000000', GUILDHALL_WORKER: '0', PORT: '0' });
  const g = await buildApp({ config: { ...config, database: { kind: 'sqlite', file } }, database, mailTransport: null });
  const appUrl = await g.app.listen({ port: 0, host: '127.0.0.1' });
  const signIn = await g.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password } });
  const cookie = signIn.cookies.find((c) => c.name === 'gh_session');
  if (signIn.statusCode !== 200 || !cookie) throw new Error(`sign-in failed: ${signIn.statusCode} ${signIn.body}`);
  const headers = { cookie: `gh_session=${cookie.value}`, 'x-csrf-token': signIn.json().csrfToken as string };
  return { g, appUrl, headers };
}


/** A latency table row: a measured route against the base, or the base itself (ratios null). */
export type LatencyRow = HttpMeasure & { ratio: number | null; cpuRatio: number | null; met: boolean | null };

/**
 * Prints routes measured against a base in the same run, with p95 and CPU as multiples of the base's and
 * whether each met a p95 aim; answers the rows, for the run's JSON record.
 */
export function printLatencyTable(title: string, base: HttpMeasure, measured: HttpMeasure[], aimMs: number): LatencyRow[] {
  const table: LatencyRow[] = [
    { ...base, ratio: null, cpuRatio: null, met: null },
    ...measured.map((m) => ({ ...m, ratio: m.p95 / base.p95, cpuRatio: m.cpuUsPerReq / base.cpuUsPerReq, met: m.p95 <= aimMs })),
  ];
  const head = ['operation', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'p95 × hello', 'CPU µs/req', 'CPU × hello', `p95 ≤ ${aimMs} ms`];
  const body = table.map((r) => [
    r.route,
    Math.round(r.reqPerSec).toLocaleString('en-GB'),
    r.p50.toFixed(2),
    r.p95.toFixed(2),
    r.p99.toFixed(2),
    r.ratio === null ? '(base)' : r.ratio.toFixed(1),
    Math.round(r.cpuUsPerReq).toLocaleString('en-GB'),
    r.cpuRatio === null ? '(base)' : r.cpuRatio.toFixed(1),
    r.met === null ? '—' : r.met ? 'yes' : 'NO',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] as string).length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
  console.log(`\n${title}\n`);
  console.log(`${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const b of body) console.log(line(b));
  return table;
}
