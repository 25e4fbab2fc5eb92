import type { Kysely } from 'kysely';

/*
 * Organisations' webhook endpoints and their deliveries. Owned by organisations/webhooks.
 */
export async function up(_db: Kysely<any>): Promise<void> {}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
