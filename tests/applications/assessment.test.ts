import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, MINUTE } from '../../server/platform/clock.js';
import { type Browser, expectError, makeUser, signIn, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { withDefaultScheme, workItem } from '../portfolio/support.js';
import { assignments, mailTo, record, runJobs, submittedApplication } from './assessment-support.js';

/* Assignment of assessors (load, conflicts of interest, waiting and the sweep), handing back, asking for more. */

type Assessor = Browser & { id: string; email: string };
let app: TestApp;
let versionId: string;
let ann: Assessor; // works at Acme Ltd now, like the applicant
let ben: Assessor; // left Globex long ago
let cat: Assessor; // a named referee of the applicant
let dan: Assessor; // no employer on file
let eve: Assessor; // declared a conflict with the applicant earlier
let applicant: string;
let applicantBrowser: Browser;
const applicantEmployers = [
  { employer: 'Acme Ltd', endedOn: null },
  { employer: 'Globex', endedOn: '2015-06-30' },
];

async function assessor(name: string, employer?: { employer: string; endOn: string | null }): Promise<Assessor> {
  const email = `${name}@assessors.example.org`;
  const b = await signedInUser(app, email, ['assessor']);
  if (employer) {
    const res = await b.req({ method: 'POST', url: '/api/v1/me/portfolio/items', payload: workItem({ ...employer, startOn: '2010-01-01' }) });
    expect(res.statusCode, res.body).toBe(201);
  }
  return { ...b, email };
}

const db = () => app.platform.database.db;
const activeLoad = async () => {
  const rows = await db().selectFrom('application_assessors').select(['assessor_id']).where('status', '=', 'active').execute();
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.assessor_id, (counts.get(r.assessor_id) ?? 0) + 1);
  return counts;
};

beforeAll(async () => {
  app = await testApp();
  ({ versionId } = await withDefaultScheme(app));
  ann = await assessor('ann', { employer: 'ACME  ltd', endOn: null });
  ben = await assessor('ben', { employer: 'Globex', endOn: '2016-01-31' });
  cat = await assessor('cat');
  dan = await assessor('dan');
  eve = await assessor('eve');
  applicantBrowser = await signedInUser(app, 'applicant@example.org');
  applicant = applicantBrowser.user.id as string;
  await db().updateTable('users').set({ name: 'Alex Applicant' }).where('id', '=', applicant).execute();
  await db().insertInto('assessor_conflicts').values({ assessor_id: eve.id, applicant_id: applicant, reason: 'Former business partner', declared_at: app.clock.now().toISOString() }).execute();
});
afterAll(async () => {
  await app?.close();
});

let professional: string;

