import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type DbHandle, migrateToLatest, openDatabase } from '../../server/db/database.js';
import { provisionUser } from '../../server/modules/accounts/provision.js';
import { loadDefaultScheme } from '../../server/modules/schemes/default-scheme.js';
import { installScheme } from '../../server/modules/schemes/install.js';
import { systemActor } from '../../server/platform/audit.js';
import { newId } from '../../server/platform/ids.js';
import { freePort, root } from '../../e2e/support/server.js';
import { workItem } from '../portfolio/support.js';
import { PASSWORD } from './accounts.js';

/**
 * The crash drill: the real server (`bin/guildhall.js serve`) as a child process, concurrent creating
 * writes sent with Idempotency-Keys, `kill -9` in the middle of them, a restart on the same database and
 * every unanswered request retried with its own key. Afterwards each request must have exactly one row.
 */
export type CrashOptions = {
  dialect: 'sqlite' | 'postgres';
  /** PostgreSQL only: the shared test database; the drill works in a schema of its own and drops it. */
  postgresUrl?: string;
  cycles: number;
  /** Concurrent clients, one user each. */
  clients?: number;
  log?: (line: string) => void;
};

export type CrashReport = {
  cycles: number;
  requests: number;
  acknowledged: number;
  /** Requests without an answer when the server was killed, later retried with the same key. */
  retried: number;
  /** Of those, how many had committed before the kill (the retry was answered from the stored answer). */
  replayed: number;
  lost: number;
  duplicates: number;
  rows: number;
  restartMs: number[];
};

type Op = { key: string; marker: string; user: number; body: Record<string, unknown>; ackedId: string | null; retried: boolean; replayed: boolean };
type Client = { cookie: string; csrf: string };
type Server = { url: string; child: ChildProcess; output: () => string; exited: Promise<void> };

