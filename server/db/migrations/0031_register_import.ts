import type { Kysely } from 'kysely';

/*
 * Importing an existing register: each upload that runs (a dry run writes nothing), and one row per imported
 * holder keyed by the body's own external id, which makes a repeated import create nothing twice and lets the
 * claim invitations go out in batches (invited_at stays empty until the holder's invitation is queued).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('register_imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('uploaded_by', 'text', (c) => c.references('users.id'))
    .addColumn('file_name', 'text')
    .addColumn('file_sha256', 'text', (c) => c.notNull())
    .addColumn('scheme_version_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // queued | importing | done | failed
    .addColumn('total_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('processed_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('existing_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lapsed_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('accounts_created', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addColumn('job_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('register_imports_created_idx').on('register_imports').column('created_at').execute();
  // The checked rows until the import finishes, apart from the import's row: that row is updated with every
  // batch, and SQLite rewrites a row's overflow pages with it (megabytes a batch for a large register).
  await db.schema
    .createTable('register_import_rows')
    .addColumn('import_id', 'text', (c) => c.primaryKey().references('register_imports.id'))
    .addColumn('rows_json', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('register_import_holders')
    .addColumn('external_id', 'text', (c) => c.primaryKey())
    .addColumn('import_id', 'text', (c) => c.notNull().references('register_imports.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('credential_id', 'text', (c) => c.notNull().references('credentials.id'))
    .addColumn('invite', 'integer', (c) => c.notNull()) // 1: an invited account that gets a claim link
    .addColumn('invited_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('register_import_holders_invite_idx').on('register_import_holders').columns(['import_id', 'invite', 'invited_at']).execute();
  await db.schema.createIndex('register_import_holders_user_idx').on('register_import_holders').column('user_id').execute();
}
