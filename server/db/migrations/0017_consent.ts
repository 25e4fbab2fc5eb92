import type { Kysely } from 'kysely';

/*
 * Members' consent grants to organisations, one row per scope granted (credentials, cpd_standing,
 * portfolio_summary, cpd_plan), with the text the member agreed to and its version; revoking sets
 * `revoked_at`, and a new grant is a new row, so the history stays. Owned by organisations/consent.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('consent_grants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('member_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('scope', 'text', (c) => c.notNull()) // credentials | cpd_standing | portfolio_summary | cpd_plan
    .addColumn('text', 'text', (c) => c.notNull()) // the words the member agreed to
    .addColumn('text_version', 'text', (c) => c.notNull())
    .addColumn('granted_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    // The organisation's consent revision at the row's last change (granted or revoked): the team view
    // reads only rows past the revision it holds.
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('consent_grants_org_idx').on('consent_grants').columns(['organisation_id', 'scope', 'revoked_at', 'member_id']).execute();
  await db.schema.createIndex('consent_grants_member_idx').on('consent_grants').columns(['member_id', 'organisation_id']).execute();

  // One number per organisation, bumped in the transaction of every grant and revocation: the team
  // view's cached snapshot is keyed by it, so a change shows at the next request in every process.
  await db.schema
    .createTable('consent_revisions')
    .addColumn('organisation_id', 'text', (c) => c.primaryKey().references('organisations.id'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .execute();

  // The view log: one row per view (who, for which organisation, which operation, when) and one row per
  // member whose data it showed, with the scopes of theirs it showed. Members read it by member_id.
  await db.schema
    .createTable('consent_views')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('viewer_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('operation', 'text', (c) => c.notNull())
    .addColumn('viewed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('consent_view_members')
    .addColumn('view_id', 'text', (c) => c.notNull().references('consent_views.id'))
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull()) // space-separated ConsentScope values
    .addColumn('viewed_at', 'text', (c) => c.notNull())
    .execute();
  // The one index: a member's log, newest first. (No key on (view_id, member_id): every index is written
  // on every view, and nothing reads by it.)
  await db.schema.createIndex('consent_view_members_member_idx').on('consent_view_members').columns(['member_id', 'viewed_at']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
