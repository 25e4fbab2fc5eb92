// The demo's conferences: this year's (published, two days, three rooms, about 45 sessions with speakers,
// no clashes) and last year's, both made by the demo organiser and readable in public.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clashesOf } from '../../server/modules/events/clash.rules.js';
import { slotsOf } from '../../server/modules/events/clash.js';
import { DEMO_PASSWORD } from '../../server/demo/people.js';
import { seedDemo } from '../../server/demo/seed.js';
import { call, signIn } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { ok } from './core-support.js';

let app: TestApp;
beforeAll(async () => {
  app = await testApp({ now: '2026-12-07T10:00:00Z' });
  await seedDemo(app);
}, 120_000);
afterAll(async () => {
  await app?.close();
});

describe('demo events', () => {
  it("seeds this year's conference 60 days ahead with ~45 clash-free sessions, and last year's", async () => {
    const list = ok(await call(app, { url: '/api/v1/public/events' }));
    const conf = list.upcoming.find((e: { title: string }) => e.title === 'ITSM Guild Annual Conference 2027');
    expect(conf).toMatchObject({ startsOn: '2027-02-05', endsOn: '2027-02-06', timeZone: 'Europe/London', status: 'published' });
    expect(conf.sessions).toBeGreaterThanOrEqual(40);
    expect(list.past.map((e: { title: string }) => e.title)).toContain('ITSM Guild Annual Conference 2025');
    const event = ok(await call(app, { url: `/api/v1/public/events/${conf.slug}` }));
    expect(event.rooms).toEqual([{ name: 'Main hall', capacity: 600 }, { name: 'Room A', capacity: 200 }, { name: 'Room B', capacity: 120 }]);
    expect(event.tracks).toHaveLength(3);
    const formats = new Set(event.days.flatMap((d: { sessions: Array<{ format: string }> }) => d.sessions.map((s) => s.format)));
    expect([...formats].sort()).toEqual(['keynote', 'panel', 'talk', 'workshop']);
    expect(event.speakers.length).toBeGreaterThan(20);
    const slots = await slotsOf(app.platform.database.db, conf.id);
    for (const s of slots) expect(clashesOf(s, slots), s.title).toEqual([]);
    const members = await app.platform.database.db.selectFrom('event_speakers').select('user_id').where('event_id', '=', conf.id).where('user_id', 'is not', null).execute();
    expect(members.length).toBeGreaterThan(0);
  });

  it('lets the demo organiser manage both conferences they made', async () => {
    const chloe = await signIn(app, 'organiser@demo.guildhall.test', DEMO_PASSWORD);
    const mine = ok(await chloe.req({ url: '/api/v1/events' }));
    expect(mine.events).toHaveLength(2);
    const conf = ok(await chloe.req({ url: `/api/v1/events/${mine.events[0].id}` }));
    expect(conf.ticketTypes.map((t: { name: string }) => t.name)).toContain('Day ticket, day two');
    expect(conf.ticketTypes.find((t: { name: string }) => t.name === 'Day ticket, day two').capacity).toBe(5);
  });
});
