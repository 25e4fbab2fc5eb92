import type { Kysely } from 'kysely';

/*
 * Mail may carry pictures shown inside its HTML part (the QR code of an event registration's check-in
 * code): the outbox row keeps them, rendered at queue time like the bodies, as JSON (mail/inline.ts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbox').addColumn('inline_parts', 'text').execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
