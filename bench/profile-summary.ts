// `tsx bench/profile-summary.ts <file.cpuprofile> [--top N]`: self time by function and by file of a V8 CPU
// profile (node --cpu-prof), as shares of the busy (non-idle) time.
import fs from 'node:fs';
import { numberFlag } from './common.js';

// Piped into `head`: stop quietly when the reader has had enough.
process.stdout.on('error', (err: NodeJS.ErrnoException) => process.exit(err.code === 'EPIPE' ? 0 : 1));

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount: number; children?: number[] };
const profile = JSON.parse(fs.readFileSync(process.argv[2] as string, 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[]; requests?: number };
const top = numberFlag('top', 40, { integer: true });
const short = (url: string) => url.replace(/^file:\/\//, '').replace(/.*\/node_modules\//, '').replace(/.*\/wt\/[^/]+\//, '');
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const selfById = new Map<number, number>();
for (let i = 0; i < profile.samples.length; i++) selfById.set(profile.samples[i] as number, (selfById.get(profile.samples[i] as number) ?? 0) + (profile.timeDeltas[i] ?? 0));
const idle = new Set(['(idle)', '(program)']);
let busy = 0;
const fn = new Map<string, number>();
const files = new Map<string, number>();
const inclusive = new Map<string, number>();
for (const [id, us] of selfById) {
  const n = byId.get(id) as Node;
  if (idle.has(n.callFrame.functionName)) continue;
  busy += us;
  const key = `${n.callFrame.functionName || '(anonymous)'} ${short(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
  fn.set(key, (fn.get(key) ?? 0) + us);
  const f = short(n.callFrame.url).split('/').slice(0, 3).join('/') || n.callFrame.functionName;
  files.set(f, (files.get(f) ?? 0) + us);
  // Inclusive: each distinct function on the stack once.
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const c = (byId.get(at) as Node).callFrame;
    const k = `${c.functionName || '(anonymous)'} ${short(c.url)}:${c.lineNumber + 1}`;
    if (seen.has(k)) continue;
    seen.add(k);
    inclusive.set(k, (inclusive.get(k) ?? 0) + us);
  }
}
const perRequest = (us: number) => (profile.requests ? `${(us / profile.requests).toFixed(2).padStart(7)} µs  ` : '');
const print = (title: string, m: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${((100 * us) / busy).toFixed(1).padStart(5)}%  ${perRequest(us)}${k}`);
};
console.log(`busy ${(busy / 1e6).toFixed(2)} s${profile.requests ? `, ${profile.requests} requests, ${(busy / profile.requests).toFixed(1)} µs a request` : ''}`);
print('self time by function', fn);
print('self time by file', files);
print('inclusive time by function', inclusive);
