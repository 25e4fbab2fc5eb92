import type { Db, Tx } from '../../../db/database.js';
import type { EventAttendanceTable } from '../../../db/schema-events.js';

type Q = Db | Tx;

/** Reads of the shared event tables that closing needs, and writes of its own (event_attendance). */
export const closingRepository = {
  /** An event by its id or its slug (the attendee's page knows the slug). */
  event: (q: Q, ref: string) =>
    q
      .selectFrom('events')
      .select(['id', 'slug', 'title', 'status', 'time_zone', 'starts_on', 'ends_on', 'venue_name', 'closed_at'])
      .where((eb) => eb.or([eb('id', '=', ref), eb('slug', '=', ref)]))
      .executeTakeFirst(),
  sessions: (q: Q, eventId: string) =>
    q
      .selectFrom('event_sessions')
      .select(['id', 'title', 'starts_at', 'ends_at', 'cpd_type', 'cpd_quarters', 'status', 'closed_at'])
      .where('event_id', '=', eventId)
      .orderBy('starts_at')
      .orderBy('id')
      .execute(),
  lists: (q: Q, eventId: string) => q.selectFrom('event_checkin_lists').select(['id', 'kind', 'day', 'session_id']).where('event_id', '=', eventId).execute(),
  /** Live check-ins (an undone one is a mistake corrected, and credits nothing). */
  checkins: (q: Q, eventId: string, registrationId?: string) => {
    let s = q.selectFrom('event_checkins').select(['list_id', 'registration_id']).where('event_id', '=', eventId).where('undone_at', 'is', null);
    if (registrationId) s = s.where('registration_id', '=', registrationId);
    return s.execute();
  },
  registrations: (q: Q, eventId: string) =>
    q.selectFrom('event_registrations').select(['id', 'user_id', 'name', 'email', 'reference', 'status']).where('event_id', '=', eventId).orderBy('name').orderBy('id').execute(),
  registrationOf: (q: Q, eventId: string, userId: string) =>
    q.selectFrom('event_registrations').select(['id', 'user_id', 'name', 'email', 'reference', 'status']).where('event_id', '=', eventId).where('user_id', '=', userId).executeTakeFirst(),
  /** Confirmed speakers who have an account (guests have no CPD log). */
  speakers: (q: Q, eventId: string) =>
    q
      .selectFrom('event_speakers')
      .select(['session_id', 'user_id'])
      .where('event_id', '=', eventId)
      .where('status', '=', 'confirmed')
      .where('user_id', 'is not', null)
      .execute() as Promise<Array<{ session_id: string; user_id: string }>>,
  attendance: (q: Q, eventId: string) => q.selectFrom('event_attendance').selectAll().where('event_id', '=', eventId).execute(),
  attendanceOf: (q: Q, eventId: string, userId: string) => q.selectFrom('event_attendance').selectAll().where('event_id', '=', eventId).where('user_id', '=', userId).executeTakeFirst(),
  putAttendance: async (tx: Tx, rows: EventAttendanceTable[]) => {
    for (let i = 0; i < rows.length; i += 500)
      await tx
        .insertInto('event_attendance')
        .values(rows.slice(i, i + 500))
        .onConflict((oc) =>
          oc.columns(['event_id', 'user_id']).doUpdateSet((eb) => ({
            sessions: eb.ref('excluded.sessions'),
            attended_quarters: eb.ref('excluded.attended_quarters'),
            speaking_quarters: eb.ref('excluded.speaking_quarters'),
            closed_at: eb.ref('excluded.closed_at'),
          })),
        )
        .execute();
  },
  liveCredentials: (q: Q, eventId: string) =>
    q.selectFrom('event_attendance_credentials').select(['id', 'user_id', 'sessions', 'issued_at', 'revocation_list_id']).where('event_id', '=', eventId).where('revoked_at', 'is', null).execute(),
  liveCredentialOf: (q: Q, eventId: string, userId: string) =>
    q.selectFrom('event_attendance_credentials').selectAll().where('event_id', '=', eventId).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst(),
  /** The member's credits from this event (the provider path's keys start with the event's id). */
  credits: (q: Q, providerId: string, eventId: string, memberId: string) =>
    q
      .selectFrom('cpd_activities')
      .select(['type', 'title', 'occurred_on', 'quarters'])
      .where('provider_id', '=', providerId)
      .where('member_id', '=', memberId)
      .where('row_key', 'like', `event:${eventId}:%`)
      .where('deleted_at', 'is', null)
      .orderBy('occurred_on')
      .orderBy('title')
      .execute(),
};
