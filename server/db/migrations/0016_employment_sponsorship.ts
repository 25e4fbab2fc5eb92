import type { Kysely } from 'kysely';

/*
 * Employment links (a member's work item confirmed by an organisation), sponsorship offers and suggested CPD goals. Owned by organisations/employment and organisations/sponsorship.
 */
export async function up(_db: Kysely<any>): Promise<void> {}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
