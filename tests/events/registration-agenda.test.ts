import ICAL from 'ical.js';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type Json, call, expectError, makeUser, signIn, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { pageText } from '../support/pdf-text.js';
import { type EventFixture, insertEvent } from './fixtures.js';

/*
 * Agendas (session capacity), the personal calendar feed read back with ical.js, the badge PDF, and the
 * organisers' list, CSV and fees. Both dialects.
 */

let app: TestApp;
let organiser: Browser;
let event: EventFixture;
let n = 0;
const fresh = async () => signedInUser(app, `agenda-${++n}@example.org`);
const registerIn = async (b: Browser, body: Json = {}) => {
  const res = await b.req({ method: 'POST', url: `/api/v1/events/${event.id}/registrations`, payload: { ticketTypeId: event.tickets.member, ...body } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
};

beforeAll(async () => {
  app = await testApp();
  await makeUser(app, { email: 'agenda-organiser@example.org', roles: ['event_organiser'] });
  organiser = await signIn(app, 'agenda-organiser@example.org');
  event = await insertEvent(app, { createdBy: organiser.user.id, sessionCapacity: 1 });
});
afterAll(() => app.close());

describe('the agenda', () => {
  it('respects a session’s capacity, naming the count, and lists what was chosen', async () => {
    const [a, b] = [await fresh(), await fresh()];
    const [ra, rb] = [await registerIn(a), await registerIn(b)];
    const added = await a.req({ method: 'PUT', url: `/api/v1/me/event-registrations/${ra.id}/agenda/${event.sessions[0]}` });
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json().sessions.find((s: Json) => s.id === event.sessions[0])).toMatchObject({ chosen: true, taken: 1, capacity: 1 });
    // Again is harmless.
    expect((await a.req({ method: 'PUT', url: `/api/v1/me/event-registrations/${ra.id}/agenda/${event.sessions[0]}` })).statusCode).toBe(200);
    const full = expectError(await b.req({ method: 'PUT', url: `/api/v1/me/event-registrations/${rb.id}/agenda/${event.sessions[0]}` }), 409, 'CONFLICT');
    expect(full.message).toBe('“Session 1” is full: 1 of 1 places are taken.');
    expectError(await b.req({ method: 'PUT', url: `/api/v1/me/event-registrations/${rb.id}/agenda/not-a-session` }), 404, 'NOT_FOUND');
    // A removed place frees the session.
    expect((await a.req({ method: 'DELETE', url: `/api/v1/me/event-registrations/${ra.id}/agenda/${event.sessions[0]}` })).statusCode).toBe(200);
    expect((await b.req({ method: 'PUT', url: `/api/v1/me/event-registrations/${rb.id}/agenda/${event.sessions[0]}` })).statusCode).toBe(200);
  });

  it('keeps a day ticket to its own day', async () => {
    const m = await fresh();
    const r = await registerIn(m, { ticketTypeId: event.tickets.day });
    const other = expectError(await m.req({ method: 'PUT', url: `/api/v1/me/event-registrations/${r.id}/agenda/${event.sessions[4]}` }), 409, 'CONFLICT');
    expect(other.message).toBe('Your Day ticket (day one) admits on 2027-03-10 only; “Session 5” is on 2027-03-11.');
    expect((await m.req({ method: 'PUT', url: `/api/v1/me/event-registrations/${r.id}/agenda/${event.sessions[2]}` })).statusCode).toBe(200);
  });

  it('publishes the agenda as an iCalendar feed at a secret address that a new one replaces', async () => {
    const m = await fresh();
    const r = await registerIn(m);
    for (const s of [event.sessions[1], event.sessions[4]]) expect((await m.req({ method: 'PUT', url: `/api/v1/me/event-registrations/${r.id}/agenda/${s}` })).statusCode).toBe(200);
    const made = await m.req({ method: 'POST', url: `/api/v1/me/event-registrations/${r.id}/agenda-feed` });
    expect(made.statusCode, made.body).toBe(200);
    const path = new URL(made.json().url).pathname;
    const res = await call(app, { url: path });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('text/calendar');
    const cal = new ICAL.Component(ICAL.parse(res.body));
    const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events.map((e) => e.summary)).toEqual(['Session 2', 'Session 5']);
    expect(events[0]?.startDate.toJSDate().toISOString()).toBe('2027-03-10T09:00:00.000Z');
    expect(events[1]?.location).toContain('Room 1');
    expect((await m.req({ url: `/api/v1/me/event-registrations/${r.id}/agenda` })).json().hasFeed).toBe(true);
    // A new address retires the old; revoking ends both.
    const again = new URL((await m.req({ method: 'POST', url: `/api/v1/me/event-registrations/${r.id}/agenda-feed` })).json().url).pathname;
    expectError(await call(app, { url: path }), 404, 'NOT_FOUND');
    expect((await call(app, { url: again })).statusCode).toBe(200);
    expect((await m.req({ method: 'DELETE', url: `/api/v1/me/event-registrations/${r.id}/agenda-feed` })).statusCode).toBe(200);
    expectError(await call(app, { url: again }), 404, 'NOT_FOUND');
  });
});

