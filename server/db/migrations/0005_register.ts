import { type Kysely, type RawBuilder, sql } from 'kysely';

/*
 * The public register. `register_listings` keeps each member's choice (not listed unless they say so).
 * The other three tables are a search index derived from the listing, the user and their credentials,
 * rewritten for one holder at a time by refreshRegisterEntry (modules/register): one row per listed
 * holder with a credential, one per word of their name, one per level they hold. Searches read only
 * these, along an index that already has the answer's order, so a page costs the same at a million
 * holders as at fifty.
 *
 * Text that is compared by range or sorted on is byte-ordered on both dialects (SQLite's BINARY,
 * PostgreSQL's "C"), so a prefix is a range (`token >= 'mull' AND token < 'mulm'`) and keyset paging
 * sees one order everywhere.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const isPostgres = db.getExecutor().adapter.constructor.name.startsWith('Postgres');
  const ordered: RawBuilder<unknown> = isPostgres ? sql`text collate "C"` : sql`text`;

  await db.schema
    .createTable('register_listings')
    .addColumn('holder_id', 'text', (c) => c.primaryKey().references('users.id'))
    .addColumn('listed', 'integer', (c) => c.notNull())
    .addColumn('show_country', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('register_entries')
    .addColumn('holder_id', ordered, (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sort_name', ordered, (c) => c.notNull())
    .addColumn('tokens', 'text', (c) => c.notNull()) // the name's search words, space-separated
    .addColumn('country', 'text')
    .addColumn('credentials', 'text', (c) => c.notNull()) // JSON, newest award first
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('register_entries_sort_idx').on('register_entries').columns(['sort_name', 'holder_id']).execute();
  await db.schema.createIndex('register_entries_country_idx').on('register_entries').columns(['country', 'sort_name', 'holder_id']).execute();

  // One row per word of a listed holder's name, carrying what a name search filters on (country, level
  // ids, the name's other words), so a search reads this table alone, in key order, and never the
  // entries to reject a row. On SQLite it is stored as its key's B-tree (WITHOUT ROWID): the table is
  // the index.
  const tokens = db.schema
    .createTable('register_tokens')
    .addColumn('token', ordered, (c) => c.notNull())
    .addColumn('sort_name', ordered, (c) => c.notNull())
    .addColumn('holder_id', ordered, (c) => c.notNull())
    .addColumn('country', 'text')
    .addColumn('levels', 'text', (c) => c.notNull()) // level ids held, space-separated
    .addColumn('tokens', 'text', (c) => c.notNull()) // all the name's words, space-separated
    .addPrimaryKeyConstraint('register_tokens_pk', ['token', 'sort_name', 'holder_id']);
  await (isPostgres ? tokens : tokens.modifyEnd(sql`without rowid`)).execute();
  await db.schema.createIndex('register_tokens_holder_idx').on('register_tokens').column('holder_id').execute();

  await db.schema
    .createTable('register_levels')
    .addColumn('level_id', 'text', (c) => c.notNull())
    .addColumn('holder_id', ordered, (c) => c.notNull())
    .addColumn('sort_name', ordered, (c) => c.notNull())
    .addColumn('country', 'text')
    .addPrimaryKeyConstraint('register_levels_pk', ['holder_id', 'level_id'])
    .execute();
  await db.schema.createIndex('register_levels_search_idx').on('register_levels').columns(['level_id', 'sort_name', 'holder_id']).execute();
  await db.schema.createIndex('register_levels_country_idx').on('register_levels').columns(['level_id', 'country', 'sort_name', 'holder_id']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
