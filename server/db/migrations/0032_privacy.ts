import type { Kysely } from 'kysely';

/*
 * Privacy (modules/privacy): consent records for the optional things a member may agree to (the register
 * listing, marketing mail; sharing with organisations stays in consent_grants), subject-access exports,
 * and erasures. Erasures are kept apart from the rows they changed so that a restore from an older backup
 * can apply them again (reapplyErasures).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('consents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('purpose', 'text', (c) => c.notNull()) // register_listing | marketing_mail
    .addColumn('text', 'text', (c) => c.notNull()) // the words agreed to
    .addColumn('text_version', 'text', (c) => c.notNull())
    .addColumn('agreed_at', 'text', (c) => c.notNull())
    .addColumn('withdrawn_at', 'text')
    .execute();
  await db.schema.createIndex('consents_user_idx').on('consents').columns(['user_id', 'purpose', 'withdrawn_at']).execute();

  await db.schema
    .createTable('data_exports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('requested_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('status', 'text', (c) => c.notNull()) // queued | ready | failed | expired
    .addColumn('job_id', 'text')
    .addColumn('token_hash', 'text', (c) => c.notNull()) // sha256 of the download link's token
    .addColumn('size', 'integer')
    .addColumn('error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('ready_at', 'text')
    .addColumn('expires_at', 'text')
    .execute();
  await db.schema.createIndex('data_exports_user_idx').on('data_exports').columns(['user_id', 'created_at']).execute();

  // No foreign key to users: the row must survive a restore that brings back an older users table.
  await db.schema
    .createTable('erasures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().unique())
    .addColumn('pseudonym', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('by', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .execute();
}
