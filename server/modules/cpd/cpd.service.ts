import {
  type CpdActivity,
  type CpdActivityBody,
  type CpdActivityPage,
  type CpdPlan,
  CpdPlanContent,
  type CpdSummary,
  type ListCpdActivitiesQuery,
  type TrackedCredential,
  type TrackedCredentialBody,
  fromQuarters,
  reflectionPrompts,
  toQuarters,
} from '../../../contracts/cpd.js';
import { CpdRuleSet } from '../../../contracts/cpd-rules.js';
import type { Db } from '../../db/database.js';
import { audit } from '../../platform/audit.js';
import { type Platform, type RequestContext, auditCtx, requireActor } from '../../platform/context.js';
import { DomainError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { sha256 } from '../../platform/secrets.js';
import { activityDateProblem, cyclesFrom, isoDay } from './cpd.dates.js';
import { type ActivityRow, type CpdRepository, type FactRow, type RuleSetRow, manualActivityRow } from './cpd.repository.js';
import { type CpdFact, evaluateCpd } from './cpd.rules.js';
import { remindersSent, syncPlanReminders } from './plan-reminders.js';
import { BODY_RULE_SET_KEY, loadShippedRuleSets } from './shipped.js';

type Issue = { path: string; message: string };
const invalid = (issues: Issue[]) =>
  new DomainError('VALIDATION_FAILED', `${issues[0]?.path}: ${issues[0]?.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`, { issues });

const TRACKED_MAX = 20;
type InForce = { id: string; set: CpdRuleSet; bodyDefault: boolean };

/** Keeps only the type's fields that carry a value (optional fields may come as ""). */
function detailsJson(details: Record<string, string | undefined>): string {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(details)) if (v) out[k] = v;
  return JSON.stringify(out);
}

