import { type Insertable, type Kysely, sql } from 'kysely';
import { compiledOnce } from '../../db/compiled.js';
import type { Db, Tx } from '../../db/database.js';
import type { ApplicationAssessorsTable, ApplicationScoresTable, Database, InformationRequestsTable } from '../../db/schema.js';
import type { ApplicationState } from './applications.types.js';

/*
 * Data access for the assessment side: assessors and their load, conflicts, scores, information requests, the
 * appeal's assessor, and the queues. The queues read indexed columns only; the state machine's JSON is read
 * for the rows of one page at most.
 */

type Q = Db | Tx;
export type Stage = ApplicationAssessorsTable['stage'];
export type AssessorStatus = ApplicationAssessorsTable['status'];
export type Person = { id: string; name: string; email: string };

/** States in which an assessor's active assignment is work in hand. */
export const assessingStates: readonly ApplicationState[] = ['submitted', 'in_assessment', 'information_requested', 'awaiting_third_assessor', 'appealed'];
/** Every open application, as the scheme administrators' queue lists them (drafts are the member's alone). */
export const openStates: readonly ApplicationState[] = [
  'awaiting_references',
  'submitted',
  'in_assessment',
  'information_requested',
  'awaiting_third_assessor',
  'recommended',
  'awaiting_fee',
  'appealed',
];
/** States whose empty seat the assignment job fills. */
export const seatStates: readonly ApplicationState[] = ['submitted', 'awaiting_third_assessor', 'appealed'];

export type QueueRow = {
  id: string;
  applicant_id: string;
  applicant_name: string;
  level_id: string;
  scheme_version_id: string;
  state: ApplicationState;
  submitted_at: string | null;
  due_at: string | null;
  stage: Stage | null;
  scored_at: string | null;
  recommended_at: string | null;
};
/** Where the previous page ended (due date and id), and the total counted for the first page. */
export type QueueCursor = { d: string | null; i: string; t?: number };
/** A count, and on PostgreSQL the snapshot it was taken under ('' when not asked for). */
export type Counted = { total: number; snapshot: string };
const pgSnapshotColumn = sql<string>`pg_current_snapshot()::text`.as('s');
const openOrNone = (state: ApplicationState | undefined) => (state ? (openStates.includes(state) ? [state] : []) : [...openStates]);

async function usersWithRole(q: Q, role: string): Promise<Person[]> {
  return q
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select(['users.id', 'users.name', 'users.email'])
    .where('user_roles.role', '=', role)
    .where('users.status', '=', 'active')
    .orderBy('users.id')
    .execute();
}

/** queueMine's query, compiled once per shape (with or without a state filter and a cursor). */
const minePage = compiledOnce((q: Kysely<Database>, v: { assessorId: string; limit: number; state?: ApplicationState; d?: string; i?: string }) => {
  let page = q
    .selectFrom('application_assessors as aa')
    .innerJoin('applications as a', 'a.id', 'aa.application_id')
    .innerJoin('users as u', 'u.id', 'a.applicant_id')
    .select(['a.id', 'a.applicant_id', 'u.name as applicant_name', 'a.level_id', 'a.scheme_version_id', 'a.state', 'a.submitted_at', 'a.due_at', 'aa.stage', 'aa.scored_at', 'aa.recommended_at'])
    .where('aa.assessor_id', '=', v.assessorId)
    .where('aa.status', '=', 'active')
    .orderBy('aa.due_at')
    .orderBy('aa.application_id')
    .limit(v.limit);
  if (v.state !== undefined) page = page.where('a.state', '=', v.state);
  const { d, i } = v;
  if (d !== undefined && i !== undefined) page = page.where((eb) => eb.or([eb('aa.due_at', '>', d), eb.and([eb('aa.due_at', '=', d), eb('aa.application_id', '>', i)])]));
  return page;
});

/** queueAll's two queries (dated, then undated), each compiled once per shape. */
type AllValues = { state?: ApplicationState; limit: number; d?: string; i?: string };
const openPage = (q: Kysely<Database>, state: ApplicationState | undefined) =>
  q
    .selectFrom('applications as a')
    .innerJoin('users as u', 'u.id', 'a.applicant_id')
    .select(['a.id', 'a.applicant_id', 'u.name as applicant_name', 'a.level_id', 'a.scheme_version_id', 'a.state', 'a.submitted_at', 'a.due_at', sql<null>`null`.as('stage'), sql<null>`null`.as('scored_at'), sql<null>`null`.as('recommended_at')])
    .where('a.state', 'in', state !== undefined ? [state] : [...openStates]);
const datedPage = compiledOnce((q: Kysely<Database>, v: AllValues) => {
  const { d, i } = v;
  const page = openPage(q, v.state).where('a.due_at', 'is not', null).orderBy('a.due_at').orderBy('a.id').limit(v.limit);
  return d !== undefined && i !== undefined ? page.where((eb) => eb.or([eb('a.due_at', '>', d), eb.and([eb('a.due_at', '=', d), eb('a.id', '>', i)])])) : page;
});
const undatedPage = compiledOnce((q: Kysely<Database>, v: AllValues) => {
  const page = openPage(q, v.state).where('a.due_at', 'is', null).orderBy('a.id').limit(v.limit);
  return v.i !== undefined ? page.where('a.id', '>', v.i) : page;
});

