import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../../server/platform/clock.js';
import { auditEntries, call, expectError, lastMail, mailsTo, makeUser, PASSWORD, signIn, tokenFromText } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';

let app: TestApp;
beforeAll(async () => {
  app = await testApp();
});
afterAll(async () => {
  await app?.close();
});

const NEW = 'a brand new passphrase 2027';
const requestReset = (email: string) => call(app, { method: 'POST', url: '/api/v1/auth/password-reset/request', payload: { email } });
const reset = (token: string, password = NEW) => call(app, { method: 'POST', url: '/api/v1/auth/password-reset', payload: { token, password } });
const signInRes = (email: string, password: string) => call(app, { method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password } });
const me = (cookie: string) => call(app, { method: 'GET', url: '/api/v1/me', cookies: { gh_session: cookie } });

describe('requestPasswordReset and resetPassword', () => {
  it('answers the same for unknown addresses and mails nothing to them', async () => {
    await makeUser(app, { email: 'forgetful@example.org' });
    const known = await requestReset('forgetful@example.org');
    const unknown = await requestReset('stranger@example.org');
    expect(known.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(202);
    expect(unknown.body).toBe(known.body);
    expect(await mailsTo(app, 'stranger@example.org')).toHaveLength(0);
    expect((await lastMail(app, 'forgetful@example.org')).template).toBe('reset_password');
    expect((await auditEntries(app, 'auth.password_reset_requested')).length).toBe(1);
    expect((await auditEntries(app, 'auth.password_reset_requested_unknown')).length).toBe(1);
  });

  it('resets with the mailed link once, ends every session, and the new password works', async () => {
    await makeUser(app, { email: 'resetter@example.org' });
    const laptop = await signIn(app, 'resetter@example.org');
    const phone = await signIn(app, 'resetter@example.org');
    await requestReset('resetter@example.org');
    const token = tokenFromText((await lastMail(app, 'resetter@example.org')).text_body, '/reset-password');

    const weak = expectError(await reset(token, 'password1234'), 400, 'WEAK_PASSWORD');
    expect(weak.details.fields.password.length).toBeGreaterThan(0);

    const ok = await reset(token);
    expect(ok.statusCode, ok.body).toBe(200);
    expectError(await reset(token, 'yet another passphrase'), 400, 'INVALID_TOKEN');
    expectError(await me(laptop.cookie), 401, 'NOT_AUTHENTICATED');
    expectError(await me(phone.cookie), 401, 'NOT_AUTHENTICATED');
    expectError(await signInRes('resetter@example.org', PASSWORD), 401, 'INVALID_CREDENTIALS');
    expect((await signInRes('resetter@example.org', NEW)).statusCode).toBe(200);
    expect((await lastMail(app, 'resetter@example.org')).template).toBe('password_changed');
    const entries = await auditEntries(app, 'auth.password_reset');
    expect(entries.map((e) => e.subject_id)).toHaveLength(1);
  });

  it('expires the link after one hour', async () => {
    await makeUser(app, { email: 'slowpoke@example.org' });
    await requestReset('slowpoke@example.org');
    const token = tokenFromText((await lastMail(app, 'slowpoke@example.org')).text_body, '/reset-password');
    app.clock.advance(HOUR + 1000);
    expectError(await reset(token), 400, 'INVALID_TOKEN');
    expect((await signInRes('slowpoke@example.org', PASSWORD)).statusCode).toBe(200);
  });

  it('a newer link replaces the older one', async () => {
    await makeUser(app, { email: 'twice@example.org' });
    await requestReset('twice@example.org');
    const first = tokenFromText((await lastMail(app, 'twice@example.org')).text_body, '/reset-password');
    await requestReset('twice@example.org');
    const second = tokenFromText((await lastMail(app, 'twice@example.org')).text_body, '/reset-password');
    expectError(await reset(first), 400, 'INVALID_TOKEN');
    expect((await reset(second)).statusCode).toBe(200);
  });

  it('lifts a sign-in lock, since the mailbox owner proved themselves', async () => {
    await makeUser(app, { email: 'lockedout@example.org' });
    for (let i = 0; i < 5; i++) await signInRes('lockedout@example.org', `wrong passphrase ${i}`);
    expectError(await signInRes('lockedout@example.org', PASSWORD), 429, 'TOO_MANY_ATTEMPTS');
    await requestReset('lockedout@example.org');
    const token = tokenFromText((await lastMail(app, 'lockedout@example.org')).text_body, '/reset-password');
    expect((await reset(token)).statusCode).toBe(200);
    expect((await signInRes('lockedout@example.org', NEW)).statusCode).toBe(200);
  });
});

describe('changePassword', () => {
  it('refuses a wrong current password with 401 naming the field', async () => {
    await makeUser(app, { email: 'changer1@example.org' });
    const b = await signIn(app, 'changer1@example.org');
    const err = expectError(
      await b.req({ method: 'POST', url: '/api/v1/me/password', payload: { currentPassword: 'not my passphrase', newPassword: NEW } }),
      401,
      'INVALID_CREDENTIALS',
    );
    expect(err.details.fields.currentPassword).toBeDefined();
    expect((await signInRes('changer1@example.org', PASSWORD)).statusCode).toBe(200);
  });

  it('ends the other sessions and keeps this one', async () => {
    await makeUser(app, { email: 'changer2@example.org' });
    const here = await signIn(app, 'changer2@example.org');
    const elsewhere = await signIn(app, 'changer2@example.org');
    const res = await here.req({ method: 'POST', url: '/api/v1/me/password', payload: { currentPassword: PASSWORD, newPassword: NEW } });
    expect(res.statusCode, res.body).toBe(200);
    expect((await me(here.cookie)).statusCode).toBe(200);
    expectError(await me(elsewhere.cookie), 401, 'NOT_AUTHENTICATED');
    expectError(await signInRes('changer2@example.org', PASSWORD), 401, 'INVALID_CREDENTIALS');
    app.clock.advance(MINUTE);
    expect((await signInRes('changer2@example.org', NEW)).statusCode).toBe(200);
    expect((await lastMail(app, 'changer2@example.org')).template).toBe('password_changed');
    expect((await auditEntries(app, 'auth.password_changed')).map((e) => e.subject_id)).toContain(here.user.id);
  });

  it('refuses a weak new password and needs CSRF', async () => {
    await makeUser(app, { email: 'changer3@example.org' });
    const b = await signIn(app, 'changer3@example.org');
    const body = { currentPassword: PASSWORD, newPassword: 'changer3-is-my-password' };
    expectError(await b.req({ method: 'POST', url: '/api/v1/me/password', payload: body }), 400, 'WEAK_PASSWORD');
    expectError(await b.req({ method: 'POST', url: '/api/v1/me/password', payload: { currentPassword: PASSWORD, newPassword: NEW }, csrf: null }), 403, 'CSRF_FAILED');
    expect((await signInRes('changer3@example.org', PASSWORD)).statusCode).toBe(200);
  });
});
