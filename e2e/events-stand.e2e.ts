// An exhibiting organisation's stand, run by its own administrator: on a phone, Contoso's admin opens the
// Stands section of the organisation's pages, sees the demo conference's stand with its staff and tickets,
// adds one of Contoso's confirmed staff by keyboard and sees the ticket reference on the page, is told
// what to fix when adding someone else without an address, adds them, and releases them again. Axe runs
// on every state of the page.
import { describe, expect, it } from 'vitest';
import { refusedWith, said } from './support/api.js';
import { expectAccessible, expectNoHorizontalScroll, expectVisibleFocus, hasChromium, heading1 } from './support/browser.js';
import { journeyEnvironment, signIn } from './support/journey.js';

const ADMIN = { email: 'contoso@demo.guildhall.test', name: 'Jordan Reyes' };

describe.skipIf(!hasChromium)("an organisation runs its stand's staff (Chromium)", () => {
  const env = journeyEnvironment({ smtp: false, demo: true });

  it('adds a member of staff, sees their ticket, and releases someone', async () => {
    const { page, problems } = await env.open({ width: 375, height: 740 });
    await signIn(page, ADMIN.email);
    await page.goto('/organisations');
    const sections = page.getByRole('navigation', { name: /sections/ });
    const link = sections.getByRole('link', { name: 'Stands', exact: true });
    await link.focus();
    await expectVisibleFocus(page, 'Stands link');
    await link.press('Enter');
    await heading1(page, 'Stands at events');
    const stand = page.getByRole('region', { name: /: stand / }).first();
    await stand.getByText(`ticket `).first().waitFor();
    await stand.getByText(ADMIN.name).first().waitFor();
    await stand.getByRole('link', { name: 'Download the leads (CSV)' }).waitFor();
    await expectAccessible(page, 'stands page');
    await expectNoHorizontalScroll(page, 'stands page at 375 px');

    // One of Contoso's confirmed staff, chosen from the list and added by keyboard.
    const who = stand.getByLabel('Who');
    const options = await who.locator('option').allTextContents();
    const employee = options.find((o) => /\(.+@.+\)/.test(o) && !o.includes(ADMIN.email));
    if (!employee) throw new Error(`no one to choose among ${options.join('; ')}`);
    await who.selectOption({ label: employee });
    const name = employee.replace(/ \(.*$/, '');
    await who.focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const status = page.getByRole('status').filter({ hasText: `${name} is on the stand with ticket` });
    await status.waitFor();
    const reference = /ticket ([A-Z0-9]{4}-[A-Z0-9]{4})/.exec((await status.textContent()) ?? '')?.[1];
    expect(reference).toBeTruthy();
    const row = stand.getByRole('listitem').filter({ hasText: name });
    await row.getByText(`ticket ${reference}`).waitFor();
    await row.getByText('Not checked in').waitFor();
    await expectAccessible(page, 'stands page with a new member of staff');

    // Someone without an account: the address is asked for, then their name and address make a light account.
    await who.selectOption({ label: 'Someone else (type their details)' });
    await stand.getByRole('button', { name: /Add to the stand/ }).click();
    await refusedWith(page, /e-mail address/i);
    await expectAccessible(page, 'add staff refused');
    await stand.getByLabel('Their e-mail address').fill('sam.booth@contoso-stand.example');
    await stand.getByLabel('Their name (if they have no account yet)').fill('Sam Booth');
    await stand.getByLabel('Their name (if they have no account yet)').press('Enter');
    await said(page, 'Sam Booth is on the stand with ticket');
    const sam = stand.getByRole('listitem').filter({ hasText: 'Sam Booth' });
    await sam.getByText('sam.booth@contoso-stand.example').waitFor();

    // Released: two steps, and the ticket made for the stand is cancelled.
    await sam.getByRole('button', { name: 'Release Sam Booth' }).click();
    await sam.getByRole('button', { name: 'Confirm: release Sam Booth and cancel their ticket' }).click();
    await said(page, 'Sam Booth is released from the stand; their exhibitor ticket is cancelled.');
    await expect.poll(() => stand.getByRole('listitem').filter({ hasText: 'Sam Booth' }).count()).toBe(0);
    await expectAccessible(page, 'stands page after a release');
    await expectNoHorizontalScroll(page, 'stands page after a release at 375 px');

    expect(problems).toEqual([]);
  });
});
