import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, auditEntries, expectError, makeUser, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { checkinBase, checkedIn, kitOf, listOf, scan, scanBody } from './checkin-fixtures.js';
import { type EventFixture, insertEvent, insertRegistration } from './fixtures.js';

/*
 * Door and session check-in through the API: answers and reasons, nonces recorded once, one truth for
 * many scanners, undo. Runs on SQLite and PostgreSQL.
 */

let app: TestApp;
let organiser: Browser & { id: string };
let volunteer: Browser & { id: string };
let stranger: Browser & { id: string };
let event: EventFixture;
let kit: Record<string, any>;
let door1 = '';
let door2 = '';
let n = 0;

async function member(ticket: 'member' | 'day' = 'member') {
  n += 1;
  const email = `attendee${n}@example.org`;
  const id = await makeUser(app, { email, name: `Attendee ${n}` });
  return insertRegistration(app, event, { id, email, name: `Attendee ${n}` }, { ticket });
}

beforeAll(async () => {
  app = await testApp();
  organiser = await signedInUser(app, 'organiser@example.org', ['event_organiser']);
  volunteer = await signedInUser(app, 'volunteer@example.org');
  stranger = await signedInUser(app, 'stranger@example.org');
  event = await insertEvent(app, { createdBy: organiser.id });
  await app.platform.database.db.insertInto('event_team').values({ event_id: event.id, user_id: volunteer.id, role: 'volunteer', added_by: organiser.id, added_at: app.clock.now().toISOString() }).execute();
  kit = await kitOf(volunteer, event);
  door1 = listOf(kit, { day: '2027-03-10' });
  door2 = listOf(kit, { day: '2027-03-11' });
}, 60_000);
afterAll(() => app?.close());

describe('the check-in kit', () => {
  it('makes one door list a day and one per session, once, and hands out the key and roster', async () => {
    const reg = await member();
    const again = await kitOf(organiser, event);
    expect(again.lists.filter((l: any) => l.kind === 'door').map((l: any) => l.day)).toEqual(['2027-03-10', '2027-03-11']);
    expect(again.lists.filter((l: any) => l.kind === 'session').map((l: any) => l.sessionId).sort()).toEqual([...event.sessions].sort());
    expect(again.lists.map((l: any) => l.id).sort()).toEqual(kit.lists.map((l: any) => l.id).sort());
    expect(again.publicKey).toBe(event.publicKey);
    expect(again.roster).toContainEqual({ registrationId: reg.id, reference: reg.reference, name: expect.any(String), ticket: 'Member', days: ['2027-03-10', '2027-03-11'], status: 'confirmed' });
    expect(again.revision).not.toBe(kit.revision);
    expect(again.organiser).toBe(true);
  });

  it('gives a session added later its list', async () => {
    const db = app.platform.database.db;
    const at = app.clock.now().toISOString();
    const sid = `late-${n}`;
    await db.insertInto('event_sessions').values({ id: sid, event_id: event.id, title: 'Late addition', abstract: 'x', format: 'talk', level: null, room_id: event.rooms[0] as string, track_id: null, starts_at: '2027-03-11T14:00:00.000Z', ends_at: '2027-03-11T15:00:00.000Z', capacity: null, cpd_type: 'event', cpd_quarters: 4, status: 'scheduled', proposal_id: null, closed_at: null, created_at: at, updated_at: at }).execute();
    const k = await kitOf(volunteer, event);
    expect(k.lists.find((l: any) => l.sessionId === sid)).toMatchObject({ kind: 'session', day: '2027-03-11' });
  });

  it('tells a volunteer they may not undo, and drops the list of a cancelled session', async () => {
    expect(kit.organiser).toBe(false);
    const db = app.platform.database.db;
    const sessionList = listOf(kit, { sessionId: event.sessions[3] as string });
    await db.updateTable('event_sessions').set({ status: 'cancelled' }).where('id', '=', event.sessions[3] as string).execute();
    try {
      const k = await kitOf(volunteer, event);
      expect(k.lists.map((l: any) => l.id)).not.toContain(sessionList);
      const a = await member();
      expectError(await scan(app, volunteer, event.id, { listId: sessionList, code: a.code }), 409, 'CONFLICT');
    } finally {
      await db.updateTable('event_sessions').set({ status: 'scheduled' }).where('id', '=', event.sessions[3] as string).execute();
    }
  });

  it('is refused to someone with no part in the event', async () => {
    expectError(await stranger.req({ method: 'GET', url: `${checkinBase(event.id)}/kit` }), 403, 'FORBIDDEN');
  });
});

