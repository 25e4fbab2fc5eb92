// The member's portfolio on a demo site, and the scheme administrator's scheme page:
// sign in → portfolio → the panel shows what Member still needs → add a talk → Member reached;
// field errors from the API; evidence of the wrong type refused, a PNG accepted; a "what if" item changes the
// panel but is gone after a reload; the same pages at 375 px; the scheme page with a new version's review.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible, expectNoHorizontalScroll, hasChromium, heading1 } from './support/browser.js';
import { journeyEnvironment, signIn } from './support/journey.js';
import { root } from './support/server.js';
import { nav } from './support/api.js';

// Demo sign-ins (server/demo/people.ts); the demo member is seeded 115 of the 120 points Member needs.
const MEMBER = 'member@demo.guildhall.test';
const SCHEME_ADMIN = 'scheme@demo.guildhall.test';

// A 1×1 PNG, so the upload is a real image by content.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
const lastYear = new Date().getFullYear() - 1;

/** The text of an element (all of it, hidden parts included). */
const text = async (l: Locator) => (await l.textContent()) ?? '';

/** The eligibility panel and the line that says which level is reached. */
function panelOf(page: Page) {
  const panel = page.getByRole('region', { name: /eligibility/i });
  return { panel, reached: panel.getByRole('status') };
}

