import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { markIfUnavailable } from '../../server/db/availability.js';
import { openDatabase } from '../../server/db/database.js';
import { registerErrorHandling } from '../../server/platform/http/error-handler.js';
import { createWorker } from '../../server/platform/jobs/worker.js';
import { testDialect } from '../support/app.js';
import { freePort, silentLogger, sleep } from './helpers.js';

const root = path.resolve(import.meta.dirname, '../..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'guildhall-unavailable-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('the error handler while the database is away', () => {
  const app = Fastify({ logger: false });
  registerErrorHandling(app);
  // As the database driver throws them (it marks connection failures).
  const fail = (code: string, message: string) => markIfUnavailable(Object.assign(new Error(message), { code }));
  app.get('/refused', async () => {
    throw fail('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432');
  });
  app.get('/shutdown', async () => {
    throw fail('57P01', 'terminating connection due to administrator command');
  });
  app.get('/pool-timeout', async () => {
    throw markIfUnavailable(new Error('timeout exceeded when trying to connect'));
  });
  app.get('/duplicate', async () => {
    throw fail('23505', 'duplicate key value violates unique constraint');
  });
  app.get('/remote-refused', async () => {
    throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 203.0.113.9:443'), { code: 'ECONNREFUSED' }) });
  });

  it.each(['/refused', '/shutdown', '/pool-timeout'])('%s answers 503 DATABASE_UNAVAILABLE with Retry-After, in the error shape', async (url) => {
    const res = await app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.json()).toEqual({
      error: { code: 'DATABASE_UNAVAILABLE', message: 'The service cannot reach its database just now. Try again in 5 seconds.', details: { retryAfterSeconds: 5 } },
    });
  });

  it.each(['/duplicate', '/remote-refused'])('%s (another database error, or a refused connection elsewhere) stays 500 with a request id, without Retry-After', async (url) => {
    const res = await app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(500);
    expect(res.headers['retry-after']).toBeUndefined();
    expect(res.json().error.code).toBe('INTERNAL');
  });
});

/** Runs the command line with a PostgreSQL address nobody answers on. */
function guildhall(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const t = Date.now();
    const childEnv: NodeJS.ProcessEnv = { ...process.env, GUILDHALL_DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env };
    delete childEnv.GUILDHALL_DEMO;
    const child = spawn(process.execPath, [path.join(root, 'bin/guildhall.js'), ...args], { cwd: root, env: childEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - t }));
  });
}

// The command line against an address nobody answers on: the same in either run, so only in the SQLite one.
describe.runIf(testDialect === 'sqlite')('starting while PostgreSQL does not answer', () => {
  it('migrate retries with a one-line note, then exits 2 with a plain message and no stack', async () => {
    const port = await freePort();
    const r = await guildhall(['migrate'], { DATABASE_URL: `postgres://guildhall:secret@127.0.0.1:${port}/guildhall`, DATABASE_WAIT_SECONDS: '2' });
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toEqual([
      `PostgreSQL at 127.0.0.1:${port} is not answering (connection refused); retrying in 1 s…`,
      `PostgreSQL at 127.0.0.1:${port} is not answering (connection refused) after 1 s of retrying. Check that it is running and that DATABASE_URL is right; DATABASE_WAIT_SECONDS sets how long to wait at start.`,
    ]);
    expect(r.stderr).not.toMatch(/secret|\s+at .*\.(?:ts|js):\d+/);
  }, 60_000);

  it('serve with DATABASE_WAIT_SECONDS=0 gives up at once with the same plain message', async () => {
    const port = await freePort();
    const r = await guildhall(['serve'], { DATABASE_URL: `postgres://guildhall:secret@127.0.0.1:${port}/guildhall`, DATABASE_WAIT_SECONDS: '0', PORT: '0' });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`PostgreSQL at 127.0.0.1:${port} is not answering (connection refused). Check that it is running and that DATABASE_URL is right; DATABASE_WAIT_SECONDS sets how long to wait at start.`);
  }, 60_000);
});

describe.runIf(testDialect === 'sqlite')('the job worker while the database is away', () => {
  it('waits longer each time instead of polling at full speed, and says so once rather than at every poll', async () => {
    // A server that takes each connection and drops it at once: every query fails as "connection terminated".
    let connections = 0;
    const sockets = new Set<net.Socket>();
    const fake = net.createServer((s) => {
      connections++;
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.destroy();
    });
    await new Promise<void>((r) => fake.listen(0, '127.0.0.1', () => r()));
    const port = (fake.address() as net.AddressInfo).port;
    const database = openDatabase({ kind: 'postgres', url: `postgres://u:p@127.0.0.1:${port}/db` }, { connectTimeoutMs: 500 });
    const logs: Array<[string, string]> = [];
    const logger = Object.assign(Object.create(silentLogger), {
      warn: (_o: unknown, m?: string) => logs.push(['warn', String(m)]),
      info: (_o: unknown, m?: string) => logs.push(['info', String(m)]),
      error: (_o: unknown, m?: string) => logs.push(['error', String(m)]),
    });
    const worker = createWorker({ db: database.db, dialect: 'postgres', clock: { now: () => new Date() }, logger, handlers: {}, pollMs: 100 });
    try {
      worker.start();
      await sleep(3000);
      // Without backoff a 100 ms poll would connect ~30 times in 3 s; waiting 0.5, 1, 2 s… it is 3 or 4.
      expect(connections).toBeGreaterThanOrEqual(2);
      expect(connections).toBeLessThanOrEqual(6);
      expect(logs).toEqual([['warn', 'the database is unavailable; the job worker waits and tries again']]);
    } finally {
      await worker.stop();
      await database.close();
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => fake.close(() => r()));
    }
  }, 20_000);
});
