import { type Kysely, sql } from 'kysely';

/*
 * Mail delivery is retried for days instead of eight times: the outbox row remembers when delivery was
 * first and last tried (the retry window counts from the first try), and mail jobs still waiting take the
 * new ceiling of attempts, so a message queued before this migration is not given up after eight tries.
 * The index serves the administrator's list of failed and long-pending mail.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbox').addColumn('first_attempt_at', 'text').execute();
  await db.schema.alterTable('outbox').addColumn('last_attempt_at', 'text').execute();
  await db.schema.createIndex('outbox_status_created_idx').on('outbox').columns(['status', 'created_at']).execute();
  await sql`UPDATE jobs SET max_attempts = 1000 WHERE kind = 'mail.deliver' AND status IN ('queued', 'running')`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
