import { type Kysely, sql } from 'kysely';

/*
 * Organisations may pay a member's event ticket as well as an application fee: `sponsorships` gains
 * `event_registration_id` (kind 'event_ticket'), and `application_id` may be empty (it is for a ticket).
 * PostgreSQL drops the NOT NULL in place. SQLite cannot relax a column, so the table is rebuilt with the
 * same columns and indexes and its rows copied across, in the migration's transaction.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const isPostgres = db.getExecutor().adapter.constructor.name.startsWith('Postgres');
  if (isPostgres) {
    await sql`alter table sponsorships alter column application_id drop not null`.execute(db);
    await db.schema.alterTable('sponsorships').addColumn('event_registration_id', 'text', (c) => c.references('event_registrations.id')).execute();
  } else {
    await db.schema
      .createTable('sponsorships_rebuilt')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('member_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('kind', 'text', (c) => c.notNull()) // application_fee | event_ticket
      .addColumn('application_id', 'text', (c) => c.references('applications.id'))
      .addColumn('note', 'text')
      .addColumn('status', 'text', (c) => c.notNull()) // offered | accepted | declined | paid | withdrawn
      .addColumn('offered_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('offered_at', 'text', (c) => c.notNull())
      .addColumn('answered_at', 'text')
      .addColumn('paid_at', 'text')
      .addColumn('paid_by', 'text', (c) => c.references('users.id'))
      .addColumn('event_registration_id', 'text', (c) => c.references('event_registrations.id'))
      .execute();
    await sql`insert into sponsorships_rebuilt (id, organisation_id, member_id, kind, application_id, note, status, offered_by, offered_at, answered_at, paid_at, paid_by)
      select id, organisation_id, member_id, kind, application_id, note, status, offered_by, offered_at, answered_at, paid_at, paid_by from sponsorships`.execute(db);
    await db.schema.dropTable('sponsorships').execute();
    await db.schema.alterTable('sponsorships_rebuilt').renameTo('sponsorships').execute();
    await db.schema.createIndex('sponsorships_org_idx').on('sponsorships').columns(['organisation_id', 'offered_at']).execute();
    await db.schema.createIndex('sponsorships_member_idx').on('sponsorships').columns(['member_id', 'offered_at']).execute();
    await db.schema.createIndex('sponsorships_application_idx').on('sponsorships').columns(['application_id', 'status']).execute();
  }
  await db.schema.createIndex('sponsorships_registration_idx').on('sponsorships').columns(['event_registration_id', 'status']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
