import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smtpTransport } from '../../server/platform/mail/sender.js';
import { type Browser, type Json, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { type SmtpPeer, startSmtpPeer } from '../support/smtp-peer.js';

/*
 * A CPD plan's reminders are sent by e-mail on their day, once: a planned activity's reminder links to the log
 * form filled in from the plan. Delivered through a real SMTP peer on loopback, as other mail tests do.
 */

let app: TestApp;
let peer: SmtpPeer;
let ann: Browser & { id: string };
const on = (day: string) => app.clock.set(`${day}T07:00:00.000Z`);
const run = (opts = {}) => app.services.cpd.standards.planReminders.run(opts);
const delivered = async () => {
  await app.worker.drain();
  return peer.messages;
};
const plan = (b: Browser, body: Json) => b.req({ method: 'PUT', url: '/api/v1/me/cpd/plan', payload: body });
const planned = (title: string, remindOn: string | null) => ({ title, type: 'training', hours: 7.5, plannedOn: null, remindOn, done: false });

beforeAll(async () => {
  peer = await startSmtpPeer();
  app = await testApp({ now: '2026-11-25T07:00:00.000Z', mailTransport: smtpTransport(peer.url) });
  ann = await signedInUser(app, 'ann@example.org', ['member']);
});
afterAll(async () => {
  await app?.close();
  await peer?.close();
});

describe('CPD plan reminders', () => {
  it('keeps a new reminder dated in the past in the plan but never sends it', async () => {
    const res = await plan(ann, { goals: [], planned: [planned('Late course', '2026-11-24')], reminders: [{ on: '2026-11-01', note: 'Long ago' }] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().remindersSent).toEqual({ planned: [null], reminders: [null] });
    expect(await run()).toEqual({ sent: 0 });
  });

  it('sends each reminder by e-mail on its day, once, with a link to log the planned activity', async () => {
    const body = {
      goals: [{ text: 'Lead a service review', by: null, done: false }],
      planned: [planned('Problem management course', '2026-11-27'), planned('No reminder', null)],
      reminders: [{ on: '2026-11-26', note: 'Book the spring conference' }],
    };
    const saved = await plan(ann, body);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().remindersSent).toEqual({ planned: [null, null], reminders: [null] });
    expect(await run()).toEqual({ sent: 0 });

    on('2026-11-26');
    expect(await run()).toEqual({ sent: 1 });
    expect(await run()).toEqual({ sent: 0 });
    expect((await delivered()).map((m) => [m.to, m.subject])).toEqual([[['ann@example.org'], 'CPD plan reminder: Book the spring conference']]);
    expect(peer.messages[0]!.text).toContain('http://127.0.0.1:3000/cpd?log=new');

    // Saving the plan again keeps what was sent as sent.
    expect((await plan(ann, body)).json().remindersSent).toEqual({ planned: [null, null], reminders: ['2026-11-26T07:00:00.000Z'] });

    on('2026-11-27');
    expect(await run()).toEqual({ sent: 1 });
    const mails = await delivered();
    expect(mails).toHaveLength(2);
    expect(mails[1]!.subject).toBe('CPD plan reminder: Problem management course');
    const { link } = await peer.waitForLink('ann@example.org', /Problem management course/);
    const url = new URL(link);
    expect(url.pathname).toBe('/cpd');
    expect(Object.fromEntries(url.searchParams)).toEqual({ log: 'planned', title: 'Problem management course', type: 'training', hours: '7.5' });
    const shown = (await ann.req({ method: 'GET', url: '/api/v1/me/cpd/plan' })).json();
    expect(shown.remindersSent).toEqual({ planned: ['2026-11-27T07:00:00.000Z', null], reminders: ['2026-11-26T07:00:00.000Z'] });

    on('2026-12-10');
    expect(await run()).toEqual({ sent: 0 });
    expect(await delivered()).toHaveLength(2);
  });

  it('finishes after being stopped half-way, sending each reminder once', async () => {
    on('2026-12-10');
    const members: string[] = [];
    for (let i = 0; i < 5; i++) {
      const m = await signedInUser(app, `planner${i}@example.org`, ['member']);
      members.push(`planner${i}@example.org`);
      expect((await plan(m, { goals: [], planned: [planned(`Course ${i}`, '2026-12-11')], reminders: [] })).statusCode).toBe(200);
    }
    on('2026-12-11');
    await expect(run({ batch: 2, stopAfterBatches: 1 })).rejects.toThrow('stopped after 1 batches');
    expect(await run({ batch: 2 })).toEqual({ sent: 3 });
    expect(await run()).toEqual({ sent: 0 });
    const mails = (await delivered()).filter((m) => m.to.some((t) => members.includes(t)));
    expect(mails.map((m) => m.to[0]).sort()).toEqual(members);
  });
});
