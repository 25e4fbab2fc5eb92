import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, auditEntries, call, expectError, mailsTo, signIn, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { workItem } from '../portfolio/support.js';
import { referencesJob } from '../../server/modules/applications/references.jobs.js';
import { jobsOf, memberWith, referenceToken, submit, view, withDefaultScheme } from './support.js';

const DAY = 86_400_000;
let app: TestApp;
let ann: Browser & { id: string };
let admin: Browser & { id: string };
let appId: string;
const runJob = () => referencesJob(app.platform.database.db, app.clock, app.config.publicUrl)({} as never);
const getRef = (token: string) => call(app, { method: 'GET', url: `/api/v1/references/${token}` });
const answer = (token: string, answers: object[]) => call(app, { method: 'POST', url: `/api/v1/references/${token}`, payload: { answers } });

beforeAll(async () => {
  app = await testApp();
  await withDefaultScheme(app);
  // Two roles with Pat, one with Sam: two requests, Pat's with two claims.
  ann = await memberWith(app, 'ann@example.org', [
    workItem({ employer: 'Acme Ltd', startOn: '2016-01-01', endOn: '2020-12-31' }),
    workItem({ employer: 'Beta plc', roleTitle: 'Problem manager', startOn: '2021-01-01', referee: { name: 'Pat Doe', email: 'PAT@example.org', relationship: 'Director' } }),
    workItem({ employer: 'Gamma', startOn: '2015-01-01', endOn: '2015-12-31', referee: { name: 'Sam Roe', email: 'sam@example.org', relationship: 'Client' } }),
  ]);
  admin = await signedInUser(app, 'scheme-admin@example.org', ['scheme_admin']);
  const res = await submit(ann, 'member');
  expect(res.statusCode, res.body).toBe(201);
  appId = res.json().id;
});
afterAll(async () => {
  await app?.close();
});

