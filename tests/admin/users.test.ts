import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntries, type Browser, call, expectError, makeUser, PASSWORD, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';

let app: TestApp;
let admin: Browser & { id: string };
let member: Browser & { id: string };
beforeAll(async () => {
  app = await testApp();
  admin = await signedInUser(app, 'admin@example.org', ['system_admin']);
  member = await signedInUser(app, 'member@example.org');
});
afterAll(async () => {
  await app?.close();
});

const roleUrl = (id: string, role: string) => `/api/v1/admin/users/${id}/roles/${role}`;
const me = (cookie: string) => call(app, { method: 'GET', url: '/api/v1/me', cookies: { gh_session: cookie } });

describe('administration is for system administrators only', () => {
  it.each([
    ['GET', '/api/v1/admin/users'],
    ['GET', '/api/v1/admin/audit-log'],
    ['PUT', '/api/v1/admin/users/x/roles/assessor'],
    ['DELETE', '/api/v1/admin/users/x/roles/assessor'],
  ] as const)('%s %s: 401 signed out, 403 for a member', async (method, url) => {
    expectError(await call(app, { method, url }), 401, 'NOT_AUTHENTICATED');
    expectError(await member.req({ method, url }), 403, 'FORBIDDEN');
  });

  it('setUserStatus: 403 for a member, who stays unable to disable others', async () => {
    const res = await member.req({ method: 'PUT', url: `/api/v1/admin/users/${admin.id}/status`, payload: { status: 'disabled' } });
    expectError(res, 403, 'FORBIDDEN');
    expect((await me(admin.cookie)).statusCode).toBe(200);
  });
});

describe('listUsers', () => {
  it('finds users by name or e-mail and by role, with a total for paging', async () => {
    await makeUser(app, { email: 'zed.assessor@example.org', name: 'Zed Assessor', roles: ['assessor'] });
    await makeUser(app, { email: 'yve@example.org', name: 'Yve Organiser', roles: ['event_organiser'] });
    const all = (await admin.req({ method: 'GET', url: '/api/v1/admin/users?limit=2' })).json();
    expect(all.total).toBeGreaterThanOrEqual(4);
    expect(all.users).toHaveLength(2);
    const byName = (await admin.req({ method: 'GET', url: '/api/v1/admin/users?q=ZED' })).json();
    expect(byName.users.map((u: { email: string }) => u.email)).toEqual(['zed.assessor@example.org']);
    expect(byName.users[0]).toMatchObject({ name: 'Zed Assessor', status: 'active', emailVerified: true, roles: ['assessor', 'member'] });
    expect(byName.users[0]).not.toHaveProperty('password_hash');
    const byRole = (await admin.req({ method: 'GET', url: '/api/v1/admin/users?role=event_organiser' })).json();
    expect(byRole).toMatchObject({ total: 1, users: [{ email: 'yve@example.org' }] });
    expectError(await admin.req({ method: 'GET', url: '/api/v1/admin/users?role=emperor' }), 400, 'VALIDATION_FAILED');
    expectError(await admin.req({ method: 'GET', url: '/api/v1/admin/users?limit=5000' }), 400, 'VALIDATION_FAILED');
  });

  it('treats LIKE wildcards in the search as plain text', async () => {
    const res = (await admin.req({ method: 'GET', url: `/api/v1/admin/users?q=${encodeURIComponent('%')}` })).json();
    expect(res.users.length).toBe(res.total);
  });
});

