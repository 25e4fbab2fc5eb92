import type { Kysely } from 'kysely';

/*
 * A job's checkpoint: how far its handler got (a cursor, a batch number), saved with its progress, so a retry
 * or another process taking the job over after its lease lapsed continues from there instead of from 0.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('jobs').addColumn('checkpoint', 'text').execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
