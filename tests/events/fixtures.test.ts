import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCheckInCode } from '../../server/modules/events/codes.js';
import { makeUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { insertEvent, insertRegistration } from './fixtures.js';

describe('event fixtures', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await testApp();
  });
  afterAll(() => app.close());

  it('writes an event with its programme, and registrations whose codes verify with the event key', async () => {
    const organiser = await makeUser(app, { email: 'fixture-organiser@example.org', roles: ['event_organiser'] });
    const member = await makeUser(app, { email: 'fixture-member@example.org' });
    const event = await insertEvent(app, { createdBy: organiser });
    const reg = await insertRegistration(app, event, { id: member, email: 'fixture-member@example.org' });
    expect(reg.reference).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(verifyCheckInCode(reg.code, event.publicKey)).toMatchObject({ eventId: event.id, registrationId: reg.id });
    const sessions = await app.platform.database.db.selectFrom('event_sessions').select('cpd_quarters').where('event_id', '=', event.id).execute();
    expect(sessions.map((s) => s.cpd_quarters)).toEqual([4, 4, 4, 4, 6]);
  });
});
