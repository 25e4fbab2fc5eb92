import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCheckins } from '../../server/demo/events/checkin.js';
import { makeUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { insertEvent, insertRegistration } from './fixtures.js';

/* The demo's check-ins of last year's conference: door and sessions, scan times within the sessions. */

let app: TestApp;
beforeAll(async () => {
  app = await testApp();
});
afterAll(() => app?.close());

describe('demo check-ins', () => {
  it('checks most people in at the door and several into sessions, some at the door only', async () => {
    const organiser = await makeUser(app, { email: 'demo-organiser@example.org', roles: ['event_organiser'] });
    const event = await insertEvent(app, { createdBy: organiser, startsOn: '2025-03-12', status: 'closed' });
    const people = 60;
    for (let i = 0; i < people; i++) {
      const email = `demo${i}@example.org`;
      await insertRegistration(app, event, { id: await makeUser(app, { email }), email }, { ticket: i % 10 === 0 ? 'day' : 'member' });
    }
    const db = app.platform.database.db;
    await db.transaction().execute((tx) => seedDemoCheckins(tx, { conferenceId: '', pastConferenceId: event.id }, app.clock.now()));

    const rows = await db
      .selectFrom('event_checkins as c')
      .innerJoin('event_checkin_lists as l', 'l.id', 'c.list_id')
      .leftJoin('event_sessions as s', 's.id', 'l.session_id')
      .select(['c.registration_id', 'c.scanned_at', 'l.kind', 's.starts_at', 's.ends_at'])
      .where('c.event_id', '=', event.id)
      .execute();
    const atDoor = new Set(rows.filter((r) => r.kind === 'door').map((r) => r.registration_id));
    const inSessions = new Set(rows.filter((r) => r.kind === 'session').map((r) => r.registration_id));
    expect(atDoor.size).toBeGreaterThan(people * 0.8);
    expect(atDoor.size).toBeLessThan(people);
    expect(inSessions.size).toBeGreaterThan(people / 2);
    expect([...atDoor].filter((r) => !inSessions.has(r)).length).toBeGreaterThan(0);
    for (const id of inSessions) expect(atDoor.has(id)).toBe(true);
    for (const r of rows.filter((x) => x.kind === 'session')) {
      expect(Date.parse(r.scanned_at)).toBeGreaterThanOrEqual(Date.parse(r.starts_at as string) - 10 * 60_000);
      expect(Date.parse(r.scanned_at)).toBeLessThan(Date.parse(r.ends_at as string));
    }
    const scans = await db.selectFrom('event_checkin_scans').select('nonce').where('event_id', '=', event.id).execute();
    expect(scans).toHaveLength(rows.length);
  });
});