export function activityOf(row: ActivityRow, evidenceIds: string[]): CpdActivity {
  return {
    id: row.id,
    type: row.type as CpdActivity['type'],
    title: row.title,
    occurredOn: row.occurred_on,
    hours: fromQuarters(row.quarters),
    provider: row.provider,
    learned: row.learned,
    apply: row.apply,
    details: JSON.parse(row.details) as Record<string, string>,
    evidenceIds,
    source: row.source,
    verified: row.verified === 1,
    activityCode: row.activity_code,
    auditStatus: row.audit_status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const factOf = ([id, type, occurredOn, quarters, auditStatus]: FactRow): CpdFact => ({ id, type: type as CpdFact['type'], occurredOn, quarters, rejected: auditStatus === 'rejected' });

/** The member's CPD log, the summary per tracked credential and rule set, tracked credentials and the plan. */
export function cpdService(p: Platform, repo: CpdRepository, afterChange: (memberIds: readonly string[]) => Promise<void> = async () => {}) {
  const db: Db = p.database.db;
  // Rule-set versions never change, so their parsed content is kept per row id without invalidation.
  const parsed = new Map<string, CpdRuleSet>();
  let installing: Promise<void> | null = null;
  /**
   * getCpdSummary answers, serialised, per member: valid while the day and the member's revision (activities,
   * tracked and held credentials, rule sets; see the repository) are unchanged. This process's own writes drop
   * the entry at once; the revision catches writes by other processes and other modules.
   */
  const answers = new Map<string, { key: string; body: string }>();
  const ANSWERS_MAX = 20_000;
  const forget = (memberId: string) => answers.delete(memberId);

  /** Stores the shipped rule sets the database lacks (once per process; safe beside other processes). */
  function ensureShipped(): Promise<void> {
    installing ??= (async () => {
      const at = p.clock.now().toISOString();
      const rows: RuleSetRow[] = [...loadShippedRuleSets().values()].map((r) => {
        const content = JSON.stringify(r);
        return { id: newId(), key: r.key, number: r.version, name: r.name, content, sha256: sha256(content), body_default: r.key === BODY_RULE_SET_KEY ? 1 : 0, created_at: at };
      });
      await repo.ensureRuleSets(db, rows);
    })().catch((err) => {
      installing = null;
      throw err;
    });
    return installing;
  }

  /** The newest version of every rule set, by key. */
  async function inForce(): Promise<Map<string, InForce>> {
    await ensureShipped();
    const out = new Map<string, InForce>();
    for (const h of await repo.ruleSetHeads(db)) {
      let set = parsed.get(h.id);
      if (!set) {
        const row = await repo.ruleSetContent(db, h.id);
        set = CpdRuleSet.parse(JSON.parse(row!.content));
        parsed.set(h.id, set);
      }
      out.set(h.key, { id: h.id, set, bodyDefault: h.body_default === 1 }); // ordered by number: the newest wins
    }
    return out;
  }

  function checkDates(body: CpdActivityBody) {
    const today = isoDay(p.clock.now());
    const problem = activityDateProblem(body.occurredOn, today);
    if (problem) throw invalid([{ path: 'body.occurredOn', message: problem }]);
  }

  async function assertOwnEvidence(memberId: string, ids: readonly string[] | undefined) {
    if (!ids?.length) return;
    const own = await repo.ownEvidenceIds(db, memberId, ids);
    const bad = ids.map((id, i) => ({ id, i })).filter(({ id }) => !own.has(id));
    if (bad.length) throw invalid(bad.map(({ i }) => ({ path: `body.evidenceIds[${i}]`, message: 'No such evidence in your portfolio' })));
  }

  const fieldsOf = (body: CpdActivityBody) => ({
    type: body.type,
    title: body.title,
    occurred_on: body.occurredOn,
    quarters: toQuarters(body.hours),
    provider: body.provider || null,
    details: detailsJson(body.details as Record<string, string | undefined>),
  });

  /** Totals per credential the member holds or tracks, each under its own rule set, today. */
  async function summaryOf(memberId: string): Promise<CpdSummary> {
    const now = p.clock.now();
    const today = isoDay(now);
    const year = today.slice(0, 4);
    const [sets, factRows, bodyCreds, tracked] = await Promise.all([inForce(), repo.factsOf(db, memberId), repo.bodyCredentialsOf(db, memberId), repo.trackedOf(db, memberId)]);
    const facts = factRows.map(factOf);
    let yearQ = 0;
    for (const f of facts) if (f.occurredOn.startsWith(year)) yearQ += f.quarters;
    const bodySet = [...sets.values()].find((s) => s.bodyDefault)?.set;
    const credentials: CpdSummary['credentials'] = [];
    if (bodySet)
      for (const c of bodyCreds) {
        const cycleStart = cyclesFrom(c);
        credentials.push({
          credential: { kind: 'body', id: c.id, name: c.post_nominals ? `${c.level_name} (${c.post_nominals})` : c.level_name, issuer: c.body_name, status: c.status, cycleStart },
          evaluation: evaluateCpd(bodySet, cycleStart, facts, now),
        });
      }
    for (const t of tracked) {
      const s = sets.get(t.rule_set_key);
      if (!s) continue;
      credentials.push({
        credential: { kind: 'tracked', id: t.id, name: t.name, issuer: t.issuer, status: 'tracked', cycleStart: t.cycle_start },
        evaluation: evaluateCpd(s.set, t.cycle_start, facts, now),
      });
    }
    return { asOf: today, activityCount: facts.length, earnedThisYear: fromQuarters(yearQ), credentials };
  }

  return {
    async log(ctx: RequestContext, body: CpdActivityBody): Promise<CpdActivity> {
      const actor = requireActor(ctx);
      checkDates(body);
      await assertOwnEvidence(actor.userId, body.evidenceIds);
      const now = p.clock.now();
      const at = now.toISOString();
      const row = manualActivityRow(newId(), actor.userId, { ...fieldsOf(body), learned: body.learned, apply: body.apply }, at);
      const evidenceIds = [...new Set(body.evidenceIds ?? [])];
      const entry = { action: 'cpd.activity_logged', subjectType: 'cpd_activity', subjectId: row.id, details: { type: row.type, quarters: row.quarters } };
      const a = auditCtx(ctx);
      const auditRow = { id: newId(), at, actor_id: a.actorId, action: entry.action, subject_type: entry.subjectType, subject_id: entry.subjectId, ip: a.ip, request_id: a.requestId, details: JSON.stringify(entry.details) };
      const logged = await repo.insertLogged(row, evidenceIds, auditRow);
      if (!logged)
        await db.transaction().execute(async (tx) => {
          await repo.insertActivity(tx, row);
          if (evidenceIds.length) await repo.setEvidence(tx, row.id, evidenceIds);
          await audit(tx, a, entry, now);
        });
      forget(actor.userId);
      // The group commit already looked: a member with no standing waiting for make-up has nothing to recheck.
      if (!logged || logged.waiting) await afterChange([actor.userId]);
      return activityOf(row, evidenceIds.sort());
    },

    /**
     * Replaces an activity. A provider- or event-credited activity, and one under audit, keeps what was
     * credited or is being checked: only its reflection and evidence change.
     */
    async update(ctx: RequestContext, activityId: string, body: CpdActivityBody): Promise<CpdActivity> {
      const actor = requireActor(ctx);
      const existing = await repo.findActivity(db, actor.userId, activityId);
      if (!existing) throw notFound('The CPD activity');
      const fields = fieldsOf(body);
      const locked = existing.verified === 1 || existing.audit_status !== null;
      if (locked) {
        const changed = (Object.keys(fields) as Array<keyof typeof fields>).filter((k) => fields[k] !== existing[k]);
        if (changed.length)
          throw new DomainError(
            'CONFLICT',
            existing.verified === 1
              ? 'This activity was credited by its provider: only your reflection and evidence can change.'
              : 'This activity is part of an audit: only your reflection and evidence can change.',
            { fields: Object.fromEntries(changed.map((k) => [k, 'This cannot change'])) },
          );
      } else checkDates(body);
      await assertOwnEvidence(actor.userId, body.evidenceIds);
      const now = p.clock.now();
      const at = now.toISOString();
      const patch = { ...(locked ? {} : fields), learned: body.learned, apply: body.apply, updated_at: at };
      await db.transaction().execute(async (tx) => {
        await repo.updateActivity(tx, activityId, patch);
        if (body.evidenceIds !== undefined) await repo.setEvidence(tx, activityId, body.evidenceIds);
        await audit(tx, auditCtx(ctx), { action: 'cpd.activity_updated', subjectType: 'cpd_activity', subjectId: activityId, details: { reflectionOnly: locked } }, now);
      });
      forget(actor.userId);
      if (!locked) await afterChange([actor.userId]);
      const evidence = (await repo.evidenceOf(db, [activityId])).get(activityId) ?? [];
      return activityOf({ ...existing, ...patch }, evidence);
    },

    async remove(ctx: RequestContext, activityId: string): Promise<{ status: 'ok' }> {
      const actor = requireActor(ctx);
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        const existing = await repo.findActivity(tx, actor.userId, activityId);
        if (!existing) throw notFound('The CPD activity');
        if (existing.audit_status !== null) throw new DomainError('CONFLICT', 'This activity is part of an audit and cannot be deleted.');
        await repo.deleteActivity(tx, activityId, now.toISOString());
        await audit(tx, auditCtx(ctx), { action: 'cpd.activity_deleted', subjectType: 'cpd_activity', subjectId: activityId, details: { type: existing.type, quarters: existing.quarters, source: existing.source } }, now);
      });
      forget(actor.userId);
      return { status: 'ok' };
    },

    async list(ctx: RequestContext, query: ListCpdActivitiesQuery): Promise<CpdActivityPage> {
      const actor = requireActor(ctx);
      const filter = { year: query.year, type: query.type };
      const [total, rows] = await Promise.all([
        repo.countActivities(db, actor.userId, filter),
        repo.pageActivities(db, actor.userId, filter, (query.page - 1) * query.pageSize, query.pageSize),
      ]);
      const evidence = await repo.evidenceOf(db, rows.map((r) => r.id));
      return { items: rows.map((r) => activityOf(r, evidence.get(r.id) ?? [])), total, page: query.page, pageSize: query.pageSize };
    },

    async get(ctx: RequestContext, activityId: string): Promise<CpdActivity> {
      const actor = requireActor(ctx);
      const row = await repo.findActivity(db, actor.userId, activityId);
      if (!row) throw notFound('The CPD activity');
      return activityOf(row, (await repo.evidenceOf(db, [row.id])).get(row.id) ?? []);
    },

    /** Totals per credential the member holds or tracks, each under its own rule set, today. */
    async summary(ctx: RequestContext): Promise<CpdSummary> {
      return summaryOf(requireActor(ctx).userId);
    },

    /** As summary, as JSON text (cached per member; see `answers`). */
    async summaryJson(ctx: RequestContext): Promise<string> {
      const actor = requireActor(ctx);
      const [rev] = await Promise.all([repo.revisionOf(db, actor.userId), ensureShipped()]);
      const key = `${isoDay(p.clock.now())}#${rev}`;
      const hit = answers.get(actor.userId);
      if (hit?.key === key) return hit.body;
      const body = JSON.stringify(await summaryOf(actor.userId));
      if (answers.size >= ANSWERS_MAX) answers.delete(answers.keys().next().value!);
      answers.set(actor.userId, { key, body });
      return body;
    },

    async ruleSets(ctx: RequestContext) {
      requireActor(ctx);
      const sets = await inForce();
      return {
        items: [...sets.values()].map(({ set, bodyDefault }) => ({ key: set.key, version: set.version, name: set.name, issuer: set.issuer, description: set.description, unit: set.unit, bodyDefault })),
      };
    },

    async listTracked(ctx: RequestContext): Promise<{ items: TrackedCredential[] }> {
      const actor = requireActor(ctx);
      const rows = await repo.trackedOf(db, actor.userId);
      return { items: rows.map((r) => ({ id: r.id, name: r.name, issuer: r.issuer, ruleSetKey: r.rule_set_key, cycleStart: r.cycle_start, createdAt: r.created_at })) };
    },

    async addTracked(ctx: RequestContext, body: TrackedCredentialBody): Promise<TrackedCredential> {
      const actor = requireActor(ctx);
      const sets = await inForce();
      const issues: Issue[] = [];
      if (!sets.has(body.ruleSetKey)) issues.push({ path: 'body.ruleSetKey', message: `Choose one of the rule sets: ${[...sets.keys()].join(', ')}` });
      if (body.cycleStart > isoDay(p.clock.now())) issues.push({ path: 'body.cycleStart', message: 'The cycle start is in the future; add the credential once its cycle has begun' });
      if (issues.length) throw invalid(issues);
      const now = p.clock.now();
      const at = now.toISOString();
      const row = { id: newId(), member_id: actor.userId, name: body.name, issuer: body.issuer, rule_set_key: body.ruleSetKey, cycle_start: body.cycleStart, created_at: at, updated_at: at };
      await db.transaction().execute(async (tx) => {
        if ((await repo.trackedOf(tx, actor.userId)).length >= TRACKED_MAX) throw new DomainError('CONFLICT', `You can track at most ${TRACKED_MAX} credentials; remove one first.`);
        await repo.insertTracked(tx, row);
        await audit(tx, auditCtx(ctx), { action: 'cpd.credential_tracked', subjectType: 'cpd_tracked_credential', subjectId: row.id, details: { ruleSetKey: body.ruleSetKey } }, now);
      });
      forget(actor.userId);
      return { id: row.id, name: row.name, issuer: row.issuer, ruleSetKey: row.rule_set_key, cycleStart: row.cycle_start, createdAt: at };
    },

    async removeTracked(ctx: RequestContext, trackedId: string): Promise<{ status: 'ok' }> {
      const actor = requireActor(ctx);
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        if (!(await repo.deleteTracked(tx, actor.userId, trackedId))) throw notFound('The tracked credential');
        await audit(tx, auditCtx(ctx), { action: 'cpd.credential_untracked', subjectType: 'cpd_tracked_credential', subjectId: trackedId }, now);
      });
      forget(actor.userId);
      return { status: 'ok' };
    },

    async plan(ctx: RequestContext): Promise<CpdPlan> {
      const actor = requireActor(ctx);
      const row = await repo.planOf(db, actor.userId);
      const plan = row ? CpdPlanContent.parse(JSON.parse(row.content)) : { goals: [], planned: [], reminders: [] };
      return { plan, plannedHours: plan.planned.reduce((s, a) => s + a.hours, 0), prompts: reflectionPrompts, updatedAt: row?.updated_at ?? null, remindersSent: await remindersSent(db, actor.userId, plan) };
    },

    async savePlan(ctx: RequestContext, plan: CpdPlanContent): Promise<CpdPlan> {
      const actor = requireActor(ctx);
      const now = p.clock.now();
      const today = isoDay(now);
      await db.transaction().execute(async (tx) => {
        await syncPlanReminders(tx, actor.userId, plan, today, now.toISOString());
        await repo.savePlan(tx, actor.userId, JSON.stringify(plan), now.toISOString());
        await audit(tx, auditCtx(ctx), { action: 'cpd.plan_updated', subjectType: 'user', subjectId: actor.userId, details: { goals: plan.goals.length, planned: plan.planned.length, reminders: plan.reminders.length } }, now);
      });
      return { plan, plannedHours: plan.planned.reduce((s, a) => s + a.hours, 0), prompts: reflectionPrompts, updatedAt: now.toISOString(), remindersSent: await remindersSent(db, actor.userId, plan) };
    },
  };
}
export type CpdService = ReturnType<typeof cpdService>;
