import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCheckInCode } from '../../server/modules/events/codes.js';
import { smtpTransport } from '../../server/platform/mail/sender.js';
import { makeUser, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { type SmtpPeer, mimeParts, startSmtpPeer } from '../support/smtp-peer.js';
import { insertEvent } from './fixtures.js';

/*
 * The registration confirmation, delivered to a real SMTP peer, shows the check-in code as a QR picture
 * inside its HTML part (an inline PNG with a Content-ID) while its text part keeps the reference and link.
 * The picture is read back with a QR decoder, not compared with what the server meant to draw.
 */

// Loaded as CommonJS: jsqr's declarations describe an ES default export, and pngjs (which comes with
// qrcode) has no declarations of its own.
const load = createRequire(import.meta.url);
const jsQR = load('jsqr') as typeof import('jsqr').default;
const { PNG } = load('pngjs') as { PNG: { sync: { read: (b: Buffer) => { width: number; height: number; data: Buffer } } } };

let app: TestApp;
let peer: SmtpPeer;
beforeAll(async () => {
  peer = await startSmtpPeer();
  app = await testApp({ mailTransport: smtpTransport(peer.url) });
});
afterAll(async () => {
  await app.close();
  await peer.close();
});

describe('the registration confirmation mail', () => {
  it('carries the signed check-in code as an inline QR picture that the HTML part shows', async () => {
    const organiserId = await makeUser(app, { email: 'mailqr-organiser@example.org', roles: ['event_organiser'] });
    const event = await insertEvent(app, { createdBy: organiserId });
    const member = await signedInUser(app, 'mailqr-member@example.org');
    const res = await member.req({ method: 'POST', url: `/api/v1/events/${event.slug}/registrations`, payload: { ticketTypeId: event.tickets.member } });
    expect(res.statusCode, res.body).toBe(201);
    const reg = res.json() as { id: string; reference: string; code: string };

    await app.worker.drain();
    const mail = peer.messages.find((m) => m.to.includes(member.user.email) && /registered/i.test(m.subject));
    if (!mail) throw new Error(`No confirmation received: ${peer.messages.map((m) => m.subject).join('; ')}`);
    expect(mail.text).toContain(reg.reference);
    expect(mail.text).toContain(`/events/${event.slug}/ticket`);
    expect(mail.text).not.toContain(reg.code);

    const parts = mimeParts(mail.raw);
    const html = parts.find((p) => /^text\/html/i.test(p.headers['content-type'] ?? ''))?.content.toString('utf8') ?? '';
    const cid = /<img src="cid:([^"]+)" alt="Your check-in code[^"]*"/.exec(html)?.[1];
    expect(cid, html).toBeTruthy();
    const image = parts.find((p) => p.headers['content-id'] === `<${cid}>`);
    expect(image?.headers['content-type']).toMatch(/^image\/png/);
    expect(image?.headers['content-disposition']).toMatch(/^inline/);
    const png = image?.content ?? Buffer.alloc(0);
    expect(png.length).toBeLessThan(16 * 1024);

    const bitmap = PNG.sync.read(png);
    const read = jsQR(new Uint8ClampedArray(bitmap.data), bitmap.width, bitmap.height);
    expect(read?.data).toBe(reg.code);
    expect(verifyCheckInCode(read?.data ?? '', event.publicKey)).toMatchObject({ eventId: event.id, registrationId: reg.id });
  });

  it('other mail has no pictures and stays a text and HTML pair', async () => {
    await app.app.inject({ method: 'POST', url: '/api/v1/auth/sign-up', payload: { email: 'mailqr-plain@example.org', name: 'Plain Mail', password: 'a long enough passphrase 42' } });
    await app.worker.drain();
    const mail = peer.messages.find((m) => m.to.includes('mailqr-plain@example.org'));
    expect(mail).toBeTruthy();
    const types = mimeParts(mail?.raw ?? '').map((p) => (p.headers['content-type'] ?? '').split(';')[0]);
    expect(types).toEqual(['text/plain', 'text/html']);
  });
});
