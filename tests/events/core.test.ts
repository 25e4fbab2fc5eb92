import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, call, expectError, makeUser, signIn, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { builtEvent, conference, ok, talk } from './core-support.js';

describe('organising an event (events/core)', () => {
  let app: TestApp;
  let organiser: Browser & { id: string };
  let member: Browser & { id: string };
  beforeAll(async () => {
    app = await testApp({ now: '2027-01-05T10:00:00Z' });
    organiser = await signedInUser(app, 'core-organiser@example.org', ['event_organiser']);
    member = await signedInUser(app, 'core-member@example.org');
    await makeUser(app, { email: 'core-speaker@example.org', name: 'Priya Shah' });
  });
  afterAll(() => app.close());

  it('creates a draft with a slug from its title, never a fixed page word, and a check-in key', async () => {
    const e = ok(await organiser.req({ method: 'POST', url: '/api/v1/events', payload: conference() }), 201);
    expect(e).toMatchObject({ status: 'draft', slug: 'service-desk-summit', revision: 1, timeZone: 'Europe/London' });
    const again = ok(await organiser.req({ method: 'POST', url: '/api/v1/events', payload: conference() }), 201);
    expect(again.slug).toBe('service-desk-summit-2');
    const manage = ok(await organiser.req({ method: 'POST', url: '/api/v1/events', payload: conference({ title: 'Manage' }) }), 201);
    expect(manage.slug).toBe('manage-event');
    const row = await app.platform.database.db.selectFrom('events').select(['checkin_public_key', 'created_by']).where('id', '=', e.id).executeTakeFirstOrThrow();
    expect(row.checkin_public_key.length).toBeGreaterThan(40);
    expect(row.created_by).toBe(organiser.id);
  });

  it('names a bad time zone, bad days and a time the clocks skip', async () => {
    const zone = expectError(await organiser.req({ method: 'POST', url: '/api/v1/events', payload: conference({ timeZone: 'Mars/Olympus_Mons' }) }), 400, 'VALIDATION_FAILED');
    expect(zone.message).toMatch(/timeZone: Mars\/Olympus_Mons is not a time zone/);
    const days = expectError(await organiser.req({ method: 'POST', url: '/api/v1/events', payload: conference({ startsOn: '2027-02-30' }) }), 400, 'VALIDATION_FAILED');
    expect(days.message).toMatch(/startsOn: 2027-02-30 is not a date/);
    const order = expectError(await organiser.req({ method: 'POST', url: '/api/v1/events', payload: conference({ endsOn: '2027-03-09' }) }), 400, 'VALIDATION_FAILED');
    expect(order.message).toMatch(/endsOn/);
    // 28 March 2027, 01:30 does not happen in London.
    const spring = { startsOn: '2027-03-28', endsOn: '2027-03-28', registrationOpensAt: '2027-03-28T01:30' };
    const skipped = expectError(await organiser.req({ method: 'POST', url: '/api/v1/events', payload: conference(spring) }), 400, 'VALIDATION_FAILED');
    expect(skipped.message).toMatch(/registrationOpensAt: .*does not exist in Europe\/London/);
  });

  it('refuses a change made from a stale revision', async () => {
    const e = await builtEvent(organiser, {}, false);
    const read = ok(await organiser.req({ url: `/api/v1/events/${e.id}` }));
    ok(await organiser.req({ method: 'PATCH', url: `/api/v1/events/${e.id}`, payload: { revision: read.revision, title: 'Service Desk Summit 2027' } }));
    const stale = expectError(await organiser.req({ method: 'PATCH', url: `/api/v1/events/${e.id}`, payload: { revision: read.revision, summary: 'Other words.' } }), 409, 'CONFLICT');
    expect(stale.message).toMatch(/changed by someone else/);
    const now = ok(await organiser.req({ url: `/api/v1/events/${e.id}` }));
    expect(now).toMatchObject({ title: 'Service Desk Summit 2027', summary: conference().summary });
  });

  it('stores session times in UTC from the event zone, and shows them both ways', async () => {
    const e = await builtEvent(organiser, { startsOn: '2027-06-10', endsOn: '2027-06-11' });
    const s = ok(await organiser.req({ method: 'POST', url: `/api/v1/events/${e.id}/sessions`, payload: talk({ day: '2027-06-10', roomId: e.roomId, trackId: e.trackId }) }), 201);
    // London is UTC+1 in June.
    expect(s.startsAt).toEqual({ utc: '2027-06-10T08:00:00.000Z', local: '2027-06-10T09:00' });
    expect(s.endsAt.utc).toBe('2027-06-10T09:00:00.000Z');
    expect(s).toMatchObject({ cpdType: 'event', cpdHours: 1 });
    const ny = await builtEvent(organiser, { title: 'New York chapter', startsOn: '2027-01-20', endsOn: '2027-01-20', timeZone: 'America/New_York' });
    const t = ok(await organiser.req({ method: 'POST', url: `/api/v1/events/${ny.id}/sessions`, payload: talk({ day: '2027-01-20', startTime: '18:00', endTime: '19:40' }) }), 201);
    expect(t.startsAt.utc).toBe('2027-01-20T23:00:00.000Z');
    expect(t.cpdHours).toBe(1.75);
  });

  it('refuses room and speaker clashes, naming the clash, and a session outside the days', async () => {
    const e = await builtEvent(organiser, { title: 'Clash test' });
    const speakers = [{ email: 'core-speaker@example.org' }, { email: 'guest@example.com', name: 'Sam Guest' }];
    ok(await organiser.req({ method: 'POST', url: `/api/v1/events/${e.id}/sessions`, payload: talk({ title: 'Problem management', roomId: e.roomId, speakers }) }), 201);
    const room = expectError(await organiser.req({ method: 'POST', url: `/api/v1/events/${e.id}/sessions`, payload: talk({ title: 'Other', roomId: e.roomId, startTime: '09:30', endTime: '10:30' }) }), 409, 'CONFLICT');
    expect(room.message).toBe('The room is taken at that time by “Problem management”. Choose another room or time.');
    const speaker = expectError(await organiser.req({ method: 'POST', url: `/api/v1/events/${e.id}/sessions`, payload: talk({ title: 'Other', speakers: [{ email: 'CORE-speaker@example.org' }] }) }), 409, 'CONFLICT');
    expect(speaker.message).toMatch(/^Priya Shah is already speaking at that time in “Problem management”/);
    const guest = expectError(await organiser.req({ method: 'POST', url: `/api/v1/events/${e.id}/sessions`, payload: talk({ title: 'Other', speakers: [{ email: 'guest@example.com', name: 'Sam' }] }) }), 409, 'CONFLICT');
    expect(guest.message).toMatch(/^Sam Guest is already speaking/);
    // Back to back is no clash.
    ok(await organiser.req({ method: 'POST', url: `/api/v1/events/${e.id}/sessions`, payload: talk({ title: 'Next', roomId: e.roomId, startTime: '10:00', endTime: '11:00', speakers }) }), 201);
    const outside = expectError(await organiser.req({ method: 'POST', url: `/api/v1/events/${e.id}/sessions`, payload: talk({ day: '2027-03-12' }) }), 400, 'VALIDATION_FAILED');
    expect(outside.message).toMatch(/day: 2027-03-12 is not one of the event's days/);
    const backwards = expectError(await organiser.req({ method: 'POST', url: `/api/v1/events/${e.id}/sessions`, payload: talk({ startTime: '11:00', endTime: '10:00' }) }), 400, 'VALIDATION_FAILED');
    expect(backwards.message).toMatch(/endTime/);
    const badTime = expectError(await organiser.req({ method: 'POST', url: `/api/v1/events/${e.id}/sessions`, payload: talk({ startTime: '25:00' }) }), 400, 'VALIDATION_FAILED');
    expect(badTime.message).toMatch(/startTime/);
    const crowded = expectError(await organiser.req({ method: 'POST', url: `/api/v1/events/${e.id}/sessions`, payload: talk({ startTime: '14:00', endTime: '15:00', roomId: e.roomId, capacity: 601 }) }), 400, 'VALIDATION_FAILED');
    expect(crowded.message).toBe('capacity: Main hall holds 600: give at most 600 places');
    const guestNoName = expectError(await organiser.req({ method: 'POST', url: `/api/v1/events/${e.id}/sessions`, payload: talk({ startTime: '14:00', endTime: '15:00', speakers: [{ email: 'nobody@example.com' }] }) }), 400, 'VALIDATION_FAILED');
    expect(guestNoName.message).toMatch(/guest speaker's name/);
    // Nothing half-written: only the two sessions that were accepted exist.
    const all = ok(await organiser.req({ url: `/api/v1/events/${e.id}` }));
    expect(all.sessions.map((s: { title: string }) => s.title)).toEqual(['Problem management', 'Next']);
  });

  it('moves a session clear of a clash on update, and frees its slot when cancelled', async () => {
    const e = await builtEvent(organiser, { title: 'Update test' });
    const a = ok(await organiser.req({ method: 'POST', url: `/api/v1/events/${e.id}/sessions`, payload: talk({ title: 'A', roomId: e.roomId }) }), 201);
    const b = ok(await organiser.req({ method: 'POST', url: `/api/v1/events/${e.id}/sessions`, payload: talk({ title: 'B', roomId: e.roomId, startTime: '11:00', endTime: '12:00' }) }), 201);
    expectError(await organiser.req({ method: 'PATCH', url: `/api/v1/events/${e.id}/sessions/${b.id}`, payload: { startTime: '09:30' } }), 409, 'CONFLICT');
    ok(await organiser.req({ method: 'POST', url: `/api/v1/events/${e.id}/sessions/${a.id}/cancel`, payload: {} }));
    const moved = ok(await organiser.req({ method: 'PATCH', url: `/api/v1/events/${e.id}/sessions/${b.id}`, payload: { startTime: '09:30', endTime: '10:30' } }));
    expect(moved.startsAt.local).toBe('2027-03-10T09:30');
    expect(moved.cpdHours).toBe(1);
  });

  it('refuses removing a room, track or ticket type in use, naming what uses it', async () => {
    const e = await builtEvent(organiser, { title: 'Remove test' });
    ok(await organiser.req({ method: 'POST', url: `/api/v1/events/${e.id}/sessions`, payload: talk({ title: 'Uses the room', roomId: e.roomId, trackId: e.trackId }) }), 201);
    const room = expectError(await organiser.req({ method: 'DELETE', url: `/api/v1/events/${e.id}/rooms/${e.roomId}` }), 409, 'CONFLICT');
    expect(room.message).toBe('The room cannot be removed: the session “Uses the room” uses it.');
    expectError(await organiser.req({ method: 'DELETE', url: `/api/v1/events/${e.id}/tracks/${e.trackId}` }), 409, 'CONFLICT');
    const t = ok(await organiser.req({ method: 'POST', url: `/api/v1/events/${e.id}/ticket-types`, payload: { name: 'Member', kind: 'member', priceMinor: 0 } }));
    const ticketId = t.ticketTypes[0].id;
    const removed = ok(await organiser.req({ method: 'DELETE', url: `/api/v1/events/${e.id}/ticket-types/${ticketId}` }));
    expect(removed.ticketTypes).toEqual([]);
    const day = expectError(await organiser.req({ method: 'POST', url: `/api/v1/events/${e.id}/ticket-types`, payload: { name: 'Day', kind: 'day', priceMinor: 900, days: ['2027-04-01'] } }), 400, 'VALIDATION_FAILED');
    expect(day.message).toMatch(/days: 2027-04-01 is not one of the event's days/);
  });

  it('adds and removes volunteers and reviewers by e-mail', async () => {
    const e = await builtEvent(organiser, { title: 'Team test' });
    const before = ok(await organiser.req({ url: `/api/v1/events/${e.id}` })).revision;
    const added = ok(await organiser.req({ method: 'POST', url: `/api/v1/events/${e.id}/team`, payload: { email: 'core-member@example.org', role: 'volunteer' } }));
    expect(added.team).toMatchObject([{ userId: member.id, role: 'volunteer' }]);
    // The team is not on the public pages: an organiser's read revision stays good.
    expect(added.revision).toBe(before);
    const unknown = expectError(await organiser.req({ method: 'POST', url: `/api/v1/events/${e.id}/team`, payload: { email: 'nobody@example.org', role: 'reviewer' } }), 400, 'VALIDATION_FAILED');
    expect(unknown.message).toMatch(/nobody@example.org/);
    const gone = ok(await organiser.req({ method: 'DELETE', url: `/api/v1/events/${e.id}/team/${member.id}/volunteer` }));
    expect(gone.team).toEqual([]);
  });

  it("refuses other people: members cannot organise, and a draft is not found to them", async () => {
    const draft = await builtEvent(organiser, { title: 'Secret draft' }, false);
    expectError(await member.req({ method: 'POST', url: '/api/v1/events', payload: conference() }), 403, 'FORBIDDEN');
    expectError(await member.req({ url: `/api/v1/events/${draft.id}` }), 403, 'FORBIDDEN');
    expectError(await member.req({ method: 'POST', url: `/api/v1/events/${draft.id}/sessions`, payload: talk() }), 403, 'FORBIDDEN');
    expectError(await call(app, { url: `/api/v1/public/events/${draft.slug}` }), 404, 'NOT_FOUND');
    // Another event's room is not this event's.
    const other = await builtEvent(organiser, { title: 'Other event' });
    const wrong = expectError(await organiser.req({ method: 'POST', url: `/api/v1/events/${draft.id}/sessions`, payload: talk({ roomId: other.roomId }) }), 400, 'VALIDATION_FAILED');
    expect(wrong.message).toMatch(/roomId/);
    expectError(await organiser.req({ method: 'PATCH', url: `/api/v1/events/${draft.id}/rooms/${other.roomId}`, payload: { capacity: 5 } }), 404, 'NOT_FOUND');
  });

  it('handles NUL bytes and huge bodies by the platform', async () => {
    const nul = await organiser.req({ method: 'POST', url: '/api/v1/events', payload: conference({ title: 'Bad\u0000title' }) });
    expect(nul.statusCode).toBe(400);
    const huge = await organiser.req({ method: 'POST', url: '/api/v1/events', payload: conference({ summary: 'x'.repeat(3_000_000) }) });
    expect([400, 413]).toContain(huge.statusCode);
  });

  it('answers the public programme by day with speakers and no join link, new after every change', async () => {
    const e = await builtEvent(organiser, { title: 'Public test', format: 'hybrid', joinUrl: 'https://meet.example.com/secret-room' });
    ok(await organiser.req({ method: 'POST', url: `/api/v1/events/${e.id}/sessions`, payload: talk({ title: 'Day two talk', day: '2027-03-11', roomId: e.roomId, speakers: [{ email: 'core-speaker@example.org' }] }) }), 201);
    const first = await call(app, { url: `/api/v1/public/events/${e.slug}` });
    expect(first.statusCode).toBe(200);
    expect(first.body).not.toContain('secret-room');
    expect(first.body).not.toContain('core-speaker@example.org');
    const ev = first.json();
    expect(ev.days).toMatchObject([{ date: '2027-03-11', sessions: [{ title: 'Day two talk', room: 'Main hall', speakers: [{ name: 'Priya Shah' }] }] }]);
    ok(await organiser.req({ method: 'POST', url: `/api/v1/events/${e.id}/sessions`, payload: talk({ title: 'Day one talk' }) }), 201);
    const second = ok(await call(app, { url: `/api/v1/public/events/${e.slug}` }));
    expect(second.days.map((d: { date: string }) => d.date)).toEqual(['2027-03-10', '2027-03-11']);
    expect(second.revision).toBeGreaterThan(ev.revision);
    const list = ok(await call(app, { url: '/api/v1/public/events' }));
    expect(list.upcoming.map((x: { slug: string }) => x.slug)).toContain(e.slug);
    expect(JSON.stringify(list)).not.toContain('Secret draft');
  });

  it('signs people in as usual (the organiser sign-in works)', async () => {
    const again = await signIn(app, 'core-organiser@example.org');
    expect(again.user.roles ?? again.user.user?.roles).toBeDefined();
  });
});
