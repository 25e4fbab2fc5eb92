// Fellow by nomination on a demo site, with mail through a real SMTP peer: two current Professional holders
// nominate a Fellow-eligible member from their credentials page → the nominee consents and submits → both
// assessors recommend award (through the API) → the scheme administrator decides as the panel and records the
// fee → the nominee holds Fellow. Axe runs on every page; the nominee works by keyboard alone.
import { describe, expect, it } from 'vitest';
import { DEMO_HOLDER_EMAIL } from '../server/demo/seed.js';
import { demoMembers } from '../server/demo/people.js';
import { profileFor } from '../server/demo/portfolios.js';
import { apiSession, focused, getApplication, nav, refusedWith, said, scoreAndRecommend, text, waitForState } from './support/api.js';
import { expectAccessible, expectNoHorizontalScroll, expectVisibleFocus, hasChromium, heading1, hydrated } from './support/browser.js';
import { journeyEnvironment, signIn } from './support/journey.js';

/** A generated demo member (server/demo/people.ts) whose portfolio profile is `profile`. */
function demoMember(i: number, profile: string) {
  const m = demoMembers()[i];
  if (!m || profileFor(i) !== profile) throw new Error(`Demo member ${i} no longer has the "${profile}" profile; choose another in this journey`);
  return m;
}
// Oscar Patel: Fellow-eligible, holds Professional, no referee on file. Elena O'Brien and Kwame Byrne hold Professional.
const NOMINEE = demoMember(19, 'fellow-eligible');
const NOMINATORS = [{ email: DEMO_HOLDER_EMAIL, name: "Elena O'Brien" }, demoMember(17, 'professional')];
const ASSESSORS = ['assessor1@demo.guildhall.test', 'assessor2@demo.guildhall.test'];
const SCHEME_ADMIN = 'scheme@demo.guildhall.test';

