import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type Json, makeUser, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { withDefaultScheme } from '../portfolio/support.js';
import { mailTo } from '../applications/assessment-support.js';
import { type EventFixture, insertEvent } from '../events/fixtures.js';
import { addItem, confirmJob, linkJob, organisation, staffOf } from './fixtures-employment.js';

/*
 * An organisation pays a confirmed staff member's event ticket: offered, accepted or declined, marked paid
 * (the registration's fee is paid in the same transaction); refused for anyone else's ticket, a free one, a
 * cancelled one or one already paid. Both dialects.
 */

type User = Browser & { id: string };
let app: TestApp;
let contoso: string;
let fabrikam: string;
let admin: User;
let hr: User;
let otherAdmin: User;
let staff: User;
let outsider: User;
let event: EventFixture;

const db = () => app.platform.database.db;
const org = (id: string, path: string) => `/api/v1/organisations/${id}${path}`;
const offer = (b: Browser, orgId: string, registrationId: string) => b.req({ method: 'POST', url: org(orgId, '/sponsorships'), payload: { kind: 'event_ticket', registrationId } });
const answer = (b: Browser, id: string, what: 'accept' | 'decline') => b.req({ method: 'POST', url: `/api/v1/me/sponsorships/${id}/${what}` });
const markPaid = (b: Browser, orgId: string, id: string) => b.req({ method: 'POST', url: org(orgId, `/sponsorships/${id}/paid`) });
const feePaidAt = async (registrationId: string) => (await db().selectFrom('event_registrations').select('fee_paid_at').where('id', '=', registrationId).executeTakeFirstOrThrow()).fee_paid_at;

