import { sql } from 'kysely';
import type { Db, DbHandle, Tx } from '../../db/database.js';
import type { CpdActivitiesTable, CpdRuleSetsTable, CpdTrackedCredentialsTable } from '../../db/schema.js';

type Q = Db | Tx;
export type ActivityRow = Omit<CpdActivitiesTable, 'details' | 'verified'> & { details: string; verified: number };
export type RuleSetRow = Omit<CpdRuleSetsTable, 'body_default'> & { body_default: number };
export type TrackedRow = CpdTrackedCredentialsTable;
/** What the engine reads of an activity row. */
export type FactRow = [id: string, type: string, occurredOn: string, quarters: number, auditStatus: string | null];
export type ActivityFilter = { year?: number; type?: string };

const FACTS_SQL = 'SELECT id, type, occurred_on, quarters, audit_status FROM cpd_activities WHERE member_id = ? AND deleted_at IS NULL';

/**
 * What changes whenever anything a member's summary reads changes: their activities (any write sets
 * updated_at, deletes and audit decisions included), tracked credentials, the body's credentials and the rule
 * sets. Each subquery is answered from an index (or a handful of rows).
 */
const revisionQuery = (m: string) => sql<Record<string, unknown>>`SELECT (SELECT count(*) FROM cpd_activities WHERE member_id = ${m}) AS n,
  (SELECT max(updated_at) FROM cpd_activities WHERE member_id = ${m}) AS u,
  (SELECT count(*) || '|' || coalesce(max(updated_at), '') FROM cpd_tracked_credentials WHERE member_id = ${m}) AS t,
  (SELECT count(*) || '|' || coalesce(max(status_changed_at), '') || '|' || coalesce(max(awarded_at), '') FROM credentials WHERE holder_id = ${m}) AS c,
  (SELECT count(*) FROM cpd_rule_sets) AS r`;

/**
 * Data access for CPD activities, their evidence, tracked credentials, rule sets and plans. The summary's
 * read of a member's activities is a hot path: on SQLite a prepared statement (decision 0004).
 */
