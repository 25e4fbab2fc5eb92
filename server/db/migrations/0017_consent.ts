import type { Kysely } from 'kysely';

/*
 * Members' consent grants to organisations, and the log of every view an organisation makes. Owned by organisations/consent.
 */
export async function up(_db: Kysely<any>): Promise<void> {}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
