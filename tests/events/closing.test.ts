import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREPARATION_PER_HOUR } from '../../server/modules/events/closing/credits.rules.js';
import { type Browser, type Json, call, makeUser, signIn, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { pageText } from '../support/pdf-text.js';
import { checkIn, insertLists, insertSpeaker } from './closing-fixtures.js';
import { type EventFixture, insertEvent, insertRegistration } from './fixtures.js';

/*
 * Closing an event: CPD credited for exactly the sessions each person was checked into and for speaking,
 * once; credentials of attendance that verify; the certificate; and who may do what.
 */
describe('closing an event', () => {
  let app: TestApp;
  let organiser: Browser & { id: string };
  let event: EventFixture;
  let lists: Awaited<ReturnType<typeof insertLists>>;
  const people: Record<'aisha' | 'ben' | 'chen' | 'dana', { id: string; email: string; reg: string; browser: Browser }> = {} as never;

  const activities = async (memberId: string) =>
    app.platform.database.db.selectFrom('cpd_activities').select(['type', 'title', 'quarters', 'verified', 'source', 'row_key']).where('member_id', '=', memberId).where('deleted_at', 'is', null).orderBy('row_key').execute();
  const close = (sessionId?: string) => organiser.req({ method: 'POST', url: sessionId ? `/api/v1/events/${event.id}/sessions/${sessionId}/close` : `/api/v1/events/${event.id}/close` });
  const mine = async (who: keyof typeof people, ref = event.id) => {
    const res = await people[who].browser.req({ url: `/api/v1/events/${ref}/attendance` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().mine as Json;
  };

  beforeAll(async () => {
    // Two days after the event (10 and 11 March 2027).
    app = await testApp({ now: '2027-03-12T10:00:00Z' });
    organiser = await signedInUser(app, 'closing-organiser@example.org', ['event_organiser']);
    event = await insertEvent(app, { createdBy: organiser.id, title: 'Closing Summit' });
    lists = await insertLists(app, event);
    for (const who of ['aisha', 'ben', 'chen', 'dana'] as const) {
      const email = `closing-${who}@example.org`;
      const id = await makeUser(app, { email, name: who[0]!.toUpperCase() + who.slice(1) });
      const reg = await insertRegistration(app, event, { id, email, name: who });
      people[who] = { id, email, reg: reg.id, browser: await signIn(app, email) };
    }
    // Aisha: the door and sessions 1 and 3. Ben: the door only. Chen: registered, never checked in. Dana speaks at session 2 and sits in session 5.
    await checkIn(app, event, lists.door, people.aisha.reg, organiser.id);
    await checkIn(app, event, lists.sessions[0]!, people.aisha.reg, organiser.id);
    await checkIn(app, event, lists.sessions[2]!, people.aisha.reg, organiser.id);
    await checkIn(app, event, lists.door, people.ben.reg, organiser.id);
    await checkIn(app, event, lists.sessions[4]!, people.dana.reg, organiser.id);
    await insertSpeaker(app, event, event.sessions[1]!, { id: people.dana.id, name: 'Dana', email: people.dana.email });
    // Neither an unconfirmed speaker nor a guest is credited.
    await insertSpeaker(app, event, event.sessions[1]!, { id: people.chen.id, name: 'Chen', email: people.chen.email }, 'invited');
    await insertSpeaker(app, event, event.sessions[3]!, { id: null, name: 'Guest Speaker', email: 'guest@example.org' });
  });
  afterAll(() => app.close());

  it('refuses anyone but an organiser, naming who may', async () => {
    const res = await people.aisha.browser.req({ method: 'POST', url: `/api/v1/events/${event.id}/close` });
    expect(res.statusCode).toBe(403);
  });

  it('credits exactly the checked-in sessions, nothing for the door alone, and speakers with preparation', async () => {
    const res = await close();
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ attendees: 3, membersCredited: 2, credentials: { due: 3, queued: true } });
    const a = await activities(people.aisha.id);
    expect(a.map((x) => x.row_key)).toEqual([`event:${event.id}:session:${event.sessions[0]}:${people.aisha.id}`, `event:${event.id}:session:${event.sessions[2]}:${people.aisha.id}`].sort());
    expect(a.every((x) => x.type === 'event' && x.verified === 1 && x.source === 'event' && x.quarters === 4)).toBe(true);
    expect(await activities(people.ben.id)).toEqual([]);
    expect(await activities(people.chen.id)).toEqual([]);
    const d = await activities(people.dana.id);
    expect(d.map((x) => [x.type, x.quarters]).sort()).toEqual([
      ['event', 6],
      ['speaking', 4 * (1 + PREPARATION_PER_HOUR)],
    ]);
    const ev = await app.platform.database.db.selectFrom('events').select(['status', 'closed_at']).where('id', '=', event.id).executeTakeFirstOrThrow();
    expect(ev.status).toBe('closed');
  });

  it("puts the speaker's talk in their portfolio as a contribution, with the body's confirmation, once", async () => {
    const res = await people.dana.browser.req({ url: '/api/v1/me/portfolio' });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    const talks = (body.items as Json[]).filter((i) => i.kind === 'contribution' && i.type === 'talk');
    expect(talks).toHaveLength(1);
    expect(talks[0]).toMatchObject({ title: 'Session 2 (Closing Summit)', date: '2027-03-10' });
    const evidence = (body.evidence as Json[]).find((e) => talks[0]!.evidenceIds.includes(e.id));
    expect(evidence?.title).toContain('confirmed speaker at Closing Summit');
    // An invited (unconfirmed) speaker gets nothing.
    const chen = (await people.chen.browser.req({ url: '/api/v1/me/portfolio' })).json();
    expect((chen.items as Json[]).filter((i) => i.kind === 'contribution')).toEqual([]);
  });

  it('credits once when closed twice', async () => {
    const again = await close();
    expect(again.json()).toMatchObject({ newCredits: 0, membersCredited: 0 });
    expect(await activities(people.aisha.id)).toHaveLength(2);
  });

  it('the member sees the credits in the CPD log and on their attendance', async () => {
    const log = await people.aisha.browser.req({ url: '/api/v1/me/cpd/activities' });
    expect(log.statusCode, log.body).toBe(200);
    expect(JSON.stringify(log.json())).toContain('Session 1 (Closing Summit)');
    const m = await mine('aisha', event.slug);
    expect(m).toMatchObject({ checkedIn: true, hours: 2, speakingHours: 0 });
    expect(m.sessions.map((s: Json) => s.title)).toEqual(['Session 1', 'Session 3']);
    expect(m.credits).toHaveLength(2);
  });

  it('issues credentials of attendance that verify, of another achievement type than the levels, to attendees only', async () => {
    await app.worker.drain();
    const m = await mine('aisha');
    expect(m.credential).not.toBeNull();
    const ben = await mine('ben');
    expect(ben.credential).not.toBeNull();
    expect((await mine('chen')).credential).toBeNull();
    const dl = await people.aisha.browser.req({ url: `/api/v1/events/${event.id}/attendance/credential` });
    expect(dl.statusCode).toBe(200);
    const vc = JSON.parse(dl.body) as Json;
    expect(vc.credentialSubject.achievement.achievementType).not.toBe('Certification');
    expect(vc.credentialSubject.achievement.name).toBe('Attendance at Closing Summit');
    expect(vc.evidence.map((e: Json) => e.name)).toEqual(['Attended on 2027-03-10', 'Session 1', 'Session 3']);
    expect(vc.credentialSubject.creditsEarned).toBe(2);
    // Each evidence is named by its entry on the event's public page: the door day's heading, each session's entry.
    const page = await call(app, { url: `/events/${event.slug}` });
    const anchors = vc.evidence.map((e: Json) => {
      const [at, anchor] = (e.id as string).split('#');
      expect(at).toBe(`${app.platform.config.publicUrl}/events/${event.slug}`);
      expect(page.body).toContain(`id="${anchor}"`);
      return anchor;
    });
    expect(anchors).toEqual(['day-2027-03-10', `session-${event.sessions[0]}`, `session-${event.sessions[2]}`]);
    const pasted = await call(app, { method: 'POST', url: '/api/v1/verify', payload: { credential: vc } });
    expect(pasted.statusCode, pasted.body).toBe(200);
    expect(pasted.json(), JSON.stringify(pasted.json().checks)).toMatchObject({ verified: true });
    // The credential is an evidence link in the member's portfolio, ready to attach to an item.
    const portfolio = (await people.aisha.browser.req({ url: '/api/v1/me/portfolio' })).json();
    expect((portfolio.evidence as Json[]).find((e) => e.url === m.credential.verifyUrl)).toMatchObject({ kind: 'link', title: 'Credential of attendance: Closing Summit' });
    const byId = await call(app, { url: `/api/v1/verify?credential=${m.credential.id}` });
    expect(byId.json()).toMatchObject({ verified: true });
    // A tampered copy fails.
    const forged = { ...vc, credentialSubject: { ...vc.credentialSubject, creditsEarned: 20 } };
    expect((await call(app, { method: 'POST', url: '/api/v1/verify', payload: { credential: forged } })).json()).toMatchObject({ verified: false });
  });

  it('draws the certificate listing the sessions, and refuses it to someone never checked in', async () => {
    const res = await people.aisha.browser.req({ url: `/api/v1/events/${event.slug}/attendance/certificate` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('application/pdf');
    const text = (await pageText(res.rawPayload)).lines.join('\n');
    expect(text).toContain('Session 1');
    expect(text).toContain('Session 3');
    expect(text).not.toContain('Session 2');
    expect(text).toContain('Certificate of attendance');
    const chen = await people.chen.browser.req({ url: `/api/v1/events/${event.id}/attendance/certificate` });
    expect(chen.statusCode).toBe(403);
    expect(chen.json().error.message).toContain('not checked in');
  });

  it('a late scan and a re-close credit exactly it, and the credential is reissued with the old one revoked', async () => {
    const before = (await mine('aisha')).credential.id as string;
    await checkIn(app, event, lists.sessions[3]!, people.aisha.reg, organiser.id);
    const res = await close();
    expect(res.json()).toMatchObject({ newCredits: 1, membersCredited: 1 });
    expect(await activities(people.aisha.id)).toHaveLength(3);
    await app.worker.drain();
    const after = (await mine('aisha')).credential.id as string;
    expect(after).not.toBe(before);
    expect((await call(app, { url: `/api/v1/verify?credential=${before}` })).json()).toMatchObject({ verified: false });
    expect((await call(app, { url: `/api/v1/verify?credential=${after}` })).json()).toMatchObject({ verified: true });
  });

  it("the organiser's table and CSV show who was checked in where and the hours credited", async () => {
    const res = await organiser.req({ url: `/api/v1/events/${event.id}/attendance?view=everyone` });
    expect(res.statusCode, res.body).toBe(200);
    const rows = res.json().everyone.people as Json[];
    const aisha = rows.find((r) => r.userId === people.aisha.id)!;
    expect(aisha).toMatchObject({ attendedHours: 3, doorDays: ['2027-03-10'] });
    expect(rows.find((r) => r.userId === people.chen.id)).toMatchObject({ attendedHours: 0, sessionIds: [], credentialId: null });
    const csv = await organiser.req({ url: `/api/v1/events/${event.id}/attendance/csv` });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n')[0]).toBe('name,email,reference,door_days,sessions,attended_hours,speaking_hours,credential_id');
    expect(csv.body).toContain('Session 1; Session 3; Session 4');
    expect((await people.aisha.browser.req({ url: `/api/v1/events/${event.id}/attendance?view=everyone` })).statusCode).toBe(403);
  });
});

describe('closing one session, and events without session lists', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await testApp({ now: '2027-03-12T10:00:00Z' });
  });
  afterAll(() => app.close());

  it('closing a session credits that session only', async () => {
    const organiser = await signedInUser(app, 'session-organiser@example.org', ['event_organiser']);
    const event = await insertEvent(app, { createdBy: organiser.id, startsOn: '2027-03-10' });
    const lists = await insertLists(app, event);
    const member = await makeUser(app, { email: 'session-member@example.org' });
    const reg = await insertRegistration(app, event, { id: member, email: 'session-member@example.org' });
    await checkIn(app, event, lists.sessions[0]!, reg.id, organiser.id);
    await checkIn(app, event, lists.sessions[1]!, reg.id, organiser.id);
    const res = await organiser.req({ method: 'POST', url: `/api/v1/events/${event.id}/sessions/${event.sessions[0]}/close` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ newCredits: 1, credentials: { queued: false } });
    const ev = await app.platform.database.db.selectFrom('events').select('status').where('id', '=', event.id).executeTakeFirstOrThrow();
    expect(ev.status).toBe('published');
    const whole = await organiser.req({ method: 'POST', url: `/api/v1/events/${event.id}/close` });
    expect(whole.json()).toMatchObject({ newCredits: 1 });
  });

  it('without session lists, a door check-in credits the hours of that day', async () => {
    const organiser = await signedInUser(app, 'door-organiser@example.org', ['event_organiser']);
    const event = await insertEvent(app, { createdBy: organiser.id, startsOn: '2027-03-10' });
    const lists = await insertLists(app, event, { sessionLists: false });
    const member = await makeUser(app, { email: 'door-member@example.org' });
    const reg = await insertRegistration(app, event, { id: member, email: 'door-member@example.org' });
    await checkIn(app, event, lists.door, reg.id, organiser.id);
    await organiser.req({ method: 'POST', url: `/api/v1/events/${event.id}/close` });
    const rows = await app.platform.database.db.selectFrom('cpd_activities').select(['quarters', 'type']).where('member_id', '=', member).execute();
    // Day one holds four one-hour sessions.
    expect(rows).toEqual([{ quarters: 16, type: 'event' }]);
  });

  it('refuses to close an event before it begins, and a draft event is not found to a non-organiser', async () => {
    const organiser = await signedInUser(app, 'early-organiser@example.org', ['event_organiser']);
    const event = await insertEvent(app, { createdBy: organiser.id, startsOn: '2027-06-01' });
    const res = await organiser.req({ method: 'POST', url: `/api/v1/events/${event.id}/close` });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toContain('begins on 2027-06-01');
  });
});

