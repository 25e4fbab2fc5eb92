import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GUEST_NOTICES_PER_DAY } from '../../server/modules/events/registration/guest.service.js';
import { call, expectError, lastMail, mailsTo, makeUser, signedInUser, tokenFromText } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { insertEvent } from './fixtures.js';

/*
 * Guests by name and address: the answer is the same whatever the address (new, a guest before, an account
 * with a password), and only the mail to that address differs; notices are limited per address; a guest
 * joins a full ticket's waiting list and claims the offered place without a password. Both dialects.
 */

let app: TestApp;
let organiserId: string;
const db = () => app.platform.database.db;

beforeAll(async () => {
  app = await testApp();
  organiserId = await makeUser(app, { email: 'guest-organiser@example.org', roles: ['event_organiser'] });
});
afterAll(() => app.close());

const guestPost = (path: 'guest-registrations' | 'guest-waiting-list', eventId: string, ticketTypeId: string, email: string, name = 'Pat Visitor') =>
  call(app, { method: 'POST', url: `/api/v1/events/${eventId}/${path}`, payload: { ticketTypeId, name, email } });

/** What a caller could compare: status, content type and the body's bytes. */
const seen = (r: LightMyRequestResponse) => ({ status: r.statusCode, type: r.headers['content-type'], body: r.body });

const registrationOf = async (eventId: string, email: string) =>
  db().selectFrom('event_registrations as r').innerJoin('users as u', 'u.id', 'r.user_id').select(['r.reference', 'r.source']).where('r.event_id', '=', eventId).where('u.email', '=', email).executeTakeFirst();

describe('a guest’s answer does not tell whether the address has an account', () => {
  it('registering: new guest, guest before and account answer byte-identically; the mails differ', async () => {
    const ev = await insertEvent(app, { createdBy: organiserId });
    const member = 'guest-member-1@example.org';
    await makeUser(app, { email: member });
    const before = 'guest-before-1@example.org';
    expect((await guestPost('guest-registrations', ev.id, ev.tickets.non_member, before)).statusCode).toBe(202);

    const answers = [];
    for (const email of ['guest-new-1@example.org', member, before]) answers.push(seen(await guestPost('guest-registrations', ev.slug, ev.tickets.non_member, email)));
    expect(answers[0]?.status).toBe(202);
    expect(answers[0]?.body).toContain('Check your e-mail');
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);

    // The new guest holds a place; the account was not registered; the guest before still has one place.
    const fresh = await registrationOf(ev.id, 'guest-new-1@example.org');
    expect(fresh).toMatchObject({ source: 'guest' });
    expect(await registrationOf(ev.id, member)).toBeUndefined();
    const mails = await Promise.all(['guest-new-1@example.org', member, before].map((e) => lastMail(app, e)));
    expect(mails.map((m) => m.template)).toEqual(['event_registered', 'event_guest_has_account', 'event_guest_already']);
    expect(mails[0]?.text_body).toContain(fresh?.reference);
    expect(mails[1]?.text_body).toContain(`/events/${ev.slug}/register`);
    expect(mails[1]?.text_body).toContain('Sign in to take the place');
    expect(mails[2]?.text_body).toContain((await registrationOf(ev.id, before))?.reference);
    expect(new Set(mails.map((m) => m.text_body)).size).toBe(3);
  });

  it('joining a waiting list: the same three answer byte-identically; only the new guest is queued', async () => {
    const ev = await insertEvent(app, { createdBy: organiserId, ticketCapacity: 1 });
    const holder = await signedInUser(app, 'guest-holder-2@example.org');
    expect((await holder.req({ method: 'POST', url: `/api/v1/events/${ev.id}/registrations`, payload: { ticketTypeId: ev.tickets.member } })).statusCode).toBe(201);
    const member = 'guest-member-2@example.org';
    await makeUser(app, { email: member });
    const before = 'guest-before-2@example.org';
    expect((await guestPost('guest-waiting-list', ev.id, ev.tickets.member, before)).statusCode).toBe(202);

    const answers = [];
    for (const email of ['guest-new-2@example.org', member, before]) answers.push(seen(await guestPost('guest-waiting-list', ev.id, ev.tickets.member, email)));
    expect(answers[0]?.status).toBe(202);
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    const queued = await db().selectFrom('event_waitlist').select(['email', 'status']).where('event_id', '=', ev.id).orderBy('created_at').orderBy('id').execute();
    expect(queued).toEqual([
      { email: before, status: 'waiting' },
      { email: 'guest-new-2@example.org', status: 'waiting' },
    ]);
    const joined = await lastMail(app, 'guest-new-2@example.org');
    expect(joined.template).toBe('event_waitlist_joined');
    expect(joined.text_body).toContain('number 2');
    expect((await lastMail(app, member)).template).toBe('event_guest_has_account');
    expect((await lastMail(app, before)).template).toBe('event_guest_already');

    // A ticket with places left refuses the queue, the same for every address.
    const a = seen(await guestPost('guest-waiting-list', ev.id, ev.tickets.non_member, 'guest-new-3@example.org'));
    const b = seen(await guestPost('guest-waiting-list', ev.id, ev.tickets.non_member, member));
    expect(a.status).toBe(409);
    expect(b).toEqual(a);
    // And a full ticket refuses registration the same way too.
    const c = seen(await guestPost('guest-registrations', ev.id, ev.tickets.member, 'guest-new-4@example.org'));
    expect(c.status).toBe(409);
    expect(seen(await guestPost('guest-registrations', ev.id, ev.tickets.member, member))).toEqual(c);
  });

  it('limits the notices one address is sent a day, with the same answer throughout', async () => {
    const ev = await insertEvent(app, { createdBy: organiserId });
    const member = 'guest-member-5@example.org';
    await makeUser(app, { email: member });
    const first = seen(await guestPost('guest-registrations', ev.id, ev.tickets.non_member, member));
    for (let i = 0; i < GUEST_NOTICES_PER_DAY + 2; i++) expect(seen(await guestPost('guest-registrations', ev.id, ev.tickets.non_member, member))).toEqual(first);
    const notices = async () => (await mailsTo(app, member)).filter((m) => m.template === 'event_guest_has_account').length;
    expect(await notices()).toBe(GUEST_NOTICES_PER_DAY);
    app.clock.advance(25 * 3_600_000);
    await guestPost('guest-registrations', ev.id, ev.tickets.non_member, member);
    expect(await notices()).toBe(GUEST_NOTICES_PER_DAY + 1);
  });
});

