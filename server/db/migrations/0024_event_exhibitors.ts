import type { Kysely } from 'kysely';

/*
 * Tables of events/exhibitors (exhibitor staff, leads).
 */
export async function up(_db: Kysely<any>): Promise<void> {}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
