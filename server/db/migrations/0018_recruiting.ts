import { type Kysely, type RawBuilder, sql } from 'kysely';

/*
 * Recruiting (organisations/recruiting). Listed holders may also list their certifications and their
 * highest current responsibility level for employers' candidate search: two choices on
 * `register_listings`, off by default. `recruiting_candidates`, `recruiting_certifications` and `recruiting_responsibility` are a
 * search index derived from those choices and the holder's portfolio (rewritten per holder by
 * refreshCandidate): they hold nothing a holder did not choose to list. Keys compared by range or
 * sorted on are byte-ordered on both dialects, as in the register (0005).
 *
 * `contact_messages` are employers' messages relayed by mail: the member's address is never stored
 * here until they reply (`reply_email`). `contact_reports` are abuse reports for scheme administrators;
 * `contact_suspensions` the organisations whose messaging they stopped.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const isPostgres = db.getExecutor().adapter.constructor.name.startsWith('Postgres');
  const ordered: RawBuilder<unknown> = isPostgres ? sql`text collate "C"` : sql`text`;
  await db.schema.alterTable('register_listings').addColumn('list_certifications', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('register_listings').addColumn('list_responsibility', 'integer', (c) => c.notNull().defaultTo(0)).execute();

  await db.schema
    .createTable('recruiting_candidates')
    .addColumn('holder_id', ordered, (c) => c.primaryKey())
    .addColumn('responsibility_level', 'integer') // null unless listed
    .addColumn('certifications', 'text', (c) => c.notNull()) // JSON list of titles; [] unless listed
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('recruiting_candidates_level_idx').on('recruiting_candidates').columns(['responsibility_level', 'holder_id']).execute();

  await db.schema
    .createTable('recruiting_certifications')
    .addColumn('cert_key', ordered, (c) => c.notNull()) // the title, lower-case, accents and punctuation folded
    .addColumn('sort_name', ordered, (c) => c.notNull()) // the register's, so a search by certification reads in page order
    .addColumn('holder_id', ordered, (c) => c.notNull())
    .addPrimaryKeyConstraint('recruiting_certifications_pk', ['cert_key', 'sort_name', 'holder_id'])
    .execute();
  await db.schema.createIndex('recruiting_certifications_holder_idx').on('recruiting_certifications').column('holder_id').execute();

  // One row per level a holder's listed responsibility reaches (a level 5 holder has rows 1 to 5), so
  // "at least level n" is one key in page order rather than a range that would need sorting.
  await db.schema
    .createTable('recruiting_responsibility')
    .addColumn('at_least', 'integer', (c) => c.notNull())
    .addColumn('sort_name', ordered, (c) => c.notNull())
    .addColumn('holder_id', ordered, (c) => c.notNull())
    .addPrimaryKeyConstraint('recruiting_responsibility_pk', ['at_least', 'sort_name', 'holder_id'])
    .execute();
  await db.schema.createIndex('recruiting_responsibility_holder_idx').on('recruiting_responsibility').column('holder_id').execute();

  await db.schema
    .createTable('contact_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('sender_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('member_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique()) // the mail's report link
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addColumn('reply_body', 'text')
    .addColumn('reply_email', 'text') // the member's address, shown to the organisation once they reply
    .addColumn('replied_at', 'text')
    .execute();
  await db.schema.createIndex('contact_messages_org_idx').on('contact_messages').columns(['organisation_id', 'sent_at']).execute();
  await db.schema.createIndex('contact_messages_member_idx').on('contact_messages').columns(['member_id', 'sent_at']).execute();

  await db.schema
    .createTable('contact_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('message_id', 'text', (c) => c.notNull().references('contact_messages.id'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('reported_by', 'text', (c) => c.references('users.id')) // null when reported by the mail's link
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('contact_reports_created_idx').on('contact_reports').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('contact_reports_message_idx').on('contact_reports').column('message_id').execute();

  await db.schema
    .createTable('contact_suspensions')
    .addColumn('organisation_id', 'text', (c) => c.primaryKey().references('organisations.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('suspended_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('suspended_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