describe('scanning', () => {
  it('accepts a signed code and a typed reference, and says who it is', async () => {
    const a = await member();
    const res = await scan(app, volunteer, event.id, { listId: door1, code: a.code, scanner: 'scanner 3' });
    expect(res.json()).toMatchObject({ outcome: 'accepted', reason: null, name: `Attendee ${n}`, ticket: 'Member', replayed: false });
    const b = await member();
    const typed = await scan(app, volunteer, event.id, { listId: door1, reference: b.reference.toLowerCase().replace('-', '') });
    expect(typed.json()).toMatchObject({ outcome: 'accepted', registrationId: b.id });
    const entries = await auditEntries(app, 'events.checked_in');
    expect(entries.map((e) => e.subject_id)).toEqual(expect.arrayContaining([a.id, b.id]));
  });

  it('answers a repeated nonce with the same answer and never checks in twice', async () => {
    const a = await member();
    const body = scanBody(app, { listId: door1, code: a.code });
    const first = (await volunteer.req({ method: 'POST', url: `${checkinBase(event.id)}/scans`, payload: body })).json();
    const second = (await volunteer.req({ method: 'POST', url: `${checkinBase(event.id)}/scans`, payload: body })).json();
    expect(first.outcome).toBe('accepted');
    expect(second).toEqual({ ...first, replayed: true });
    // A refused scan is replayed the same way.
    const bad = scanBody(app, { listId: door1, code: `${a.code.slice(0, -4)}AAAA` });
    const r1 = (await volunteer.req({ method: 'POST', url: `${checkinBase(event.id)}/scans`, payload: bad })).json();
    const r2 = (await volunteer.req({ method: 'POST', url: `${checkinBase(event.id)}/scans`, payload: bad })).json();
    expect(r1.reason).toBe('unknown_code');
    expect(r2).toEqual({ ...r1, replayed: true });
    const db = app.platform.database.db;
    expect(await db.selectFrom('event_checkins').select('id').where('registration_id', '=', a.id).execute()).toHaveLength(1);
    expect(await db.selectFrom('event_checkin_scans').select('nonce').where('nonce', '=', body.nonce).execute()).toHaveLength(1);
  });

  it('lets one of many scanners racing for one person win; the others hear "already in" with time and scanner', async () => {
    const a = await member();
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => scan(app, i % 2 ? volunteer : organiser, event.id, { listId: door1, code: a.code, scanner: `scanner ${i + 1}` })));
    const bodies = answers.map((r) => r.json());
    expect(bodies.filter((b) => b.outcome === 'accepted')).toHaveLength(1);
    const refused = bodies.filter((b) => b.outcome === 'refused');
    expect(refused).toHaveLength(11);
    for (const r of refused) expect(r.message).toMatch(/^Already in: .* checked in at \d\d:\d\d by scanner \d+\.$/);
    const live = await app.platform.database.db.selectFrom('event_checkins').select('id').where('registration_id', '=', a.id).where('undone_at', 'is', null).execute();
    expect(live).toHaveLength(1);
  });

  it('names the time in the event’s zone', async () => {
    const a = await member();
    // 13 June 2026 08:14 UTC is 09:14 in London (summer time).
    await scan(app, volunteer, event.id, { listId: door1, code: a.code, scanner: 'scanner 3', scannedAt: '2026-06-13T08:14:00Z', offline: true });
    const res = (await scan(app, volunteer, event.id, { listId: door1, code: a.code })).json();
    expect(res.message).toContain('09:14');
    expect(res.message).toContain('by scanner 3');
    const row = await app.platform.database.db.selectFrom('event_checkins').select(['scanned_at', 'offline']).where('registration_id', '=', a.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ scanned_at: '2026-06-13T08:14:00.000Z', offline: 1 });
  });

  it('refuses a made-up or altered code and an unknown reference', async () => {
    const a = await member();
    const altered = a.code.replace(/\.([A-Za-z0-9_-])/, (_m, c: string) => `.${c === 'A' ? 'B' : 'A'}`);
    for (const code of ['1.made.up.code', altered, 'hello']) {
      expect((await scan(app, volunteer, event.id, { listId: door1, code })).json()).toMatchObject({ outcome: 'refused', reason: 'unknown_code', name: null });
    }
    expect((await scan(app, volunteer, event.id, { listId: door1, reference: 'ZZZZ-ZZZZ' })).json().reason).toBe('unknown_code');
  });

  it('refuses a cancelled registration', async () => {
    const a = await member();
    await app.platform.database.db.updateTable('event_registrations').set({ status: 'cancelled' }).where('id', '=', a.id).execute();
    expect((await scan(app, volunteer, event.id, { listId: door1, code: a.code })).json()).toMatchObject({ outcome: 'refused', reason: 'cancelled' });
  });

  it('refuses a day ticket on another day, at the door and in a session of that day', async () => {
    const a = await member('day');
    const day2Session = listOf(kit, { sessionId: event.sessions[4] as string });
    expect((await scan(app, volunteer, event.id, { listId: door2, code: a.code })).json()).toMatchObject({ outcome: 'refused', reason: 'wrong_day' });
    expect((await scan(app, volunteer, event.id, { listId: day2Session, code: a.code })).json().message).toMatch(/^Wrong day: .*Wednesday 10 March only\.$/);
    expect((await scan(app, volunteer, event.id, { listId: door1, code: a.code })).json().outcome).toBe('accepted');
  });

  it('refuses another event’s code as not this event, and another event’s list', async () => {
    const other = await insertEvent(app, { createdBy: organiser.id, title: 'Chapter meeting' });
    const email = `other${n}@example.org`;
    const reg = await insertRegistration(app, other, { id: await makeUser(app, { email }), email });
    expect((await scan(app, volunteer, event.id, { listId: door1, code: reg.code })).json()).toMatchObject({ outcome: 'refused', reason: 'not_this_event' });
    const otherKit = await kitOf(organiser, other);
    const theirList = otherKit.lists[0].id as string;
    expectError(await scan(app, organiser, event.id, { listId: theirList, code: reg.code }), 404, 'NOT_FOUND');
    // The volunteer has no part in the other event.
    expectError(await scan(app, volunteer, other.id, { listId: theirList, code: reg.code }), 403, 'FORBIDDEN');
  });

  it('asks for a code or a reference, a nonce and a scanner', async () => {
    const res = await volunteer.req({ method: 'POST', url: `${checkinBase(event.id)}/scans`, payload: { listId: door1, nonce: 'x', scanner: '', scannedAt: 'yesterday' } });
    const err = expectError(res, 400, 'VALIDATION_FAILED');
    expect(JSON.stringify(err.details)).toMatch(/nonce/);
    expect(JSON.stringify(err.details)).toMatch(/scannedAt/);
  });
});

