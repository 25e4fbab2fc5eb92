// The framework credentials align to, as a stranger following an alignment finds it: no sign-in, a
// readable page on a phone with each item at its fragment, axe-clean, and the JSON one keyboard step away.
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { expectAccessible, expectNoHorizontalScroll, hasChromium } from './support/browser.js';
import { journeyEnvironment } from './support/journey.js';

describe.skipIf(!hasChromium)('the public framework page in Chromium', () => {
  const env = journeyEnvironment({ smtp: false, demo: true });

  it('opens without sign-in at 375 px, lands on the aligned item, and leads to the JSON by keyboard', async () => {
    const db = new Database(path.join(env.server.dataDir, 'guildhall.sqlite'), { readonly: true, fileMustExist: true });
    const scheme = db.prepare('SELECT id FROM schemes ORDER BY id LIMIT 1').get() as { id: string };
    db.close();
    const target = `/api/v1/schemes/${scheme.id}/framework/case`;
    const pkg = (await (await fetch(`${env.server.url}${target}`, { headers: { accept: 'application/json' } })).json()) as { CFDocument: { title: string }; CFItems: Array<{ identifier: string; CFItemType?: string }> };
    const level = pkg.CFItems.find((i) => i.CFItemType === 'Responsibility Level');
    expect(level).toBeDefined();

    const { page, problems } = await env.open({ width: 375, height: 812 });
    await page.goto(`${target}#${level?.identifier}`);
    await page.getByRole('heading', { level: 1, name: pkg.CFDocument.title }).waitFor();
    const item = page.locator(`article[id="${level?.identifier}"]`);
    await item.getByRole('heading', { level: 3 }).waitFor();
    await expect.poll(() => page.evaluate(() => decodeURIComponent(location.hash.slice(1)))).toBe(level?.identifier);
    await expectAccessible(page, 'public framework');
    await expectNoHorizontalScroll(page, target);

    const link = page.getByRole('link', { name: 'Download the framework as JSON' });
    await link.focus();
    const [answer] = await Promise.all([page.waitForResponse((r) => r.url().includes('format=json')), page.keyboard.press('Enter')]);
    expect(answer.headers()['content-type']).toMatch(/^application\/json/);
    expect(problems).toEqual([]);
  });
});