describe('the badge', () => {
  it('is an A6 PDF that opens and holds the name, organisation, ticket type and reference', async () => {
    const m = await signedInUser(app, 'badge-holder@example.org');
    await app.platform.database.db.updateTable('users').set({ name: 'Zoë Ångström' }).where('id', '=', m.id).execute();
    const r = await registerIn(m, { organisationName: 'Contoso' });
    const res = await m.req({ url: `/api/v1/me/event-registrations/${r.id}/badge` });
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const doc = await PDFDocument.load(res.rawPayload);
    const { width, height } = doc.getPage(0).getSize();
    expect([Math.round(width), Math.round(height)]).toEqual([298, 420]);
    const text = (await pageText(res.rawPayload)).lines.join('\n');
    for (const s of ['Zoë Ångström', 'Contoso', 'Member', r.reference]) expect(text).toContain(s);
  });
});

describe('organisers', () => {
  it('list, search, export as spreadsheet-safe CSV, mark fees paid and add registrations by hand', async () => {
    const added = await organiser.req({ method: 'POST', url: `/api/v1/events/${event.id}/registrations/manual`, payload: { ticketTypeId: event.tickets.non_member, name: '=HYPERLINK("x")', email: 'walk-in@example.org' } });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({ source: 'organiser', feeMinor: 25000, feePaidAt: null });
    const comp = await organiser.req({ method: 'POST', url: `/api/v1/events/${event.id}/registrations/manual`, payload: { ticketTypeId: event.tickets.speaker, name: 'Sam Speaker', email: 'sam-speaker@example.org', complimentary: true } });
    expect(comp.json()).toMatchObject({ source: 'speaker', feeMinor: 0 });
    const page = (await organiser.req({ url: `/api/v1/events/${event.id}/registrations?q=walk-in` })).json();
    expect(page).toMatchObject({ total: 1, page: 1 });
    expect((await organiser.req({ url: `/api/v1/events/${event.id}/registrations?ticketTypeId=${event.tickets.speaker}` })).json().registrations.map((x: Json) => x.name)).toEqual(['Sam Speaker']);
    const csv = await organiser.req({ url: `/api/v1/events/${event.id}/registrations.csv?q=walk-in` });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain(`"'=HYPERLINK(""x"")"`);
    const paid = await organiser.req({ method: 'POST', url: `/api/v1/events/${event.id}/registrations/${added.json().id}/paid` });
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json().feePaidAt).toBe(app.clock.now().toISOString());
    expectError(await organiser.req({ method: 'POST', url: `/api/v1/events/${event.id}/registrations/${added.json().id}/paid` }), 409, 'CONFLICT');
    const bad = expectError(await organiser.req({ url: `/api/v1/events/${event.id}/registrations?page=0` }), 400, 'VALIDATION_FAILED');
    expect(JSON.stringify(bad.details)).toContain('page');
  });
});
