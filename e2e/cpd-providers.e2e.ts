// The scheme administrator manages approved CPD providers on a demo site: finds the page in the navigation,
// approves a provider (after a form error), adds an activity code (after an error) and a user in dialogs,
// removes the user, suspends the provider with a reason and reactivates it. Dialogs are opened and filled by
// keyboard; axe on the page and on each dialog; the page at 375 px.
import { describe, expect, it } from 'vitest';
import { expectAccessible, expectNoHorizontalScroll, hasChromium, heading1 } from './support/browser.js';
import { journeyEnvironment, signIn } from './support/journey.js';
import { nav } from './support/api.js';

const SCHEME_ADMIN = 'scheme@demo.guildhall.test';
const USER = 'employer@demo.guildhall.test';

describe.skipIf(!hasChromium)('CPD providers in Chromium (demo data)', () => {
  const env = journeyEnvironment({ smtp: false, demo: true });

  it('approves a provider, adds a code and a user, removes the user, suspends and reactivates it', async () => {
    const { page, problems } = await env.open();
    page.on('dialog', (d) => void d.accept());
    await signIn(page, SCHEME_ADMIN);
    await nav(page, 'CPD providers');
    await heading1(page, 'CPD providers');
    await page.getByRole('heading', { name: /Guildhall Events/ }).waitFor();
    await expectAccessible(page, 'CPD providers');

    // Approving with nothing filled in: a focused summary that names each field.
    await page.getByRole('button', { name: 'Approve provider' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
    await summary.getByRole('link', { name: /^Name: Give the provider’s name/ }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
    await expectAccessible(page, 'CPD providers, approve form with errors');
    await page.getByLabel('Name', { exact: true }).fill('Service Academy');
    await page.getByLabel('Short name').fill('service-academy');
    await page.getByLabel('Contact e-mail (optional)').fill('courses@academy.example.org');
    await page.getByLabel('Short name').press('Enter');
    await page.getByRole('status').getByText('Service Academy is approved.', { exact: false }).waitFor();
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /^Service Academy/ }) });
    await card.getByText('No codes yet', { exact: false }).waitFor();

    // An activity code, in a dialog opened and filled by keyboard.
    await card.getByRole('button', { name: 'Add a code to Service Academy' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Add an activity code: Service Academy' });
    await dialog.waitFor();
    await dialog.getByLabel('Code').fill('SA-101');
    await dialog.getByLabel('Title').fill('Service design foundations');
    await dialog.getByLabel('Hours').fill('7.1');
    await dialog.getByLabel('Hours').press('Enter');
    await dialog.getByRole('alert').getByRole('link', { name: /^Hours: / }).waitFor();
    await expectAccessible(page, 'Add an activity code dialog with an error');
    await dialog.getByLabel('Hours').fill('7.5');
    await dialog.getByLabel('Hours').press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await card.getByText('SA-101').waitFor();
    expect(await card.textContent()).toContain('Service design foundations, 7.5 hours');
    // Focus comes back to the button that opened the dialog.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Add a code to Service Academy');

    // A user who imports for it.
    await card.getByRole('button', { name: 'Add a user to Service Academy' }).click();
    const userDialog = page.getByRole('dialog', { name: 'Add a user: Service Academy' });
    await userDialog.getByLabel('E-mail address of their account').fill('nobody@example.org');
    await userDialog.getByRole('button', { name: 'Add user' }).click();
    await userDialog.getByRole('alert').getByText('No account has this e-mail address').waitFor();
    await expectAccessible(page, 'Add a user dialog with an error');
    await userDialog.getByLabel('E-mail address of their account').fill(USER);
    await userDialog.getByRole('button', { name: 'Add user' }).click();
    await userDialog.waitFor({ state: 'detached' });
    await card.getByText(`(${USER})`).waitFor();
    await expectAccessible(page, 'CPD providers with a new provider');

    await card.getByRole('button', { name: `Remove ${USER} from Service Academy` }).click();
    await page.getByRole('status').getByText(`${USER} no longer imports for Service Academy.`).waitFor();
    await card.getByText('No users yet.').waitFor();

    // Suspended with a reason, then approved again.
    await card.getByRole('button', { name: 'Suspend Service Academy' }).click();
    const suspend = page.getByRole('dialog', { name: 'Suspend: Service Academy' });
    await suspend.getByRole('button', { name: 'Suspend provider' }).click();
    await suspend.getByRole('alert').getByText(/Give the reason/).waitFor();
    await expectAccessible(page, 'Suspend dialog with an error');
    await suspend.getByLabel('Reason').fill('Accreditation under review');
    await suspend.getByRole('button', { name: 'Suspend provider' }).click();
    await suspend.waitFor({ state: 'detached' });
    await card.getByText('Suspended', { exact: true }).waitFor();
    await card.getByRole('button', { name: 'Reactivate Service Academy' }).click();
    await card.getByText('Approved', { exact: true }).waitFor();
    await expectAccessible(page, 'CPD providers after reactivating');
    expect(problems).toEqual([]);
  });

  it('fits a 375 px screen', async () => {
    const { page, problems } = await env.open({ width: 375, height: 812 });
    await signIn(page, SCHEME_ADMIN);
    await page.goto('/cpd/providers');
    await heading1(page, 'CPD providers');
    await page.getByRole('heading', { name: /Guildhall Events/ }).waitFor();
    await expectNoHorizontalScroll(page, 'CPD providers at 375 px');
    await expectAccessible(page, 'CPD providers at 375 px');
    expect(problems).toEqual([]);
  });
});