export const assessmentRepository = {
  assessors: (q: Q) => usersWithRole(q, 'assessor'),
  schemeAdmins: (q: Q) => usersWithRole(q, 'scheme_admin'),
  person: (q: Q, id: string): Promise<Person | undefined> => q.selectFrom('users').select(['id', 'name', 'email']).where('id', '=', id).executeTakeFirst(),

  /** Applicants each of `assessorIds` has declared a conflict with. */
  async declaredConflicts(q: Q, assessorIds: readonly string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (assessorIds.length === 0) return out;
    const rows = await q.selectFrom('assessor_conflicts').select(['assessor_id', 'applicant_id']).where('assessor_id', 'in', [...assessorIds]).execute();
    for (const r of rows) out.set(r.assessor_id, [...(out.get(r.assessor_id) ?? []), r.applicant_id]);
    return out;
  },
  insertConflict: (q: Q, row: { assessor_id: string; applicant_id: string; reason: string; declared_at: string }) =>
    q.insertInto('assessor_conflicts').values(row).onConflict((oc) => oc.columns(['assessor_id', 'applicant_id']).doNothing()).execute(),

  /** The e-mail addresses of the application's referees (lower-cased). */
  refereeEmails: async (q: Q, applicationId: string): Promise<Set<string>> =>
    new Set((await q.selectFrom('reference_requests').select('referee_email').where('application_id', '=', applicationId).execute()).map((r) => r.referee_email.toLowerCase())),

  /** Active assignments per assessor, counting only applications still being worked on. */
  async load(q: Q, assessorIds: readonly string[]): Promise<Map<string, number>> {
    if (assessorIds.length === 0) return new Map();
    const rows = await q
      .selectFrom('application_assessors as aa')
      .innerJoin('applications as a', 'a.id', 'aa.application_id')
      .select(['aa.assessor_id', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('aa.status', '=', 'active')
      .where('aa.assessor_id', 'in', [...assessorIds])
      .where('a.state', 'in', [...assessingStates])
      .groupBy('aa.assessor_id')
      .execute();
    return new Map(rows.map((r) => [r.assessor_id, Number(r.n)]));
  },

  insertAssessors: (q: Q, rows: Insertable<ApplicationAssessorsTable>[]) => q.insertInto('application_assessors').values(rows).execute(),
  assignmentsOf: (q: Q, applicationId: string) =>
    q.selectFrom('application_assessors').selectAll().where('application_id', '=', applicationId).orderBy('assigned_at').execute(),
  /** Whether the user has ever been assigned to the application (any stage, any status but handed back). */
  isAssigned: async (q: Q, applicationId: string, userId: string): Promise<boolean> =>
    (await q
      .selectFrom('application_assessors')
      .select('assessor_id')
      .where('application_id', '=', applicationId)
      .where('assessor_id', '=', userId)
      .where('status', '!=', 'handed_back')
      .executeTakeFirst()) !== undefined,
  /** Closes active assignments of the application (of one assessor and/or stage when given). */
  finishAssignments: (q: Q, applicationId: string, status: Exclude<AssessorStatus, 'active'>, at: string, only: { assessorId?: string; stage?: Stage } = {}) => {
    let u = q.updateTable('application_assessors').set({ status, finished_at: at }).where('application_id', '=', applicationId).where('status', '=', 'active');
    if (only.assessorId) u = u.where('assessor_id', '=', only.assessorId);
    if (only.stage) u = u.where('stage', '=', only.stage);
    return u.execute();
  },

  upsertScores: (q: Q, rows: Insertable<ApplicationScoresTable>[]) =>
    q
      .insertInto('application_scores')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['application_id', 'assessor_id', 'category_id']).doUpdateSet((eb) => ({
          score: eb.ref('excluded.score'),
          notes: eb.ref('excluded.notes'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute(),
  scoredCategories: async (q: Q, applicationId: string, assessorId: string): Promise<string[]> =>
    (await q.selectFrom('application_scores').select('category_id').where('application_id', '=', applicationId).where('assessor_id', '=', assessorId).execute()).map(
      (r) => r.category_id,
    ),

  insertInformationRequest: (q: Q, row: Insertable<InformationRequestsTable>) => q.insertInto('information_requests').values(row).execute(),

  setAppealAssessor: (q: Q, applicationId: string, assessorId: string | null) =>
    q.updateTable('appeals').set({ assessor_id: assessorId }).where('application_id', '=', applicationId).execute(),
  decideAppeal: (q: Q, applicationId: string, upheld: boolean, reasons: string, at: string) =>
    q.updateTable('appeals').set({ upheld: upheld ? 1 : 0, reasons, decided_at: at }).where('application_id', '=', applicationId).execute(),

  /** Whether "waiting for assessors" was already recorded since the application last changed. */
  waitingRecorded: async (q: Q, applicationId: string, since: string): Promise<boolean> =>
    (await q
      .selectFrom('audit_log')
      .select('id')
      .where('subject_type', '=', 'application')
      .where('subject_id', '=', applicationId)
      .where('action', '=', 'application.assignment_waiting')
      .where('at', '>=', since)
      .executeTakeFirst()) !== undefined,

  /** Applications that may have an empty seat (the sweep checks each one against the machine). */
  seatCandidates: async (q: Q, limit: number): Promise<string[]> =>
    (await q.selectFrom('applications').select('id').where('state', 'in', [...seatStates]).orderBy('submitted_at').orderBy('id').limit(limit).execute()).map((r) => r.id),

  /**
   * One page of an assessor's active assignments by due date then id. Read in index order from the assignment
   * rows, which carry their application's due date (migration 0004 keeps it so), and stopped at `limit`: the
   * applicant's name is looked up for the page's rows only.
   */
  queueMine(q: Q, assessorId: string, state: ApplicationState | undefined, after: QueueCursor | null, limit: number): Promise<QueueRow[]> {
    return minePage(q, { assessorId, limit, state, ...(after?.d ? { d: after.d, i: after.i } : {}) });
  },
  /**
   * How many active assignments the assessor has (in `state`); only a state filter needs each application's state.
   * With `snapshot` (PostgreSQL only) also the snapshot the count was taken under, as countOpen.
   */
  async countMine(q: Q, assessorId: string, state: ApplicationState | undefined, snapshot = false): Promise<Counted> {
    const mine = q.selectFrom('application_assessors as aa').where('aa.assessor_id', '=', assessorId).where('aa.status', '=', 'active');
    const joined = state ? mine.innerJoin('applications as a', 'a.id', 'aa.application_id').where('a.state', '=', state) : mine;
    const r = await joined
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .$if(snapshot, (qb) => qb.select(pgSnapshotColumn))
      .executeTakeFirstOrThrow();
    return { total: Number(r.n), snapshot: r.s ?? '' };
  },

  /**
   * One page of every open application (or those in `state`), by due date then id, those without a due date
   * last by id: two index range scans (dated, then undated) instead of a sort of the whole set.
   */
  async queueAll(q: Q, state: ApplicationState | undefined, after: QueueCursor | null, limit: number): Promise<QueueRow[]> {
    if (openOrNone(state).length === 0) return [];
    const rows: QueueRow[] = [];
    if (!after || after.d !== null) rows.push(...(await datedPage(q, { state, limit, ...(after?.d ? { d: after.d, i: after.i } : {}) })));
    if (rows.length < limit) rows.push(...(await undatedPage(q, { state, limit: limit - rows.length, ...(after && after.d === null ? { i: after.i } : {}) })));
    return rows;
  },
  /**
   * How many open applications there are (in `state`): a scan of the state index over all of them (~1 ms at
   * 10,000). With `snapshot` (PostgreSQL only) also the snapshot the count was taken under (pg_current_snapshot
   * as text), read in the same statement.
   */
  async countOpen(q: Q, state: ApplicationState | undefined, snapshot = false): Promise<Counted> {
    const states = openOrNone(state);
    // No open state asked for: nothing to count, and an empty marker that no snapshot matches.
    if (states.length === 0) return { total: 0, snapshot: '' };
    const r = await q
      .selectFrom('applications')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .$if(snapshot, (qb) => qb.select(pgSnapshotColumn))
      .where('state', 'in', states)
      .executeTakeFirstOrThrow();
    return { total: Number(r.n), snapshot: r.s ?? '' };
  },
  /** PostgreSQL only: the snapshot a statement sees now; equal snapshots see the same committed rows. */
  pgSnapshot: async (q: Q): Promise<string> => (await sql<{ s: string }>`select pg_current_snapshot()::text as s`.execute(q)).rows[0]?.s ?? '',
  /**
   * SQLite only: a value that changes whenever a write is committed, by this connection (total_changes(), which
   * only grows) or by another one (data_version). Both are read without touching a table.
   */
  sqliteChangeMarker: async (q: Q): Promise<string> => {
    const r = await sql<{ c: number; v: number }>`select total_changes() as c, data_version as v from pragma_data_version`.execute(q);
    return `${r.rows[0]?.c}:${r.rows[0]?.v}`;
  },

  /** The active assignments of a page's applications: who is acting now, and whether they scored and recommended. */
  activeOf: (q: Q, applicationIds: readonly string[]) =>
    applicationIds.length === 0
      ? Promise.resolve([])
      : q.selectFrom('application_assessors').select(['application_id', 'scored_at', 'recommended_at']).where('application_id', 'in', [...applicationIds]).where('status', '=', 'active').execute(),
  /** Marks the assessor's active assignment as scored or recommended. */
  markAssignment: (q: Q, applicationId: string, assessorId: string, what: 'scored_at' | 'recommended_at', at: string) =>
    q.updateTable('application_assessors').set({ [what]: at }).where('application_id', '=', applicationId).where('assessor_id', '=', assessorId).where('status', '=', 'active').execute(),
};
export type AssessmentRepository = typeof assessmentRepository;
