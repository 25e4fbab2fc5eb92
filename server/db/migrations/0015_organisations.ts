import type { Kysely } from 'kysely';

/*
 * Employers' organisations (the organisations module). An organisation is `requested` by an employer and
 * becomes `active` when a system or scheme administrator approves it (or is created active by one).
 * `organisation_members` holds each person's role inside one organisation only: admin, hr or
 * line_manager; every organisation-scoped query is filtered by it. `organisation_domains` are the
 * organisation's e-mail domains, verified when an admin confirms a mailed link at an address on the
 * domain. `organisation_invites` are colleagues invited by e-mail (the token's SHA-256 is kept).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('organisations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull()) // ISO 3166-1 alpha-2
    .addColumn('website', 'text')
    .addColumn('description', 'text')
    .addColumn('logo_sha256', 'text') // a file in the blob store
    .addColumn('status', 'text', (c) => c.notNull()) // requested | active | declined | suspended
    .addColumn('requested_by', 'text', (c) => c.references('users.id'))
    .addColumn('approved_by', 'text', (c) => c.references('users.id'))
    .addColumn('approved_at', 'text')
    .addColumn('decision_reason', 'text') // the staff's reason for approving or declining a request
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('organisations_status_idx').on('organisations').columns(['status', 'name']).execute();

  await db.schema
    .createTable('organisation_members')
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('role', 'text', (c) => c.notNull()) // admin | hr | line_manager
    .addColumn('added_by', 'text', (c) => c.references('users.id'))
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('organisation_members_pk', ['organisation_id', 'user_id'])
    .execute();
  await db.schema.createIndex('organisation_members_user_idx').on('organisation_members').columns(['user_id']).execute();

  await db.schema
    .createTable('organisation_domains')
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('domain', 'text', (c) => c.notNull()) // lower-case, no trailing dot
    .addColumn('verified_at', 'text')
    .addColumn('verified_by', 'text', (c) => c.references('users.id'))
    .addColumn('verified_email', 'text') // the address the link was confirmed at
    .addColumn('pending_email', 'text') // where the latest confirmation link went
    .addColumn('token_hash', 'text', (c) => c.unique()) // SHA-256 of that link's token; cleared once used
    .addColumn('token_expires_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('organisation_domains_pk', ['organisation_id', 'domain'])
    .execute();
  await db.schema.createIndex('organisation_domains_domain_idx').on('organisation_domains').columns(['domain']).execute();

  await db.schema
    .createTable('organisation_invites')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('invited_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('accepted_at', 'text')
    .addColumn('accepted_by', 'text', (c) => c.references('users.id'))
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('organisation_invites_org_idx').on('organisation_invites').columns(['organisation_id', 'created_at']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
