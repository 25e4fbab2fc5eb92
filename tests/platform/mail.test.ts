import { afterEach, describe, expect, it } from 'vitest';
import { MAIL_JOB, queueMail } from '../../server/platform/mail/outbox.js';
import { smtpTransport } from '../../server/platform/mail/sender.js';
import { type TestApp, testApp } from '../support/app.js';
import { type ReceivedMail, startSmtpPeer } from '../support/smtp-peer.js';
import { freePort } from './helpers.js';

/** Undoes quoted-printable soft breaks and escapes, enough to find links and text in a raw message. */
const decoded = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16)));

const LINK = 'http://127.0.0.1:3000/verify-email?token=abcdefghijklmnopqrstuvwxyz0123456789';

let app: TestApp | null = null;
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await app?.close();
  app = null;
  for (const c of closers.splice(0)) await c();
});

async function appWithPeer(port: number) {
  app = await testApp({ mailTransport: smtpTransport(`smtp://127.0.0.1:${port}`) });
  return app;
}

const outbox = (a: TestApp, id: string) => a.platform.database.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const mailJob = (a: TestApp) => a.platform.database.db.selectFrom('jobs').selectAll().where('kind', '=', MAIL_JOB).executeTakeFirstOrThrow();
const queue = (a: TestApp) =>
  a.platform.database.db.transaction().execute((tx) => queueMail(tx, 'ada@example.org', 'verify_email', { name: 'Ada Lovelace', link: LINK }, a.clock.now()));