describe('grantRole and revokeRole', () => {
  it('grants a role that takes effect on the user’s next request, and audits it', async () => {
    const u = await signedInUser(app, 'promote@example.org');
    const res = await admin.req({ method: 'PUT', url: roleUrl(u.id, 'assessor') });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().roles).toEqual(['assessor', 'member']);
    expect((await me(u.cookie)).json().roles).toEqual(['assessor', 'member']);
    // Granting twice is harmless.
    expect((await admin.req({ method: 'PUT', url: roleUrl(u.id, 'assessor') })).json().roles).toEqual(['assessor', 'member']);
    const entries = await auditEntries(app, 'role.granted');
    expect(entries.find((e) => e.subject_id === u.id)).toMatchObject({ actor_id: admin.id, details: { role: 'assessor' } });

    const revoked = await admin.req({ method: 'DELETE', url: roleUrl(u.id, 'assessor') });
    expect(revoked.json().roles).toEqual(['member']);
    expect((await me(u.cookie)).json().roles).toEqual(['member']);
    expect((await auditEntries(app, 'role.revoked')).find((e) => e.subject_id === u.id)).toMatchObject({ details: { role: 'assessor' } });
  });

  it('refuses unknown users and roles', async () => {
    expectError(await admin.req({ method: 'PUT', url: roleUrl('01900000-0000-7000-8000-000000000000', 'assessor') }), 404, 'NOT_FOUND');
    const bad = expectError(await admin.req({ method: 'PUT', url: roleUrl(member.id, 'overlord') }), 400, 'VALIDATION_FAILED');
    expect(bad.details.issues[0].path).toBe('params.role');
  });

  it('a member cannot grant themselves a role', async () => {
    expectError(await member.req({ method: 'PUT', url: roleUrl(member.id, 'system_admin') }), 403, 'FORBIDDEN');
    expect((await me(member.cookie)).json().roles).toEqual(['member']);
  });

  it('never removes the last system administrator', async () => {
    expectError(await admin.req({ method: 'DELETE', url: roleUrl(admin.id, 'system_admin') }), 409, 'CONFLICT');
    expect((await me(admin.cookie)).json().roles).toContain('system_admin');
    const second = await signedInUser(app, 'second.admin@example.org', ['system_admin']);
    const res = await second.req({ method: 'DELETE', url: roleUrl(admin.id, 'system_admin') });
    expect(res.statusCode, res.body).toBe(200);
    expectError(await second.req({ method: 'DELETE', url: roleUrl(second.id, 'system_admin') }), 409, 'CONFLICT');
    // Restore for the other tests.
    expect((await second.req({ method: 'PUT', url: roleUrl(admin.id, 'system_admin') })).statusCode).toBe(200);
  });
});

describe('setUserStatus', () => {
  it('disabling ends the user’s sessions and tokens and stops sign-in; enabling restores sign-in', async () => {
    const u = await signedInUser(app, 'troublesome@example.org');
    const token = (await u.req({ method: 'POST', url: '/api/v1/me/api-tokens', payload: { currentPassword: PASSWORD, name: 't', scopes: ['account:read'] } })).json().token;
    const res = await admin.req({ method: 'PUT', url: `/api/v1/admin/users/${u.id}/status`, payload: { status: 'disabled' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('disabled');
    expectError(await me(u.cookie), 401, 'NOT_AUTHENTICATED');
    expectError(await call(app, { method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } }), 401, 'NOT_AUTHENTICATED');
    const signIn = () => call(app, { method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'troublesome@example.org', password: PASSWORD } });
    expectError(await signIn(), 403, 'ACCOUNT_DISABLED');
    expect((await auditEntries(app, 'account.disabled')).map((e) => e.subject_id)).toContain(u.id);

    expect((await admin.req({ method: 'PUT', url: `/api/v1/admin/users/${u.id}/status`, payload: { status: 'active' } })).json().status).toBe('active');
    expect((await signIn()).statusCode).toBe(200);
    expect((await auditEntries(app, 'account.enabled')).map((e) => e.subject_id)).toContain(u.id);
  });

  it('an administrator cannot disable their own account', async () => {
    expectError(await admin.req({ method: 'PUT', url: `/api/v1/admin/users/${admin.id}/status`, payload: { status: 'disabled' } }), 409, 'CONFLICT');
    expect((await me(admin.cookie)).statusCode).toBe(200);
  });

  it('refuses an unknown status with the field named', async () => {
    const err = expectError(await admin.req({ method: 'PUT', url: `/api/v1/admin/users/${member.id}/status`, payload: { status: 'banished' } }), 400, 'VALIDATION_FAILED');
    expect(err.details.issues[0].path).toBe('body.status');
  });
});
