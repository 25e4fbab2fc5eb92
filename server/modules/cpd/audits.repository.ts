import { cyclesFrom } from './cpd.dates.js';
import type { Insertable, Updateable } from 'kysely';
import type { Db, Tx } from '../../db/database.js';
import type { CpdAuditItemsTable, CpdAuditsTable } from '../../db/schema.js';

type Q = Db | Tx;

/** Data access for CPD audits and their items. */
export const auditsRepository = {
  /** The audit population: each holder of an active credential once, with their earliest such credential. */
  activeHolders: async (q: Q) => {
    const rows = await q.selectFrom('credentials').select(['id', 'holder_id', 'awarded_at', 'cpd_cycles_from']).where('status', '=', 'active').orderBy('holder_id').orderBy('awarded_at').orderBy('id').execute();
    const out = new Map<string, { credentialId: string; awardedOn: string }>();
    for (const r of rows) if (!out.has(r.holder_id)) out.set(r.holder_id, { credentialId: r.id, awardedOn: cyclesFrom(r) });
    return out;
  },
  /** Live activities dated on or after `from` of holders of an active credential, not under audit. */
  claimsSince: (q: Q, from: string, memberId?: string) =>
    q
      .selectFrom('cpd_activities as a')
      .select(['a.id', 'a.member_id', 'a.type', 'a.occurred_on', 'a.created_at', 'a.quarters', 'a.verified'])
      .where('a.occurred_on', '>=', from)
      .$if(memberId !== undefined, (w) => w.where('a.member_id', '=', memberId!))
      .where('a.deleted_at', 'is', null)
      .where('a.audit_status', 'is', null)
      .where((eb) => eb.exists(eb.selectFrom('credentials as c').select('c.id').whereRef('c.holder_id', '=', 'a.member_id').where('c.status', '=', 'active')))
      .execute(),
  insertAudit: async (q: Q, row: Insertable<CpdAuditsTable>): Promise<boolean> => {
    const r = await q.insertInto('cpd_audits').values(row).onConflict((oc) => oc.columns(['year', 'credential_id']).doNothing()).executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
  },
  insertItems: (q: Q, rows: Insertable<CpdAuditItemsTable>[]) => (rows.length ? q.insertInto('cpd_audit_items').values(rows).execute() : Promise.resolve()),
  setActivityAudit: (q: Q, ids: readonly string[], status: 'requested' | 'accepted' | 'rejected', at: string) =>
    ids.length ? q.updateTable('cpd_activities').set({ audit_status: status, updated_at: at }).where('id', 'in', [...ids]).execute() : Promise.resolve([]),
  userByEmail: (q: Q, email: string) => q.selectFrom('users').select(['id', 'name', 'email']).where('email', '=', email).executeTakeFirst(),
  user: (q: Q, id: string) => q.selectFrom('users').select(['id', 'name', 'email']).where('id', '=', id).executeTakeFirst(),

  audit: (q: Q, id: string) =>
    q.selectFrom('cpd_audits as a').innerJoin('users as u', 'u.id', 'a.member_id').selectAll('a').select(['u.name as member_name', 'u.email as member_email']).where('a.id', '=', id).executeTakeFirst(),
  audits: (q: Q, filter: { memberId?: string; status?: string }) => {
    let s = q
      .selectFrom('cpd_audits as a')
      .innerJoin('users as u', 'u.id', 'a.member_id')
      .selectAll('a')
      .select(['u.name as member_name'])
      .select((eb) => [
        eb.selectFrom('cpd_audit_items as i').select((e) => e.fn.countAll<number>().as('n')).whereRef('i.audit_id', '=', 'a.id').as('item_count'),
        eb.selectFrom('cpd_audit_items as i').select((e) => e.fn.countAll<number>().as('n')).whereRef('i.audit_id', '=', 'a.id').where('i.decision', 'is not', null).as('decided_count'),
      ])
      .orderBy('a.due_at')
      .orderBy('a.id')
      .limit(200);
    if (filter.memberId) s = s.where('a.member_id', '=', filter.memberId);
    if (filter.status) s = s.where('a.status', '=', filter.status as CpdAuditsTable['status']);
    return s.execute();
  },
  updateAudit: (q: Q, id: string, patch: Updateable<CpdAuditsTable>) => q.updateTable('cpd_audits').set(patch).where('id', '=', id).execute(),
  /** Moves an audit from one status to another; false when another request moved it first. */
  moveAudit: async (q: Q, id: string, from: readonly CpdAuditsTable['status'][], patch: Updateable<CpdAuditsTable>) => {
    const r = await q.updateTable('cpd_audits').set(patch).where('id', '=', id).where('status', 'in', [...from]).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  items: (q: Q, auditId: string) =>
    q
      .selectFrom('cpd_audit_items as i')
      .innerJoin('cpd_activities as a', 'a.id', 'i.activity_id')
      .selectAll('i')
      .select(['a.title', 'a.type', 'a.occurred_on', 'a.quarters'])
      .where('i.audit_id', '=', auditId)
      .orderBy('a.occurred_on')
      .orderBy('a.id')
      .execute(),
  updateItem: (q: Q, auditId: string, activityId: string, patch: Updateable<CpdAuditItemsTable>) =>
    q.updateTable('cpd_audit_items').set(patch).where('audit_id', '=', auditId).where('activity_id', '=', activityId).execute(),
  evidence: (q: Q, ids: readonly string[]) =>
    ids.length === 0 ? Promise.resolve([]) : q.selectFrom('evidence').select(['id', 'member_id', 'title', 'kind', 'url']).where('id', 'in', [...ids]).execute(),
  linkEvidence: (q: Q, activityId: string, evidenceIds: readonly string[]) =>
    evidenceIds.length
      ? q.insertInto('cpd_activity_evidence').values(evidenceIds.map((evidence_id) => ({ activity_id: activityId, evidence_id }))).onConflict((oc) => oc.columns(['activity_id', 'evidence_id']).doNothing()).execute()
      : Promise.resolve([]),
  /** Whether the year's sample has been drawn already (by hand or by the schedule). */
  sampleDrawn: async (q: Q, year: number) =>
    !!(await q.selectFrom('audit_log').select('id').where('action', '=', 'cpd.audit_sample_drawn').where('subject_id', '=', String(year)).executeTakeFirst()),
  /** Audits still waiting for the member's evidence after their due time. */
  overdue: (q: Q, now: string, limit: number) => q.selectFrom('cpd_audits').select('id').where('status', '=', 'requested').where('due_at', '<=', now).orderBy('due_at').orderBy('id').limit(limit).execute(),
};
export type AuditsRepository = typeof auditsRepository;