describe('a guest on the waiting list', () => {
  it('claims the offered place by the mailed link without a password, and is told how to claim the account', async () => {
    const ev = await insertEvent(app, { createdBy: organiserId, ticketCapacity: 1 });
    const holder = await signedInUser(app, 'guest-holder-6@example.org');
    const held = await holder.req({ method: 'POST', url: `/api/v1/events/${ev.id}/registrations`, payload: { ticketTypeId: ev.tickets.member } });
    const guest = 'guest-waiting-6@example.org';
    expect((await guestPost('guest-waiting-list', ev.id, ev.tickets.member, guest, 'Wren Waiting')).statusCode).toBe(202);
    expect((await db().selectFrom('users').select('password_hash').where('email', '=', guest).executeTakeFirstOrThrow()).password_hash).toBeNull();

    expect((await holder.req({ method: 'POST', url: `/api/v1/me/event-registrations/${held.json().id}/cancel` })).statusCode).toBe(200);
    await app.worker.drain();
    const offer = await lastMail(app, guest);
    expect(offer.template).toBe('event_place_offered');
    const token = tokenFromText(offer.text_body, '/events/claim');
    const claimed = await call(app, { method: 'POST', url: '/api/v1/event-waiting-list/claim', payload: { token } });
    expect(claimed.statusCode, claimed.body).toBe(200);
    expect(claimed.json().accountLink).toContain('/forgot-password');
    const reg = await registrationOf(ev.id, guest);
    expect(reg).toMatchObject({ source: 'waitlist', reference: claimed.json().reference });
    const confirmation = await lastMail(app, guest);
    expect(confirmation.template).toBe('event_registered');
    expect(confirmation.text_body).toContain('/forgot-password');
    // Used once.
    expectError(await call(app, { method: 'POST', url: '/api/v1/event-waiting-list/claim', payload: { token } }), 400, 'INVALID_TOKEN');
  });
});
