// The verification load test: hostile verify requests (too large, too deep, too wide, made-up proofs)
// sent from another process in parallel with health checks over a real socket. Only the health
// checks' latency is measured, so a slow or busy machine changes how many hostile requests are
// answered, not the verdict. On a machine busy with other work a window may be disturbed by the
// scheduler rather than by us: the best of three windows counts (a server that blocks fails them all).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDocumentLoader } from '../../server/modules/credentials/document-loader.js';
import { foreignCredential, foreignKey } from '../../server/modules/credentials/verifying/foreign.fixtures.js';
import { signCredential } from '../../server/modules/credentials/issuing/sign.js';
import { type TestApp, testDialect } from '../support/app.js';
import { issuingApp } from './support.js';

const WINDOW_MS = 2_500;
const WINDOWS = 3;
const HOSTILE_CLIENTS = 4;
let app: TestApp;
let port: number;
let dir: string;

beforeAll(async () => {
  if (testDialect === 'postgres') return;
  app = await issuingApp();
  await app.app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.app.server.address() as AddressInfo).port;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guildhall-verify-load-'));
});
afterAll(async () => {
  if (!app) return;
  await app.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

type Hostile = { kind: string; path: string; body: string; expect: number[] };
async function hostileBodies(): Promise<Hostile[]> {
  const key = await foreignKey();
  const signed = await signCredential(foreignCredential(key.controller), key, { documentLoader: createDocumentLoader(), created: new Date('2026-01-01T00:00:00Z') });
  const subjects = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `did:example:subject-${i}`, name: `Subject number ${i}` }));
  const deep = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
  const b64 = (t: string) => Buffer.from(t).toString('base64url');
  return [
    { kind: 'large', path: '/api/v1/verify', body: JSON.stringify({ credential: { ...signed, credentialSubject: subjects(20_000) } }), expect: [413] },
    { kind: 'deep', path: '/api/v1/verify', body: `{"credential":${deep}}`, expect: [400] },
    { kind: 'wide', path: '/vc-api/credentials/verify', body: JSON.stringify({ verifiableCredential: { ...signed, credentialSubject: Array.from({ length: 20_000 }, (_, i) => i) } }), expect: [413] },
    { kind: 'deep jwt', path: '/api/v1/verify', body: JSON.stringify({ jwt: `${b64('{"alg":"EdDSA"}')}.${b64(deep)}.${b64('sig')}` }), expect: [400] },
    // Within every limit: canonicalised on a verifying thread and the made-up proof found out, or 503 while every thread is busy.
    { kind: 'bogus proof', path: '/api/v1/verify', body: JSON.stringify({ credential: { ...signed, credentialSubject: subjects(1_000) } }), expect: [200, 503] },
  ];
}

// The attacking process: each client sends the bodies in turn (10 ms apart) until the time is up, then prints what it was answered.
const attacker = `
const http = require('node:http');
const fs = require('node:fs');
const [file, port, ms, clients] = process.argv.slice(1);
const bodies = JSON.parse(fs.readFileSync(file, 'utf8'));
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(clients) });
const until = Date.now() + Number(ms);
const seen = {};
const send = (b) => new Promise((resolve) => {
  const req = http.request({ host: '127.0.0.1', port: Number(port), method: 'POST', path: b.path, agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(b.body) } }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); });
  req.on('error', (e) => resolve(e.code || e.message)); // a body refused before it was read may end in a reset
  req.end(b.body);
});
const pause = () => new Promise((r) => setTimeout(r, 10));
const client = async (c) => { for (let i = c; Date.now() < until; i++) { const b = bodies[i % bodies.length]; (seen[b.kind] ??= []).push(await send(b)); await pause(); } };
Promise.all(Array.from({ length: Number(clients) }, (_, c) => client(c))).then(() => { process.stdout.write(JSON.stringify(seen)); agent.destroy(); });
`;

function attack(file: string): Promise<Record<string, Array<number | string>>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', attacker, file, String(port), String(WINDOW_MS), String(HOSTILE_CLIENTS)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`the attacking process exited with ${code}`))));
  });
}

function healthCheck(agent: http.Agent): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: '/api/health', agent }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`health answered ${res.statusCode}`))));
    }).on('error', reject);
  });
}

// On SQLite only: the health check's own query then stays in the process, so what is measured is the
// event loop, not a database server shared with other work.
it.skipIf(testDialect === 'postgres')('keeps health checks under 50 ms at the 99th percentile while hostile credentials are verified', async () => {
  const bodies = await hostileBodies();
  const file = path.join(dir, 'bodies.json');
  fs.writeFileSync(file, JSON.stringify(bodies));
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  for (let i = 0; i < 20; i++) await healthCheck(agent); // warm the route
  // Each kind answered once before the clock runs (code compiled, a verifying thread started on listen).
  for (const b of bodies) {
    const warm = await app.app.inject({ method: 'POST', url: b.path, headers: { 'content-type': 'application/json' }, payload: b.body });
    expect(b.expect, b.kind).toContain(warm.statusCode);
  }

  const windows: Array<{ p99: number; median: number; samples: number }> = [];
  for (let w = 0; w < WINDOWS; w++) {
    const attacking = attack(file);
    const latencies: number[] = [];
    const until = performance.now() + WINDOW_MS;
    await new Promise((r) => setTimeout(r, 100)); // the attacker is under way
    while (performance.now() < until) {
      latencies.push(await healthCheck(agent));
      await new Promise((r) => setTimeout(r, 3));
    }
    const seen = await attacking;
    // Every kind of hostile request was sent and answered as expected, never with a 500.
    for (const b of bodies) {
      const got = seen[b.kind] ?? [];
      expect(got.filter((s) => typeof s === 'number' && b.expect.includes(s)).length, `${b.kind}: ${got.join(' ')}`).toBeGreaterThan(0);
      expect(got.filter((s) => typeof s === 'number' && !b.expect.includes(s)), b.kind).toEqual([]);
    }
    latencies.sort((x, y) => x - y);
    windows.push({ p99: latencies[Math.ceil(latencies.length * 0.99) - 1]!, median: latencies[latencies.length >> 1]!, samples: latencies.length });
    if (windows.at(-1)!.p99 < 50 && windows.at(-1)!.samples >= 100) break;
  }
  agent.destroy();
  const best = windows.reduce((a, b) => (b.p99 < a.p99 ? b : a));
  expect(best.samples, JSON.stringify(windows)).toBeGreaterThanOrEqual(100);
  expect(best.p99, `health latency per window (ms): ${JSON.stringify(windows)}`).toBeLessThan(50);
}, 60_000);
