import type { Kysely } from 'kysely';

/*
 * Tables of events/closing (what closing credited and issued: attendance records, credentials of attendance).
 */
export async function up(_db: Kysely<any>): Promise<void> {}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
