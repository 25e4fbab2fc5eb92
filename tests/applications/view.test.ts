import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, expectError, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { workItem } from '../portfolio/support.js';
import { rubricOf } from '../../server/modules/applications/scoring.rules.js';
import { loadDefaultScheme } from '../../server/modules/schemes/default-scheme.js';
import { askForInformation, assign, drive, jobsOf, memberWith, submit, view, withDefaultScheme } from './support.js';

let app: TestApp;
let ann: Browser & { id: string };
let bob: Browser & { id: string };
let a1: Browser & { id: string };
let a2: Browser & { id: string };
let admin: Browser & { id: string };
let appId: string;
let ownEvidence: string;
let bobsEvidence: string;

const link = async (b: Browser, itemId: string, title: string) => {
  const res = await b.req({ method: 'POST', url: '/api/v1/me/evidence', payload: { title, url: 'https://example.org/e', itemIds: [itemId] } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
};
const respond = (b: Browser, requestId: string, payload: object, id = appId) =>
  b.req({ method: 'POST', url: `/api/v1/applications/${id}/information-requests/${requestId}/response`, payload });

beforeAll(async () => {
  app = await testApp();
  await withDefaultScheme(app);
  ann = await memberWith(app, 'ann@example.org', [workItem({ referee: undefined })]);
  bob = await memberWith(app, 'bob@example.org', [workItem({ referee: undefined })]);
  a1 = await signedInUser(app, 'a1@example.org', ['assessor']);
  a2 = await signedInUser(app, 'a2@example.org', ['assessor']);
  admin = await signedInUser(app, 'admin@example.org', ['scheme_admin']);
  appId = (await submit(ann, 'member')).json().id;
  const annItem = (await ann.req({ method: 'GET', url: '/api/v1/me/portfolio' })).json().items[0].id;
  const bobItem = (await bob.req({ method: 'GET', url: '/api/v1/me/portfolio' })).json().items[0].id;
  ownEvidence = await link(ann, annItem, 'Change board minutes');
  bobsEvidence = await link(bob, bobItem, 'Not Ann’s');
  await assign(app, appId, [a1.id]);
});
afterAll(async () => {
  await app?.close();
});

describe('what each person sees, information requests and appeals', () => {
  it('the assigned assessor sees the assessment with the rubric; others get 404', async () => {
    const db = app.platform.database.db;
    const at = app.clock.now().toISOString();
    await db.insertInto('application_scores').values([
      { application_id: appId, assessor_id: a1.id, category_id: 'experience', score: 2, notes: 'Solid', updated_at: at },
      { application_id: appId, assessor_id: a2.id, category_id: 'experience', score: 1, notes: 'Other assessor', updated_at: at },
    ]).execute();
    const mine = (await view(a1, appId)).json();
    expect(mine.assessment).toMatchObject({
      applicantEmail: 'ann@example.org',
      rubric: { scale: expect.arrayContaining([{ value: 3, label: 'Strongly shown' }]), categories: expect.arrayContaining([expect.objectContaining({ id: 'experience' })]) },
      assessors: [{ id: a1.id, name: 'a1', stage: 'assessment', status: 'active' }],
      levels: expect.arrayContaining([{ id: 'fellow', name: 'Fellow' }]),
    });
    // Exactly the rubric scores are checked against.
    expect(mine.assessment.rubric).toEqual(rubricOf(loadDefaultScheme()));
    expect(mine.assessment.snapshot.items).toHaveLength(1);
    expect(mine.assessment.scores.map((s: { notes: string }) => s.notes)).toEqual(['Solid']);
    expect(mine.can).toMatchObject({ score: true, requestInformation: true, declareConflict: true, withdraw: false, decide: false });
    const all = (await view(admin, appId)).json();
    expect(all.assessment.scores).toHaveLength(2);
    expect(all.can).toMatchObject({ score: false, decide: false });
    expectError(await view(a2, appId), 404, 'NOT_FOUND');
    expect((await view(ann, appId)).json().assessment).toBeNull();
  });

  it('the applicant answers an information request with evidence of their own; the assessors see it', async () => {
    const requestId = await askForInformation(app, appId, a1.id);
    let v = (await view(ann, appId)).json();
    expect(v).toMatchObject({ state: 'information_requested', can: { respond: true }, informationRequests: [{ id: requestId, question: 'Which changes did you approve?', response: null }] });

    const theirs = expectError(await respond(ann, requestId, { response: 'See the minutes', evidenceIds: [ownEvidence, bobsEvidence] }), 400, 'VALIDATION_FAILED');
    expect(theirs.details.issues).toEqual([{ path: 'body.evidenceIds[1]', message: 'No such evidence in your portfolio' }]);
    expectError(await respond(ann, requestId, { response: '' }), 400, 'VALIDATION_FAILED');
    expectError(await respond(ann, 'no-such-request', { response: 'x' }), 404, 'NOT_FOUND');
    expectError(await respond(bob, requestId, { response: 'x' }), 404, 'NOT_FOUND');

    const res = await respond(ann, requestId, { response: 'See the minutes of the change board', evidenceIds: [ownEvidence] });
    expect(res.statusCode, res.body).toBe(200);
    v = res.json();
    expect(v).toMatchObject({ state: 'in_assessment', informationRequests: [{ response: 'See the minutes of the change board', evidenceIds: [ownEvidence] }] });
    expect(v.informationRequests[0].respondedAt).toBe(app.clock.now().toISOString());
    const staff = (await view(a1, appId)).json();
    expect(staff.assessment.snapshot.evidence.map((e: { title: string }) => e.title)).toEqual(['Change board minutes']);
    expectError(await respond(ann, requestId, { response: 'again' }), 409, 'CONFLICT');
    expect(await jobsOf(app, 'applications.assign')).toHaveLength(1); // only the one from submission
  });

  it('appeals a decline once; the appeal goes to assignment', async () => {
    expectError(await ann.req({ method: 'POST', url: `/api/v1/applications/${appId}/appeal`, payload: { grounds: 'Too early' } }), 409, 'CONFLICT');
    const assessor = { userId: a1.id, roles: ['assessor'] as const };
    await drive(app, appId, { type: 'score' }, assessor);
    await drive(app, appId, { type: 'recommend', outcome: 'decline', reasons: 'Not enough at level 3' }, assessor);
    await drive(app, appId, { type: 'decide', outcome: 'decline', reasons: 'Responsibility not shown' }, { userId: admin.id, roles: ['scheme_admin'] });
    let v = (await view(ann, appId)).json();
    expect(v).toMatchObject({ state: 'declined', decision: { outcome: 'decline', reasons: 'Responsibility not shown', levelName: null }, can: { appeal: true, withdraw: false }, appeal: null });

    expectError(await ann.req({ method: 'POST', url: `/api/v1/applications/${appId}/appeal`, payload: { grounds: '  ' } }), 400, 'VALIDATION_FAILED');
    expectError(await bob.req({ method: 'POST', url: `/api/v1/applications/${appId}/appeal`, payload: { grounds: 'Mine' } }), 404, 'NOT_FOUND');
    const res = await ann.req({ method: 'POST', url: `/api/v1/applications/${appId}/appeal`, payload: { grounds: 'My level 3 work at Acme was not considered' } });
    expect(res.statusCode, res.body).toBe(200);
    v = res.json();
    expect(v).toMatchObject({ state: 'appealed', appeal: { grounds: 'My level 3 work at Acme was not considered', upheld: null }, can: { appeal: false } });
    expect((await jobsOf(app, 'applications.assign')).map((j) => j.payload)).toEqual([JSON.stringify({ applicationId: appId }), JSON.stringify({ applicationId: appId })]);

    const appeals = await app.platform.database.db.selectFrom('appeals').selectAll().execute();
    expect(appeals).toEqual([expect.objectContaining({ application_id: appId, grounds: 'My level 3 work at Acme was not considered', upheld: null })]);
  });

  it('a second appeal of the same decision is refused', async () => {
    // The appeal assessor (seated here by hand) upholds the decision: declined again, and no further appeal.
    const db = app.platform.database.db;
    const row = await db.selectFrom('applications').select('data').where('id', '=', appId).executeTakeFirstOrThrow();
    const data = JSON.parse(row.data);
    await db.updateTable('applications').set({ data: JSON.stringify({ ...data, appealAssessorId: a2.id }) }).where('id', '=', appId).execute();
    await drive(app, appId, { type: 'decide_appeal', uphold: true, reasons: 'Decision stands' }, { userId: a2.id, roles: ['assessor'] });
    const v = (await view(ann, appId)).json();
    expect(v).toMatchObject({ state: 'declined', can: { appeal: false } });
    const e = expectError(await ann.req({ method: 'POST', url: `/api/v1/applications/${appId}/appeal`, payload: { grounds: 'Again' } }), 409, 'CONFLICT');
    expect(e.message).toMatch(/appealed once/);
  });
});
