import { newId } from '../../server/platform/ids.js';
import type { TestApp } from '../support/app.js';
import type { EventFixture } from './fixtures.js';

/*
 * Check-in lists and check-ins written straight into events/checkin's tables, as its scans would leave
 * them, and confirmed speakers as events/core would: what closing reads.
 */

export type ClosingLists = { door: string; day2Door: string; sessions: string[] };

export async function insertLists(app: TestApp, event: EventFixture, opts: { sessionLists?: boolean } = {}): Promise<ClosingLists> {
  const db = app.platform.database.db;
  const at = app.clock.now().toISOString();
  const ev = await db.selectFrom('events').select(['starts_on', 'ends_on']).where('id', '=', event.id).executeTakeFirstOrThrow();
  const door = newId();
  const day2Door = newId();
  await db
    .insertInto('event_checkin_lists')
    .values([
      { id: door, event_id: event.id, kind: 'door', day: ev.starts_on, session_id: null, name: 'Door, day one', created_at: at },
      { id: day2Door, event_id: event.id, kind: 'door', day: ev.ends_on, session_id: null, name: 'Door, day two', created_at: at },
    ])
    .execute();
  const sessions: string[] = [];
  if (opts.sessionLists ?? true) {
    for (const [i, s] of event.sessions.entries()) {
      const id = newId();
      sessions.push(id);
      await db.insertInto('event_checkin_lists').values({ id, event_id: event.id, kind: 'session', day: null, session_id: s, name: `Session ${i + 1}`, created_at: at }).execute();
    }
  }
  return { door, day2Door, sessions };
}

/** A live check-in of a registration on a list, as a scanner's settled scan. */
export async function checkIn(app: TestApp, event: EventFixture, listId: string, registrationId: string, byUserId: string): Promise<string> {
  const id = newId();
  const at = app.clock.now().toISOString();
  await app.platform.database.db
    .insertInto('event_checkins')
    .values({ id, event_id: event.id, list_id: listId, registration_id: registrationId, nonce: newId(), scanner: 'scanner 1', by_user_id: byUserId, scanned_at: at, recorded_at: at, offline: 0, undone_at: null, undone_by: null, undo_reason: null })
    .execute();
  return id;
}

export async function insertSpeaker(app: TestApp, event: EventFixture, sessionId: string, user: { id: string | null; name: string; email: string }, status: 'invited' | 'confirmed' | 'declined' = 'confirmed') {
  await app.platform.database.db
    .insertInto('event_speakers')
    .values({ id: newId(), event_id: event.id, session_id: sessionId, user_id: user.id, name: user.name, email: user.email, bio: null, status, token_hash: null, responded_at: null, created_at: app.clock.now().toISOString() })
    .execute();
}
