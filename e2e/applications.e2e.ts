// From portfolio to awarded credential on a demo site, with mail through a real SMTP peer:
// the demo applicant applies for Professional (fields and time counted) → the referee answers by the mailed
// link, signed out → both assessors score every category and recommend award → the scheme administrator
// decides and records the fee → the member sees the credential. Axe runs on every page; a few pages at 375 px.
import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible, expectNoHorizontalScroll, hasChromium, heading1, hydrated, shotsDir } from './support/browser.js';
import { DEMO_PASSWORD, journeyEnvironment, signIn } from './support/journey.js';
import { nav } from './support/api.js';

// Demo sign-ins and the applicant's referee (server/demo/people.ts).
const APPLICANT = 'applicant@demo.guildhall.test';
const APPLICANT_NAME = 'Marcus Oyelaran';
const REFEREE = 'helen.achterberg@referees.example.org';
const ASSESSORS = ['assessor1@demo.guildhall.test', 'assessor2@demo.guildhall.test'];
const SCHEME_ADMIN = 'scheme@demo.guildhall.test';

// A 1×1 PNG, so the upload is a real image by content.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

/** Attaches an image to the applicant's current role through the API, as the portfolio page would. */
async function attachEvidence(base: string, title: string): Promise<void> {
  const signIn = await fetch(`${base}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: APPLICANT, password: DEMO_PASSWORD }),
  });
  expect(signIn.status).toBe(200);
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await signIn.json()) as { csrfToken: string };
  const view = (await (await fetch(`${base}/api/v1/me/portfolio`, { headers: { cookie } })).json()) as { items: Array<{ id: string; kind: string; referee?: unknown }> };
  const role = view.items.find((i) => i.kind === 'work' && i.referee);
  expect(role).toBeDefined();
  const form = new FormData();
  form.set('title', title);
  form.append('itemIds', role?.id ?? '');
  form.set('file', new Blob([PNG], { type: 'image/png' }), 'letter.png');
  const res = await fetch(`${base}/api/v1/me/evidence`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken }, body: form });
  expect(res.status).toBe(201);
}

const text = async (l: Locator) => (await l.textContent()) ?? '';
const shot = (page: Page, name: string) => {
  fs.mkdirSync(shotsDir, { recursive: true });
  return page.screenshot({ path: path.join(shotsDir, `applications-${name}.png`), fullPage: true });
};
/** The polite status region that says what the last action did. */
const said = (page: Page, words: string | RegExp) => page.getByRole('status').filter({ hasText: words }).waitFor();

describe.skipIf(!hasChromium)('applying, references, assessment and award in Chromium (demo data)', () => {
  const env = journeyEnvironment({ smtp: true, demo: true });
  let applicationPath = '';

  it('the member applies from the eligibility panel with two ticks and nothing typed', async () => {
    // Evidence already on file (uploaded earlier, outside the counted steps) goes into the frozen copy.
    await attachEvidence(env.server.url, 'Promotion letter');
    const { page, problems } = await env.open();
    await signIn(page, APPLICANT);
    await nav(page, 'Portfolio');
    await heading1(page, 'Your portfolio');

    // Counted from the portfolio page to the submitted application: every control the member fills or ticks.
    let fields = 0;
    const tick = async (l: Locator) => {
      fields++;
      await l.check();
    };
    const started = Date.now();
    await page.getByRole('link', { name: 'Apply for Professional' }).click();
    await heading1(page, 'Apply for Professional');
    const sent = page.getByRole('region', { name: 'What will be sent' });
    expect(await text(sent)).toMatch(/Professional \(PITSMG\)/);
    expect(await text(sent)).toMatch(/Helen Achterberg.*1 claim to confirm/);
    expect(await text(sent)).toMatch(/£150\.00, payable only if you are approved/);
    expect(await text(sent)).toMatch(/7 items, 1 evidence file or link/);
    await page.getByRole('region', { name: 'Code of ethics text' }).getByText(/Act with integrity/).waitFor();
    await expectAccessible(page, 'apply for Professional');
    // Nothing on file is asked again: the page has no text boxes at all.
    expect(await page.getByRole('textbox').count()).toBe(0);
    await tick(page.getByLabel(/I accept the code of ethics/));
    await tick(page.getByLabel('I declare that my portfolio is true and complete'));
    await page.getByRole('button', { name: 'Submit application' }).click();
    await heading1(page, 'Application for Professional');
    const seconds = (Date.now() - started) / 1000;
    console.log(`apply: ${fields} fields, ${seconds.toFixed(1)} s`);
    expect(fields).toBeLessThanOrEqual(10);

    applicationPath = new URL(page.url()).pathname;
    expect(applicationPath).toMatch(/^\/applications\/[^/]+$/);
    await said(page, 'Your application for Professional was submitted.');
    await page.getByText('Waiting for referees').first().waitFor();
    expect(await text(page.getByRole('region', { name: 'Referees' }))).toMatch(/Helen Achterberg: Waiting for an answer/);
    await expectAccessible(page, 'the submitted application');
    await shot(page, 'submitted');
    await env.smtp.waitForLink(APPLICANT, /Your application for Professional is submitted/);

    // A second application for the same level is refused with the reason, and no submit button.
    await page.goto('/applications/new?level=professional');
    await page.getByRole('heading', { level: 2, name: 'You cannot apply yet' }).waitFor();
    expect(await page.getByRole('button', { name: 'Submit application' }).count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('at 375 px: field errors and a focused summary when nothing is ticked; an application withdrawn after confirming', async () => {
    const { page, problems } = await env.open({ width: 375, height: 800 });
    await signIn(page, APPLICANT);
    await page.goto('/applications/new?level=member');
    await heading1(page, 'Apply for Member');
    await page.getByRole('button', { name: 'Submit application' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
    await summary.getByRole('link', { name: 'Code of ethics: Accept the code of ethics to apply' }).waitFor();
    await summary.getByRole('link', { name: /Declaration: Declare that your record is true/ }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
    await summary.getByRole('link', { name: /Declaration/ }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-invalid'))).toBe('true');
    await expectAccessible(page, 'apply with errors at 375 px');
    await expectNoHorizontalScroll(page, 'apply at 375 px');

    // Applied by mistake: withdrawing asks once more, and the application says it is withdrawn.
    await page.getByLabel(/I accept the code of ethics/).check();
    await page.getByLabel('I declare that my portfolio is true and complete').check();
    await page.getByRole('button', { name: 'Submit application' }).click();
    await heading1(page, 'Application for Member');
    await page.getByRole('button', { name: 'Withdraw application' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toMatch(/Withdraw your application for Member\?/);
    await page.getByLabel('Reason (optional)').fill('Applying for Professional instead.');
    await expectAccessible(page, 'withdraw confirmation');
    await page.getByRole('button', { name: 'Yes, withdraw' }).click();
    await said(page, 'Your application was withdrawn.');
    await page.getByText('Withdrawn', { exact: true }).first().waitFor();
    expect(await page.getByRole('button', { name: 'Withdraw application' }).count()).toBe(0);
    await nav(page, 'Applications');
    await heading1(page, 'Your applications');
    expect(await text(page.getByRole('main'))).toMatch(/Professional\s*Waiting for referees/);
    expect(await text(page.getByRole('main'))).toMatch(/Member\s*Withdrawn/);
    await expectAccessible(page, 'my applications at 375 px');
    await expectNoHorizontalScroll(page, 'my applications at 375 px');
    expect(problems).toEqual([]);
  });

  it('the referee answers by the mailed link without an account', async () => {
    const { mail, link } = await env.smtp.waitForLink(REFEREE, new RegExp(`Please confirm ${APPLICANT_NAME}'s experience`));
    expect(mail.text).toMatch(/never what you wrote/);
    const { page, problems } = await env.open({ width: 375, height: 800 });
    await page.goto(new URL(link).pathname);
    await heading1(page, `Reference for ${APPLICANT_NAME}`);
    const claims = page.getByRole('group', { name: /^Is statement \d+ true\?$/ });
    const n = await claims.count();
    expect(n).toBeGreaterThan(0);
    await expectAccessible(page, 'reference request');
    await expectNoHorizontalScroll(page, 'reference request at 375 px');

    // Disputing without saying why is refused beside the comment field.
    await claims.first().getByLabel('Dispute').check();
    await page.getByRole('button', { name: 'Send reference' }).click();
    await page.getByRole('alert').getByRole('link', { name: /Comment on statement 1: Say what you dispute/ }).waitFor();
    await expectAccessible(page, 'reference with an error');
    for (let i = 0; i < n; i++) {
      await claims.nth(i).getByLabel('Confirm').check();
      await page.getByLabel(`Comment on statement ${i + 1} (optional)`).fill('Worked for me as described; reliable and thorough.');
    }
    await page.getByRole('button', { name: 'Send reference' }).click();
    await said(page, 'Thank you, Helen Achterberg');
    await expectAccessible(page, 'reference answered');

    // The link works once.
    await page.reload();
    await said(page, 'already been given');
    expect(problems).toEqual([]);
  });

  for (const [i, assessor] of ASSESSORS.entries()) {
    it(`assessor ${i + 1} scores every category and recommends award`, async () => {
      const { link } = await env.smtp.waitForLink(assessor, new RegExp(`Application to assess: ${APPLICANT_NAME} for Professional`));
      expect(new URL(link).pathname).toMatch(/^\/assess\/[^/]+$/);
      // The second assessor works on a phone: the queue and the workbench must fit 375 px.
      const { page, problems } = await env.open(i === 1 ? { width: 375, height: 800 } : undefined);
      await signIn(page, assessor);
      await nav(page, 'Assess');
      await heading1(page, 'Assessment queue');
      const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: APPLICANT_NAME }) });
      expect(await text(row)).toMatch(/Professional/);
      expect(await text(row)).toMatch(/\d+ days?/);
      await expectAccessible(page, `queue of assessor ${i + 1}`);
      await expectNoHorizontalScroll(page, `queue of assessor ${i + 1}`);
      await row.getByRole('link', { name: APPLICANT_NAME }).click();
      await heading1(page, `Assess: ${APPLICANT_NAME}, Professional`);

      // The frozen portfolio with the engine's explanation, and the referee's answer with the comment.
      await page.getByRole('region', { name: 'Experience' }).getByRole('listitem').first().waitFor();
      expect(await text(page.getByRole('region', { name: 'Referees' }))).toMatch(/Confirmed:[\s\S]*reliable and thorough/);
      // Evidence inline: the image is shown with its title as its text alternative, and it loads.
      const letter = page.getByRole('region', { name: 'Experience' }).getByRole('img', { name: 'Promotion letter' });
      await letter.scrollIntoViewIfNeeded();
      await expect.poll(() => letter.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(1);
      await expectAccessible(page, `workbench of assessor ${i + 1}`);
      await expectNoHorizontalScroll(page, `workbench of assessor ${i + 1}`);

      if (i === 0) {
        // Asking for more pauses the clock; the member answers from the mailed link, and the answer shows here.
        const questions = page.getByRole('region', { name: 'Questions to the applicant' });
        await questions.getByLabel('Question').fill('Which changes did you approve yourself at Tailspin Airlines?');
        await questions.getByRole('button', { name: 'Send question' }).click();
        await said(page, 'Your question was sent to the applicant.');
        await page.getByText('More information requested').first().waitFor();
        const { link: asked } = await env.smtp.waitForLink(APPLICANT, /Your application for Professional: more information needed/);
        const member = await env.open({ width: 375, height: 800 });
        await signIn(member.page, APPLICANT);
        await member.page.goto(new URL(asked).pathname);
        await heading1(member.page, 'Application for Professional');
        const ask = member.page.getByRole('region', { name: 'The assessor asks for more' });
        await ask.getByText('Which changes did you approve yourself').waitFor();
        await expectAccessible(member.page, 'an information request to answer');
        await expectNoHorizontalScroll(member.page, 'an information request at 375 px');
        await ask.getByLabel('Your answer').fill('Standard and normal changes up to the change advisory board threshold.');
        await ask.getByRole('button', { name: 'Send answer' }).click();
        await said(member.page, 'Your answer was sent to the assessor.');
        expect(await text(member.page.getByRole('region', { name: 'Questions answered' }))).toMatch(/change advisory board/);
        expect(member.problems).toEqual([]);
        await page.reload();
        await heading1(page, `Assess: ${APPLICANT_NAME}, Professional`);
        // Rendered by the server: its forms are the app's once it has taken the page over.
        await hydrated(page);
        expect(await text(page.getByRole('region', { name: 'Questions to the applicant' }))).toMatch(/Answer \(.*\): Standard and normal changes/);
      }

      const groups = page.getByRole('group', { name: /^Your score for / });
      const categories = await groups.count();
      expect(categories).toBeGreaterThanOrEqual(5);
      for (let c = 0; c < categories; c++) await groups.nth(c).getByRole('radio').last().check();
      await page.getByLabel('Notes on Experience (optional)').fill('Long, steady service management record.');
      await page.getByRole('button', { name: 'Save scores' }).click();
      await said(page, 'Your scores were saved.');

      // Recommending opens once every category is scored.
      if (i === 0) {
        // A recommendation without an outcome or reasons: both named in the summary, focus on it.
        await page.getByRole('button', { name: 'Send recommendation' }).click();
        const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
        await summary.getByRole('link', { name: /Outcome: Choose award or decline/ }).waitFor();
        await summary.getByRole('link', { name: /Reasons: Give the reasons/ }).waitFor();
        await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
      }

      const recommend = page.getByRole('region', { name: 'Recommend', exact: true });
      await recommend.getByLabel('Award Professional').check();
      await recommend.getByLabel('Reasons').fill('Meets every requirement of Professional; the referee confirms the senior role.');
      await recommend.getByRole('button', { name: 'Send recommendation' }).click();
      await said(page, 'Your recommendation was recorded.');
      expect(await page.getByRole('button', { name: 'Send recommendation' }).count()).toBe(0);
      await expectAccessible(page, `workbench after recommending (assessor ${i + 1})`);
      await shot(page, `workbench-${i + 1}`);
      expect(problems).toEqual([]);
    });
  }

  it('the scheme administrator awards and records the fee; the member sees the credential', async () => {
    await env.smtp.waitForLink(SCHEME_ADMIN, new RegExp(`Recommendation ready: ${APPLICANT_NAME} for Professional`));
    const { page, problems } = await env.open();
    await signIn(page, SCHEME_ADMIN);
    await nav(page, 'Assess');
    await heading1(page, 'Assessment queue');
    // Not an assessor: the page opens on every open application, with no role refusal and no "Mine".
    expect(await text(page.getByRole('main'))).not.toMatch(/needs the assessor role/);
    expect(await page.getByRole('button', { name: 'Mine' }).count()).toBe(0);
    await page.getByText('Every open application, oldest first.').waitFor();
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: APPLICANT_NAME }) });
    expect(await text(row)).toMatch(/Waiting for a decision/);
    await expectAccessible(page, 'queue, all open');
    await row.getByRole('link', { name: APPLICANT_NAME }).click();
    await heading1(page, `Assess: ${APPLICANT_NAME}, Professional`);
    const recommendations = await text(page.getByRole('region', { name: 'Recommendations' }));
    expect(recommendations).toMatch(/Tomás Herrera: award Professional/);
    expect(recommendations).toMatch(/Ingrid Larsen: award Professional/);

    const decide = page.getByRole('region', { name: 'Decide' });
    await decide.getByLabel('Award Professional').check();
    await decide.getByLabel('Reasons').fill('Both assessors recommend award; the portfolio and the reference meet Professional.');
    await decide.getByRole('button', { name: 'Record decision' }).click();
    await said(page, 'The decision was recorded');
    await page.getByText('Approved: fee to pay').first().waitFor();
    await expectAccessible(page, 'workbench awaiting the fee');
    await page.getByRole('button', { name: 'Mark the fee paid' }).click();
    await said(page, 'The fee is recorded as paid.');
    await page.getByText('Awarded', { exact: true }).first().waitFor();
    await shot(page, 'decided');
    expect(problems).toEqual([]);

    const { mail } = await env.smtp.waitForLink(APPLICANT, /Congratulations: you are awarded Professional/);
    expect(mail.text).toMatch(/PITSMG/);
    const member = await env.open({ width: 375, height: 800 });
    await signIn(member.page, APPLICANT);
    await member.page.goto(applicationPath);
    await heading1(member.page, 'Application for Professional');
    const decision = member.page.getByRole('region', { name: 'Decision' });
    expect(await text(decision)).toMatch(/Awarded: Professional[\s\S]*Both assessors recommend award/);
    await expectAccessible(member.page, 'the awarded application');
    await expectNoHorizontalScroll(member.page, 'the awarded application at 375 px');
    await decision.getByRole('link', { name: 'See your credential' }).click();
    await heading1(member.page, 'Your credentials');
    const credential = member.page.getByRole('listitem').filter({ has: member.page.getByRole('heading', { name: /^Professional/ }) });
    expect(await text(credential)).toMatch(/Professional \(PITSMG\)[\s\S]*Active[\s\S]*Awarded[\s\S]*Review due/);
    await expectAccessible(member.page, 'my credentials');
    await expectNoHorizontalScroll(member.page, 'my credentials at 375 px');
    await shot(member.page, 'credentials');
    expect(member.problems).toEqual([]);
  });
});
