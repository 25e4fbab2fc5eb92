// `npx tsx bench/programme.ts [--slices N] [--seconds N]`: getPublicEvent (the public programme's data) and
// the programme's iCalendar feed for a two-day conference of 45 sessions in three rooms with speakers,
// built through the organisers' API on a fresh SQLite database. Loaded over HTTP with autocannon (50
// connections) beside a bare Fastify hello-world, in interleaved slices so a shared machine's drift touches
// all alike; the app's smallest route (getHealth) is measured too, as the floor any route of the app stands on.
// Requests carry a browser's Accept-Encoding (the programme then answers its Brotli copy); the programme is
// measured once more without one (its plain bytes). Aim: getPublicEvent (as a browser asks) ≥ 0.5 of
// hello-world's requests a second. Prints a table with ratios;
// writes bench/results/programme-<date>.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import { migrateToLatest, openDatabase } from '../server/db/database.js';
import { provisionUser } from '../server/modules/accounts/provision.js';
import { systemActor } from '../server/platform/audit.js';
import { newId } from '../server/platform/ids.js';
import { benchApp, measureInterleaved, numberFlag, pairedRatio } from './common.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const SLICES = numberFlag('slices', 3, { integer: true });
const SECONDS = numberFlag('seconds', 3);
const CONNECTIONS = 50;
const AIM_RATIO = 0.5;
const PASSWORD = 'a long enough bench passphrase';

