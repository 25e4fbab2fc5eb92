import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WAITLIST_JOB } from '../../server/modules/events/registration/offers.js';
import { enqueue } from '../../server/platform/jobs/queue.js';
import { type Browser, type Json, call, expectError, lastMail, makeUser, signIn, signedInUser, tokenFromText } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { insertEvent } from './fixtures.js';

/*
 * The waiting list fills itself: a cancelled place is offered to the first person waiting with a 48-hour
 * claim link; an offer not claimed in time expires and the next person is offered; the job is safe to
 * run again. Both dialects.
 */

let app: TestApp;
let organiserId: string;
let n = 0;
const fresh = async () => signedInUser(app, `wait-${++n}@example.org`);
const HOUR = 3_600_000;

beforeAll(async () => {
  app = await testApp();
  organiserId = await makeUser(app, { email: 'wait-organiser@example.org', roles: ['event_organiser'] });
});
afterAll(() => app.close());

const waitlistRows = (eventId: string) => app.platform.database.db.selectFrom('event_waitlist').selectAll().where('event_id', '=', eventId).orderBy('created_at').orderBy('id').execute();

describe('the waiting list', () => {
  it('offers a freed place to the next person, expires an unclaimed offer and moves on, and registers the claimant', async () => {
    const ev = await insertEvent(app, { createdBy: organiserId, ticketCapacity: 1 });
    const [holder, first, second] = [await fresh(), await fresh(), await fresh()];
    const ticket = { ticketTypeId: ev.tickets.member };
    const held = await holder.req({ method: 'POST', url: `/api/v1/events/${ev.id}/registrations`, payload: ticket });
    expect(held.statusCode, held.body).toBe(201);
    // Not while places are free; then in order.
    const early = await fresh();
    expectError(await early.req({ method: 'POST', url: `/api/v1/events/${ev.id}/waiting-list`, payload: { ticketTypeId: ev.tickets.non_member } }), 409, 'CONFLICT');
    const j1 = await first.req({ method: 'POST', url: `/api/v1/events/${ev.id}/waiting-list`, payload: ticket });
    expect(j1.statusCode, j1.body).toBe(201);
    expect(j1.json()).toMatchObject({ status: 'waiting', position: 1 });
    app.clock.advance(1000);
    expect((await second.req({ method: 'POST', url: `/api/v1/events/${ev.id}/waiting-list`, payload: ticket })).json()).toMatchObject({ position: 2 });
    expectError(await second.req({ method: 'POST', url: `/api/v1/events/${ev.id}/waiting-list`, payload: ticket }), 409, 'CONFLICT');
    expectError(await holder.req({ method: 'POST', url: `/api/v1/events/${ev.id}/waiting-list`, payload: ticket }), 409, 'CONFLICT');

    // The holder cancels: the job offers the place to the first person, once however often it runs.
    const cancel = await holder.req({ method: 'POST', url: `/api/v1/me/event-registrations/${held.json().id}/cancel` });
    expect(cancel.statusCode, cancel.body).toBe(200);
    await app.worker.drain();
    await app.worker.drain();
    let rows = await waitlistRows(ev.id);
    expect(rows.map((r) => r.status)).toEqual(['offered', 'waiting']);
    const firstToken = tokenFromText((await lastMail(app, first.user.email)).text_body, '/events/claim');
    // The offered place is held: nobody else may take it meanwhile.
    const other = await fresh();
    expect(expectError(await other.req({ method: 'POST', url: `/api/v1/events/${ev.id}/registrations`, payload: ticket }), 409, 'CONFLICT').details).toMatchObject({ full: true });
    const mine = (await second.req({ url: '/api/v1/me/event-registrations' })).json();
    expect(mine.waiting).toMatchObject([{ status: 'waiting', position: 1, event: { id: ev.id } }]);

    // 48 hours pass unclaimed: the sweep expires the offer and offers the place to the second person.
    app.clock.advance(49 * HOUR);
    const sweep = await enqueue(app.platform.database.db, WAITLIST_JOB, null, app.clock.now());
    expect(sweep).not.toBeNull();
    await app.worker.drain();
    rows = await waitlistRows(ev.id);
    expect(rows.map((r) => r.status)).toEqual(['expired', 'offered']);
    expectError(await call(app, { method: 'POST', url: '/api/v1/event-waiting-list/claim', payload: { token: firstToken } }), 400, 'INVALID_TOKEN');

    // The second person claims by the mailed link, with no sign-in needed.
    const token = tokenFromText((await lastMail(app, second.user.email)).text_body, '/events/claim');
    const claimed = await call(app, { method: 'POST', url: '/api/v1/event-waiting-list/claim', payload: { token } });
    expect(claimed.statusCode, claimed.body).toBe(200);
    expect(claimed.json()).toMatchObject({ status: 'registered', eventSlug: ev.slug });
    const reg = await app.platform.database.db.selectFrom('event_registrations').selectAll().where('event_id', '=', ev.id).where('user_id', '=', second.id).executeTakeFirstOrThrow();
    expect(reg).toMatchObject({ status: 'confirmed', source: 'waitlist', reference: claimed.json().reference });
    expect((await waitlistRows(ev.id)).map((r) => r.status)).toEqual(['expired', 'claimed']);
    // Used once.
    expectError(await call(app, { method: 'POST', url: '/api/v1/event-waiting-list/claim', payload: { token } }), 400, 'INVALID_TOKEN');
    const confirmed = await app.platform.database.db.selectFrom('event_registrations').select('id').where('ticket_type_id', '=', ev.tickets.member).where('status', '=', 'confirmed').execute();
    expect(confirmed).toHaveLength(1);
  });

  it('someone offered a place who leaves passes it to the next person', async () => {
    const ev = await insertEvent(app, { createdBy: organiserId, ticketCapacity: 1 });
    const [holder, a, b] = [await fresh(), await fresh(), await fresh()];
    const ticket = { ticketTypeId: ev.tickets.member };
    const held = (await holder.req({ method: 'POST', url: `/api/v1/events/${ev.id}/registrations`, payload: ticket })).json();
    for (const who of [a, b] as Browser[]) {
      expect((await who.req({ method: 'POST', url: `/api/v1/events/${ev.id}/waiting-list`, payload: ticket })).statusCode).toBe(201);
      app.clock.advance(1000);
    }
    await holder.req({ method: 'POST', url: `/api/v1/me/event-registrations/${held.id}/cancel` });
    await app.worker.drain();
    expect((await waitlistRows(ev.id)).map((r) => r.status)).toEqual(['offered', 'waiting']);
    expect((await a.req({ method: 'DELETE', url: `/api/v1/events/${ev.id}/waiting-list` })).statusCode).toBe(200);
    await app.worker.drain();
    expect((await waitlistRows(ev.id)).map((r) => r.status)).toEqual(['left', 'offered']);
    expectError(await a.req({ method: 'DELETE', url: `/api/v1/events/${ev.id}/waiting-list` }), 404, 'NOT_FOUND');
  });

  it('organisers see the waiting list in order', async () => {
    const ev = await insertEvent(app, { createdBy: organiserId, ticketCapacity: 1 });
    const [holder, a] = [await fresh(), await fresh()];
    await holder.req({ method: 'POST', url: `/api/v1/events/${ev.id}/registrations`, payload: { ticketTypeId: ev.tickets.member } });
    await a.req({ method: 'POST', url: `/api/v1/events/${ev.id}/waiting-list`, payload: { ticketTypeId: ev.tickets.member } });
    const organiser = await signIn(app, 'wait-organiser@example.org');
    const list = (await organiser.req({ url: `/api/v1/events/${ev.id}/waiting-list` })).json();
    expect(list.entries).toMatchObject([{ email: a.user.email, status: 'waiting', position: 1 } as Json]);
  });
});