describe.skipIf(!hasChromium)('Fellow by nomination in Chromium (demo data)', () => {
  const env = journeyEnvironment({ smtp: true, demo: true });
  let applicationPath = '';

  it('two Professional holders nominate the member from their credentials page', async () => {
    for (const [i, nominator] of NOMINATORS.entries()) {
      const { page, problems } = await env.open(i === 1 ? { width: 375, height: 800 } : undefined);
      await signIn(page, nominator.email);
      await nav(page, 'Credentials');
      await heading1(page, 'Your credentials');
      const form = page.getByRole('region', { name: 'Nominate a member for Fellow' });
      await form.getByLabel('Member’s e-mail address').waitFor();
      expect(await text(page.getByRole('main'))).toMatch(/Professional \(PITSMG\)/);
      await expectAccessible(page, `credentials of nominator ${i + 1}`);
      if (i === 0) {
        // Nothing filled in: both fields are named in the summary, which takes the focus.
        await form.getByRole('button', { name: 'Send nomination' }).click();
        await refusedWith(page, /Member’s e-mail address: Enter the e-mail address/);
        await refusedWith(page, /Why you nominate them: Give a statement/);
        await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
        await expectAccessible(page, 'nomination with errors');
      } else await expectNoHorizontalScroll(page, 'credentials at 375 px');
      await form.getByLabel('Member’s e-mail address').fill(NOMINEE.email);
      await form.getByLabel('Why you nominate them').fill(`${NOMINEE.name} has led service management for two decades and shaped the guild's standards.`);
      await form.getByRole('button', { name: 'Send nomination' }).click();
      await said(page, `Your nomination of ${NOMINEE.email} was recorded.`);
      expect(await form.getByLabel('Member’s e-mail address').inputValue()).toBe('');
      await expectAccessible(page, `nomination ${i + 1} sent`);
      expect(problems).toEqual([]);
      const { link } = await env.smtp.waitForLink(NOMINEE.email, /You have been nominated for Fellow/, i);
      expect(new URL(link).pathname).toMatch(/^\/applications\/[^/]+$/);
      applicationPath = new URL(link).pathname;
    }
  });

  it('the nominee consents and submits, by keyboard alone', async () => {
    const { page, problems } = await env.open();
    await signIn(page, NOMINEE.email);
    await page.goto(applicationPath);
    await heading1(page, 'Application for Fellow');
    const nominations = page.getByRole('region', { name: 'Nominations' });
    expect(await text(nominations)).toMatch(/2 of 2 nominations received; your consent: not yet given/);
    expect(await text(nominations)).toMatch(new RegExp(`${NOMINATORS[0]?.name}[\\s\\S]*${NOMINATORS[1]?.name}`));
    await expectAccessible(page, 'the nominee’s draft');

    // Tab to the consent button and press Enter.
    const consent = page.getByRole('button', { name: 'I consent to this nomination' });
    for (let presses = 0; !(await consent.evaluate((b) => b === document.activeElement)); presses++) {
      expect(presses, 'Tab presses to reach the consent button').toBeLessThan(40);
      await page.keyboard.press('Tab');
    }
    await expectVisibleFocus(page, 'the consent button');
    await page.keyboard.press('Enter');
    await said(page, 'Thank you: your consent was recorded.');
    expect(await text(nominations)).toMatch(/your consent: given/);
    await expectAccessible(page, 'consent given');

    // The next step is offered on the page itself.
    const next = page.getByRole('link', { name: 'Review and submit your application' });
    await next.focus();
    await expectVisibleFocus(page, 'the link to submit');
    await page.keyboard.press('Enter');
    await heading1(page, 'Apply for Fellow');
    await page.getByText('This level is by nomination').waitFor();
    await expectAccessible(page, 'apply for Fellow');
    await page.getByLabel(/I accept the code of ethics/).focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatch(/^input/);
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatch(/Submit application/);
    await page.keyboard.press('Enter');
    await heading1(page, 'Application for Fellow');
    expect(new URL(page.url()).pathname).toBe(applicationPath);
    await said(page, 'Your application for Fellow was submitted.');
    await expectAccessible(page, 'the submitted Fellow application');
    expect(problems).toEqual([]);
  });

  it('both assessors recommend award; the scheme administrator decides as the panel and records the fee', async () => {
    const id = applicationPath.split('/').pop() ?? '';
    for (const email of ASSESSORS) {
      await env.smtp.waitForLink(email, new RegExp(`Application to assess: ${NOMINEE.name} for Fellow`), 0, 30_000);
      await scoreAndRecommend(await apiSession(env.server.url, email), id, { outcome: 'award', reasons: 'The nominations, the portfolio and the contributions meet Fellow.' });
    }
    const admin = await apiSession(env.server.url, SCHEME_ADMIN);
    await waitForState(admin, id, 'recommended');
    const { link } = await env.smtp.waitForLink(SCHEME_ADMIN, new RegExp(`Recommendation ready: ${NOMINEE.name} for Fellow`), 0, 30_000);

    const { page, problems } = await env.open();
    await signIn(page, SCHEME_ADMIN);
    await page.goto(new URL(link).pathname);
    await heading1(page, `Assess: ${NOMINEE.name}, Fellow`);
    // Rendered by the server: its forms are the app's once it has taken the page over.
    await hydrated(page);
    // The panel sees who nominated and why, beside the assessors' recommendations.
    const nominations = page.getByRole('region', { name: 'Nominations' });
    expect(await text(nominations)).toMatch(new RegExp(`${NOMINATORS[0]?.name}[\\s\\S]*two decades`));
    expect(await text(page.getByRole('region', { name: 'Recommendations' }))).toMatch(/Tomás Herrera: award Fellow[\s\S]*Ingrid Larsen: award Fellow/);
    await expectAccessible(page, 'the panel’s workbench');

    // Fellow is decided by a panel: without it the decision is refused with the reason.
    const decide = page.getByRole('region', { name: 'Decide' });
    const panel = decide.getByLabel(/Recorded as a panel decision/);
    expect(await panel.isChecked()).toBe(true);
    await panel.uncheck();
    await decide.getByLabel('Award Fellow').check();
    await decide.getByLabel('Reasons').fill('The panel agrees with both assessors and the two nominators.');
    await decide.getByRole('button', { name: 'Record decision' }).click();
    await refusedWith(page, 'This level is decided by a panel');
    await expectAccessible(page, 'a decision refused without the panel');
    await panel.check();
    await decide.getByRole('button', { name: 'Record decision' }).click();
    await said(page, 'The decision was recorded');
    await page.getByText('Approved: fee to pay').first().waitFor();
    expect(await text(page.getByRole('region', { name: 'Decision' }))).toMatch(/Award Fellow.*by a panel/);
    await page.getByRole('button', { name: 'Mark the fee paid' }).click();
    await said(page, 'The fee is recorded as paid.');
    await page.getByText('Awarded', { exact: true }).first().waitFor();
    expect((await getApplication(admin, id)).state).toBe('awarded');
    expect(problems).toEqual([]);
  });

  it('the nominee sees the panel’s decision and holds Fellow', async () => {
    await env.smtp.waitForLink(NOMINEE.email, /Congratulations: you are awarded Fellow/);
    const member = await env.open({ width: 375, height: 800 });
    await signIn(member.page, NOMINEE.email);
    await member.page.goto(applicationPath);
    await heading1(member.page, 'Application for Fellow');
    expect(await text(member.page.getByRole('region', { name: 'Decision' }))).toMatch(/Awarded: Fellow.*by a panel/);
    await expectAccessible(member.page, 'the awarded Fellow application');
    await nav(member.page, 'Credentials');
    await heading1(member.page, 'Your credentials');
    const fellow = member.page.getByRole('listitem').filter({ has: member.page.getByRole('heading', { name: /^Fellow/ }) });
    expect(await text(fellow)).toMatch(/Fellow \(FITSMG\)[\s\S]*Active/);
    await expectAccessible(member.page, 'credentials with Fellow');
    await expectNoHorizontalScroll(member.page, 'credentials with Fellow at 375 px');
    expect(member.problems).toEqual([]);
  });
});
