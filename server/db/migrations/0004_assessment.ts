import type { Kysely } from 'kysely';

/*
 * Indexes that answer the assessment queues without reading application rows: a row carries the machine's JSON
 * and the frozen snapshot (kilobytes, in overflow pages on SQLite), and the columns the queues need come after
 * them. Each index holds every column a queue reads (state, due date, id, applicant, level, version, submitted).
 */
const listed = ['applicant_id', 'level_id', 'scheme_version_id', 'submitted_at'];

export async function up(db: Kysely<any>): Promise<void> {
  // Every open application by due date (scheme administrators), with or without a state filter. No wide index
  // starts with state: counting the open set then reads the narrow applications_state_idx (three times faster).
  await db.schema.createIndex('applications_due_idx').on('applications').columns(['due_at', 'id', 'state', ...listed]).execute();
  // An assessor's assignments joined to their applications by id.
  await db.schema.createIndex('applications_queue_idx').on('applications').columns(['id', 'state', 'due_at', ...listed]).execute();
  await db.schema.createIndex('application_assessors_mine_idx').on('application_assessors').columns(['assessor_id', 'status', 'application_id', 'stage']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
