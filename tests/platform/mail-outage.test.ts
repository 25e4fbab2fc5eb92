import { afterEach, describe, expect, it } from 'vitest';
import { queueMail } from '../../server/platform/mail/outbox.js';
import { smtpTransport } from '../../server/platform/mail/sender.js';
import { expectError, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { startSmtpPeer } from '../support/smtp-peer.js';
import { freePort } from './helpers.js';

const HOUR = 3_600_000;
let app: TestApp | null = null;
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await app?.close();
  app = null;
  for (const c of closers.splice(0)) await c();
});

const queue = (a: TestApp, to: string) =>
  a.platform.database.db.transaction().execute((tx) => queueMail(tx, to, 'verify_email', { name: to, link: `http://127.0.0.1:3000/verify-email?token=${to}` }, a.clock.now()));
const rows = (a: TestApp) => a.platform.database.db.selectFrom('outbox').selectAll().orderBy('id').execute();

// Simulated days run many job passes: generous timeouts keep a loaded machine from failing them.
describe('an SMTP outage', { timeout: 60_000 }, () => {
  it('a day with the mail server refusing connections, then back: every message delivered exactly once, none failed', async () => {
    const port = await freePort(); // nobody listens: connections are refused
    app = await testApp({ mailTransport: smtpTransport(`smtp://127.0.0.1:${port}`) });
    const a = app;
    const recipients = ['a@example.org', 'b@example.org', 'c@example.org', 'd@example.org'];
    for (const [i, to] of recipients.entries()) {
      await queue(a, to);
      await a.worker.drain();
      if (i < 2) a.clock.advance(HOUR); // mail keeps being queued during the outage
    }
    for (let h = 0; h < 24; h += 2) {
      a.clock.advance(2 * HOUR);
      await a.worker.drain();
    }
    const during = await rows(a);
    expect(during.map((r) => r.status)).toEqual(['pending', 'pending', 'pending', 'pending']);
    for (const r of during) {
      expect(r.attempts).toBeGreaterThan(5);
      expect(r.last_error).toMatch(/ECONNREFUSED/);
    }

    const peer = await startSmtpPeer({ port });
    closers.push(peer.close);
    a.clock.advance(HOUR + 15 * 60_000); // past the capped backoff (an hour, +20% jitter)
    await a.worker.drain();
    a.clock.advance(2 * HOUR);
    await a.worker.drain();
    expect(peer.messages.map((m) => m.to[0]).sort()).toEqual(recipients);
    const after = await rows(a);
    expect(after.map((r) => r.status)).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect(after.every((r) => r.last_error === null)).toBe(true);
    // Nothing goes out twice later on.
    a.clock.advance(3 * 24 * HOUR);
    await a.worker.drain();
    expect(peer.messages).toHaveLength(recipients.length);
  });

  it('a permanent refusal (5xx) is failed at once with the reason, listed for the system administrator and re-sent by them', async () => {
    const peer = await startSmtpPeer({ refuse: (n) => n <= 2 }); // refuses the first two, accepts later
    closers.push(peer.close);
    app = await testApp({ mailTransport: smtpTransport(peer.url) });
    const a = app;
    const admin = await signedInUser(a, 'root@example.org', ['system_admin']);
    const member = await signedInUser(a, 'member@example.org');
    await a.worker.drain(); // (nothing queued by signing in)
    const first = await queue(a, 'gone@example.org');
    const second = await queue(a, 'moved@example.org');
    await a.worker.drain();
    expect(peer.attempts()).toBe(2);
    for (const r of await rows(a)) {
      expect(r).toMatchObject({ status: 'failed', attempts: 1 });
      expect(r.last_error).toMatch(/^Refused by the mail server: .*550 No such mailbox here/);
    }
    // Not retried by itself.
    a.clock.advance(24 * HOUR);
    await a.worker.drain();
    expect(peer.attempts()).toBe(2);

    expectError(await member.req({ method: 'GET', url: '/api/v1/admin/mail' }), 403, 'FORBIDDEN');
    expectError(await member.req({ method: 'POST', url: `/api/v1/admin/mail/${first}/resend` }), 403, 'FORBIDDEN');
    expectError(await member.req({ method: 'POST', url: '/api/v1/admin/mail/resend-failed' }), 403, 'FORBIDDEN');

    const list = await admin.req({ method: 'GET', url: '/api/v1/admin/mail' });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json()).toMatchObject({ failed: 2, longPending: 0, pendingAfterMinutes: 15 });
    expect(list.json().messages.map((m: { id: string }) => m.id).sort()).toEqual([first, second].sort());
    expect(list.json().messages[0]).toMatchObject({ status: 'failed', attempts: 1, lastError: expect.stringMatching(/550/) });

    const one = await admin.req({ method: 'POST', url: `/api/v1/admin/mail/${first}/resend` });
    expect(one.statusCode, one.body).toBe(200);
    expect(one.json()).toMatchObject({ id: first, status: 'pending', firstAttemptAt: null });
    expectError(await admin.req({ method: 'POST', url: `/api/v1/admin/mail/${first}/resend` }), 409, 'CONFLICT');
    expectError(await admin.req({ method: 'POST', url: '/api/v1/admin/mail/no-such-mail/resend' }), 404, 'NOT_FOUND');
    const all = await admin.req({ method: 'POST', url: '/api/v1/admin/mail/resend-failed' });
    expect(all.json()).toEqual({ resent: 1 });
    await a.worker.drain();
    expect(peer.messages.map((m) => m.to[0]).sort()).toEqual(['gone@example.org', 'moved@example.org']);
    expect((await rows(a)).map((r) => r.status)).toEqual(['sent', 'sent']);
    expect((await admin.req({ method: 'GET', url: '/api/v1/admin/mail' })).json()).toMatchObject({ failed: 0, messages: [] });

    const audit = await a.platform.database.db.selectFrom('audit_log').select(['action', 'subject_id', 'actor_id']).where('action', 'like', 'mail.%').orderBy('id').execute();
    expect(audit).toEqual([
      { action: 'mail.resent', subject_id: first, actor_id: admin.id },
      { action: 'mail.resent_all_failed', subject_id: null, actor_id: admin.id },
    ]);
  });

  it('mail still pending after a quarter of an hour is listed as long-pending', async () => {
    const port = await freePort();
    app = await testApp({ mailTransport: smtpTransport(`smtp://127.0.0.1:${port}`) });
    const a = app;
    const admin = await signedInUser(a, 'root@example.org', ['system_admin']);
    const id = await queue(a, 'late@example.org');
    await a.worker.drain();
    expect((await admin.req({ method: 'GET', url: '/api/v1/admin/mail' })).json()).toMatchObject({ longPending: 0, messages: [] });
    a.clock.advance(16 * 60_000);
    const list = (await admin.req({ method: 'GET', url: '/api/v1/admin/mail?status=pending' })).json();
    expect(list).toMatchObject({ failed: 0, longPending: 1 });
    expect(list.messages).toEqual([expect.objectContaining({ id, status: 'pending', attempts: 1, lastError: expect.stringMatching(/ECONNREFUSED/) })]);
    expectError(await admin.req({ method: 'POST', url: `/api/v1/admin/mail/${id}/resend` }), 409, 'CONFLICT');
  });
});
