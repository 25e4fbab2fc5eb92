import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, MINUTE } from '../../server/platform/clock.js';
import { auditEntries, browser, call, expectError, makeUser, PASSWORD, sessionCookieOf, signIn } from '../support/accounts.js';
import { type TestApp, testApp, testDialect } from '../support/app.js';

let app: TestApp;
beforeAll(async () => {
  app = await testApp();
});
afterAll(async () => {
  await app?.close();
});

const signInRes = (email: string, password = PASSWORD, extra: { cookies?: Record<string, string>; headers?: Record<string, string> } = {}) =>
  call(app, { method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password }, ...extra });
const me = (cookie: string) => call(app, { method: 'GET', url: '/api/v1/me', cookies: { gh_session: cookie } });

describe('signIn', () => {
  it('refuses an unconfirmed address with EMAIL_NOT_VERIFIED', async () => {
    await makeUser(app, { email: 'unconfirmed@example.org', verified: false });
    expectError(await signInRes('unconfirmed@example.org'), 403, 'EMAIL_NOT_VERIFIED');
  });

  it('answers a wrong password and an unknown address with the identical body', async () => {
    await makeUser(app, { email: 'known@example.org' });
    const wrong = await signInRes('known@example.org', 'not the right passphrase');
    const unknown = await signInRes('unknown@example.org', 'not the right passphrase');
    expectError(wrong, 401, 'INVALID_CREDENTIALS');
    expect(unknown.statusCode).toBe(wrong.statusCode);
    expect(unknown.body).toBe(wrong.body);
    const failed = await auditEntries(app, 'auth.sign_in_failed');
    expect(failed.length).toBeGreaterThanOrEqual(2);
  });

  it('spends as long on an unknown address as on a wrong password (a password hash is checked either way)', async () => {
    await makeUser(app, { email: 'timed@example.org' });
    const time = async (email: string) => {
      const start = process.hrtime.bigint();
      expect((await signInRes(email, 'wrong passphrase, timed')).statusCode).toBe(401);
      app.clock.advance(16 * MINUTE); // stay clear of the lock
      return Number(process.hrtime.bigint() - start) / 1e6;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 7; i++) {
      known.push(await time('timed@example.org'));
      unknown.push(await time(`nobody${i}@example.org`));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    // Load only slows both; skipping the hash for unknown addresses would make them several times faster.
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.4);
  });

  it('locks an address after 5 failures in 15 minutes, even with the right password, until the lock ends', async () => {
    await makeUser(app, { email: 'target@example.org' });
    for (let i = 0; i < 5; i++) {
      expectError(await signInRes('target@example.org', `wrong passphrase ${i}`), 401, 'INVALID_CREDENTIALS');
      app.clock.advance(MINUTE);
    }
    expectError(await signInRes('target@example.org'), 429, 'TOO_MANY_ATTEMPTS');
    expect((await auditEntries(app, 'auth.sign_in_locked')).length).toBeGreaterThan(0);
    app.clock.advance(15 * MINUTE);
    expect((await signInRes('target@example.org')).statusCode).toBe(200);
  });

  it('locks unknown addresses the same way, so the lock reveals nothing', async () => {
    for (let i = 0; i < 5; i++) expectError(await signInRes('ghost@example.org', `wrong passphrase ${i}`), 401, 'INVALID_CREDENTIALS');
    const locked = await signInRes('ghost@example.org', 'whatever passphrase');
    expectError(locked, 429, 'TOO_MANY_ATTEMPTS');
    await makeUser(app, { email: 'real@example.org' });
    for (let i = 0; i < 5; i++) await signInRes('real@example.org', `wrong passphrase ${i}`);
    const realLocked = await signInRes('real@example.org', 'whatever passphrase');
    expect(realLocked.statusCode).toBe(429);
    expect(realLocked.json().error.code).toBe(locked.json().error.code);
    expect(realLocked.json().error.message).toBe(locked.json().error.message);
  });

  it('does not lock when failures are spread beyond the 15-minute window', async () => {
    await makeUser(app, { email: 'slow@example.org' });
    for (let i = 0; i < 8; i++) {
      expectError(await signInRes('slow@example.org', 'wrong passphrase!'), 401, 'INVALID_CREDENTIALS');
      app.clock.advance(4 * MINUTE);
    }
    expect((await signInRes('slow@example.org')).statusCode).toBe(200);
  });

  it('sets an httpOnly, SameSite=Lax session cookie that is not Secure over http', async () => {
    await makeUser(app, { email: 'cookie@example.org' });
    const res = await signInRes('cookie@example.org');
    expect(res.statusCode).toBe(200);
    const c = res.cookies.find((k) => k.name === 'gh_session');
    expect(c).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(c?.secure).toBeFalsy();
    expect(res.json()).toMatchObject({ email: 'cookie@example.org', emailVerified: true, roles: ['member'], csrfToken: expect.any(String) });
    expect(res.json()).not.toHaveProperty('password_hash');
    expect((await auditEntries(app, 'auth.sign_in')).length).toBeGreaterThan(0);
  });

  it('marks the cookie Secure when PUBLIC_URL is https', async () => {
    const secureApp = await testApp({ env: { PUBLIC_URL: 'https://guildhall.example.org' } });
    try {
      await makeUser(secureApp, { email: 'secure@example.org' });
      const res = await call(secureApp, { method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'secure@example.org', password: PASSWORD } });
      expect(res.statusCode).toBe(200);
      expect(res.cookies.find((k) => k.name === 'gh_session')).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax' });
    } finally {
      await secureApp.close();
    }
  });

  it('rotates the session: signing in again ends the session the browser held', async () => {
    await makeUser(app, { email: 'rotate@example.org' });
    const first = await signIn(app, 'rotate@example.org');
    const res = await signInRes('rotate@example.org', PASSWORD, { cookies: { gh_session: first.cookie }, headers: { 'x-csrf-token': first.csrf } });
    expect(res.statusCode).toBe(200);
    const second = sessionCookieOf(res);
    expect(second).not.toBe(first.cookie);
    expectError(await me(first.cookie), 401, 'NOT_AUTHENTICATED');
    expect((await me(second)).statusCode).toBe(200);
  });

  it('ends sessions after SESSION_DAYS', async () => {
    await makeUser(app, { email: 'expiry@example.org' });
    const b = await signIn(app, 'expiry@example.org');
    app.clock.advance(13 * DAY);
    expect((await me(b.cookie)).statusCode).toBe(200);
    app.clock.advance(DAY + 1000);
    expectError(await me(b.cookie), 401, 'NOT_AUTHENTICATED');
    app.clock.advance(-14 * DAY - 1000);
  });
});

