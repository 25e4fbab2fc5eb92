import { sql } from 'kysely';
import type { Db, DbHandle, Tx } from '../../db/database.js';
import { type ChainHead, sqliteAuditChain } from '../../platform/audit.js';
import { WAITING_SQL } from './lapse.repository.js';
import type { AuditLogTable, CpdActivitiesTable, CpdRuleSetsTable, CpdTrackedCredentialsTable } from '../../db/schema.js';

type Q = Db | Tx;
export type ActivityRow = Omit<CpdActivitiesTable, 'details' | 'verified'> & { details: string; verified: number };
/** What a member types for an activity; the rest of a manually logged row is the same for every one. */
export type ManualFields = Pick<ActivityRow, 'type' | 'title' | 'occurred_on' | 'quarters' | 'provider' | 'details' | 'learned' | 'apply'>;

/** A new, manually logged activity row: unverified, not from a provider or import, not under audit. */
export const manualActivityRow = (id: string, memberId: string, fields: ManualFields, at: string): ActivityRow => ({
  id,
  member_id: memberId,
  ...fields,
  source: 'manual',
  verified: 0,
  provider_id: null,
  import_id: null,
  row_key: null,
  activity_code: null,
  audit_status: null,
  created_at: at,
  updated_at: at,
  deleted_at: null,
});
/** A log written by the group commit; `waiting`: the member had a CPD standing waiting for make-up when it committed. */
export type Logged = { waiting: boolean };
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
  const sqlite = handle?.sqlite ?? null;
  const cols = ['id', 'member_id', 'type', 'title', 'occurred_on', 'quarters', 'provider', 'learned', 'apply', 'details', 'source', 'verified', 'provider_id', 'import_id', 'row_key', 'activity_code', 'audit_status', 'created_at', 'updated_at', 'deleted_at'] as const;
  // Positional parameters: better-sqlite3 binds twenty named ones from an object at about twice the cost.
  const insertStmt = sqlite?.prepare(`INSERT INTO cpd_activities (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`) ?? null;
  const linkStmt = sqlite?.prepare('INSERT INTO cpd_activity_evidence (activity_id, evidence_id) VALUES (?, ?)') ?? null;
  const chain = sqlite ? sqliteAuditChain(sqlite) : null;
  type Pending = { row: ActivityRow; evidenceIds: readonly string[]; auditRow: AuditLogTable; waiting: boolean; resolve: (logged: Logged | null) => void; reject: (e: unknown) => void };
  // Asked inside the batch's transaction, where it needs no read lock of its own: a read begun apart, after
  // the commit, cost as much as a quarter of the log's own writes.
  const waitingStmt = sqlite?.prepare(`SELECT 1 FROM cpd_credential_states WHERE member_id = ? AND status IN (${WAITING_SQL}) LIMIT 1`) ?? null;
  const writeOne = (head: ChainHead, b: Pending): ChainHead => {
    insertStmt!.run(cols.map((c) => b.row[c]));
    for (const e of b.evidenceIds) linkStmt!.run(b.row.id, e);
    b.waiting = waitingStmt!.get(b.row.member_id) !== undefined;
    return chain!.append(head, b.auditRow);
  };
  // The batch as one transaction, taking the write lock at once (IMMEDIATE: the head is read before any write).
  // First without savepoints, the usual case; if any log fails, that whole attempt is rolled back and the batch
  // is written again with a savepoint each, so the failed ones undo only themselves.
  const writeAll = sqlite?.transaction((batch: Pending[]) => {
    let head = chain!.head();
    for (const b of batch) head = writeOne(head, b);
    chain!.save(head);
  });
  const savepoint = sqlite ? { begin: sqlite.prepare('SAVEPOINT cpd_log'), release: sqlite.prepare('RELEASE cpd_log'), undo: sqlite.prepare('ROLLBACK TO cpd_log') } : null;
  const writeEach = sqlite?.transaction((batch: Pending[], failed: Map<Pending, unknown>) => {
    let head = chain!.head();
    for (const b of batch) {
      savepoint!.begin.run();
      try {
        head = writeOne(head, b);
      } catch (err) {
        savepoint!.undo.run();
        failed.set(b, err);
      }
      savepoint!.release.run();
    }
    chain!.save(head);
  });
  let pending: Pending[] = [];
  const flush = () => {
    const batch = pending;
    pending = [];
    if (!sqlite || !writeAll || !writeEach || sqlite.inTransaction) {
      for (const b of batch) b.resolve(null);
      return;
    }
    try {
      writeAll.immediate(batch);
      for (const b of batch) b.resolve({ waiting: b.waiting });
      return;
    } catch {
      // One of them (or the commit) failed: written again one by one below, where the error is kept.
    }
    const failed = new Map<Pending, unknown>();
    try {
      writeEach.immediate(batch, failed);
    } catch (err) {
      for (const b of batch) b.reject(err);
      return;
    }
    for (const b of batch) {
      if (failed.has(b)) b.reject(failed.get(b));
      else b.resolve({ waiting: b.waiting });
    }
  };
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
    /**
     * logCpdActivity's write on SQLite, with group commit: the activity, its evidence links and its audit entry as
     * prepared statements inside one transaction shared with every other log waiting in the same turn of the event
     * loop (decision 0004: a commit costs far more than the inserts, and 50 clients logging at once share one; a
     * failed log undoes only itself). Answers whether the member's CPD standing waits for make-up, so the caller
     * rechecks it only then. Answers null, writing nothing, on PostgreSQL or when a query-builder transaction is
     * open on the shared connection (a synchronous one would join it); the caller then writes through Kysely.
     */
    insertLogged: (row: ActivityRow, evidenceIds: readonly string[], auditRow: AuditLogTable): Promise<Logged | null> => {
      if (!sqlite) return Promise.resolve(null);
      return new Promise((resolve, reject) => {
        pending.push({ row, evidenceIds, auditRow, waiting: false, resolve, reject });
        if (pending.length === 1) setImmediate(flush);
      });
    },
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
        .select(['c.id', 'c.level_name', 'c.post_nominals', 'c.awarded_at', 'c.cpd_cycles_from', 'c.status', 'b.name as body_name'])
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
    savePlan: (q: Q, memberId: string, content: string, at: string) =>
      q
        .insertInto('cpd_plans')
        .values({ member_id: memberId, content, updated_at: at, revision: 1 })
        .onConflict((oc) => oc.column('member_id').doUpdateSet((eb) => ({ content, updated_at: at, revision: eb('cpd_plans.revision', '+', 1) })))
        .execute(),
  };
}
export type CpdRepository = ReturnType<typeof cpdRepository>;
