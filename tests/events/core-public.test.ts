// The public face of an event: the programme feed read by a real iCalendar parser (ical.js), and the
// server-rendered pages (the suite's global setup builds the web app they are rendered with).
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, call, makeUser, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { builtEvent, ok, talk } from './core-support.js';

let app: TestApp;
let organiser: Browser & { id: string };
let event: Awaited<ReturnType<typeof builtEvent>>;
const titles = ['Keynote: the state of service management', 'Incident reviews <that> work & last', 'Panel: AI at the service desk'];

beforeAll(async () => {
  app = await testApp({ now: '2027-05-01T10:00:00Z' });
  organiser = await signedInUser(app, 'public-organiser@example.org', ['event_organiser']);
  await makeUser(app, { email: 'public-speaker@example.org', name: 'Dana Okafor' });
  event = await builtEvent(organiser, { title: 'Summer Forum', startsOn: '2027-06-10', endsOn: '2027-06-11', format: 'hybrid', joinUrl: 'https://meet.example.com/hidden-link' });
  const speakers = [{ email: 'public-speaker@example.org' }, { email: 'guest@example.net', name: 'Gil Guest' }];
  ok(await organiser.req({ method: 'POST', url: `/api/v1/events/${event.id}/sessions`, payload: talk({ title: titles[0], format: 'keynote', day: '2027-06-10', roomId: event.roomId, speakers }) }), 201);
  ok(await organiser.req({ method: 'POST', url: `/api/v1/events/${event.id}/sessions`, payload: talk({ title: titles[1], day: '2027-06-10', startTime: '10:30', endTime: '11:15', roomId: event.roomId, trackId: event.trackId }) }), 201);
  ok(await organiser.req({ method: 'POST', url: `/api/v1/events/${event.id}/sessions`, payload: talk({ title: titles[2], format: 'panel', day: '2027-06-11', startTime: '14:00', endTime: '15:00' }) }), 201);
}, 60_000);
afterAll(async () => {
  await app?.close();
});

describe('the programme feed', () => {
  it('parses with ical.js: one VEVENT per session, stable UIDs, UTC times, room, abstract, speakers and page', async () => {
    const res = await call(app, { url: `/events/${event.slug}/programme.ics` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    const cal = new ICAL.Component(ICAL.parse(res.body));
    const vevents = cal.getAllSubcomponents('vevent').map((c) => new ICAL.Event(c));
    expect(vevents.map((v) => v.summary).sort()).toEqual([...titles].sort());
    const keynote = vevents.find((v) => v.summary === titles[0]) as ICAL.Event;
    // London is UTC+1 in June: 09:00 there is 08:00 UTC.
    expect(keynote.startDate.toJSDate().toISOString()).toBe('2027-06-10T08:00:00.000Z');
    expect(keynote.endDate.toJSDate().toISOString()).toBe('2027-06-10T09:00:00.000Z');
    expect(keynote.startDate.zone?.tzid).toBe('UTC');
    expect(keynote.location).toBe('Main hall, Riverside Centre');
    expect(keynote.description).toContain('Moving fixes to the first line.');
    expect(keynote.description).toContain('Dana Okafor, Gil Guest');
    expect(String(keynote.component.getFirstPropertyValue('url'))).toMatch(new RegExp(`/events/${event.slug}#session-`));
    const second = await call(app, { url: `/events/${event.slug}/programme.ics` });
    const uids = (text: string) => new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((c) => c.getFirstPropertyValue('uid')).sort();
    expect(uids(second.body)).toEqual(uids(res.body));
    expect(new Set(uids(res.body)).size).toBe(3);
    expect(res.body).not.toContain('hidden-link');
    // The same feed under the API.
    expect((await call(app, { url: `/api/v1/public/events/${event.slug}/programme.ics` })).body).toBe(res.body);
  });

  it('is not found for a draft or an unknown event', async () => {
    const draft = await builtEvent(organiser, { title: 'Draft Forum', startsOn: '2027-06-10', endsOn: '2027-06-10' }, false);
    expect((await call(app, { url: `/events/${draft.slug}/programme.ics` })).statusCode).toBe(404);
    expect((await call(app, { url: '/events/no-such-event/programme.ics' })).statusCode).toBe(404);
  });
});

describe('the public pages', () => {
  const page = async (url: string, status = 200) => {
    const res = await call(app, { url, headers: { accept: 'text/html' } });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(status);
    return res.body;
  };

  it("renders the event's programme as HTML with no app script, schema.org Event data, Open Graph tags and no join link", async () => {
    const html = await page(`/events/${event.slug}`);
    expect(html).toContain('<title>Summer Forum – Guildhall</title>');
    expect(html).not.toMatch(/<script type="module"[^>]*src="\/assets\/index-/);
    expect(html).not.toContain('id="server-data"');
    const root = html.slice(html.indexOf('<div id="root">'));
    expect(root).toContain('Keynote: the state of service management');
    expect(root).toContain('Incident reviews &lt;that&gt; work &amp; last');
    expect(root).toContain('Dana Okafor');
    expect(root).toMatch(/<time datetime="2027-06-10T08:00:00.000Z">09:00<\/time>/i);
    expect(root).toContain(`href="/events/${event.slug}/register"`);
    expect(root).toContain(`href="/events/${event.slug}/programme.ics"`);
    expect(html).not.toContain('hidden-link');
    expect(html).toContain('<meta property="og:title" content="Summer Forum" />');
    const ld = JSON.parse((/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html) as RegExpExecArray)[1] as string);
    expect(ld).toMatchObject({ '@context': 'https://schema.org', '@type': 'Event', name: 'Summer Forum', startDate: '2027-06-10T08:00:00.000Z', endDate: '2027-06-11T14:00:00.000Z', organizer: { '@type': 'Organization' } });
    expect(ld.location).toEqual(expect.arrayContaining([expect.objectContaining({ '@type': 'Place', name: 'Riverside Centre' }), expect.objectContaining({ '@type': 'VirtualLocation' })]));
    expect(ld.subEvent).toHaveLength(3);
    expect(ld.performer.map((x: { name: string }) => x.name).sort()).toEqual(['Dana Okafor', 'Gil Guest']);
  });

  it('lists published events on /events, and answers 404 for a draft; the fixed page words stay the app’s', async () => {
    const list = await page('/events');
    expect(list).toContain('Summer Forum');
    expect(list).not.toContain('Draft Forum');
    const draft = await builtEvent(organiser, { title: 'Hidden Draft', startsOn: '2027-06-10', endsOn: '2027-06-10' }, false);
    await page(`/events/${draft.slug}`, 404);
    const manage = await call(app, { url: '/events/manage', headers: { accept: 'text/html' } });
    expect(manage.statusCode).toBe(200);
    expect(manage.body).not.toContain('No event has this address');
  });
});
