import type { Kysely } from 'kysely';

/*
 * The issuer's identity kept apart from the address the site answers at: one row with the did:web the
 * credentials name (derived from PUBLIC_URL at first start, or ISSUER_DID), and every public address the
 * site has had, so status lists and the DID document of credentials issued before a move still resolve.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('site_identity')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('issuer_did', 'text', (c) => c.notNull())
    .addColumn('chosen_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('site_addresses')
    .addColumn('url', 'text', (c) => c.primaryKey())
    .addColumn('first_seen_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
