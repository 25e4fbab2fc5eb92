import { type Kysely, sql } from 'kysely';

/*
 * Tables of events/checkin. The scan log keeps every nonce a scanner sent with the answer it was given, so
 * a retry is answered the same and never checks anyone in twice. Lists get unique indexes so that making
 * them when first needed (by many scanners at once) leaves one list a day and one a session.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('event_checkin_scans')
    .addColumn('nonce', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
    .addColumn('list_id', 'text', (c) => c.notNull().references('event_checkin_lists.id'))
    .addColumn('registration_id', 'text', (c) => c.references('event_registrations.id')) // null: the code named no one
    .addColumn('checkin_id', 'text', (c) => c.references('event_checkins.id')) // the check-in this scan made
    .addColumn('outcome', 'text', (c) => c.notNull()) // accepted | refused
    .addColumn('reason', 'text') // refused: unknown_code | cancelled | wrong_day | not_this_event | already_in
    .addColumn('answer', 'text', (c) => c.notNull()) // JSON: the answer as first given, replayed to a retry
    .addColumn('scanner', 'text', (c) => c.notNull())
    .addColumn('by_user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('scanned_at', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('offline', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('event_checkin_scans_list_idx').on('event_checkin_scans').columns(['list_id', 'recorded_at']).execute();
  await db.schema.createIndex('event_checkin_scans_event_idx').on('event_checkin_scans').columns(['event_id', 'recorded_at']).execute();

  await db.schema.createIndex('event_checkin_lists_door_uq').on('event_checkin_lists').columns(['event_id', 'day']).unique().where(sql.ref('kind'), '=', 'door').execute();
  await db.schema.createIndex('event_checkin_lists_session_uq').on('event_checkin_lists').columns(['session_id']).unique().where(sql.ref('session_id'), 'is not', null).execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