/** The member registers for a fresh event on the non-member ticket (which has a fee) or the given one. */
async function ticketOf(b: Browser, ticket: 'non_member' | 'member' = 'non_member', ev?: EventFixture): Promise<string> {
  const e = ev ?? (await insertEvent(app, { createdBy: await makeUser(app, { email: `org-${Math.random().toString(36).slice(2)}@example.org`, roles: ['event_organiser'] }) }));
  const res = await b.req({ method: 'POST', url: `/api/v1/events/${e.id}/registrations`, payload: { ticketTypeId: e.tickets[ticket] } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

beforeAll(async () => {
  app = await testApp();
  await withDefaultScheme(app);
  contoso = await organisation(app, 'Contoso');
  fabrikam = await organisation(app, 'Fabrikam');
  admin = await staffOf(app, contoso, 'admin@contoso.example', 'admin');
  hr = await staffOf(app, contoso, 'hr@contoso.example', 'hr');
  otherAdmin = await staffOf(app, fabrikam, 'admin@fabrikam.example', 'admin');
  staff = await signedInUser(app, 'alex@example.org');
  outsider = await signedInUser(app, 'kim@example.org');
  await confirmJob(admin, contoso, (await linkJob(staff, await addItem(staff), contoso)).id);
  event = await insertEvent(app, { createdBy: await makeUser(app, { email: 'organiser@example.org', roles: ['event_organiser'] }) });
}, 60_000);
afterAll(async () => {
  await app?.close();
});

describe('sponsoring an event ticket', () => {
  it('offers only a confirmed staff member’s ticket with a fee, once; the member sees it and the admin lists it', async () => {
    const theirs = await ticketOf(outsider, 'non_member', event);
    const mine = await ticketOf(staff, 'non_member', event);
    const refused = await offer(admin, contoso, theirs);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details.issues[0].path).toBe('body.registrationId');
    expect((await offer(otherAdmin, fabrikam, mine)).statusCode).toBe(400);
    expect((await offer(admin, contoso, 'no-such-registration')).statusCode).toBe(400);

    const listed = (await hr.req({ url: org(contoso, '/sponsorship/members') })).json().members.find((m: Json) => m.id === staff.id);
    expect(listed.tickets).toEqual([expect.objectContaining({ registrationId: mine, eventTitle: 'Service Management Summit', ticketName: 'Non-member', fee: { amount: 250, currency: 'GBP' }, feePaidAt: null })]);

    const made = await offer(hr, contoso, mine);
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ kind: 'event_ticket', status: 'offered', member: { id: staff.id }, application: null, ticket: { registrationId: mine, fee: { amount: 250 } }, canMarkPaid: false });
    const mail = await mailTo(app, 'alex@example.org', 'ticket_sponsorship_offered');
    expect(mail.length).toBe(1);
    expect(mail[0]?.text_body).toContain('Service Management Summit');
    expect((await offer(admin, contoso, mine)).statusCode).toBe(409);
    const seen = (await staff.req({ url: '/api/v1/me/sponsorships' })).json().sponsorships;
    expect(seen).toEqual([expect.objectContaining({ id: made.json().id, kind: 'event_ticket', ticket: expect.objectContaining({ registrationId: mine }) })]);
  });

  it('refuses a free ticket, a cancelled one and one already paid', async () => {
    // The member ticket of the fixture is free.
    const free = await offer(admin, contoso, await ticketOf(staff, 'member'));
    expect(free.statusCode).toBe(400);
    expect(free.json().error.message).toMatch(/no fee/);
    const cancelled = await ticketOf(staff);
    expect((await staff.req({ method: 'POST', url: `/api/v1/me/event-registrations/${cancelled}/cancel` })).statusCode).toBe(200);
    const c = await offer(admin, contoso, cancelled);
    expect(c.statusCode).toBe(409);
    expect(c.json().error.message).toMatch(/cancelled/);
    const paid = await ticketOf(staff);
    await db().updateTable('event_registrations').set({ fee_paid_at: app.clock.now().toISOString() }).where('id', '=', paid).execute();
    const p = await offer(admin, contoso, paid);
    expect(p.statusCode).toBe(409);
    expect(p.json().error.message).toMatch(/already paid/);
  });

  it('the member accepts; the admin marks it paid, which pays the registration’s fee in the same transaction', async () => {
    const reg = await ticketOf(staff);
    const s = (await offer(admin, contoso, reg)).json();
    expect((await answer(outsider, s.id, 'accept')).statusCode).toBe(404);
    const accepted = await answer(staff, s.id, 'accept');
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'accepted', canMarkPaid: true });
    expect((await markPaid(hr, contoso, s.id)).statusCode).toBe(403);
    expect((await markPaid(otherAdmin, fabrikam, s.id)).statusCode).toBe(404);
    const paid = await markPaid(admin, contoso, s.id);
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json()).toMatchObject({ status: 'paid', ticket: { feePaidAt: expect.any(String) }, canMarkPaid: false });
    expect(await feePaidAt(reg)).toBe(paid.json().paidAt);
    const mine = (await staff.req({ url: '/api/v1/me/event-registrations' })).json().registrations.find((r: Json) => r.id === reg);
    expect(mine.feePaidAt).toBe(paid.json().paidAt);
    const audits = await db().selectFrom('audit_log').select(['action', 'details']).where('subject_id', 'in', [reg, s.id]).execute();
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(['sponsorship.offered', 'sponsorship.accepted', 'sponsorship.paid', 'event.registration_paid']));
    expect(JSON.parse(audits.find((a) => a.action === 'event.registration_paid')?.details ?? '{}').sponsor).toMatchObject({ organisationId: contoso, name: 'Contoso' });
    expect((await markPaid(admin, contoso, s.id)).statusCode).toBe(409);
  });

  it('a ticket cancelled after the offer can be neither accepted nor paid, and nothing is half-written', async () => {
    const early = await ticketOf(staff);
    const s1 = (await offer(admin, contoso, early)).json();
    await staff.req({ method: 'POST', url: `/api/v1/me/event-registrations/${early}/cancel` });
    const refused = await answer(staff, s1.id, 'accept');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toMatch(/Decline the offer instead/);
    expect((await answer(staff, s1.id, 'decline')).json()).toMatchObject({ status: 'declined' });

    const late = await ticketOf(staff);
    const s2 = (await offer(admin, contoso, late)).json();
    expect((await answer(staff, s2.id, 'accept')).statusCode).toBe(200);
    await staff.req({ method: 'POST', url: `/api/v1/me/event-registrations/${late}/cancel` });
    const listed = (await admin.req({ url: org(contoso, '/sponsorships') })).json().sponsorships.find((x: Json) => x.id === s2.id);
    expect(listed.canMarkPaid).toBe(false);
    const p = await markPaid(admin, contoso, s2.id);
    expect(p.statusCode).toBe(409);
    expect(p.json().error.message).toMatch(/cancelled/);
    expect((await db().selectFrom('sponsorships').select(['status', 'paid_at']).where('id', '=', s2.id).executeTakeFirstOrThrow())).toEqual({ status: 'accepted', paid_at: null });
    expect(await feePaidAt(late)).toBeNull();
  });
});
