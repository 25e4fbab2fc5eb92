import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type Json, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { withDefaultScheme } from '../portfolio/support.js';
import { mailTo, runJobs, scoreAndRecommend, submittedApplication } from '../applications/assessment-support.js';
import { memberLevelItems, memberWith, submit } from '../applications/support.js';
import { addItem, confirmJob, linkJob, organisation, staffOf } from './fixtures-employment.js';

/* Sponsoring a confirmed staff member's application fee, suggested CPD goals, and what the workbench shows. */

type User = Browser & { id: string };
let app: TestApp;
let versionId: string;
let contoso: string;
let fabrikam: string;
let admin: User;
let hr: User;
let otherAdmin: User;
let staff: User;
let outsider: User;
let assessor: User;
let schemeAdmin: User;

const db = () => app.platform.database.db;
const org = (id: string, path: string) => `/api/v1/organisations/${id}${path}`;
const offer = (b: Browser, orgId: string, payload: Json) => b.req({ method: 'POST', url: org(orgId, '/sponsorships'), payload });

beforeAll(async () => {
  app = await testApp();
  ({ versionId } = await withDefaultScheme(app));
  contoso = await organisation(app, 'Contoso');
  fabrikam = await organisation(app, 'Fabrikam');
  admin = await staffOf(app, contoso, 'admin@contoso.example', 'admin');
  hr = await staffOf(app, contoso, 'hr@contoso.example', 'hr');
  otherAdmin = await staffOf(app, fabrikam, 'admin@fabrikam.example', 'admin');
  staff = await signedInUser(app, 'alex@example.org');
  outsider = await signedInUser(app, 'kim@example.org');
  assessor = await signedInUser(app, 'assessor@body.example', ['assessor']);
  schemeAdmin = await signedInUser(app, 'admin@body.example', ['scheme_admin']);
  const link = await linkJob(staff, await addItem(staff), contoso);
  await confirmJob(admin, contoso, link.id);
}, 60_000);
afterAll(async () => {
  await app?.close();
});

