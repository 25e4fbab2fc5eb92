import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, expectError, PASSWORD, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';

let app: TestApp;
beforeAll(async () => {
  app = await testApp();
});
afterAll(async () => {
  await app?.close();
});

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  call(app, { method: 'POST', url, payload: payload as string, headers: { 'content-type': 'application/json', ...headers } });

describe('request validation', () => {
  it('an unknown field answers 400 naming the field', async () => {
    const err = expectError(await post('/api/v1/auth/sign-in', { email: 'a@example.org', password: PASSWORD, isAdmin: true }), 400, 'VALIDATION_FAILED');
    expect(err.details.issues).toContainEqual({ path: 'body.isAdmin', message: expect.stringContaining('isAdmin') });
    expect(err.message).toContain('isAdmin');
  });

  it('wrong types answer 400 with the path of each field', async () => {
    const err = expectError(await post('/api/v1/auth/sign-up', { email: 42, name: ['x'], password: PASSWORD }), 400, 'VALIDATION_FAILED');
    const paths = err.details.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['body.email', 'body.name']));
    const b = await signedInUser(app, 'types@example.org');
    const nested = expectError(await b.req({ method: 'POST', url: '/api/v1/me/api-tokens', payload: { currentPassword: PASSWORD, name: 'n', scopes: ['account:read', 7] } }), 400, 'VALIDATION_FAILED');
    expect(nested.details.issues[0].path).toBe('body.scopes.1');
  });

  it('a missing body answers 400', async () => {
    expectError(await call(app, { method: 'POST', url: '/api/v1/auth/sign-in', headers: { 'content-type': 'application/json' } }), 400, 'VALIDATION_FAILED');
  });

  it('malformed JSON answers 400 INVALID_JSON', async () => {
    expectError(await post('/api/v1/auth/sign-in', '{"email": "a@example.org", '), 400, 'INVALID_JSON');
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'application/xml'])('%s answers 415', async (type) => {
    const res = await call(app, { method: 'POST', url: '/api/v1/auth/sign-in', payload: 'email=a%40example.org&password=x', headers: { 'content-type': type } });
    expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('a body over BODY_LIMIT_BYTES answers 413', async () => {
    const big = JSON.stringify({ email: 'a@example.org', password: 'x'.repeat(app.config.bodyLimitBytes) });
    expectError(await post('/api/v1/auth/sign-in', big), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('a smaller BODY_LIMIT_BYTES is honoured', async () => {
    const small = await testApp({ env: { BODY_LIMIT_BYTES: '200' } });
    try {
      const payload = JSON.stringify({ email: 'a@example.org', name: 'n'.repeat(150), password: PASSWORD });
      const res = await small.app.inject({ method: 'POST', url: '/api/v1/auth/sign-up', payload, headers: { 'content-type': 'application/json' } });
      expectError(res, 413, 'PAYLOAD_TOO_LARGE');
    } finally {
      await small.close();
    }
  });

  it.each([
    { what: 'a 300-character password at sign-in', url: '/api/v1/auth/sign-in', body: { email: 'a@example.org', password: 'p'.repeat(300) }, field: 'body.password' },
    { what: 'a 300-character password at sign-up', url: '/api/v1/auth/sign-up', body: { email: 'a@example.org', name: 'A', password: 'p'.repeat(300) }, field: 'body.password' },
    { what: 'a 10,000-character name', url: '/api/v1/auth/sign-up', body: { email: 'a@example.org', name: 'n'.repeat(10_000), password: PASSWORD }, field: 'body.name' },
    { what: 'a 300-character e-mail address', url: '/api/v1/auth/password-reset/request', body: { email: `${'e'.repeat(290)}@example.org` }, field: 'body.email' },
    { what: 'a 10,000-character token', url: '/api/v1/auth/verify-email', body: { token: 't'.repeat(10_000) }, field: 'body.token' },
  ])('refuses $what with a field error', async ({ url, body, field }) => {
    const err = expectError(await post(url, body), 400, 'VALIDATION_FAILED');
    expect(err.details.issues.map((i: { path: string }) => i.path)).toContain(field);
  });

  it('a profile update cannot name another user or set roles', async () => {
    const b = await signedInUser(app, 'self@example.org');
    const other = await signedInUser(app, 'victim@example.org');
    for (const payload of [{ id: other.id, name: 'Hijacked' }, { roles: ['system_admin'] }, { email: 'victim@example.org' }]) {
      expectError(await b.req({ method: 'PATCH', url: '/api/v1/me', payload }), 400, 'VALIDATION_FAILED');
    }
    expect((await other.req({ method: 'GET', url: '/api/v1/me' })).json()).toMatchObject({ name: 'victim', roles: ['member'] });
    expect((await b.req({ method: 'GET', url: '/api/v1/me' })).json().roles).toEqual(['member']);
  });
});

describe('routes, health and headers', () => {
  it.each([
    ['GET', '/api/v1/nothing-here'],
    ['POST', '/api/v1/nothing-here'],
    ['GET', '/api/nope'],
  ] as const)('%s %s answers 404 in the error shape', async (method, url) => {
    const err = expectError(await call(app, { method, url }), 404, 'NOT_FOUND');
    expect(err.message).toContain(url);
  });

  it('a method the address does not take answers 405 with Allow, in the error shape', async () => {
    const res = await call(app, { method: 'DELETE', url: '/api/v1/me' });
    expect(expectError(res, 405, 'METHOD_NOT_ALLOWED').details).toEqual({ allow: ['GET', 'PATCH'] });
    expect(res.headers.allow).toBe('GET, PATCH');
  });

  it('GET /api/health answers {"status":"ok"} without a session', async () => {
    const res = await call(app, { method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
    expect(res.headers['content-type']).toMatch(/^application\/json/);
  });

  it('sends the security headers, on answers and on errors: the API set on the API, the document set on pages', async () => {
    for (const url of ['/api/health', '/api/v1/me', '/api/v1/missing', '/vc-api/credentials/verify']) {
      const res = await call(app, { method: 'GET', url });
      // An API answer is never a page: nothing may load in it or frame it.
      expect(res.headers['content-security-policy'], url).toBe("default-src 'none';frame-ancestors 'none'");
      expect(res.headers['x-frame-options'], url).toBe('DENY');
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['cross-origin-resource-policy'], url).toBe('same-origin');
      expect(res.headers['cross-origin-opener-policy'], url).toBeUndefined();
      expect(res.headers['x-request-id'], url).toEqual(expect.any(String));
    }
    for (const url of ['/', '/register', '/no-such-page', '/badges/none.svg']) {
      const res = await call(app, { method: 'GET', url, headers: { accept: 'text/html' } });
      const csp = String(res.headers['content-security-policy']);
      expect(csp, url).toContain("script-src 'self'");
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp, url).toContain("object-src 'none'");
      expect(csp, url).not.toContain('unsafe-inline');
      expect(res.headers['cross-origin-opener-policy'], url).toBe('same-origin');
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['x-request-id'], url).toEqual(expect.any(String));
    }
  });

  it('sends Strict-Transport-Security only under https, on the API and on pages', async () => {
    expect((await call(app, { method: 'GET', url: '/api/health' })).headers['strict-transport-security']).toBeUndefined();
    const secure = await testApp({ env: { PUBLIC_URL: 'https://guildhall.example.org' } });
    try {
      for (const url of ['/api/health', '/register']) {
        expect((await secure.app.inject({ method: 'GET', url })).headers['strict-transport-security'], url).toMatch(/max-age=\d+/);
      }
    } finally {
      await secure.close();
    }
  });

  it('an unexpected failure answers 500 with a request id and no internals', async () => {
    const broken = await testApp();
    try {
      await sql`DROP TABLE sign_in_throttle`.execute(broken.platform.database.db);
      const res = await broken.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'a@example.org', password: 'whatever passphrase' } });
      const err = expectError(res, 500, 'INTERNAL');
      expect(err.details.requestId).toBe(res.headers['x-request-id']);
      expect(res.body).not.toMatch(/sign_in_throttle|sqlite|relation|stack/i);
    } finally {
      await broken.close();
    }
  });
});

