import type { Db } from '../../db/database.js';

/** What the member's export reads: every live activity with its evidence's titles, and their audits. */
export const exportRepository = {
  activities: (db: Db, memberId: string) =>
    db.selectFrom('cpd_activities').selectAll().where('member_id', '=', memberId).where('deleted_at', 'is', null).orderBy('occurred_on').orderBy('id').execute(),
  evidence: (db: Db, memberId: string) =>
    db
      .selectFrom('cpd_activity_evidence as ae')
      .innerJoin('cpd_activities as a', 'a.id', 'ae.activity_id')
      .innerJoin('evidence as e', 'e.id', 'ae.evidence_id')
      .select(['ae.activity_id', 'e.id', 'e.title', 'e.kind', 'e.url'])
      .where('a.member_id', '=', memberId)
      .orderBy('e.title')
      .execute(),
  auditIds: async (db: Db, memberId: string) =>
    (await db.selectFrom('cpd_audits').select('id').where('member_id', '=', memberId).orderBy('requested_at').orderBy('id').execute()).map((r) => r.id),
};
export type ExportRepository = typeof exportRepository;
