// The header for someone with every staff role, on a demo site: at 1280 px one row, with the staff pages
// grouped behind a Staff button (aria-expanded; opened by keyboard, Escape closes it and returns focus);
// at 375 px a Menu button opens the whole menu; on every page exactly one link is the current page
// (CPD and the CPD staff pages are never both marked); axe on each state.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiSession, grantRole, nav } from './support/api.js';
import { expectAccessible, expectNoHorizontalScroll, hasChromium, heading1 } from './support/browser.js';
import { journeyEnvironment, signIn } from './support/journey.js';

const STAFF = 'scheme@demo.guildhall.test'; // scheme administrator (and member); made system administrator too

const currentLinks = (page: Page) => page.locator('header a[aria-current="page"]').evaluateAll((all) => all.map((a) => a.textContent));
const headerHeight = (page: Page) => page.locator('header.site-header').evaluate((h) => h.getBoundingClientRect().height);
const expanded = (page: Page, name: string) => page.getByRole('button', { name, exact: true }).getAttribute('aria-expanded');

describe.skipIf(!hasChromium)('the site navigation in Chromium (demo data)', () => {
  const env = journeyEnvironment({ smtp: false, demo: true });

  it('at 1280 px: one row, a Staff group by keyboard, exactly one current link', async () => {
    const admin = await apiSession(env.server.url, 'admin@demo.guildhall.test');
    await grantRole(admin, STAFF, 'system_admin');
    const { page, problems } = await env.open({ width: 1280, height: 900 });
    await signIn(page, STAFF);
    // One row: the header is no taller than its tallest item plus its padding.
    const brand = await page.locator('.brand').evaluate((b) => b.getBoundingClientRect());
    const items = await page.locator('header .site-nav > ul > li, header .header-user').evaluateAll((all) => all.map((e) => e.getBoundingClientRect().top));
    for (const top of items) expect(Math.abs(top - items[0]!)).toBeLessThan(brand.height);
    expect(await headerHeight(page)).toBeLessThan(90);
    expect(await page.getByRole('button', { name: 'Menu' }).isVisible()).toBe(false);
    await expect.poll(() => currentLinks(page)).toEqual(['Home']);

    // The Staff group by keyboard: Enter opens it, Escape closes it and focus returns to the button.
    const staff = page.getByRole('button', { name: 'Staff', exact: true });
    await staff.focus();
    await page.keyboard.press('Enter');
    expect(await expanded(page, 'Staff')).toBe('true');
    const list = page.locator('#nav-staff');
    expect(await list.getByRole('link').allTextContents()).toEqual([
      'Assess',
      'CPD audits',
      'Audit draw',
      'Organise events',
      'CPD imports',
      'CPD providers',
      'Scheme',
      'Manage credentials',
      'Issuer keys',
      'Import register',
      'Reports',
      'Organisations',
      'Reported messages',
      'Privacy',
      'Users',
      'Audit log',
      'Mail',
    ]);
    await expectAccessible(page, 'header with the Staff group open at 1280 px');
    await page.keyboard.press('Escape');
    expect(await expanded(page, 'Staff')).toBe('false');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Staff');
    expect(await list.isVisible()).toBe(false);

    // CPD and the CPD staff pages: one current link each time.
    await nav(page, 'CPD audits');
    await heading1(page, 'CPD audit review');
    await expect.poll(() => currentLinks(page)).toEqual(['CPD audits']);
    await nav(page, 'CPD');
    await heading1(page, 'Continual professional development');
    await expect.poll(() => currentLinks(page)).toEqual(['CPD']);
    await nav(page, 'CPD providers');
    await page.waitForURL('**/cpd/providers');
    await page.waitForFunction(() => !document.querySelector('main .loading'));
    await expect.poll(() => currentLinks(page)).toEqual(['CPD providers']);
    expect(await page.getByRole('button', { name: 'Staff', exact: true }).getAttribute('class')).toContain('nav-group-current');
    await expectAccessible(page, 'a staff page at 1280 px');
    expect(problems).toEqual([]);
  });

  it('at 375 px: a Menu button opens and closes the whole menu', async () => {
    const { page, problems } = await env.open({ width: 375, height: 800 });
    await signIn(page, STAFF);
    const menu = page.getByRole('button', { name: 'Menu' });
    await menu.waitFor();
    expect(await expanded(page, 'Menu')).toBe('false');
    expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false);
    // Closed, the header is one row: the brand and the button.
    expect(await headerHeight(page)).toBeLessThan(80);
    await expectNoHorizontalScroll(page, 'home at 375 px, menu closed');
    await expectAccessible(page, 'home at 375 px, menu closed');

    await menu.focus();
    await page.keyboard.press('Enter');
    expect(await expanded(page, 'Menu')).toBe('true');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Portfolio' }).waitFor();
    await expectNoHorizontalScroll(page, 'menu open at 375 px');
    await expectAccessible(page, 'menu open at 375 px');
    await page.keyboard.press('Escape');
    expect(await expanded(page, 'Menu')).toBe('false');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Menu');

    // A staff page through the menu and the Staff group; the menu closes on arrival.
    await nav(page, 'Scheme');
    await page.waitForURL('**/scheme');
    await expect.poll(() => expanded(page, 'Menu')).toBe('false');
    await expect.poll(() => currentLinks(page)).toEqual(['Scheme']);
    await expectAccessible(page, 'a staff page at 375 px');
    expect(problems).toEqual([]);
  });
});