describe('signOut and CSRF', () => {
  it('signs out with the CSRF token; the cookie then no longer works', async () => {
    await makeUser(app, { email: 'leaver@example.org' });
    const b = await signIn(app, 'leaver@example.org');
    expectError(await b.req({ method: 'POST', url: '/api/v1/auth/sign-out', csrf: null }), 403, 'CSRF_FAILED');
    expect((await me(b.cookie)).statusCode).toBe(200);
    const out = await b.req({ method: 'POST', url: '/api/v1/auth/sign-out' });
    expect(out.statusCode).toBe(200);
    expect(out.json()).toEqual({ status: 'ok' });
    expectError(await me(b.cookie), 401, 'NOT_AUTHENTICATED');
    const entries = await auditEntries(app, 'auth.sign_out');
    expect(entries.map((e) => e.subject_id)).toContain(b.user.id);
  });

  it('refuses cookie writes without, or with a wrong, X-CSRF-Token', async () => {
    await makeUser(app, { email: 'csrf@example.org' });
    const b = await signIn(app, 'csrf@example.org');
    const patch = { method: 'PATCH' as const, url: '/api/v1/me', payload: { name: 'Changed' } };
    expectError(await b.req({ ...patch, csrf: null }), 403, 'CSRF_FAILED');
    expectError(await b.req({ ...patch, csrf: 'x'.repeat(32) }), 403, 'CSRF_FAILED');
    expectError(await b.req({ ...patch, csrf: `${b.csrf}x` }), 403, 'CSRF_FAILED');
    expect((await me(b.cookie)).json().name).toBe('csrf');
    expect((await b.req(patch)).statusCode).toBe(200);
  });

  it('needs no CSRF token with a Bearer API token', async () => {
    await makeUser(app, { email: 'bearer@example.org' });
    const b = await signIn(app, 'bearer@example.org');
    const created = await b.req({ method: 'POST', url: '/api/v1/me/api-tokens', payload: { currentPassword: PASSWORD, name: 'ci', scopes: ['account:read', 'account:write'] } });
    expect(created.statusCode).toBe(201);
    const res = await call(app, { method: 'PATCH', url: '/api/v1/me', headers: { authorization: `Bearer ${created.json().token}` }, payload: { name: 'Via Token' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().name).toBe('Via Token');
  });
});

describe('getCurrentUser and updateProfile', () => {
  it('needs a session', async () => {
    expectError(await call(app, { method: 'GET', url: '/api/v1/me' }), 401, 'NOT_AUTHENTICATED');
    expectError(await me('not-a-real-session-token-at-all'), 401, 'NOT_AUTHENTICATED');
  });

  it('returns the user, roles and CSRF token', async () => {
    await makeUser(app, { email: 'assessor@example.org', name: 'Ann Assessor', roles: ['assessor'] });
    const b = await signIn(app, 'assessor@example.org');
    const res = await me(b.cookie);
    expect(res.json()).toEqual({
      id: b.user.id,
      email: 'assessor@example.org',
      name: 'Ann Assessor',
      country: null,
      emailVerified: true,
      roles: ['assessor', 'member'],
      csrfToken: b.csrf,
      demo: false,
      // The mailbox is only for browsers on this machine; test clients come from 10.x addresses.
      devMailbox: false,
    });
    expect((await call(app, { method: 'GET', url: '/api/v1/me', cookies: { gh_session: b.cookie }, remoteAddress: '127.0.0.1' })).json().devMailbox).toBe(true);
  });

  it('updates name and country, and audits it', async () => {
    await makeUser(app, { email: 'profile@example.org' });
    const b = await signIn(app, 'profile@example.org');
    const res = await b.req({ method: 'PATCH', url: '/api/v1/me', payload: { name: '  Pat Profile  ', country: 'GB' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ name: 'Pat Profile', country: 'GB' });
    expect((await me(b.cookie)).json()).toMatchObject({ name: 'Pat Profile', country: 'GB' });
    const bad = expectError(await b.req({ method: 'PATCH', url: '/api/v1/me', payload: { country: 'gbr' } }), 400, 'VALIDATION_FAILED');
    expect(bad.details.issues[0].path).toBe('body.country');
    const entries = await auditEntries(app, 'account.profile_updated');
    expect(entries.find((e) => e.subject_id === b.user.id)?.details).toEqual({ fields: ['name', 'country'] });
  });

  it('keeps a browser signed in across requests with the same cookie', async () => {
    await makeUser(app, { email: 'steady@example.org' });
    const b = await signIn(app, 'steady@example.org');
    const again = browser(app, b.cookie, (await me(b.cookie)).json());
    expect(again.csrf).toBe(b.csrf);
  });
});

// The session lookup may be answered from memory (SQLite, decision 0018): whatever changes a session, its
// user or their roles must count on the very next request, whether written by this process or another.
describe('a changed session counts on the next request', () => {
  /** Runs SQL as another process would: its own connection on SQLite (PostgreSQL has no cache to go stale). */
  const elsewhere = (statement: string, ...args: string[]) => {
    if (testDialect === 'sqlite') {
      const other = new SQLite(path.join(app.config.dataDir, 'test.sqlite'));
      try {
        other.prepare(statement).run(...args);
      } finally {
        other.close();
      }
      return Promise.resolve();
    }
    let i = 0;
    return sql.raw(statement.replace(/\?/g, () => `'${(args[i++] ?? '').replace(/'/g, "''")}'`)).execute(app.platform.database.db);
  };
  it('a session deleted by another process is refused at once', async () => {
    const id = await makeUser(app, { email: 'elsewhere-out@example.org' });
    const b = await signIn(app, 'elsewhere-out@example.org');
    expect((await me(b.cookie)).statusCode).toBe(200);
    expect((await me(b.cookie)).statusCode).toBe(200);
    await elsewhere('DELETE FROM sessions WHERE user_id = ?', id);
    expectError(await me(b.cookie), 401, 'NOT_AUTHENTICATED');
  });

  it('a role granted or taken away by another process counts at once', async () => {
    const id = await makeUser(app, { email: 'elsewhere-role@example.org' });
    const b = await signIn(app, 'elsewhere-role@example.org');
    expect((await me(b.cookie)).json().roles).toEqual(['member']);
    await elsewhere("INSERT INTO user_roles (user_id, role, granted_by, granted_at) VALUES (?, 'assessor', NULL, '2026-01-01T00:00:00.000Z')", id);
    expect((await me(b.cookie)).json().roles).toEqual(['assessor', 'member']);
    await elsewhere("DELETE FROM user_roles WHERE user_id = ? AND role = 'assessor'", id);
    expect((await me(b.cookie)).json().roles).toEqual(['member']);
  });

  it('an account disabled, a role changed or a session ended in this process counts at once', async () => {
    const id = await makeUser(app, { email: 'here@example.org' });
    const b = await signIn(app, 'here@example.org');
    const db = app.platform.database.db;
    expect((await me(b.cookie)).json().roles).toEqual(['member']);
    await db.insertInto('user_roles').values({ user_id: id, role: 'assessor', granted_by: null, granted_at: app.clock.now().toISOString() }).execute();
    expect((await me(b.cookie)).json().roles).toEqual(['assessor', 'member']);
    await db.updateTable('users').set({ status: 'disabled' }).where('id', '=', id).execute();
    expectError(await me(b.cookie), 401, 'NOT_AUTHENTICATED');
    await db.updateTable('users').set({ status: 'active' }).where('id', '=', id).execute();
    expect((await me(b.cookie)).statusCode).toBe(200);
    await db.deleteFrom('sessions').where('user_id', '=', id).execute();
    expectError(await me(b.cookie), 401, 'NOT_AUTHENTICATED');
  });
});
