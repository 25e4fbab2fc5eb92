import type { Kysely } from 'kysely';

/*
 * Applications, referees, assessment and the credential record. An application row keeps the pure state
 * machine's record as JSON (`data`, see modules/applications/applications.types.ts) beside the columns the
 * queues filter and sort on; `revision` guards concurrent writers (compare-and-set on update).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('applications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('applicant_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('scheme_version_id', 'text', (c) => c.notNull().references('scheme_versions.id'))
    .addColumn('level_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('snapshot', 'text')
    .addColumn('ethics_version', 'text')
    .addColumn('declared_at', 'text')
    .addColumn('submitted_at', 'text')
    .addColumn('due_at', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('applications_applicant_idx').on('applications').columns(['applicant_id', 'level_id']).execute();
  await db.schema.createIndex('applications_state_idx').on('applications').columns(['state', 'submitted_at']).execute();

  await db.schema
    .createTable('application_assessors')
    .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id'))
    .addColumn('assessor_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('stage', 'text', (c) => c.notNull()) // assessment | third | appeal
    .addColumn('status', 'text', (c) => c.notNull()) // active | done | handed_back
    .addColumn('assigned_at', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text')
    .addColumn('finished_at', 'text')
    .addPrimaryKeyConstraint('application_assessors_pk', ['application_id', 'assessor_id', 'stage'])
    .execute();
  // The workbench queue and the assignment load both read an assessor's active rows.
  await db.schema.createIndex('application_assessors_queue_idx').on('application_assessors').columns(['assessor_id', 'status', 'due_at']).execute();

  await db.schema
    .createTable('application_scores')
    .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id'))
    .addColumn('assessor_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('category_id', 'text', (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('notes', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('application_scores_pk', ['application_id', 'assessor_id', 'category_id'])
    .execute();

  await db.schema
    .createTable('reference_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id'))
    .addColumn('referee_name', 'text', (c) => c.notNull())
    .addColumn('referee_email', 'text', (c) => c.notNull())
    .addColumn('relationship', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('claims', 'text', (c) => c.notNull()) // JSON: [{ claimId, itemId, summary }]
    .addColumn('status', 'text', (c) => c.notNull()) // awaiting | answered | expired | cancelled
    .addColumn('answers', 'text') // JSON: [{ claimId, answer: confirm | dispute, comment }]
    .addColumn('answered_at', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('reminders_sent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_sent_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('reference_requests_application_idx').on('reference_requests').column('application_id').execute();
  await db.schema.createIndex('reference_requests_status_idx').on('reference_requests').columns(['status', 'last_sent_at']).execute();

  await db.schema
    .createTable('information_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id'))
    .addColumn('asked_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('asked_at', 'text', (c) => c.notNull())
    .addColumn('response', 'text')
    .addColumn('evidence_ids', 'text', (c) => c.notNull().defaultTo('[]')) // JSON array of evidence ids
    .addColumn('responded_at', 'text')
    .execute();
  await db.schema.createIndex('information_requests_application_idx').on('information_requests').column('application_id').execute();

  await db.schema
    .createTable('nominations')
    .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id'))
    .addColumn('nominator_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('statement', 'text', (c) => c.notNull())
    .addColumn('nominated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('nominations_pk', ['application_id', 'nominator_id'])
    .execute();

  await db.schema
    .createTable('appeals')
    .addColumn('application_id', 'text', (c) => c.primaryKey().references('applications.id')) // one appeal per decision
    .addColumn('grounds', 'text', (c) => c.notNull())
    .addColumn('appealed_at', 'text', (c) => c.notNull())
    .addColumn('assessor_id', 'text', (c) => c.references('users.id'))
    .addColumn('upheld', 'integer') // 1 decision stands, 0 overturned, null pending
    .addColumn('reasons', 'text')
    .addColumn('decided_at', 'text')
    .execute();

  await db.schema
    .createTable('assessor_conflicts')
    .addColumn('assessor_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('applicant_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('declared_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('assessor_conflicts_pk', ['assessor_id', 'applicant_id'])
    .execute();

  await db.schema
    .createTable('credentials')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('holder_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('application_id', 'text', (c) => c.unique().references('applications.id'))
    .addColumn('scheme_version_id', 'text', (c) => c.notNull().references('scheme_versions.id'))
    .addColumn('level_id', 'text', (c) => c.notNull())
    .addColumn('level_name', 'text', (c) => c.notNull())
    .addColumn('post_nominals', 'text')
    .addColumn('awarded_at', 'text', (c) => c.notNull())
    .addColumn('review_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // active | suspended | lapsed | revoked
    .addColumn('status_changed_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('credentials_holder_idx').on('credentials').column('holder_id').execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
