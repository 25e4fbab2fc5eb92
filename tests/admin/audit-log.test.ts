import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Browser,
  call,
  expectError,
  lastMail,
  makeUser,
  PASSWORD,
  signedInUser,
  signIn,
  tokenFromText,
} from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';

let app: TestApp;
let admin: Browser & { id: string };
beforeAll(async () => {
  app = await testApp();
  admin = await signedInUser(app, 'auditor@example.org', ['system_admin']);
});
afterAll(async () => {
  await app?.close();
});

type Entry = { id: string; action: string; actorId: string | null; subjectId: string | null; requestId: string | null; ip: string | null; details: Record<string, unknown> };
const listAudit = async (query = ''): Promise<Entry[]> => {
  const res = await admin.req({ method: 'GET', url: `/api/v1/admin/audit-log${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().entries;
};

describe('listAuditLog', () => {
  it('records every security event of an account’s life, newest first, with request ids', async () => {
    const email = 'journey@example.org';
    const post = (url: string, payload: object) => call(app, { method: 'POST', url, payload });
    expect((await post('/api/v1/auth/sign-up', { email, name: 'Jo Journey', password: PASSWORD })).statusCode).toBe(202);
    const userId = (await app.platform.database.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
    await post('/api/v1/auth/verify-email', { token: tokenFromText((await lastMail(app, email)).text_body, '/verify-email') });
    await post('/api/v1/auth/sign-in', { email, password: 'wrong passphrase here' });
    const b = await signIn(app, email);
    await b.req({ method: 'PATCH', url: '/api/v1/me', payload: { name: 'Jo J.' } });
    const token = (await b.req({ method: 'POST', url: '/api/v1/me/api-tokens', payload: { currentPassword: PASSWORD, name: 'int', scopes: ['account:read'] } })).json();
    await b.req({ method: 'DELETE', url: `/api/v1/me/api-tokens/${token.id}` });
    await b.req({ method: 'POST', url: '/api/v1/me/password', payload: { currentPassword: PASSWORD, newPassword: 'the second passphrase' } });
    await post('/api/v1/auth/password-reset/request', { email });
    await post('/api/v1/auth/password-reset', { token: tokenFromText((await lastMail(app, email)).text_body, '/reset-password'), password: 'the third passphrase!' });
    const again = await signIn(app, email, 'the third passphrase!');
    await again.req({ method: 'POST', url: '/api/v1/auth/sign-out' });
    await admin.req({ method: 'PUT', url: `/api/v1/admin/users/${userId}/roles/assessor` });
    await admin.req({ method: 'DELETE', url: `/api/v1/admin/users/${userId}/roles/assessor` });
    await admin.req({ method: 'PUT', url: `/api/v1/admin/users/${userId}/status`, payload: { status: 'disabled' } });

    const entries = await listAudit('?limit=500');
    const ids = entries.map((e) => e.id);
    expect([...ids].sort().reverse()).toEqual(ids);
    const about = entries.filter((e) => e.subjectId === userId || e.subjectId === token.id).map((e) => e.action).reverse();
    expect(about).toEqual([
      'account.sign_up',
      'account.email_verified',
      'auth.sign_in_failed',
      'auth.sign_in',
      'account.profile_updated',
      'api_token.created',
      'api_token.revoked',
      'auth.password_changed',
      'auth.password_reset_requested',
      'auth.password_reset',
      'auth.sign_in',
      'auth.sign_out',
      'role.granted',
      'role.revoked',
      'account.disabled',
    ]);
    for (const e of entries.filter((x) => x.subjectId === userId)) expect(e.requestId).toEqual(expect.any(String));
    // No secrets in the log: no passwords, tokens or plain e-mail addresses of failed attempts.
    const text = JSON.stringify(entries);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(token.token);
    expect(text).not.toContain('wrong passphrase here');
  });

  it('filters by action and subject, and pages with before', async () => {
    await makeUser(app, { email: 'filter@example.org' });
    const signIns = await listAudit('?action=auth.sign_in');
    expect(signIns.length).toBeGreaterThan(0);
    expect(signIns.every((e) => e.action === 'auth.sign_in')).toBe(true);
    const first = await listAudit('?limit=2');
    expect(first).toHaveLength(2);
    const next = await listAudit(`?limit=2&before=${first[1]?.id}`);
    expect(next[0]?.id && next[0].id < (first[1]?.id ?? '')).toBe(true);
    const bySubject = await listAudit(`?subjectId=${admin.id}`);
    expect(bySubject.every((e) => e.subjectId === admin.id)).toBe(true);
  });

  it('is refused to members', async () => {
    const m = await signedInUser(app, 'nosy@example.org');
    expectError(await m.req({ method: 'GET', url: '/api/v1/admin/audit-log' }), 403, 'FORBIDDEN');
  });
});

describe('the audit log is append-only in the database', () => {
  it('refuses UPDATE and DELETE, even bypassing the application', async () => {
    const db = app.platform.database.db;
    const row = await db.selectFrom('audit_log').select(['id', 'action']).orderBy('id').executeTakeFirstOrThrow();
    await expect(db.updateTable('audit_log').set({ action: 'tampered' }).where('id', '=', row.id).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('audit_log').where('id', '=', row.id).execute()).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log`.execute(db)).rejects.toThrow(/append-only/);
    const after = await db.selectFrom('audit_log').select(['id', 'action']).where('id', '=', row.id).executeTakeFirst();
    expect(after).toEqual(row);
    // Appending still works.
    const before = (await db.selectFrom('audit_log').select('id').execute()).length;
    await makeUser(app, { email: 'append@example.org' });
    expect((await db.selectFrom('audit_log').select('id').execute()).length).toBe(before + 1);
  });
});
