// An organisation from the start: a scheme administrator creates it and its first administrator is invited by
// e-mail; she accepts, fills in the details, confirms the organisation's domain by the mailed link and invites
// a colleague; anyone reads the public profile. Axe runs on every page; the settings fit a phone screen.
import { describe, expect, it } from 'vitest';
import { nav, said } from './support/api.js';
import { expectAccessible, expectNoHorizontalScroll, hasChromium, heading1 } from './support/browser.js';
import { PASSWORD, journeyEnvironment, signIn } from './support/journey.js';

const SCHEME_ADMIN = 'scheme@demo.guildhall.test';
const ADMIN = { email: 'ana@tailspin.example', name: 'Ana Lopez' };
const pathOf = (link: string) => {
  const u = new URL(link);
  return u.pathname + u.search;
};

describe.skipIf(!hasChromium)('an organisation is created, joined, confirmed and shown (Chromium)', () => {
  const env = journeyEnvironment({ smtp: true, demo: true });

  it('from the staff page to the public profile', async () => {
    await env.confirmedAccount(ADMIN.email, ADMIN.name);

    // The scheme administrator creates the organisation.
    const staff = await env.open();
    await signIn(staff.page, SCHEME_ADMIN);
    await nav(staff.page, 'Organisations');
    await heading1(staff.page, 'Organisations');
    await staff.page.getByLabel('Organisation name').fill('Tailspin Toys');
    await staff.page.getByLabel('Country').fill('GB');
    await staff.page.getByLabel('First administrator’s e-mail').fill(ADMIN.email);
    await staff.page.getByRole('button', { name: 'Create' }).click();
    await said(staff.page, 'Tailspin Toys is created');
    await staff.page.getByRole('list', { name: 'Organisations' }).getByText('Tailspin Toys').waitFor();
    await expectAccessible(staff.page, 'staff organisations');

    // Ana accepts the invitation, signed in with the invited address.
    const { page, problems } = await env.open();
    await signIn(page, ADMIN.email, PASSWORD);
    const invite = await env.smtp.waitForLink(ADMIN.email, /Join Tailspin Toys/);
    await page.goto(pathOf(invite.link));
    await heading1(page, 'Join an organisation');
    await expectAccessible(page, 'invitation');
    await page.getByRole('button', { name: 'Accept the invitation' }).click();
    await page.getByRole('status').filter({ hasText: 'You have joined Tailspin Toys as Administrator' }).waitFor();
    await page.getByRole('link', { name: 'Go to the organisation' }).click();
    await heading1(page, 'Tailspin Toys: settings');
    const sections = page.getByRole('navigation', { name: 'Tailspin Toys: sections' });
    expect(await sections.getByRole('link', { name: 'Settings' }).getAttribute('aria-current')).toBe('page');
    await expectAccessible(page, 'organisation settings');

    // Details, by keyboard: the description, then Enter in a field submits the form.
    await page.getByLabel('About the organisation (optional)').fill('Toys for the whole family.');
    await page.getByLabel('Website (optional)').fill('https://tailspin.example');
    await page.getByLabel('Website (optional)').press('Enter');
    await said(page, 'The details are saved.');

    // A bad domain is explained beside the field; then the domain is confirmed through the mailed link.
    await page.getByLabel('Domain', { exact: true }).fill('not a domain');
    await page.getByLabel('Address on that domain').fill('it@tailspin.example');
    await page.getByRole('button', { name: 'Send the confirmation link' }).click();
    await page.getByRole('alert').filter({ hasText: 'There is a problem' }).getByText('Give a domain name such as example.com').first().waitFor();
    await expectAccessible(page, 'domain refused');
    await page.getByLabel('Domain', { exact: true }).fill('tailspin.example');
    await page.getByRole('button', { name: 'Send the confirmation link' }).click();
    await said(page, 'We have e-mailed a confirmation link to it@tailspin.example');
    const confirm = await env.smtp.waitForLink('it@tailspin.example', /Confirm tailspin.example/);
    await page.goto(pathOf(confirm.link));
    await heading1(page, 'Confirm an e-mail domain');
    await page.getByRole('button', { name: 'Confirm the domain' }).click();
    await page.getByRole('status').filter({ hasText: 'tailspin.example is confirmed' }).waitFor();
    await expectAccessible(page, 'domain confirmed');

    // A colleague is invited as HR.
    await page.getByRole('link', { name: 'Go to the organisation' }).click();
    await heading1(page, 'Tailspin Toys: settings');
    await page.getByRole('cell', { name: /Verified/ }).waitFor();
    await page.getByLabel('E-mail address').fill('hr@tailspin.example');
    await page.getByLabel('Role', { exact: true }).selectOption('hr');
    await page.getByRole('button', { name: 'Send the invitation' }).click();
    await said(page, 'An invitation is on its way to hr@tailspin.example.');
    await page.getByRole('listitem').filter({ hasText: 'hr@tailspin.example — HR' }).waitFor();
    await expectAccessible(page, 'settings with an invitation');

    await page.setViewportSize({ width: 375, height: 812 });
    await expectNoHorizontalScroll(page, 'organisation settings');

    // The public profile, from its link, and for a visitor without scripts as the server renders it.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByRole('link', { name: '/orgs/tailspin-toys' }).click();
    await heading1(page, 'Tailspin Toys');
    await page.getByText('Toys for the whole family.').waitFor();
    await expectAccessible(page, 'public profile');
    const visitor = await env.open(undefined, { javaScriptEnabled: false });
    await visitor.page.goto('/orgs/tailspin-toys');
    await visitor.page.getByRole('heading', { level: 1, name: 'Tailspin Toys' }).waitFor();
    expect(await visitor.page.locator('dl').textContent()).toContain('tailspin.example');
    expect(problems).toEqual([]);
  }, 300_000);
});
