// The public register on a demo site: a member who holds a credential opts in to the register (off until
// then) and shows their country; a visitor who is not signed in finds them by the start of their family
// name typed without its apostrophe's capital, sees the credential and its status, pages nothing, and
// gets a plain "no results" message for a name nobody has; an unlisted holder's credential id leads to its
// verification instead; the listing setting is on the account page; /applications/new without a level
// offers the levels with the member's eligibility; axe on each page; the register at 375 px. The server
// renders the register (the app hydrates it without a mismatch): with more holders of one name than a
// page holds, the next page is a link the app follows in place, and with JavaScript off the form and
// that link work as plain HTML.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoMembers } from '../server/demo/people.js';
import { DEMO_HOLDER_EMAIL } from '../server/demo/seed.js';
import { expectAccessible, expectNoHorizontalScroll, hasChromium, heading1, hydrated } from './support/browser.js';
import { journeyEnvironment, signIn } from './support/journey.js';
import { listNamesakes } from './support/register.js';

// The generated demo member who holds Professional (server/demo/seed.ts); the apostrophe in the name
// (Elena O'Brien) exercises name folding.
const HOLDER = demoMembers().find((m) => m.email === DEMO_HOLDER_EMAIL);

describe.skipIf(!hasChromium)('the public register in Chromium (demo data)', () => {
  const env = journeyEnvironment({ smtp: false, demo: true });

  it('a member opts in; a signed-out visitor finds them by name', async () => {
    expect(HOLDER?.name, 'the demo holder is Elena O’Brien').toBe("Elena O'Brien");
    const holder = HOLDER!;

    // Not listed until they choose: a visitor finds nobody.
    const visitor = await env.open();
    await visitor.page.goto(`/register?q=${encodeURIComponent('o’br')}`);
    await heading1(visitor.page, 'Public register');
    await visitor.page.getByText('No listed holder matches this search.').waitFor();
    await expectAccessible(visitor.page, 'register with no results');

    // The member's own credential id, searched for while they are unlisted: no name, but its verification.
    const { page, problems } = await env.open();
    await signIn(page, holder.email);
    const credentialId = (await page.evaluate(() => fetch('/api/v1/credentials/mine').then((r) => r.json()))).credentials[0].id as string;
    await visitor.page.goto(`/register?credentialId=${credentialId}`);
    await heading1(visitor.page, 'Public register');
    const verifyLink = visitor.page.getByRole('link', { name: `Verify credential ${credentialId}` });
    await verifyLink.waitFor();
    expect(await visitor.page.getByRole('main').textContent()).not.toContain(holder.name);
    await expectAccessible(visitor.page, 'register: an unlisted holder’s credential id');
    await verifyLink.click();
    await heading1(visitor.page, 'Verify a credential');
    expect(new URL(visitor.page.url()).searchParams.get('credential')).toBe(credentialId);

    // The account page holds the listing setting the home page promises; from there the member opts in, by keyboard.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Account' }).click();
    await heading1(page, 'Your account');
    const registerSection = page.getByRole('region', { name: 'Public register' });
    await registerSection.getByText('You are not listed in the public register.').waitFor();
    await expectAccessible(page, 'account page with the register listing');
    await registerSection.getByRole('link', { name: 'Choose whether you are listed, and see how you appear' }).click();
    await heading1(page, 'Your register listing');
    await page.getByText('You do not appear in the register.').waitFor();
    const listed = page.getByLabel(/List me in the public register/);
    expect(await listed.isChecked()).toBe(false);
    await expectAccessible(page, 'listing page, not listed');
    await listed.focus();
    await page.keyboard.press('Space');
    await page.getByLabel(/Show my country/).check();
    await page.getByRole('button', { name: 'Save my choice' }).press('Enter');
    await page.getByRole('status').filter({ hasText: 'You are listed in the public register' }).waitFor();
    const preview = page.getByRole('region', { name: 'How you appear' });
    await preview.getByRole('heading', { name: holder.name }).waitFor();
    await preview.getByText('Professional', { exact: true }).waitFor();
    await expectAccessible(page, 'listing page, listed');

    // The visitor searches by keyboard: lower case, no apostrophe, only the start of the family name.
    await visitor.page.goto('/register');
    await heading1(visitor.page, 'Public register');
    await hydrated(visitor.page);
    const name = visitor.page.getByLabel('Name', { exact: true });
    await name.fill('obri');
    await name.press('Enter');
    const results = visitor.page.getByRole('region', { name: 'Results' });
    const item = results.getByRole('listitem').filter({ has: visitor.page.getByRole('heading', { name: holder.name }) });
    await item.waitFor();
    expect(await item.textContent()).toMatch(/Professional \(PITSMG\).*Active/);
    expect(await item.textContent()).not.toContain('@');
    expect(await item.getByRole('link', { name: /View credential/ }).getAttribute('href')).toMatch(/^\/credentials\/[0-9a-f-]{36}$/);
    expect(visitor.page.url()).toContain('q=obri');
    await expectAccessible(visitor.page, 'register with a result');

    // A name nobody has, and a search with nothing in it, explain themselves.
    await name.fill('zzyzx');
    await name.press('Enter');
    await visitor.page.getByText('No listed holder matches this search.').waitFor();
    await name.fill('');
    await visitor.page.getByRole('button', { name: 'Search the register' }).click();
    await visitor.page.getByRole('alert').filter({ hasText: 'There is a problem' }).getByRole('link', { name: /Enter a name/ }).waitFor();
    await expectAccessible(visitor.page, 'register with an empty search');

    // Apply without a level in the address: every level, with the member's eligibility, to choose from.
    await page.goto('/applications/new');
    await heading1(page, 'Apply for a level');
    const choices = page.locator('.level-choices > li');
    await choices.first().waitFor();
    expect(await choices.count()).toBeGreaterThan(1);
    for (const text of await choices.allTextContents()) expect(text).toMatch(/Eligible|Not yet eligible/);
    await expectAccessible(page, 'choosing a level to apply for');
    // The holder of Professional is eligible for at least one level; its link opens that application.
    await page.getByRole('link', { name: /^Apply for / }).first().click();
    await page.getByRole('heading', { level: 1, name: /^Apply for (?!a level)/ }).waitFor();
    expect(new URL(page.url()).searchParams.get('level')).toBeTruthy();
    expect(problems).toEqual([]);
    // Hydration mismatches are reported as page errors.
    expect(visitor.problems).toEqual([]);
  });

  it('pages through a long result: a link the app follows in place, and plain HTML without JavaScript', async () => {
    const names = await listNamesakes(env.server.dataDir, 'Ashdown', 21);
    const results = (p: Page) => p.getByRole('region', { name: /^Results/ });
    const visitor = await env.open();
    const documents: string[] = [];
    visitor.page.on('request', (r) => {
      if (r.resourceType() === 'document') documents.push(r.url());
    });
    await visitor.page.goto('/register?q=ashdown');
    await heading1(visitor.page, 'Public register');
    await hydrated(visitor.page);
    expect(await results(visitor.page).getByRole('heading', { level: 3 }).allTextContents()).toEqual(names.slice(0, 20));
    await visitor.page.getByRole('link', { name: 'Next page' }).click();
    await results(visitor.page).getByRole('heading', { name: names[20] }).waitFor();
    await visitor.page.getByRole('heading', { level: 2, name: 'Results, page 2' }).waitFor();
    expect(new URL(visitor.page.url()).searchParams.get('page')).toBe('2');
    expect(documents, 'the app pages without loading the page again').toHaveLength(1);
    await expectAccessible(visitor.page, 'register, page 2');
    await visitor.page.goBack();
    await results(visitor.page).getByRole('heading', { name: names[0] }).waitFor();
    expect(visitor.problems).toEqual([]);

    // Without JavaScript the server's HTML is the whole register: a GET form, and a link to the next page.
    const plain = await env.open(undefined, { javaScriptEnabled: false });
    await plain.page.goto('/register');
    await plain.page.getByRole('heading', { level: 1, name: 'Public register' }).waitFor();
    await plain.page.getByLabel('Name', { exact: true }).fill('ashd');
    await plain.page.getByLabel('Country').fill('gb');
    await plain.page.getByRole('button', { name: 'Search the register' }).click();
    await plain.page.getByRole('status').filter({ hasText: '20 holders, more on the next page.' }).waitFor();
    expect(await results(plain.page).getByRole('heading', { level: 3 }).allTextContents()).toEqual(names.slice(0, 20));
    expect(new URL(plain.page.url()).searchParams.get('q')).toBe('ashd');
    await plain.page.getByRole('link', { name: 'Next page' }).click();
    await plain.page.getByRole('heading', { level: 2, name: 'Results, page 2' }).waitFor();
    expect(await results(plain.page).getByRole('heading', { level: 3 }).allTextContents()).toEqual([names[20]]);
    expect(new URL(plain.page.url()).searchParams.get('cursor')).toBeTruthy();
    // A mistake is explained beside its field, as the app would.
    await plain.page.getByLabel('Country').fill('G1');
    await plain.page.getByRole('button', { name: 'Search the register' }).click();
    await plain.page.getByRole('alert').filter({ hasText: 'There is a problem' }).getByRole('link', { name: /Use a two-letter country code/ }).waitFor();
    expect(plain.problems).toEqual([]);
  });

  it('works at 375 px', async () => {
    const { page, problems } = await env.open({ width: 375, height: 800 });
    await page.goto('/register?level=professional');
    await heading1(page, 'Public register');
    await page.getByRole('region', { name: 'Results' }).getByRole('listitem').first().waitFor();
    await expectNoHorizontalScroll(page, 'register at 375px');
    await expectAccessible(page, 'register at 375px');
    await signIn(page, HOLDER!.email);
    await page.goto('/account/register');
    await heading1(page, 'Your register listing');
    await page.getByRole('region', { name: 'How you appear' }).getByRole('heading', { name: HOLDER!.name }).waitFor();
    await expectNoHorizontalScroll(page, 'listing page at 375px');
    await expectAccessible(page, 'listing page at 375px');
    expect(problems).toEqual([]);
  });
});
