import { type Kysely, sql } from 'kysely';

/*
 * Tables of events/closing: what closing an event credited to each attendee (one row per person, rewritten
 * by each close, so a late scan shows up after a re-close) and the credentials of attendance it issued.
 * The CPD credits themselves live in cpd_activities (provider path, keyed by provider and row key).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('event_attendance')
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('registration_id', 'text', (c) => c.references('event_registrations.id')) // null for a speaker who did not register
    .addColumn('sessions', 'text', (c) => c.notNull()) // JSON array of the session ids credited (door days as "door:<day>")
    .addColumn('attended_quarters', 'integer', (c) => c.notNull()) // hours × 4 credited for attending
    .addColumn('speaking_quarters', 'integer', (c) => c.notNull()) // hours × 4 credited for speaking (with preparation)
    .addColumn('closed_at', 'text', (c) => c.notNull()) // the close that last wrote the row
    .addPrimaryKeyConstraint('event_attendance_pk', ['event_id', 'user_id'])
    .execute();

  // A credential of attendance (Open Badges 3.0) for someone checked in at least once. A re-close that finds
  // new sessions for a person supersedes their credential (its revocation bit is set) and issues another.
  await db.schema
    .createTable('event_attendance_credentials')
    .addColumn('id', 'text', (c) => c.primaryKey()) // the credential's urn:uuid
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('sessions', 'text', (c) => c.notNull()) // JSON [{ title, startsAt, quarters }] as listed in the credential
    .addColumn('quarters', 'integer', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('jsonld', 'text', (c) => c.notNull())
    .addColumn('revocation_list_id', 'text', (c) => c.notNull().references('status_lists.id'))
    .addColumn('revocation_index', 'integer', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_reason', 'text')
    .execute();
  await db.schema
    .createIndex('event_attendance_credentials_live_uq')
    .on('event_attendance_credentials')
    .columns(['event_id', 'user_id'])
    .unique()
    .where(sql.ref('revoked_at'), 'is', null)
    .execute();
  await db.schema.createIndex('event_attendance_credentials_user_idx').on('event_attendance_credentials').columns(['user_id']).execute();
  await db.schema.createIndex('event_attendance_credentials_status_uq').on('event_attendance_credentials').columns(['revocation_list_id', 'revocation_index']).unique().execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
