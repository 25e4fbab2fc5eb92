import { afterAll, describe, expect, it } from 'vitest';
import { call, expectError, PASSWORD, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';

const apps: TestApp[] = [];
afterAll(async () => {
  for (const a of apps) await a.close();
});
async function appWith(env: Record<string, string> = {}) {
  const a = await testApp({ env });
  apps.push(a);
  return a;
}
const signUp = (a: TestApp, email: string) => call(a, { method: 'POST', url: '/api/v1/auth/sign-up', payload: { email, name: 'Mia Mail', password: PASSWORD } });

describe('the development mailbox', () => {
  it('outside demo mode: system administrators only', async () => {
    const app = await appWith();
    await signUp(app, 'mia@example.org');
    expectError(await call(app, { method: 'GET', url: '/api/v1/dev/mailbox' }), 401, 'NOT_AUTHENTICATED');
    const member = await signedInUser(app, 'member@example.org');
    expectError(await member.req({ method: 'GET', url: '/api/v1/dev/mailbox' }), 403, 'FORBIDDEN');
    const admin = await signedInUser(app, 'admin@example.org', ['system_admin']);
    const list = await admin.req({ method: 'GET', url: '/api/v1/dev/mailbox?to=MIA@example.org' });
    expect(list.statusCode, list.body).toBe(200);
    const [message] = list.json().messages;
    expect(message).toMatchObject({ to: 'mia@example.org', template: 'verify_email', status: 'pending' });
    expectError(await member.req({ method: 'GET', url: `/api/v1/dev/mailbox/${message.id}` }), 403, 'FORBIDDEN');
    const one = await admin.req({ method: 'GET', url: `/api/v1/dev/mailbox/${message.id}` });
    expect(one.json().text).toContain('/verify-email?token=');
    expectError(await admin.req({ method: 'GET', url: '/api/v1/dev/mailbox/no-such-message' }), 404, 'NOT_FOUND');
  });

  it('in demo mode: visible to anyone, so a newcomer can follow the links', async () => {
    const app = await appWith({ GUILDHALL_DEMO: '1' });
    await signUp(app, 'newcomer@example.org');
    const list = await call(app, { method: 'GET', url: '/api/v1/dev/mailbox' });
    expect(list.statusCode, list.body).toBe(200);
    const message = list.json().messages.find((m: { to: string }) => m.to === 'newcomer@example.org');
    const one = await call(app, { method: 'GET', url: `/api/v1/dev/mailbox/${message.id}` });
    expect(one.statusCode).toBe(200);
    const token = /\/verify-email\?token=(\S+)/.exec(one.json().text)?.[1];
    expect(token).toBeDefined();
    const verified = await call(app, { method: 'POST', url: '/api/v1/auth/verify-email', payload: { token: decodeURIComponent(token as string) } });
    expect(verified.statusCode).toBe(200);
    const me = await signedInUser(app, 'demo.member@example.org');
    expect(me.user).toMatchObject({ demo: true, devMailbox: true });
  });

  it('absent (404) when SMTP_URL is set, even for administrators', async () => {
    const app = await appWith({ SMTP_URL: 'smtp://127.0.0.1:2525', GUILDHALL_DEMO: '1' });
    expectError(await call(app, { method: 'GET', url: '/api/v1/dev/mailbox' }), 404, 'NOT_FOUND');
    const admin = await signedInUser(app, 'admin@example.org', ['system_admin']);
    expect(admin.user.devMailbox).toBe(false);
    expectError(await admin.req({ method: 'GET', url: '/api/v1/dev/mailbox' }), 404, 'NOT_FOUND');
    expectError(await admin.req({ method: 'GET', url: '/api/v1/dev/mailbox/anything' }), 404, 'NOT_FOUND');
  });
});
