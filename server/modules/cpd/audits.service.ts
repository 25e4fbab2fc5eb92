import type { z } from 'zod';
import type { AddTargetedAuditBody } from '../../../contracts/audit-draw.js';
import type { CpdAudit, ListCpdAuditsQuery, ReviewAuditActivityBody, RunCpdAuditSampleBody, SubmitAuditEvidenceBody } from '../../../contracts/cpd-standards.js';
import { type CpdActivityType, cpdTypeSpecs } from '../../../contracts/cpd.js';
import type { Db, Tx } from '../../db/database.js';
import { type AuditContext, audit, systemActor } from '../../platform/audit.js';
import { DAY } from '../../platform/clock.js';
import { type Platform, type RequestContext, auditCtx, hasScope, requireActor, requireRole } from '../../platform/context.js';
import { DomainError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { queueMail } from '../../platform/mail/outbox.js';
import { randomToken } from '../../platform/secrets.js';
import { AUDIT_DAYS, type AuditFact, DEFAULT_AUDIT_RATE, drawSample, evidenceFor, randomAuditItems, targetedFlags } from './audits.rules.js';
import type { AuditsRepository } from './audits.repository.js';
import { loadBodyRuleSet } from './body-rule-set.js';
import { addYears, isoDay } from './cpd.dates.js';
import { cycleAt } from './cpd.rules.js';

const reviewers = ['assessor', 'scheme_admin'] as const;
const hoursText = (q: number) => `${q / 4} hour${q === 4 ? '' : 's'}`;

type AuditHeadRow = Pick<
  Awaited<ReturnType<AuditsRepository['audits']>>[number],
  'id' | 'year' | 'member_id' | 'member_name' | 'credential_id' | 'reason' | 'reason_detail' | 'status' | 'requested_at' | 'due_at' | 'submitted_at' | 'decided_at'
>;

/** A claim as the audit rules read it. */
const factOf = (c: Awaited<ReturnType<AuditsRepository['claimsSince']>>[number]): AuditFact => ({
  id: c.id,
  memberId: c.member_id,
  type: c.type as CpdActivityType,
  occurredOn: c.occurred_on,
  loggedOn: c.created_at.slice(0, 10),
  quarters: c.quarters,
  verified: c.verified === 1,
});

/** What an audit is, as both the list and the single audit show it. */
const head = (a: AuditHeadRow) => ({
  id: a.id,
  year: a.year,
  memberId: a.member_id,
  memberName: a.member_name,
  credentialId: a.credential_id,
  reason: a.reason,
  reasonDetail: a.reason_detail,
  status: a.status,
  requestedAt: a.requested_at,
  dueAt: a.due_at,
  submittedAt: a.submitted_at,
  decidedAt: a.decided_at,
});

/**
 * CPD audits: a yearly draw (a random sample reproducible from its seed, plus targeted cases), the member's
 * evidence per activity by a due date, an assessor's decision per activity with reasons, and expiry. A
 * rejected (or unanswered) activity is marked rejected, which the CPD engine counts as 0.
 */
export function auditsService(p: Platform, repo: AuditsRepository, afterDecision: (memberIds: readonly string[]) => Promise<void> = async () => {}) {
  const db = p.database.db;
  const link = (id: string) => `${p.config.publicUrl}/cpd/audits/${id}`;

  async function load(auditId: string) {
    const a = await repo.audit(db, auditId);
    if (!a) throw notFound('The audit');
    return a;
  }

  async function full(auditId: string): Promise<CpdAudit> {
    const a = await load(auditId);
    const items = await repo.items(db, auditId);
    const evidenceIds = items.flatMap((i) => JSON.parse(i.evidence_ids) as string[]);
    const evidence = new Map((await repo.evidence(db, evidenceIds)).map((e) => [e.id, e]));
    return {
      ...head(a),
      items: items.map((i) => ({
        activityId: i.activity_id,
        title: i.title,
        type: i.type as CpdActivityType,
        occurredOn: i.occurred_on,
        hours: i.quarters / 4,
        evidenceRequested: i.evidence_requested,
        evidence: (JSON.parse(i.evidence_ids) as string[]).flatMap((id) => {
          const e = evidence.get(id);
          return e ? [{ id: e.id, title: e.title, kind: e.kind, url: e.url }] : [];
        }),
        memberNote: i.member_note,
        decision: i.decision,
        reasons: i.reasons,
      })),
    };
  }

  /** Ends an audit whose items are all decided (or expired): passed or failed, and tells the member. */
  async function close(tx: Tx | Db, auditId: string, outcome: 'passed' | 'failed' | 'expired', by: AuditContext, now: Date) {
    const a = (await repo.audit(tx, auditId))!;
    const items = await repo.items(tx, auditId);
    const rejected = items.filter((i) => i.decision === 'reject');
    const at = now.toISOString();
    if (!(await repo.moveAudit(tx, auditId, outcome === 'expired' ? ['requested'] : ['submitted', 'in_review'], { status: outcome, decided_at: at, outcome: `${items.length - rejected.length} of ${items.length} accepted`, updated_at: at }))) return false;
    await audit(tx, by, { action: `cpd.audit_${outcome}`, subjectType: 'cpd_audit', subjectId: auditId, details: { rejected: rejected.length, items: items.length } }, now);
    await queueMail(tx, a.member_email, 'cpd_audit_decided', { name: a.member_name, outcome, rejected: rejected.map((i) => `- ${i.title} (${i.occurred_on}): ${i.reasons ?? ''}`).join('\n'), link: link(auditId) }, now);
    return true;
  }

  /**
   * Opens one audit (unless the credential is audited this year already): its items, the activities marked,
   * the audit entry and the member's mail, in one transaction. Answers its id, or null if it was not opened.
   */
  async function openAudit(
    by: AuditContext,
    now: Date,
    a: { year: number; seed: string; memberId: string; holder: { credentialId: string }; cycleIndex: number; reason: 'random' | 'targeted'; detail: string; items: AuditFact[] },
  ): Promise<string | null> {
    const auditId = newId();
    const at = now.toISOString();
    const dueAt = new Date(now.getTime() + AUDIT_DAYS * DAY).toISOString();
    const user = await repo.user(db, a.memberId);
    return db.transaction().execute(async (tx) => {
      const inserted = await repo.insertAudit(tx, {
        id: auditId,
        year: a.year,
        seed: a.seed,
        member_id: a.memberId,
        credential_id: a.holder.credentialId,
        cycle_index: a.cycleIndex,
        reason: a.reason,
        reason_detail: a.detail,
        status: 'requested',
        assessor_id: null,
        requested_at: at,
        due_at: dueAt,
        submitted_at: null,
        decided_at: null,
        outcome: null,
        updated_at: at,
      });
      if (!inserted) return null;
      await repo.insertItems(tx, a.items.map((f) => ({ audit_id: auditId, activity_id: f.id, evidence_requested: evidenceFor[f.type] })));
      await repo.setActivityAudit(tx, a.items.map((f) => f.id), 'requested', at);
      await audit(tx, by, { action: 'cpd.audit_requested', subjectType: 'cpd_audit', subjectId: auditId, details: { memberId: a.memberId, reason: a.reason, items: a.items.length, seed: a.seed } }, now);
      if (user)
        await queueMail(tx, user.email, 'cpd_audit_requested', {
          name: user.name,
          dueOn: dueAt.slice(0, 10),
          items: a.items.map((f) => `- ${cpdTypeSpecs[f.type].label}, ${f.occurredOn}, ${hoursText(f.quarters)}: ${evidenceFor[f.type]}`).join('\n'),
          link: link(auditId),
        }, now);
      return auditId;
    });
  }

  return {
    get: full,

    /**
     * startAuditDraw: the year's random sample of holders of an active credential (from a recorded seed)
     * and targeted cases; each audited holder is told which activities need which evidence within 90 days.
     * Drawing again with the same seed selects the same holders and opens no audit twice.
     */
    async runSample(ctx: RequestContext | null, body: z.output<typeof RunCpdAuditSampleBody>) {
      const by = ctx ? auditCtx(ctx) : systemActor;
      if (ctx) requireRole(ctx, ['scheme_admin']);
      const now = p.clock.now();
      const today = isoDay(now);
      const year = body.year ?? now.getUTCFullYear();
      const seed = body.seed ?? randomToken(12);
      const rate = body.rate ?? DEFAULT_AUDIT_RATE;
      const r = await loadBodyRuleSet(db);
      const holders = await repo.activeHolders(db);
      const sampled = new Set(drawSample([...holders.keys()], rate, seed));
      // Claims of the last cycle's length, enough to cover every holder's current cycle.
      const since = addYears(today, -r.cycleYears);
      const claims = await repo.claimsSince(db, since);
      const facts: AuditFact[] = claims.map(factOf);
      const recent = addYears(today, -1);
      const flags = body.targeted ? targetedFlags(facts.filter((f) => f.loggedOn >= recent), r.perActivity ? Math.round(r.perActivity.max * 4) : null) : new Map();
      const factById = new Map(facts.map((f) => [f.id, f]));
      const byMember = new Map<string, AuditFact[]>();
      for (const f of facts) byMember.set(f.memberId, [...(byMember.get(f.memberId) ?? []), f]);

      let created = 0;
      let targeted = 0;
      for (const memberId of new Set([...sampled, ...[...flags.keys()].filter((m) => holders.has(m))])) {
        const h = holders.get(memberId)!;
        const cycle = cycleAt(r.cycleYears, h.awardedOn, today);
        const own = (byMember.get(memberId) ?? []).filter((f) => f.occurredOn >= cycle.start && f.occurredOn <= today);
        const flagged = (flags.get(memberId) ?? []) as Array<{ activityId: string; reason: string }>;
        const chosen = new Map<string, AuditFact>();
        for (const f of sampled.has(memberId) ? randomAuditItems(own) : []) chosen.set(f.id, f);
        for (const fl of flagged) {
          const f = factById.get(fl.activityId);
          if (f) chosen.set(f.id, f);
        }
        if (chosen.size === 0) continue; // nothing a member could show evidence for
        const reason = sampled.has(memberId) ? 'random' : 'targeted';
        const detail = flagged.length ? flagged.map((f) => f.reason).join('; ') : `random sample of ${Math.round(rate * 1000) / 10}%`;
        if (await openAudit(by, now, { year, seed, memberId, holder: h, cycleIndex: cycle.index, reason, detail, items: [...chosen.values()] })) {
          created++;
          if (reason === 'targeted') targeted++;
        }
      }
      await audit(db, by, { action: 'cpd.audit_sample_drawn', subjectType: 'cpd_audit_sample', subjectId: `${year}`, details: { seed, rate, population: holders.size, sampled: sampled.size, targeted, created } }, now);
      if (created) p.nudgeJobs();
      return { year, seed, population: holders.size, sampled: sampled.size, targeted, created };
    },

    /**
     * addTargetedAudit: one holder audited on purpose, with the reason they are told; the largest unverified
     * activities of their current cycle. Not twice in a year for the same credential.
     */
    async addTargeted(ctx: RequestContext, body: AddTargetedAuditBody): Promise<CpdAudit> {
      requireRole(ctx, ['scheme_admin']);
      const now = p.clock.now();
      const today = isoDay(now);
      const user = await repo.userByEmail(db, body.email);
      const holder = user ? (await repo.activeHolders(db)).get(user.id) : undefined;
      if (!user || !holder) throw new DomainError('VALIDATION_FAILED', 'No holder of an active credential signs in with this e-mail address.', { issues: [{ path: 'body.email', message: 'No holder of an active credential signs in with this e-mail address' }] });
      if (user.id === ctx.actor?.userId) throw new DomainError('FORBIDDEN', 'You cannot open an audit of yourself.');
      const r = await loadBodyRuleSet(db);
      const cycle = cycleAt(r.cycleYears, holder.awardedOn, today);
      const own = (await repo.claimsSince(db, cycle.start, user.id)).filter((c) => c.occurred_on <= today);
      const items = randomAuditItems(own.map(factOf));
      if (items.length === 0) throw new DomainError('CONFLICT', `${user.name} has no CPD activity this cycle that could be audited (none logged, or all verified or already under audit).`);
      const auditId = await openAudit(auditCtx(ctx), now, { year: now.getUTCFullYear(), seed: 'targeted', memberId: user.id, holder, cycleIndex: cycle.index, reason: 'targeted', detail: body.reason, items });
      if (!auditId) throw new DomainError('CONFLICT', `${user.name} is audited for ${now.getUTCFullYear()} already; see the audits below.`);
      p.nudgeJobs();
      return full(auditId);
    },

    /**
     * The scheduled draw: once a year, in the four weeks from 15 January (so a process that was down on the
     * day still draws), unless the year's sample was drawn already. The seed comes from the job, so a retry
     * draws the same sample.
     */
    async scheduledSample(seed: string): Promise<boolean> {
      const now = p.clock.now();
      const year = now.getUTCFullYear();
      const from = Date.UTC(year, 0, 15);
      if (now.getTime() < from || now.getTime() >= from + 28 * DAY || (await repo.sampleDrawn(db, year))) return false;
      await this.runSample(null, { rate: DEFAULT_AUDIT_RATE, targeted: true, seed });
      return true;
    },

    async list(ctx: RequestContext, query: z.output<typeof ListCpdAuditsQuery>) {
      const actor = requireActor(ctx);
      const reviewer = reviewers.some((r) => actor.roles.has(r)) && hasScope(actor, 'admin');
      const mine = !reviewer || query.scope === 'mine';
      const rows = await repo.audits(db, { memberId: mine ? actor.userId : undefined, status: query.status });
      return {
        items: rows.map((a) => ({
          ...head(a),
          itemCount: Number(a.item_count ?? 0),
          decidedCount: Number(a.decided_count ?? 0),
          seed: reviewer && actor.roles.has('scheme_admin') ? a.seed : null,
        })),
      };
    },

    async view(ctx: RequestContext, auditId: string): Promise<CpdAudit> {
      const actor = requireActor(ctx);
      const a = await load(auditId);
      if (a.member_id !== actor.userId && !(reviewers.some((r) => actor.roles.has(r)) && hasScope(actor, 'admin'))) throw notFound('The audit');
      return full(auditId);
    },

    /** submitAuditEvidence: the member's own evidence and a note for every activity of the audit, before it is due. */
    async submit(ctx: RequestContext, auditId: string, body: SubmitAuditEvidenceBody): Promise<CpdAudit> {
      const actor = requireActor(ctx);
      const a = await load(auditId);
      if (a.member_id !== actor.userId) throw notFound('The audit');
      const now = p.clock.now();
      if (a.status !== 'requested') throw new DomainError('CONFLICT', `This audit is ${a.status.replace('_', ' ')}; evidence can only be sent while it is requested.`, { status: a.status });
      if (a.due_at <= now.toISOString()) throw new DomainError('CONFLICT', `This audit was due on ${a.due_at.slice(0, 10)}.`, { status: 'expired' });
      const items = await repo.items(db, auditId);
      const known = new Set(items.map((i) => i.activity_id));
      const issues: Array<{ path: string; message: string }> = [];
      const given = new Map(body.items.map((it) => [it.activityId, it]));
      body.items.forEach((it, k) => {
        if (!known.has(it.activityId)) issues.push({ path: `body.items[${k}].activityId`, message: 'This activity is not part of the audit' });
        else if (it.evidenceIds.length === 0 && !it.note) issues.push({ path: `body.items[${k}].evidenceIds`, message: 'Attach evidence or explain in a note' });
      });
      items.forEach((i) => {
        if (!given.has(i.activity_id)) issues.push({ path: `body.items.${i.activity_id}`, message: `Answer “${i.title}” (${i.occurred_on}) too` });
      });
      const wanted = [...new Set(body.items.flatMap((it) => it.evidenceIds))];
      const own = new Set((await repo.evidence(db, wanted)).filter((e) => e.member_id === actor.userId).map((e) => e.id));
      body.items.forEach((it, k) => {
        it.evidenceIds.forEach((e, j) => {
          if (!own.has(e)) issues.push({ path: `body.items[${k}].evidenceIds[${j}]`, message: 'No such evidence in your portfolio' });
        });
      });
      if (issues.length) throw new DomainError('VALIDATION_FAILED', `${issues[0]!.path}: ${issues[0]!.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`, { issues });
      const at = now.toISOString();
      await db.transaction().execute(async (tx) => {
        if (!(await repo.moveAudit(tx, auditId, ['requested'], { status: 'submitted', submitted_at: at, updated_at: at }))) throw new DomainError('CONFLICT', 'This audit has changed meanwhile; reload it.');
        for (const it of body.items) {
          const ids = [...new Set(it.evidenceIds)];
          await repo.updateItem(tx, auditId, it.activityId, { evidence_ids: JSON.stringify(ids), member_note: it.note || null });
          await repo.linkEvidence(tx, it.activityId, ids);
        }
        await audit(tx, auditCtx(ctx), { action: 'cpd.audit_submitted', subjectType: 'cpd_audit', subjectId: auditId, details: { items: body.items.length, evidence: wanted.length } }, now);
      });
      return full(auditId);
    },

    /** reviewAuditActivity: accept or reject one activity with reasons; the last decision closes the audit. */
    async review(ctx: RequestContext, auditId: string, activityId: string, body: z.output<typeof ReviewAuditActivityBody>): Promise<CpdAudit> {
      const actor = requireRole(ctx, reviewers);
      const a = await load(auditId);
      if (a.member_id === actor.userId) throw new DomainError('FORBIDDEN', 'You cannot review your own audit.');
      if (a.status !== 'submitted' && a.status !== 'in_review') throw new DomainError('CONFLICT', `This audit is ${a.status.replace('_', ' ')}; only a submitted audit can be reviewed.`, { status: a.status });
      const now = p.clock.now();
      const at = now.toISOString();
      await db.transaction().execute(async (tx) => {
        const items = await repo.items(tx, auditId);
        if (!items.some((i) => i.activity_id === activityId)) throw notFound('The audited activity');
        await repo.updateItem(tx, auditId, activityId, { decision: body.decision, reasons: body.reasons || null, reviewer_id: actor.userId, decided_at: at });
        await repo.setActivityAudit(tx, [activityId], body.decision === 'accept' ? 'accepted' : 'rejected', at);
        await repo.moveAudit(tx, auditId, ['submitted', 'in_review'], { status: 'in_review', assessor_id: a.assessor_id ?? actor.userId, updated_at: at });
        await audit(tx, auditCtx(ctx), { action: 'cpd.audit_activity_reviewed', subjectType: 'cpd_audit', subjectId: auditId, details: { activityId, decision: body.decision } }, now);
        const after = items.map((i) => (i.activity_id === activityId ? body.decision : i.decision));
        if (after.every((d) => d !== null)) await close(tx, auditId, after.every((d) => d === 'accept') ? 'passed' : 'failed', auditCtx(ctx), now);
      });
      // An accepted activity counts again if an earlier decision had rejected it.
      if (body.decision === 'accept') await afterDecision([a.member_id]);
      p.nudgeJobs();
      return full(auditId);
    },

    /** Audits unanswered by their due time expire: their activities no longer count. Returns how many. */
    async expireDue(now: Date): Promise<number> {
      let n = 0;
      for (;;) {
        const due = await repo.overdue(db, now.toISOString(), 200);
        if (due.length === 0) break;
        for (const { id } of due)
          await db.transaction().execute(async (tx) => {
            const items = await repo.items(tx, id);
            const at = now.toISOString();
            for (const i of items) await repo.updateItem(tx, id, i.activity_id, { decision: 'reject', reasons: 'No evidence was sent by the due date', decided_at: at });
            await repo.setActivityAudit(tx, items.map((i) => i.activity_id), 'rejected', at);
            if (await close(tx, id, 'expired', systemActor, now)) n++;
          });
        if (due.length < 200) break;
      }
      if (n) p.nudgeJobs();
      return n;
    },
  };
}
export type AuditsService = ReturnType<typeof auditsService>;
