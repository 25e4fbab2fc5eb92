import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoRegistrations } from '../../server/demo/events/registration.js';
import { makeUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { insertEvent } from './fixtures.js';

/* The demo's registrations, seeded onto two events written by the fixtures (the core part's demo makes the real ones). */

let app: TestApp;
beforeAll(async () => {
  app = await testApp();
});
afterAll(() => app.close());

describe('the demo registrations', () => {
  it('fill the conference, its small ticket and its waiting list (one offered), and last year’s conference', async () => {
    const db = app.platform.database.db;
    const organiser = await makeUser(app, { email: 'demo-organiser@example.org', roles: ['event_organiser'] });
    await makeUser(app, { email: 'member@demo.guildhall.test', name: 'Aisha Bello' });
    const now = await insertEvent(app, { createdBy: organiser });
    const past = await insertEvent(app, { createdBy: organiser, startsOn: '2025-11-10', status: 'closed' });
    await db.updateTable('event_ticket_types').set({ capacity: 5 }).where('id', '=', now.tickets.day).execute();
    await db.transaction().execute((tx) => seedDemoRegistrations(tx, { conferenceId: now.id, pastConferenceId: past.id }, app.clock.now(), app.platform));
    const count = async (eventId: string, ticket?: string) => {
      let q = db.selectFrom('event_registrations').select((e) => e.fn.countAll<number>().as('n')).where('event_id', '=', eventId).where('status', '=', 'confirmed');
      if (ticket) q = q.where('ticket_type_id', '=', ticket);
      return Number((await q.executeTakeFirstOrThrow()).n);
    };
    expect(await count(now.id)).toBeGreaterThanOrEqual(250);
    expect(await count(past.id)).toBe(150);
    // Four of five holders remain; the fifth place is held for the first person waiting.
    expect(await count(now.id, now.tickets.day)).toBe(4);
    const waiting = await db.selectFrom('event_waitlist').select('status').where('event_id', '=', now.id).orderBy('created_at').execute();
    expect(waiting.map((w) => w.status)).toEqual(['offered', 'waiting', 'waiting', 'waiting', 'waiting']);
    const member = await db.selectFrom('users').select('id').where('email', '=', 'member@demo.guildhall.test').executeTakeFirstOrThrow();
    const reg = await db.selectFrom('event_registrations').select('id').where('event_id', '=', now.id).where('user_id', '=', member.id).executeTakeFirstOrThrow();
    const agenda = await db.selectFrom('event_agenda_items').select('session_id').where('registration_id', '=', reg.id).execute();
    expect(agenda.length).toBeGreaterThan(0);
  });
});
