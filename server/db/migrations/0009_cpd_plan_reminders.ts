import type { Kysely } from 'kysely';

/*
 * The reminders of members' CPD plans, one row per reminder a plan asks for (a planned activity's reminder
 * date, or a dated note), written when the plan is saved. `sent_at` is set in the same transaction as the
 * mail is queued, so each reminder is sent once; the job finds unsent ones that are due through the index.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('cpd_plan_reminders')
    .addColumn('member_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull()) // SHA-256 of what the reminder is, so a re-saved plan keeps it
    .addColumn('remind_on', 'text', (c) => c.notNull()) // YYYY-MM-DD
    .addColumn('kind', 'text', (c) => c.notNull()) // planned | note
    .addColumn('title', 'text', (c) => c.notNull()) // the planned activity's title, or the note
    .addColumn('type', 'text') // planned: the activity's type
    .addColumn('quarters', 'integer') // planned: its hours × 4
    .addColumn('sent_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('cpd_plan_reminders_pk', ['member_id', 'key'])
    .execute();
  await db.schema.createIndex('cpd_plan_reminders_due_idx').on('cpd_plan_reminders').columns(['sent_at', 'remind_on']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
