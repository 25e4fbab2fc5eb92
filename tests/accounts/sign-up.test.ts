import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR } from '../../server/platform/clock.js';
import { auditEntries, call, expectError, lastMail, mailsTo, PASSWORD, tokenFromText } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';

let app: TestApp;
beforeAll(async () => {
  app = await testApp();
});
afterAll(async () => {
  await app?.close();
});

const signUp = (email: string, password = PASSWORD, name = 'Ada Lovelace') =>
  call(app, { method: 'POST', url: '/api/v1/auth/sign-up', payload: { email, name, password } });
const verify = (token: string) => call(app, { method: 'POST', url: '/api/v1/auth/verify-email', payload: { token } });
const signInRes = (email: string, password = PASSWORD) => call(app, { method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password } });

describe('signUp', () => {
  it('answers 202, creates an unverified member and mails a confirmation link', async () => {
    const res = await signUp('Ada@Example.org');
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ status: 'accepted', message: expect.any(String) });
    const user = await app.platform.database.db.selectFrom('users').selectAll().where('email', '=', 'ada@example.org').executeTakeFirstOrThrow();
    expect(user.email_verified_at).toBeNull();
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
    const mail = await lastMail(app, 'ada@example.org');
    expect(mail.template).toBe('verify_email');
    expect(tokenFromText(mail.text_body, '/verify-email').length).toBeGreaterThan(20);
    const entries = await auditEntries(app, 'account.sign_up');
    expect(entries.map((e) => e.subject_id)).toContain(user.id);
  });

  it('refuses a weak password with 400 naming the field', async () => {
    const res = await signUp('weak@example.org', 'password1234');
    const err = expectError(res, 400, 'WEAK_PASSWORD');
    expect(err.details.fields.password.length).toBeGreaterThan(0);
    const short = expectError(await signUp('weak@example.org', 'short'), 400, 'VALIDATION_FAILED');
    expect(short.details.issues[0].path).toBe('body.password');
    expect(await mailsTo(app, 'weak@example.org')).toHaveLength(0);
  });

  it('gives the same answer for an existing address and mails its owner instead (no enumeration)', async () => {
    const first = await signUp('grace@example.org');
    const token = tokenFromText((await lastMail(app, 'grace@example.org')).text_body, '/verify-email');
    expect((await verify(token)).statusCode).toBe(200);

    const again = await signUp('grace@example.org', 'another long passphrase', 'Impostor');
    expect(again.statusCode).toBe(first.statusCode);
    expect(again.body).toBe(first.body);
    const mail = await lastMail(app, 'grace@example.org');
    expect(mail.template).toBe('sign_up_existing');
    // The existing account is untouched: the original password still works, the new one does not.
    expect((await signInRes('grace@example.org')).statusCode).toBe(200);
    expect((await signInRes('grace@example.org', 'another long passphrase')).statusCode).toBe(401);
    const users = await app.platform.database.db.selectFrom('users').select('name').where('email', '=', 'grace@example.org').execute();
    expect(users).toEqual([{ name: 'Ada Lovelace' }]);
    expect((await auditEntries(app, 'account.sign_up_repeated')).length).toBeGreaterThan(0);
  });
});

describe('verifyEmail', () => {
  it('confirms with the link from the mail, once', async () => {
    await signUp('linus@example.org');
    expectError(await signInRes('linus@example.org'), 403, 'EMAIL_NOT_VERIFIED');
    const token = tokenFromText((await lastMail(app, 'linus@example.org')).text_body, '/verify-email');
    const ok = await verify(token);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ status: 'ok' });
    expectError(await verify(token), 400, 'INVALID_TOKEN');
    expect((await signInRes('linus@example.org')).statusCode).toBe(200);
    expect((await auditEntries(app, 'account.email_verified')).length).toBeGreaterThan(0);
  });

  it('refuses a link older than 48 hours', async () => {
    await signUp('late@example.org');
    const token = tokenFromText((await lastMail(app, 'late@example.org')).text_body, '/verify-email');
    app.clock.advance(48 * HOUR + 1000);
    expectError(await verify(token), 400, 'INVALID_TOKEN');
    expectError(await signInRes('late@example.org'), 403, 'EMAIL_NOT_VERIFIED');
  });

  it('refuses an unknown token', async () => {
    expectError(await verify('x'.repeat(43)), 400, 'INVALID_TOKEN');
  });
});

describe('resendVerification', () => {
  const resend = (email: string) => call(app, { method: 'POST', url: '/api/v1/auth/resend-verification', payload: { email } });

  it('sends a new link that works, and the old link stops working', async () => {
    await signUp('resend@example.org');
    const oldToken = tokenFromText((await lastMail(app, 'resend@example.org')).text_body, '/verify-email');
    const res = await resend('resend@example.org');
    expect(res.statusCode).toBe(202);
    const newToken = tokenFromText((await lastMail(app, 'resend@example.org')).text_body, '/verify-email');
    expect(newToken).not.toBe(oldToken);
    expectError(await verify(oldToken), 400, 'INVALID_TOKEN');
    expect((await verify(newToken)).statusCode).toBe(200);
    expect((await auditEntries(app, 'account.verification_resent')).length).toBeGreaterThan(0);
  });

  it('answers the same for unknown and already-confirmed addresses, sending nothing', async () => {
    const known = await resend('resend@example.org'); // confirmed above
    const unknown = await resend('nobody@example.org');
    expect(unknown.statusCode).toBe(202);
    expect(unknown.body).toBe(known.body);
    expect(await mailsTo(app, 'nobody@example.org')).toHaveLength(0);
    expect((await mailsTo(app, 'resend@example.org')).filter((m) => m.template === 'verify_email')).toHaveLength(2);
  });
});