describe('referees answer by the mailed link', () => {
  it('shows the claims without an account; a wrong token is refused', async () => {
    const res = await getRef(await referenceToken(app, 'pat@example.org'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      applicantName: 'ann',
      levelName: 'Member',
      refereeName: 'Pat Doe',
      status: 'awaiting',
      claims: [
        { summary: 'Service desk lead at Acme Ltd, January 2016 to December 2020, responsibility level 4, ITSM work' },
        { summary: 'Problem manager at Beta plc, January 2021 to now, responsibility level 4, ITSM work' },
      ],
    });
    expectError(await getRef('x'.repeat(43)), 404, 'NOT_FOUND');
    expectError(await answer('x'.repeat(43), [{ claimId: 'a', answer: 'confirm' }]), 404, 'NOT_FOUND');
  });

  it('wants each claim answered once, and a comment on a dispute', async () => {
    const token = await referenceToken(app, 'pat@example.org');
    const claims = (await getRef(token)).json().claims as Array<{ claimId: string }>;
    const [a, b] = claims.map((c) => c.claimId);
    const missing = expectError(await answer(token, [{ claimId: a, answer: 'confirm' }]), 400, 'VALIDATION_FAILED');
    expect(missing.details.issues).toEqual([{ path: 'body.answers', message: expect.stringContaining('Problem manager') }]);
    const twice = expectError(await answer(token, [{ claimId: a, answer: 'confirm' }, { claimId: b, answer: 'confirm' }, { claimId: a, answer: 'confirm' }]), 400, 'VALIDATION_FAILED');
    expect(twice.details.issues.map((i: { path: string }) => i.path)).toEqual(['body.answers[2].claimId']);
    const noComment = expectError(await answer(token, [{ claimId: a, answer: 'confirm' }, { claimId: b, answer: 'dispute' }]), 400, 'VALIDATION_FAILED');
    expect(noComment.details.issues.map((i: { path: string }) => i.path)).toEqual(['body.answers.1.comment']);
    expect((await getRef(token)).json().status).toBe('awaiting');
  });

  it('takes one answer per link; the applicant sees the status, never the answers or comments', async () => {
    const token = await referenceToken(app, 'pat@example.org');
    const [a, b] = ((await getRef(token)).json().claims as Array<{ claimId: string }>).map((c) => c.claimId);
    const res = await answer(token, [
      { claimId: a, answer: 'confirm', comment: 'Reliable lead' },
      { claimId: b, answer: 'dispute', comment: 'She was deputy, not the problem manager' },
    ]);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('answered');
    expectError(await answer(token, [{ claimId: a, answer: 'confirm' }, { claimId: b, answer: 'confirm' }]), 409, 'CONFLICT');

    const mine = await view(ann, appId);
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toMatchObject({ state: 'awaiting_references', assessment: null });
    expect(mine.json().references.map((r: { refereeName: string; status: string }) => [r.refereeName, r.status])).toEqual([
      ['Pat Doe', 'answered'],
      ['Sam Roe', 'awaiting'],
    ]);
    expect(mine.body).not.toContain('deputy');
    expect(mine.body).not.toContain('Reliable');
    expect(mine.body).not.toContain('dispute');

    const staff = (await view(admin, appId)).json();
    const pat = staff.assessment.referees.find((r: { name: string }) => r.name === 'Pat Doe');
    expect(pat).toMatchObject({ status: 'answered', email: 'pat@example.org' });
    expect(pat.answers.map((x: { answer: string; comment: string }) => [x.answer, x.comment])).toEqual([
      ['confirm', 'Reliable lead'],
      ['dispute', 'She was deputy, not the problem manager'],
    ]);
    const [entry] = await auditEntries(app, 'application.referee_answered');
    expect(entry).toMatchObject({ actor_id: null, details: { confirmed: 1, disputed: 1, from: 'awaiting_references', to: 'awaiting_references' } });
  });

  it('reminds after 3 and 7 days with a fresh link, at most twice', async () => {
    const first = await referenceToken(app, 'sam@example.org');
    await runJob();
    expect((await mailsTo(app, 'sam@example.org')).map((m) => m.template)).toEqual(['reference_request']);
    app.clock.advance(3 * DAY);
    await runJob();
    await runJob();
    expect((await mailsTo(app, 'sam@example.org')).map((m) => m.template)).toEqual(['reference_request', 'reference_reminder']);
    const second = await referenceToken(app, 'sam@example.org');
    expect(second).not.toBe(first);
    expectError(await getRef(first), 404, 'NOT_FOUND');
    expect((await getRef(second)).json().status).toBe('awaiting');
    app.clock.advance(3 * DAY);
    await runJob();
    expect((await mailsTo(app, 'sam@example.org'))).toHaveLength(2);
    app.clock.advance(1 * DAY);
    await runJob();
    app.clock.advance(2 * DAY);
    await runJob();
    const mails = await mailsTo(app, 'sam@example.org');
    expect(mails.map((m) => m.template)).toEqual(['reference_request', 'reference_reminder', 'reference_reminder']);
    expect(mails[2]!.text_body).toMatch(/works until \d{4}-\d{2}-\d{2}/);
    expect((await mailsTo(app, 'pat@example.org')).map((m) => m.template)).toEqual(['reference_request']);
  });

  it('refuses an expired link with a clear message; the round expires it and sends the application on', async () => {
    const token = await referenceToken(app, 'sam@example.org');
    const [claim] = (await getRef(token)).json().claims;
    app.clock.advance(6 * DAY); // day 15 of 14
    expect((await getRef(token)).json().status).toBe('expired');
    const err = expectError(await answer(token, [{ claimId: claim.claimId, answer: 'confirm' }]), 400, 'INVALID_TOKEN');
    expect(err.message).toMatch(/expired.*ask for the reference again/);
    expect(await jobsOf(app, 'applications.assign')).toEqual([]);
    await runJob();
    ann = { ...(await signIn(app, 'ann@example.org')), id: ann.id }; // the session lapsed while the clock moved
    const v = (await view(ann, appId)).json();
    expect(v.state).toBe('submitted');
    expect(v.references.map((r: { status: string }) => r.status)).toEqual(['answered', 'expired']);
    expect((await jobsOf(app, 'applications.assign')).map((j) => j.idempotency_key)).toEqual([expect.stringMatching(new RegExp(`^assign:${appId}:\\d+$`))]);
    const [closed] = await auditEntries(app, 'application.close_references');
    expect(closed).toMatchObject({ actor_id: null, details: { from: 'awaiting_references', to: 'submitted', reason: 'expired' } });
    await runJob();
    expect(await auditEntries(app, 'application.close_references')).toHaveLength(1);
  });

  it('the last answer sends the application to assignment', async () => {
    const bea = await memberWith(app, 'bea@example.org', [workItem({ referee: { name: 'Lee Poe', email: 'lee@example.org', relationship: 'Manager' } })]);
    const id = (await submit(bea, 'member')).json().id;
    const token = await referenceToken(app, 'lee@example.org');
    const [claim] = (await getRef(token)).json().claims;
    expect((await answer(token, [{ claimId: claim.claimId, answer: 'confirm' }])).statusCode).toBe(200);
    expect((await view(bea, id)).json().state).toBe('submitted');
    expect((await jobsOf(app, 'applications.assign')).map((j) => j.payload)).toContain(JSON.stringify({ applicationId: id }));
  });

  it('a withdrawn application’s link says no reference is needed', async () => {
    const cy = await memberWith(app, 'cy@example.org', [workItem({ referee: { name: 'Kim Lo', email: 'kim@example.org', relationship: 'Manager' } })]);
    const id = (await submit(cy, 'member')).json().id;
    const token = await referenceToken(app, 'kim@example.org');
    const [claim] = (await getRef(token)).json().claims;
    expect((await cy.req({ method: 'POST', url: `/api/v1/applications/${id}/withdraw`, payload: {} })).statusCode).toBe(200);
    expect((await getRef(token)).json().status).toBe('cancelled');
    const err = expectError(await answer(token, [{ claimId: claim.claimId, answer: 'confirm' }]), 409, 'CONFLICT');
    expect(err.message).toMatch(/withdrawn/);
  });
});
