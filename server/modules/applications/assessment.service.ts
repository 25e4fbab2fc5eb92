import type { z } from 'zod';
import type { AssessmentQueue, ApplicationView, DecideAppealBody, DecideBody, MyCredentials, QueueQuery, RecommendBody, ScoreBody } from '../../../contracts/applications.js';
import type { Role } from '../../../contracts/accounts.js';
import type { Scheme } from '../../../contracts/scheme.js';
import type { Tx } from '../../db/database.js';
import { type AuditContext, audit, systemActor } from '../../platform/audit.js';
import { type Actor as PlatformActor, type Platform, type RequestContext, auditCtx, requireActor, requireRole } from '../../platform/context.js';
import { DomainError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { queueMail } from '../../platform/mail/outbox.js';
import { requestIssue } from '../credentials/index.js';
import { queueMemberEvent } from '../organisations/index.js';
import { refreshRegisterEntry } from '../register/index.js';
import { applicationView } from './application-view.js';
import { pickAssessors } from './applications.assign.js';
import { enqueueAssign } from './applications.service.js';
import { schemeOfVersion, usersByIds } from './applications.repository.js';
import { transition } from './applications.rules.js';
import { actorConflicts, type Loaded, loadApplication, machineActor, mustLoad, refusalError, step } from './applications.store.js';
import { type Actor, type Application, feeDue, levelPolicy } from './applications.types.js';
import { assessingStates, type Counted, assessmentRepository as repo, type QueueCursor, type QueueRow, type Stage } from './assessment.repository.js';
import { awardedRecord, credentialsRepository as creds, recordOf } from './credential-records.repository.js';
import type { ApplicationsDeps } from './index.js';
import { checkScores, isScored, rubricOf } from './scoring.rules.js';

/*
 * The assessment side of applications: assigning assessors without conflicts of interest, the queue, scoring,
 * asking the applicant for more, handing back, recommending, deciding, fees, appeals and the credential record.
 * Every change goes through the state machine (step) with its audit entry, mail and jobs in one transaction.
 */

export const ASSIGN_SWEEP_JOB = 'applications.assign_sweep';
const SYSTEM: Actor = { userId: 'system', roles: ['system'] };
const DAY_MS = 86_400_000;
/** Queue totals remembered at most (the all-open queue's per state filter, and each assessor's own). */
const MAX_TOTALS = 1_000;

const invalid = (issues: Array<{ path: string; message: string }>) =>
  new DomainError('VALIDATION_FAILED', `${issues[0]?.path}: ${issues[0]?.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`, { issues });
const levelName = (scheme: Scheme, id: string) => scheme.levels.find((l) => l.id === id)?.name ?? id;
const feeText = (fee: { amount: number; currency: string } | null) => (fee ? `${fee.currency} ${fee.amount.toFixed(2)}` : null);
const day = (iso: string | null) => (iso ?? '').slice(0, 10);

/** The seat the assignment job fills now, if any: the pair (or what is missing of it), the third, the appeal. */
export function openSeat(app: Application): { stage: Stage; n: number } | null {
  if (app.state === 'submitted') {
    const n = app.policy.assessorsRequired - app.assessorIds.length;
    return n > 0 ? { stage: 'assessment', n } : null;
  }
  if (app.state === 'awaiting_third_assessor' && app.thirdAssessorId === null) return { stage: 'third', n: 1 };
  if (app.state === 'appealed' && app.appealAssessorId === null) return { stage: 'appeal', n: 1 };
  return null;
}

const stageOf = (state: Application['state']): Stage | null =>
  state === 'in_assessment' || state === 'information_requested' ? 'assessment' : state === 'awaiting_third_assessor' ? 'third' : state === 'appealed' ? 'appeal' : null;

/** A cursor is opaque to clients: the last row's due date and id, and the first page's total, base64url JSON. */
const encodeCursor = (c: QueueCursor) => Buffer.from(JSON.stringify(c)).toString('base64url');
function decodeCursor(s: string | undefined): QueueCursor | null {
  if (!s) return null;
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as QueueCursor;
    if (typeof c.i === 'string' && (c.d === null || typeof c.d === 'string') && (c.t === undefined || (Number.isInteger(c.t) && c.t >= 0))) return c;
  } catch {
    // fall through to the error below
  }
  throw invalid([{ path: 'query.cursor', message: 'Use the nextCursor of the previous page, unchanged' }]);
}

