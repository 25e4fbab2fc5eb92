// The registration pages people reach from outside arrive as HTML with their content (the suite's global
// setup builds the web app they are rendered with): an event's tickets on its register page, and the offer
// a claim link names on the claim page; both carry the app, which hydrates them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, call, lastMail, makeUser, signedInUser, tokenFromText } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { type EventFixture, insertEvent } from './fixtures.js';

let app: TestApp;
let organiserId: string;
let ev: EventFixture;
let n = 0;
const fresh = async () => signedInUser(app, `pages-${++n}@example.org`);

beforeAll(async () => {
  app = await testApp();
  organiserId = await makeUser(app, { email: 'pages-organiser@example.org', roles: ['event_organiser'] });
  ev = await insertEvent(app, { title: 'Pages Summit', createdBy: organiserId, ticketCapacity: 1 });
});
afterAll(() => app?.close());

/** The rendered page, without the markers React leaves between adjacent pieces of text. */
const rootOf = (html: string) => html.slice(html.indexOf('<div id="root">'), html.indexOf('id="server-data"')).replaceAll('<!-- -->', '');
const html = async (url: string, who?: Browser, status = 200) => {
  const res = who ? await who.req({ url, headers: { accept: 'text/html' } }) : await call(app, { url, headers: { accept: 'text/html' } });
  expect(res.statusCode, res.body.slice(0, 300)).toBe(status);
  expect(res.headers['content-type']).toMatch(/^text\/html/);
  return res;
};

describe('the register page', () => {
  it('arrives with the public ticket types, their prices and places, and the app to hydrate it', async () => {
    const res = await html(`/events/${ev.slug}/register`);
    const root = rootOf(res.body);
    expect(res.body).toContain('<title>Register: Pages Summit – Guildhall</title>');
    expect(root).toContain('Register: Pages Summit');
    expect(root).toMatch(/<input[^>]*type="radio"[^>]*name="ticketTypeId"[^>]*value="[^"]+"/);
    expect(root).toContain('Member');
    expect(root).toContain('Non-member');
    expect(root).toContain('£250.00');
    expect(root).toContain('Register as a guest');
    // Tickets that are not on sale to the public are not shown.
    expect(root).not.toContain('Exhibitor staff');
    expect(root).not.toContain('Loading');
    // The app's script and the page's data, for hydration.
    expect(res.body).toMatch(/<script type="module"[^>]*src="\/assets\/index-/);
    const data = JSON.parse((/<script type="application\/json" id="server-data">(.*?)<\/script>/s.exec(res.body) as RegExpExecArray)[1] as string);
    expect(data.values[`registration:${ev.slug}`].options.ticketTypes.map((t: { name: string }) => t.name)).toEqual(['Member', 'Non-member', 'Day ticket (day one)']);
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it("shows a signed-in member their own registration, and is never stored", async () => {
    const member = await fresh();
    const reg = await member.req({ method: 'POST', url: `/api/v1/events/${ev.id}/registrations`, payload: { ticketTypeId: ev.tickets.member } });
    expect(reg.statusCode, reg.body).toBe(201);
    const res = await html(`/events/${ev.slug}/register`, member);
    expect(rootOf(res.body)).toContain(`You are registered (reference ${reg.json().reference})`);
    expect(res.headers['cache-control']).toBe('private, no-store');
    // The member ticket is now full for everyone else: the page says so in its HTML.
    expect(rootOf((await html(`/events/${ev.slug}/register`)).body)).toMatch(/Member: Free \(full; 0 waiting\)/);
  });

  it('answers 404 with words for a draft or unknown event', async () => {
    const draft = await insertEvent(app, { title: 'Draft Pages', createdBy: organiserId, status: 'draft' });
    expect(rootOf((await html(`/events/${draft.slug}/register`, undefined, 404)).body)).toContain('No event has this address.');
    expect(rootOf((await html('/events/no-such-event/register', undefined, 404)).body)).toContain('No event has this address.');
  });
});

describe('the claim page', () => {
  it('arrives with the offer a claim link names, and refuses a used or unknown link in words', async () => {
    const ticket = { ticketTypeId: ev.tickets.non_member };
    const [holder, waiting] = [await fresh(), await fresh()];
    const held = await holder.req({ method: 'POST', url: `/api/v1/events/${ev.id}/registrations`, payload: ticket });
    expect(held.statusCode, held.body).toBe(201);
    expect((await waiting.req({ method: 'POST', url: `/api/v1/events/${ev.id}/waiting-list`, payload: ticket })).statusCode).toBe(201);
    expect((await holder.req({ method: 'POST', url: `/api/v1/me/event-registrations/${held.json().id}/cancel` })).statusCode).toBe(200);
    await app.worker.drain();
    const token = tokenFromText((await lastMail(app, waiting.user.email)).text_body, '/events/claim');

    const res = await html(`/events/claim?token=${encodeURIComponent(token)}`);
    const root = rootOf(res.body);
    expect(root).toContain('Pages Summit');
    expect(root).toContain('Non-member');
    expect(root).toMatch(/<time datetime="\d{4}-\d\d-\d\dT[^"]+Z">[^<]*Europe\/London\)<\/time>/i);
    expect(root).toContain('Claim my place');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    // Reading the page claims nothing: the place is still offered, and the link still claims it.
    const claimed = await call(app, { method: 'POST', url: '/api/v1/event-waiting-list/claim', payload: { token } });
    expect(claimed.statusCode, claimed.body).toBe(200);

    for (const url of [`/events/claim?token=${encodeURIComponent(token)}`, '/events/claim?token=not-a-real-claim-token']) {
      const after = rootOf((await html(url)).body);
      expect(after, url).toContain('This claim link has expired or was already used.');
      expect(after, url).not.toContain('Claim my place');
    }
    expect(rootOf((await html('/events/claim')).body)).toContain('Open the link from your e-mail to claim a place.');
  });
});
