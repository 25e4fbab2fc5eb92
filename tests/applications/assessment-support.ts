import { expect } from 'vitest';
import { systemActor } from '../../server/platform/audit.js';
import { newId } from '../../server/platform/ids.js';
import { insertApplication, loadApplication, step } from '../../server/modules/applications/applications.store.js';
import { draftApplication, type Actor, type Application, type ApplicationEvent, type Employment, levelPolicy } from '../../server/modules/applications/applications.types.js';
import { enqueueAssign } from '../../server/modules/applications/applications.service.js';
import type { Browser, Json } from '../support/accounts.js';
import type { TestApp } from '../support/app.js';

/*
 * Submitted applications made directly through the store, as the member side's submitApplication leaves them
 * (frozen snapshot, machine record, the assignment job enqueued), so assessment tests need no portfolio journey.
 */

export type NewSubmitted = {
  applicantId: string;
  levelId: string;
  versionId: string;
  employers?: Employment[];
  /** Referees by e-mail address, with answered reference requests. */
  refereeEmails?: string[];
  /** Nominators (current holders of `nominatorLevel`); the nominee consents before submitting. */
  nominators?: string[];
  nominatorLevel?: string;
};

export async function submittedApplication(app: TestApp, o: NewSubmitted): Promise<string> {
  const db = app.platform.database.db;
  const now = app.clock.now();
  const v = await app.services.schemes.compiledVersion(o.versionId);
  const policy = levelPolicy(v.scheme, o.levelId);
  if (!policy) throw new Error(`no level ${o.levelId}`);
  const draft = draftApplication({ id: newId(), applicantId: o.applicantId, levelId: o.levelId, schemeVersionId: o.versionId, policy, applicantEmployers: o.employers ?? [], refereeIds: [], refereeEmails: [] });
  const snapshot = JSON.stringify({ items: [], evidence: [], evaluation: v.evaluator.evaluate({ items: [] }, now) });
  await db.transaction().execute(async (tx) => {
    await insertApplication(tx, draft, now, { snapshot, ethics_version: '2026.1', declared_at: now.toISOString() });
    const member = { userId: o.applicantId, roles: ['member'] } as const;
    for (const n of o.nominators ?? [])
      await step(tx, (await loadApplication(tx, draft.id))!, { type: 'nominate' }, { userId: n, roles: ['member'], heldLevels: [o.nominatorLevel ?? 'professional'] }, systemActor, now);
    if (o.nominators?.length) await step(tx, (await loadApplication(tx, draft.id))!, { type: 'consent' }, member, systemActor, now);
    const loaded = await loadApplication(tx, draft.id);
    await step(tx, loaded!, { type: 'submit', missing: [], ethicsAccepted: true, declaredTrue: true }, member, systemActor, now);
    const at = now.toISOString();
    for (const email of o.refereeEmails ?? [])
      await tx
        .insertInto('reference_requests')
        .values({ id: newId(), application_id: draft.id, referee_name: email.split('@')[0]!, referee_email: email, relationship: 'Line manager', token_hash: newId(), claims: '[]', status: 'answered', answers: '[]', answered_at: at, expires_at: at, last_sent_at: at, created_at: at })
        .execute();
    await enqueueAssign(tx, draft.id, 1, now);
  });
  return draft.id;
}

/** The machine's record as stored. */
export async function record(app: TestApp, id: string): Promise<Application> {
  const loaded = await loadApplication(app.platform.database.db, id);
  if (!loaded) throw new Error(`no application ${id}`);
  return loaded.app;
}

/** Applies an event as the member side would (the applicant answering an information request, appealing). */
export async function applyEvent(app: TestApp, id: string, event: ApplicationEvent, actor: Actor): Promise<Application> {
  return app.platform.database.db.transaction().execute(async (tx) => step(tx, (await loadApplication(tx, id))!, event, actor, systemActor, app.clock.now()));
}

/** Active and finished assignments of an application. */
export const assignments = (app: TestApp, id: string) =>
  app.platform.database.db.selectFrom('application_assessors').selectAll().where('application_id', '=', id).orderBy('assigned_at').orderBy('assessor_id').execute();

/** Outbox rows to one address, optionally of one template. */
export async function mailTo(app: TestApp, to: string, template?: string) {
  let q = app.platform.database.db.selectFrom('outbox').selectAll().where('to_address', '=', to);
  if (template) q = q.where('template', '=', template);
  return q.orderBy('id').execute();
}

/** Runs queued jobs (assignment, mail) as the worker would. */
export const runJobs = (app: TestApp) => app.worker.drain();

/** A score of every category of the default scheme at `value`. */
export const fullScore = (value = 2) => ({
  scores: ['education', 'certifications', 'experience', 'responsibility', 'contribution'].map((categoryId) => ({ categoryId, score: value, notes: `${categoryId} checked` })),
});

/** Scores in full, then recommends, as one assessor; both must succeed. */
export async function scoreAndRecommend(b: Browser, id: string, recommendation: Json): Promise<Json> {
  const s = await b.req({ method: 'PUT', url: `/api/v1/applications/${id}/scores`, payload: fullScore() });
  expect(s.statusCode, s.body).toBe(200);
  const r = await b.req({ method: 'POST', url: `/api/v1/applications/${id}/recommendation`, payload: recommendation });
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
}
