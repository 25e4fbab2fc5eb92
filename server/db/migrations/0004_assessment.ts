import type { Kysely } from 'kysely';

/*
 * The assessment queue of every open application (scheme administrators) pages by due date then id, with or
 * without a state filter; these indexes answer a page without sorting the whole set.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('applications_due_idx').on('applications').columns(['due_at', 'id']).execute();
  await db.schema.createIndex('applications_state_due_idx').on('applications').columns(['state', 'due_at', 'id']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
