import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, waitFor } from './helpers.js';

// Runs the real CLI as an operator would and stops it the way a process manager does.
// SQLite only: the point is the process's behaviour, not the database's.

/**
 * Sends the head and half the body of a keep-alive request and returns a function that sends the
 * rest and reads the answer until the server closes the connection.
 */
async function halfRequest(port: number, body: string): Promise<() => Promise<string>> {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise<void>((r) => socket.once('connect', () => r()));
  let answer = '';
  socket.on('data', (d) => {
    answer += d.toString('utf8');
  });
  const ended = new Promise<void>((r) => {
    socket.once('close', () => r());
  });
  const half = Math.floor(body.length / 2);
  socket.write(`POST /api/v1/auth/sign-in HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, half)}`);
  return async () => {
    // write, not end: a client that half-closes its side has abandoned the request.
    socket.write(body.slice(half));
    await ended;
    return answer;
  };
}

describe('graceful shutdown of `guildhall serve`', () => {
  let child: ChildProcess;
  let port: number;
  let dataDir: string;
  let stdout = '';
  let stderr = '';
  let exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  beforeAll(async () => {
    port = await freePort();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'guildhall-shutdown-'));
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(DATABASE_URL|SMTP_URL|PUBLIC_URL|HOST|GUILDHALL_|LOG_LEVEL)/.test(k)) env[k] = v;
    child = spawn(process.execPath, ['bin/guildhall.js', 'serve'], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      env: { ...env, GUILDHALL_DATA_DIR: dataDir, PORT: String(port), GUILDHALL_DEMO: '0', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d) => {
      stdout += d.toString('utf8');
    });
    child.stderr?.on('data', (d) => {
      stderr += d.toString('utf8');
    });
    exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`the server exited early: ${stderr || stdout}`);
        return fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false);
      },
      30_000,
      'the server to answer /api/health',
    );
  }, 40_000);

  afterAll(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers health with a request id that appears in its logs', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(await res.json()).toEqual({ status: 'ok' });
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await waitFor(() => stdout.split(id as string).length > 2, 10_000, 'the request to be logged twice');
    const lines = stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { reqId?: string; msg?: string });
    const mine = lines.filter((l) => l.reqId === id).map((l) => l.msg);
    expect(mine).toEqual(['incoming request', 'request completed']);
  });

  it('on SIGTERM finishes the request in flight, refuses new work, and exits 0 within seconds', async () => {
    const incoming = () => stdout.split('"msg":"incoming request"').length;
    const before = incoming();
    const finish = await halfRequest(port, JSON.stringify({ email: 'nobody@example.org', password: 'not the right password' }));
    // In flight means the server has begun it: on a busy machine its head may not have been read yet.
    await waitFor(() => incoming() > before, 5000, 'the server to begin the request');
    const t = Date.now();
    child.kill('SIGTERM');
    await waitFor(() => stdout.includes('shutting down'), 5000, 'the shutdown to begin');
    // The server no longer accepts connections, but the request already in flight is answered.
    const refused = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.status, (e: Error) => e.name);
    expect(refused === 503 || refused === 'TypeError').toBe(true);
    const answer = await finish();
    expect(answer).toMatch(/^HTTP\/1\.1 401 /);
    expect(answer).toContain('"code":"INVALID_CREDENTIALS"');
    expect(answer).toMatch(/x-request-id: [0-9a-f-]{36}/i);
    const { code, signal } = await exit;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    // Well under the 72 s keep-alive timeout that an idle connection could otherwise hold it for.
    expect(Date.now() - t).toBeLessThan(5000);
    expect(stdout).toMatch(/"signal":"SIGTERM".*"msg":"shutting down/);
  }, 20_000);
});