describe('the demo: last year’s conference closed in the seed', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await testApp({ now: '2027-03-20T10:00:00Z' });
  });
  afterAll(() => app.close());

  it('credits the checked-in members in the seed transaction and issues their credentials once the worker runs', async () => {
    const organiser = await makeUser(app, { email: 'demo-organiser@example.org', roles: ['event_organiser'] });
    const event = await insertEvent(app, { createdBy: organiser, startsOn: '2027-03-10' });
    const lists = await insertLists(app, event);
    const email = 'demo-aisha@example.org';
    const member = await makeUser(app, { email });
    const reg = await insertRegistration(app, event, { id: member, email });
    await checkIn(app, event, lists.sessions[0]!, reg.id, organiser);
    const { seedDemoClosing } = await import('../../server/demo/events/closing.js');
    await app.platform.database.db.transaction().execute((tx) => seedDemoClosing(tx, { conferenceId: '', pastConferenceId: event.id }, app.clock.now(), app.platform));
    const rows = await app.platform.database.db.selectFrom('cpd_activities').select(['quarters', 'verified']).where('member_id', '=', member).execute();
    expect(rows).toEqual([{ quarters: 4, verified: 1 }]);
    await app.worker.drain();
    const b = await signIn(app, email);
    const mine = (await b.req({ url: `/api/v1/events/${event.slug}/attendance` })).json().mine;
    expect(mine.credential).not.toBeNull();
  });
});