describe('assigning assessors', () => {
  it('gives a Professional application two assessors free of conflicts (employer, referee, declared), with due date and mail', async () => {
    professional = await submittedApplication(app, { applicantId: applicant, levelId: 'professional', versionId, employers: applicantEmployers, refereeEmails: [cat.email] });
    await runJobs(app);
    const a = await record(app, professional);
    expect(a.state).toBe('in_assessment');
    expect([...a.assessorIds].sort()).toEqual([ben.id, dan.id].sort());
    expect(a.dueAt).toBe(new Date(app.clock.now().getTime() + 21 * DAY).toISOString());
    const rows = await assignments(app, professional);
    expect(rows.map((r) => ({ id: r.assessor_id, stage: r.stage, status: r.status, due: r.due_at }))).toEqual(
      expect.arrayContaining([ben, dan].map((x) => ({ id: x.id, stage: 'assessment', status: 'active', due: a.dueAt }))),
    );
    for (const x of [ben, dan]) {
      const mail = await mailTo(app, x.email, 'assessment_assigned');
      expect(mail).toHaveLength(1);
      expect(mail[0]!.text_body).toContain(`${app.config.publicUrl}/assess/${professional}`);
      expect(mail[0]!.text_body).toContain('Alex Applicant');
    }
    for (const x of [ann, cat, eve]) expect(await mailTo(app, x.email, 'assessment_assigned')).toHaveLength(0);
    const entry = await db().selectFrom('audit_log').selectAll().where('subject_id', '=', professional).where('action', '=', 'application.assign_assessors').executeTakeFirstOrThrow();
    expect(JSON.parse(entry.details)).toMatchObject({ from: 'submitted', to: 'in_assessment', stage: 'assessment' });
  });

  it('balances load: single-assessor applications go to the least loaded, never more than one apart', async () => {
    const other = await makeUser(app, { email: 'other@example.org', name: 'Olive Other' });
    const ids = [];
    for (let i = 0; i < 6; i++) ids.push(await submittedApplication(app, { applicantId: other, levelId: 'member', versionId }));
    // Someone else's application for the same level would be refused by the member side; the store does not care.
    await runJobs(app);
    for (const id of ids) expect((await record(app, id)).assessorIds).toHaveLength(1);
    const load = await activeLoad();
    const counts = [ann, ben, cat, dan, eve].map((x) => load.get(x.id) ?? 0);
    expect(counts.reduce((s, n) => s + n, 0)).toBe(8);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
  });

  it('waits when too few assessors are free, records it once, and the sweep assigns when someone is', async () => {
    const third = await makeUser(app, { email: 'third@example.org', name: 'Theo Third' });
    const id = await submittedApplication(app, {
      applicantId: third,
      levelId: 'professional',
      versionId,
      employers: [{ employer: 'Acme Ltd', endedOn: null }],
      refereeEmails: [ben.email, cat.email, dan.email, eve.email],
    });
    await runJobs(app);
    expect((await record(app, id)).state).toBe('submitted');
    expect(await app.services.applications.assessment.assign(id)).toBe('waiting');
    await app.services.applications.assessment.sweep();
    const waits = await db().selectFrom('audit_log').selectAll().where('subject_id', '=', id).where('action', '=', 'application.assignment_waiting').execute();
    expect(waits).toHaveLength(1);
    expect(JSON.parse(waits[0]!.details)).toMatchObject({ stage: 'assessment', needed: 2, reason: expect.stringContaining('only 0 free') });

    const fay = await assessor('fay');
    const gus = await assessor('gus');
    app.clock.advance(15 * MINUTE);
    await runJobs(app); // the scheduled sweep
    const a = await record(app, id);
    expect(a.state).toBe('in_assessment');
    expect([...a.assessorIds].sort()).toEqual([fay.id, gus.id].sort());
    // Running it again changes nothing.
    expect(await app.services.applications.assessment.assign(id)).toBe('nothing');
    expect(await app.services.applications.assessment.sweep()).toEqual({ assigned: 0, waiting: 0 });
    expect(await assignments(app, id)).toHaveLength(2);
  });
});

