// An award at another level than the one applied for, on a demo site with mail through a real SMTP peer: the
// demo Professional application with two assessors → assessor 1 recommends Member in the workbench and assessor
// 2 agrees (through the API) → the scheme administrator awards Member and records Member's fee → the member sees
// Member, not Professional, on their credentials page. Axe runs on every page.
import { describe, expect, it } from 'vitest';
import { demoApplicationStories } from '../server/demo/applications.js';
import { demoMembers } from '../server/demo/people.js';
import { apiSession, nav, refusedWith, said, scoreAndRecommend, text, waitForState } from './support/api.js';
import { expectAccessible, expectNoHorizontalScroll, expectVisibleFocus, hasChromium, heading1, hydrated } from './support/browser.js';
import { journeyEnvironment, signIn } from './support/journey.js';

// The demo's Professional application with both assessors, which assessor 1 has scored.
const story = demoApplicationStories.find((s) => s.levelId === 'professional' && s.acts.some((a) => 'score' in a && a.score === 'a1'));
const APPLICANT = story && demoMembers()[story.member];
if (!APPLICANT) throw new Error('The demo no longer has a Professional application scored by assessor 1; choose another in this journey');
const ASSESSOR = 'assessor1@demo.guildhall.test';
const SECOND = 'assessor2@demo.guildhall.test';
const SCHEME_ADMIN = 'scheme@demo.guildhall.test';
const REASONS = 'Ten years at responsibility level 4, but the level 5 role is under three years: Member now, Professional later.';

describe.skipIf(!hasChromium)('an award at another level in Chromium (demo data)', () => {
  const env = journeyEnvironment({ smtp: true, demo: true });
  let id = '';

  it('assessor 1 recommends Member for a Professional application; assessor 2 agrees', async () => {
    const { page, problems } = await env.open();
    await signIn(page, ASSESSOR);
    await nav(page, 'Assess');
    await heading1(page, 'Assessment queue');
    await page.getByRole('row').filter({ hasText: 'Professional' }).getByRole('link', { name: APPLICANT.name }).click();
    await heading1(page, `Assess: ${APPLICANT.name}, Professional`);
    id = new URL(page.url()).pathname.split('/').pop() ?? '';

    // By keyboard: from "Award Professional" the arrow key moves to "Award at another level", which asks for the level.
    const recommend = page.getByRole('region', { name: 'Recommend', exact: true });
    await recommend.getByLabel('Award Professional').focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowDown');
    expect(await recommend.getByLabel('Award at another level').isChecked()).toBe(true);
    await expectVisibleFocus(page, 'the outcome choice');
    const level = recommend.getByLabel('Level to award');
    await level.waitFor();
    await recommend.getByLabel('Reasons').fill(REASONS);
    await recommend.getByRole('button', { name: 'Send recommendation' }).click();
    await refusedWith(page, 'Level to award: Choose a level');
    await expectAccessible(page, 'a recommendation at another level without the level');
    await level.selectOption({ label: 'Member' });
    await recommend.getByRole('button', { name: 'Send recommendation' }).click();
    await said(page, 'Your recommendation was recorded.');
    expect(await text(page.getByRole('region', { name: 'Recommendations' }))).toMatch(/Tomás Herrera: award Member\. Ten years/);
    await expectAccessible(page, 'the workbench after recommending Member');
    expect(problems).toEqual([]);

    await scoreAndRecommend(await apiSession(env.server.url, SECOND), id, { outcome: 'award', levelId: 'member', reasons: 'Agreed: Member now.' });
    await waitForState(await apiSession(env.server.url, SCHEME_ADMIN), id, 'recommended');
  });

  it('the scheme administrator awards Member with its fee; the member sees Member on their credentials', async () => {
    const { link } = await env.smtp.waitForLink(SCHEME_ADMIN, new RegExp(`Recommendation ready: ${APPLICANT.name} for Professional`), 0, 30_000);
    const { page, problems } = await env.open();
    await signIn(page, SCHEME_ADMIN);
    await page.goto(new URL(link).pathname);
    await heading1(page, `Assess: ${APPLICANT.name}, Professional`);
    // Rendered by the server: its forms are the app's once it has taken the page over.
    await hydrated(page);
    expect(await text(page.getByRole('region', { name: 'Recommendations' }))).toMatch(/Tomás Herrera: award Member[\s\S]*Ingrid Larsen: award Member/);
    const decide = page.getByRole('region', { name: 'Decide' });
    await decide.getByLabel('Award at another level').check();
    await decide.getByLabel('Level to award').selectOption({ label: 'Member' });
    await decide.getByLabel('Reasons').fill(REASONS);
    await expectAccessible(page, 'deciding at another level');
    await decide.getByRole('button', { name: 'Record decision' }).click();
    await said(page, 'The decision was recorded');
    await page.getByText('Approved: fee to pay').first().waitFor();
    expect(await text(page.getByRole('region', { name: 'Decision' }))).toMatch(/Award Member/);
    // The fee due is Member's, the level awarded, not Professional's.
    expect(await text(page.getByRole('region', { name: 'Fee' }))).toMatch(/£95\.00 is due/);
    await expectAccessible(page, 'awarded at another level, awaiting the fee');
    await page.getByRole('button', { name: 'Mark the fee paid' }).click();
    await said(page, 'The fee is recorded as paid.');
    await page.getByText('Awarded', { exact: true }).first().waitFor();
    expect(problems).toEqual([]);

    const { mail } = await env.smtp.waitForLink(APPLICANT.email, /Congratulations: you are awarded Member/);
    expect(mail.text).toMatch(/MITSMG/);
    const member = await env.open({ width: 375, height: 800 });
    await signIn(member.page, APPLICANT.email);
    await member.page.goto(`/applications/${id}`);
    await heading1(member.page, 'Application for Professional');
    const decision = member.page.getByRole('region', { name: 'Decision' });
    expect(await text(decision)).toMatch(/Awarded: Member[\s\S]*under three years/);
    expect(await text(member.page.getByRole('region', { name: 'Fee' }))).toMatch(/£95\.00: paid/);
    await expectAccessible(member.page, 'an application awarded at another level');
    await decision.getByRole('link', { name: 'See your credential' }).click();
    await heading1(member.page, 'Your credentials');
    const credentials = member.page.getByRole('main').getByRole('listitem').filter({ has: member.page.getByRole('heading', { level: 2 }) });
    // The list loads after the heading: wait for it before reading all of it.
    await credentials.first().waitFor();
    expect(await credentials.getByRole('heading', { level: 2 }).allTextContents()).toEqual(['Member (MITSMG)']);
    expect(await text(credentials)).toMatch(/Active/);
    await expectAccessible(member.page, 'credentials with Member');
    await expectNoHorizontalScroll(member.page, 'credentials with Member at 375 px');
    expect(member.problems).toEqual([]);
  });
});
