import type { Kysely } from 'kysely';

/*
 * CPD for the whole capability: rule sets as versioned data, the member's one log of activities (manual,
 * provider-credited, event-credited) with evidence, tracked credentials from other bodies, the plan,
 * approved providers and their activity codes, provider imports, audits, the lapse state of each credential
 * and the reminder log. Dates of activities are YYYY-MM-DD; hours are whole quarter hours (`quarters`).
 */
export async function up(db: Kysely<any>): Promise<void> {
  // One row per version of a rule set; `content` is the canonical JSON (contracts/cpd-rules.ts), never changed.
  await db.schema
    .createTable('cpd_rule_sets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('body_default', 'integer', (c) => c.notNull().defaultTo(0)) // 1: counts for the body's own credentials
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('cpd_rule_sets_key_number_uq', ['key', 'number'])
    .execute();

  await db.schema
    .createTable('cpd_providers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('contact_email', 'text')
    .addColumn('status', 'text', (c) => c.notNull()) // approved | suspended
    .addColumn('approved_by', 'text', (c) => c.references('users.id'))
    .addColumn('approved_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // The accounts that may import for a provider (their API tokens carry cpd:import).
  await db.schema
    .createTable('cpd_provider_users')
    .addColumn('provider_id', 'text', (c) => c.notNull().references('cpd_providers.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('cpd_provider_users_pk', ['provider_id', 'user_id'])
    .execute();
  await db.schema.createIndex('cpd_provider_users_user_idx').on('cpd_provider_users').column('user_id').execute();

  // An approved activity code: what a credited row becomes (type, title, hours).
  await db.schema
    .createTable('cpd_provider_codes')
    .addColumn('provider_id', 'text', (c) => c.notNull().references('cpd_providers.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('quarters', 'integer', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}')) // JSON: type-specific fields of the activity
    .addColumn('valid_from', 'text')
    .addColumn('valid_to', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('cpd_provider_codes_pk', ['provider_id', 'code'])
    .execute();

  await db.schema
    .createTable('cpd_imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('provider_id', 'text', (c) => c.notNull().references('cpd_providers.id'))
    .addColumn('uploaded_by', 'text', (c) => c.references('users.id'))
    .addColumn('via', 'text', (c) => c.notNull()) // csv | api
    .addColumn('file_sha256', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text')
    .addColumn('status', 'text', (c) => c.notNull()) // queued | validating | rejected | importing | done | failed
    .addColumn('total_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('processed_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('credited_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('duplicate_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('report', 'text') // JSON: per-row problems
    .addColumn('job_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    // The same file sent twice by the same provider is the same import.
    .addUniqueConstraint('cpd_imports_file_uq', ['provider_id', 'file_sha256'])
    .execute();
  await db.schema.createIndex('cpd_imports_provider_idx').on('cpd_imports').columns(['provider_id', 'created_at']).execute();

  await db.schema
    .createTable('cpd_activities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('member_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('occurred_on', 'text', (c) => c.notNull()) // YYYY-MM-DD: the day the activity counts on
    .addColumn('quarters', 'integer', (c) => c.notNull()) // hours × 4 (1 point = 1 hour)
    .addColumn('provider', 'text')
    .addColumn('learned', 'text') // reflection: what I learned
    .addColumn('apply', 'text') // reflection: how I will use it
    .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}')) // JSON: the type's own fields
    .addColumn('source', 'text', (c) => c.notNull()) // manual | provider | event
    .addColumn('verified', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('provider_id', 'text', (c) => c.references('cpd_providers.id'))
    .addColumn('import_id', 'text', (c) => c.references('cpd_imports.id'))
    .addColumn('row_key', 'text') // the provider's (or event's) key for this credit
    .addColumn('activity_code', 'text')
    .addColumn('audit_status', 'text') // null | requested | accepted | rejected: a rejected activity counts 0
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute();
  // The log and the summary read a member's activities by date; the summary's revision reads updated_at.
  await db.schema.createIndex('cpd_activities_member_date_idx').on('cpd_activities').columns(['member_id', 'occurred_on', 'id']).execute();
  await db.schema.createIndex('cpd_activities_member_updated_idx').on('cpd_activities').columns(['member_id', 'updated_at']).execute();
  // A credit is given once per provider and key, even if a later file repeats it (deleted rows keep their key).
  await db.schema.createIndex('cpd_activities_credit_uq').on('cpd_activities').columns(['provider_id', 'row_key']).unique().execute();
  await db.schema.createIndex('cpd_activities_import_idx').on('cpd_activities').column('import_id').execute();

  await db.schema
    .createTable('cpd_activity_evidence')
    .addColumn('activity_id', 'text', (c) => c.notNull().references('cpd_activities.id').onDelete('cascade'))
    .addColumn('evidence_id', 'text', (c) => c.notNull().references('evidence.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('cpd_activity_evidence_pk', ['activity_id', 'evidence_id'])
    .execute();
  await db.schema.createIndex('cpd_activity_evidence_evidence_idx').on('cpd_activity_evidence').column('evidence_id').execute();

  // Credentials from other bodies that a member tracks by hand; the body's own come from `credentials`.
  await db.schema
    .createTable('cpd_tracked_credentials')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('member_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('rule_set_key', 'text', (c) => c.notNull())
    .addColumn('cycle_start', 'text', (c) => c.notNull()) // YYYY-MM-DD: the first cycle's start
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cpd_tracked_member_idx').on('cpd_tracked_credentials').column('member_id').execute();

  // One plan per member: goals, planned activities and reminders as JSON; next_reminder_on lets a job find due ones.
  await db.schema
    .createTable('cpd_plans')
    .addColumn('member_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('next_reminder_on', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('cpd_plans_reminder_idx').on('cpd_plans').column('next_reminder_on').execute();

  await db.schema
    .createTable('cpd_audits')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('seed', 'text', (c) => c.notNull()) // the sample's seed, so the draw can be repeated
    .addColumn('member_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('credential_id', 'text', (c) => c.notNull().references('credentials.id'))
    .addColumn('cycle_index', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull()) // random | targeted
    .addColumn('reason_detail', 'text')
    .addColumn('status', 'text', (c) => c.notNull()) // requested | submitted | in_review | passed | failed | expired
    .addColumn('assessor_id', 'text', (c) => c.references('users.id'))
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('outcome', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    // Drawing the year's sample twice selects nobody twice.
    .addUniqueConstraint('cpd_audits_year_credential_uq', ['year', 'credential_id'])
    .execute();
  await db.schema.createIndex('cpd_audits_member_idx').on('cpd_audits').columns(['member_id', 'year']).execute();
  await db.schema.createIndex('cpd_audits_status_idx').on('cpd_audits').columns(['status', 'due_at']).execute();
  await db.schema.createIndex('cpd_audits_assessor_idx').on('cpd_audits').columns(['assessor_id', 'status']).execute();

  await db.schema
    .createTable('cpd_audit_items')
    .addColumn('audit_id', 'text', (c) => c.notNull().references('cpd_audits.id').onDelete('cascade'))
    .addColumn('activity_id', 'text', (c) => c.notNull().references('cpd_activities.id'))
    .addColumn('evidence_requested', 'text', (c) => c.notNull())
    .addColumn('evidence_ids', 'text', (c) => c.notNull().defaultTo('[]')) // JSON array of evidence ids
    .addColumn('member_note', 'text')
    .addColumn('decision', 'text') // accept | reject
    .addColumn('reasons', 'text')
    .addColumn('reviewer_id', 'text', (c) => c.references('users.id'))
    .addColumn('decided_at', 'text')
    .addPrimaryKeyConstraint('cpd_audit_items_pk', ['audit_id', 'activity_id'])
    .execute();
  await db.schema.createIndex('cpd_audit_items_activity_idx').on('cpd_audit_items').column('activity_id').execute();

  /*
   * The CPD state of each of the body's credentials: the cycle it is in and ok | short | grace | suspended |
   * lapsed since when. The daily job reads only rows whose next_check_on has come, through its index, so it
   * does not walk a million credentials to find the few whose cycle or grace just ended.
   */
  await db.schema
    .createTable('cpd_credential_states')
    .addColumn('credential_id', 'text', (c) => c.primaryKey().references('credentials.id').onDelete('cascade'))
    .addColumn('member_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('cycle_index', 'integer', (c) => c.notNull())
    .addColumn('cycle_start', 'text', (c) => c.notNull())
    .addColumn('cycle_end', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('since', 'text', (c) => c.notNull())
    .addColumn('shortfall_quarters', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_check_on', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cpd_credential_states_check_idx').on('cpd_credential_states').columns(['next_check_on', 'credential_id']).execute();
  await db.schema.createIndex('cpd_credential_states_status_idx').on('cpd_credential_states').columns(['status', 'since']).execute();
  await db.schema.createIndex('cpd_credential_states_member_idx').on('cpd_credential_states').column('member_id').execute();

  // Each reminder point of a cycle is sent once: the primary key refuses a second send.
  await db.schema
    .createTable('cpd_reminders')
    .addColumn('credential_id', 'text', (c) => c.notNull()) // a credential's id or a tracked credential's id
    .addColumn('cycle_index', 'integer', (c) => c.notNull())
    .addColumn('point', 'text', (c) => c.notNull()) // e.g. before-90d, before-30d, grace-started
    .addColumn('member_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('cpd_reminders_pk', ['credential_id', 'cycle_index', 'point'])
    .execute();
  // The daily job scans credentials by status; the holder index exists already.
  await db.schema.createIndex('credentials_status_idx').on('credentials').columns(['status', 'id']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
