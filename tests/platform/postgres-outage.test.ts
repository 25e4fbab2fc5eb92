import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Guildhall } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { DatabaseUnavailableError, type DbHandle } from '../../server/db/database.js';
import { startServer } from '../../server/main.js';
import { provisionUser } from '../../server/modules/accounts/provision.js';
import { systemActor } from '../../server/platform/audit.js';
import { enqueue } from '../../server/platform/jobs/queue.js';
import { PASSWORD } from '../support/accounts.js';
import { freshDatabase, testDialect } from '../support/app.js';
import { type TcpProxy, tcpProxy } from '../support/tcp-proxy.js';
import { sleep, waitFor } from './helpers.js';

// PostgreSQL goes away under traffic and comes back. The real server (startServer, a listening socket) reaches
// the shared cluster through a TCP proxy this test controls: "outage" closes the proxy (every connection torn
// down, new ones refused), "back" opens it again. The cluster itself is never touched.

const CLIENTS = 4;

let database: DbHandle;
let dataDir: string;
let cleanup: () => Promise<void>;
let schema: string;
const started: Array<{ g: Guildhall; proxy: TcpProxy }> = [];

/** A DATABASE_URL that reaches the test schema through the proxy. */
function proxiedUrl(port: number): string {
  const u = new URL(process.env.GUILDHALL_TEST_DATABASE_URL as string);
  u.hostname = '127.0.0.1';
  u.port = String(port);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

async function start(proxy: TcpProxy, env: Record<string, string> = {}) {
  const config = loadConfig({
    DATABASE_URL: proxiedUrl(proxy.port),
    PORT: '0',
    LOG_LEVEL: 'silent',
    GUILDHALL_DATA_DIR: dataDir,
    RATE_LIMIT_PER_MINUTE: '1000000',
    ...env,
  });
  const g = await startServer(config);
  started.push({ g, proxy });
  return { g, base: `http://127.0.0.1:${(g.app.server.address() as AddressInfo).port}` };
}

async function stop(g: Guildhall) {
  await g.app.close();
  await g.platform.database.close();
}

beforeAll(async () => {
  if (testDialect !== 'postgres') return;
  ({ database, dataDir, cleanup } = await freshDatabase());
  schema = (await sql<{ s: string }>`SELECT current_schema() AS s`.execute(database.db)).rows[0]?.s as string;
});
afterAll(async () => {
  for (const { g, proxy } of started.splice(0)) {
    await proxy.restore();
    await stop(g).catch(() => {});
    await proxy.close();
  }
  await cleanup?.();
});

async function signIn(base: string, email: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${base}/api/v1/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
  expect(res.status, await res.clone().text()).toBe(200);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c?.startsWith('gh_session=')) as string;
  return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

type Phase = 'before' | 'outage' | 'after';
/** One write: the phase when it was sent and when it was answered. */
type Outcome = { status: number; title: string; id?: string; body: any; retryAfter: string | null; phase: Phase; answeredIn: Phase };

describe.runIf(testDialect === 'postgres')('a PostgreSQL outage under traffic', () => {
  it('keeps the process up, answers 503 with Retry-After meanwhile, recovers by itself, and loses no acknowledged write', async () => {
    // Anything the outage leaves unhandled would end a real process: count it here.
    const crashes: unknown[] = [];
    const crash = (err: unknown) => crashes.push(err);
    process.on('uncaughtException', crash);
    process.on('unhandledRejection', crash);
    const target = new URL(process.env.GUILDHALL_TEST_DATABASE_URL as string);
    const proxy = await tcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const { g, base } = await start(proxy);
    const members: Array<{ cookie: string; csrf: string }> = [];
    for (let i = 0; i < CLIENTS; i++) {
      const email = `outage${i}@example.org`;
      await provisionUser(database.db, { email, name: `Outage ${i}`, roles: ['member'], password: PASSWORD }, systemActor, new Date());
      members.push(await signIn(base, email));
    }

    let phase: Phase = 'before';
    let running = true;
    const outcomes: Outcome[] = [];
    const transportErrors: string[] = [];
    const client = async (k: number) => {
      const m = members[k]!;
      for (let n = 0; running; n++) {
        const title = `Outage drill ${k}-${n}`;
        const at = phase;
        try {
          const res = await fetch(`${base}/api/v1/me/cpd/activities`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', cookie: m.cookie, 'x-csrf-token': m.csrf },
            body: JSON.stringify({ type: 'training', title, occurredOn: '2026-05-10', hours: 1, provider: 'Acme', learned: 'Resilience', apply: 'Every day', details: {} }),
          });
          const body = await res.json();
          outcomes.push({ status: res.status, title, id: body?.id, body, retryAfter: res.headers.get('retry-after'), phase: at, answeredIn: phase });
          if (res.status >= 500) await sleep(20);
        } catch (err) {
          transportErrors.push(`${title}: ${(err as Error).message}`);
          await sleep(20);
        }
      }
    };
    const traffic = Promise.all(Array.from({ length: CLIENTS }, (_, k) => client(k)));
    const health = async () => {
      const res = await fetch(`${base}/api/health`);
      return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json() };
    };

    await waitFor(() => outcomes.filter((o) => o.status === 201).length >= 20, 15_000, 'writes before the outage');
    // A job due during the outage: the worker must run it once the database is back.
    const jobId = (await enqueue(database.db, 'maintenance.sweep', {}, new Date(), { runAt: new Date(Date.now() + 500) })) as string;

    // The outage: every pooled connection is cut and the database refuses new ones.
    phase = 'outage';
    await proxy.cut();
    expect(proxy.severed).toBeGreaterThan(0);
    await waitFor(() => outcomes.filter((o) => o.phase === 'outage' && o.status === 503).length >= 10, 15_000, '503 answers during the outage');
    const down = await health();
    expect(down).toMatchObject({ status: 503, retryAfter: '5', body: { status: 'unavailable' } });
    await sleep(1500); // the worker polls (and fails) through the outage, too
    expect((await fetch(`${base}/api/v1/openapi.json`)).status).toBe(200); // still up, answering what needs no database

    // Back: no restart, no request to reconnect.
    await proxy.restore();
    await waitFor(async () => (await health()).status === 200, 15_000, 'health to recover');
    phase = 'after';
    const recoveredAt = outcomes.length;
    await waitFor(() => outcomes.slice(recoveredAt).filter((o) => o.phase === 'after' && o.status === 201).length >= 20, 15_000, 'writes after the outage');
    running = false;
    await traffic;

    process.off('uncaughtException', crash);
    process.off('unhandledRejection', crash);
    expect(crashes).toEqual([]);

    // Every answer was an acknowledged write or a 503 in the error shape with Retry-After; none was lost.
    expect(transportErrors).toEqual([]);
    const unexpected = outcomes.filter((o) => o.status !== 201 && o.status !== 503);
    expect(unexpected.map((o) => `${o.status} ${JSON.stringify(o.body)}`)).toEqual([]);
    const refused = outcomes.filter((o) => o.status === 503);
    expect(refused.length).toBeGreaterThanOrEqual(10);
    for (const o of refused) {
      expect(o.retryAfter).toBe('5');
      expect(o.body).toEqual({ error: { code: 'DATABASE_UNAVAILABLE', message: expect.stringMatching(/cannot reach its database.*Try again/), details: { retryAfterSeconds: 5 } } });
    }
    expect(refused.filter((o) => o.answeredIn === 'before')).toEqual([]); // only the outage (and writes in flight at the cut) get 503
    const acknowledged = outcomes.filter((o) => o.status === 201);
    expect(acknowledged.filter((o) => o.phase === 'after').length).toBeGreaterThanOrEqual(20);
    const stored = await database.db.selectFrom('cpd_activities').select(['id', 'title']).where('title', 'like', 'Outage drill %').execute();
    const byId = new Map(stored.map((s) => [s.id, s.title]));
    const lost = acknowledged.filter((o) => byId.get(o.id as string) !== o.title);
    expect(lost).toEqual([]);
    expect(stored.length).toBeGreaterThanOrEqual(acknowledged.length);

    // The job worker waited through the outage and carries on.
    await waitFor(async () => (await database.db.selectFrom('jobs').select('status').where('id', '=', jobId).executeTakeFirstOrThrow()).status === 'done', 20_000, 'the job due during the outage to run');
    expect((await health()).status).toBe(200);
    await stop(g);
    started.splice(started.findIndex((s) => s.g === g), 1);
    await proxy.close();
  }, 90_000);

  it('a start while PostgreSQL is down waits with a one-line note and comes up once it answers', async () => {
    const target = new URL(process.env.GUILDHALL_TEST_DATABASE_URL as string);
    const proxy = await tcpProxy({ host: target.hostname, port: Number(target.port || 5432) }, { startCut: true });
    const notes: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      notes.push(args.map(String).join(' '));
    });
    try {
      const starting = start(proxy, { DATABASE_WAIT_SECONDS: '30' });
      await waitFor(() => notes.length >= 1, 10_000, 'the first retry note');
      expect(notes[0]).toBe(`PostgreSQL at 127.0.0.1:${proxy.port} is not answering (connection refused); retrying in 1 s…`);
      await proxy.restore();
      const { base } = await starting;
      expect((await fetch(`${base}/api/health`)).status).toBe(200);
      expect(notes.every((n) => /^PostgreSQL at 127\.0\.0\.1:\d+ is not answering \(connection refused\); retrying in [12] s…$/.test(n))).toBe(true);
    } finally {
      spy.mockRestore();
    }
  }, 60_000);

  it('gives up after DATABASE_WAIT_SECONDS with a plain message', async () => {
    const target = new URL(process.env.GUILDHALL_TEST_DATABASE_URL as string);
    const proxy = await tcpProxy({ host: target.hostname, port: Number(target.port || 5432) }, { startCut: true });
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const t = Date.now();
      const err = await start(proxy, { DATABASE_WAIT_SECONDS: '2' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DatabaseUnavailableError);
      expect((err as Error).message).toMatch(new RegExp(`^PostgreSQL at 127\\.0\\.0\\.1:${proxy.port} is not answering \\(connection refused\\) after \\d s of retrying\\. Check that it is running`));
      expect(Date.now() - t).toBeLessThan(10_000);
    } finally {
      spy.mockRestore();
      await proxy.close();
    }
  }, 30_000);
});