describe('sponsoring an application fee', () => {
  it('offers only for confirmed staff, once, and names what a ticket offer lacks', async () => {
    const theirs = await submittedApplication(app, { applicantId: outsider.id, levelId: 'member', versionId });
    const mine = await submittedApplication(app, { applicantId: staff.id, levelId: 'member', versionId });
    const refused = await offer(admin, contoso, { kind: 'application_fee', applicationId: theirs });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details.issues[0].path).toBe('body.applicationId');
    expect((await offer(otherAdmin, fabrikam, { kind: 'application_fee', applicationId: mine })).statusCode).toBe(400);
    expect((await offer(otherAdmin, contoso, { kind: 'application_fee', applicationId: mine })).statusCode).toBe(404);
    const ticket = await offer(admin, contoso, { kind: 'event_ticket', applicationId: mine });
    expect(ticket.statusCode).toBe(400);
    expect(ticket.body).toMatch(/registrationId/);

    const made = await offer(hr, contoso, { kind: 'application_fee', applicationId: mine, note: 'With our thanks' });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ status: 'offered', organisation: { name: 'Contoso' }, member: { id: staff.id }, application: { id: mine, levelName: 'Member', fee: { amount: 95, currency: 'GBP' } }, canMarkPaid: false });
    expect((await mailTo(app, 'alex@example.org', 'sponsorship_offered')).length).toBe(1);
    expect((await offer(admin, contoso, { kind: 'application_fee', applicationId: mine })).statusCode).toBe(409);
  });

  it('the member accepts; the fee names the payer; the admin marks it paid once it is due, which awards the credential', async () => {
    const id = await submittedApplication(app, { applicantId: staff.id, levelId: 'member', versionId });
    const s = (await offer(admin, contoso, { kind: 'application_fee', applicationId: id })).json();
    expect((await outsider.req({ method: 'POST', url: `/api/v1/me/sponsorships/${s.id}/accept` })).statusCode).toBe(404);
    const accepted = await staff.req({ method: 'POST', url: `/api/v1/me/sponsorships/${s.id}/accept` });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect((await staff.req({ method: 'POST', url: `/api/v1/me/sponsorships/${s.id}/decline` })).statusCode).toBe(409);

    const early = await admin.req({ method: 'POST', url: org(contoso, `/sponsorships/${s.id}/paid`) });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toMatch(/once the application is approved/);

    await runJobs(app);
    await scoreAndRecommend(assessor, id, { outcome: 'award', reasons: 'Meets the level' });
    const decided = await schemeAdmin.req({ method: 'POST', url: `/api/v1/applications/${id}/decision`, payload: { outcome: 'award', reasons: 'Meets the level' } });
    expect(decided.json()).toMatchObject({ state: 'awaiting_fee', fee: { amount: 95, paidAt: null, paidBy: { id: contoso, name: 'Contoso' } } });

    expect((await hr.req({ method: 'POST', url: org(contoso, `/sponsorships/${s.id}/paid`) })).statusCode).toBe(403);
    expect((await otherAdmin.req({ method: 'POST', url: org(fabrikam, `/sponsorships/${s.id}/paid`) })).statusCode).toBe(404);
    const paid = await admin.req({ method: 'POST', url: org(contoso, `/sponsorships/${s.id}/paid`) });
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json()).toMatchObject({ status: 'paid', application: { state: 'awarded', feePaidAt: expect.any(String) } });
    const view = (await staff.req({ method: 'GET', url: `/api/v1/applications/${id}` })).json();
    expect(view).toMatchObject({ state: 'awarded', fee: { paidBy: { name: 'Contoso' }, paidAt: expect.any(String) }, credentialId: expect.any(String) });
    const actions = (await db().selectFrom('audit_log').select('action').where('subject_id', 'in', [id, s.id]).execute()).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['sponsorship.offered', 'sponsorship.accepted', 'sponsorship.paid', 'application.mark_fee_paid']));
  }, 30_000);

  it('an admin cannot mark their own application’s fee paid', async () => {
    await confirmJob(hr, contoso, (await linkJob(admin, await addItem(admin), contoso)).id);
    const id = await submittedApplication(app, { applicantId: admin.id, levelId: 'member', versionId });
    const s = (await offer(hr, contoso, { kind: 'application_fee', applicationId: id })).json();
    expect((await admin.req({ method: 'POST', url: `/api/v1/me/sponsorships/${s.id}/accept` })).statusCode).toBe(200);
    await runJobs(app);
    await scoreAndRecommend(assessor, id, { outcome: 'award', reasons: 'Meets the level' });
    await schemeAdmin.req({ method: 'POST', url: `/api/v1/applications/${id}/decision`, payload: { outcome: 'award', reasons: 'Meets the level' } });
    const own = await admin.req({ method: 'POST', url: org(contoso, `/sponsorships/${s.id}/paid`) });
    expect(own.statusCode).toBe(403);
    expect(own.json().error.message).toMatch(/cannot mark the fee paid on your own application/);
    expect((await db().selectFrom('sponsorships').select('status').where('id', '=', s.id).executeTakeFirstOrThrow()).status).toBe('accepted');
  }, 30_000);

  it('a declined offer leaves the fee to the member', async () => {
    const id = await submittedApplication(app, { applicantId: staff.id, levelId: 'member', versionId });
    const s = (await offer(admin, contoso, { kind: 'application_fee', applicationId: id })).json();
    expect((await staff.req({ method: 'POST', url: `/api/v1/me/sponsorships/${s.id}/decline` })).json()).toMatchObject({ status: 'declined' });
    expect((await staff.req({ method: 'GET', url: `/api/v1/applications/${id}` })).json().fee).toMatchObject({ amount: 95, paidBy: null });
    expect((await admin.req({ method: 'POST', url: org(contoso, `/sponsorships/${s.id}/paid`) })).statusCode).toBe(409);
  });
});

