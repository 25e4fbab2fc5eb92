// The audit log as staff read it: newest first (by the chain's sequence), filtered by person, subject and action, each entry with
// the names of who acted and what it is about. Reads only; entries are written by platform/audit.ts.
import { sql } from 'kysely';
import type { z } from 'zod';
import type { AuditLogQuery } from '../../../contracts/site.js';
import { type Platform, type RequestContext, requireRole } from '../../platform/context.js';
import { peopleMatching, subjectNames } from './audit-names.js';

export function auditLogService(p: Pick<Platform, 'database'>) {
  const db = p.database.db;
  return {
    async list(ctx: RequestContext, q: z.output<typeof AuditLogQuery>) {
      requireRole(ctx, ['system_admin']);
      let query = db.selectFrom('audit_log').select(['id', 'at', 'actor_id', 'action', 'subject_type', 'subject_id', 'ip', 'request_id', 'details']).orderBy(sql`seq desc nulls last`).limit(q.limit + 1);
      // A family by its prefix; substr rather than LIKE, whose _ and % the action names would need escaped.
      if (q.action?.endsWith('.')) query = query.where(sql`substr(action, 1, ${q.action.length})`, '=', q.action);
      else if (q.action) query = query.where('action', '=', q.action);
      if (q.actorId) query = query.where('actor_id', '=', q.actorId);
      if (q.actor) query = query.where('actor_id', 'in', peopleMatching(db, q.actor));
      if (q.subjectType) query = query.where('subject_type', '=', q.subjectType);
      if (q.subjectId) query = query.where('subject_id', '=', q.subjectId);
      // Older than the given entry in the chain's order: the order entries were committed in, which ids (each
      // process's clock) need not follow when several processes write.
      if (q.before) query = query.where('seq', '<', (eb) => eb.fn.coalesce(eb.selectFrom('audit_log as b').select('b.seq').where('b.id', '=', q.before as string), eb.lit(-1)));
      const found = await query.execute();
      const rows = found.slice(0, q.limit);
      const name = await subjectNames(db, [...rows.map((r) => ({ type: r.subject_type, id: r.subject_id })), ...rows.map((r) => ({ type: 'user', id: r.actor_id }))]);
      return {
        entries: rows.map((r) => ({
          id: r.id,
          at: r.at,
          actorId: r.actor_id,
          actorName: name('user', r.actor_id),
          action: r.action,
          subjectType: r.subject_type,
          subjectId: r.subject_id,
          subjectName: name(r.subject_type, r.subject_id),
          ip: r.ip,
          requestId: r.request_id,
          details: JSON.parse(r.details) as Record<string, unknown>,
        })),
        more: found.length > q.limit,
      };
    },
  };
}
