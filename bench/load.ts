// Load generator, run in its own process so it does not share an event loop with the servers.
// Reads one target from argv as JSON and prints one JSON result line on stdout.
import autocannon from 'autocannon';

export type LoadTarget = { url: string; headers?: Record<string, string>; connections: number; duration: number; warmup: number };
export type LoadResult = { reqPerSec: number; p50: number; p95: number; p99: number; total: number; non2xx: number; errors: number };

/** Percentile (0–100) of sorted values, nearest rank. */
function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

async function measure(t: LoadTarget): Promise<LoadResult> {
  if (t.warmup > 0) await autocannon({ url: t.url, headers: t.headers, connections: t.connections, duration: t.warmup });
  // autocannon reports p50/p90/p97.5/p99 only, so response times are collected here for p95.
  let times = new Float64Array(1 << 20);
  let n = 0;
  const run = autocannon({ url: t.url, headers: t.headers, connections: t.connections, duration: t.duration });
  (run as unknown as NodeJS.EventEmitter).on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => {
    if (n === times.length) {
      const bigger = new Float64Array(times.length * 2);
      bigger.set(times);
      times = bigger;
    }
    times[n++] = ms;
  });
  const r = await run;
  const sorted = times.subarray(0, n).sort();
  return {
    reqPerSec: r.requests.total / r.duration,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    total: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
}

const target = JSON.parse(process.argv[2] ?? '{}') as LoadTarget;
process.stdout.write(`${JSON.stringify(await measure(target))}\n`);
