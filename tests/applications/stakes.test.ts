import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, expectError, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { withDefaultScheme } from '../portfolio/support.js';
import { fullScore, record, runJobs, scoreAndRecommend, submittedApplication } from './assessment-support.js';

/*
 * Nobody decides, scores, recommends, marks paid or hears an appeal on an application in which they are the
 * applicant, a nominator or a referee, or where they declared a conflict: the machine refuses, whatever the role.
 */

type User = Browser & { id: string; email: string };
let app: TestApp;
let versionId: string;
let assessors: User[];
let admin: User;

async function user(email: string, roles: Parameters<typeof signedInUser>[2] = []): Promise<User> {
  return { ...(await signedInUser(app, email, roles)), email };
}
const byId = (id: string) => assessors.find((a) => a.id === id)!;
const post = (b: Browser, id: string, path: string, payload?: object) => b.req({ method: 'POST', url: `/api/v1/applications/${id}${path}`, ...(payload ? { payload } : {}) });
const db = () => app.platform.database.db;

/** Submits, lets the job assign, and has both assessors recommend an award: the application awaits its decision. */
async function recommended(applicantId: string, levelId: string, extra: Partial<Parameters<typeof submittedApplication>[1]> = {}): Promise<string> {
  const id = await submittedApplication(app, { applicantId, levelId, versionId, ...extra });
  await runJobs(app);
  for (const a of (await record(app, id)).assessorIds) await scoreAndRecommend(byId(a), id, { outcome: 'award', reasons: 'Well evidenced' });
  expect((await record(app, id)).state).toBe('recommended');
  return id;
}

beforeAll(async () => {
  app = await testApp();
  ({ versionId } = await withDefaultScheme(app));
  assessors = [];
  for (const n of ['s1', 's2', 's3']) assessors.push(await user(`${n}@assessors.example.org`, ['assessor']));
  admin = await user('neutral-admin@body.example.org', ['scheme_admin']);
});
afterAll(async () => {
  await app?.close();
});

describe('a scheme administrator with a stake in an application', () => {
  it('cannot decide their own application nor mark its fee paid; another administrator can', async () => {
    const self = await user('self-admin@body.example.org', ['scheme_admin']);
    const id = await recommended(self.id, 'professional');
    const view = await self.req({ method: 'GET', url: `/api/v1/applications/${id}` });
    expect(view.json().can).toMatchObject({ decide: false, markFeePaid: false });

    const refused = expectError(await post(self, id, '/decision', { outcome: 'award', reasons: 'I deserve it' }), 403, 'FORBIDDEN');
    expect(refused).toMatchObject({ message: 'You cannot decide your own application.', details: { rule: 'conflict_of_interest' } });
    expect((await record(app, id)).state).toBe('recommended');

    const decided = await post(admin, id, '/decision', { outcome: 'award', reasons: 'The assessors agree' });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json().state).toBe('awaiting_fee');
    const unpaid = expectError(await post(self, id, '/fee-paid'), 403, 'FORBIDDEN');
    expect(unpaid.message).toBe('You cannot mark the fee paid on your own application.');
    expect((await record(app, id)).state).toBe('awaiting_fee');
    expect((await post(admin, id, '/fee-paid')).json()).toMatchObject({ state: 'awarded' });
  });

  it('cannot decide an application they nominated, nor one on which they are a referee', async () => {
    const applicant = await user('nominee@example.org');
    const nominator = await user('nominating-admin@body.example.org', ['scheme_admin']);
    const other = await user('other-nominator@example.org');
    const fellow = await recommended(applicant.id, 'fellow', { nominators: [nominator.id, other.id] });
    const byNominator = expectError(await post(nominator, fellow, '/decision', { outcome: 'award', reasons: 'yes', panel: true }), 403, 'FORBIDDEN');
    expect(byNominator.message).toBe('You cannot decide an application you nominated.');

    const referee = await user('Referee-Admin@Body.example.org', ['scheme_admin']);
    const applicant2 = await user('referenced@example.org');
    const id = await recommended(applicant2.id, 'member', { refereeEmails: ['referee-admin@body.example.org'] });
    const byReferee = expectError(await post(referee, id, '/decision', { outcome: 'award', reasons: 'yes' }), 403, 'FORBIDDEN');
    expect(byReferee.message).toBe('You cannot decide an application on which you are a referee.');
    expect((await post(admin, id, '/decision', { outcome: 'decline', reasons: 'Not yet' })).json().state).toBe('declined');
  });
});

describe('an assessor with a stake in an application', () => {
  it('is not assigned when they nominated, and cannot score if seated anyway', async () => {
    const applicant = await user('nominee2@example.org');
    const nominating = byId(assessors[0]!.id);
    const other = await user('other-nominator2@example.org');
    const id = await submittedApplication(app, { applicantId: applicant.id, levelId: 'fellow', versionId, nominators: [nominating.id, other.id] });
    await runJobs(app);
    const seated = (await record(app, id)).assessorIds;
    expect(seated).toHaveLength(2);
    expect(seated).not.toContain(nominating.id);

    // A record assigned before nominators were kept out: the nominator in a seat is refused by the machine.
    const data = { ...(await record(app, id)), assessorIds: [nominating.id, seated[1]!], involved: [...seated, nominating.id] };
    const { refereeEmails: _, ...stored } = data;
    await db().updateTable('applications').set({ data: JSON.stringify(stored) }).where('id', '=', id).execute();
    await db().updateTable('application_assessors').set({ assessor_id: nominating.id }).where('application_id', '=', id).where('assessor_id', '=', seated[0]!).execute();
    const refused = expectError(await nominating.req({ method: 'PUT', url: `/api/v1/applications/${id}/scores`, payload: fullScore() }), 403, 'FORBIDDEN');
    expect(refused.message).toBe('You cannot score an application you nominated.');
  });

  it('cannot score or recommend once they declared a conflict with the applicant on another application', async () => {
    const applicant = await user('conflicted-applicant@example.org');
    const id = await submittedApplication(app, { applicantId: applicant.id, levelId: 'member', versionId });
    await runJobs(app);
    const [first] = (await record(app, id)).assessorIds;
    const assessor = byId(first!);
    await db().insertInto('assessor_conflicts').values({ assessor_id: assessor.id, applicant_id: applicant.id, reason: 'Former colleague', declared_at: app.clock.now().toISOString() }).execute();
    const refused = expectError(await assessor.req({ method: 'PUT', url: `/api/v1/applications/${id}/scores`, payload: fullScore() }), 403, 'FORBIDDEN');
    expect(refused.message).toBe('You cannot score an application where you declared a conflict of interest.');
    const view = await assessor.req({ method: 'GET', url: `/api/v1/applications/${id}` });
    expect(view.json().can).toMatchObject({ score: false, recommend: false, declareConflict: true });
  });
});