export function cpdRepository(handle?: DbHandle) {
  const factsStmt = handle?.sqlite?.prepare(FACTS_SQL).raw(true) ?? null;
  // On SQLite the same query, compiled once to text with four "?" for the member id.
  const revisionStmt = handle?.sqlite ? handle.sqlite.prepare(revisionQuery('').compile(handle.db).sql).raw(true) : null;
  const filtered = (q: Q, memberId: string, f: ActivityFilter) => {
    let s = q.selectFrom('cpd_activities').where('member_id', '=', memberId).where('deleted_at', 'is', null);
    if (f.year !== undefined) s = s.where('occurred_on', '>=', `${f.year}-01-01`).where('occurred_on', '<=', `${f.year}-12-31`);
    if (f.type !== undefined) s = s.where('type', '=', f.type);
    return s;
  };
  return {
    // ---- rule sets ----
    /** Adds rule-set versions not stored yet; an existing (key, number) is left alone. */
    ensureRuleSets: async (q: Q, rows: RuleSetRow[]) => {
      for (const r of rows) await q.insertInto('cpd_rule_sets').values(r).onConflict((oc) => oc.columns(['key', 'number']).doNothing()).execute();
    },
    ruleSetHeads: (q: Q) => q.selectFrom('cpd_rule_sets').select(['id', 'key', 'number', 'body_default', 'sha256']).orderBy('key').orderBy('number').execute(),
    ruleSetContent: (q: Q, id: string) => q.selectFrom('cpd_rule_sets').select(['content']).where('id', '=', id).executeTakeFirst(),

    // ---- activities ----
    /** A member's live activities as [id, type, occurred_on, quarters, audit_status] (arrays: no object per row). */
    factsOf: async (q: Q, memberId: string): Promise<FactRow[]> => {
      if (factsStmt) return factsStmt.all(memberId) as FactRow[];
      const rows = await q.selectFrom('cpd_activities').select(['id', 'type', 'occurred_on', 'quarters', 'audit_status']).where('member_id', '=', memberId).where('deleted_at', 'is', null).execute();
      return rows.map((r) => [r.id, r.type, r.occurred_on, r.quarters, r.audit_status]);
    },
    revisionOf: async (q: Q, memberId: string): Promise<string> => {
      const row = revisionStmt ? (revisionStmt.get(memberId, memberId, memberId, memberId) as unknown[]) : Object.values((await revisionQuery(memberId).execute(q)).rows[0] ?? {});
      return row.map(String).join('#');
    },
    findActivity: (q: Q, memberId: string, id: string): Promise<ActivityRow | undefined> =>
      q.selectFrom('cpd_activities').selectAll().where('id', '=', id).where('member_id', '=', memberId).where('deleted_at', 'is', null).executeTakeFirst(),
    insertActivity: (q: Q, row: ActivityRow) => q.insertInto('cpd_activities').values(row).execute(),
    updateActivity: (q: Q, id: string, patch: Partial<ActivityRow>) => q.updateTable('cpd_activities').set(patch).where('id', '=', id).execute(),
    /** Soft delete: the row keeps a provider's key, so a repeated file does not credit it again. */
    deleteActivity: async (q: Q, id: string, at: string) => {
      await q.deleteFrom('cpd_activity_evidence').where('activity_id', '=', id).execute();
      await q.updateTable('cpd_activities').set({ deleted_at: at, updated_at: at }).where('id', '=', id).execute();
    },
    countActivities: async (q: Q, memberId: string, f: ActivityFilter): Promise<number> =>
      Number((await filtered(q, memberId, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
    /** A page of the log, newest first. */
    pageActivities: (q: Q, memberId: string, f: ActivityFilter, offset: number, limit: number): Promise<ActivityRow[]> =>
      filtered(q, memberId, f).selectAll().orderBy('occurred_on', 'desc').orderBy('id', 'desc').offset(offset).limit(limit).execute(),
    /** Calendar-year points of a member, before any rule set. */
    quartersBetween: async (q: Q, memberId: string, from: string, to: string): Promise<number> => {
      const r = await q
        .selectFrom('cpd_activities')
        .select((eb) => eb.fn.sum<number>('quarters').as('s'))
        .where('member_id', '=', memberId)
        .where('deleted_at', 'is', null)
        .where('occurred_on', '>=', from)
        .where('occurred_on', '<=', to)
        .executeTakeFirst();
      return Number(r?.s ?? 0);
    },

    // ---- evidence ----
    ownEvidenceIds: async (q: Q, memberId: string, ids: readonly string[]): Promise<Set<string>> =>
      ids.length === 0 ? new Set() : new Set((await q.selectFrom('evidence').select('id').where('member_id', '=', memberId).where('id', 'in', [...ids]).execute()).map((r) => r.id)),
    evidenceOf: async (q: Q, activityIds: readonly string[]): Promise<Map<string, string[]>> => {
      const out = new Map<string, string[]>();
      if (activityIds.length === 0) return out;
      const rows = await q.selectFrom('cpd_activity_evidence').select(['activity_id', 'evidence_id']).where('activity_id', 'in', [...activityIds]).orderBy('evidence_id').execute();
      for (const r of rows) out.set(r.activity_id, [...(out.get(r.activity_id) ?? []), r.evidence_id]);
      return out;
    },
    setEvidence: async (q: Q, activityId: string, evidenceIds: readonly string[]) => {
      await q.deleteFrom('cpd_activity_evidence').where('activity_id', '=', activityId).execute();
      const unique = [...new Set(evidenceIds)];
      if (unique.length) await q.insertInto('cpd_activity_evidence').values(unique.map((evidence_id) => ({ activity_id: activityId, evidence_id }))).execute();
    },

    // ---- credentials the member tracks ----
    /** The body's own credentials of a member (not revoked), with the body's name. */
    bodyCredentialsOf: (q: Q, memberId: string) =>
      q
        .selectFrom('credentials as c')
        .innerJoin('scheme_versions as v', 'v.id', 'c.scheme_version_id')
        .innerJoin('schemes as s', 's.id', 'v.scheme_id')
        .innerJoin('bodies as b', 'b.id', 's.body_id')
        .select(['c.id', 'c.level_name', 'c.post_nominals', 'c.awarded_at', 'c.status', 'b.name as body_name'])
        .where('c.holder_id', '=', memberId)
        .where('c.status', '!=', 'revoked')
        .orderBy('c.awarded_at')
        .execute(),
    trackedOf: (q: Q, memberId: string): Promise<TrackedRow[]> =>
      q.selectFrom('cpd_tracked_credentials').selectAll().where('member_id', '=', memberId).orderBy('created_at').orderBy('id').execute(),
    insertTracked: (q: Q, row: TrackedRow) => q.insertInto('cpd_tracked_credentials').values(row).execute(),
    deleteTracked: async (q: Q, memberId: string, id: string): Promise<boolean> => {
      const r = await q.deleteFrom('cpd_tracked_credentials').where('id', '=', id).where('member_id', '=', memberId).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },

    // ---- the plan ----
    planOf: (q: Q, memberId: string) => q.selectFrom('cpd_plans').selectAll().where('member_id', '=', memberId).executeTakeFirst(),
    savePlan: (q: Q, memberId: string, content: string, nextReminderOn: string | null, at: string) =>
      q
        .insertInto('cpd_plans')
        .values({ member_id: memberId, content, next_reminder_on: nextReminderOn, updated_at: at, revision: 1 })
        .onConflict((oc) => oc.column('member_id').doUpdateSet((eb) => ({ content, next_reminder_on: nextReminderOn, updated_at: at, revision: eb('cpd_plans.revision', '+', 1) })))
        .execute(),
  };
}
export type CpdRepository = ReturnType<typeof cpdRepository>;
