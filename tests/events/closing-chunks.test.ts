import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attendanceIssuer } from '../../server/modules/events/closing/issue.js';
import { type Browser, call, makeUser, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { checkIn, insertLists } from './closing-fixtures.js';
import { type EventFixture, insertEvent, insertRegistration } from './fixtures.js';

/*
 * Credentials of attendance issued a chunk per transaction, each chunk signed while the one before it is
 * stored: every attendee gets one, each with its own revocation entry, progress after each chunk, and all verify.
 */
describe('issuing credentials of attendance in chunks', () => {
  let app: TestApp;
  let organiser: Browser & { id: string };
  let event: EventFixture;

  beforeAll(async () => {
    app = await testApp({ now: '2027-03-12T10:00:00Z' });
    organiser = await signedInUser(app, 'chunks-organiser@example.org', ['event_organiser']);
    event = await insertEvent(app, { createdBy: organiser.id, title: 'Chunked Summit' });
    const lists = await insertLists(app, event);
    for (let i = 0; i < 5; i++) {
      const email = `chunks-${i}@example.org`;
      const id = await makeUser(app, { email, name: `Attendee ${i}` });
      const reg = await insertRegistration(app, event, { id, email, name: `Attendee ${i}` });
      await checkIn(app, event, lists.door, reg.id, organiser.id);
      if (i % 2 === 0) await checkIn(app, event, lists.sessions[i % lists.sessions.length]!, reg.id, organiser.id);
    }
    const closed = await organiser.req({ method: 'POST', url: `/api/v1/events/${event.id}/close` });
    expect(closed.statusCode, closed.body).toBe(200);
  });
  afterAll(() => app.close());

  it('issues one credential each, with distinct revocation entries, reporting progress per chunk', async () => {
    const issuer = attendanceIssuer(app.platform, app.services.credentials, { chunk: 2 });
    const seen: number[] = [];
    expect(await issuer.issue(event.id, async (done) => void seen.push(done))).toEqual({ issued: 5 });
    expect(seen).toEqual([0, 2, 4, 5]);
    const rows = await app.platform.database.db.selectFrom('event_attendance_credentials').select(['id', 'user_id', 'revocation_list_id', 'revocation_index']).where('event_id', '=', event.id).execute();
    expect(new Set(rows.map((r) => r.user_id)).size).toBe(5);
    expect(new Set(rows.map((r) => `${r.revocation_list_id} ${r.revocation_index}`)).size).toBe(5);
    for (const r of rows) expect((await call(app, { url: `/api/v1/verify?credential=${r.id}` })).json()).toMatchObject({ verified: true });
    // Nothing changed since: a second run issues nothing.
    expect(await issuer.issue(event.id)).toEqual({ issued: 0 });
  });
});
