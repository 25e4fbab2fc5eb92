import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiScope } from '../../contracts/accounts.js';
import { newId } from '../../server/platform/ids.js';
import { randomToken, sha256 } from '../../server/platform/secrets.js';
import { type Browser, call, expectError, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { approvedProvider, holdCredential } from '../cpd/standards-support.js';
import { withDefaultScheme } from '../portfolio/support.js';

/* Token scopes and caching, as declared beside each route and enforced by the auth hook (decision 0011). */

let app: TestApp;
let member: Browser & { id: string };
let assessor: Browser & { id: string };
let admin: Browser & { id: string };
let credentialId: string;

/** A token as createApiToken writes it, with exactly these scopes. */
async function token(userId: string, scopes: ApiScope[]): Promise<string> {
  const t = `gh_${randomToken(32)}`;
  await app.platform.database.db
    .insertInto('api_tokens')
    .values({ id: newId(), user_id: userId, name: scopes.join(' '), token_hash: sha256(t), prefix: t.slice(0, 10), scopes: JSON.stringify(scopes), created_at: app.clock.now().toISOString(), expires_at: null, last_used_at: null, revoked_at: null })
    .execute();
  return t;
}
const bearer = (t: string, method: 'GET' | 'POST', url: string, payload?: object) => call(app, { method, url, headers: { authorization: `Bearer ${t}` }, ...(payload ? { payload } : {}) });

beforeAll(async () => {
  app = await testApp();
  const { versionId } = await withDefaultScheme(app);
  member = await signedInUser(app, 'member@example.org');
  assessor = await signedInUser(app, 'assessor@example.org', ['assessor']);
  admin = await signedInUser(app, 'admin@example.org', ['scheme_admin']);
  credentialId = await holdCredential(app, versionId, member.id, '2025-11-01');
  await approvedProvider(admin, 'acme', [{ code: 'A1', type: 'training', title: 'A course', hours: 1 }], ['member@example.org']);
});
afterAll(async () => {
  await app?.close();
});

describe('token scopes, from the declarations', () => {
  it('reviewAuditActivity needs the admin scope: an assessor’s cpd:read token is refused before anything is loaded', async () => {
    const t = await token(assessor.id, ['cpd:read', 'cpd:write']);
    const err = expectError(await bearer(t, 'POST', `/api/v1/cpd/audits/${newId()}/items/${newId()}/review`, { decision: 'accept' }), 403, 'FORBIDDEN');
    expect(err.details).toEqual({ requiredScope: 'admin' });
    expect(err.message).toContain('"admin"');
  });

  it('listCpdProviders needs cpd:import (or admin); every provider with its users is for an administrator’s admin scope only', async () => {
    const reader = await token(admin.id, ['cpd:read']);
    expect(expectError(await bearer(reader, 'GET', '/api/v1/cpd/providers'), 403, 'FORBIDDEN').details).toEqual({ requiredScope: 'cpd:import', orScope: 'admin' });
    // The scheme administrator's cpd:import token answers only the providers they import for: none, and no one's e-mail.
    const importer = await bearer(await token(admin.id, ['cpd:import']), 'GET', '/api/v1/cpd/providers');
    expect(importer.statusCode, importer.body).toBe(200);
    expect(importer.json().items).toEqual([]);
    expect(importer.body).not.toContain('member@example.org');
    const full = await bearer(await token(admin.id, ['admin']), 'GET', '/api/v1/cpd/providers');
    expect(full.json().items[0].users).toEqual([expect.objectContaining({ email: 'member@example.org' })]);
    // The provider's own user sees their provider, without its users.
    const own = await bearer(await token(member.id, ['cpd:import']), 'GET', '/api/v1/cpd/providers');
    expect(own.json().items.map((p: { slug: string; users: unknown[] }) => [p.slug, p.users])).toEqual([['acme', []]]);
  });

  it('credentials:read guards the member’s own credentials: the list, and their name on an unlisted credential', async () => {
    const account = await token(member.id, ['account:read']);
    expect(expectError(await bearer(account, 'GET', '/api/v1/credentials/mine'), 403, 'FORBIDDEN').details).toEqual({ requiredScope: 'credentials:read' });
    expect((await call(app, { method: 'HEAD', url: '/api/v1/credentials/mine', headers: { authorization: `Bearer ${account}` } })).statusCode).toBe(403);
    const reader = await token(member.id, ['credentials:read']);
    const mine = await bearer(reader, 'GET', '/api/v1/credentials/mine');
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.body).toContain(credentialId);
    // The public answer names an unlisted holder to the holder only: a token of theirs needs credentials:read.
    expect((await bearer(account, 'GET', `/api/v1/credentials/${credentialId}`)).json().holderName).toBeNull();
    expect((await bearer(reader, 'GET', `/api/v1/credentials/${credentialId}`)).json().holderName).toBe('member');
    expect((await member.req({ method: 'GET', url: `/api/v1/credentials/${credentialId}` })).json().holderName).toBe('member');
  });

  it('issueCredential needs credentials:issue', async () => {
    const t = await token(admin.id, ['credentials:read', 'admin']);
    expect(expectError(await bearer(t, 'POST', '/vc-api/credentials/issue', { credential: {} }), 403, 'FORBIDDEN').details).toEqual({ requiredScope: 'credentials:issue' });
  });

  it('schemes:read guards reading the schemes with a token', async () => {
    expect(expectError(await bearer(await token(member.id, ['account:read']), 'GET', '/api/v1/schemes'), 403, 'FORBIDDEN').details).toEqual({ requiredScope: 'schemes:read' });
    expect((await bearer(await token(member.id, ['schemes:read']), 'GET', '/api/v1/schemes')).statusCode).toBe(200);
  });

  it('refuses before validating: a token without the scope, or no sign-in, learns nothing from a bad body', async () => {
    const t = await token(member.id, ['cpd:read']);
    expect(expectError(await bearer(t, 'POST', '/api/v1/me/cpd/activities', { nonsense: true }), 403, 'FORBIDDEN').details).toEqual({ requiredScope: 'cpd:write' });
    expectError(await call(app, { method: 'POST', url: '/api/v1/me/cpd/activities', payload: { nonsense: true } }), 401, 'NOT_AUTHENTICATED');
    // A member's session is refused a staff-only operation by its declared role, body or not.
    expect(expectError(await member.req({ method: 'POST', url: '/api/v1/cpd/providers', payload: { nonsense: true } }), 403, 'FORBIDDEN').details).toEqual({ requiredRoles: ['scheme_admin'] });
  });

  it('operations for a browser session refuse every token', async () => {
    const t = await token(member.id, ['account:read', 'account:write']);
    const err = expectError(await bearer(t, 'POST', '/api/v1/me/password', { currentPassword: 'x', newPassword: 'a new long passphrase 2026' }), 403, 'FORBIDDEN');
    expect(err.details).toEqual({ sessionOnly: true });
  });
});