describe.skipIf(!hasChromium)('portfolio and scheme journeys in Chromium (demo data)', () => {
  const env = journeyEnvironment({ smtp: false, demo: true });

  it('shows the gap to Member, reaches it by adding a talk, refuses bad input, and keeps "what if" items out of the portfolio', async () => {
    const { page, problems } = await env.open();
    await signIn(page, MEMBER);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Portfolio' }).click();
    await heading1(page, 'Your portfolio');
    expect(await page.title()).toBe('Your portfolio – Guildhall');
    const { panel, reached } = panelOf(page);
    await expect.poll(() => text(reached)).toMatch(/Level reached:\s*Associate/);
    const member = panel.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /^Member/ }) });
    await expect.poll(() => text(member)).toMatch(/5 more points \(115 of 120\)/);
    await expectAccessible(page, 'portfolio, one item short of Member');

    // A date in the future comes back from the API as a field error in the dialog.
    await page.getByRole('button', { name: 'Add a certification' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Search the catalogue').fill('20000');
    await dialog.getByLabel('Certification', { exact: true }).selectOption({ label: 'ISO/IEC 20000 Foundation (10 points)' });
    await dialog.getByLabel('Date awarded').fill(`${lastYear + 3}-01-15`);
    await dialog.getByRole('button', { name: 'Add certification' }).click();
    const summary = dialog.getByRole('alert').filter({ hasText: 'There is a problem' });
    await summary.getByRole('link', { name: /Date awarded: .*future/ }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
    await expectAccessible(page, 'certification dialog with an error');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });

    // The missing item: a talk reaches Member, and the panel says so without a reload.
    await page.getByRole('button', { name: 'Add a contribution' }).click();
    await dialog.getByLabel('Type of contribution').selectOption('talk');
    await dialog.getByLabel('Title', { exact: true }).fill('Blameless reviews in practice');
    await dialog.getByLabel('Date', { exact: true }).fill(`${lastYear}-06-12`);
    await dialog.getByRole('button', { name: 'Add contribution' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('status').filter({ hasText: 'Added “Blameless reviews in practice”' }).waitFor();
    await expect.poll(() => text(reached)).toMatch(/Level reached:\s*Member \(MITSMG\)/);
    await expectAccessible(page, 'portfolio at Member');

    // Evidence: the server judges the content, so a text file named .pdf is refused; a PNG is accepted.
    const talk = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Blameless reviews in practice' }) });
    await talk.getByRole('button', { name: 'Add evidence for Blameless reviews in practice' }).click();
    await dialog.getByLabel('Title', { exact: true }).fill('Conference programme');
    await dialog.getByLabel('File to upload').setInputFiles({ name: 'programme.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not really a PDF') });
    await dialog.getByRole('button', { name: 'Upload evidence' }).click();
    await summary.getByRole('link', { name: /File to upload: .*type/i }).waitFor();
    await dialog.getByLabel('File to upload').setInputFiles({ name: 'programme.png', mimeType: 'image/png', buffer: PNG });
    await dialog.getByRole('button', { name: 'Upload evidence' }).click();
    await dialog.waitFor({ state: 'detached' });
    await talk.getByRole('link', { name: 'Conference programme' }).waitFor();
    expect(await text(talk)).toMatch(/PNG/);

    // "What if": a hypothetical ITIL Master changes the panel, is marked as not saved, and is gone after a reload.
    const pointsBefore = Number((await text(reached)).match(/(\d+) points counted/)?.[1]);
    await page.getByRole('button', { name: 'Try “what if”' }).click();
    await page.getByRole('group', { name: 'Add a hypothetical:' }).getByRole('button', { name: 'Certification' }).click();
    await dialog.getByText('it is not saved to your portfolio').waitFor();
    await dialog.getByLabel('Search the catalogue').fill('master');
    await dialog.getByLabel('Certification', { exact: true }).selectOption({ label: 'ITIL Master (50 points)' });
    await dialog.getByLabel('Date awarded').fill(`${lastYear}-02-01`);
    await dialog.getByRole('button', { name: 'Add to “what if”' }).click();
    await dialog.waitFor({ state: 'detached' });
    await panel.getByRole('heading', { name: 'Eligibility with your “what if” items' }).waitFor();
    await expect.poll(async () => Number((await text(reached)).match(/(\d+) points counted/)?.[1])).toBe(pointsBefore + 50);
    await page.getByText('Hypothetical · not saved').waitFor();
    await expectAccessible(page, 'portfolio in "what if" mode');

    await page.reload();
    await heading1(page, 'Your portfolio');
    await panel.getByRole('heading', { name: 'Your eligibility' }).waitFor();
    await expect.poll(() => text(reached)).toMatch(new RegExp(`Level reached:\\s*Member[\\s\\S]*${pointsBefore} points counted`));
    const certifications = page.getByRole('region', { name: 'Training and certifications' });
    await certifications.getByRole('heading', { name: 'ITIL 4 Foundation' }).first().waitFor();
    expect(await certifications.getByRole('heading', { name: 'ITIL Master' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Try “what if”' }).getAttribute('aria-pressed')).toBe('false');
    expect(problems).toEqual([]);
  });

  it('works at 375 px: the panel below the editor, the dialog within the screen', async () => {
    const { page, problems } = await env.open({ width: 375, height: 800 });
    await signIn(page, MEMBER);
    await page.goto('/portfolio');
    await heading1(page, 'Your portfolio');
    await panelOf(page).reached.waitFor();
    await expectNoHorizontalScroll(page, 'portfolio at 375px');
    const editorBottom = await page.locator('.portfolio-editor').evaluate((e) => e.getBoundingClientRect().bottom);
    const panelTop = await panelOf(page).panel.evaluate((e) => e.getBoundingClientRect().top);
    expect(panelTop).toBeGreaterThanOrEqual(editorBottom);
    await page.getByRole('button', { name: 'Add a job' }).click();
    await page.getByRole('dialog').getByLabel('Employer').waitFor();
    await expectNoHorizontalScroll(page, 'job dialog at 375px');
    await expectAccessible(page, 'job dialog at 375px');
    // Sent empty, every field says in words what to give; the month asks for a month.
    const job = page.getByRole('dialog');
    await job.getByRole('button', { name: 'Add job' }).click();
    const errors = job.getByRole('alert').filter({ hasText: 'There is a problem' });
    await errors.getByRole('link', { name: /Start month: Enter the month as YYYY-MM, such as 2021-03/ }).waitFor();
    await errors.getByRole('link', { name: /Responsibility level: Choose a responsibility level from 1 to 7/ }).waitFor();
    expect(await errors.textContent()).not.toMatch(/Invalid input|expected|received|NaN|YYYY-MM-DD/);
    await expectAccessible(page, 'job dialog with errors at 375px');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    // Focus goes back to the button that opened the dialog.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Add a job');
    await expectAccessible(page, 'portfolio at 375px');
    expect(problems).toEqual([]);
  });

  it('lets the scheme administrator read the scheme, see a bad file’s problems by path, and review and publish a new version', async () => {
    const { page, problems } = await env.open();
    await signIn(page, SCHEME_ADMIN);
    await nav(page, 'Scheme');
    await page.getByRole('heading', { name: 'Levels', exact: true }).waitFor();
    const h1 = (await text(page.getByRole('heading', { level: 1 }))).trim();
    expect(await page.title()).toBe(`${h1} – Guildhall`);
    await page.getByRole('table', { name: /qualifications and certifications/ }).getByRole('cell', { name: 'ITIL 4 Foundation', exact: true }).waitFor();
    await expectAccessible(page, 'scheme page');

    const original = JSON.parse(fs.readFileSync(path.join(root, 'schemes/itsm-default.json'), 'utf8'));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guildhall-scheme-'));
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ ...original, version: '2027.1', categories: original.categories.map((c: object, i: number) => (i === 0 ? { ...c, cap: -5 } : c)) }));
    await page.getByLabel('Scheme file').setInputFiles(bad);
    await page.getByRole('button', { name: 'Upload and compare' }).click();
    await page.getByRole('alert').filter({ hasText: 'categories[0].cap' }).waitFor();
    await expectAccessible(page, 'scheme upload with problems');

    const next = path.join(dir, 'next.json');
    const levels = original.levels.map((l: { id: string; requirements: object }) => (l.id === 'member' ? { ...l, requirements: { ...l.requirements, minTotal: 200 } } : l));
    fs.writeFileSync(next, JSON.stringify({ ...original, version: '2027.1', levels }));
    await page.getByLabel('Scheme file').setInputFiles(next);
    await page.getByRole('button', { name: 'Upload and compare' }).click();
    await page.getByRole('heading', { name: 'Review of version 2027.1' }).waitFor();
    await page.getByText('requirements.minTotal 120 → 200').waitFor();
    const impact = page.getByRole('table', { name: /eligible for each level/ });
    const memberRow = impact.getByRole('row', { name: /^Member/ });
    await memberRow.waitFor();
    expect(await text(memberRow)).toMatch(/−\d+/);
    await expectAccessible(page, 'scheme version review');

    await page.getByRole('button', { name: 'Publish version 2027.1' }).click();
    const confirm = page.getByRole('dialog', { name: 'Publish version 2027.1?' });
    await confirm.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Version 2027.1 is published' }).waitFor();
    await page.getByText('2027.1 (number 2)').waitFor();

    // The framework as CASE JSON: download the one in force, import it unchanged, and the review shows no changes.
    const caseSection = page.getByRole('region', { name: 'Responsibility and skills framework (CASE)' });
    const [download] = await Promise.all([page.waitForEvent('download'), caseSection.getByRole('link', { name: /Download the framework/ }).click()]);
    const casePath = path.join(dir, 'case.json');
    await download.saveAs(casePath);
    expect(JSON.parse(fs.readFileSync(casePath, 'utf8')).CFItems.length).toBeGreaterThan(7);
    await caseSection.getByLabel('CASE framework file').setInputFiles(casePath);
    await caseSection.getByRole('button', { name: 'Import and compare' }).click();
    await caseSection.getByRole('heading', { name: 'Review of version 2027.1+case.3' }).waitFor();
    await caseSection.getByText('This version has the same content as the one in force.').waitFor();
    await expectAccessible(page, 'CASE framework review');
    fs.rmSync(dir, { recursive: true, force: true });
    expect(problems).toEqual([]);
  });
});