/** The database to hand the child: a SQLite file in the data folder, or a schema of the shared PostgreSQL database. */
async function prepareDatabase(opts: CrashOptions, dataDir: string): Promise<{ env: Record<string, string>; open: () => DbHandle; drop: () => Promise<void> }> {
  if (opts.dialect === 'postgres') {
    const url = opts.postgresUrl;
    if (!url) throw new Error('The PostgreSQL crash drill needs the test database URL');
    const schema = `crash_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.end();
    const u = new URL(url);
    u.searchParams.set('options', `-c search_path=${schema}`);
    return {
      env: { DATABASE_URL: u.toString() },
      open: () => openDatabase({ kind: 'postgres', url }, { schema }),
      drop: async () => {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`DROP SCHEMA ${schema} CASCADE`);
        await c.end();
      },
    };
  }
  return { env: {}, open: () => openDatabase({ kind: 'sqlite', file: path.join(dataDir, 'guildhall.sqlite') }), drop: async () => {} };
}

async function startChild(env: Record<string, string>, dataDir: string): Promise<Server> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let log = '';
  const child = spawn(process.execPath, [path.join(root, 'bin/guildhall.js'), 'serve'], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, GUILDHALL_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', GUILDHALL_DEMO: '0', LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '1000000', GUILDHALL_WORKER: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => {
    log += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    log += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server exited with code ${child.exitCode} before it was ready:\n${log}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The server did not answer /api/health within 60 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, child, output: () => log, exited };
}

async function signIn(url: string, email: string): Promise<Client> {
  const res = await fetch(`${url}/api/v1/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
  if (res.status !== 200) throw new Error(`sign-in of ${email}: ${res.status} ${await res.text()}`);
  const cookie = /gh_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  const body = (await res.json()) as { csrfToken: string };
  if (!cookie) throw new Error('no session cookie');
  return { cookie: `gh_session=${cookie}`, csrf: body.csrfToken };
}

/** One POST; null when the connection failed (the server is gone). */
async function send(url: string, client: Client, op: Op): Promise<{ status: number; body: string; replayed: boolean } | null> {
  try {
    const res = await fetch(`${url}/api/v1/me/portfolio/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: client.cookie, 'x-csrf-token': client.csrf, 'idempotency-key': op.key },
      body: JSON.stringify(op.body),
      signal: AbortSignal.timeout(20_000),
    });
    return { status: res.status, body: await res.text(), replayed: res.headers.get('idempotent-replayed') === 'true' };
  } catch {
    return null;
  }
}

function acknowledge(op: Op, r: { status: number; body: string }): void {
  if (r.status !== 201) throw new Error(`Unexpected answer ${r.status} to ${op.key}: ${r.body}`);
  const id = (JSON.parse(r.body) as { item: { id: string } }).item.id;
  if (op.ackedId !== null && op.ackedId !== id) throw new Error(`${op.key} was answered with two different items`);
  op.ackedId = id;
}

export async function runCrashDrill(opts: CrashOptions): Promise<CrashReport> {
  const log = opts.log ?? (() => {});
  const clients = opts.clients ?? 6;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'guildhall-crash-'));
  const db = await prepareDatabase(opts, dataDir);
  const emails = Array.from({ length: clients }, (_, i) => `crash${i}@example.org`);
  // Seed a published scheme and the users before the server first starts.
  const seed = db.open();
  try {
    await migrateToLatest(seed.db);
    const now = new Date();
    const bodyId = newId();
    await seed.db.insertInto('bodies').values({ id: bodyId, slug: 'crash-body', name: 'Crash body', short_name: 'CB', country: 'GB', website: null, created_at: now.toISOString() }).execute();
    await installScheme(seed.db, { bodyId, scheme: loadDefaultScheme(), by: systemActor, now });
    for (const email of emails) await provisionUser(seed.db, { email, name: email.split('@')[0] as string, roles: [], password: PASSWORD, verified: true }, systemActor, now);
  } finally {
    await seed.close();
  }

  const ops: Op[] = [];
  const report: CrashReport = { cycles: opts.cycles, requests: 0, acknowledged: 0, retried: 0, replayed: 0, lost: 0, duplicates: 0, rows: 0, restartMs: [] };
  let server: Server | null = null;
  let sessions: Client[] = [];
  const start = async () => {
    const t = Date.now();
    server = await startChild(db.env, dataDir);
    report.restartMs.push(Date.now() - t);
    if (sessions.length === 0) sessions = await Promise.all(emails.map((e) => signIn((server as Server).url, e)));
    return server;
  };
  /** Retries every request still without an answer, with its own key, until each is answered. */
  const retryUnanswered = async (s: Server) => {
    for (const op of ops.filter((o) => o.ackedId === null)) {
      op.retried = true;
      for (let attempt = 0; ; attempt++) {
        const r = await send(s.url, sessions[op.user] as Client, op);
        if (r && r.status === 409 && attempt < 50) {
          await new Promise((res) => setTimeout(res, 100)); // the killed process's transaction is still being cleaned up
          continue;
        }
        if (!r) throw new Error(`retry of ${op.key} got no answer:\n${s.output()}`);
        acknowledge(op, r);
        op.replayed = r.replayed;
        break;
      }
    }
  };

  try {
    for (let cycle = 0; cycle < opts.cycles; cycle++) {
      const s = await start();
      await retryUnanswered(s);
      // Kill after a number of acknowledged writes that differs from cycle to cycle (fixed, so runs repeat).
      const killAfter = 12 + ((cycle * 7) % 11);
      let ackedThisCycle = 0;
      let inFlight = 0;
      let killed = false;
      const kill = () => {
        if (!killed) {
          killed = true;
          s.child.kill('SIGKILL');
        }
      };
      await Promise.all(
        sessions.map(async (client, user) => {
          while (!killed) {
            const key = randomUUID();
            const op: Op = { key, marker: key, user, body: workItem({ description: `Ran the service desk. ${key}` }), ackedId: null, retried: false, replayed: false };
            ops.push(op);
            inFlight++;
            const r = await send(s.url, client, op);
            inFlight--;
            if (!r) break; // the server is gone
            acknowledge(op, r);
            ackedThisCycle++;
            // Kill while the other clients' requests are on their way, so some are cut off.
            if (ackedThisCycle >= killAfter && inFlight >= clients - 1) kill();
          }
        }),
      );
      await s.exited;
      const open = ops.filter((o) => o.ackedId === null).length;
      log(`cycle ${cycle + 1}: killed after ${ackedThisCycle} acknowledged writes, ${open} without an answer`);
    }
    const last = await start();
    await retryUnanswered(last);
    last.child.kill('SIGTERM');
    await last.exited;
  } finally {
    if (server && (server as Server).child.exitCode === null) (server as Server).child.kill('SIGKILL');
  }

  // Count the rows of each request by the marker in its description.
  const check = db.open();
  try {
    const rows = await check.db.selectFrom('portfolio_items').select(['id', 'data']).execute();
    const byMarker = new Map<string, string[]>();
    for (const r of rows) {
      const marker = /Ran the service desk\. (\S+)/.exec((JSON.parse(r.data) as { description?: string }).description ?? '')?.[1];
      if (marker) byMarker.set(marker, [...(byMarker.get(marker) ?? []), r.id]);
    }
    report.rows = rows.length;
    report.requests = ops.length;
    report.acknowledged = ops.filter((o) => o.ackedId !== null).length;
    report.retried = ops.filter((o) => o.retried).length;
    report.replayed = ops.filter((o) => o.replayed).length;
    report.lost = ops.filter((o) => !o.ackedId || !(byMarker.get(o.marker) ?? []).includes(o.ackedId)).length;
    report.duplicates = [...byMarker.values()].reduce((n, ids) => n + ids.length - 1, 0);
  } finally {
    await check.close();
    await db.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return report;
}