describe('Cache-Control on API answers', () => {
  it('no-store on every signed-in answer, by session or token, errors included', async () => {
    expect((await member.req({ method: 'GET', url: '/api/v1/me' })).headers['cache-control']).toBe('no-store');
    expect((await bearer(await token(member.id, ['account:read']), 'GET', '/api/v1/me')).headers['cache-control']).toBe('no-store');
    expect((await member.req({ method: 'GET', url: `/api/v1/me/cpd/activities/${newId()}` })).headers['cache-control']).toBe('no-store');
    // A public answer to a signed-in caller may be personal (the holder's own name): not stored either.
    expect((await member.req({ method: 'GET', url: `/api/v1/credentials/${credentialId}` })).headers['cache-control']).toBe('no-store');
    // An answer that chose private, no-store keeps it.
    expect((await member.req({ method: 'GET', url: '/api/v1/me/cpd/export?format=csv' })).headers['cache-control']).toBe('private, no-store');
  });

  it('no-store on signed-out API answers too, unless the operation chose its own caching', async () => {
    expect((await call(app, { method: 'GET', url: '/api/v1/me' })).headers['cache-control']).toBe('no-store');
    expect((await call(app, { method: 'GET', url: '/api/v1/register/levels' })).headers['cache-control']).toBe('no-store');
    expect((await call(app, { method: 'GET', url: '/.well-known/did.json' })).headers['cache-control']).toBe('public, max-age=60');
    expect((await call(app, { method: 'GET', url: '/badges/member.svg' })).headers['cache-control']).toBe('public, max-age=3600');
    expect((await call(app, { method: 'GET', url: '/issuer' })).headers['cache-control']).toBe('public, max-age=300');
    // Public documents are the same for everyone, signed in or not.
    expect((await call(app, { method: 'GET', url: '/badges/member.svg', cookies: { gh_session: member.cookie } })).headers['cache-control']).toBe('public, max-age=3600');
  });
});
