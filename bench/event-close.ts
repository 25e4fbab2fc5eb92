// `npx tsx bench/event-close.ts [--attendees N] [--sessions S]`: closing an event of N attendees (default
// 1,000) and S sessions (default 45) over two days on SQLite, through closeEvent's service: each attendee
// checked in at the door and at about eight sessions (seeded), every session with a confirmed speaker, then
// the credentials of attendance issued as the job does. Baselines measured in the same run: inserting the
// same credit rows raw (one prepared statement, one transaction) into a copy of the activities table, and
// the plain batch signer over the same number of level credentials (its threads started and warmed on
// them first). The credentials of attendance go through the credentials module's kept signer, warmed
// first as the app warms it when it listens with the job worker on. Aims: credits ≤ 2 s; credentials at
// ≥ 1,000 a second. Prints a table with ratios, CPU per credential and the expansion shapes' hit rate;
// writes bench/results/event-close-<date>.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Role } from '../contracts/accounts.js';
import { buildApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { badge } from '../server/modules/credentials/credentials.fixtures.js';
import { BatchSigner } from '../server/modules/credentials/issuing/batch-sign.js';
import { threadShapes } from '../server/modules/credentials/issuing/proof-hash.js';
import { closingService } from '../server/modules/events/closing/closing.service.js';
import { attendanceIssuer } from '../server/modules/events/closing/issue.js';
import { newCheckInKey } from '../server/modules/events/codes.js';
import type { Actor } from '../server/platform/context.js';
import { newId } from '../server/platform/ids.js';
import { sealingSecret } from '../server/platform/sealed.js';
import { freshBenchDatabase, numberFlag, seededRandom } from './common.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const ATTENDEES = numberFlag('attendees', 1_000, { integer: true });
const SESSIONS = numberFlag('sessions', 45, { integer: true });
const AIM_CREDIT_S = 2;
const AIM_RATE = 1_000;

async function main() {
  const { dataDir, file, database, sqlite, remove } = await freshBenchDatabase('event-close');
  const at = '2027-03-08T09:00:00.000Z';
  const rnd = seededRandom(20270310);
  const config = loadConfig({ LOG_LEVEL: 'silent', GUILDHALL_DATA_DIR: dataDir, GUILDHALL_WORKER: '0', PORT: '0' });

  // People, the event (two days, three rooms, S sessions), registrations, lists, check-ins and speakers.
  const eventId = newId();
  const organiserId = newId();
  const members = Array.from({ length: ATTENDEES }, () => newId());
  const sessions = Array.from({ length: SESSIONS }, () => newId());
  const regs = members.map(() => newId());
  const doors = [newId(), newId()];
  const lists = sessions.map(() => newId());
  let checkins = 0;
  sqlite.transaction(() => {
    const addUser = sqlite.prepare(`INSERT INTO users (id, email, name, password_hash, email_verified_at, status, country, created_at, updated_at) VALUES (?, ?, ?, NULL, ?, 'active', NULL, ?, ?)`);
    addUser.run(organiserId, 'organiser@bench.example.org', 'Organiser', at, at, at);
    for (const [i, m] of members.entries()) addUser.run(m, `member${i}@bench.example.org`, `Member ${i}`, at, at, at);
    const key = newCheckInKey(sealingSecret(config, () => {}), eventId);
    sqlite
      .prepare(
        `INSERT INTO events (id, slug, title, summary, kind, format, starts_on, ends_on, time_zone, venue_name, venue_address, join_url, status, registration_opens_at, registration_closes_at, cancel_cutoff_at, checkin_public_key, checkin_private_key, revision, created_by, created_at, updated_at, closed_at) VALUES (?, 'bench-summit', 'Bench Summit', 'Two days', 'conference', 'in_person', '2027-03-10', '2027-03-11', 'Europe/London', 'Hall', NULL, NULL, 'published', NULL, NULL, NULL, ?, ?, 1, ?, ?, ?, NULL)`,
      )
      .run(eventId, key.publicKey, key.sealedPrivateKey, organiserId, at, at);
    const rooms = [newId(), newId(), newId()];
    for (const [i, r] of rooms.entries()) sqlite.prepare('INSERT INTO event_rooms (id, event_id, name, capacity, position) VALUES (?, ?, ?, 400, ?)').run(r, eventId, `Room ${i + 1}`, i);
    const ticket = newId();
    sqlite.prepare(`INSERT INTO event_ticket_types (id, event_id, name, kind, price_minor, currency, capacity, days, public, position) VALUES (?, ?, 'Member', 'member', 0, 'GBP', NULL, NULL, 1, 0)`).run(ticket, eventId);
    const addSession = sqlite.prepare(
      `INSERT INTO event_sessions (id, event_id, title, abstract, format, level, room_id, track_id, starts_at, ends_at, capacity, cpd_type, cpd_quarters, status, proposal_id, closed_at, created_at, updated_at) VALUES (?, ?, ?, 'A talk', 'talk', NULL, ?, NULL, ?, ?, NULL, 'event', 4, 'scheduled', NULL, NULL, ?, ?)`,
    );
    const addList = sqlite.prepare('INSERT INTO event_checkin_lists (id, event_id, kind, day, session_id, name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    addList.run(doors[0], eventId, 'door', '2027-03-10', null, 'Door 1', at);
    addList.run(doors[1], eventId, 'door', '2027-03-11', null, 'Door 2', at);
    sessions.forEach((s, i) => {
      const day = i < SESSIONS / 2 ? '2027-03-10' : '2027-03-11';
      const slot = Math.floor((i % Math.ceil(SESSIONS / 2)) / 3);
      const start = new Date(Date.parse(`${day}T08:00:00Z`) + slot * 3_600_000).toISOString();
      const end = new Date(Date.parse(start) + 3_600_000).toISOString();
      addSession.run(s, eventId, `Session ${i + 1}`, rooms[i % 3], start, end, at, at);
      addList.run(lists[i], eventId, 'session', null, s, `Session ${i + 1}`, at);
      sqlite
        .prepare(`INSERT INTO event_speakers (id, event_id, session_id, user_id, name, email, bio, status, token_hash, responded_at, created_at) VALUES (?, ?, ?, ?, ?, ?, NULL, 'confirmed', NULL, ?, ?)`)
        .run(newId(), eventId, s, members[i % ATTENDEES], `Member ${i}`, `member${i}@bench.example.org`, at, at);
    });
    const addReg = sqlite.prepare(
      `INSERT INTO event_registrations (id, event_id, user_id, ticket_type_id, reference, status, name, email, organisation_name, share_with_exhibitors, fee_minor, fee_paid_at, source, created_at, updated_at, cancelled_at) VALUES (?, ?, ?, ?, ?, 'confirmed', ?, ?, NULL, 0, 0, NULL, 'self', ?, ?, NULL)`,
    );
    const addCheckin = sqlite.prepare(
      `INSERT INTO event_checkins (id, event_id, list_id, registration_id, nonce, scanner, by_user_id, scanned_at, recorded_at, offline, undone_at, undone_by, undo_reason) VALUES (?, ?, ?, ?, ?, 'scanner 1', ?, ?, ?, 0, NULL, NULL, NULL)`,
    );
    members.forEach((m, i) => {
      addReg.run(regs[i], eventId, m, ticket, `R${i}`, `Member ${i}`, `member${i}@bench.example.org`, at, at);
      addCheckin.run(newId(), eventId, doors[0], regs[i], newId(), organiserId, at, at);
      checkins++;
      for (const [j, l] of lists.entries()) {
        if (rnd() < 8 / SESSIONS || (j === 0 && i === 0)) {
          addCheckin.run(newId(), eventId, l, regs[i], newId(), organiserId, at, at);
          checkins++;
        }
      }
    });
  })();
  const credits = checkins - ATTENDEES + SESSIONS; // session check-ins and one talk per session

  // Baseline 1: the same number of credit rows inserted raw into a copy of the activities table.
  sqlite.exec('CREATE TABLE bench_raw AS SELECT * FROM cpd_activities WHERE 0');
  const ixs = sqlite.prepare(`SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'cpd_activities' AND sql IS NOT NULL`).all() as Array<{ sql: string }>;
  for (const ix of ixs) sqlite.exec(ix.sql.replace(/INDEX\s+"?(\w+)"?\s+on\s+"?cpd_activities"?/i, 'INDEX bench_$1 ON bench_raw'));
  const raw = sqlite.prepare(
    `INSERT INTO bench_raw (id, member_id, type, title, occurred_on, quarters, provider, learned, apply, details, source, verified, provider_id, import_id, row_key, activity_code, audit_status, created_at, updated_at, deleted_at) VALUES (?, ?, 'event', 'A session', '2027-03-10', 4, 'Bench', NULL, NULL, '{}', 'event', 1, 'bench', NULL, ?, NULL, NULL, ?, ?, NULL)`,
  );
  const t0 = performance.now();
  sqlite.transaction(() => {
    for (let i = 0; i < credits; i++) raw.run(newId(), members[i % ATTENDEES], `k${i}`, at, at);
  })();
  const rawS = (performance.now() - t0) / 1000;

  const g = await buildApp({ config: { ...config, database: { kind: 'sqlite', file } }, database, mailTransport: null, clock: { now: () => new Date('2027-03-12T10:00:00Z') } });
  const actor: Actor = { userId: organiserId, email: 'organiser@bench.example.org', name: 'Organiser', country: null, emailVerified: true, roles: new Set<Role>(['event_organiser']), via: 'session', sessionId: null, csrfToken: null, scopes: null };
  const ctx = { actor, ip: null, requestId: null, userAgent: null };
  const key = await g.services.credentials.issuer.signingKey(); // made on first need: not part of the runs
  // The part's service and issuer, wired as registerClosing wires them (the certificate is not drawn here).
  const issuer = attendanceIssuer(g.platform, g.services.credentials);
  const closing = closingService(g.platform, {
    issuer,
    bodyName: async () => (await g.services.credentials.issuer.profile()).name,
    afterCredit: g.services.cpd.standards.standing.recheckQuietly,
    drawCertificate: async () => new Uint8Array(),
  });
  const fetchClose = () => closing.closeEvent(ctx, eventId);

  // closeEvent through its service: plan, credit through the provider path, attendance, job queued.
  const t1 = performance.now();
  const closed = await fetchClose();
  const closeS = (performance.now() - t1) / 1000;
  if (closed.newCredits !== credits) throw new Error(`credited ${closed.newCredits}, expected ${credits}`);

  // Closing again credits nothing new.
  const t2 = performance.now();
  const again = await fetchClose();
  const againS = (performance.now() - t2) / 1000;
  if (again.newCredits !== 0) throw new Error(`a second close credited ${again.newCredits}`);

  // Baseline 2: the plain batch signer over the same number of level credentials, its threads started and
  // warmed on these credentials first; timed before and after the credentials of attendance (the faster
  // counts), so that a busy moment on a shared machine does not flatter the ratio.
  const signer = new BatchSigner(key);
  const docs = Array.from({ length: ATTENDEES }, (_, i) => badge(i));
  await signer.warm();
  await signer.signMany(docs.slice(0, 100), new Date(), 10);
  const timed = async (body: () => Promise<unknown>) => {
    const cpu = process.cpuUsage();
    const t = performance.now();
    await body();
    const used = process.cpuUsage(cpu);
    return { seconds: (performance.now() - t) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
  };
  const plain = [await timed(() => signer.signMany(docs, new Date()))];

  // The credentials of attendance, as the job issues them (shapes counted on this thread).
  await g.services.credentials.signer.warm();
  const before = { ...threadShapes().stats };
  const attendance = await timed(() => issuer.issue(eventId));
  const after = threadShapes().stats;
  const shapes = { documents: after.documents - before.documents, expanded: after.shapes - before.shapes, full: after.full - before.full };
  plain.push(await timed(() => signer.signMany(docs, new Date())));
  await signer.close();
  const base = plain[0]!.seconds <= plain[1]!.seconds ? plain[0]! : plain[1]!;
  const signerS = base.seconds;
  const issueS = attendance.seconds;
  const issued = Number((sqlite.prepare('SELECT count(*) AS n FROM event_attendance_credentials WHERE event_id = ?').get(eventId) as { n: number }).n);
  if (issued !== ATTENDEES) throw new Error(`issued ${issued} of ${ATTENDEES}`);

  const table = [
    { what: `baseline: raw insert of ${credits} credit rows`, seconds: rawS, perSecond: credits / rawS, ratio: 1, cpuMsEach: null },
    { what: `closeEvent: ${credits} credits, ${ATTENDEES} attendees (aim ≤ ${AIM_CREDIT_S} s)`, seconds: closeS, perSecond: credits / closeS, ratio: closeS / rawS, cpuMsEach: null },
    { what: 'closeEvent again (nothing new)', seconds: againS, perSecond: credits / againS, ratio: againS / rawS, cpuMsEach: null },
    { what: `baseline: BatchSigner, ${ATTENDEES} level credentials`, seconds: signerS, perSecond: ATTENDEES / signerS, ratio: 1, cpuMsEach: (base.cpuSeconds * 1000) / ATTENDEES },
    { what: `attendance credentials, ${ATTENDEES} (aim ≥ ${AIM_RATE}/s)`, seconds: issueS, perSecond: ATTENDEES / issueS, ratio: issueS / signerS, cpuMsEach: (attendance.cpuSeconds * 1000) / ATTENDEES },
  ];
  console.log(`\nClosing an event: ${ATTENDEES} attendees, ${SESSIONS} sessions, ${checkins} check-ins, SQLite, ${os.cpus().length} cores\n`);
  console.log(`${'what'.padEnd(60)} ${'seconds'.padStart(8)} ${'per second'.padStart(11)} ${'× baseline'.padStart(11)} ${'CPU ms each'.padStart(12)}`);
  for (const r of table) console.log(`${r.what.padEnd(60)} ${r.seconds.toFixed(3).padStart(8)} ${Math.round(r.perSecond).toString().padStart(11)} ${r.ratio.toFixed(2).padStart(11)} ${(r.cpuMsEach === null ? '' : r.cpuMsEach.toFixed(2)).padStart(12)}`);
  console.log(`\nthe plain signer's two timings: ${plain.map((x) => `${x.seconds.toFixed(3)} s`).join(', ')}`);
  console.log(`expansion shapes on this thread: ${shapes.documents} documents, ${shapes.expanded} shapes expanded, ${shapes.full} expanded in full`);
  console.log(`credits ${closeS <= AIM_CREDIT_S ? 'within' : 'OVER'} the aim of ${AIM_CREDIT_S} s; credentials ${ATTENDEES / issueS >= AIM_RATE ? 'at or above' : 'BELOW'} ${AIM_RATE}/s; load average ${os.loadavg()[0]!.toFixed(1)}`);

  const outDir = path.join(here, 'results');
  fs.mkdirSync(outDir, { recursive: true });
  const out = path.join(outDir, `event-close-${new Date().toISOString().slice(0, 10)}.json`);
  fs.writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), machine: { cpus: os.cpus().length, node: process.version }, attendees: ATTENDEES, sessions: SESSIONS, checkins, credits, shapes, loadAverage: os.loadavg()[0], table }, null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
  await g.app.close();
  await remove();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
