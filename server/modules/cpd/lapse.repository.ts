import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db, DbHandle, Tx } from '../../db/database.js';
import type { CpdCredentialStatesTable } from '../../db/schema.js';

type Q = Db | Tx;
export type StateRow = Selectable<CpdCredentialStatesTable>;

const STATE_COLUMNS = ['credential_id', 'member_id', 'cycle_index', 'cycle_start', 'cycle_end', 'status', 'since', 'shortfall_quarters', 'next_check_on', 'updated_at'] as const;
/** The states that wait for make-up: a change to the member's CPD may step them on at once (lapse.job.ts recheck). */
export const WAITING = ['grace', 'suspended', 'lapsed'] as const;
/** WAITING as an SQL list, for prepared statements: `status IN (${WAITING_SQL})`. */
export const WAITING_SQL = WAITING.map((w) => `'${w}'`).join(', ');
const INSERT_STATE_SQL = `INSERT INTO cpd_credential_states (${STATE_COLUMNS.join(', ')}) VALUES (${STATE_COLUMNS.map(() => '?').join(', ')}) ON CONFLICT (credential_id) DO NOTHING`;

/**
 * Data access for the daily CPD standing job. Each read is a keyset page over an index (credentials by
 * status and id; states by next check and id), so a run touches only the rows that are due, in batches
 * that commit one by one. Starting the states of many new credentials at once (the first run over an
 * existing register) is a hot path: on SQLite one prepared statement in one transaction per batch.
 */
export function lapseRepository(handle?: DbHandle) {
  const sqlite = handle?.sqlite ?? null;
  const insertState = sqlite?.prepare(INSERT_STATE_SQL) ?? null;
  const insertMany = sqlite && insertState ? sqlite.transaction((rows: Insertable<CpdCredentialStatesTable>[]) => {
    for (const r of rows) insertState.run(...STATE_COLUMNS.map((c) => r[c] ?? 0));
  }) : null;
  const waitingOne = sqlite?.prepare(`SELECT * FROM cpd_credential_states WHERE member_id = ? AND status IN (${WAITING_SQL}) ORDER BY credential_id`) ?? null;
  return {
  /** The states of these members that wait for make-up (grace, suspended, lapsed). */
  waiting: async (q: Q, memberIds: readonly string[]): Promise<StateRow[]> => {
    // One member (a log, an edit) on SQLite: a prepared statement, unless a query-builder transaction holds the
    // connection; every CPD log asks, and the builder's compile cost several times the read.
    if (waitingOne && memberIds.length === 1 && !q.isTransaction && !sqlite?.inTransaction) return waitingOne.all(memberIds[0]) as StateRow[];
    const out: StateRow[] = [];
    const unique = [...new Set(memberIds)];
    for (let i = 0; i < unique.length; i += 500)
      out.push(...(await q.selectFrom('cpd_credential_states').selectAll().where('member_id', 'in', unique.slice(i, i + 500)).where('status', 'in', [...WAITING]).orderBy('credential_id').execute()));
    return out;
  },
  /** Active credentials after `afterId` that have no CPD state yet (new awards), by id. */
  unstarted: (q: Q, afterId: string, limit: number) =>
    q
      .selectFrom('credentials as c')
      .select(['c.id', 'c.holder_id', 'c.awarded_at', 'c.cpd_cycles_from'])
      .where('c.status', '=', 'active')
      .where('c.id', '>', afterId)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('cpd_credential_states as s').select('s.credential_id').whereRef('s.credential_id', '=', 'c.id'))))
      .orderBy('c.id')
      .limit(limit)
      .execute(),
  insertStates: async (q: Q, rows: Insertable<CpdCredentialStatesTable>[]) => {
    if (insertMany) return void insertMany(rows);
    for (let i = 0; i < rows.length; i += 500)
      await q.insertInto('cpd_credential_states').values(rows.slice(i, i + 500)).onConflict((oc) => oc.column('credential_id').doNothing()).execute();
  },
  countDue: async (q: Q, today: string) => Number((await q.selectFrom('cpd_credential_states').select((eb) => eb.fn.countAll<number>().as('n')).where('next_check_on', '<=', today).executeTakeFirstOrThrow()).n),
  /** States due on or before `today`, after the keyset cursor. */
  due: (q: Q, today: string, after: { on: string; id: string }, limit: number) =>
    q
      .selectFrom('cpd_credential_states')
      .selectAll()
      .where('next_check_on', '<=', today)
      .where((eb) => eb.or([eb('next_check_on', '>', after.on), eb.and([eb('next_check_on', '=', after.on), eb('credential_id', '>', after.id)])]))
      .orderBy('next_check_on')
      .orderBy('credential_id')
      .limit(limit)
      .execute(),
  /** States waiting for make-up whose member's activities changed since the state was written (or at the same instant). */
  changed: (q: Q, afterId: string, limit: number) =>
    q
      .selectFrom('cpd_credential_states as s')
      .selectAll('s')
      .where('s.status', 'in', [...WAITING])
      .where('s.credential_id', '>', afterId)
      .where((eb) => eb.exists(eb.selectFrom('cpd_activities as a').select('a.id').whereRef('a.member_id', '=', 's.member_id').whereRef('a.updated_at', '>=', 's.updated_at')))
      .orderBy('s.credential_id')
      .limit(limit)
      .execute(),
  credentials: (q: Q, ids: readonly string[]) =>
    ids.length === 0
      ? Promise.resolve([])
      : q
          .selectFrom('credentials as c')
          .innerJoin('users as u', 'u.id', 'c.holder_id')
          .select(['c.id', 'c.holder_id', 'c.awarded_at', 'c.cpd_cycles_from', 'c.status', 'c.level_name', 'u.name', 'u.email'])
          .where('c.id', 'in', [...ids])
          .execute(),
  facts: (q: Q, memberIds: readonly string[]) =>
    memberIds.length === 0
      ? Promise.resolve([])
      : q.selectFrom('cpd_activities').select(['id', 'member_id', 'type', 'occurred_on', 'quarters', 'audit_status']).where('member_id', 'in', [...memberIds]).where('deleted_at', 'is', null).execute(),
  /** Writes a state only if it is still what the step was computed from (a second run changes nothing). */
  moveState: async (q: Q, from: StateRow, to: Updateable<CpdCredentialStatesTable>) => {
    const r = await q
      .updateTable('cpd_credential_states')
      .set(to)
      .where('credential_id', '=', from.credential_id)
      .where('status', '=', from.status)
      .where('cycle_index', '=', from.cycle_index)
      .where('next_check_on', '=', from.next_check_on)
      .where('shortfall_quarters', '=', from.shortfall_quarters)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  touchState: (q: Q, credentialId: string, at: string) => q.updateTable('cpd_credential_states').set({ updated_at: at }).where('credential_id', '=', credentialId).execute(),
  deleteState: (q: Q, credentialId: string) => q.deleteFrom('cpd_credential_states').where('credential_id', '=', credentialId).execute(),
  /** Records a reminder; false when this point of this cycle was sent already. */
  remember: async (q: Q, credentialId: string, cycleIndex: number, point: string, memberId: string, at: string) => {
    const r = await q
      .insertInto('cpd_reminders')
      .values({ credential_id: credentialId, cycle_index: cycleIndex, point, member_id: memberId, sent_at: at })
      .onConflict((oc) => oc.columns(['credential_id', 'cycle_index', 'point']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
  },
  };
}
export type LapseRepository = ReturnType<typeof lapseRepository>;
