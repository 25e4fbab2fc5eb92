import type { Kysely } from 'kysely';

/*
 * The day a credential's CPD cycles count from when it is not the award: a holder brought over from an earlier
 * register whose current cycle started on another day (the import's cpd_cycle_start). Null for every other
 * credential, whose cycles count from the award as before.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('credentials').addColumn('cpd_cycles_from', 'text').execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
