import { expect } from 'vitest';
import { type Browser, type Json, mailsTo, signedInUser } from '../support/accounts.js';
import type { TestApp } from '../support/app.js';
import { talkItem, workItem } from '../portfolio/support.js';
import { mustLoad, step } from '../../server/modules/applications/applications.store.js';
import type { ApplicationEvent, Actor } from '../../server/modules/applications/applications.types.js';
import { systemActor } from '../../server/platform/audit.js';
import { newId } from '../../server/platform/ids.js';

export { withDefaultScheme } from '../portfolio/support.js';

/** A signed-in member whose portfolio holds `items` (added through the API). */
export async function memberWith(app: TestApp, email: string, items: object[], roles: Parameters<typeof signedInUser>[2] = []) {
  const b = await signedInUser(app, email, roles);
  for (const item of items) {
    const res = await b.req({ method: 'POST', url: '/api/v1/me/portfolio/items', payload: item });
    expect(res.statusCode, res.body).toBe(201);
  }
  return b;
}

/** Eligible for Member (about 9 years of ITSM work at responsibility level 4), with one referee. */
export const memberLevelItems = (refereeEmail = 'pat@example.org') => [workItem({ referee: { name: 'Pat Doe', email: refereeEmail, relationship: 'Line manager' } })];
/** Enough points for Fellow: long senior ITSM work and ten talks, no referee. */
export const fellowItems = () => [
  workItem({ startOn: '2005-01-01', responsibilityLevel: 6, referee: undefined }),
  ...Array.from({ length: 10 }, (_, i) => talkItem({ title: `Talk ${i + 1}`, date: `2024-0${(i % 9) + 1}-01` })),
];

export const submit = (b: Browser, levelId: string, over: Json = {}) =>
  b.req({ method: 'POST', url: '/api/v1/applications', payload: { levelId, ethicsAccepted: true, declaredTrue: true, ...over } });
export const view = (b: Browser, id: string) => b.req({ method: 'GET', url: `/api/v1/applications/${id}` });

/** The token of the newest /references/<token> link mailed to `email`. */
export async function referenceToken(app: TestApp, email: string): Promise<string> {
  const mails = await mailsTo(app, email);
  const last = mails.filter((m) => m.template === 'reference_request' || m.template === 'reference_reminder').at(-1);
  const m = last ? /\/references\/([A-Za-z0-9_-]+)/.exec(last.text_body) : null;
  if (!m?.[1]) throw new Error(`no reference link mailed to ${email}`);
  return m[1];
}

export async function jobsOf(app: TestApp, kind: string) {
  return app.platform.database.db.selectFrom('jobs').select(['kind', 'payload', 'idempotency_key']).where('kind', '=', kind).orderBy('id').execute();
}

/** Moves an application through the machine directly, as the assessment side would (for member-side tests). */
export async function drive(app: TestApp, applicationId: string, event: ApplicationEvent, actor: Actor) {
  const db = app.platform.database.db;
  return db.transaction().execute(async (tx) => step(tx, await mustLoad(tx, applicationId), event, actor, systemActor, app.clock.now()));
}

/** Assigns `assessorIds` (recording their rows) so the application is in assessment. */
export async function assign(app: TestApp, applicationId: string, assessorIds: string[]) {
  const db = app.platform.database.db;
  await drive(app, applicationId, { type: 'assign_assessors', assessorIds }, { userId: 'system', roles: ['system'] });
  const at = app.clock.now().toISOString();
  await db.insertInto('application_assessors').values(assessorIds.map((assessor_id) => ({ application_id: applicationId, assessor_id, stage: 'assessment' as const, status: 'active' as const, assigned_at: at, due_at: null, finished_at: null }))).execute();
}

/** An assessor's information request, as the assessment side records it. */
export async function askForInformation(app: TestApp, applicationId: string, assessorId: string, question = 'Which changes did you approve?') {
  await drive(app, applicationId, { type: 'request_information' }, { userId: assessorId, roles: ['assessor'] });
  const id = newId();
  await app.platform.database.db.insertInto('information_requests').values({ id, application_id: applicationId, asked_by: assessorId, question, asked_at: app.clock.now().toISOString(), response: null, responded_at: null }).execute();
  return id;
}

/** A current credential at `levelId`, as an award would record it. */
export async function holdCredential(app: TestApp, holderId: string, levelId: string) {
  const db = app.platform.database.db;
  const v = await db.selectFrom('scheme_versions').select('id').executeTakeFirstOrThrow();
  const at = app.clock.now().toISOString();
  await db
    .insertInto('credentials')
    .values({ id: newId(), holder_id: holderId, application_id: null, scheme_version_id: v.id, level_id: levelId, level_name: levelId, post_nominals: null, awarded_at: at, review_at: at, status: 'active', status_changed_at: at, created_at: at })
    .execute();
}
