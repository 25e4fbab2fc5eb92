import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, expectError, PASSWORD, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { withDefaultScheme } from '../portfolio/support.js';
import { assignments, fullScore, mailTo, record, runJobs, scoreAndRecommend, submittedApplication } from './assessment-support.js';

/* Scoring, recommendations (agreeing, disagreeing: a third assessor), decisions, fees, appeals and who may do what. */

type User = Browser & { id: string; email: string };
let app: TestApp;
let versionId: string;
const pool = new Map<string, User>();
let admins: User[];
let applicant: User;

async function user(email: string, roles: Parameters<typeof signedInUser>[2] = []): Promise<User> {
  return { ...(await signedInUser(app, email, roles)), email };
}
const as = (id: string) => {
  const u = pool.get(id);
  if (!u) throw new Error(`${id} is not an assessor of this test`);
  return u;
};
const db = () => app.platform.database.db;
const post = (b: Browser, id: string, path: string, payload?: object) => b.req({ method: 'POST', url: `/api/v1/applications/${id}${path}`, ...(payload ? { payload } : {}) });
const actions = async (id: string) =>
  (await db().selectFrom('audit_log').select('action').where('subject_id', '=', id).orderBy('id').execute()).map((r) => r.action);

async function newApplication(levelId: string, extra: Partial<Parameters<typeof submittedApplication>[1]> = {}) {
  const id = await submittedApplication(app, { applicantId: applicant.id, levelId, versionId, ...extra });
  await runJobs(app);
  return { id, assessors: (await record(app, id)).assessorIds.map(as) };
}

beforeAll(async () => {
  app = await testApp();
  ({ versionId } = await withDefaultScheme(app));
  for (const n of ['a1', 'a2', 'a3', 'a4', 'a5', 'a6']) {
    const u = await user(`${n}@assessors.example.org`, ['assessor']);
    pool.set(u.id, u);
  }
  admins = [await user('admin1@body.example.org', ['scheme_admin']), await user('admin2@body.example.org', ['scheme_admin'])];
  applicant = await user('applicant@example.org');
});
afterAll(async () => {
  await app?.close();
});

describe('scoring', () => {
  it('refuses categories not in the rubric and scores off the scale, naming the field and what is valid', async () => {
    const { id, assessors } = await newApplication('member');
    const [a] = assessors;
    const bad = expectError(
      await a!.req({ method: 'PUT', url: `/api/v1/applications/${id}/scores`, payload: { scores: [{ categoryId: 'education', score: 2 }, { categoryId: 'charisma', score: 1 }] } }),
      400,
      'VALIDATION_FAILED',
    );
    expect(bad.details.issues).toEqual([{ path: 'body.scores[1].categoryId', message: expect.stringContaining('education, certifications, experience, responsibility, contribution') }]);
    const off = expectError(await a!.req({ method: 'PUT', url: `/api/v1/applications/${id}/scores`, payload: { scores: [{ categoryId: 'education', score: 5 }] } }), 400, 'VALIDATION_FAILED');
    expect(off.details.issues[0]).toMatchObject({ path: 'body.scores[0].score', message: expect.stringContaining('3 (') });
    expect(await db().selectFrom('application_scores').selectAll().where('application_id', '=', id).execute()).toEqual([]);
  });

  it('keeps partial scores without the machine hearing "score"; the last category completes it, once', async () => {
    const { id, assessors } = await newApplication('member');
    const a = assessors[0]!;
    const part = await a.req({ method: 'PUT', url: `/api/v1/applications/${id}/scores`, payload: { scores: [{ categoryId: 'education', score: 1, notes: 'degree seen' }] } });
    expect(part.statusCode, part.body).toBe(200);
    expect(part.json().assessment.scores).toEqual([expect.objectContaining({ assessorId: a.id, categoryId: 'education', score: 1, notes: 'degree seen' })]);
    expect((await record(app, id)).scored).toEqual([]);
    expectError(await post(a, id, '/recommendation', { outcome: 'award', reasons: 'fine' }), 409, 'CONFLICT');
    const all = await a.req({ method: 'PUT', url: `/api/v1/applications/${id}/scores`, payload: fullScore(3) });
    expect(all.statusCode, all.body).toBe(200);
    expect(all.json().assessment.scores).toHaveLength(5);
    expect(all.json().assessment.scores.every((s: { score: number }) => s.score === 3)).toBe(true);
    expect((await record(app, id)).scored).toEqual([a.id]);
    await a.req({ method: 'PUT', url: `/api/v1/applications/${id}/scores`, payload: fullScore(2) });
    expect((await actions(id)).filter((x) => x === 'application.score')).toHaveLength(1);
    expect(await actions(id)).toContain('application.scores_saved');
  });

  it('answers 404 to an assessor not assigned and 403 to a scheme administrator who is not an assessor', async () => {
    const { id, assessors } = await newApplication('member');
    const other = [...pool.values()].find((u) => !assessors.some((x) => x.id === u.id))!;
    expectError(await other.req({ method: 'PUT', url: `/api/v1/applications/${id}/scores`, payload: fullScore() }), 404, 'NOT_FOUND');
    expectError(await admins[0]!.req({ method: 'PUT', url: `/api/v1/applications/${id}/scores`, payload: fullScore() }), 403, 'FORBIDDEN');
    expectError(await applicant.req({ method: 'PUT', url: `/api/v1/applications/${id}/scores`, payload: fullScore() }), 403, 'FORBIDDEN');
    expectError(await other.req({ method: 'PUT', url: '/api/v1/applications/no-such-application/scores', payload: fullScore() }), 404, 'NOT_FOUND');
  });
});