describe('mail delivery through SMTP', () => {
  it('delivers a queued message to the SMTP peer and marks the outbox row sent', async () => {
    const peer = await startSmtpPeer();
    closers.push(peer.close);
    const a = await appWithPeer(peer.port);
    const id = await queue(a);
    expect((await outbox(a, id)).status).toBe('pending');
    expect(peer.messages).toHaveLength(0);

    expect(await a.worker.drain()).toBeGreaterThanOrEqual(1);
    expect(peer.messages).toHaveLength(1);
    const m = peer.messages[0] as ReceivedMail;
    expect(m.to).toEqual(['ada@example.org']);
    expect(m.from).toBe('no-reply@guildhall.invalid');
    const text = decoded(m.raw);
    expect(text).toMatch(/^Subject: Confirm your e-mail address for Guildhall\r?$/m);
    expect(text).toMatch(/^To: ada@example\.org\r?$/m);
    expect(text).toContain('Hello Ada Lovelace');
    expect(text).toContain(LINK);
    expect(text).toContain(`<a href="${LINK}">`);
    expect(text).toMatch(new RegExp(`^Message-ID: <${id}@127\\.0\\.0\\.1>\\r?$`, 'm'));
    expect(await outbox(a, id)).toMatchObject({ status: 'sent', attempts: 1, last_error: null, sent_at: a.clock.now().toISOString() });
    expect((await mailJob(a)).status).toBe('done');
  });

  it('sign-up sends the verification link through the same path', async () => {
    const peer = await startSmtpPeer();
    closers.push(peer.close);
    const a = await appWithPeer(peer.port);
    const res = await a.app.inject({ method: 'POST', url: '/api/v1/auth/sign-up', payload: { email: 'grace@example.org', name: 'Grace Hopper', password: 'a long enough passphrase 42' } });
    expect(res.statusCode).toBe(202);
    await a.worker.drain();
    expect(peer.messages.map((m) => m.to)).toEqual([['grace@example.org']]);
    expect(decoded((peer.messages[0] as ReceivedMail).raw)).toMatch(/https?:\/\/\S+token=[A-Za-z0-9_-]{20,}/);
  });

  it('retries with backoff while the peer answers 4xx, then delivers exactly once', async () => {
    const peer = await startSmtpPeer({ reject: (n) => n <= 2 });
    closers.push(peer.close);
    const a = await appWithPeer(peer.port);
    const id = await queue(a);

    await a.worker.drain();
    let row = await outbox(a, id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row.last_error).toMatch(/451|busy/i);
    let job = await mailJob(a);
    expect(job).toMatchObject({ status: 'queued', attempts: 1 });
    const wait = new Date(job.run_at).getTime() - a.clock.now().getTime();
    expect(wait).toBeGreaterThanOrEqual(1600);

    // Before the backoff has passed, nothing is attempted.
    await a.worker.drain();
    expect(peer.attempts()).toBe(1);

    a.clock.advance(wait);
    await a.worker.drain();
    expect(peer.attempts()).toBe(2);
    job = await mailJob(a);
    a.clock.advance(new Date(job.run_at).getTime() - a.clock.now().getTime());
    await a.worker.drain();
    expect(peer.attempts()).toBe(3);
    expect(peer.messages).toHaveLength(1);
    row = await outbox(a, id);
    expect(row).toMatchObject({ status: 'sent', attempts: 3, last_error: null });
    expect((await mailJob(a)).status).toBe('done');

    // Nothing is sent again, however long we wait.
    a.clock.advance(86_400_000);
    await a.worker.drain();
    expect(peer.messages).toHaveLength(1);
  });

  it('retries while the peer is down and delivers once it comes up', async () => {
    const port = await freePort();
    const a = await appWithPeer(port);
    const id = await queue(a);
    await a.worker.drain();
    const row = await outbox(a, id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row.last_error).toMatch(/ECONNREFUSED|connect/i);

    const peer = await startSmtpPeer({ port });
    closers.push(peer.close);
    a.clock.advance(2400);
    await a.worker.drain();
    expect(peer.messages).toHaveLength(1);
    expect(await outbox(a, id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('retries a server that keeps answering 4xx for three days from the first attempt, then marks the message failed with the reason', { timeout: 60_000 }, async () => {
    const peer = await startSmtpPeer({ reject: () => true });
    closers.push(peer.close);
    const a = await appWithPeer(peer.port);
    const id = await queue(a);
    const first = a.clock.now().getTime();
    // Every six hours for just under three days: still pending, retried again and again.
    while (a.clock.now().getTime() - first < 3 * 86_400_000 - 3_600_000) {
      await a.worker.drain();
      a.clock.advance(6 * 3_600_000);
    }
    const waiting = await outbox(a, id);
    expect(waiting.status).toBe('pending');
    expect(waiting.last_error).toMatch(/451/);
    const triesSoFar = peer.attempts();
    expect(triesSoFar).toBeGreaterThanOrEqual(12);
    // Past three days, the next failure gives up.
    a.clock.advance(2 * 3_600_000);
    await a.worker.drain();
    a.clock.advance(2 * 3_600_000);
    await a.worker.drain();
    const row = await outbox(a, id);
    expect(row.status).toBe('failed');
    expect(row.last_error).toMatch(/^Not delivered after \d+ attempts since 2026-11-25T10:00:00\.000Z: .*451/);
    expect(row.first_attempt_at).toBe('2026-11-25T10:00:00.000Z');
    expect(peer.messages).toHaveLength(0);
    // Failed mail is not tried again by itself.
    const tries = peer.attempts();
    a.clock.advance(86_400_000);
    await a.worker.drain();
    expect(peer.attempts()).toBe(tries);
  });

  it('gives up on a server that stops answering within the idle timeout, and retries later', async () => {
    const peer = await startSmtpPeer({ hang: true });
    closers.push(peer.close);
    app = await testApp({ mailTransport: smtpTransport(`smtp://127.0.0.1:${peer.port}`, { idleMs: 300 }) });
    const id = await queue(app);
    const t = Date.now();
    await app.worker.drain();
    expect(Date.now() - t).toBeLessThan(5000);
    expect(peer.attempts()).toBe(1);
    const row = await outbox(app, id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row.last_error).toMatch(/timeout/i);
    expect((await mailJob(app)).status).toBe('queued');
  });

  it('never sends mail queued in a transaction that rolled back', async () => {
    const peer = await startSmtpPeer();
    closers.push(peer.close);
    const a = await appWithPeer(peer.port);
    await expect(
      a.platform.database.db.transaction().execute(async (tx) => {
        await queueMail(tx, 'ada@example.org', 'verify_email', { name: 'Ada', link: LINK }, a.clock.now());
        throw new Error('the sign-up failed after queueing mail');
      }),
    ).rejects.toThrow('the sign-up failed');
    expect(await a.platform.database.db.selectFrom('outbox').selectAll().execute()).toHaveLength(0);
    expect(await a.platform.database.db.selectFrom('jobs').selectAll().where('kind', '=', MAIL_JOB).execute()).toHaveLength(0);
    a.clock.advance(3_600_000);
    await a.worker.drain();
    expect(peer.attempts()).toBe(0);
  });
});
