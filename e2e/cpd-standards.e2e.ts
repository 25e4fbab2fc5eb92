// Keeping CPD standards on a demo site: the events organiser (a user of the demo provider "Guildhall Events")
// uploads a CSV with a wrong row and reads the per-row report (nothing credited), uploads a large file and
// sees its progress to the end, then a good file; the demo member sees the conference credited as verified
// on their CPD log, and their audits and export page. Axe on each page; the import page at 375 px.
import { describe, expect, it } from 'vitest';
import { expectAccessible, expectNoHorizontalScroll, hasChromium, heading1 } from './support/browser.js';
import { journeyEnvironment, signIn } from './support/journey.js';
import { nav } from './support/api.js';

const ORGANISER = 'organiser@demo.guildhall.test';
const MEMBER = 'member@demo.guildhall.test';
const today = new Date().toISOString().slice(0, 10);
const year = today.slice(0, 4);

const csv = (rows: string[]) => Buffer.from(`member_email,activity_code,date,hours,row_key\r\n${rows.join('\r\n')}\r\n`);

describe.skipIf(!hasChromium)('CPD imports and audits in Chromium (demo data)', () => {
  const env = journeyEnvironment({ smtp: false, demo: true });

  it('a provider uploads credits, sees the report and the progress; the member sees them verified', async () => {
    const { page, problems } = await env.open();
    await signIn(page, ORGANISER);
    await nav(page, 'CPD imports');
    await heading1(page, 'CPD imports');
    await page.getByText('Provider: Guildhall Events').waitFor();
    await expectAccessible(page, 'CPD imports, empty');

    // Nothing chosen: a field error and a focused summary.
    await page.getByRole('button', { name: 'Upload and check' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
    await summary.getByRole('link', { name: /CSV file: Choose a CSV file/ }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);

    // A file with a wrong row: rejected as a whole, every problem by row and column.
    const file = page.getByLabel('CSV file');
    await file.setInputFiles({ name: 'day1-draft.csv', mimeType: 'text/csv', buffer: csv([`${MEMBER},CONF${year}-D1,${today},,d1-1`, `nobody@example.org,CONF${year}-D1,${today},,d1-2`, `${MEMBER},NOPE,2999-01-01,,d1-3`]) });
    await page.getByRole('button', { name: 'Upload and check' }).click();
    const report = page.getByRole('region', { name: /day1-draft\.csv/ });
    await report.getByRole('heading', { name: 'day1-draft.csv: Rejected: nothing was credited' }).waitFor();
    const rows = report.getByRole('row');
    await expect.poll(() => rows.count()).toBe(4);
    expect(await rows.nth(1).textContent()).toMatch(/^3member_emailNo member has the e-mail address nobody@example.org/);
    expect(await rows.nth(2).textContent()).toMatch(/^4activity_code/);
    expect(await rows.nth(3).textContent()).toMatch(/^4date.*future/);
    await expectAccessible(page, 'CPD import rejected with its report');

    // A large file runs as a job: its progress shows, with text, until it is done.
    const big = Array.from({ length: 1500 }, (_, i) => `${MEMBER},WEBINAR,${today},0.25,web-${i}`);
    await file.setInputFiles({ name: 'webinars.csv', mimeType: 'text/csv', buffer: csv(big) });
    await page.getByRole('button', { name: 'Upload and check' }).click();
    const bigReport = page.getByRole('region', { name: /webinars\.csv/ });
    await bigReport.getByRole('progressbar', { name: /rows (checked|credited)/ }).waitFor();
    expect(await bigReport.getByText(/of 1,500 rows (checked|credited)/).count()).toBe(1);
    await bigReport.getByRole('heading', { name: 'webinars.csv: Done' }).waitFor({ timeout: 30_000 });
    expect(await bigReport.getByRole('definition').nth(1).textContent()).toBe('1500');
    await expectAccessible(page, 'CPD import done');

    // The good file: credited at once.
    await file.setInputFiles({ name: 'day1.csv', mimeType: 'text/csv', buffer: csv([`${MEMBER},CONF${year}-D1,${today},,d1-1`]) });
    await page.getByRole('button', { name: 'Upload and check' }).click();
    await page.getByRole('region', { name: /day1\.csv/ }).getByRole('heading', { name: 'day1.csv: Done' }).waitFor();
    await page.getByRole('table', { name: 'Recent imports, newest first' }).getByRole('row').nth(3).waitFor();
    expect(problems).toEqual([]);

    // The member sees the credit, marked verified, on their log.
    const m = await env.open();
    await signIn(m.page, MEMBER);
    await m.page.goto('/cpd');
    await heading1(m.page, 'Continual professional development');
    const credit = m.page.getByRole('listitem').filter({ hasText: `Annual conference ${year}, day 1` });
    await credit.getByText('Verified').waitFor();
    expect(await credit.textContent()).toContain('Guildhall Events');
    await expectAccessible(m.page, 'CPD log with a provider credit');
    await m.page.getByRole('link', { name: 'Audits and all exports' }).click();
    await heading1(m.page, 'CPD audits and export');
    await m.page.getByText('You have not been audited.').waitFor();
    expect(await m.page.getByRole('link', { name: 'Download as PDF' }).getAttribute('href')).toBe('/api/v1/me/cpd/export?format=pdf');
    await expectAccessible(m.page, 'CPD audits and export');
    const res = await m.page.request.get('/api/v1/me/cpd/export?format=csv');
    expect(res.status()).toBe(200);
    expect((await res.text()).split('\r\n')[0]).toMatch(/^date,type,title,hours/);
    expect(m.problems).toEqual([]);
  });

  it('fits a 375 px screen: the import page and its report without horizontal scrolling', async () => {
    const { page, problems } = await env.open({ width: 375, height: 812 });
    await signIn(page, ORGANISER);
    await page.goto('/cpd/imports');
    await heading1(page, 'CPD imports');
    await page.getByRole('button', { name: /day1-draft\.csv/ }).click();
    await page.getByRole('region', { name: /day1-draft\.csv/ }).getByRole('table').waitFor();
    await expectNoHorizontalScroll(page, 'CPD import report at 375 px');
    await expectAccessible(page, 'CPD import report at 375 px');
    expect(problems).toEqual([]);
  });
});
