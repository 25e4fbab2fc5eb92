import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../server/platform/clock.js';
import { auditEntries, type Browser, call, expectError, lastMail, PASSWORD, signedInUser, tokenFromText } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';

let app: TestApp;
let owner: Browser & { id: string };
beforeAll(async () => {
  app = await testApp();
  owner = await signedInUser(app, 'owner@example.org');
});
afterAll(async () => {
  await app?.close();
});

const create = (b: Browser, payload: Record<string, unknown>) => b.req({ method: 'POST', url: '/api/v1/me/api-tokens', payload: { currentPassword: PASSWORD, ...payload } });
const withToken = (token: string, method: 'GET' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  call(app, { method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });

describe('createApiToken, listApiTokens, revokeApiToken', () => {
  it('shows the token once; it works as Bearer; the list never shows it again', async () => {
    const res = await create(owner, { name: 'reporting', scopes: ['account:read'] });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({ name: 'reporting', scopes: ['account:read'], expiresAt: null, token: expect.stringMatching(/^gh_/) });
    expect(created.token.startsWith(created.prefix)).toBe(true);

    const meRes = await withToken(created.token, 'GET', '/api/v1/me');
    expect(meRes.statusCode).toBe(200);
    expect(meRes.json()).toMatchObject({ id: owner.id, csrfToken: null });

    const list = await owner.req({ method: 'GET', url: '/api/v1/me/api-tokens' });
    expect(list.statusCode).toBe(200);
    const entry = list.json().tokens.find((t: { id: string }) => t.id === created.id);
    expect(entry).toMatchObject({ name: 'reporting', prefix: created.prefix });
    expect(list.body).not.toContain(created.token);
    expect(entry).not.toHaveProperty('token');
    expect(entry).not.toHaveProperty('token_hash');
    // Stored hashed only.
    const stored = await app.platform.database.db.selectFrom('api_tokens').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(created.token.slice(3));
    expect((await auditEntries(app, 'api_token.created')).map((e) => e.subject_id)).toContain(created.id);
  });

  it('enforces scopes: a token without account:read gets 403 on getCurrentUser', async () => {
    const { token } = (await create(owner, { name: 'writer', scopes: ['account:write'] })).json();
    const err = expectError(await withToken(token, 'GET', '/api/v1/me'), 403, 'FORBIDDEN');
    expect(err.details.requiredScope).toBe('account:read');
    // updateProfile answers with the profile, so it needs account:read too, and changes nothing without it.
    expectError(await withToken(token, 'PATCH', '/api/v1/me', { name: 'Written' }), 403, 'FORBIDDEN');
    expect((await owner.req({ method: 'GET', url: '/api/v1/me' })).json().name).toBe('owner');
    const { token: rw } = (await create(owner, { name: 'rw', scopes: ['account:write', 'account:read'] })).json();
    expect((await withToken(rw, 'PATCH', '/api/v1/me', { name: 'Written' })).json().name).toBe('Written');
  });

  it('refuses the admin scope to a non-admin, and grants it to a system administrator', async () => {
    const err = expectError(await create(owner, { name: 'sneaky', scopes: ['account:read', 'admin'] }), 403, 'FORBIDDEN');
    expect(err.details.fields.scopes).toEqual(['admin']);
    const admin = await signedInUser(app, 'root@example.org', ['system_admin']);
    const res = await create(admin, { name: 'ops', scopes: ['admin'] });
    expect(res.statusCode).toBe(201);
    expect((await withToken(res.json().token, 'GET', '/api/v1/admin/users')).statusCode).toBe(200);
    // An admin token without account:read still cannot read the profile.
    expect((await withToken(res.json().token, 'GET', '/api/v1/me')).statusCode).toBe(403);
  });

  it('a token of an administrator without the admin scope cannot administer', async () => {
    const admin = await signedInUser(app, 'root2@example.org', ['system_admin']);
    const { token } = (await create(admin, { name: 'read only', scopes: ['account:read'] })).json();
    expectError(await withToken(token, 'GET', '/api/v1/admin/users'), 403, 'FORBIDDEN');
  });

  it('cannot create tokens with a token (only from a browser session)', async () => {
    const { token } = (await create(owner, { name: 'all', scopes: ['account:read', 'account:write'] })).json();
    const res = await call(app, { method: 'POST', url: '/api/v1/me/api-tokens', headers: { authorization: `Bearer ${token}` }, payload: { name: 'child', scopes: ['account:read'], currentPassword: PASSWORD } });
    expectError(res, 403, 'FORBIDDEN');
  });

  it('revoking someone else’s token answers 404 and leaves it working', async () => {
    const other = await signedInUser(app, 'other@example.org');
    const theirs = (await create(other, { name: 'theirs', scopes: ['account:read'] })).json();
    expectError(await owner.req({ method: 'DELETE', url: `/api/v1/me/api-tokens/${theirs.id}` }), 404, 'NOT_FOUND');
    expectError(await owner.req({ method: 'DELETE', url: '/api/v1/me/api-tokens/no-such-token' }), 404, 'NOT_FOUND');
    expect((await withToken(theirs.token, 'GET', '/api/v1/me')).statusCode).toBe(200);
  });

  it('a revoked token answers 401 and leaves the list', async () => {
    const t = (await create(owner, { name: 'short-lived', scopes: ['account:read'] })).json();
    expectError(await owner.req({ method: 'DELETE', url: `/api/v1/me/api-tokens/${t.id}`, csrf: null }), 403, 'CSRF_FAILED');
    const res = await owner.req({ method: 'DELETE', url: `/api/v1/me/api-tokens/${t.id}` });
    expect(res.statusCode).toBe(200);
    expectError(await withToken(t.token, 'GET', '/api/v1/me'), 401, 'NOT_AUTHENTICATED');
    const list = (await owner.req({ method: 'GET', url: '/api/v1/me/api-tokens' })).json();
    expect(list.tokens.map((x: { id: string }) => x.id)).not.toContain(t.id);
    expectError(await owner.req({ method: 'DELETE', url: `/api/v1/me/api-tokens/${t.id}` }), 404, 'NOT_FOUND');
    expect((await auditEntries(app, 'api_token.revoked')).map((e) => e.subject_id)).toContain(t.id);
  });

  it('an expired token answers 401', async () => {
    const t = (await create(owner, { name: 'a week', scopes: ['account:read'], expiresInDays: 7 })).json();
    expect(t.expiresAt).toBe(new Date(app.clock.now().getTime() + 7 * DAY).toISOString());
    expect((await withToken(t.token, 'GET', '/api/v1/me')).statusCode).toBe(200);
    app.clock.advance(7 * DAY);
    expectError(await withToken(t.token, 'GET', '/api/v1/me'), 401, 'NOT_AUTHENTICATED');
    app.clock.advance(-7 * DAY);
  });

  it('an unknown or malformed Bearer token answers 401, even on open routes', async () => {
    expectError(await withToken(`gh_${'a'.repeat(43)}`, 'GET', '/api/v1/me'), 401, 'NOT_AUTHENTICATED');
    expectError(await call(app, { method: 'GET', url: '/api/v1/me', headers: { authorization: 'Bearer nonsense' } }), 401, 'NOT_AUTHENTICATED');
  });

  it('refuses unknown scopes and bad bodies with field errors', async () => {
    const err = expectError(await create(owner, { name: 'x', scopes: ['everything'] }), 400, 'VALIDATION_FAILED');
    expect(err.details.issues[0].path).toMatch(/^body\.scopes/);
    const none = expectError(await create(owner, { name: 'x', scopes: [] }), 400, 'VALIDATION_FAILED');
    expect(none.details.issues[0].path).toBe('body.scopes');
  });
});

describe('tokens stand for the password', () => {
  const NEW = 'a brand new passphrase 2027';
  async function tokensOf(b: Browser, names: string[]) {
    const out: Array<{ id: string; name: string; prefix: string; token: string }> = [];
    for (const name of names) out.push((await create(b, { name, scopes: ['account:read'] })).json());
    for (const t of out) expect((await withToken(t.token, 'GET', '/api/v1/me')).statusCode).toBe(200);
    return out;
  }
  const revokedFor = async (reason: string) => (await auditEntries(app, 'api_token.revoked')).filter((e) => e.details.reason === reason).map((e) => e.subject_id);

  it('creating a token asks for the current password', async () => {
    const u = await signedInUser(app, 'careful@example.org');
    const missing = expectError(await u.req({ method: 'POST', url: '/api/v1/me/api-tokens', payload: { name: 'x', scopes: ['account:read'] } }), 400, 'VALIDATION_FAILED');
    expect(missing.details.issues).toEqual([{ path: 'body.currentPassword', message: 'Enter your current password' }]);
    const wrong = expectError(await u.req({ method: 'POST', url: '/api/v1/me/api-tokens', payload: { name: 'x', scopes: ['account:read'], currentPassword: 'not my password' } }), 401, 'INVALID_CREDENTIALS');
    expect(wrong).toMatchObject({ message: 'Your current password is incorrect.', details: { fields: { currentPassword: ['Incorrect password'] } } });
    expect((await u.req({ method: 'GET', url: '/api/v1/me/api-tokens' })).json().tokens).toEqual([]);
  });

  it('a password change revokes every token, says which, and mails the list', async () => {
    const u = await signedInUser(app, 'changing@example.org');
    const [a, b] = await tokensOf(u, ['backup job', 'reporting']);
    const res = await u.req({ method: 'POST', url: '/api/v1/me/password', payload: { currentPassword: PASSWORD, newPassword: NEW } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('ok');
    expect(res.json().revokedApiTokens.sort((x: { name: string }, y: { name: string }) => x.name.localeCompare(y.name))).toEqual([
      { id: a!.id, name: 'backup job', prefix: a!.prefix },
      { id: b!.id, name: 'reporting', prefix: b!.prefix },
    ]);
    for (const t of [a!, b!]) expectError(await withToken(t.token, 'GET', '/api/v1/me'), 401, 'NOT_AUTHENTICATED');
    expect((await u.req({ method: 'GET', url: '/api/v1/me/api-tokens' })).json().tokens).toEqual([]);
    const mail = await lastMail(app, 'changing@example.org');
    expect(mail.template).toBe('password_changed');
    expect(mail.text_body).toContain(`- backup job (${a!.prefix}…)`);
    expect(mail.text_body).toContain(`- reporting (${b!.prefix}…)`);
    expect(await revokedFor('password_changed')).toEqual(expect.arrayContaining([a!.id, b!.id]));
    // A token made afterwards, with the new password, works.
    const fresh = (await u.req({ method: 'POST', url: '/api/v1/me/api-tokens', payload: { name: 'again', scopes: ['account:read'], currentPassword: NEW } })).json();
    expect((await withToken(fresh.token, 'GET', '/api/v1/me')).statusCode).toBe(200);
  });

  it('a password reset revokes every token and says which in the answer and the mail', async () => {
    const u = await signedInUser(app, 'forgot@example.org');
    const [a] = await tokensOf(u, ['ci']);
    await call(app, { method: 'POST', url: '/api/v1/auth/password-reset/request', payload: { email: 'forgot@example.org' } });
    const token = tokenFromText((await lastMail(app, 'forgot@example.org')).text_body, '/reset-password');
    const res = await call(app, { method: 'POST', url: '/api/v1/auth/password-reset', payload: { token, password: NEW } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', revokedApiTokens: [{ id: a!.id, name: 'ci', prefix: a!.prefix }] });
    expectError(await withToken(a!.token, 'GET', '/api/v1/me'), 401, 'NOT_AUTHENTICATED');
    expect((await lastMail(app, 'forgot@example.org')).text_body).toContain(`- ci (${a!.prefix}…)`);
    expect(await revokedFor('password_reset')).toContain(a!.id);
  });

  it('disabling an account revokes its tokens for good: re-enabled, they still answer 401', async () => {
    const u = await signedInUser(app, 'suspended@example.org');
    const [a] = await tokensOf(u, ['sync']);
    const root = await signedInUser(app, 'root3@example.org', ['system_admin']);
    const status = (s: string) => root.req({ method: 'PUT', url: `/api/v1/admin/users/${u.id}/status`, payload: { status: s } });
    expect((await status('disabled')).statusCode).toBe(200);
    expectError(await withToken(a!.token, 'GET', '/api/v1/me'), 401, 'NOT_AUTHENTICATED');
    expect((await status('active')).statusCode).toBe(200);
    expectError(await withToken(a!.token, 'GET', '/api/v1/me'), 401, 'NOT_AUTHENTICATED');
    expect(await revokedFor('account_disabled')).toEqual([a!.id]);
    expect((await auditEntries(app, 'account.disabled')).at(-1)?.details).toEqual({ revokedApiTokens: 1 });
  });
});
