import type { RetentionReport } from '../../../contracts/privacy.js';
import type { Db } from '../../db/database.js';
import { audit, systemActor } from '../../platform/audit.js';
import { auditCtx, type Platform, type RequestContext, requireRole } from '../../platform/context.js';
import { closedStates } from '../applications/applications.types.js';
import { loadBodyRuleSet } from '../cpd/body-rule-set.js';
import { privacyStaff } from './member.js';
import { deleteEvidence } from './stored-files.js';
import { type EvidenceFacts, judge } from './retention.rules.js';

export const RETENTION_JOB = 'privacy.retention';
const OPEN_AUDIT = ['requested', 'submitted', 'in_review'] as const;

/** The facts the rules judge, for every piece of evidence attached to a CPD activity. */
async function evidenceFacts(db: Db): Promise<EvidenceFacts[]> {
  const rows = await db
    .selectFrom('cpd_activity_evidence as ae')
    .innerJoin('cpd_activities as a', 'a.id', 'ae.activity_id')
    .innerJoin('evidence as e', 'e.id', 'ae.evidence_id')
    .select((eb) => ['e.id', 'e.member_id', 'e.title', 'e.kind', eb.fn.max('a.occurred_on').as('last_on')])
    .groupBy(['e.id', 'e.member_id', 'e.title', 'e.kind'])
    .execute();
  if (!rows.length) return [];
  const cycles = new Map(
    (await db.selectFrom('cpd_credential_states').select((eb) => ['member_id', eb.fn.min('cycle_start').as('start')]).groupBy('member_id').execute()).map((r) => [r.member_id, r.start as string]),
  );
  const inPortfolio = new Set((await db.selectFrom('evidence_links').select('evidence_id').distinct().execute()).map((r) => r.evidence_id));
  // Open applications: their records and snapshots name the evidence they carry.
  const openApps = await db.selectFrom('applications').select(['applicant_id', 'data', 'snapshot']).where('state', 'not in', closedStates).execute();
  const appText = new Map<string, string>();
  for (const a of openApps) appText.set(a.applicant_id, `${appText.get(a.applicant_id) ?? ''}${a.data}${a.snapshot ?? ''}`);
  // Open audits: the evidence of the activities they cover, and evidence handed in for them.
  const audited = new Set<string>();
  const auditRows = await db
    .selectFrom('cpd_audit_items as i')
    .innerJoin('cpd_audits as au', 'au.id', 'i.audit_id')
    .leftJoin('cpd_activity_evidence as ae', 'ae.activity_id', 'i.activity_id')
    .select(['ae.evidence_id', 'i.evidence_ids'])
    .where('au.status', 'in', OPEN_AUDIT)
    .execute();
  for (const r of auditRows) {
    if (r.evidence_id) audited.add(r.evidence_id);
    for (const id of JSON.parse(r.evidence_ids) as string[]) audited.add(id);
  }
  return rows.map((r) => ({
    evidenceId: r.id,
    memberId: r.member_id,
    title: r.title,
    kind: r.kind,
    lastActivityOn: String(r.last_on),
    openCycleStart: cycles.get(r.member_id) ?? null,
    inPortfolio: inPortfolio.has(r.id),
    openApplication: (appText.get(r.member_id) ?? '').includes(r.id),
    openAudit: audited.has(r.id),
  }));
}

/** getRetentionReport (a dry run, writing nothing) and the scheduled purge. */
export function retentionService(p: Platform) {
  const db = p.database.db;
  /** The body's CPD rule set says how long evidence outlives its cycle; the configuration is the default. */
  const monthsNow = async () => (await loadBodyRuleSet(db)).evidenceRetentionMonths ?? p.config.evidenceRetentionMonths;

  async function report(): Promise<RetentionReport> {
    const now = p.clock.now();
    const months = await monthsNow();
    const today = now.toISOString().slice(0, 10);
    const items = (await evidenceFacts(db)).map((f) => judge(f, today, months)).filter((i) => i !== null);
    items.sort((a, b) => a.purgeFrom.localeCompare(b.purgeFrom) || a.evidenceId.localeCompare(b.evidenceId));
    return { asOf: now.toISOString(), retentionMonths: months, purge: items.filter((i) => i.decision === 'purge').length, kept: items.filter((i) => i.decision === 'keep').length, items };
  }

  return {
    async dryRun(ctx: RequestContext): Promise<RetentionReport> {
      requireRole(ctx, privacyStaff);
      return report();
    },

    /** The privacy.retention job: deletes what the dry run says to purge, and files nothing else uses. */
    async purge(ctx: RequestContext | null = null): Promise<number> {
      const r = await report();
      const ids = r.items.filter((i) => i.decision === 'purge').map((i) => i.evidenceId);
      if (!ids.length) return 0;
      const now = p.clock.now();
      const files = await db.transaction().execute(async (tx) => {
        const unused = await deleteEvidence(tx, ids);
        await audit(tx, ctx ? auditCtx(ctx) : systemActor, { action: 'privacy.evidence_purged', subjectType: 'evidence', details: { count: ids.length, retentionMonths: r.retentionMonths, evidenceIds: ids } }, now);
        return unused;
      });
      for (const sha of files) await p.files.remove(sha);
      return ids.length;
    },
  };
}
export type RetentionService = ReturnType<typeof retentionService>;
