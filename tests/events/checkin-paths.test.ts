import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckInAnswer } from '../../contracts/events-checkin.js';
import type { Role } from '../../contracts/roles.js';
import { ensureLists, listsOf } from '../../server/modules/events/checkin/lists.js';
import { checkIn } from '../../server/modules/events/checkin/scan.js';
import type { ScanInput } from '../../server/modules/events/checkin/scan-rules.js';
import { sqliteScan } from '../../server/modules/events/checkin/scan-sqlite.js';
import type { RequestContext } from '../../server/platform/context.js';
import { DomainError } from '../../server/platform/errors.js';
import { makeUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { type EventFixture, insertEvent, insertRegistration } from './fixtures.js';

/*
 * The two ways a scan is recorded give the same answers to the same scans: the query builder's (PostgreSQL,
 * and SQLite while a query-builder transaction is open) and, on SQLite, one synchronous transaction shared by
 * the scans of one turn of the event loop. The same script of scans (two scanners racing for one person, a
 * retried nonce, an offline scan, every refusal) runs on two like events, one through each path where there
 * are two; on PostgreSQL only the query builder's path exists and the script's expectations still hold.
 */

let app: TestApp;
let organiserId = '';
let volunteerId = '';
let strangerId = '';

const ctxOf = (userId: string, roles: Role[]): RequestContext => ({
  actor: { userId, email: `${userId}@example.org`, name: 'Scanner', country: null, emailVerified: true, roles: new Set(roles), via: 'session', sessionId: null, csrfToken: null, scopes: null },
  ip: '127.0.0.1',
  requestId: randomUUID(),
  userAgent: null,
});

type Path = (ctx: RequestContext, eventId: string, input: ScanInput, now: Date) => Promise<CheckInAnswer>;

const builderPath: Path = (ctx, eventId, input, now) => checkIn(app.platform.database.db, ctx, eventId, input, now);

function fastPath(): Path | null {
  const fast = sqliteScan(app.platform.database);
  if (!fast) return null;
  return async (ctx, eventId, input, now) => {
    const a = await fast(ctx, eventId, input, now);
    if (!a) throw new Error('the SQLite path declined a scan with no transaction open');
    return a;
  };
}

/** An event with the same five people each time (same names, tickets and states), its two door lists and another event's code. */
async function stage(label: string) {
  const event = await insertEvent(app, { createdBy: organiserId, title: `Paths ${label}` });
  const person = async (name: string, ticket: keyof EventFixture['tickets'] = 'member') => {
    const email = `${name.toLowerCase()}-${label}@example.org`;
    return insertRegistration(app, event, { id: await makeUser(app, { email, name }), name, email }, { ticket });
  };
  const [ann, bob, cai, dee] = [await person('Ann'), await person('Bob'), await person('Cai', 'day'), await person('Dee')];
  await app.platform.database.db.updateTable('event_registrations').set({ status: 'cancelled' }).where('id', '=', dee.id).execute();
  const other = await insertEvent(app, { createdBy: organiserId, title: `Elsewhere ${label}` });
  const stranger = await insertRegistration(app, other, { id: await makeUser(app, { email: `eve-${label}@example.org` }), email: `eve-${label}@example.org` });
  const row = await app.platform.database.db.selectFrom('events').select(['id', 'starts_on', 'ends_on', 'time_zone']).where('id', '=', event.id).executeTakeFirstOrThrow();
  await ensureLists(app.platform.database.db, row, app.clock.now());
  const doors = (await listsOf(app.platform.database.db, event.id)).filter((l) => l.kind === 'door');
  await app.platform.database.db.insertInto('event_team').values({ event_id: event.id, user_id: volunteerId, role: 'volunteer', added_by: organiserId, added_at: app.clock.now().toISOString() }).execute();
  return { event, ann, bob, cai, dee, otherCode: stranger.code, door1: doors[0]?.id as string, door2: doors[1]?.id as string };
}

/** The script, run through one path; answers with registration and check-in ids put as who and whether. */
async function script(run: Path, label: string) {
  const s = await stage(label);
  const organiser = ctxOf(organiserId, ['event_organiser']);
  const volunteer = ctxOf(volunteerId, []);
  const now = app.clock.now();
  const scanOf = (over: Partial<ScanInput>): ScanInput => ({ listId: s.door1, nonce: randomUUID(), scanner: 'scanner 1', scannedAt: now.toISOString(), offline: false, ...over });
  const names = new Map([s.ann.id, s.bob.id, s.cai.id, s.dee.id].map((id, i) => [id, ['ann', 'bob', 'cai', 'dee'][i] as string]));
  const plain = ({ registrationId, checkinId, nonce: _n, listId, ...a }: CheckInAnswer) => ({ ...a, who: registrationId && names.get(registrationId), checkedIn: checkinId !== null, door: listId === s.door1 ? 1 : 2 });
  const refusedWith = (p: Promise<unknown>) => p.then(() => 'answered', (e: unknown) => (e instanceof DomainError ? e.code : String(e)));

  const first = scanOf({ code: s.ann.code, scanner: 'scanner 1' });
  // Two scanners race for Ann, and Ann's first scan is sent again at the same time (a retry after a lost answer).
  const race = await Promise.all([run(volunteer, s.event.id, first, now), run(organiser, s.event.id, scanOf({ code: s.ann.code, scanner: 'scanner 2' }), now), run(volunteer, s.event.id, first, now)]);
  const retried = await run(volunteer, s.event.id, first, now);
  const answers = [
    await run(volunteer, s.event.id, scanOf({ reference: s.bob.reference.toLowerCase().replace('-', ' ') }), now),
    await run(volunteer, s.event.id, scanOf({ listId: s.door2, code: s.cai.code }), now),
    await run(volunteer, s.event.id, scanOf({ code: s.dee.code }), now),
    await run(volunteer, s.event.id, scanOf({ code: `${s.ann.code.slice(0, -4)}AAAA` }), now),
    await run(volunteer, s.event.id, scanOf({ code: s.otherCode }), now),
    await run(volunteer, s.event.id, scanOf({ reference: 'ZZZZ-ZZZZ' }), now),
    // Offline at 08:14 UTC the day before (08:14 in London in November), then scanned again now.
    await run(volunteer, s.event.id, scanOf({ listId: s.door2, code: s.bob.code, scanner: 'scanner 3', scannedAt: '2026-11-24T08:14:00.000Z', offline: true }), now),
    await run(organiser, s.event.id, scanOf({ listId: s.door2, code: s.bob.code }), now),
  ];
  const errors = [
    await refusedWith(run(ctxOf(strangerId, []), s.event.id, scanOf({ code: s.bob.code }), now)),
    await refusedWith(run(volunteer, s.event.id, scanOf({ listId: 'no-such-list', code: s.bob.code }), now)),
    await refusedWith(run(volunteer, 'no-such-event', scanOf({ code: s.bob.code }), now)),
  ];
  // A nonce sent again with another list is still the first scan, replayed.
  const reused = await run(volunteer, s.event.id, { ...first, listId: s.door2 }, now);
  const db = app.platform.database.db;
  const rows = {
    checkins: (await db.selectFrom('event_checkins').select(['registration_id', 'scanned_at', 'offline']).where('event_id', '=', s.event.id).orderBy('scanned_at').execute()).map((r) => ({ ...r, registration_id: names.get(r.registration_id) })),
    scans: Number((await db.selectFrom('event_checkin_scans').select((eb) => eb.fn.countAll<number>().as('n')).where('event_id', '=', s.event.id).executeTakeFirstOrThrow()).n),
    audited: (await db.selectFrom('audit_log').select('subject_id').where('action', '=', 'events.checked_in').where('subject_id', 'in', [...names.keys()]).execute()).map((r) => names.get(r.subject_id as string)).sort(),
  };
  const same = (a: CheckInAnswer, b: CheckInAnswer | undefined) => JSON.stringify({ ...a, replayed: true }) === JSON.stringify({ ...b, replayed: true });
  // Which of the racing scans wins may differ between the paths; what must hold of the race is compared.
  const raced = race.map(plain);
  const winners = raced.filter((a) => a.outcome === 'accepted' && !a.replayed).length;
  const losersHearAlreadyIn = raced.every((a) => a.outcome === 'accepted' || (a.reason === 'already_in' && /^Already in: Ann checked in at \d\d:\d\d by scanner [12]\.$/.test(a.message)));
  const retriesReplayTheFirst = retried.replayed && same(retried, race[0]) && reused.replayed && same(reused, race[0]) && (race[2]?.replayed === false || same(race[2] as CheckInAnswer, race[0]));
  return { raced, race: { winners, losersHearAlreadyIn, retriesReplayTheFirst }, answers: answers.map(plain), errors, rows };
}

beforeAll(async () => {
  app = await testApp();
  organiserId = await makeUser(app, { email: 'paths-organiser@example.org', roles: ['event_organiser'] });
  volunteerId = await makeUser(app, { email: 'paths-volunteer@example.org' });
  strangerId = await makeUser(app, { email: 'paths-stranger@example.org' });
}, 60_000);
afterAll(() => app?.close());

describe('the two ways of recording a scan', () => {
  it('give the answers the rules call for, and record each nonce once', async () => {
    const r = await script(builderPath, 'builder');
    expect(r.race).toEqual({ winners: 1, losersHearAlreadyIn: true, retriesReplayTheFirst: true });
    expect(r.answers.map((a) => [a.outcome, a.reason, a.who])).toEqual([
      ['accepted', null, 'bob'],
      ['refused', 'wrong_day', 'cai'],
      ['refused', 'cancelled', 'dee'],
      ['refused', 'unknown_code', null],
      ['refused', 'not_this_event', null],
      ['refused', 'unknown_code', null],
      ['accepted', null, 'bob'],
      ['refused', 'already_in', 'bob'],
    ]);
    expect(r.answers[6]?.scannedAt).toBe('2026-11-24T08:14:00.000Z');
    expect(r.answers[7]?.message).toBe('Already in: Bob checked in at 08:14 on 2026-11-24 by scanner 3.');
    expect(r.errors).toEqual(['FORBIDDEN', 'NOT_FOUND', 'NOT_FOUND']);
    expect(r.rows.checkins.map((c) => c.registration_id).sort()).toEqual(['ann', 'bob', 'bob']);
    expect(r.rows.audited).toEqual(['ann', 'bob', 'bob']);
    // Nonces: two in the race (the third request a retry), eight in the list, none for the requests refused outright.
    expect(r.rows.scans).toBe(2 + 8);
  });

  it('answer alike on SQLite: the synchronous transaction and the query builder', async (t) => {
    const fast = fastPath();
    if (!fast) return t.skip();
    const [viaBuilder, viaFast] = [await script(builderPath, 'b2'), await script(fast, 'fast')];
    const { raced, ...alike } = viaFast;
    const { raced: _inAnyOrder, ...builderAlike } = viaBuilder;
    expect(alike).toEqual(builderAlike);
    // On the synchronous path the race is settled in the order of arrival: the first scan wins, its retry replays it.
    expect(raced.map((a) => [a.outcome, a.replayed, a.who])).toEqual([
      ['accepted', false, 'ann'],
      ['refused', false, 'ann'],
      ['accepted', true, 'ann'],
    ]);
  });

  it('on SQLite, a scan that fails undoes only itself, and the query builder takes over while its transaction is open', async (t) => {
    const fast = sqliteScan(app.platform.database);
    if (!fast) return t.skip();
    const s = await stage('batch');
    const ctx = ctxOf(volunteerId, []);
    const now = app.clock.now();
    const scanOf = (over: Partial<ScanInput>): ScanInput => ({ listId: s.door1, nonce: randomUUID(), scanner: 'scanner 1', scannedAt: now.toISOString(), offline: false, ...over });
    // One turn: three scans share a transaction; the middle one names a list of no event.
    const settled = await Promise.allSettled([fast(ctx, s.event.id, scanOf({ code: s.ann.code }), now), fast(ctx, s.event.id, scanOf({ listId: 'no-such-list', code: s.bob.code }), now), fast(ctx, s.event.id, scanOf({ code: s.bob.code }), now)]);
    expect(settled.map((x) => (x.status === 'fulfilled' ? x.value?.outcome : (x.reason as DomainError).code))).toEqual(['accepted', 'NOT_FOUND', 'accepted']);
    const db = app.platform.database.db;
    expect((await db.selectFrom('event_checkins').select('registration_id').where('event_id', '=', s.event.id).execute()).map((r) => r.registration_id).sort()).toEqual([s.ann.id, s.bob.id].sort());
    // A scan while a query-builder transaction holds the one connection would join it: it declines and writes nothing.
    const waiting = scanOf({ code: s.cai.code });
    const declined = await db.transaction().execute(async (tx) => {
      await tx.selectFrom('events').select('id').where('id', '=', s.event.id).execute();
      return fast(ctx, s.event.id, waiting, now);
    });
    expect(declined).toBeNull();
    expect(await db.selectFrom('event_checkin_scans').select('nonce').where('nonce', '=', waiting.nonce).execute()).toEqual([]);
    expect((await fast(ctx, s.event.id, waiting, now))?.outcome).toBe('accepted');
  });
});