describe('undo and status', () => {
  it('lets an organiser undo with a reason; the person may then check in again', async () => {
    const a = await member();
    const { listId, checkinId } = await checkedIn(app, volunteer, event, a.code);
    const url = `${checkinBase(event.id)}/checkins/${checkinId}/undo`;
    expectError(await volunteer.req({ method: 'POST', url, payload: { reason: 'Wrong person' } }), 403, 'FORBIDDEN');
    expectError(await organiser.req({ method: 'POST', url, payload: { reason: '' } }), 400, 'VALIDATION_FAILED');
    const undone = await organiser.req({ method: 'POST', url, payload: { reason: 'Scanned the wrong badge' } });
    expect(undone.json()).toMatchObject({ checkinId, listId, registrationId: a.id });
    expectError(await organiser.req({ method: 'POST', url, payload: { reason: 'Again' } }), 409, 'CONFLICT');
    expect((await auditEntries(app, 'events.checkin_undone')).at(-1)).toMatchObject({ subject_id: a.id, details: { reason: 'Scanned the wrong badge' } });
    expect((await scan(app, volunteer, event.id, { listId, code: a.code })).json().outcome).toBe('accepted');
  });

  it('counts who is inside now per list and shows the latest scans', async () => {
    const list = listOf(kit, { sessionId: event.sessions[0] as string });
    const before = (await volunteer.req({ method: 'GET', url: `${checkinBase(event.id)}/status?listId=${list}` })).json();
    const countOf = (s: any) => s.inside.find((x: any) => x.listId === list)?.count ?? 0;
    const a = await member();
    const b = await member();
    const ok = (await scan(app, volunteer, event.id, { listId: list, code: a.code })).json();
    await scan(app, volunteer, event.id, { listId: list, code: b.code });
    const bad = (await scan(app, volunteer, event.id, { listId: list, code: 'not a code' })).json();
    const after = (await volunteer.req({ method: 'GET', url: `${checkinBase(event.id)}/status?listId=${list}` })).json();
    expect(countOf(after)).toBe(countOf(before) + 2);
    expect(after.recent.find((r: any) => r.nonce === bad.nonce)).toMatchObject({ outcome: 'refused', reason: 'unknown_code', checkinId: null });
    expect(after.recent.find((r: any) => r.nonce === ok.nonce)).toMatchObject({ outcome: 'accepted', checkinId: ok.checkinId });
    expect(after.recent.every((r: any) => r.listId === list)).toBe(true);
    expectError(await volunteer.req({ method: 'GET', url: `${checkinBase(event.id)}/status?listId=nope` }), 404, 'NOT_FOUND');
  });
});
