// An appeal on a demo site, with mail through a real SMTP peer: a demo Associate application in assessment is
// declined (the assessor recommends it and the scheme administrator decides, through the API) → the applicant
// reads the outcome and reasons and appeals once; an appeal sent again from a second tab is refused with the
// reason → the appeal goes to the assessor who was not involved, who upholds the decision → the applicant sees
// that the decision stands and cannot appeal again. Axe runs on every page; the appeal is typed by keyboard.
import { describe, expect, it } from 'vitest';
import { demoApplicationStories } from '../server/demo/applications.js';
import { demoMembers } from '../server/demo/people.js';
import { type ApiSession, apiSession, assignedTo, getApplication, nav, recipientsOf, refusedWith, said, scoreAndRecommend, text, waitForState } from './support/api.js';
import { expectAccessible, expectNoHorizontalScroll, expectVisibleFocus, hasChromium, heading1 } from './support/browser.js';
import { journeyEnvironment, signIn } from './support/journey.js';

// The demo's Associate application that only assessor 2 has been assigned, with nothing done yet.
const story = demoApplicationStories.find((s) => s.levelId === 'associate' && s.acts.length === 1 && 'assign' in s.acts[0]! && s.acts[0].assign.join() === 'a2');
const APPLICANT = story && demoMembers()[story.member];
if (!APPLICANT) throw new Error('The demo no longer has an Associate application assigned to assessor 2 alone; choose another in this journey');
const FIRST_ASSESSOR = 'assessor2@demo.guildhall.test';
const OTHER_ASSESSOR = 'assessor1@demo.guildhall.test';
const SCHEME_ADMIN = 'scheme@demo.guildhall.test';
const DECLINED = 'The service desk role is shown at responsibility level 1, not 2; Associate needs level 2 evidenced.';
const GROUNDS = 'My referee confirms that I led the service desk shift and handled escalations: that is responsibility level 2.';
const UPHELD = 'The role description and the certificate support level 1 only; the decision stands.';

