import type { Kysely } from 'kysely';

/*
 * cpd_plans.next_reminder_on was meant to let a job find due plan reminders; the reminders now have rows of
 * their own (0009, cpd_plan_reminders), which the job reads, so the column and its index go.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('cpd_plans_reminder_idx').execute();
  await db.schema.alterTable('cpd_plans').dropColumn('next_reminder_on').execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
