// The scheme administrator's reports on a demo site: the staff menu leads to /admin/reports, which draws its charts from
// the demo data, each with a sentence and the table of its numbers, and downloads a table as CSV with the same
// rows; a period that ends before it starts is refused in words. Keyboard: Tab reaches the links to each report
// and then the tables. Axe at full width and at 375 px, with no sideways scrolling.
import { describe, expect, it } from 'vitest';
import { expectAccessible, expectNoHorizontalScroll, expectVisibleFocus, hasChromium, heading1 } from './support/browser.js';
import { journeyEnvironment, signIn } from './support/journey.js';
import { nav } from './support/api.js';

const ADMIN = 'scheme@demo.guildhall.test';

describe.skipIf(!hasChromium)('Reports in Chromium (demo data)', () => {
  const env = journeyEnvironment({ smtp: false, demo: true });

  it('shows every report with a chart, a summary and a table, and downloads the CSV', async () => {
    const { page, problems } = await env.open();
    await signIn(page, ADMIN);
    await nav(page, 'Reports');
    await heading1(page, 'Reports');
    const holders = page.getByRole('region', { name: 'Holders by level' });
    await holders.getByRole('table').waitFor();
    // Eight reports, each with its table; the demo's holders, applications and assessors draw pictures.
    await expect.poll(() => page.getByRole('main').getByRole('table').count()).toBe(8);
    for (const name of ['Holders by level', 'Register growth', 'Application funnel', 'Assessor load and turnaround']) {
      const region = page.getByRole('region', { name });
      expect(await region.locator('svg').count(), `${name} draws a chart`).toBe(1);
      const caption = (await region.getByRole('figure').textContent()) ?? '';
      expect(caption.length, `${name} says what its chart shows`).toBeGreaterThan(30);
    }
    expect(await holders.getByRole('figure').textContent()).toMatch(/holders \(/);
    const rows = await holders.getByRole('row').count();
    expect(rows).toBe(13); // the header and twelve months
    await expectAccessible(page, 'reports page');

    // The CSV is the table: same header, same number of rows.
    const link = page.getByRole('link', { name: 'Download holders by level (CSV)' });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^holders-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
    const res = await page.request.get((await link.getAttribute('href')) ?? '');
    expect(res.status()).toBe(200);
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines).toHaveLength(rows);
    const header = await holders.getByRole('columnheader').allTextContents();
    expect(lines[0]).toBe(header.join(','));

    // Keyboard: from Show, Tab goes through the eight links to the reports, then into the first table (scrollable).
    await page.getByRole('button', { name: 'Show' }).focus();
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Holders by level');
    await expectVisibleFocus(page, 'link to the first report');
    for (let i = 0; i < 8; i++) await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-labelledby'))).toBe('report-holders-cap');

    // A period backwards is refused in words.
    await page.getByLabel('From', { exact: true }).fill('2026-05-01');
    await page.getByLabel('To', { exact: true }).fill('2026-04-01');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByRole('alert').filter({ hasText: 'starts (2026-05-01) after it ends (2026-04-01)' }).waitFor();
    expect(problems).toEqual([]);
  });

  it('fits a 375 px screen without sideways scrolling', async () => {
    const { page, problems } = await env.open({ width: 375, height: 812 });
    await signIn(page, ADMIN);
    await page.goto('/admin/reports');
    await heading1(page, 'Reports');
    await page.getByRole('region', { name: 'Application funnel' }).getByRole('table').waitFor();
    await expectNoHorizontalScroll(page, 'reports at 375 px');
    await expectAccessible(page, 'reports at 375 px');
    expect(problems).toEqual([]);
  });
});
