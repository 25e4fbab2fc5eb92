import type { z } from 'zod';
import type { ApplicationPreview, ApplicationView, AppealBody, NominateBody, RespondInformationBody, SubmitApplicationBody, WithdrawBody } from '../../../contracts/applications.js';
import type { Tx } from '../../db/database.js';
import { type Actor as PlatformActor, type Platform, type RequestContext, auditCtx, requireActor } from '../../platform/context.js';
import { DomainError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { enqueue } from '../../platform/jobs/queue.js';
import { queueMail } from '../../platform/mail/outbox.js';
import { randomToken, sha256 } from '../../platform/secrets.js';
import type { PortfolioService } from '../portfolio/portfolio.service.js';
import type { SchemesService } from '../schemes/schemes.service.js';
import { applicationView } from './application-view.js';
import { openApplicationRefusal } from './applications.assign.js';
import * as repo from './applications.repository.js';
import { insertApplication, type Loaded, machineActor, mustLoad, refusalError, step } from './applications.store.js';
import { nominatorRefusal } from './applications.rules.js';
import { type Application, draftApplication, levelPolicy } from './applications.types.js';
import { employmentsFrom, refereeClaims } from './claims.rules.js';

/*
 * The member side of applications: preview, submit, list, view, withdraw, nominations and consent, answers to
 * information requests and appeals. Every change goes through the state machine (store.step) in one transaction
 * with its audit entry, mail and jobs.
 */

export const ASSIGN_JOB = 'applications.assign';
const DAY_MS = 86_400_000;

/** The code of ethics when the scheme version states none. */
export const defaultCodeOfEthics = {
  title: 'Code of ethics',
  version: '1',
  text: 'I will act with integrity, competence and care; respect confidentiality; avoid and declare conflicts of interest; and keep my professional knowledge current.',
};

type Issue = { path: string; message: string };
const invalid = (issues: Issue[]) =>
  new DomainError('VALIDATION_FAILED', `${issues[0]?.path}: ${issues[0]?.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`, { issues });

/** Enqueues assessor assignment for the revision just saved (one job per revision however often it is called). */
export const enqueueAssign = (tx: Tx, applicationId: string, revision: number, now: Date) =>
  enqueue(tx, ASSIGN_JOB, { applicationId }, now, { idempotencyKey: `assign:${applicationId}:${revision}` });

type Snapshot = Awaited<ReturnType<PortfolioService['snapshotOf']>>;

export function applicationsService(p: Platform, { portfolio, schemes }: { portfolio: PortfolioService; schemes: SchemesService }) {
  const db = p.database.db;
  const link = (path: string) => `${p.config.publicUrl.replace(/\/$/, '')}${path}`;
  const viewOf = (q: typeof db | Tx, id: string, actor: PlatformActor) => applicationView(q, id, actor, p.clock.now());

  /** The application if `actor` is its applicant; otherwise NOT_FOUND, so other people's ids do not leak. */
  async function ownApplication(tx: Tx, id: string, actor: PlatformActor): Promise<Loaded> {
    const loaded = await mustLoad(tx, id);
    if (loaded.app.applicantId !== actor.userId) throw notFound('The application');
    return loaded;
  }

  /** Everything submitting would freeze and send, what blocks it, and the Fellow draft if there is one. */
  // The snapshot is read before any transaction: on SQLite a read outside the open transaction would wait for it.
  async function prepare(q: typeof db | Tx, actor: PlatformActor, levelId: string, snap: Snapshot) {
    const { scheme, head } = snap.version;
    const level = scheme.levels.find((l) => l.id === levelId);
    const policy = levelPolicy(scheme, levelId);
    if (!level || !policy) throw invalid([{ path: 'levelId', message: `There is no level "${levelId}" in the scheme in force` }]);
    const result = snap.evaluation.levels.find((l) => l.id === levelId);
    const blockers = result && !result.eligible ? result.gaps.map((g) => g.message) : [];
    const open = await repo.openApplicationsFor(q, actor.userId, levelId);
    const byNomination = policy.nominationsRequired > 0;
    // A nominee's draft is the application they submit, not a second one.
    const draft = byNomination ? (open.find((a) => a.state === 'draft') ?? null) : null;
    const refusal = openApplicationRefusal(
      open.filter((a) => a.id !== draft?.id).map((a) => ({ applicantId: a.applicant_id, levelId: a.level_id, state: a.state })),
      actor.userId,
      levelId,
    );
    if (refusal) blockers.push(refusal.message);
    let draftApp: Loaded | null = null;
    if (byNomination) {
      draftApp = draft ? await mustLoad(q, draft.id) : null;
      const received = draftApp?.app.nominations.length ?? 0;
      if (received < policy.nominationsRequired)
        blockers.push(`${level.name} is by nomination: ${policy.nominationsRequired} current holders of ${policy.nominatorLevels.join(' or ')} must nominate you (${received} so far)`);
      else if (!draftApp?.app.consented) blockers.push('Consent to your nomination first');
    }
    const referees = refereeClaims(snap.items);
    if (referees.some((r) => r.email === actor.email.toLowerCase())) blockers.push('You cannot be your own referee: change the referee named on your work items');
    return { snap, scheme, head, level, policy, blockers, referees, byNomination, draftApp, eligible: result?.eligible === true };
  }

  return {
    async preview(ctx: RequestContext, levelId: string): Promise<ApplicationPreview> {
      const actor = requireActor(ctx);
      const r = await prepare(db, actor, levelId, await portfolio.snapshotOf(actor.userId));
      return {
        level: { id: r.level.id, name: r.level.name, postNominals: r.level.postNominals },
        schemeVersion: { id: r.head.id, label: r.head.label },
        eligible: r.eligible,
        blockers: r.blockers,
        counts: { items: r.snap.items.length, evidence: r.snap.evidence.length },
        total: r.snap.evaluation.total,
        referees: r.referees.map((x) => ({ name: x.name, email: x.email, relationship: x.relationship, claims: x.claims.length })),
        codeOfEthics: r.scheme.assessment?.codeOfEthics ?? defaultCodeOfEthics,
        fee: r.policy.fee,
        byNomination: r.byNomination,
        draftId: r.draftApp?.app.id ?? null,
      };
    },

    async submit(ctx: RequestContext, body: SubmitApplicationBody): Promise<ApplicationView> {
      const actor = requireActor(ctx);
      const now = p.clock.now();
      const snap = await portfolio.snapshotOf(actor.userId);
      const id = await db.transaction().execute(async (tx) => {
        await repo.lockRow(tx, p.database.dialect, 'users', actor.userId);
        const r = await prepare(tx, actor, body.levelId, snap);
        if (r.blockers.length > 0)
          throw new DomainError('CONFLICT', `You cannot apply for ${r.level.name} yet: ${r.blockers.join('; ')}`, { reasons: r.blockers, rule: 'missing_requirements' });
        const refereeIds = r.referees.map(() => newId());
        const fields = { schemeVersionId: r.head.id, policy: r.policy, applicantEmployers: employmentsFrom(r.snap.items), refereeIds, refereeEmails: r.referees.map((x) => x.email.toLowerCase()) };
        let loaded: Loaded;
        if (r.draftApp) {
          // The nominee's draft takes the version in force and the record as it is now.
          await repo.setSchemeVersion(tx, r.draftApp.app.id, r.head.id);
          loaded = { row: r.draftApp.row, app: { ...r.draftApp.app, ...fields } };
        } else {
          const draft = draftApplication({ id: newId(), applicantId: actor.userId, levelId: body.levelId, ...fields });
          await insertApplication(tx, draft, now);
          loaded = await mustLoad(tx, draft.id);
        }
        const appId = loaded.app.id;
        const expiresAt = new Date(now.getTime() + (r.scheme.assessment?.refereeDays ?? 14) * DAY_MS);
        for (const [i, ref] of r.referees.entries()) {
          const token = randomToken();
          await repo.insertReference(tx, {
            id: refereeIds[i]!,
            application_id: appId,
            referee_name: ref.name,
            referee_email: ref.email,
            relationship: ref.relationship,
            token_hash: sha256(token),
            claims: JSON.stringify(ref.claims),
            status: 'awaiting',
            answers: null,
            answered_at: null,
            expires_at: expiresAt.toISOString(),
            last_sent_at: now.toISOString(),
            created_at: now.toISOString(),
          });
          await queueMail(
            tx,
            ref.email,
            'reference_request',
            { refereeName: ref.name, applicantName: actor.name, levelName: r.level.name, claims: ref.claims.length, link: link(`/references/${token}`), expiresOn: expiresAt.toISOString().slice(0, 10) },
            now,
          );
        }
        const snapshot = JSON.stringify({ items: r.snap.items, evidence: r.snap.evidence, evaluation: r.snap.evaluation });
        const ethics = r.scheme.assessment?.codeOfEthics ?? defaultCodeOfEthics;
        const app = await step(tx, loaded, { type: 'submit', missing: [], ethicsAccepted: body.ethicsAccepted, declaredTrue: body.declaredTrue }, machineActor(actor), auditCtx(ctx), now, {
          extras: { snapshot, ethics_version: ethics.version, declared_at: now.toISOString() },
          details: { levelId: body.levelId, schemeVersionId: r.head.id, referees: refereeIds.length, ethicsVersion: ethics.version },
        });
        await queueMail(tx, actor.email, 'application_submitted', { name: actor.name, levelName: r.level.name, referees: refereeIds.length, link: link(`/applications/${appId}`) }, now);
        if (app.state === 'submitted') await enqueueAssign(tx, appId, loaded.row.revision + 1, now);
        return appId;
      });
      p.nudgeJobs();
      return viewOf(db, id, actor);
    },

    async listMine(ctx: RequestContext) {
      const actor = requireActor(ctx);
      const rows = await repo.applicationsOf(db, actor.userId);
      const applications = [];
      for (const a of rows) {
        const { scheme } = await repo.schemeOfVersion(db, a.scheme_version_id);
        const levelName = scheme.levels.find((l) => l.id === a.level_id)?.name ?? a.level_id;
        applications.push({ id: a.id, levelId: a.level_id, levelName, state: a.state, submittedAt: a.submitted_at, updatedAt: a.updated_at, dueAt: a.due_at });
      }
      return { applications };
    },

    /** The applicant, assigned assessors and scheme administrators; a token needs account:read or admin. */
    async get(ctx: RequestContext, id: string): Promise<ApplicationView> {
      return viewOf(db, id, requireActor(ctx));
    },

    async withdraw(ctx: RequestContext, id: string, body: z.output<typeof WithdrawBody>): Promise<ApplicationView> {
      const actor = requireActor(ctx);
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        const loaded = await ownApplication(tx, id, actor);
        await step(tx, loaded, { type: 'withdraw' }, machineActor(actor), auditCtx(ctx), now, { details: body.reason ? { reason: body.reason } : {} });
        await repo.cancelAwaitingReferences(tx, id);
      });
      return viewOf(db, id, actor);
    },

    /**
     * A current holder of a nominating level nominates a member: the first nomination opens the nominee's draft.
     * Answers what the nominator may know: the application id and how many nominations it has.
     */
    async nominate(ctx: RequestContext, body: z.output<typeof NominateBody>) {
      const actor = requireActor(ctx);
      const now = p.clock.now();
      const v = await schemes.inForce();
      if (!v) throw new DomainError('UNAVAILABLE', 'No scheme has been published yet.');
      const level = v.scheme.levels.find((l) => l.id === body.levelId);
      const policy = levelPolicy(v.scheme, body.levelId);
      if (!level || !policy) throw invalid([{ path: 'body.levelId', message: `There is no level "${body.levelId}" in the scheme in force` }]);
      if (policy.nominationsRequired === 0) throw invalid([{ path: 'body.levelId', message: `${level.name} is not by nomination; members apply for it themselves` }]);
      // Whether the nominator may nominate at all is settled before the nominee is looked up, so a member who may
      // not nominate learns nothing about whether an address has an account (same answer, same work).
      const held = await repo.heldLevels(db, actor.userId);
      const mayNot = nominatorRefusal(policy, machineActor(actor, held));
      if (mayNot) throw refusalError(mayNot);
      const nominee = await repo.activeUserByEmail(db, body.nomineeEmail);
      if (!nominee) throw invalid([{ path: 'body.nomineeEmail', message: 'No member signs in with this e-mail address' }]);
      const result = await db.transaction().execute(async (tx) => {
        await repo.lockRow(tx, p.database.dialect, 'users', nominee.id);
        const open = await repo.openApplicationsFor(tx, nominee.id, body.levelId);
        const other = open.find((a) => a.state !== 'draft');
        if (other) throw new DomainError('CONFLICT', `${nominee.name} already has an open application for ${level.name}`, { rule: 'open_application' });
        const existing = open.find((a) => a.state === 'draft');
        let loaded: Loaded;
        if (existing) loaded = await mustLoad(tx, existing.id);
        else {
          const draft = draftApplication({ id: newId(), applicantId: nominee.id, levelId: body.levelId, schemeVersionId: v.head.id, policy, applicantEmployers: [], refereeIds: [], refereeEmails: [] });
          await insertApplication(tx, draft, now);
          loaded = await mustLoad(tx, draft.id);
        }
        const app: Application = await step(tx, loaded, { type: 'nominate' }, machineActor(actor, held), auditCtx(ctx), now, { details: { nominatorId: actor.userId } });
        await repo.insertNomination(tx, { application_id: app.id, nominator_id: actor.userId, statement: body.statement, nominated_at: now.toISOString() });
        await queueMail(tx, nominee.email, 'nomination_received', { name: nominee.name, nominatorName: actor.name, levelName: level.name, link: link(`/applications/${app.id}`) }, now);
        return { applicationId: app.id, received: app.nominations.length, required: policy.nominationsRequired };
      });
      p.nudgeJobs();
      return result;
    },

    async consent(ctx: RequestContext, id: string): Promise<ApplicationView> {
      const actor = requireActor(ctx);
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        const loaded = await ownApplication(tx, id, actor);
        await step(tx, loaded, { type: 'consent' }, machineActor(actor), auditCtx(ctx), now);
      });
      return viewOf(db, id, actor);
    },

    /** The applicant answers an information request, optionally pointing at evidence already in their portfolio. */
    async respond(ctx: RequestContext, id: string, requestId: string, body: z.output<typeof RespondInformationBody>): Promise<ApplicationView> {
      const actor = requireActor(ctx);
      const now = p.clock.now();
      const evidenceIds = [...new Set(body.evidenceIds)];
      const own = evidenceIds.length ? new Map((await portfolio.snapshotOf(actor.userId)).evidence.map((e) => [e.id, e])) : new Map();
      const bad = body.evidenceIds.flatMap((e, i) => (own.has(e) ? [] : [{ path: `body.evidenceIds[${i}]`, message: 'No such evidence in your portfolio' }]));
      if (bad.length) throw invalid(bad);
      await db.transaction().execute(async (tx) => {
        const loaded = await ownApplication(tx, id, actor);
        const request = (await repo.informationRequestsOf(tx, id)).find((r) => r.id === requestId);
        if (!request) throw notFound('The information request');
        if (request.responded_at !== null || !(await repo.answerInformationRequest(tx, requestId, body.response, evidenceIds, now.toISOString())))
          throw new DomainError('CONFLICT', 'This request has already been answered.');
        // The assessors see the added evidence beside what was frozen at submission.
        const snapshot = loaded.row.snapshot ? JSON.parse(loaded.row.snapshot) : null;
        if (snapshot && evidenceIds.length) {
          const known = new Set((snapshot.evidence as Array<{ id: string }>).map((e) => e.id));
          snapshot.evidence.push(...evidenceIds.filter((e) => !known.has(e)).map((e) => own.get(e)));
        }
        await step(tx, loaded, { type: 'respond_to_information' }, machineActor(actor), auditCtx(ctx), now, {
          extras: snapshot ? { snapshot: JSON.stringify(snapshot) } : {},
          details: { requestId, evidenceIds },
        });
      });
      return viewOf(db, id, actor);
    },

    /** One appeal per decision; it goes to an assessor not previously involved. */
    async appeal(ctx: RequestContext, id: string, body: z.output<typeof AppealBody>): Promise<ApplicationView> {
      const actor = requireActor(ctx);
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        const loaded = await ownApplication(tx, id, actor);
        if (await repo.appealOf(tx, id)) throw new DomainError('CONFLICT', 'A decision can be appealed once; this one has been.', { rule: 'second_appeal' });
        await step(tx, loaded, { type: 'appeal', grounds: body.grounds }, machineActor(actor), auditCtx(ctx), now);
        await repo.insertAppeal(tx, { application_id: id, grounds: body.grounds, appealed_at: now.toISOString(), assessor_id: null, upheld: null, reasons: null, decided_at: null });
        await enqueueAssign(tx, id, loaded.row.revision + 1, now);
      });
      p.nudgeJobs();
      return viewOf(db, id, actor);
    },
  };
}
export type ApplicationsService = ReturnType<typeof applicationsService>;
