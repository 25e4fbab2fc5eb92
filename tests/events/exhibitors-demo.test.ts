import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoExhibitors } from '../../server/demo/events/exhibitors.js';
import { makeUser, signIn } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { insertEvent } from './fixtures.js';

// The demo's exhibitors on this year's conference, seeded onto an event made by the fixtures.

let app: TestApp;
beforeAll(async () => {
  app = await testApp();
});
afterAll(() => app?.close());

describe('the exhibitors demo', () => {
  it("seeds 40 exhibitors over the tiers and Contoso's stand with a ticketed staff member and leads, named and counted", async () => {
    const organiser = await makeUser(app, { email: 'demo-organiser@example.org', roles: ['event_organiser'] });
    await makeUser(app, { email: 'contoso@demo.guildhall.test', name: 'Jordan Reyes' });
    const event = await insertEvent(app, { createdBy: organiser });
    const db = app.platform.database.db;
    await db.transaction().execute((tx) => seedDemoExhibitors(tx, { conferenceId: event.id, pastConferenceId: '' }, app.clock.now(), app.platform));

    const rows = await db.selectFrom('event_exhibitors').select(['id', 'name', 'tier']).where('event_id', '=', event.id).execute();
    const count = (t: string) => rows.filter((r) => r.tier === t).length;
    expect([rows.length, count('platinum'), count('gold'), count('silver'), count('bronze'), count('supporter')]).toEqual([40, 2, 5, 10, 13, 10]);
    const contoso = rows.find((r) => r.name === 'Contoso Health IT')?.id as string;
    const staff = await signIn(app, 'contoso@demo.guildhall.test');
    const stands = (await staff.req({ method: 'GET', url: `/api/v1/me/stands/${event.slug}` })).json().stands;
    expect(stands.map((s: { id: string }) => s.id)).toEqual([contoso]);
    const leads = (await staff.req({ method: 'GET', url: `/api/v1/events/${event.id}/exhibitors/${contoso}/leads` })).json();
    expect(leads.leads).toHaveLength(2);
    expect(leads.counted).toBe(2);
    // Scanning a counted visitor again counts them once.
    const grace = await db.selectFrom('event_registrations').select('reference').where('event_id', '=', event.id).where('email', '=', 'grace.okafor@visitors.example').executeTakeFirstOrThrow();
    const again = await staff.req({ method: 'POST', url: `/api/v1/events/${event.id}/exhibitors/${contoso}/leads`, payload: { code: grace.reference } });
    expect(again.json()).toMatchObject({ outcome: 'counted', repeat: true, counted: 2 });
    const ticket = await db
      .selectFrom('event_registrations as r')
      .innerJoin('users as u', 'u.id', 'r.user_id')
      .innerJoin('event_ticket_types as t', 't.id', 'r.ticket_type_id')
      .select(['t.kind', 'r.status'])
      .where('u.email', '=', 'contoso@demo.guildhall.test')
      .executeTakeFirstOrThrow();
    expect(ticket).toEqual({ kind: 'exhibitor', status: 'confirmed' });
  });
});
