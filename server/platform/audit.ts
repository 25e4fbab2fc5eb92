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
  return appendAudit(db, auditRow(ctx, entry, now));
}

/** Appends a built row to the chain, inside the caller's transaction (or one of its own): audit's second half. */
export async function appendAudit(db: Db | Tx, row: ReturnType<typeof auditRow>): Promise<void> {
  if (!db.isTransaction) return (db as Db).transaction().execute((tx) => appendAudit(tx, row));
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

/** The end of the chain: the last entry's sequence and hash. */
export type ChainHead = { seq: number; hash: string };

/**
 * The chain on SQLite's synchronous hot paths (a CPD log's group commit, a door scan), as prepared statements
 * run inside the caller's synchronous transaction, where no other write can come between reading the head and
 * moving it. A batch reads the head once, appends its entries and saves the head once: moving the head row
 * after each entry cost two statements an entry. Prepared at first use, after the migrations.
 */
export function sqliteAuditChain(sqlite: SQLite.Database) {
  let s: { head: SQLite.Statement; insert: SQLite.Statement; save: SQLite.Statement } | null = null;
  const statements = () =>
    (s ??= {
      head: sqlite.prepare('SELECT seq, hash FROM audit_chain_head WHERE id = 1'),
      // Positional parameters: binding twelve named ones from an object cost more than the insert itself.
      insert: sqlite.prepare('INSERT INTO audit_log (id, at, actor_id, action, subject_type, subject_id, ip, request_id, details, seq, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
      save: sqlite.prepare('UPDATE audit_chain_head SET seq = ?, hash = ? WHERE id = 1'),
    });
  return {
    head: (): ChainHead => {
      const h = statements().head.get() as ChainHead;
      return { seq: Number(h.seq), hash: h.hash };
    },
    /** Writes `row` after `head`; answers the new head (not yet saved). */
    append: (head: ChainHead, row: AuditLogTable): ChainHead => {
      const link = linkOf(head.seq + 1, head.hash, row);
      statements().insert.run(row.id, row.at, row.actor_id ?? null, row.action, row.subject_type ?? null, row.subject_id ?? null, row.ip ?? null, row.request_id ?? null, row.details, link.seq, link.prev_hash, link.hash);
      return { seq: link.seq, hash: link.hash };
    },
    save: (head: ChainHead): void => {
      statements().save.run(head.seq, head.hash);
    },
  };
}

/** One chained entry on SQLite, inside the caller's synchronous transaction: head, entry, head. */
export function sqliteAuditWriter(sqlite: SQLite.Database): (row: AuditLogTable) => void {
  const chain = sqliteAuditChain(sqlite);
  return (row) => chain.save(chain.append(chain.head(), row));
}