export function assessmentService(p: Platform, deps: ApplicationsDeps) {
  const db = p.database.db;
  const link = (path: string) => `${p.config.publicUrl}${path}`;

  /*
   * A queue's total takes a count over every entry (the all-open total scans every open application's index
   * entry, about 1 ms of this process's CPU at 10,000), the largest part of a first page. Later pages carry the
   * first page's total in their cursor, like the rest of the walk. A first page on SQLite reuses the last count
   * while nothing has been written since: the marker changes with every committed write, from this process or
   * another, and is read before counting, so a write landing in between only costs a recount. On PostgreSQL the
   * marker is the snapshot a statement sees (its xmin, xmax and transactions in progress), read in the counting
   * statement itself: an unchanged snapshot sees exactly the same committed rows, so the count still holds.
   * Keys are per queue and state filter (an assessor's own queue per assessor), so the map stays small; it is
   * emptied if it ever grows past MAX_TOTALS.
   */
  const totals = new Map<string, { marker: string; total: number }>();
  async function cachedTotal(key: string, count: (snapshot: boolean) => Promise<Counted>): Promise<number> {
    const hit = totals.get(key);
    if (totals.size >= MAX_TOTALS && !hit) totals.clear();
    if (p.database.dialect !== 'sqlite') {
      if (hit && hit.marker === (await repo.pgSnapshot(db))) return hit.total;
      const counted = await count(true);
      totals.set(key, { marker: counted.snapshot, total: counted.total });
      return counted.total;
    }
    const marker = await repo.sqliteChangeMarker(db);
    if (hit?.marker === marker) return hit.total;
    const { total } = await count(false);
    totals.set(key, { marker, total });
    return total;
  }
  const openTotal = (state: Application['state'] | undefined) => cachedTotal(`all:${state ?? ''}`, (snapshot) => repo.countOpen(db, state, snapshot));
  const mineTotal = (assessorId: string, state: Application['state'] | undefined) =>
    cachedTotal(`mine:${assessorId}:${state ?? ''}`, (snapshot) => repo.countMine(db, assessorId, state, snapshot));

  /** Applicant, scheme administrators and assessors assigned to it may see it; anyone else is told it does not exist. */
  async function mustSee(tx: Tx, loaded: Loaded, actor: PlatformActor): Promise<void> {
    if (actor.userId === loaded.app.applicantId || actor.roles.has('scheme_admin')) return;
    if (!(await repo.isAssigned(tx, loaded.app.id, actor.userId))) throw notFound('The application');
  }

  /** One write on one application: authorise, load, act in a transaction, then answer the refreshed view. */
  async function write(
    ctx: RequestContext,
    applicationId: string,
    roles: readonly Role[],
    act: (tx: Tx, loaded: Loaded, actor: Actor, by: AuditContext, now: Date) => Promise<void>,
    answer: (actor: PlatformActor, now: Date) => Promise<ApplicationView> = (actor, now) => applicationView(db, applicationId, actor, now),
  ): Promise<ApplicationView> {
    const actor = requireRole(ctx, roles);
    const now = p.clock.now();
    await db.transaction().execute(async (tx) => {
      const loaded = await mustLoad(tx, applicationId);
      await mustSee(tx, loaded, actor);
      // The machine refuses judging by anyone with a stake in the application: it needs the actor's declared conflicts.
      await act(tx, loaded, machineActor(actor, [], await actorConflicts(tx, actor.userId)), auditCtx(ctx), now);
    });
    p.nudgeJobs();
    return answer(actor, now);
  }

  /** What an assessor who just handed back may still see: the status, nothing of the assessment, nothing to do. */
  async function handedBackView(applicationId: string, actor: PlatformActor, now: Date): Promise<ApplicationView> {
    const v = await applicationView(db, applicationId, { userId: actor.userId, email: actor.email, roles: new Set(['scheme_admin']) }, now);
    const can = Object.fromEntries(Object.keys(v.can).map((k) => [k, false])) as ApplicationView['can'];
    return { ...v, assessment: null, can };
  }

  // Read in the caller's transaction: on SQLite a read on `db` while the transaction holds the one connection waits for ever.
  async function checkLevel(tx: Tx, app: Application, levelId: string | undefined): Promise<Scheme> {
    const { scheme } = await schemeOfVersion(tx, app.schemeVersionId);
    if (levelId !== undefined && !scheme.levels.some((l) => l.id === levelId))
      throw invalid([{ path: 'body.levelId', message: `No level "${levelId}" in this scheme version; use one of: ${scheme.levels.map((l) => l.id).join(', ')}` }]);
    return scheme;
  }

  /** After a decision: the applicant hears the outcome (and the fee); an award without fee writes the credential. */
  async function afterDecision(tx: Tx, next: Application, by: AuditContext, now: Date, final = false): Promise<void> {
    const { scheme } = await schemeOfVersion(tx, next.schemeVersionId);
    const applicant = (await usersByIds(tx, [next.applicantId])).get(next.applicantId);
    if (!applicant || !next.decision) return;
    const outcome = next.decision.outcome;
    await queueMail(
      tx,
      applicant.email,
      'application_decided',
      {
        name: applicant.name,
        levelName: levelName(scheme, next.decision.levelId ?? next.levelId),
        outcome,
        reasons: next.decision.reasons,
        fee: next.state === 'awaiting_fee' ? feeText(feeDue(next)) : null,
        link: link(`/applications/${next.id}`),
        final,
      },
      now,
    );
    if (next.state === 'awarded') await award(tx, next, scheme, applicant, by, now);
  }

  /** The credential record of an awarded application, its audit entry and the congratulations. */
  async function award(tx: Tx, app: Application, scheme: Scheme, holder: { name: string; email: string }, by: AuditContext, now: Date): Promise<void> {
    const levelId = app.decision?.levelId ?? app.levelId;
    const row = awardedRecord({ scheme, schemeVersionId: app.schemeVersionId, holderId: app.applicantId, applicationId: app.id, levelId, now });
    await creds.insert(tx, row);
    // Sign it promptly (the issuing sweep would find it within a minute) and show it in the register.
    await requestIssue(tx, row.id, now);
    await refreshRegisterEntry(tx, app.applicantId, now);
    await queueMemberEvent(tx, { type: 'credential.awarded', memberId: app.applicantId, credentialId: row.id, levelId, levelName: row.level_name }, now);
    await audit(tx, by, { action: 'credential.awarded', subjectType: 'credential', subjectId: row.id, details: { applicationId: app.id, holderId: app.applicantId, levelId } }, now);
    await queueMail(tx, holder.email, 'credential_awarded', { name: holder.name, levelName: row.level_name, postNominals: row.post_nominals, reviewOn: day(row.review_at), link: link('/credentials') }, now);
  }

  /**
   * Fills the application's empty seat with assessors free of conflicts, least loaded first. With too few free,
   * records the wait once (until the application changes) and leaves it to the sweep. Safe to run twice.
   */
  async function assign(applicationId: string): Promise<'assigned' | 'waiting' | 'nothing'> {
    const now = p.clock.now();
    const loaded = await loadApplication(db, applicationId);
    const seat = loaded && openSeat(loaded.app);
    if (!loaded || !seat) return 'nothing';
    const { app } = loaded;
    // Read outside the transaction (one SQLite connection): the compare-and-set in step catches any change meanwhile.
    const people = await repo.assessors(db);
    const ids = people.map((x) => x.id);
    const [employments, declared, refereeEmails, load] = await Promise.all([
      deps.portfolio.employmentsOf(ids),
      repo.declaredConflicts(db, ids),
      repo.refereeEmails(db, app.id),
      repo.load(db, ids),
    ]);
    // A named referee may have no account id on the application: their e-mail address identifies them.
    const candidates = people.map((c) => ({
      userId: c.id,
      employers: employments.get(c.id) ?? [],
      declaredConflicts: [...(declared.get(c.id) ?? []), ...(refereeEmails.has(c.email.toLowerCase()) ? [app.applicantId] : [])],
    }));
    const pick = pickAssessors(candidates, app, load, seat.n, now);
    return db.transaction().execute(async (tx) => {
      if (!pick.ok) {
        if (!(await repo.waitingRecorded(tx, app.id, loaded.row.updated_at))) {
          await audit(tx, systemActor, { action: 'application.assignment_waiting', subjectType: 'application', subjectId: app.id, details: { stage: seat.stage, needed: seat.n, reason: pick.message } }, now);
          p.logger.warn({ applicationId: app.id, stage: seat.stage }, `assessor assignment waiting: ${pick.message}`);
        }
        return 'waiting';
      }
      const next = await step(tx, loaded, { type: 'assign_assessors', assessorIds: pick.assessorIds }, SYSTEM, systemActor, now, { details: { assessorIds: pick.assessorIds, stage: seat.stage } });
      const at = now.toISOString();
      await repo.insertAssessors(tx, pick.assessorIds.map((assessor_id) => ({ application_id: app.id, assessor_id, stage: seat.stage, status: 'active' as const, assigned_at: at, due_at: next.dueAt, finished_at: null })));
      if (seat.stage === 'appeal') await repo.setAppealAssessor(tx, app.id, pick.assessorIds[0] ?? null);
      const { scheme } = await schemeOfVersion(tx, app.schemeVersionId);
      const names = await usersByIds(tx, [app.applicantId]);
      for (const person of people.filter((x) => pick.assessorIds.includes(x.id)))
        await queueMail(
          tx,
          person.email,
          'assessment_assigned',
          { name: person.name, applicantName: names.get(app.applicantId)?.name ?? 'An applicant', levelName: levelName(scheme, app.levelId), stage: seat.stage, dueOn: day(next.dueAt), link: link(`/assess/${app.id}`) },
          now,
        );
      return 'assigned';
    });
  }

  /**
   * One queue entry. "Mine": whether I have scored / recommended (my assignment row). "All": whether everyone
   * acting in the current stage has (its active rows); with nobody acting, a recommendation awaits its decision.
   */
  type Flags = { scored_at: string | null; recommended_at: string | null };
  function entry(r: QueueRow, scheme: Scheme, acting: Flags[], now: Date): AssessmentQueue['entries'][number] {
    const all = (k: keyof Flags) => acting.length > 0 && acting.every((a) => a[k] !== null);
    const waiting = r.state === 'recommended';
    const stage = r.stage ?? stageOf(r.state);
    const scored = all('scored_at') || (acting.length === 0 && waiting);
    const recommended = all('recommended_at') || waiting;
    return {
      id: r.id,
      applicantName: r.applicant_name,
      levelId: r.level_id,
      levelName: levelName(scheme, r.level_id),
      state: r.state,
      stage,
      submittedAt: r.submitted_at,
      ageDays: r.submitted_at ? Math.max(0, Math.floor((now.getTime() - Date.parse(r.submitted_at)) / DAY_MS)) : 0,
      dueAt: r.due_at,
      // The clock is paused while the applicant is asked for more.
      overdue: r.due_at !== null && r.state !== 'information_requested' && Date.parse(r.due_at) < now.getTime(),
      scored,
      recommended,
    };
  }

  return {
    assign,

    /** Retries every application left with an empty seat (too few assessors were free, or a job was lost). */
    async sweep(limit = 500): Promise<{ assigned: number; waiting: number }> {
      let assigned = 0;
      let waiting = 0;
      for (const id of await repo.seatCandidates(db, limit)) {
        try {
          const r = await assign(id);
          if (r === 'assigned') assigned++;
          if (r === 'waiting') waiting++;
        } catch (err) {
          // Someone changed it meanwhile; the next sweep looks again.
          p.logger.warn({ err, applicationId: id }, 'assignment sweep skipped an application');
        }
      }
      if (assigned > 0) p.nudgeJobs();
      return { assigned, waiting };
    },

    /** listAssessmentQueue: an assessor's active assignments, or (scheme administrators) every open application. */
    async queue(ctx: RequestContext, query: z.output<typeof QueueQuery>): Promise<AssessmentQueue> {
      const actor = query.scope === 'all' ? requireRole(ctx, ['scheme_admin']) : requireRole(ctx, ['assessor']);
      const after = decodeCursor(query.cursor);
      const now = p.clock.now();
      const all = query.scope === 'all';
      const counted = after?.t !== undefined ? Promise.resolve(after.t) : all ? openTotal(query.state) : mineTotal(actor.userId, query.state);
      const [rows, total] = await Promise.all([all ? repo.queueAll(db, query.state, after, query.limit) : repo.queueMine(db, actor.userId, query.state, after, query.limit), counted]);
      // Only applications being assessed have active assignments to show flags of.
      const ids = rows.filter((r) => assessingStates.includes(r.state)).map((r) => r.id);
      const [active, schemes] = await Promise.all([
        all ? repo.activeOf(db, ids) : Promise.resolve([]),
        Promise.all([...new Set(rows.map((r) => r.scheme_version_id))].map(async (v) => [v, (await schemeOfVersion(db, v)).scheme] as const)),
      ]);
      const byVersion = new Map(schemes);
      const acting = new Map<string, Flags[]>();
      for (const a of active) acting.set(a.application_id, [...(acting.get(a.application_id) ?? []), a]);
      const last = rows[rows.length - 1];
      return {
        entries: rows.map((r) => entry(r, byVersion.get(r.scheme_version_id)!, all ? (acting.get(r.id) ?? []) : [r], now)),
        total,
        nextCursor: last && rows.length === query.limit ? encodeCursor({ d: last.due_at, i: last.id, t: total }) : null,
      };
    },

    /** scoreApplication: upserts scores per category; once every category is scored, the machine hears `score`. */
    score: (ctx: RequestContext, applicationId: string, body: z.output<typeof ScoreBody>) =>
      write(ctx, applicationId, ['assessor'], async (tx, loaded, actor, by, now) => {
        const trial = transition(loaded.app, { type: 'score' }, actor, now);
        if (!trial.ok) throw refusalError(trial);
        const rubric = rubricOf((await schemeOfVersion(tx, loaded.app.schemeVersionId)).scheme);
        const issues = checkScores(body.scores, rubric);
        if (issues.length) throw invalid(issues);
        const at = now.toISOString();
        await repo.upsertScores(tx, body.scores.map((s) => ({ application_id: loaded.app.id, assessor_id: actor.userId, category_id: s.categoryId, score: s.score, notes: s.notes, updated_at: at })));
        const categories = body.scores.map((s) => s.categoryId);
        const complete = isScored(await repo.scoredCategories(tx, loaded.app.id, actor.userId), rubric);
        if (complete && !loaded.app.scored.includes(actor.userId)) {
          await step(tx, loaded, { type: 'score' }, actor, by, now, { details: { categories } });
          await repo.markAssignment(tx, loaded.app.id, actor.userId, 'scored_at', at);
        } else await audit(tx, by, { action: 'application.scores_saved', subjectType: 'application', subjectId: loaded.app.id, details: { categories, complete } }, now);
      }),

    /** requestMoreInformation: the clock pauses and the applicant is asked by mail. */
    requestInformation: (ctx: RequestContext, applicationId: string, question: string) =>
      write(ctx, applicationId, ['assessor'], async (tx, loaded, actor, by, now) => {
        const requestId = newId();
        const next = await step(tx, loaded, { type: 'request_information' }, actor, by, now, { details: { requestId } });
        await repo.insertInformationRequest(tx, { id: requestId, application_id: next.id, asked_by: actor.userId, question, asked_at: now.toISOString(), response: null, responded_at: null });
        const applicant = (await usersByIds(tx, [next.applicantId])).get(next.applicantId);
        const { scheme } = await schemeOfVersion(tx, next.schemeVersionId);
        if (applicant)
          await queueMail(tx, applicant.email, 'information_requested', { name: applicant.name, levelName: levelName(scheme, next.levelId), question, link: link(`/applications/${next.id}`) }, now);
      }),

    /** declareConflict: the assessor hands back; the conflict is remembered for this applicant; a replacement is sought. */
    declareConflict: (ctx: RequestContext, applicationId: string, reason: string) =>
      write(ctx, applicationId, ['assessor'], async (tx, loaded, actor, by, now) => {
        const stage = stageOf(loaded.app.state);
        const next = await step(tx, loaded, { type: 'declare_conflict' }, actor, by, now, { details: { stage } });
        await repo.insertConflict(tx, { assessor_id: actor.userId, applicant_id: next.applicantId, reason, declared_at: now.toISOString() });
        await repo.finishAssignments(tx, next.id, 'handed_back', now.toISOString(), { assessorId: actor.userId, ...(stage ? { stage } : {}) });
        if (stage === 'appeal') await repo.setAppealAssessor(tx, next.id, null);
        await enqueueAssign(tx, next.id, loaded.row.revision + 1, now);
      }, (actor, now) => handedBackView(applicationId, actor, now)),

    /** recommendDecision: agreeing recommendations go to the scheme administrators; disagreeing ones to a third assessor. */
    recommend: (ctx: RequestContext, applicationId: string, body: z.output<typeof RecommendBody>) =>
      write(ctx, applicationId, ['assessor'], async (tx, loaded, actor, by, now) => {
        const scheme = await checkLevel(tx, loaded.app, body.levelId);
        const next = await step(tx, loaded, { type: 'recommend', outcome: body.outcome, ...(body.levelId ? { levelId: body.levelId } : {}), reasons: body.reasons }, actor, by, now, {
          details: { outcome: body.outcome, levelId: body.levelId ?? null },
        });
        const at = now.toISOString();
        await repo.markAssignment(tx, next.id, actor.userId, 'recommended_at', at);
        if (next.state === 'awaiting_third_assessor') {
          await repo.finishAssignments(tx, next.id, 'done', at, { stage: 'assessment' });
          await enqueueAssign(tx, next.id, loaded.row.revision + 1, now);
        } else if (next.state === 'recommended') {
          await repo.finishAssignments(tx, next.id, 'done', at);
          const applicant = (await usersByIds(tx, [next.applicantId])).get(next.applicantId);
          for (const admin of await repo.schemeAdmins(tx))
            await queueMail(tx, admin.email, 'decision_ready', { name: admin.name, applicantName: applicant?.name ?? 'An applicant', levelName: levelName(scheme, next.levelId), link: link(`/assess/${next.id}`) }, now);
        }
      }),

    /** decideApplication (scheme administrators): award (possibly at another level) or decline, with reasons. */
    decide: (ctx: RequestContext, applicationId: string, body: z.output<typeof DecideBody>) =>
      write(ctx, applicationId, ['scheme_admin'], async (tx, loaded, actor, by, now) => {
        const scheme = await checkLevel(tx, loaded.app, body.levelId);
        // Awarding another level asks for that level's fee, not the one applied for.
        const other = body.outcome === 'award' && body.levelId !== undefined && body.levelId !== loaded.app.levelId;
        const event = {
          type: 'decide' as const,
          outcome: body.outcome,
          ...(body.levelId ? { levelId: body.levelId } : {}),
          reasons: body.reasons,
          ...(body.panel !== undefined ? { panel: body.panel } : {}),
          ...(other ? { fee: levelPolicy(scheme, body.levelId ?? '')?.fee ?? null } : {}),
        };
        const next = await step(tx, loaded, event, actor, by, now, { extras: { decided_at: now.toISOString() }, details: { outcome: body.outcome, levelId: body.outcome === 'award' ? (body.levelId ?? loaded.app.levelId) : null } });
        await afterDecision(tx, next, by, now);
      }),

    /** markFeePaid (scheme administrators): the fee awaited after approval is recorded paid; the credential follows. */
    markFeePaid: (ctx: RequestContext, applicationId: string) =>
      write(ctx, applicationId, ['scheme_admin'], async (tx, loaded, actor, by, now) => {
        const next = await step(tx, loaded, { type: 'mark_fee_paid' }, actor, by, now, { details: { fee: feeText(feeDue(loaded.app)) } });
        const holder = (await usersByIds(tx, [next.applicantId])).get(next.applicantId);
        if (holder) await award(tx, next, (await schemeOfVersion(tx, next.schemeVersionId)).scheme, holder, by, now);
      }),

    /**
     * The fee marked paid by the organisation that sponsors it (markSponsorshipPaid), in the caller's
     * transaction; the credential follows as with markFeePaid.
     */
    markFeePaidBySponsor: async (tx: Tx, applicationId: string, payer: { organisationId: string; name: string; userId: string }, by: AuditContext, now: Date): Promise<void> => {
      const loaded = await mustLoad(tx, applicationId);
      const sponsor: Actor = { userId: payer.userId, roles: ['sponsor'], declaredConflicts: await actorConflicts(tx, payer.userId) };
      const next = await step(tx, loaded, { type: 'mark_fee_paid' }, sponsor, by, now, { details: { fee: feeText(feeDue(loaded.app)), paidBy: { organisationId: payer.organisationId, name: payer.name } } });
      const holder = (await usersByIds(tx, [next.applicantId])).get(next.applicantId);
      if (holder) await award(tx, next, (await schemeOfVersion(tx, next.schemeVersionId)).scheme, holder, by, now);
    },

    /** decideAppeal (the appeal's assessor): the decision stands, or is overturned into an award of the level applied for. */
    decideAppeal: (ctx: RequestContext, applicationId: string, body: z.output<typeof DecideAppealBody>) =>
      write(ctx, applicationId, ['assessor'], async (tx, loaded, actor, by, now) => {
        const at = now.toISOString();
        const next = await step(tx, loaded, { type: 'decide_appeal', uphold: body.uphold, reasons: body.reasons }, actor, by, now, {
          extras: { decided_at: at },
          details: { upheld: body.uphold },
        });
        await repo.decideAppeal(tx, next.id, body.uphold, body.reasons, at);
        await repo.finishAssignments(tx, next.id, 'done', at, { stage: 'appeal' });
        // Upheld, the first decision stands and the applicant hears the appeal's reasons; overturned, it is an award.
        await afterDecision(tx, body.uphold ? { ...next, decision: next.decision && { ...next.decision, reasons: body.reasons } } : next, by, now, body.uphold);
      }),

    /** listMyCredentials: the signed-in member's credential records, newest first. */
    async myCredentials(ctx: RequestContext): Promise<z.infer<typeof MyCredentials>> {
      const actor = requireActor(ctx);
      return { credentials: (await creds.ofHolder(db, actor.userId)).map(recordOf) };
    },
  };
}

export type AssessmentService = ReturnType<typeof assessmentService>;
