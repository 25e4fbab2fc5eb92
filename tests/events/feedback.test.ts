import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../server/modules/cpd/csv.js';
import { newId } from '../../server/platform/ids.js';
import { type Browser, type Json, expectError, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { type EventFixture, insertEvent, insertRegistration } from './fixtures.js';
import { checkInToSession } from './proposals-fixtures.js';

/*
 * Session feedback: only from people checked in to the session, one each (a second replaces the first);
 * speakers read their own sessions' feedback unnamed, organisers read and export all of it.
 */

type Person = Browser & { id: string };

describe('session feedback', () => {
  let app: TestApp;
  let organiser: Person;
  let attendee: Person;
  let other: Person;
  let speaker: Person;
  let event: EventFixture;

  beforeAll(async () => {
    app = await testApp();
    organiser = await signedInUser(app, 'fb-organiser@example.org', ['event_organiser']);
    attendee = await signedInUser(app, 'fb-attendee@example.org');
    other = await signedInUser(app, 'fb-other@example.org');
    speaker = await signedInUser(app, 'fb-speaker@example.org');
    event = await insertEvent(app, { createdBy: organiser.id });
    const at = app.clock.now().toISOString();
    // The speaker speaks at session 1 only.
    await app.platform.database.db
      .insertInto('event_speakers')
      .values({ id: newId(), event_id: event.id, session_id: event.sessions[0] as string, user_id: speaker.id, name: 'Sam Speaker', email: 'fb-speaker@example.org', bio: null, status: 'confirmed', token_hash: null, responded_at: at, created_at: at })
      .execute();
    const a = await insertRegistration(app, event, { id: attendee.id, email: 'fb-attendee@example.org', name: 'Alex Attendee' });
    await checkInToSession(app, event, event.sessions[0] as string, a.id, organiser.id);
    await checkInToSession(app, event, event.sessions[2] as string, a.id, organiser.id);
    const o = await insertRegistration(app, event, { id: other.id, email: 'fb-other@example.org' });
    // The other person was checked in to session 2, then the check-in was undone.
    const undone = await checkInToSession(app, event, event.sessions[1] as string, o.id, organiser.id);
    await app.platform.database.db.updateTable('event_checkins').set({ undone_at: at, undone_by: organiser.id, undo_reason: 'wrong room' }).where('id', '=', undone).execute();
  });
  afterAll(() => app.close());

  const give = (who: Browser, sessionId: string, payload: Json) => who.req({ method: 'PUT', url: `/api/v1/event-sessions/${sessionId}/feedback`, payload });

  it('only someone checked in to the session may rate it, and a second rating replaces the first', async () => {
    const refused = expectError(await give(other, event.sessions[0] as string, { rating: 5, comment: 'Great' }), 403, 'FORBIDDEN');
    expect(refused.message).toContain('Session 1');
    expectError(await give(other, event.sessions[1] as string, { rating: 5, comment: 'Undone check-in' }), 403, 'FORBIDDEN');
    expectError(await give(attendee, event.sessions[1] as string, { rating: 4, comment: 'Not there' }), 403, 'FORBIDDEN');
    expectError(await give(attendee, event.sessions[0] as string, { rating: 0, comment: 'x' }), 400, 'VALIDATION_FAILED');
    expectError(await give(attendee, 'no-such-session', { rating: 3, comment: 'x' }), 404, 'NOT_FOUND');
    const first = await give(attendee, event.sessions[0] as string, { rating: 2, comment: 'Too fast' });
    expect(first.json()).toMatchObject({ rating: 2, replaced: false });
    const second = await give(attendee, event.sessions[0] as string, { rating: 4, comment: '=HYPERLINK("http://evil.example")' });
    expect(second.json()).toMatchObject({ rating: 4, replaced: true, id: first.json().id });
    expect((await give(attendee, event.sessions[2] as string, { rating: 5, comment: '+1 loved it, "really"' })).statusCode).toBe(200);
    const rows = await app.platform.database.db.selectFrom('event_session_feedback').select(['session_id', 'rating']).where('event_id', '=', event.id).execute();
    expect(rows.length).toBe(2);
    const mine = (await attendee.req({ method: 'GET', url: `/api/v1/me/event-feedback/${event.slug}` })).json();
    expect(mine.sessions.map((s: Json) => [s.title, s.myFeedback?.rating])).toEqual([['Session 1', 4], ['Session 3', 5]]);
  });

  it('speakers see their own sessions’ feedback only, unnamed; organisers see all, named, and export it safely', async () => {
    const asSpeaker = await speaker.req({ method: 'GET', url: '/api/v1/me/session-feedback' });
    expect(asSpeaker.json().sessions).toEqual([expect.objectContaining({ title: 'Session 1', count: 1, meanRating: 4 })]);
    expect(asSpeaker.body).not.toContain('fb-attendee');
    expect(asSpeaker.body).not.toContain('loved it');
    expect((await attendee.req({ method: 'GET', url: '/api/v1/me/session-feedback' })).json().sessions).toEqual([]);
    expectError(await speaker.req({ method: 'GET', url: `/api/v1/events/${event.id}/feedback` }), 403, 'FORBIDDEN');

    const all = (await organiser.req({ method: 'GET', url: `/api/v1/events/${event.id}/feedback` })).json();
    expect(all.sessions.filter((s: Json) => s.count > 0).map((s: Json) => [s.title, s.feedback[0].attendee.name])).toEqual([['Session 1', 'fb-attendee'], ['Session 3', 'fb-attendee']]);
    const csv = await organiser.req({ method: 'GET', url: `/api/v1/events/${event.id}/feedback.csv` });
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const parsed = parseCsv(csv.body);
    expect(parsed.error).toBeNull();
    const cells = parsed.records.map((r) => r.fields);
    expect(cells[0]).toEqual(['session', 'starts_at', 'attendee', 'rating', 'comment', 'given_at']);
    expect(cells.slice(1).map((r) => [r[0], r[4]])).toEqual([['Session 1', `'=HYPERLINK("http://evil.example")`], ['Session 3', `'+1 loved it, "really"`]]);
    expectError(await speaker.req({ method: 'GET', url: `/api/v1/events/${event.id}/feedback.csv` }), 403, 'FORBIDDEN');
  });
});