describe('suggested goals', () => {
  it('suggests only to confirmed staff, mails them, and an accepted goal joins their CPD plan', async () => {
    const bad = await admin.req({ method: 'POST', url: org(contoso, '/goal-suggestions'), payload: { memberId: outsider.id, text: 'Learn problem management' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.issues[0].path).toBe('body.memberId');
    const made = await admin.req({ method: 'POST', url: org(contoso, '/goal-suggestions'), payload: { memberId: staff.id, text: 'Lead a major incident review', by: '2027-06-30' } });
    expect(made.statusCode, made.body).toBe(201);
    const declined = (await admin.req({ method: 'POST', url: org(contoso, '/goal-suggestions'), payload: { memberId: staff.id, text: 'Something else' } })).json();
    expect((await mailTo(app, 'alex@example.org', 'cpd_goal_suggested')).length).toBe(2);

    expect((await outsider.req({ method: 'POST', url: `/api/v1/me/goal-suggestions/${made.json().id}/accept` })).statusCode).toBe(404);
    expect((await staff.req({ method: 'POST', url: `/api/v1/me/goal-suggestions/${made.json().id}/accept` })).json()).toMatchObject({ status: 'accepted' });
    expect((await staff.req({ method: 'POST', url: `/api/v1/me/goal-suggestions/${declined.id}/decline` })).json()).toMatchObject({ status: 'declined' });
    const plan = (await staff.req({ method: 'GET', url: '/api/v1/me/cpd/plan' })).json();
    expect(plan.plan.goals).toEqual([{ text: 'Lead a major incident review', by: '2027-06-30', done: false }]);
    const listed = (await admin.req({ method: 'GET', url: org(contoso, '/goal-suggestions') })).json().suggestions;
    expect(listed.map((g: Json) => g.status).sort()).toEqual(['accepted', 'declined']);
  });
});

describe('the assessor’s workbench', () => {
  it('counts the employer’s confirmation as a referee’s, and shows a claim changed since as not confirmed', async () => {
    const member = await memberWith(app, 'jo@example.org', memberLevelItems());
    const items = (await member.req({ method: 'GET', url: '/api/v1/me/portfolio' })).json().items;
    const link = await linkJob(member, items[0].id, contoso);
    await confirmJob(admin, contoso, link.id);
    const res = await submit(member, 'member');
    expect(res.statusCode, res.body).toBe(201);
    const view = (await schemeAdmin.req({ method: 'GET', url: `/api/v1/applications/${res.json().id}` })).json();
    const employer = view.assessment.referees.find((r: Json) => r.name === 'Contoso');
    expect(employer).toMatchObject({ status: 'answered', answers: [{ claimId: `${items[0].id}.role`, answer: 'confirm', comment: expect.stringMatching(/^Confirmed by Contoso on \d{4}-\d{2}-\d{2}/) }] });
    // The applicant sees no referee's answers, the employer's included.
    expect((await member.req({ method: 'GET', url: `/api/v1/applications/${res.json().id}` })).json().assessment).toBeNull();

    // Confirmed at level 4, then claimed at level 5 when applying: not a confirmation of the claim made.
    const changer = await memberWith(app, 'lee@example.org', memberLevelItems());
    const item = (await changer.req({ method: 'GET', url: '/api/v1/me/portfolio' })).json().items[0];
    await confirmJob(admin, contoso, (await linkJob(changer, item.id, contoso)).id);
    const { id: _, ...body } = item;
    expect((await changer.req({ method: 'PUT', url: `/api/v1/me/portfolio/items/${item.id}`, payload: { ...body, responsibilityLevel: 5 } })).statusCode).toBe(200);
    const applied = await submit(changer, 'member');
    const seen = (await schemeAdmin.req({ method: 'GET', url: `/api/v1/applications/${applied.json().id}` })).json();
    expect(seen.assessment.referees.find((r: Json) => r.name === 'Contoso').answers[0]).toMatchObject({ answer: 'dispute', comment: expect.stringContaining('Changed since confirmed: Contoso confirmed January 2018 to now, responsibility level 4') });
  });
});
