import type { InjectOptions } from 'fastify';
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
/** The mailbox answers browsers on this machine only: these requests come from the loopback address. */
const local = (opts: InjectOptions): InjectOptions => ({ remoteAddress: '127.0.0.1', ...opts });

describe('the development mailbox', () => {
  it('outside demo mode: system administrators on this machine only', async () => {
    const app = await appWith();
    await signUp(app, 'mia@example.org');
    expectError(await call(app, local({ method: 'GET', url: '/api/v1/dev/mailbox' })), 401, 'NOT_AUTHENTICATED');
    const member = await signedInUser(app, 'member@example.org');
    expectError(await member.req(local({ method: 'GET', url: '/api/v1/dev/mailbox' })), 403, 'FORBIDDEN');
    const admin = await signedInUser(app, 'admin@example.org', ['system_admin']);
    const list = await admin.req(local({ method: 'GET', url: '/api/v1/dev/mailbox?to=MIA@example.org' }));
    expect(list.statusCode, list.body).toBe(200);
    const [message] = list.json().messages;
    expect(message).toMatchObject({ to: 'mia@example.org', template: 'verify_email', status: 'pending' });
    expectError(await member.req(local({ method: 'GET', url: `/api/v1/dev/mailbox/${message.id}` })), 403, 'FORBIDDEN');
    const one = await admin.req(local({ method: 'GET', url: `/api/v1/dev/mailbox/${message.id}` }));
    expect(one.json().text).toContain('/verify-email?token=');
    expectError(await admin.req(local({ method: 'GET', url: '/api/v1/dev/mailbox/no-such-message' })), 404, 'NOT_FOUND');
    // The same administrator from another machine: no mailbox at all.
    expectError(await admin.req({ method: 'GET', url: '/api/v1/dev/mailbox', remoteAddress: '203.0.113.9' }), 404, 'NOT_FOUND');
    expectError(await admin.req({ method: 'GET', url: `/api/v1/dev/mailbox/${message.id}`, remoteAddress: '203.0.113.9' }), 404, 'NOT_FOUND');
  });

  it('in demo mode: visible to anyone on this machine, so a newcomer can follow the links', async () => {
    const app = await appWith({ GUILDHALL_DEMO: '1' });
    await signUp(app, 'newcomer@example.org');
    const list = await call(app, local({ method: 'GET', url: '/api/v1/dev/mailbox' }));
    expect(list.statusCode, list.body).toBe(200);
    const message = list.json().messages.find((m: { to: string }) => m.to === 'newcomer@example.org');
    const one = await call(app, local({ method: 'GET', url: `/api/v1/dev/mailbox/${message.id}` }));
    expect(one.statusCode).toBe(200);
    const token = /\/verify-email\?token=(\S+)/.exec(one.json().text)?.[1];
    expect(token).toBeDefined();
    const verified = await call(app, { method: 'POST', url: '/api/v1/auth/verify-email', payload: { token: decodeURIComponent(token as string) } });
    expect(verified.statusCode).toBe(200);
    const me = await signedInUser(app, 'demo.member@example.org');
    expect(me.user).toMatchObject({ demo: true, devMailbox: false }); // signed in from a 10.x address
    const meLocal = await me.req(local({ method: 'GET', url: '/api/v1/me' }));
    expect(meLocal.json()).toMatchObject({ demo: true, devMailbox: true });
  });

  it.each([
    ['another machine', { remoteAddress: '198.51.100.7' }],
    ['an IPv6 client', { remoteAddress: '2001:db8::5' }],
    ['another machine claiming loopback in X-Forwarded-For without TRUST_PROXY', { remoteAddress: '198.51.100.7', headers: { 'x-forwarded-for': '127.0.0.1' } }],
  ])('in demo mode: refused (404) to %s, page and API', async (_, from) => {
    const app = await appWith({ GUILDHALL_DEMO: '1' });
    expectError(await call(app, { method: 'GET', url: '/api/v1/dev/mailbox', ...from }), 404, 'NOT_FOUND');
    expectError(await call(app, { method: 'GET', url: '/api/v1/dev/mailbox/anything', ...from }), 404, 'NOT_FOUND');
    const page = await call(app, { method: 'GET', url: '/dev/mailbox', ...from, headers: { ...('headers' in from ? from.headers : {}), accept: 'text/html' } });
    expect(page.statusCode).toBe(404);
    expect(page.body).not.toContain('<html');
  });

  it('behind a trusted proxy: the forwarded client decides, not the proxy on loopback', async () => {
    const app = await appWith({ GUILDHALL_DEMO: '1', TRUST_PROXY: '1' });
    const viaProxy = (client: string) => call(app, { method: 'GET', url: '/api/v1/dev/mailbox', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': client } });
    expectError(await viaProxy('198.51.100.7'), 404, 'NOT_FOUND');
    expect((await viaProxy('127.0.0.1')).statusCode).toBe(200);
    expect((await call(app, local({ method: 'GET', url: '/api/v1/dev/mailbox' }))).statusCode).toBe(200);
  });

  it('absent (404) when SMTP_URL is set, even for administrators', async () => {
    const app = await appWith({ SMTP_URL: 'smtp://127.0.0.1:2525', GUILDHALL_DEMO: '1' });
    expectError(await call(app, local({ method: 'GET', url: '/api/v1/dev/mailbox' })), 404, 'NOT_FOUND');
    const admin = await signedInUser(app, 'admin@example.org', ['system_admin']);
    expect(admin.user.devMailbox).toBe(false);
    expectError(await admin.req(local({ method: 'GET', url: '/api/v1/dev/mailbox' })), 404, 'NOT_FOUND');
    expectError(await admin.req(local({ method: 'GET', url: '/api/v1/dev/mailbox/anything' })), 404, 'NOT_FOUND');
  });
});
