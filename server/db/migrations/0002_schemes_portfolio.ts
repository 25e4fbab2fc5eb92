import { type Kysely, sql } from 'kysely';

// Schemes as versioned data, member portfolios and evidence. Portable DDL; the guard that keeps
// published scheme versions immutable is a trigger on either dialect.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('schemes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('body_id', 'text', (c) => c.notNull().references('bodies.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('current_version_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('schemes_body_key_uq', ['body_id', 'key'])
    .execute();

  await db.schema
    .createTable('scheme_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('scheme_id', 'text', (c) => c.notNull().references('schemes.id'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('published_at', 'text')
    .addColumn('published_by', 'text')
    .addUniqueConstraint('scheme_versions_number_uq', ['scheme_id', 'number'])
    .execute();

  await db.schema
    .createTable('portfolio_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('member_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('portfolio_items_member_idx').on('portfolio_items').columns(['member_id', 'id']).execute();
  // With the index above, getEligibility's revision check (count, newest id, latest update) reads indexes only.
  await db.schema.createIndex('portfolio_items_member_updated_idx').on('portfolio_items').columns(['member_id', 'updated_at']).execute();

  await db.schema
    .createTable('evidence')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('member_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('file_sha256', 'text', (c) => c.references('files.sha256'))
    .addColumn('url', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('evidence_member_idx').on('evidence').column('member_id').execute();

  await db.schema
    .createTable('evidence_links')
    .addColumn('evidence_id', 'text', (c) => c.notNull().references('evidence.id').onDelete('cascade'))
    .addColumn('item_id', 'text', (c) => c.notNull().references('portfolio_items.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('evidence_links_pk', ['evidence_id', 'item_id'])
    .execute();
  await db.schema.createIndex('evidence_links_item_idx').on('evidence_links').column('item_id').execute();

  await guardPublished(db);
}

/** Refuses changing or deleting a published scheme version, on either dialect. */
async function guardPublished(db: Kysely<any>): Promise<void> {
  const isPostgres = db.getExecutor().adapter.constructor.name.startsWith('Postgres');
  if (isPostgres) {
    await sql`CREATE OR REPLACE FUNCTION guildhall_published_immutable() RETURNS trigger AS $$
      BEGIN
        IF OLD.status = 'published' THEN RAISE EXCEPTION 'published scheme versions are immutable'; END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
      END; $$ LANGUAGE plpgsql`.execute(db);
    await sql`CREATE TRIGGER scheme_versions_immutable BEFORE UPDATE OR DELETE ON scheme_versions
      FOR EACH ROW EXECUTE FUNCTION guildhall_published_immutable()`.execute(db);
  } else {
    for (const op of ['UPDATE', 'DELETE']) {
      await sql`CREATE TRIGGER ${sql.raw(`scheme_versions_no_${op.toLowerCase()}`)} BEFORE ${sql.raw(op)} ON scheme_versions
        WHEN OLD.status = 'published'
        BEGIN SELECT RAISE(ABORT, 'published scheme versions are immutable'); END`.execute(db);
    }
  }
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
