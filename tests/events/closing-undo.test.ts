import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type Json, auditEntries, call, lastMail, mailsTo, makeUser, signIn, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { checkIn, insertLists } from './closing-fixtures.js';
import { type EventFixture, insertEvent, insertRegistration } from './fixtures.js';

/*
 * Undoing a check-in after the close takes back exactly what it earned: the CPD credit (the log and the
 * totals stop counting it), the attendance record, the credential of attendance (superseded, or revoked when
 * nothing is left) and its portfolio evidence; audited, and the member mailed the organiser's reason. Undoing
 * twice, closing again, or a new scan and a re-close credit each session once. Runs on SQLite and PostgreSQL.
 */
describe('undoing a check-in after the close', () => {
  let app: TestApp;
  let organiser: Browser & { id: string };
  let event: EventFixture;
  let lists: Awaited<ReturnType<typeof insertLists>>;
  const people: Record<'aisha' | 'ben', { id: string; email: string; reg: string; browser: Browser }> = {} as never;
  const checkins: Record<string, string> = {};

  const db = () => app.platform.database.db;
  const liveCredits = async (memberId: string) =>
    (await db().selectFrom('cpd_activities').select('row_key').where('member_id', '=', memberId).where('deleted_at', 'is', null).orderBy('row_key').execute()).map((r) => r.row_key);
  const close = async () => {
    const res = await organiser.req({ method: 'POST', url: `/api/v1/events/${event.id}/close` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const undo = (checkinId: string, reason: string) => organiser.req({ method: 'POST', url: `/api/v1/events/${event.id}/checkin/checkins/${checkinId}/undo`, payload: { reason } });
  const mine = async (who: keyof typeof people) => (await people[who].browser.req({ url: `/api/v1/events/${event.id}/attendance` })).json().mine as Json;
  const summary = async (who: keyof typeof people) => (await people[who].browser.req({ url: '/api/v1/me/cpd/summary' })).json();
  const sessionKey = (i: number, who: keyof typeof people) => `event:${event.id}:session:${event.sessions[i]}:${people[who].id}`;

  beforeAll(async () => {
    app = await testApp({ now: '2027-03-12T10:00:00Z' });
    organiser = await signedInUser(app, 'undo-organiser@example.org', ['event_organiser']);
    event = await insertEvent(app, { createdBy: organiser.id, title: 'Undo Summit' });
    lists = await insertLists(app, event);
    for (const who of ['aisha', 'ben'] as const) {
      const email = `undo-${who}@example.org`;
      const id = await makeUser(app, { email, name: who === 'aisha' ? 'Aisha' : 'Ben' });
      const reg = await insertRegistration(app, event, { id, email, name: who });
      people[who] = { id, email, reg: reg.id, browser: await signIn(app, email) };
    }
    // Aisha: the door and sessions 1 and 3 (an hour each). Ben: the door only.
    checkins.aishaDoor = await checkIn(app, event, lists.door, people.aisha.reg, organiser.id);
    checkins.aisha1 = await checkIn(app, event, lists.sessions[0]!, people.aisha.reg, organiser.id);
    checkins.aisha3 = await checkIn(app, event, lists.sessions[2]!, people.aisha.reg, organiser.id);
    checkins.benDoor = await checkIn(app, event, lists.door, people.ben.reg, organiser.id);
    await close();
    await app.worker.drain();
  });
  afterAll(() => app.close());

  it('withdraws the session’s credit, so the log and the totals stop counting it, audited and mailed with the reason', async () => {
    expect(await liveCredits(people.aisha.id)).toEqual([sessionKey(0, 'aisha'), sessionKey(2, 'aisha')].sort());
    expect((await summary('aisha')).earnedThisYear).toBe(2);
    const res = await undo(checkins.aisha1!, 'Scanned the badge of someone else at the door of Room 1');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ checkinId: checkins.aisha1, registrationId: people.aisha.reg });

    expect(await liveCredits(people.aisha.id)).toEqual([sessionKey(2, 'aisha')]);
    expect((await summary('aisha')).earnedThisYear).toBe(1);
    const log = (await people.aisha.browser.req({ url: '/api/v1/me/cpd/activities' })).json();
    expect(JSON.stringify(log)).not.toContain('Session 1 (Undo Summit)');
    const m = await mine('aisha');
    expect(m).toMatchObject({ hours: 1 });
    expect(m.sessions.map((s: Json) => s.title)).toEqual(['Session 3']);
    expect(m.credits.map((c: Json) => c.title)).toEqual(['Session 3 (Undo Summit)']);

    const entry = (await auditEntries(app, 'events.credit_withdrawn')).at(-1)!;
    expect(entry).toMatchObject({ subject_id: people.aisha.id, details: { eventId: event.id, items: [event.sessions[0]], credits: [sessionKey(0, 'aisha')], hours: 1, reason: 'Scanned the badge of someone else at the door of Room 1' } });
    const mail = await lastMail(app, people.aisha.email);
    expect(mail.subject).toBe('Undo Summit: a check-in was undone');
    expect(mail.text_body).toContain('- Session 1');
    expect(mail.text_body).toContain('Their reason: Scanned the badge of someone else at the door of Room 1');
    expect(mail.text_body).toContain('The CPD credited for it (1 hour) is withdrawn from your CPD log.');
  });

  it('supersedes the credential of attendance with one without that session, and points the portfolio at it', async () => {
    const before = (await db().selectFrom('event_attendance_credentials').select('id').where('user_id', '=', people.aisha.id).where('revoked_at', 'is', null).executeTakeFirstOrThrow()).id;
    await app.worker.drain();
    const m = await mine('aisha');
    expect(m.credential.id).not.toBe(before);
    const old = await db().selectFrom('event_attendance_credentials').select(['revoked_at', 'revoked_reason']).where('id', '=', before).executeTakeFirstOrThrow();
    expect(old).toMatchObject({ revoked_reason: 'superseded: a check-in was undone' });
    expect((await call(app, { url: `/api/v1/verify?credential=${before}` })).json()).toMatchObject({ verified: false });
    const vc = JSON.parse((await people.aisha.browser.req({ url: `/api/v1/events/${event.id}/attendance/credential` })).body) as Json;
    expect(vc.evidence.map((e: Json) => e.name)).toEqual(['Attended on 2027-03-10', 'Session 3']);
    expect(vc.credentialSubject.creditsEarned).toBe(1);
    expect((await call(app, { url: `/api/v1/verify?credential=${m.credential.id}` })).json()).toMatchObject({ verified: true });
    const portfolio = (await people.aisha.browser.req({ url: '/api/v1/me/portfolio' })).json();
    const links = (portfolio.evidence as Json[]).filter((e) => String(e.title).startsWith('Credential of attendance'));
    expect(links).toEqual([expect.objectContaining({ url: m.credential.verifyUrl, title: 'Credential of attendance: Undo Summit' })]);
  });

  it('is taken back once: a second undo is refused and a re-close credits and withdraws nothing', async () => {
    const mails = (await mailsTo(app, people.aisha.email)).length;
    const audits = (await auditEntries(app, 'events.credit_withdrawn')).length;
    const again = await undo(checkins.aisha1!, 'Again');
    expect(again.statusCode).toBe(409);
    expect(await close()).toMatchObject({ newCredits: 0, membersCredited: 0 });
    await app.worker.drain();
    expect(await liveCredits(people.aisha.id)).toEqual([sessionKey(2, 'aisha')]);
    expect((await mailsTo(app, people.aisha.email)).length).toBe(mails);
    expect((await auditEntries(app, 'events.credit_withdrawn')).length).toBe(audits);
    expect(await db().selectFrom('event_attendance_credentials').select('id').where('user_id', '=', people.aisha.id).where('revoked_at', 'is', null).execute()).toHaveLength(1);
  });

  it('a new scan and a re-close credit the session again, once', async () => {
    await checkIn(app, event, lists.sessions[0]!, people.aisha.reg, organiser.id);
    expect(await close()).toMatchObject({ newCredits: 1, membersCredited: 1 });
    expect(await close()).toMatchObject({ newCredits: 0 });
    expect(await liveCredits(people.aisha.id)).toEqual([sessionKey(0, 'aisha'), sessionKey(2, 'aisha')].sort());
    // The withdrawn credit stays in the table, deleted and under its own key.
    const all = await db().selectFrom('cpd_activities').select(['row_key', 'deleted_at']).where('member_id', '=', people.aisha.id).where('row_key', 'like', `${sessionKey(0, 'aisha')}%`).execute();
    expect(all).toHaveLength(2);
    expect(all.filter((r) => r.deleted_at === null)).toHaveLength(1);
    expect((await summary('aisha')).earnedThisYear).toBe(2);
    await app.worker.drain();
    const vc = JSON.parse((await people.aisha.browser.req({ url: `/api/v1/events/${event.id}/attendance/credential` })).body) as Json;
    expect(vc.evidence.map((e: Json) => e.name)).toEqual(['Attended on 2027-03-10', 'Session 1', 'Session 3']);
  });

  it('revokes the credential with nothing in its place when the only check-in is undone, and says so in the portfolio', async () => {
    const before = (await mine('ben')).credential.id as string;
    const res = await undo(checkins.benDoor!, 'Ben was at the other conference');
    expect(res.statusCode, res.body).toBe(200);
    const mail = await lastMail(app, people.ben.email);
    expect(mail.text_body).toContain('- Attendance on 2027-03-10');
    expect(mail.text_body).toContain('No CPD had been credited for it.');
    await app.worker.drain();
    const m = await mine('ben');
    expect(m).toMatchObject({ credential: null, certificateUrl: null, checkedIn: false });
    const old = await db().selectFrom('event_attendance_credentials').select(['revoked_reason']).where('id', '=', before).executeTakeFirstOrThrow();
    expect(old.revoked_reason).toBe('withdrawn: no check-in at the event stands');
    expect((await call(app, { url: `/api/v1/verify?credential=${before}` })).json()).toMatchObject({ verified: false });
    const portfolio = (await people.ben.browser.req({ url: '/api/v1/me/portfolio' })).json();
    expect((portfolio.evidence as Json[]).find((e) => e.url.endsWith(before))).toMatchObject({ title: 'Credential of attendance (withdrawn): Undo Summit' });
    const counts = (await organiser.req({ url: `/api/v1/events/${event.id}/attendance?view=everyone` })).json().everyone.credentials;
    expect(counts).toEqual({ due: 1, issued: 1 });
  });
});

describe('undoing a check-in before or between closes', () => {
  let app: TestApp;
  let organiser: Browser & { id: string };
  beforeAll(async () => {
    app = await testApp({ now: '2027-03-12T10:00:00Z' });
    organiser = await signedInUser(app, 'between-organiser@example.org', ['event_organiser']);
  });
  afterAll(() => app.close());

  async function setUp(name: string) {
    const event = await insertEvent(app, { createdBy: organiser.id, title: `${name} Forum` });
    const lists = await insertLists(app, event);
    const email = `${name.toLowerCase()}-member@example.org`;
    const id = await makeUser(app, { email, name });
    const reg = await insertRegistration(app, event, { id, email, name });
    return { event, lists, id, email, reg: reg.id };
  }
  const credits = async (memberId: string) => db().selectFrom('cpd_activities').select('row_key').where('member_id', '=', memberId).where('deleted_at', 'is', null).execute();
  const db = () => app.platform.database.db;

  it('an undo before the session is closed takes nothing back and mails nothing', async () => {
    const s = await setUp('Early');
    const c = await checkIn(app, s.event, s.lists.sessions[0]!, s.reg, organiser.id);
    const res = await organiser.req({ method: 'POST', url: `/api/v1/events/${s.event.id}/checkin/checkins/${c}/undo`, payload: { reason: 'Wrong badge' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(await mailsTo(app, s.email)).toHaveLength(0);
    const closed = await organiser.req({ method: 'POST', url: `/api/v1/events/${s.event.id}/close` });
    expect(closed.json()).toMatchObject({ newCredits: 0, attendees: 0 });
    expect(await credits(s.id)).toEqual([]);
  });

  it('an undo after the session alone was closed withdraws its credit; the event’s close does not give it back', async () => {
    const s = await setUp('Between');
    const c = await checkIn(app, s.event, s.lists.sessions[1]!, s.reg, organiser.id);
    await checkIn(app, s.event, s.lists.sessions[2]!, s.reg, organiser.id);
    expect((await organiser.req({ method: 'POST', url: `/api/v1/events/${s.event.id}/sessions/${s.event.sessions[1]}/close` })).json()).toMatchObject({ newCredits: 1 });
    const res = await organiser.req({ method: 'POST', url: `/api/v1/events/${s.event.id}/checkin/checkins/${c}/undo`, payload: { reason: 'Left after five minutes' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(await credits(s.id)).toEqual([]);
    expect((await lastMail(app, s.email)).text_body).toContain('Left after five minutes');
    // No credential exists yet for a session's close, so none is queued.
    expect(await db().selectFrom('jobs').select('id').where('kind', '=', 'events.attendance-credentials').where('payload', 'like', `%${s.event.id}%`).execute()).toHaveLength(0);
    expect((await organiser.req({ method: 'POST', url: `/api/v1/events/${s.event.id}/close` })).json()).toMatchObject({ newCredits: 1, attendees: 1 });
    expect((await credits(s.id)).map((r) => r.row_key)).toEqual([`event:${s.event.id}:session:${s.event.sessions[2]}:${s.id}`]);
  });

  it('without session lists, undoing the door check-in of a closed event withdraws that day’s hours', async () => {
    const event = await insertEvent(app, { createdBy: organiser.id, title: 'Chapter Evening' });
    const lists = await insertLists(app, event, { sessionLists: false });
    const email = 'door-undo@example.org';
    const id = await makeUser(app, { email, name: 'Dora' });
    const reg = await insertRegistration(app, event, { id, email, name: 'Dora' });
    const c = await checkIn(app, event, lists.door, reg.id, organiser.id);
    await organiser.req({ method: 'POST', url: `/api/v1/events/${event.id}/close` });
    expect((await credits(id)).map((r) => r.row_key)).toEqual([`event:${event.id}:door:2027-03-10:${id}`]);
    const res = await organiser.req({ method: 'POST', url: `/api/v1/events/${event.id}/checkin/checkins/${c}/undo`, payload: { reason: 'Registered twice by mistake' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(await credits(id)).toEqual([]);
    // Day one holds four one-hour sessions.
    expect((await lastMail(app, email)).text_body).toContain('The CPD credited for it (4 hours) is withdrawn');
  });

  it('a re-close takes back an item recorded earlier that no live check-in backs any more', async () => {
    const s = await setUp('Legacy');
    const c = await checkIn(app, s.event, s.lists.sessions[0]!, s.reg, organiser.id);
    await checkIn(app, s.event, s.lists.sessions[2]!, s.reg, organiser.id);
    await organiser.req({ method: 'POST', url: `/api/v1/events/${s.event.id}/close` });
    // Undone behind the service's back, as a check-in undone before undo took credits back would be.
    await db().updateTable('event_checkins').set({ undone_at: app.clock.now().toISOString(), undone_by: organiser.id, undo_reason: 'Old undo' }).where('id', '=', c).execute();
    const again = await organiser.req({ method: 'POST', url: `/api/v1/events/${s.event.id}/close` });
    expect(again.json()).toMatchObject({ newCredits: 0 });
    expect((await credits(s.id)).map((r) => r.row_key)).toEqual([`event:${s.event.id}:session:${s.event.sessions[2]}:${s.id}`]);
    const row = await db().selectFrom('event_attendance').select(['sessions', 'attended_quarters']).where('user_id', '=', s.id).executeTakeFirstOrThrow();
    expect({ sessions: JSON.parse(row.sessions), quarters: row.attended_quarters }).toEqual({ sessions: [s.event.sessions[2]], quarters: 4 });
    expect((await lastMail(app, s.email)).text_body).toContain('- Session 1');
    expect((await auditEntries(app, 'events.credit_withdrawn')).at(-1)).toMatchObject({ subject_id: s.id, details: { items: [s.event.sessions[0]] } });
  });
});
