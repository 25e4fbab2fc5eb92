import { type Kysely, sql } from 'kysely';

/*
 * The assessment queues without reading application rows: a row carries the machine's JSON and the frozen
 * snapshot (kilobytes, in overflow pages on SQLite), and the columns the queues need come after them.
 *
 * An assessor's queue is read from their assignment rows alone, in due-date order. For that, an active
 * assignment always carries its application's due date (it moves when an information request ends) and no
 * assignment stays active once the application is closed (withdrawn by the applicant, or decided): a trigger
 * on applications keeps both true whichever service changed the application.
 */
const listed = ['applicant_id', 'level_id', 'scheme_version_id', 'submitted_at'];
const closed = sql.raw(`('withdrawn', 'awarded', 'declined')`);

export async function up(db: Kysely<any>): Promise<void> {
  // Every open application by due date (scheme administrators), with or without a state filter. No wide index
  // starts with state: counting the open set then reads a narrow one (three times faster).
  await db.schema.createIndex('applications_due_idx').on('applications').columns(['due_at', 'id', 'state', ...listed]).execute();
  // One state's dated applications in due order (a state that has none would otherwise scan every dated one).
  await db.schema.createIndex('applications_state_due_idx').on('applications').columns(['state', 'due_at', 'id']).execute();
  // The rows of one queue page, looked up by id.
  await db.schema.createIndex('applications_queue_idx').on('applications').columns(['id', 'state', 'due_at', ...listed]).execute();
  // Whether each assessor has scored and recommended, so a queue page needs no application's JSON.
  await db.schema.alterTable('application_assessors').addColumn('scored_at', 'text').execute();
  await db.schema.alterTable('application_assessors').addColumn('recommended_at', 'text').execute();
  // An assessor's active assignments in due-date order, with everything their queue shows of them.
  await db.schema
    .createIndex('application_assessors_mine_idx')
    .on('application_assessors')
    .columns(['assessor_id', 'status', 'due_at', 'application_id', 'stage', 'scored_at', 'recommended_at'])
    .execute();

  const isPostgres = db.getExecutor().adapter.constructor.name.startsWith('Postgres');
  if (isPostgres) {
    await sql`CREATE OR REPLACE FUNCTION guildhall_assignments_follow() RETURNS trigger AS $$
      BEGIN
        IF NEW.due_at IS NOT NULL AND NEW.due_at IS DISTINCT FROM OLD.due_at THEN
          UPDATE application_assessors SET due_at = NEW.due_at WHERE application_id = NEW.id AND status = 'active';
        END IF;
        IF NEW.state IN ${closed} THEN
          UPDATE application_assessors SET status = 'done', finished_at = NEW.updated_at WHERE application_id = NEW.id AND status = 'active';
        END IF;
        RETURN NULL;
      END; $$ LANGUAGE plpgsql`.execute(db);
    await sql`CREATE TRIGGER applications_assignments_follow AFTER UPDATE OF due_at, state ON applications
      FOR EACH ROW EXECUTE FUNCTION guildhall_assignments_follow()`.execute(db);
  } else {
    await sql`CREATE TRIGGER applications_assignments_follow AFTER UPDATE OF due_at, state ON applications BEGIN
        UPDATE application_assessors SET due_at = NEW.due_at
          WHERE application_id = NEW.id AND status = 'active' AND NEW.due_at IS NOT NULL AND NEW.due_at IS NOT OLD.due_at;
        UPDATE application_assessors SET status = 'done', finished_at = NEW.updated_at
          WHERE application_id = NEW.id AND status = 'active' AND NEW.state IN ${closed};
      END`.execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
