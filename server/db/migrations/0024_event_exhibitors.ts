import type { Kysely } from 'kysely';

/*
 * Tables of events/exhibitors: the people on each exhibitor's stand, and the badges they scanned. A lead
 * names an attendee only while that attendee shares their contact with exhibitors (read through the
 * registration, so withdrawing the choice hides the lead at once); anyone else scanned leaves only an
 * opaque digest, enough to count them once and nothing more.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // `ticket_made`: 1 when the exhibitor-staff registration was made for this place (cancelled when the person leaves
  // the stand); 0 when they already held a ticket of their own.
  await db.schema
    .createTable('event_exhibitor_staff')
    .addColumn('exhibitor_id', 'text', (c) => c.notNull().references('event_exhibitors.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
    .addColumn('registration_id', 'text', (c) => c.notNull().references('event_registrations.id'))
    .addColumn('ticket_made', 'integer', (c) => c.notNull())
    .addColumn('added_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('event_exhibitor_staff_pk', ['exhibitor_id', 'user_id'])
    .execute();
  await db.schema.createIndex('event_exhibitor_staff_user_idx').on('event_exhibitor_staff').columns(['user_id', 'event_id']).execute();

  // A named lead: a scanned attendee who shared their contact. Name, e-mail and organisation are read from
  // the registration when shown, never copied here.
  await db.schema
    .createTable('event_leads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('exhibitor_id', 'text', (c) => c.notNull().references('event_exhibitors.id'))
    .addColumn('registration_id', 'text', (c) => c.notNull().references('event_registrations.id'))
    .addColumn('note', 'text')
    .addColumn('scanned_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('scanned_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('event_leads_exhibitor_registration_uq').on('event_leads').columns(['exhibitor_id', 'registration_id']).unique().execute();

  // Someone scanned who does not share: an HMAC of the registration under a key of this exhibitor's, so the
  // same person counts once and the row names no one (it cannot be joined back to a registration).
  await db.schema
    .createTable('event_lead_counts')
    .addColumn('exhibitor_id', 'text', (c) => c.notNull().references('event_exhibitors.id'))
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('scanned_on', 'text', (c) => c.notNull()) // the day only (YYYY-MM-DD), not the moment
    .addPrimaryKeyConstraint('event_lead_counts_pk', ['exhibitor_id', 'digest'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