describe('handing back and asking for more', () => {
  it('declareConflict hands back, remembers the conflict, and a replacement not previously involved is assigned', async () => {
    const res = await dan.req({ method: 'POST', url: `/api/v1/applications/${professional}/conflict`, payload: { reason: 'I mentored the applicant last year' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: professional, state: 'submitted' });
    expect(await db().selectFrom('assessor_conflicts').selectAll().where('assessor_id', '=', dan.id).where('applicant_id', '=', applicant).executeTakeFirst()).toMatchObject({
      reason: 'I mentored the applicant last year',
    });
    await runJobs(app);
    const a = await record(app, professional);
    expect(a.state).toBe('in_assessment');
    expect(a.assessorIds).toHaveLength(2);
    expect(a.assessorIds).toContain(ben.id);
    const replacement = a.assessorIds.find((x) => x !== ben.id)!;
    expect([ann.id, cat.id, dan.id, eve.id]).not.toContain(replacement);
    const rows = await assignments(app, professional);
    expect(rows.find((r) => r.assessor_id === dan.id)).toMatchObject({ status: 'handed_back', finished_at: expect.any(String) });
    expect(rows.find((r) => r.assessor_id === replacement)).toMatchObject({ status: 'active', stage: 'assessment' });
    // Dan no longer sees it, and cannot hand it back twice.
    expectError(await dan.req({ method: 'GET', url: `/api/v1/applications/${professional}` }), 404, 'NOT_FOUND');
    expectError(await dan.req({ method: 'POST', url: `/api/v1/applications/${professional}/conflict`, payload: { reason: 'again' } }), 404, 'NOT_FOUND');
  });

  it('requestMoreInformation pauses the clock, asks the applicant by mail, and the due date moves by the pause', async () => {
    const before = await record(app, professional);
    const res = await ben.req({ method: 'POST', url: `/api/v1/applications/${professional}/information-requests`, payload: { question: 'Which service desk tool did you run?' } });
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json();
    expect(view.state).toBe('information_requested');
    expect(view.informationRequests).toEqual([expect.objectContaining({ question: 'Which service desk tool did you run?', response: null })]);
    const mail = await mailTo(app, 'applicant@example.org', 'information_requested');
    expect(mail).toHaveLength(1);
    expect(mail[0]!.text_body).toContain('Which service desk tool did you run?');
    expect(mail[0]!.text_body).toContain(`${app.config.publicUrl}/applications/${professional}`);
    // Not twice while the first is open.
    expectError(await ben.req({ method: 'POST', url: `/api/v1/applications/${professional}/information-requests`, payload: { question: 'And?' } }), 409, 'CONFLICT');

    app.clock.advance(5 * DAY);
    const requestId = view.informationRequests[0].id as string;
    const answer = await applicantBrowser.req({ method: 'POST', url: `/api/v1/applications/${professional}/information-requests/${requestId}/response`, payload: { response: 'ServiceNow, from 2019' } });
    expect(answer.statusCode, answer.body).toBe(200);
    const after = await record(app, professional);
    expect(after.state).toBe('in_assessment');
    expect(Date.parse(after.dueAt!) - Date.parse(before.dueAt!)).toBe(5 * DAY);
    const queue = (await ben.req({ method: 'GET', url: '/api/v1/assessment/queue' })).json();
    expect(queue.entries.find((e: { id: string }) => e.id === professional)).toMatchObject({ dueAt: after.dueAt, state: 'in_assessment', overdue: false });
    // The assignment rows follow the application's due date (the queue reads them in that order).
    for (const r of await assignments(app, professional)) if (r.status === 'active') expect(r.due_at).toBe(after.dueAt);
  });

  it('withdrawing closes the assignments: the application leaves the assessor’s queue and load', async () => {
    const id = await submittedApplication(app, { applicantId: applicant, levelId: 'member', versionId });
    await runJobs(app);
    const [assessorId] = (await record(app, id)).assessorIds;
    const res = await applicantBrowser.req({ method: 'POST', url: `/api/v1/applications/${id}/withdraw`, payload: {} });
    expect(res.statusCode, res.body).toBe(200);
    expect(await assignments(app, id)).toEqual([expect.objectContaining({ assessor_id: assessorId, status: 'done', finished_at: app.clock.now().toISOString() })]);
    const holder = [ann, ben, cat, dan, eve].find((x) => x.id === assessorId) ?? (await signIn(app, (await db().selectFrom('users').select('email').where('id', '=', assessorId!).executeTakeFirstOrThrow()).email));
    const queue = (await holder.req({ method: 'GET', url: '/api/v1/assessment/queue' })).json();
    expect(queue.entries.map((e: { id: string }) => e.id)).not.toContain(id);
    expect((await activeLoad()).get(assessorId!) ?? 0).toBe(queue.total);
  });

  it('refuses a bad request body with the field to fix, and people not assigned', async () => {
    const empty = expectError(await ben.req({ method: 'POST', url: `/api/v1/applications/${professional}/information-requests`, payload: { question: '  ' } }), 400, 'VALIDATION_FAILED');
    expect(JSON.stringify(empty.details)).toContain('question');
    expectError(await ann.req({ method: 'POST', url: `/api/v1/applications/${professional}/information-requests`, payload: { question: 'Who are you?' } }), 404, 'NOT_FOUND');
    const member = await signedInUser(app, 'just-a-member@example.org');
    expectError(await member.req({ method: 'POST', url: `/api/v1/applications/${professional}/conflict`, payload: { reason: 'x' } }), 403, 'FORBIDDEN');
  });
});
