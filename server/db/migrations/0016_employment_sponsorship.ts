import type { Kysely } from 'kysely';

/*
 * Employment links (a member's work item confirmed by an organisation), sponsorship offers and suggested CPD
 * goals. Owned by organisations/employment and organisations/sponsorship.
 *
 * `employment_links`: one row per (work item, organisation) link a member makes. `confirmed_*` hold what the
 * organisation confirmed (period and responsibility level as claimed at that moment), so a later edit of the
 * item shows as "changed since confirmed"; they stay when the member ends the link. At most one open link
 * (not ended) per item.
 * `sponsorships`: an organisation's offer to pay one application's fee; accepted or declined by the member,
 * marked paid by the organisation's admin (which marks the application's fee paid in the same transaction).
 * `cpd_goal_suggestions`: a development goal an organisation suggests into a member's CPD plan.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('employment_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('member_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('status', 'text', (c) => c.notNull()) // pending | confirmed | disputed
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .addColumn('decided_by', 'text', (c) => c.references('users.id'))
    .addColumn('dispute_reason', 'text')
    .addColumn('confirmed_start_on', 'text')
    .addColumn('confirmed_end_on', 'text')
    .addColumn('confirmed_level', 'integer')
    .addColumn('confirmed_role_title', 'text')
    .addColumn('ended_at', 'text')
    .execute();
  await db.schema.createIndex('employment_links_org_idx').on('employment_links').columns(['organisation_id', 'status', 'requested_at']).execute();
  await db.schema.createIndex('employment_links_member_idx').on('employment_links').columns(['member_id', 'item_id']).execute();

  await db.schema
    .createTable('sponsorships')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('member_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull()) // application_fee
    .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id'))
    .addColumn('note', 'text')
    .addColumn('status', 'text', (c) => c.notNull()) // offered | accepted | declined | paid | withdrawn
    .addColumn('offered_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('offered_at', 'text', (c) => c.notNull())
    .addColumn('answered_at', 'text')
    .addColumn('paid_at', 'text')
    .addColumn('paid_by', 'text', (c) => c.references('users.id'))
    .execute();
  await db.schema.createIndex('sponsorships_org_idx').on('sponsorships').columns(['organisation_id', 'offered_at']).execute();
  await db.schema.createIndex('sponsorships_member_idx').on('sponsorships').columns(['member_id', 'offered_at']).execute();
  await db.schema.createIndex('sponsorships_application_idx').on('sponsorships').columns(['application_id', 'status']).execute();

  await db.schema
    .createTable('cpd_goal_suggestions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('member_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('by_on', 'text')
    .addColumn('status', 'text', (c) => c.notNull()) // suggested | accepted | declined
    .addColumn('suggested_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('suggested_at', 'text', (c) => c.notNull())
    .addColumn('answered_at', 'text')
    .execute();
  await db.schema.createIndex('cpd_goal_suggestions_org_idx').on('cpd_goal_suggestions').columns(['organisation_id', 'suggested_at']).execute();
  await db.schema.createIndex('cpd_goal_suggestions_member_idx').on('cpd_goal_suggestions').columns(['member_id', 'suggested_at']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
