import type { Kysely } from 'kysely';

/*
 * Tables of events/checkin (the scan log: every nonce a scanner sent, answered once).
 */
export async function up(_db: Kysely<any>): Promise<void> {}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
