import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart } from '../portfolio/support.js';
import { insertOrganisation } from '../organisations/fixtures.js';
import { type Browser, auditEntries, call, expectError, lastMail, signIn, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { PNG, type ExhibitorWorld, addExhibitor, exhibitorWorld } from './exhibitors-fixtures.js';

// Sponsors and exhibitors: the organiser's operations, the public list by tier, logos and staff tickets.

let app: TestApp;
let w: ExhibitorWorld;
beforeAll(async () => {
  app = await testApp();
  w = await exhibitorWorld(app, 'x');
});
afterAll(() => app?.close());

const url = (rest = '') => `/api/v1/events/${w.event.id}/exhibitors${rest}`;
const revision = async () => (await app.platform.database.db.selectFrom('events').select('revision').where('id', '=', w.event.id).executeTakeFirstOrThrow()).revision;

describe('exhibitors and sponsors', () => {
  it('an organiser adds, changes and removes exhibitors; each change moves the event revision; anyone lists them by tier', async () => {
    const before = await revision();
    const bronze = await addExhibitor(w, 'Zeta Desk', { tier: 'bronze', kind: 'sponsor', website: 'https://zeta.example' });
    const plat = await addExhibitor(w, 'Alpha Ops', { tier: 'platinum', kind: 'both', description: 'Monitoring\nand alerting' });
    const gone = await addExhibitor(w, 'Short Lived', { tier: 'silver' });
    expect(await revision()).toBe(before + 3);
    const patched = await w.organiser.req({ method: 'PATCH', url: url(`/${bronze}`), payload: { tier: 'gold', stand: 'B12' } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ tier: 'gold', stand: 'B12', name: 'Zeta Desk' });
    expect((await w.organiser.req({ method: 'DELETE', url: url(`/${gone}`) })).statusCode).toBe(200);
    expect(await revision()).toBe(before + 5);

    const pub = await call(app, { method: 'GET', url: `/api/v1/public/events/${w.event.slug}/exhibitors` });
    expect(pub.statusCode, pub.body).toBe(200);
    const tiers = pub.json().tiers as Array<{ tier: string; exhibitors: Array<{ id: string; name: string }> }>;
    expect(tiers.map((t) => t.tier)).toEqual(['platinum', 'gold']);
    expect(tiers[0]?.exhibitors.map((e) => e.id)).toEqual([plat]);
    expect(tiers[1]?.exhibitors.map((e) => e.name)).toEqual(['Zeta Desk']);
    expect(pub.body).not.toContain('staff');
    // The same, rendered on the server by the app's own page: readable without scripts.
    const page = await call(app, { method: 'GET', url: `/events/${w.event.slug}/exhibitors`, headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<h1[^>]*>Sponsors and exhibitors: Summit x<\/h1>/);
    expect(page.body.indexOf('Alpha Ops')).toBeLessThan(page.body.indexOf('Zeta Desk'));
    expect((await call(app, { method: 'GET', url: '/events/no-such-event/exhibitors', headers: { accept: 'text/html' } })).statusCode).toBe(404);
    expect(await auditEntries(app, 'event.exhibitor_removed')).toHaveLength(1);
  });

  it('bad input is refused naming the field; a member may not add exhibitors; a draft event is not listed publicly', async () => {
    const e = expectError(await w.organiser.req({ method: 'POST', url: url(), payload: { name: 'X', kind: 'vendor', tier: 'gold', website: 'http://no' } }), 400, 'VALIDATION_FAILED');
    expect(JSON.stringify(e.details)).toMatch(/kind/);
    const org = expectError(await w.organiser.req({ method: 'POST', url: url(), payload: { name: 'Linked', kind: 'exhibitor', tier: 'gold', organisationId: 'no-such-org' } }), 400, 'VALIDATION_FAILED');
    expect(JSON.stringify(org.details)).toMatch(/organisationId/);
    const suspended = await insertOrganisation(app, 'Suspended Co', { status: 'suspended' });
    expectError(await w.organiser.req({ method: 'POST', url: url(), payload: { name: 'Linked', kind: 'exhibitor', tier: 'gold', organisationId: suspended } }), 400, 'VALIDATION_FAILED');
    expectError(await w.organiser.req({ method: 'PATCH', url: url(`/${await addExhibitor(w, 'Unchanged')}`), payload: {} }), 400, 'VALIDATION_FAILED');
    const member = await signIn(app, w.sharing.email);
    expect((await member.req({ method: 'POST', url: url(), payload: { name: 'Mine', kind: 'exhibitor', tier: 'gold' } })).statusCode).toBe(403);
    await app.platform.database.db.updateTable('events').set({ status: 'draft' }).where('id', '=', w.event.id).execute();
    expectError(await call(app, { method: 'GET', url: `/api/v1/public/events/${w.event.slug}/exhibitors` }), 404, 'NOT_FOUND');
    await app.platform.database.db.updateTable('events').set({ status: 'published' }).where('id', '=', w.event.id).execute();
  });

  it('a PNG logo is stored and served publicly with caching; other content is refused by its bytes', async () => {
    const id = await addExhibitor(w, 'Logo Co');
    const bad = multipart({}, { name: 'logo.png', type: 'image/png', bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>') });
    expectError(await w.organiser.req({ method: 'POST', url: url(`/${id}/logo`), ...bad }), 415, 'UNSUPPORTED_FILE_TYPE');
    const res = await w.organiser.req({ method: 'POST', url: url(`/${id}/logo`), ...multipart({}, { name: 'l.png', type: 'image/png', bytes: PNG }) });
    expect(res.statusCode, res.body).toBe(200);
    const logoUrl = res.json().logoUrl as string;
    expect(logoUrl).toMatch(new RegExp(`^/events/${w.event.slug}/exhibitors/${id}/logo\\?v=[0-9a-f]{12}$`));
    const img = await call(app, { method: 'GET', url: logoUrl });
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/png');
    expect(img.headers['cache-control']).toMatch(/public, max-age=\d+/);
    expect(img.rawPayload.equals(PNG)).toBe(true);
    const pub = (await call(app, { method: 'GET', url: `/api/v1/public/events/${w.event.slug}/exhibitors` })).json();
    expect(JSON.stringify(pub)).toContain(logoUrl);
  });

  it('staff get an exhibitor ticket and a mail; a new address gets a light account; removing them cancels the ticket made for them', async () => {
    const org = await signedInUser(app, 'org-admin-x@example.org');
    const orgId = await insertOrganisation(app, 'Contoso Events', { staff: [{ userId: org.id, role: 'admin' }] });
    const id = await addExhibitor(w, 'Contoso', { organisationId: orgId });
    // The linked organisation's administrator may choose its staff.
    const res = await org.req({ method: 'POST', url: url(`/${id}/staff`), payload: { email: 'Stand.Person@Example.org', name: 'Stand Person' } });
    expect(res.statusCode, res.body).toBe(201);
    const staff = [res.json() as { userId: string; email: string; reference: string; ticketMade: boolean }];
    expect(staff).toMatchObject([{ email: 'stand.person@example.org', ticketMade: true }]);
    const db = app.platform.database.db;
    const reg = await db.selectFrom('event_registrations as r').innerJoin('event_ticket_types as t', 't.id', 'r.ticket_type_id').select(['r.id', 'r.source', 'r.status', 't.kind']).where('r.user_id', '=', staff[0]?.userId as string).executeTakeFirstOrThrow();
    expect(reg).toMatchObject({ source: 'exhibitor', status: 'confirmed', kind: 'exhibitor' });
    const user = await db.selectFrom('users').select(['password_hash']).where('id', '=', staff[0]?.userId as string).executeTakeFirstOrThrow();
    expect(user.password_hash).toBeNull();
    const mail = await lastMail(app, 'stand.person@example.org');
    expect(mail.text_body).toContain(staff[0]?.reference as string);
    expect(mail.text_body).toContain(`/events/${w.event.slug}/leads`);
    expect(mail.text_body).toContain('/forgot-password');
    // Someone who already holds a ticket keeps it.
    const held = await w.organiser.req({ method: 'POST', url: url(`/${id}/staff`), payload: { email: w.sharing.email } });
    expect(held.json()).toMatchObject({ email: w.sharing.email, reference: w.sharing.reference, ticketMade: false });
    const listed = (await w.organiser.req({ method: 'GET', url: url() })).json().exhibitors.find((e: { id: string }) => e.id === id);
    expect(listed.staff.map((s: { email: string }) => s.email).sort()).toEqual([w.sharing.email, 'stand.person@example.org']);
    expectError(await w.organiser.req({ method: 'POST', url: url(`/${id}/staff`), payload: { email: w.sharing.email } }), 409, 'CONFLICT');
    expectError(await w.organiser.req({ method: 'POST', url: url(`/${id}/staff`), payload: { email: 'nobody-yet@example.org' } }), 400, 'VALIDATION_FAILED');

    expect((await org.req({ method: 'DELETE', url: url(`/${id}/staff/${staff[0]?.userId}`) })).statusCode).toBe(200);
    expect((await db.selectFrom('event_registrations').select('status').where('id', '=', reg.id).executeTakeFirstOrThrow()).status).toBe('cancelled');
    const off = await w.organiser.req({ method: 'DELETE', url: url(`/${id}/staff/${w.sharing.id}`) });
    expect(off.statusCode, off.body).toBe(200);
    expect((await db.selectFrom('event_registrations').select('status').where('user_id', '=', w.sharing.id).executeTakeFirstOrThrow()).status).toBe('confirmed');
    // A stand's staff may not choose its staff; strangers are told it does not exist.
    const stranger: Browser = await signIn(app, w.private.email);
    expectError(await stranger.req({ method: 'POST', url: url(`/${id}/staff`), payload: { email: 'x@example.org', name: 'X Y' } }), 404, 'NOT_FOUND');
  });
});
