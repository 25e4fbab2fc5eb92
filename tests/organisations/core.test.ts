// Organisations themselves: created by staff or requested and approved, details, logo, domains confirmed
// by a mailed link, colleagues invited by e-mail, roles, removal, and the public profile.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../server/platform/clock.js';
import { type Browser, type Json, auditEntries, call, expectError, lastMail, mailsTo, signIn, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { multipart } from '../portfolio/support.js';
import { activeOrganisation, linkToken } from './core-support.js';

let app: TestApp;
let staff: Browser & { id: string };
let northwind: Awaited<ReturnType<typeof activeOrganisation>>;

const rolesOf = async (userId: string) =>
  (await app.platform.database.db.selectFrom('user_roles').select('role').where('user_id', '=', userId).execute()).map((r) => r.role);
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f1d6b00000000049454e44ae426082', 'hex');

beforeAll(async () => {
  app = await testApp();
  staff = await signedInUser(app, 'scheme@example.org', ['scheme_admin']);
  northwind = await activeOrganisation(app, staff, { name: 'Northwind Service Partners', adminEmail: 'david@northwind.example' });
}, 60_000);
afterAll(async () => {
  await app?.close();
});

describe('creating and requesting organisations', () => {
  it('staff create an active organisation; its first administrator is invited and becomes an employer_admin on accepting', async () => {
    const o = (await northwind.admin.req({ method: 'GET', url: `/api/v1/organisations/${northwind.id}` })).json();
    expect(o).toMatchObject({ name: 'Northwind Service Partners', slug: 'northwind-service-partners', status: 'active', myRole: 'admin', country: 'GB' });
    expect(await rolesOf(northwind.admin.id)).toContain('employer_admin');
    expect((await auditEntries(app, 'organisation.created')).length).toBeGreaterThan(0);
    const mine = (await northwind.admin.req({ method: 'GET', url: '/api/v1/me/organisations' })).json();
    expect(mine.organisations).toEqual([{ id: northwind.id, name: 'Northwind Service Partners', slug: 'northwind-service-partners', role: 'admin' }]);
  });

  it('only system and scheme administrators create; members are refused naming the roles', async () => {
    const member = await signedInUser(app, 'plain@example.org');
    const res = await member.req({ method: 'POST', url: '/api/v1/organisations', payload: { name: 'Sneaky', country: 'GB', adminEmail: 'x@example.org' } });
    expect(expectError(res, 403, 'FORBIDDEN').details.requiredRoles).toEqual(['system_admin', 'scheme_admin']);
  });

  it('a taken slug is a conflict naming the field; a name alone gets a free slug', async () => {
    const taken = await staff.req({ method: 'POST', url: '/api/v1/organisations', payload: { name: 'Other', slug: 'northwind-service-partners', country: 'GB', adminEmail: 'a@other.example' } });
    expect(expectError(taken, 409, 'CONFLICT').details.field).toBe('slug');
    const again = await staff.req({ method: 'POST', url: '/api/v1/organisations', payload: { name: 'Northwind Service Partners', country: 'GB', adminEmail: 'b@other.example' } });
    expect(again.json().slug).toBe('northwind-service-partners-2');
  });

  it('bad input is refused naming the field: wrong types, bad country, slug, website, unknown fields', async () => {
    const cases: Array<[Json, string]> = [
      [{ name: 42, country: 'GB', adminEmail: 'a@b.example' }, 'name'],
      [{ name: 'Fine', country: 'Britain', adminEmail: 'a@b.example' }, 'country'],
      [{ name: 'Fine', country: 'GB', adminEmail: 'not an address' }, 'adminEmail'],
      [{ name: 'Fine', country: 'GB', adminEmail: 'a@b.example', slug: 'Has Spaces' }, 'slug'],
      [{ name: 'Fine', country: 'GB', adminEmail: 'a@b.example', website: 'http://plain.example' }, 'website'],
      [{ name: 'Fine', country: 'GB', adminEmail: 'a@b.example', extra: 1 }, ''],
    ];
    for (const [payload, field] of cases) {
      const e = expectError(await staff.req({ method: 'POST', url: '/api/v1/organisations', payload }), 400, 'VALIDATION_FAILED');
      expect(JSON.stringify(e.details), JSON.stringify(payload)).toContain(field);
    }
    const nul = await staff.req({ method: 'POST', url: '/api/v1/organisations', payload: { name: 'Bad\u0000Name', country: 'GB', adminEmail: 'a@b.example' } });
    expect(nul.statusCode).toBe(400);
    expect(nul.body).toContain('name');
  });

  it('a member requests an organisation; staff approve it and the requester becomes its administrator, by mail', async () => {
    const asker = await signedInUser(app, 'asker@contoso.example');
    const res = await asker.req({ method: 'POST', url: '/api/v1/organisations/requests', payload: { name: 'Contoso Health IT', country: 'us', website: 'https://contoso.example' } });
    expect(res.statusCode, res.body).toBe(201);
    const o = res.json();
    expect(o).toMatchObject({ status: 'requested', country: 'US', myRole: null });
    // Not yet theirs to run, and not public.
    expectError(await asker.req({ method: 'GET', url: `/api/v1/organisations/${o.id}` }), 404, 'NOT_FOUND');
    expect((await call(app, { method: 'GET', url: `/api/v1/public/organisations/${o.slug}` })).statusCode).toBe(404);
    const listed = (await staff.req({ method: 'GET', url: '/api/v1/organisations?status=requested' })).json();
    expect(listed.organisations.map((x: Json) => x.id)).toEqual([o.id]);
    expect(listed.organisations[0].requestedBy).toEqual({ name: 'asker', email: 'asker@contoso.example' });
    expect((await asker.req({ method: 'GET', url: '/api/v1/organisations' })).json().organisations.map((x: Json) => x.id)).toEqual([o.id]);
    expectError(await asker.req({ method: 'POST', url: `/api/v1/organisations/${o.id}/approve`, payload: {} }), 403, 'FORBIDDEN');

    const approved = await staff.req({ method: 'POST', url: `/api/v1/organisations/${o.id}/approve`, payload: { reason: 'Known employer' } });
    expect(approved.json()).toMatchObject({ status: 'active', decisionReason: 'Known employer' });
    expect((await lastMail(app, 'asker@contoso.example')).subject).toContain('approved');
    expect((await asker.req({ method: 'GET', url: `/api/v1/organisations/${o.id}` })).json().myRole).toBe('admin');
    expect(await rolesOf(asker.user.id)).toContain('employer_admin');
    // Decided once.
    expectError(await staff.req({ method: 'POST', url: `/api/v1/organisations/${o.id}/decline`, payload: { reason: 'Late' } }), 409, 'CONFLICT');
  });

  it('staff decline a request with a reason the requester is mailed; a reason is required', async () => {
    const asker = await signedInUser(app, 'asker@fake.example');
    const o = (await asker.req({ method: 'POST', url: '/api/v1/organisations/requests', payload: { name: 'Fake Recruiters', country: 'GB' } })).json();
    expectError(await staff.req({ method: 'POST', url: `/api/v1/organisations/${o.id}/decline`, payload: { reason: '' } }), 400, 'VALIDATION_FAILED');
    const res = await staff.req({ method: 'POST', url: `/api/v1/organisations/${o.id}/decline`, payload: { reason: 'We could not confirm this employer.' } });
    expect(res.json()).toMatchObject({ status: 'declined' });
    const m = await lastMail(app, 'asker@fake.example');
    expect(m.text_body).toContain('We could not confirm this employer.');
    expect(await rolesOf(asker.user.id)).not.toContain('employer_admin');
    expectError(await staff.req({ method: 'POST', url: '/api/v1/organisations/no-such-id/approve', payload: {} }), 404, 'NOT_FOUND');
  });
});

describe('details, logo and the public profile', () => {
  it('the administrator changes the details; hr may read but not change them', async () => {
    const res = await northwind.admin.req({ method: 'PATCH', url: `/api/v1/organisations/${northwind.id}`, payload: { description: 'IT service management\nfor the north.', website: 'https://northwind.example' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ description: 'IT service management\nfor the north.', website: 'https://northwind.example' });
    expectError(await northwind.admin.req({ method: 'PATCH', url: `/api/v1/organisations/${northwind.id}`, payload: {} }), 400, 'VALIDATION_FAILED');
  });

  it('a PNG logo is stored and served on the public profile; other content is refused by its bytes', async () => {
    const bad = multipart({}, { name: 'logo.png', type: 'image/png', bytes: Buffer.from('%PDF-1.4 not an image') });
    expect((await northwind.admin.req({ method: 'POST', url: `/api/v1/organisations/${northwind.id}/logo`, ...bad })).statusCode).toBe(415);
    expect((await northwind.admin.req({ method: 'POST', url: `/api/v1/organisations/${northwind.id}/logo`, payload: {} })).statusCode).toBe(415);
    const upload = multipart({}, { name: 'logo.png', type: 'image/png', bytes: PNG });
    const res = await northwind.admin.req({ method: 'POST', url: `/api/v1/organisations/${northwind.id}/logo`, ...upload });
    expect(res.statusCode, res.body).toBe(200);
    const logoUrl = res.json().logoUrl as string;
    expect(logoUrl).toMatch(/^\/orgs\/northwind-service-partners\/logo\?v=[0-9a-f]{12}$/);
    const img = await call(app, { method: 'GET', url: logoUrl });
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/png');
    expect(img.rawPayload.equals(PNG)).toBe(true);
  });

  it('anyone reads the public profile, as JSON and as a server-rendered page with schema.org data', async () => {
    const json = await call(app, { method: 'GET', url: '/api/v1/public/organisations/northwind-service-partners' });
    expect(json.json()).toMatchObject({ name: 'Northwind Service Partners', country: 'GB', website: 'https://northwind.example' });
    expect(json.body).not.toContain('david@northwind.example');
    const page = await call(app, { method: 'GET', url: '/orgs/northwind-service-partners', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('"@type":"Organization"');
    // The page itself, rendered by the app's own component: its heading and what it says.
    expect(page.body).toMatch(/<h1[^>]*>Northwind Service Partners<\/h1>/);
    expect(page.body).toContain('https://northwind.example');
    const missing = await call(app, { method: 'GET', url: '/orgs/nobody-here', headers: { accept: 'text/html' } });
    expect(missing.statusCode).toBe(404);
  });
});

describe('domains', () => {
  it('a domain counts as verified only when an administrator opens the link mailed to an address on it', async () => {
    const bad = await northwind.admin.req({ method: 'POST', url: `/api/v1/organisations/${northwind.id}/domains`, payload: { domain: 'not a domain', email: 'it@northwind.example' } });
    expect(JSON.stringify(expectError(bad, 400, 'VALIDATION_FAILED').details)).toContain('domain');
    const off = await northwind.admin.req({ method: 'POST', url: `/api/v1/organisations/${northwind.id}/domains`, payload: { domain: 'northwind.example', email: 'me@gmail.example' } });
    expect(JSON.stringify(expectError(off, 400, 'VALIDATION_FAILED').details)).toContain('body.email');

    const res = await northwind.admin.req({ method: 'POST', url: `/api/v1/organisations/${northwind.id}/domains`, payload: { domain: 'Northwind.Example.', email: 'it@mail.northwind.example' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().domains).toEqual([{ domain: 'northwind.example', verified: false, verifiedAt: null, verifiedEmail: null, pendingEmail: 'it@mail.northwind.example' }]);
    const token = await linkToken(app, 'it@mail.northwind.example', 'domains');

    // Someone who is not its administrator cannot confirm it, even holding the link.
    const stranger = await signedInUser(app, 'it@mail.northwind.example');
    expectError(await stranger.req({ method: 'POST', url: '/api/v1/organisation-domains/verify', payload: { token } }), 404, 'NOT_FOUND');
    const done = await northwind.admin.req({ method: 'POST', url: '/api/v1/organisation-domains/verify', payload: { token } });
    expect(done.json()).toMatchObject({ organisationId: northwind.id, domain: 'northwind.example' });
    expect((await northwind.admin.req({ method: 'GET', url: `/api/v1/organisations/${northwind.id}` })).json().domains[0]).toMatchObject({ verified: true, verifiedEmail: 'it@mail.northwind.example', pendingEmail: null });
    // The link works once.
    expectError(await northwind.admin.req({ method: 'POST', url: '/api/v1/organisation-domains/verify', payload: { token } }), 400, 'INVALID_TOKEN');
    expect((await call(app, { method: 'GET', url: '/api/v1/public/organisations/northwind-service-partners' })).json().verifiedDomains).toEqual(['northwind.example']);
  });

  it('a domain confirmed by one organisation cannot be confirmed by another; an expired link is refused', async () => {
    const other = await activeOrganisation(app, staff, { name: 'Copycat Ltd', adminEmail: 'boss@copycat.example' });
    const taken = await other.admin.req({ method: 'POST', url: `/api/v1/organisations/${other.id}/domains`, payload: { domain: 'northwind.example', email: 'x@northwind.example' } });
    expectError(taken, 409, 'CONFLICT');
    await other.admin.req({ method: 'POST', url: `/api/v1/organisations/${other.id}/domains`, payload: { domain: 'copycat.example', email: 'it@copycat.example' } });
    const token = await linkToken(app, 'it@copycat.example', 'domains');
    app.clock.advance(8 * DAY);
    try {
      expectError(await other.admin.req({ method: 'POST', url: '/api/v1/organisation-domains/verify', payload: { token } }), 400, 'INVALID_TOKEN');
    } finally {
      app.clock.advance(-8 * DAY);
    }
    const removed = await other.admin.req({ method: 'DELETE', url: `/api/v1/organisations/${other.id}/domains/copycat.example` });
    expect(removed.json().domains).toEqual([]);
  });
});

describe('people and invitations', () => {
  it('an administrator invites hr; the invitation is accepted only by the invited address, once', async () => {
    const res = await northwind.admin.req({ method: 'POST', url: `/api/v1/organisations/${northwind.id}/invites`, payload: { email: 'Helen@Northwind.example', role: 'hr' } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().invites[0]).toMatchObject({ email: 'helen@northwind.example', role: 'hr', state: 'pending' });
    const token = await linkToken(app, 'helen@northwind.example', 'invites');
    const wrong = await signedInUser(app, 'wrong@northwind.example');
    expect(expectError(await wrong.req({ method: 'POST', url: '/api/v1/organisation-invites/accept', payload: { token } }), 403, 'FORBIDDEN').message).toContain('helen@northwind.example');
    const helen = await signedInUser(app, 'helen@northwind.example');
    const ok = await helen.req({ method: 'POST', url: '/api/v1/organisation-invites/accept', payload: { token } });
    expect(ok.json()).toEqual({ organisationId: northwind.id, name: 'Northwind Service Partners', role: 'hr' });
    expectError(await helen.req({ method: 'POST', url: '/api/v1/organisation-invites/accept', payload: { token } }), 400, 'INVALID_TOKEN');
    expectError(await helen.req({ method: 'POST', url: '/api/v1/organisation-invites/accept', payload: { token: 'made-up-token-000000' } }), 400, 'INVALID_TOKEN');
    // hr sees colleagues but not invitations, and cannot invite.
    const seen = (await helen.req({ method: 'GET', url: `/api/v1/organisations/${northwind.id}/people` })).json();
    expect(seen.people.map((x: Json) => x.email).sort()).toEqual(['david@northwind.example', 'helen@northwind.example']);
    expect(seen.invites).toEqual([]);
    const refused = await helen.req({ method: 'POST', url: `/api/v1/organisations/${northwind.id}/invites`, payload: { email: 'x@northwind.example', role: 'admin' } });
    expect(expectError(refused, 403, 'FORBIDDEN').details.requiredOrganisationRoles).toEqual(['admin']);
    // Already on the staff.
    expectError(await northwind.admin.req({ method: 'POST', url: `/api/v1/organisations/${northwind.id}/invites`, payload: { email: 'helen@northwind.example', role: 'admin' } }), 409, 'CONFLICT');
    expectError(await northwind.admin.req({ method: 'POST', url: `/api/v1/organisations/${northwind.id}/invites`, payload: { email: 'x@northwind.example', role: 'owner' } }), 400, 'VALIDATION_FAILED');
  });

  it('an invitation expires after 14 days; a revoked one cannot be accepted', async () => {
    await northwind.admin.req({ method: 'POST', url: `/api/v1/organisations/${northwind.id}/invites`, payload: { email: 'late@northwind.example', role: 'line_manager' } });
    const lateToken = await linkToken(app, 'late@northwind.example', 'invites');
    await signedInUser(app, 'late@northwind.example');
    app.clock.advance(15 * DAY);
    try {
      const late = await signIn(app, 'late@northwind.example');
      expectError(await late.req({ method: 'POST', url: '/api/v1/organisation-invites/accept', payload: { token: lateToken } }), 400, 'INVALID_TOKEN');
      const admin = await signIn(app, 'david@northwind.example');
      const list = (await admin.req({ method: 'GET', url: `/api/v1/organisations/${northwind.id}/people` })).json();
      expect(list.invites.find((i: Json) => i.email === 'late@northwind.example').state).toBe('expired');
    } finally {
      app.clock.advance(-15 * DAY);
    }
    const sent = await northwind.admin.req({ method: 'POST', url: `/api/v1/organisations/${northwind.id}/invites`, payload: { email: 'gone@northwind.example', role: 'hr' } });
    const invite = sent.json().invites.find((i: Json) => i.email === 'gone@northwind.example');
    const token = await linkToken(app, 'gone@northwind.example', 'invites');
    const revoked = await northwind.admin.req({ method: 'DELETE', url: `/api/v1/organisations/${northwind.id}/invites/${invite.id}` });
    expect(revoked.json().invites.find((i: Json) => i.id === invite.id).state).toBe('revoked');
    expectError(await northwind.admin.req({ method: 'DELETE', url: `/api/v1/organisations/${northwind.id}/invites/${invite.id}` }), 409, 'CONFLICT');
    const gone = await signedInUser(app, 'gone@northwind.example');
    expectError(await gone.req({ method: 'POST', url: '/api/v1/organisation-invites/accept', payload: { token } }), 400, 'INVALID_TOKEN');
    expect((await mailsTo(app, 'gone@northwind.example')).length).toBe(1);
  });

  it('roles change and people leave, never the last administrator; employer_admin goes with the last organisation', async () => {
    const people = (await northwind.admin.req({ method: 'GET', url: `/api/v1/organisations/${northwind.id}/people` })).json().people as Json[];
    const helen = people.find((x) => x.email === 'helen@northwind.example') as Json;
    expectError(await northwind.admin.req({ method: 'PUT', url: `/api/v1/organisations/${northwind.id}/people/${northwind.admin.id}`, payload: { role: 'hr' } }), 409, 'CONFLICT');
    expectError(await northwind.admin.req({ method: 'DELETE', url: `/api/v1/organisations/${northwind.id}/people/${northwind.admin.id}` }), 409, 'CONFLICT');
    expectError(await northwind.admin.req({ method: 'PUT', url: `/api/v1/organisations/${northwind.id}/people/nobody`, payload: { role: 'hr' } }), 404, 'NOT_FOUND');

    const promoted = await northwind.admin.req({ method: 'PUT', url: `/api/v1/organisations/${northwind.id}/people/${helen.userId}`, payload: { role: 'admin' } });
    expect(promoted.json().people.find((x: Json) => x.userId === helen.userId).role).toBe('admin');
    expect((await auditEntries(app, 'organisation.role_changed')).at(-1)?.details).toMatchObject({ userId: helen.userId, from: 'hr', to: 'admin' });
    // Now David may step down, and Helen may remove him.
    await northwind.admin.req({ method: 'PUT', url: `/api/v1/organisations/${northwind.id}/people/${northwind.admin.id}`, payload: { role: 'line_manager' } });
    const removed = await staff.req({ method: 'DELETE', url: `/api/v1/organisations/${northwind.id}/people/${helen.userId}` });
    expect(removed.statusCode).toBe(404); // staff administer organisations, not their people
    expect(await rolesOf(helen.userId)).toContain('employer_admin');
    const left = await northwind.admin.req({ method: 'DELETE', url: `/api/v1/organisations/${northwind.id}/people/${northwind.admin.id}` });
    expect(left.statusCode, left.body).toBe(200);
    expect(await rolesOf(northwind.admin.id)).not.toContain('employer_admin');
    expectError(await northwind.admin.req({ method: 'GET', url: `/api/v1/organisations/${northwind.id}` }), 404, 'NOT_FOUND');
  });
});
