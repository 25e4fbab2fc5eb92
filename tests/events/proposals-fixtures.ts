import { expect } from 'vitest';
import { newId } from '../../server/platform/ids.js';
import type { Browser, Json } from '../support/accounts.js';
import type { TestApp } from '../support/app.js';
import type { EventFixture } from './fixtures.js';

/*
 * events/proposals test helpers: an open call, a proposal, a person checked in to a session.
 */

export const proposalBody = (over: Json = {}) => ({
  title: 'Running a service desk for ten thousand people',
  abstract: 'What we learned moving a large service desk to self-service, and what we would do again.',
  format: 'talk',
  level: 'intermediate',
  ...over,
});

export async function openCall(organiser: Browser, event: EventFixture, over: Json = {}) {
  const res = await organiser.req({ method: 'PUT', url: `/api/v1/events/${event.id}/call`, payload: { closesAt: '2027-01-31T23:59:00Z', guidance: 'Practical talks, please.', formats: ['talk', 'workshop'], ...over } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

export async function submit(member: Browser, event: EventFixture, over: Json = {}): Promise<Json> {
  const res = await member.req({ method: 'POST', url: `/api/v1/events/${event.id}/proposals`, payload: proposalBody(over) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

/** A live check-in of a registration on the session's own list (made if missing), as the check-in part writes it. */
export async function checkInToSession(app: TestApp, event: EventFixture, sessionId: string, registrationId: string, byUserId: string): Promise<string> {
  const db = app.platform.database.db;
  const at = app.clock.now().toISOString();
  const list =
    (await db.selectFrom('event_checkin_lists').select('id').where('session_id', '=', sessionId).executeTakeFirst())?.id ??
    (await db.insertInto('event_checkin_lists').values({ id: newId(), event_id: event.id, kind: 'session', day: null, session_id: sessionId, name: 'Session', created_at: at }).returning('id').executeTakeFirstOrThrow()).id;
  const id = newId();
  await db.insertInto('event_checkins').values({ id, event_id: event.id, list_id: list, registration_id: registrationId, nonce: newId(), scanner: 'scanner 1', by_user_id: byUserId, scanned_at: at, recorded_at: at, offline: 0, undone_at: null, undone_by: null, undo_reason: null }).execute();
  return id;
}

/** The authorisation matrix's event: an open call with the owner's proposal (eventId, proposalId, sessionId). */
export async function proposalsMatrixFixtures(app: TestApp, ownerId: string, organiserId: string): Promise<{ eventId: string; slug: string; proposalId: string; sessionId: string }> {
  const { insertEvent } = await import('./fixtures.js');
  const event = await insertEvent(app, { createdBy: organiserId, title: 'Matrix Conference' });
  const db = app.platform.database.db;
  const at = app.clock.now().toISOString();
  await db.insertInto('event_calls').values({ event_id: event.id, closes_at: '2027-01-31T23:59:00.000Z', guidance: 'Matrix', formats: '["talk"]', track_ids: JSON.stringify(event.tracks), status: 'open', opened_by: organiserId, opened_at: at, closed_at: null }).execute();
  const proposalId = newId();
  await db
    .insertInto('event_proposals')
    .values({ id: proposalId, event_id: event.id, submitter_id: ownerId, title: 'Matrix proposal', abstract: 'A matrix proposal long enough.', format: 'talk', level: 'introductory', track_id: null, co_speakers: '[]', status: 'submitted', session_id: null, decided_by: null, decided_at: null, created_at: at, updated_at: at })
    .execute();
  return { eventId: event.id, slug: event.slug, proposalId, sessionId: event.sessions[0] as string };
}