describe('API tokens', () => {
  it('assessment operations need a token with the admin scope; account:read is not enough', async () => {
    const { id, assessors } = await newApplication('member');
    const a = assessors[0]!;
    const token = async (scopes: string[]) => (await a.req({ method: 'POST', url: '/api/v1/me/api-tokens', payload: { currentPassword: PASSWORD, name: scopes.join(' '), scopes } })).json().token as string;
    const put = (t: string) => app.app.inject({ method: 'PUT', url: `/api/v1/applications/${id}/scores`, headers: { authorization: `Bearer ${t}` }, payload: fullScore() });
    const narrow = expectError(await put(await token(['account:read'])), 403, 'FORBIDDEN');
    expect(narrow.details).toEqual({ requiredScope: 'admin' });
    const res = await put(await token(['admin']));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().assessment.scores).toHaveLength(5);
  });
});

describe('recommendation, decision, fee and credential', () => {
  it('Professional: two agreeing assessors, the administrators are told, the award waits for its fee, then the credential', async () => {
    const { id, assessors } = await newApplication('professional');
    expect(assessors).toHaveLength(2);
    const [x, y] = assessors as [User, User];
    const first = await scoreAndRecommend(x, id, { outcome: 'award', reasons: 'Seven years at level 5, well evidenced' });
    expect(first.state).toBe('in_assessment');
    for (const admin of admins) expect(await mailTo(app, admin.email, 'decision_ready')).toHaveLength(0);
    const second = await scoreAndRecommend(y, id, { outcome: 'award', reasons: 'Agree' });
    expect(second.state).toBe('recommended');
    for (const admin of admins) {
      const mail = await mailTo(app, admin.email, 'decision_ready');
      expect(mail).toHaveLength(1);
      expect(mail[0]!.text_body).toContain(`${app.config.publicUrl}/assess/${id}`);
    }
    expect((await assignments(app, id)).map((r) => r.status)).toEqual(['done', 'done']);

    // Assessors do not decide; the administrators do.
    expectError(await post(x, id, '/decision', { outcome: 'award', reasons: 'I decide' }), 403, 'FORBIDDEN');
    const decided = await post(admins[0]!, id, '/decision', { outcome: 'award', reasons: 'The panel of assessors agrees' });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({ state: 'awaiting_fee', fee: { amount: 150, currency: 'GBP', paidAt: null }, credentialId: null, decision: { outcome: 'award', levelId: 'professional' } });
    const told = await mailTo(app, applicant.email, 'application_decided');
    expect(told).toHaveLength(1);
    expect(told[0]!.text_body).toContain('GBP 150.00');
    expect(await db().selectFrom('credentials').selectAll().where('application_id', '=', id).execute()).toEqual([]);
    expect((await db().selectFrom('applications').select('decided_at').where('id', '=', id).executeTakeFirstOrThrow()).decided_at).toBe(app.clock.now().toISOString());

    app.clock.advance(3 * 86_400_000);
    expectError(await post(applicant, id, '/fee-paid'), 403, 'FORBIDDEN');
    const paid = await post(admins[1]!, id, '/fee-paid');
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json()).toMatchObject({ state: 'awarded', fee: { paidAt: app.clock.now().toISOString() }, credentialId: expect.any(String) });
    const credential = await db().selectFrom('credentials').selectAll().where('application_id', '=', id).executeTakeFirstOrThrow();
    const review = new Date(app.clock.now());
    review.setUTCFullYear(review.getUTCFullYear() + 3);
    expect(credential).toMatchObject({ holder_id: applicant.id, level_id: 'professional', level_name: 'Professional', post_nominals: 'PITSMG', status: 'active', scheme_version_id: versionId, awarded_at: app.clock.now().toISOString(), review_at: review.toISOString() });
    const congratulations = await mailTo(app, applicant.email, 'credential_awarded');
    expect(congratulations).toHaveLength(1);
    expect(congratulations[0]!.text_body).toContain(`${app.config.publicUrl}/credentials`);
    expect(congratulations[0]!.text_body).toContain('PITSMG');
    expect(await actions(id)).toEqual(expect.arrayContaining(['application.recommend', 'application.decide', 'application.mark_fee_paid']));
    expect(await db().selectFrom('audit_log').select('action').where('subject_id', '=', credential.id).execute()).toEqual([{ action: 'credential.awarded' }]);
    // Paying twice is refused.
    expectError(await post(admins[1]!, id, '/fee-paid'), 409, 'CONFLICT');
  });

  it('awards at another level than applied for when the scheme has it, with that level’s post-nominals; an unknown level is refused', async () => {
    const { id, assessors } = await newApplication('student');
    const a = assessors[0]!;
    await a.req({ method: 'PUT', url: `/api/v1/applications/${id}/scores`, payload: fullScore() });
    const bad = expectError(await post(a, id, '/recommendation', { outcome: 'award', levelId: 'grandmaster', reasons: 'x' }), 400, 'VALIDATION_FAILED');
    expect(bad.details.issues[0]).toMatchObject({ path: 'body.levelId', message: expect.stringContaining('associate') });
    expect((await post(a, id, '/recommendation', { outcome: 'award', levelId: 'associate', reasons: 'More than a student' })).statusCode).toBe(200);
    expectError(await post(admins[0]!, id, '/decision', { outcome: 'award', levelId: 'nope', reasons: 'x' }), 400, 'VALIDATION_FAILED');
    // Student has no fee, Associate has: the award waits for Associate's fee, and the applicant is told its amount.
    const before = (await mailTo(app, applicant.email, 'application_decided')).length;
    const res = await post(admins[0]!, id, '/decision', { outcome: 'award', levelId: 'associate', reasons: 'Agreed: Associate' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'awaiting_fee', decision: { levelId: 'associate', levelName: 'Associate' }, fee: { amount: 60, currency: 'GBP', paidAt: null }, credentialId: null });
    const told = (await mailTo(app, applicant.email, 'application_decided')).slice(before);
    expect(told.map((m) => m.text_body)).toEqual([expect.stringContaining('The award fee of GBP 60.00 is now payable')]);
    const paid = await post(admins[0]!, id, '/fee-paid');
    expect(paid.json()).toMatchObject({ state: 'awarded', fee: { amount: 60, paidAt: expect.any(String) }, credentialId: expect.any(String) });
    expect(await db().selectFrom('credentials').select(['level_id', 'post_nominals']).where('application_id', '=', id).executeTakeFirstOrThrow()).toEqual({ level_id: 'associate', post_nominals: 'AITSMG' });
  });

  it('awards a level below the one applied for with that level’s fee, not the higher one’s', async () => {
    const { id, assessors } = await newApplication('professional');
    for (const a of assessors) await scoreAndRecommend(a, id, { outcome: 'award', levelId: 'member', reasons: 'Member now' });
    const res = await post(admins[0]!, id, '/decision', { outcome: 'award', levelId: 'member', reasons: 'Member now' });
    expect(res.json()).toMatchObject({ state: 'awaiting_fee', decision: { levelId: 'member' }, fee: { amount: 95, currency: 'GBP' } });
    expect((await mailTo(app, applicant.email, 'application_decided')).at(-1)?.text_body).toContain('The award fee of GBP 95.00 is now payable');
    expect((await post(admins[0]!, id, '/fee-paid')).json()).toMatchObject({ state: 'awarded', fee: { amount: 95 } });
  });

  it('Fellow is decided by a panel: without panel: true the decision is refused with the reason', async () => {
    const nominators = [await user('nom1@example.org'), await user('nom2@example.org')];
    const { id, assessors } = await newApplication('fellow', { nominators: nominators.map((n) => n.id) });
    expect(assessors).toHaveLength(2);
    for (const a of assessors) await scoreAndRecommend(a, id, { outcome: 'award', reasons: 'A leader of the field' });
    const refused = expectError(await post(admins[0]!, id, '/decision', { outcome: 'award', reasons: 'yes' }), 409, 'CONFLICT');
    expect(refused.message).toContain('panel');
    const res = await post(admins[0]!, id, '/decision', { outcome: 'award', reasons: 'The panel agrees', panel: true });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'awaiting_fee', decision: { byPanel: true } });
  });
});