describe.skipIf(!hasChromium)('an appeal in Chromium (demo data)', () => {
  const env = journeyEnvironment({ smtp: true, demo: true });
  let id = '';
  let first: ApiSession;

  it('the declined applicant reads the reasons and appeals once; a second appeal is refused', async () => {
    first = await apiSession(env.server.url, FIRST_ASSESSOR);
    const queue = await first.call<{ entries: Array<{ id: string; applicantName: string; levelId: string }> }>('GET', '/api/v1/assessment/queue');
    id = queue.entries.find((e) => e.applicantName === APPLICANT.name && e.levelId === 'associate')?.id ?? '';
    expect(id, `${APPLICANT.name}'s application in the queue of ${FIRST_ASSESSOR}`).not.toBe('');
    await scoreAndRecommend(first, id, { outcome: 'decline', reasons: DECLINED });
    const admin = await apiSession(env.server.url, SCHEME_ADMIN);
    await waitForState(admin, id, 'recommended');
    await admin.call('POST', `/api/v1/applications/${id}/decision`, { outcome: 'decline', reasons: DECLINED });

    const { link } = await env.smtp.waitForLink(APPLICANT.email, /Your application for Associate: decision/);
    const path = new URL(link).pathname;
    expect(path).toBe(`/applications/${id}`);
    const { page, context, problems } = await env.open();
    await signIn(page, APPLICANT.email);
    await page.goto(path);
    await heading1(page, 'Application for Associate');
    expect(await text(page.getByRole('region', { name: 'Decision' }))).toMatch(new RegExp(`Declined[\\s\\S]*${DECLINED.slice(0, 40)}`));
    const appeal = page.getByRole('region', { name: 'Appeal' });
    await appeal.getByLabel('Grounds of appeal').waitFor();
    await expectAccessible(page, 'the declined application');

    // A second tab, opened before the appeal is sent, still offers the form.
    const second = await context.newPage();
    await second.goto(path);
    await heading1(second, 'Application for Associate');

    // Empty grounds are refused beside the field; then the grounds are typed and sent by keyboard.
    await appeal.getByRole('button', { name: 'Send appeal' }).click();
    await refusedWith(page, 'Grounds of appeal: Give the grounds of your appeal');
    await expectAccessible(page, 'an appeal without grounds');
    await appeal.getByLabel('Grounds of appeal').focus();
    await page.keyboard.type(GROUNDS);
    await page.keyboard.press('Tab');
    await expectVisibleFocus(page, 'the send appeal button');
    await page.keyboard.press('Enter');
    await said(page, 'Your appeal was sent. A different assessor will look at it.');
    await page.getByText('Under appeal', { exact: true }).first().waitFor();
    expect(await text(appeal)).toMatch(/You appealed on[\s\S]*led the service desk shift[\s\S]*A different assessor is looking at your appeal/);
    expect(await appeal.getByRole('button', { name: 'Send appeal' }).count()).toBe(0);
    await expectAccessible(page, 'the application under appeal');

    const again = second.getByRole('region', { name: 'Appeal' });
    await again.getByLabel('Grounds of appeal').fill('Appealing a second time.');
    await again.getByRole('button', { name: 'Send appeal' }).click();
    await refusedWith(second, 'A decision can be appealed once; this one has been.');
    await expectAccessible(second, 'a second appeal refused');
    expect(problems).toEqual([]);
  });

  it('the appeal goes to the assessor not involved before, who upholds the decision', async () => {
    expect(await assignedTo(env.smtp, OTHER_ASSESSOR, new RegExp(`Appeal to assess: ${APPLICANT.name} for Associate`))).toBe(id);
    expect(recipientsOf(env.smtp, /^Appeal to assess/)).toEqual([OTHER_ASSESSOR]);
    // The first assessor may read what they did, but has nothing to decide.
    expect((await getApplication(first, id)).can).toMatchObject({ decideAppeal: false, recommend: false });

    const { page, problems } = await env.open({ width: 375, height: 800 });
    await signIn(page, OTHER_ASSESSOR);
    await nav(page, 'Assess');
    await heading1(page, 'Assessment queue');
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: APPLICANT.name }) });
    expect(await text(row)).toMatch(/Associate[\s\S]*Under appeal[\s\S]*Appeal/);
    await expectAccessible(page, 'the appeal assessor’s queue');
    await row.getByRole('link', { name: APPLICANT.name }).click();
    await heading1(page, `Assess: ${APPLICANT.name}, Associate`);
    expect(await text(page.getByRole('region', { name: 'Decision' }))).toMatch(/Decline[\s\S]*responsibility level 1/);
    expect(await text(page.getByRole('region', { name: 'Recommendations' }))).toMatch(/Ingrid Larsen: decline/);
    const appeal = page.getByRole('region', { name: 'Appeal' });
    expect(await text(appeal)).toMatch(/led the service desk shift/);
    await expectAccessible(page, 'the appeal on the workbench');
    await expectNoHorizontalScroll(page, 'the appeal on the workbench at 375 px');

    await appeal.getByRole('button', { name: 'Record the appeal decision' }).click();
    await refusedWith(page, 'Outcome of the appeal: Say whether the decision stands');
    await expectAccessible(page, 'an appeal decision with errors');
    await appeal.getByLabel('The decision stands (uphold it)').check();
    await appeal.getByLabel('Reasons').fill(UPHELD);
    await appeal.getByRole('button', { name: 'Record the appeal decision' }).click();
    await said(page, 'Your decision on the appeal was recorded.');
    expect(await text(page.getByRole('region', { name: 'Appeal' }))).toMatch(/The decision stands: The role description/);
    await expectAccessible(page, 'the appeal decided');
    expect(problems).toEqual([]);
  });

  it('the applicant hears that the decision stands and is offered no second appeal', async () => {
    const { mail } = await env.smtp.waitForLink(APPLICANT.email, /Your application for Associate: decision/, 1);
    expect(mail.text).toMatch(/decision stands/);
    const member = await env.open({ width: 375, height: 800 });
    await signIn(member.page, APPLICANT.email);
    await member.page.goto(`/applications/${id}`);
    await heading1(member.page, 'Application for Associate');
    await member.page.getByText('Declined', { exact: true }).first().waitFor();
    const outcome = member.page.getByRole('region', { name: 'Appeal' });
    expect(await text(outcome)).toMatch(/The decision stands\.[\s\S]*The role description[\s\S]*A decision can be appealed once; this one has been\./);
    expect(await member.page.getByRole('button', { name: 'Send appeal' }).count()).toBe(0);
    await expectAccessible(member.page, 'the appeal outcome');
    await expectNoHorizontalScroll(member.page, 'the appeal outcome at 375 px');
    expect(member.problems).toEqual([]);
    const applicant = await apiSession(env.server.url, APPLICANT.email);
    const refused = await applicant.request('POST', `/api/v1/applications/${id}/appeal`, { grounds: 'Once more.' });
    expect(refused).toMatchObject({ status: 409, body: { error: { message: 'A decision can be appealed once; this one has been.' } } });
  });
});
