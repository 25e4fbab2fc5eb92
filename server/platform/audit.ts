import type { Db, Tx } from '../db/database.js';
import { newId } from './ids.js';

export type AuditContext = { actorId: string | null; ip: string | null; requestId: string | null };
export type AuditEntry = {
  action: string;
  subjectType?: string;
  subjectId?: string;
  details?: Record<string, unknown>;
};

export const systemActor: AuditContext = { actorId: null, ip: null, requestId: null };

/** Appends one entry to the audit log, inside the caller's transaction. The table refuses updates. */
export async function audit(db: Db | Tx, ctx: AuditContext, entry: AuditEntry, now: Date): Promise<void> {
  await db.insertInto('audit_log').values(auditRow(ctx, entry, now)).execute();
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
