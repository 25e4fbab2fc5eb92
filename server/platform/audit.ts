import type SQLite from 'better-sqlite3';
import type { Db, Tx } from '../db/database.js';
import type { AuditLogTable } from '../db/schema.js';
import { linkOf } from './audit/chain.js';
import { newId } from './ids.js';

export type AuditContext = { actorId: string | null; ip: string | null; requestId: string | null };
export type AuditEntry = {
  action: string;
  subjectType?: string;
  subjectId?: string;
  details?: Record<string, unknown>;
};

export const systemActor: AuditContext = { actorId: null, ip: null, requestId: null };

/**
 * Appends one entry to the audit log, inside the caller's transaction (or one of its own), chained to the
 * entry before (audit/chain.ts). The head row is updated first: on PostgreSQL that locks it until the
 * caller commits, so writers take turns at the end of the chain. The table refuses updates.
 */
export async function audit(db: Db | Tx, ctx: AuditContext, entry: AuditEntry, now: Date): Promise<void> {
  if (!db.isTransaction) return (db as Db).transaction().execute((tx) => audit(tx, ctx, entry, now));
  const row = auditRow(ctx, entry, now);
  const head = await db
    .updateTable('audit_chain_head')
    .set((eb) => ({ seq: eb('seq', '+', 1) }))
    .where('id', '=', 1)
    .returning(['seq', 'hash'])
    .executeTakeFirstOrThrow();
  const link = linkOf(head.seq, head.hash, row);
  await db.insertInto('audit_log').values({ ...row, ...link }).execute();
  await db.updateTable('audit_chain_head').set({ hash: link.hash }).where('id', '=', 1).execute();
}

/** The audit log row of one entry, for a caller that writes it with its own prepared statement. */
export const auditRow = (ctx: AuditContext, entry: AuditEntry, now: Date) => ({
  id: newId(),
  at: now.toISOString(),
  actor_id: ctx.actorId,
  action: entry.action,
  subject_type: entry.subjectType ?? null,
  subject_id: entry.subjectId ?? null,
  ip: ctx.ip,
  request_id: ctx.requestId,
  details: JSON.stringify(entry.details ?? {}),
});

/**
 * The chained insert for SQLite's synchronous hot paths (a CPD log's group commit, a door scan): three
 * prepared statements run inside the caller's synchronous transaction, where no other write can come
 * between reading the head and moving it. Prepared at first use, after the migrations.
 */
export function sqliteAuditWriter(sqlite: SQLite.Database): (row: AuditLogTable) => void {
  let s: { bump: SQLite.Statement; insert: SQLite.Statement; set: SQLite.Statement } | null = null;
  return (row) => {
    s ??= {
      bump: sqlite.prepare('UPDATE audit_chain_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash'),
      insert: sqlite.prepare(
        'INSERT INTO audit_log (id, at, actor_id, action, subject_type, subject_id, ip, request_id, details, seq, prev_hash, hash) VALUES (@id, @at, @actor_id, @action, @subject_type, @subject_id, @ip, @request_id, @details, @seq, @prev_hash, @hash)',
      ),
      set: sqlite.prepare('UPDATE audit_chain_head SET hash = ? WHERE id = 1'),
    };
    const head = s.bump.get() as { seq: number; hash: string };
    const link = linkOf(head.seq, head.hash, row);
    s.insert.run({ ...row, ...link });
    s.set.run(link.hash);
  };
}
