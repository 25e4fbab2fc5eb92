import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCheckInCode } from '../../server/modules/events/codes.js';
import { type Browser, type Json, call, expectError, lastMail, makeUser, signIn, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { type EventFixture, insertEvent } from './fixtures.js';

/*
 * Registering (members and guests), cancelling until the cut-off, capacity under concurrent registrations,
 * and that nobody reaches another person's registration. Both dialects.
 */

let app: TestApp;
let organiserId: string;
let n = 0;
const fresh = async (roles: Parameters<typeof signedInUser>[2] = []) => signedInUser(app, `reg-${++n}@example.org`, roles);
const register = (b: Browser, eventId: string, body: Json) => b.req({ method: 'POST', url: `/api/v1/events/${eventId}/registrations`, payload: body });

beforeAll(async () => {
  app = await testApp();
  organiserId = await makeUser(app, { email: 'reg-organiser@example.org', roles: ['event_organiser'] });
});
afterAll(() => app.close());

describe('registering for an event', () => {
  let event: EventFixture;
  beforeAll(async () => {
    event = await insertEvent(app, { createdBy: organiserId });
  });

  it('a member registers in one click with their account details; the code verifies and a confirmation is mailed', async () => {
    const m = await fresh();
    const res = await register(m, event.slug, { ticketTypeId: event.tickets.member, organisationName: 'Northwind' });
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json();
    expect(r).toMatchObject({ status: 'confirmed', name: m.user.name, organisationName: 'Northwind', shareWithExhibitors: false, ticketType: { name: 'Member' } });
    expect(verifyCheckInCode(r.code, event.publicKey)).toMatchObject({ eventId: event.id, registrationId: r.id });
    expect(r.qrSvg).toContain('<svg');
    const mail = await lastMail(app, m.user.email);
    expect(mail.text_body).toContain(r.reference);
    expect(mail.text_body).toContain(`/events/${event.slug}/ticket`);
    // Twice is refused, naming the reference.
    const again = expectError(await register(m, event.id, { ticketTypeId: event.tickets.member }), 409, 'CONFLICT');
    expect(again.message).toContain(r.reference);
    const mine = (await m.req({ url: '/api/v1/me/event-registrations' })).json();
    expect(mine.registrations.map((x: Json) => x.id)).toEqual([r.id]);
  });

  it('refuses a ticket given by organisers only, and an unknown ticket type, by name', async () => {
    const m = await fresh();
    expect(expectError(await register(m, event.id, { ticketTypeId: event.tickets.speaker }), 403, 'FORBIDDEN').message).toContain('Speaker');
    expect(expectError(await register(m, event.id, { ticketTypeId: 'nope' }), 404, 'NOT_FOUND').message).toContain('ticket type');
  });

  it('a guest registers with a name and an address: a light account without a password; bad input is named', async () => {
    const bad = await call(app, { method: 'POST', url: `/api/v1/events/${event.id}/guest-registrations`, payload: { ticketTypeId: event.tickets.non_member, name: ' ', email: 'not-an-address' } });
    const e = expectError(bad, 400, 'VALIDATION_FAILED');
    expect(JSON.stringify(e.details)).toContain('name');
    expect(JSON.stringify(e.details)).toContain('email');
    const ok = await call(app, { method: 'POST', url: `/api/v1/events/${event.slug}/guest-registrations`, payload: { ticketTypeId: event.tickets.non_member, name: 'Gita Guest', email: 'Gita.Guest@example.org' } });
    expect(ok.statusCode, ok.body).toBe(202);
    const user = await app.platform.database.db.selectFrom('users').selectAll().where('email', '=', 'gita.guest@example.org').executeTakeFirstOrThrow();
    expect(user.password_hash).toBeNull();
    const reg = await app.platform.database.db.selectFrom('event_registrations').selectAll().where('user_id', '=', user.id).executeTakeFirstOrThrow();
    expect(reg).toMatchObject({ source: 'guest', fee_minor: 25000, fee_paid_at: null });
    const mail = (await lastMail(app, 'gita.guest@example.org')).text_body;
    expect(mail).toContain(reg.reference);
    expect(mail).toContain('/forgot-password');
    // The reference is only ever in the mail.
    expect(ok.body).not.toContain(reg.reference);
  });

  it('nobody reaches another person’s registration', async () => {
    const a = await fresh();
    const b = await fresh();
    const r = (await register(a, event.id, { ticketTypeId: event.tickets.member })).json();
    expectError(await b.req({ method: 'POST', url: `/api/v1/me/event-registrations/${r.id}/cancel` }), 404, 'NOT_FOUND');
    expectError(await b.req({ url: `/api/v1/me/event-registrations/${r.id}/agenda` }), 404, 'NOT_FOUND');
    expectError(await b.req({ url: `/api/v1/me/event-registrations/${r.id}/badge` }), 404, 'NOT_FOUND');
    expectError(await b.req({ method: 'PUT', url: `/api/v1/me/event-registrations/${r.id}/agenda/${event.sessions[0]}` }), 404, 'NOT_FOUND');
    expectError(await b.req({ method: 'POST', url: `/api/v1/me/event-registrations/${r.id}/agenda-feed` }), 404, 'NOT_FOUND');
    // Members are not organisers.
    expectError(await b.req({ url: `/api/v1/events/${event.id}/registrations` }), 403, 'FORBIDDEN');
  });

  it('cancelling works until the cut-off, and is refused after it naming the cut-off in the event’s zone', async () => {
    const ev = await insertEvent(app, { createdBy: organiserId });
    const m = await fresh();
    const r = (await register(m, ev.id, { ticketTypeId: ev.tickets.member })).json();
    expect(r.canCancel).toBe(true);
    const cutoff = new Date(app.clock.now().getTime() + 3_600_000).toISOString();
    await app.platform.database.db.updateTable('events').set({ cancel_cutoff_at: cutoff }).where('id', '=', ev.id).execute();
    app.clock.advance(2 * 3_600_000);
    try {
      const late = expectError(await m.req({ method: 'POST', url: `/api/v1/me/event-registrations/${r.id}/cancel` }), 409, 'CONFLICT');
      expect(late.message).toMatch(/Cancellations closed on .*\(Europe\/London\)/);
      expect(late.details.cutoff).toBe(cutoff);
      await app.platform.database.db.updateTable('events').set({ cancel_cutoff_at: null }).where('id', '=', ev.id).execute();
      const ok = await m.req({ method: 'POST', url: `/api/v1/me/event-registrations/${r.id}/cancel` });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({ status: 'cancelled', code: null, canCancel: false });
      // Registering again gives the same row (and reference) back.
      const again = (await register(m, ev.id, { ticketTypeId: ev.tickets.member })).json();
      expect(again).toMatchObject({ id: r.id, reference: r.reference, status: 'confirmed' });
    } finally {
      app.clock.advance(-2 * 3_600_000);
    }
  });

  it('refuses registration outside the window, naming it', async () => {
    const ev = await insertEvent(app, { createdBy: organiserId });
    const opens = new Date(app.clock.now().getTime() + 86_400_000).toISOString();
    await app.platform.database.db.updateTable('events').set({ registration_opens_at: opens }).where('id', '=', ev.id).execute();
    const m = await fresh();
    expect(expectError(await register(m, ev.id, { ticketTypeId: ev.tickets.member }), 409, 'CONFLICT').message).toMatch(/Registration is closed: Registration opens on/);
    const opts = (await m.req({ url: `/api/v1/events/${ev.slug}/registration-options` })).json();
    expect(opts).toMatchObject({ open: false, signedIn: true, mine: null });
  });
});

describe('capacity under concurrent registrations', () => {
  it('never gives more places than the ticket type has', async () => {
    const capacity = 4;
    const ev = await insertEvent(app, { createdBy: organiserId, ticketCapacity: capacity });
    const people = await Promise.all(Array.from({ length: 12 }, (_, i) => makeUser(app, { email: `race-${i}@example.org` }).then(() => signIn(app, `race-${i}@example.org`))));
    const answers = await Promise.all(people.map((b) => register(b, ev.id, { ticketTypeId: ev.tickets.member })));
    const statuses = answers.map((a) => a.statusCode).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(capacity);
    expect(statuses.filter((s) => s === 409)).toHaveLength(12 - capacity);
    for (const a of answers.filter((x) => x.statusCode === 409)) expect(a.json().error.details).toMatchObject({ full: true });
    const count = await app.platform.database.db.selectFrom('event_registrations').select((e) => e.fn.countAll<number>().as('n')).where('ticket_type_id', '=', ev.tickets.member).where('status', '=', 'confirmed').executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(capacity);
    const opts = (await call(app, { url: `/api/v1/events/${ev.id}/registration-options` })).json();
    expect(opts.ticketTypes.find((t: Json) => t.id === ev.tickets.member)).toMatchObject({ capacity, remaining: 0 });
  });
});