async function main(dataDir: string) {
  const started = Date.now();
  const file = path.join(dataDir, 'bench.sqlite');
  const database = openDatabase({ kind: 'sqlite', file });
  await migrateToLatest(database.db);
  const now = new Date();
  await database.db.insertInto('bodies').values({ id: newId(), slug: 'bench', name: 'Bench body', short_name: 'BB', country: 'GB', website: null, created_at: now.toISOString() }).execute();
  await provisionUser(database.db, { email: 'organiser@bench.example.org', name: 'Bench Organiser', roles: ['event_organiser'], password: PASSWORD }, systemActor, now);
  const { g, appUrl, headers } = await benchApp(database, dataDir, file, 'organiser@bench.example.org', PASSWORD);
  const api = async (method: 'POST' | 'GET', url: string, payload?: unknown) => {
    const r = await g.app.inject({ method, url, headers, ...(payload ? { payload: payload as object } : {}) });
    if (r.statusCode >= 300) throw new Error(`${method} ${url}: ${r.statusCode} ${r.body.slice(0, 300)}`);
    return r.json();
  };
  const startsOn = new Date(now.getTime() + 60 * 86_400_000).toISOString().slice(0, 10);
  const endsOn = new Date(now.getTime() + 61 * 86_400_000).toISOString().slice(0, 10);
  const event = await api('POST', '/api/v1/events', { title: 'Bench Conference', summary: 'Forty-five sessions over two days.', kind: 'conference', format: 'in_person', startsOn, endsOn, timeZone: 'Europe/London', venueName: 'Bench Centre' });
  for (const [name, capacity] of [['Main hall', 600], ['Room A', 200], ['Room B', 120]] as const) await api('POST', `/api/v1/events/${event.id}/rooms`, { name, capacity });
  for (const name of ['Operations', 'Strategy', 'People']) await api('POST', `/api/v1/events/${event.id}/tracks`, { name });
  const full = await api('GET', `/api/v1/events/${event.id}`);
  const starts = ['09:00', '10:00', '11:00', '12:00', '13:30', '14:30', '15:30', '16:30'];
  let n = 0;
  for (const day of [startsOn, endsOn]) {
    for (const start of starts) {
      for (const [r, room] of full.rooms.entries()) {
        if (n >= 45) break;
        const end = `${String(Number(start.slice(0, 2))).padStart(2, '0')}:45`;
        await api('POST', `/api/v1/events/${event.id}/sessions`, {
          title: `Session ${n + 1}: service management in practice`,
          abstract: 'What the speakers learned running IT services, what went wrong and what they would do again. '.repeat(3),
          format: n % 7 === 0 ? 'keynote' : n % 5 === 0 ? 'workshop' : 'talk',
          roomId: room.id,
          trackId: full.tracks[r % 3].id,
          day,
          startTime: start,
          endTime: end,
          speakers: [{ email: `speaker${n}@bench.example.org`, name: `Speaker ${n + 1}` }, ...(n % 4 === 0 ? [{ email: `panel${n}@bench.example.org`, name: `Panellist ${n + 1}` }] : [])],
        });
        n++;
      }
    }
  }
  await api('POST', `/api/v1/events/${event.id}/publish`);
  const check = await g.app.inject({ method: 'GET', url: `/api/v1/public/events/${event.slug}` });
  const sessions = check.json().days.reduce((k: number, d: { sessions: unknown[] }) => k + d.sessions.length, 0);
  if (sessions !== 45) throw new Error(`expected 45 sessions, the programme has ${sessions}`);

  const hello = Fastify({ logger: false });
  hello.get('/', async () => ({ hello: 'world' }));
  const helloUrl = await hello.listen({ port: 0, host: '127.0.0.1' });
  // As a browser asks (the programme is kept compressed, Brotli chosen), and as a client that accepts no
  // encoding asks (the plain bytes), so both paths stay measured.
  const browser = { 'accept-encoding': 'gzip, deflate, br' };
  const brotli = await g.app.inject({ method: 'GET', url: `/api/v1/public/events/${event.slug}`, headers: browser });
  if (brotli.headers['content-encoding'] !== 'br') throw new Error(`expected a Brotli answer, got ${brotli.headers['content-encoding'] ?? 'none'}`);
  const kib = (n: number) => `${(n / 1024).toFixed(n < 10_240 ? 1 : 0)} KiB`;
  const programme = `${appUrl}/api/v1/public/events/${event.slug}`;
  const targets = [
    { route: 'hello-world (bare Fastify)', target: { url: `${helloUrl}/`, connections: CONNECTIONS, headers: browser } },
    // The app's own floor: its smallest route (one prepared query, every hook), for what the programme adds.
    { route: 'getHealth (the app floor)', target: { url: `${appUrl}/api/health`, connections: CONNECTIONS, headers: browser } },
    { route: `getPublicEvent, br (${kib(brotli.rawPayload.length)})`, target: { url: programme, connections: CONNECTIONS, headers: browser } },
    { route: `getPublicEvent, identity (${kib(check.rawPayload.length)})`, target: { url: programme, connections: CONNECTIONS } },
    { route: 'getProgrammeFeed (.ics), br', target: { url: `${appUrl}/events/${event.slug}/programme.ics`, connections: CONNECTIONS, headers: browser } },
  ];
  const [base, ...measured] = await measureInterleaved(targets, SLICES, SECONDS);
  await hello.close();
  await g.app.close();
  await database.close();

  const rows = [base!, ...measured].map((m, i) => ({ ...m, ...(i === 0 ? { ratio: null, low: null, high: null, cpuRatio: null } : pairedRatio(base!, m)) }));
  console.log(`\nThe public programme, ${CONNECTIONS} connections, ${SLICES} interleaved slices of ${SECONDS} s\n`);
  console.log(['operation'.padEnd(44), 'req/s'.padStart(9), 'p50 ms'.padStart(7), 'p99 ms'.padStart(7), '× hello (range)'.padStart(20), `≥ ${AIM_RATIO}`.padStart(6)].join('  '));
  for (const r of rows) {
    const ratio = r.ratio === null ? '(base)' : `${r.ratio.toFixed(2)} (${r.low?.toFixed(2)}–${r.high?.toFixed(2)})`;
    const met = r.ratio === null ? '—' : r.ratio >= AIM_RATIO ? 'yes' : 'NO';
    console.log([r.route.padEnd(44), Math.round(r.reqPerSec).toLocaleString('en-GB').padStart(9), r.p50.toFixed(2).padStart(7), r.p99.toFixed(2).padStart(7), ratio.padStart(20), met.padStart(6)].join('  '));
  }
  const outDir = path.join(here, 'results');
  fs.mkdirSync(outDir, { recursive: true });
  const out = path.join(outDir, `programme-${new Date().toISOString().slice(0, 10)}.json`);
  const machine = { node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown' };
  fs.writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), machine, sessions, connections: CONNECTIONS, slices: SLICES, seconds: SECONDS, aimRatio: AIM_RATIO, http: rows }, null, 2)}\n`);
  console.log(`\nWrote ${path.relative(process.cwd(), out)} (${((Date.now() - started) / 1000).toFixed(0)} s in all).`);
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'guildhall-bench-programme-'));
try {
  await main(dataDir);
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
