// PostgreSQL outages for real, for longer than the test suite's proxy test: a private PostgreSQL instance (its
// own data folder and port; the shared cluster is never touched) is stopped with `pg_ctl stop -m fast` (the
// server ends every session with 57P01) and started again, `--cycles` times, `--down` seconds each, while
// members log CPD activities without pause. Each cycle checks that the process stayed up, that every answer
// was 201 or 503 DATABASE_UNAVAILABLE with Retry-After, that health recovered, that a job due during the
// outage ran afterwards, and that every acknowledged write is in the database.
// `npm run bench:pg-outage -- --cycles 5 --down 8`. Writes bench/results/pg-outage-<date>.json.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadConfig } from '../server/config.js';
import { startServer } from '../server/main.js';
import { provisionUser } from '../server/modules/accounts/provision.js';
import { systemActor } from '../server/platform/audit.js';
import { enqueue } from '../server/platform/jobs/queue.js';
import { numberFlag } from './common.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const CYCLES = numberFlag('cycles', 3, { integer: true });
const DOWN_S = numberFlag('down', 5);
const UP_S = numberFlag('up', 3);
const CLIENTS = numberFlag('clients', 8, { integer: true });
const PASSWORD = 'a long enough passphrase 2026';
const bin = fs.existsSync('/usr/lib/postgresql/15/bin') ? '/usr/lib/postgresql/15/bin' : path.dirname(execFileSync('which', ['pg_ctl'], { encoding: 'utf8' }).trim());
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Runs a PostgreSQL tool, as the postgres user when this process is root (PostgreSQL refuses to run as root). */
function pgTool(tool: string, args: string[]): string {
  const cmd = path.join(bin, tool);
  if (process.getuid?.() === 0) return execFileSync('su', ['postgres', '-c', [cmd, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ')], { encoding: 'utf8' });
  return execFileSync(cmd, args, { encoding: 'utf8' });
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guildhall-pg-outage-'));
  const pgData = path.join(dir, 'pg');
  fs.mkdirSync(pgData);
  if (process.getuid?.() === 0) execFileSync('chown', ['-R', 'postgres', dir]);
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  pgTool('initdb', ['-D', pgData, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const ctl = (action: 'start' | 'stop') =>
    action === 'start'
      ? pgTool('pg_ctl', ['-D', pgData, '-l', path.join(dir, 'pg.log'), '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, '-w', 'start'])
      : pgTool('pg_ctl', ['-D', pgData, '-m', 'fast', '-w', 'stop']);
  ctl('start');
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const dataDir = path.join(dir, 'data');
  const config = loadConfig({ DATABASE_URL: url, PORT: '0', LOG_LEVEL: 'silent', GUILDHALL_DATA_DIR: dataDir, RATE_LIMIT_PER_MINUTE: '1000000' });
  const g = await startServer(config);
  const base = `http://127.0.0.1:${(g.app.server.address() as AddressInfo).port}`;
  const check = new pg.Pool({ connectionString: url, max: 2 });
  check.on('error', () => {});

  try {
    const members: Array<{ cookie: string; csrf: string }> = [];
    for (let i = 0; i < CLIENTS; i++) {
      const email = `drill${i}@example.org`;
      await provisionUser(g.platform.database.db, { email, name: `Drill ${i}`, roles: ['member'], password: PASSWORD }, systemActor, new Date());
      const res = await fetch(`${base}/api/v1/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
      if (res.status !== 200) throw new Error(`sign-in answered ${res.status}`);
      const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c?.startsWith('gh_session=')) as string;
      members.push({ cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken });
    }

    const acknowledged = new Map<string, string>();
    const counts = { ok: 0, unavailable: 0, badUnavailable: 0, other: 0, transport: 0 };
    let running = true;
    const client = async (k: number) => {
      const m = members[k]!;
      for (let n = 0; running; n++) {
        const title = `Drill ${k}-${n}`;
        try {
          const res = await fetch(`${base}/api/v1/me/cpd/activities`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', cookie: m.cookie, 'x-csrf-token': m.csrf },
            body: JSON.stringify({ type: 'training', title, occurredOn: '2026-05-10', hours: 1, provider: 'Acme', learned: 'Resilience', apply: 'Every day', details: {} }),
          });
          const body = (await res.json()) as { id?: string; error?: { code?: string } };
          if (res.status === 201 && body.id) {
            counts.ok++;
            acknowledged.set(body.id, title);
          } else if (res.status === 503) {
            counts.unavailable++;
            if (body.error?.code !== 'DATABASE_UNAVAILABLE' || res.headers.get('retry-after') !== '5') counts.badUnavailable++;
            await sleep(50);
          } else counts.other++;
        } catch {
          counts.transport++;
          await sleep(50);
        }
      }
    };
    const traffic = Promise.all(members.map((_, k) => client(k)));
    const health = async () => (await fetch(`${base}/api/health`)).status;

    const rows: Array<Record<string, number>> = [];
    for (let c = 1; c <= CYCLES; c++) {
      await sleep(UP_S * 1000);
      const before = { ...counts };
      const job = (await enqueue(g.platform.database.db, 'maintenance.sweep', {}, new Date(), { runAt: new Date(Date.now() + 1000) })) as string;
      const t0 = Date.now();
      ctl('stop');
      const stopS = (Date.now() - t0) / 1000;
      await sleep(DOWN_S * 1000);
      const downHealth = await health();
      const t1 = Date.now();
      ctl('start');
      while ((await health()) !== 200) await sleep(100);
      const recoverS = (Date.now() - t1) / 1000;
      let jobS = Number.NaN;
      for (const t2 = Date.now(); Date.now() - t2 < 30_000; await sleep(100)) {
        const r = await check.query<{ status: string }>('SELECT status FROM jobs WHERE id = $1', [job]);
        if (r.rows[0]?.status === 'done') {
          jobS = (Date.now() - t1) / 1000;
          break;
        }
      }
      rows.push({ cycle: c, stopS, downHealth, recoverS, jobS, ok: counts.ok - before.ok, unavailable: counts.unavailable - before.unavailable, other: counts.other - before.other, transport: counts.transport - before.transport });
    }
    await sleep(UP_S * 1000);
    running = false;
    await traffic;

    const stored = await check.query<{ id: string; title: string }>(`SELECT id, title FROM cpd_activities WHERE title LIKE 'Drill %'`);
    const byId = new Map(stored.rows.map((r) => [r.id, r.title]));
    const lost = [...acknowledged].filter(([id, title]) => byId.get(id) !== title).length;

    console.log(`\nPostgreSQL outages under traffic: ${CYCLES} cycles, ${DOWN_S} s down each, ${CLIENTS} writers, ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)}\n`);
    console.log(`${'cycle'.padEnd(6)} ${'stop s'.padStart(7)} ${'health down'.padStart(12)} ${'recover s'.padStart(10)} ${'job s'.padStart(6)} ${'201'.padStart(6)} ${'503'.padStart(6)} ${'other'.padStart(6)} ${'no answer'.padStart(10)}`);
    for (const r of rows)
      console.log(`${String(r.cycle).padEnd(6)} ${r.stopS!.toFixed(2).padStart(7)} ${String(r.downHealth).padStart(12)} ${r.recoverS!.toFixed(2).padStart(10)} ${r.jobS!.toFixed(1).padStart(6)} ${String(r.ok).padStart(6)} ${String(r.unavailable).padStart(6)} ${String(r.other).padStart(6)} ${String(r.transport).padStart(10)}`);
    console.log(`\nacknowledged writes: ${acknowledged.size}; stored: ${stored.rows.length}; lost: ${lost}; 503 without the error shape or Retry-After: ${counts.badUnavailable}; other answers: ${counts.other}; requests with no answer: ${counts.transport}`);
    const pass = lost === 0 && counts.badUnavailable === 0 && counts.other === 0 && counts.transport === 0 && rows.every((r) => r.downHealth === 503 && Number.isFinite(r.jobS));
    console.log(pass ? 'PASS: the process stayed up, answered 503 while the database was away and lost nothing' : 'FAIL');

    const outDir = path.join(here, 'results');
    fs.mkdirSync(outDir, { recursive: true });
    const out = path.join(outDir, `pg-outage-${new Date().toISOString().slice(0, 10)}.json`);
    fs.writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), machine: { cpus: os.cpus().length, node: process.version, load: os.loadavg()[0] }, cycles: CYCLES, downSeconds: DOWN_S, clients: CLIENTS, rows, acknowledged: acknowledged.size, stored: stored.rows.length, lost, counts, pass }, null, 2)}\n`);
    console.log(`wrote ${path.relative(process.cwd(), out)}`);
    process.exitCode = pass ? 0 : 1;
  } finally {
    await check.end().catch(() => {});
    await g.app.close();
    await g.platform.database.close();
    try {
      ctl('stop');
    } catch {
      // already stopped
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
