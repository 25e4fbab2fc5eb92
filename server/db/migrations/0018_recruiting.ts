import type { Kysely } from 'kysely';

/*
 * Candidate search listing choices, relayed messages, replies and abuse reports. Owned by organisations/recruiting.
 */
export async function up(_db: Kysely<any>): Promise<void> {}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