describe('rate limits', () => {
  it('sign-in allows 20 attempts a minute per address, then answers 429 in the error shape', async () => {
    const from = { remoteAddress: '203.0.113.9' };
    // A different address each time, so the per-address lock (also 429) does not interfere.
    const attempt = (i: number) => app.app.inject({ ...from, method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: `rl${i}@example.org`, password: 'wrong passphrase' } });
    for (let i = 0; i < 20; i++) expect((await attempt(i)).statusCode).toBe(401);
    const res = await attempt(20);
    const err = expectError(res, 429, 'RATE_LIMITED');
    expect(err.message).toMatch(/try again/i);
    expect(res.headers['retry-after']).toBeDefined();
    // Another address is not affected.
    expect((await call(app, { method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'rl@example.org', password: 'wrong passphrase' } })).statusCode).toBe(401);
  });

  it('RATE_LIMIT_PER_MINUTE limits the rest of the API, but not the health check', async () => {
    const low = await testApp({ env: { RATE_LIMIT_PER_MINUTE: '3' } });
    try {
      const get = (url: string) => low.app.inject({ method: 'GET', url, remoteAddress: '198.51.100.7' });
      for (let i = 0; i < 3; i++) expect((await get('/api/v1/me')).statusCode).toBe(401);
      expectError(await get('/api/v1/me'), 429, 'RATE_LIMITED');
      for (let i = 0; i < 5; i++) expect((await get('/api/health')).statusCode).toBe(200);
    } finally {
      await low.close();
    }
  });
});
