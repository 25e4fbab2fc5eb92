import type { Kysely } from 'kysely';

/*
 * Tables of events/registration (decision 0023): the waiting list of each full ticket type, attendees'
 * personal agendas, and the secret links of their agenda calendar feeds.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // One row per person waiting for a ticket type, in `created_at` order. When a place frees, the job offers
  // it to the first waiting row: `offered` with a claim link (its hash kept) until `offer_expires_at`, then
  // `claimed` (with the registration it made) or `expired` and the job moves on. `left`: withdrawn by the person.
  await db.schema
    .createTable('event_waitlist')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
    .addColumn('ticket_type_id', 'text', (c) => c.notNull().references('event_ticket_types.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('organisation_name', 'text')
    .addColumn('share_with_exhibitors', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // waiting | offered | claimed | expired | left
    .addColumn('offer_token_hash', 'text')
    .addColumn('offered_at', 'text')
    .addColumn('offer_expires_at', 'text')
    .addColumn('registration_id', 'text', (c) => c.references('event_registrations.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('event_waitlist_ticket_idx').on('event_waitlist').columns(['ticket_type_id', 'status', 'created_at']).execute();
  await db.schema.createIndex('event_waitlist_user_idx').on('event_waitlist').columns(['event_id', 'user_id']).execute();
  await db.schema.createIndex('event_waitlist_token_idx').on('event_waitlist').columns(['offer_token_hash']).execute();

  // The sessions a registered person chose; a session's count here is held against its capacity.
  await db.schema
    .createTable('event_agenda_items')
    .addColumn('registration_id', 'text', (c) => c.notNull().references('event_registrations.id'))
    .addColumn('session_id', 'text', (c) => c.notNull().references('event_sessions.id'))
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('event_agenda_items_pk', ['registration_id', 'session_id'])
    .execute();
  await db.schema.createIndex('event_agenda_items_session_idx').on('event_agenda_items').columns(['session_id']).execute();

  // The secret link of a registration's agenda feed: only its hash is kept; making a new one replaces it.
  await db.schema
    .createTable('event_agenda_feeds')
    .addColumn('registration_id', 'text', (c) => c.primaryKey().references('event_registrations.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
