import type { Kysely } from 'kysely';

/*
 * A provider import keeps its parsed rows until it has finished: the job that checks and credits a large
 * file reads them from here (not from the job's payload, which the jobs API lists), and a job that stopped
 * half-way resumes from them. Cleared when the import is done or rejected.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('cpd_imports').addColumn('rows_json', 'text').execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
