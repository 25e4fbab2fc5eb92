import { sql } from 'kysely';
import type { DbHandle } from '../../server/db/database.js';

/** Lifts the audit log's append-only triggers, as someone with direct access to the database could. */
export async function liftAppendOnly(h: DbHandle): Promise<void> {
  if (h.dialect === 'postgres') await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`.execute(h.db);
  else {
    await sql`DROP TRIGGER IF EXISTS audit_log_no_update`.execute(h.db);
    await sql`DROP TRIGGER IF EXISTS audit_log_no_delete`.execute(h.db);
  }
}