describe('disagreement and appeal', () => {
  it('disagreeing assessors go to a third; a decline can be appealed once, to an assessor not previously involved, who may overturn it', async () => {
    const { id, assessors } = await newApplication('professional');
    const [x, y] = assessors as [User, User];
    await scoreAndRecommend(x, id, { outcome: 'award', reasons: 'Meets it' });
    const split = await scoreAndRecommend(y, id, { outcome: 'decline', reasons: 'Responsibility not shown' });
    expect(split.state).toBe('awaiting_third_assessor');
    await runJobs(app);
    const third = (await record(app, id)).thirdAssessorId!;
    expect([x.id, y.id]).not.toContain(third);
    expect((await assignments(app, id)).find((r) => r.assessor_id === third)).toMatchObject({ stage: 'third', status: 'active' });
    // The pair are done and cannot recommend again; the third sees both recommendations.
    expectError(await post(x, id, '/recommendation', { outcome: 'award', reasons: 'again' }), 403, 'FORBIDDEN');
    const t = as(third);
    const seen = (await t.req({ method: 'GET', url: `/api/v1/applications/${id}` })).json();
    expect(seen.assessment.recommendations).toHaveLength(2);
    const rec = await scoreAndRecommend(t, id, { outcome: 'decline', reasons: 'Not yet at level 5 for three years' });
    expect(rec.state).toBe('recommended');

    const declined = await post(admins[0]!, id, '/decision', { outcome: 'decline', reasons: 'Not yet: responsibility level 5 for 3 of the last 5 years' });
    expect(declined.json()).toMatchObject({ state: 'declined', decision: { outcome: 'decline' } });
    expect((await mailTo(app, applicant.email, 'application_decided')).at(-1)!.text_body).toContain('appeal');

    const appeal = await post(applicant, id, '/appeal', { grounds: 'My 2021–2024 role was level 5; see the evidence' });
    expect(appeal.statusCode, appeal.body).toBe(200);
    await runJobs(app);
    const appealBy = (await record(app, id)).appealAssessorId!;
    expect([x.id, y.id, third]).not.toContain(appealBy);
    expect(await db().selectFrom('appeals').select('assessor_id').where('application_id', '=', id).executeTakeFirstOrThrow()).toEqual({ assessor_id: appealBy });
    expect((await mailTo(app, as(appealBy).email, 'assessment_assigned')).at(-1)!.subject).toMatch(/^Appeal/);

    // Only the appeal assessor decides the appeal.
    expectError(await post(t, id, '/appeal/decision', { uphold: false, reasons: 'x' }), 403, 'FORBIDDEN');
    const overturned = await post(as(appealBy), id, '/appeal/decision', { uphold: false, reasons: 'The evidence shows level 5 from 2021' });
    expect(overturned.statusCode, overturned.body).toBe(200);
    expect(overturned.json()).toMatchObject({ state: 'awaiting_fee', appeal: { upheld: false, reasons: 'The evidence shows level 5 from 2021' }, decision: { outcome: 'award', levelId: 'professional' } });
    expect((await assignments(app, id)).find((r) => r.assessor_id === appealBy)).toMatchObject({ stage: 'appeal', status: 'done' });
    expect((await mailTo(app, applicant.email, 'application_decided')).at(-1)!.text_body).toContain('GBP 150.00');
    expectError(await post(applicant, id, '/appeal', { grounds: 'again' }), 409, 'CONFLICT');
  });

  it('an upheld appeal leaves the decline standing and tells the applicant why', async () => {
    const { id, assessors } = await newApplication('member');
    await scoreAndRecommend(assessors[0]!, id, { outcome: 'decline', reasons: 'Too little ITSM experience' });
    await post(admins[0]!, id, '/decision', { outcome: 'decline', reasons: 'Too little ITSM experience' });
    await post(applicant, id, '/appeal', { grounds: 'I had more' });
    await runJobs(app);
    const by = as((await record(app, id)).appealAssessorId!);
    const res = await post(by, id, '/appeal/decision', { uphold: true, reasons: 'Three years are needed; two are shown' });
    expect(res.json()).toMatchObject({ state: 'declined', appeal: { upheld: true } });
    const last = (await mailTo(app, applicant.email, 'application_decided')).at(-1)!.text_body;
    expect(last).toContain('Three years are needed; two are shown');
    expect(last).toContain('final');
    expect(last).not.toContain('You may appeal');
    expect(await db().selectFrom('credentials').selectAll().where('application_id', '=', id).execute()).toEqual([]);
  });
});
