// Importing an existing register on a demo site: the scheme administrator checks a CSV with a bad row and
// reads the report (nothing written), fixes it, imports it and follows the progress to the end; an imported
// holder opens the claim link from the real mail, chooses a password and is signed in. Axe on each page;
// the import page also at 375 px.
import { describe, expect, it } from 'vitest';
import { expectAccessible, expectNoHorizontalScroll, hasChromium, heading1 } from './support/browser.js';
import { journeyEnvironment, signIn } from './support/journey.js';
import { nav } from './support/api.js';

const SCHEME_ADMIN = 'scheme@demo.guildhall.test';
const HOLDER = 'imported.holder@example.org';
const header = 'name,email,level,awarded_on,review_on,external_id,cpd_cycle_start';
const csv = (rows: string[]) => Buffer.from(`${header}\r\n${rows.join('\r\n')}\r\n`);
const rows = (level: string) => [
  `Imogen Holder,${HOLDER},member,2016-04-01,2030-04-01,OLD-0001,`,
  `Laurence Lapsed,lapsed.holder@example.org,associate,2014-01-15,2020-01-15,OLD-0002,`,
  `Wanda Wrong,wanda@example.org,${level},2018-09-01,2031-09-01,OLD-0003,`,
];

describe.skipIf(!hasChromium)('Importing an existing register in Chromium (demo data)', () => {
  const env = journeyEnvironment({ smtp: true, demo: true });

  it('checks a file with a bad row, imports the fixed file with progress, and a holder claims the account from the mail', async () => {
    const { page, problems } = await env.open({ width: 375, height: 800 });
    await signIn(page, SCHEME_ADMIN);
    await nav(page, 'Import register');
    await heading1(page, 'Import the register');
    await expectAccessible(page, 'Register import, empty');
    await expectNoHorizontalScroll(page, 'Register import at 375 px');

    // Nothing chosen: a focused summary that says what to do.
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByRole('alert').getByRole('link', { name: 'Choose the register’s CSV file' }).waitFor();

    // A bad row: the report names it and what to fix; no import is offered.
    const file = page.getByLabel('Register (CSV file)');
    await file.setInputFiles({ name: 'register-draft.csv', mimeType: 'text/csv', buffer: csv(rows('wizard')) });
    await page.getByRole('button', { name: 'Check the file' }).click();
    const report = page.getByRole('region', { name: /register-draft\.csv/ });
    await report.getByRole('heading', { name: 'register-draft.csv: Some rows have problems' }).waitFor();
    const table = report.getByRole('table', { name: 'Rows of the file, those with problems first' });
    expect(await table.getByRole('row').nth(1).textContent()).toMatch(/^4OLD-0003Wanda WrongwizardProblemlevel: Unknown level "wizard"/);
    expect(await report.getByRole('button', { name: /^Import/ }).count()).toBe(0);
    await expectAccessible(page, 'Register import, a row with a problem');

    // Fixed: every row can be imported; the import runs to the end with its progress shown.
    await file.setInputFiles({ name: 'register.csv', mimeType: 'text/csv', buffer: csv(rows('professional')) });
    await page.getByRole('button', { name: 'Check the file' }).click();
    const checked = page.getByRole('region', { name: /register\.csv/ });
    await checked.getByRole('heading', { name: 'register.csv: Checked: every row can be imported' }).waitFor();
    expect(await checked.getByText('Will be created (lapsed)').count()).toBe(1);
    await checked.getByRole('button', { name: 'Import 3 holders' }).click();
    const run = page.getByRole('region', { name: /^Import:/ });
    await run.getByRole('heading', { name: 'Import: Done' }).waitFor({ timeout: 30_000 });
    expect(await run.getByRole('definition').nth(1).textContent()).toBe('3');
    await expectAccessible(page, 'Register import done');
    expect(problems).toEqual([]);

    // The holder's claim link arrives by mail; choosing a password signs them in.
    const { link } = await env.smtp.waitForLink(HOLDER, /credential is now on Guildhall/, 0, 30_000);
    const h = await env.open();
    const url = new URL(link);
    await h.page.goto(`${url.pathname}${url.search}`);
    await heading1(h.page, 'Claim your account');
    await expectAccessible(h.page, 'Claim your account');
    await h.page.getByLabel('Password').fill('imogen picks a long passphrase');
    await h.page.getByRole('button', { name: 'Claim my account' }).click();
    await h.page.getByText('Your account is ready and you are signed in.').waitFor();
    const me = await h.page.request.get('/api/v1/me');
    expect(me.status()).toBe(200);
    expect((await me.json()).email).toBe(HOLDER);
    expect(h.problems).toEqual([]);
  });
});
