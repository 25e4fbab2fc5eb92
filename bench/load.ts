// Load generator, run in its own process so it does not share an event loop with the servers.
// Reads one target from argv as JSON and prints one JSON result line on stdout; with `--serve`, stays up and
// answers one result line for each target line (or `@file` line) read from stdin, until stdin closes, so a
// run of many short slices measures with one warmed-up generator instead of starting a new one each time.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';

/** `bodies`: POST bodies each connection sends in turn (instead of one `body`). */
export type LoadTarget = { url: string; headers?: Record<string, string>; connections: number; duration: number; method?: 'GET' | 'POST'; body?: string; bodies?: string[] };
/** `latencies` are every response time in ms, as base64 of a Float32Array, so runs can be merged. */
export type LoadResult = { requests: number; seconds: number; non2xx: number; errors: number; latencies: string };

async function measure(t: LoadTarget): Promise<LoadResult> {
  // autocannon reports p50/p90/p97.5/p99 only, so response times are collected here for p95.
  let times = new Float32Array(1 << 18);
  let n = 0;
  const requests = t.bodies?.map((body) => ({ method: 'POST' as const, body }));
  const run = autocannon({ url: t.url, headers: t.headers, connections: t.connections, duration: t.duration, method: t.method ?? 'GET', body: t.body, ...(requests ? { requests } : {}) });
  (run as unknown as NodeJS.EventEmitter).on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => {
    if (n === times.length) {
      const bigger = new Float32Array(times.length * 2);
      bigger.set(times);
      times = bigger;
    }
    times[n++] = ms;
  });
  const r = await run;
  return {
    requests: r.requests.total,
    seconds: r.duration,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    latencies: Buffer.from(times.buffer, 0, n * 4).toString('base64'),
  };
}

const targetOf = (arg: string) => JSON.parse(arg.startsWith('@') ? readFileSync(arg.slice(1), 'utf8') : arg) as LoadTarget;
if (process.argv[2] === '--serve') {
  for await (const line of createInterface({ input: process.stdin })) if (line.trim()) process.stdout.write(`${JSON.stringify(await measure(targetOf(line)))}\n`);
} else process.stdout.write(`${JSON.stringify(await measure(targetOf(process.argv[2] ?? '{}')))}\n`);
