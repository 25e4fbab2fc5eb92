// A credential's public page as a visitor finds it (a shared link): the level, status and dates, the
// holder's name withheld while they are not listed, downloads, and "Add to LinkedIn" for the holder alone
// (who reaches all of it from Your credentials, each link clicked); the HTML itself
// carries Open Graph tags for link previews; by keyboard alone to the verification, which is valid;
// an unknown id says so; axe on each state and the page at 375 px; and with scripts off on a phone, the
// server's HTML alone shows the level, the status and the verdict, and the menu's links.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { expectAccessible, expectNoHorizontalScroll, hasChromium, heading1 } from './support/browser.js';
import { journeyEnvironment, signIn } from './support/journey.js';

/** A demo credential the issuing sweep has signed (it runs when the worker starts, then every minute). */
async function issuedDemoCredential(dataDir: string): Promise<{ id: string; level: string; email: string }> {
  const db = new Database(path.join(dataDir, 'guildhall.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const deadline = Date.now() + 90_000;
    for (;;) {
      const row = db
        .prepare(
          "SELECT c.id AS id, c.level_name AS level, u.email AS email FROM issued_credentials i JOIN credentials c ON c.id = i.credential_id JOIN users u ON u.id = c.holder_id LEFT JOIN register_listings r ON r.holder_id = c.holder_id WHERE c.status = 'active' AND COALESCE(r.listed, 0) = 0 ORDER BY c.id LIMIT 1",
        )
        .get() as { id: string; level: string; email: string } | undefined;
      if (row) return row;
      if (Date.now() > deadline) throw new Error('No demo credential was issued within 90 s');
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    db.close();
  }
}

describe.skipIf(!hasChromium)('a credential’s public page in Chromium', () => {
  const env = journeyEnvironment({ smtp: false, demo: true });

  it('shows the credential, links its downloads, carries Open Graph tags and leads to a valid verification by keyboard', async () => {
    const { id, level } = await issuedDemoCredential(env.server.dataDir);
    const html = await (await fetch(`${env.server.url}/credentials/${id}`, { headers: { accept: 'text/html' } })).text();
    expect(html).toMatch(new RegExp(`<meta property="og:title" content="${level}[^"]*" />`));
    expect(html).toContain(`<meta property="og:url" content="${env.server.url}/credentials/${id}" />`);
    const image = /<meta property="og:image" content="([^"]+\/share\.png\?v=[\w-]+)" \/>/.exec(html)?.[1];
    expect(image).toBeDefined();
    const png = Buffer.from(await (await fetch(image as string)).arrayBuffer());
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 630]);

    const { page, problems } = await env.open();
    await page.goto(`/credentials/${id}`);
    await page.getByRole('heading', { level: 1, name: new RegExp(`^${level}`) }).waitFor();
    expect(await page.title()).toMatch(new RegExp(`^${level}.* – credential – Guildhall$`));
    await expect.poll(() => page.locator('dl').textContent()).toMatch(/Not shown: the holder has not chosen to be listed/);
    expect(await page.locator('dl').textContent()).toContain(id);
    expect(await page.getByText('Active', { exact: true }).count()).toBe(1);
    const pdf = await page.getByRole('link', { name: 'Download the certificate (PDF)' }).getAttribute('href');
    const res = await fetch(`${env.server.url}${pdf}`);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await res.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    // A visitor may keep and check someone's credential, but not add it to their own profile.
    await page.getByRole('link', { name: 'Download the verifiable credential (VC-JWT)' }).waitFor();
    expect(await page.getByRole('link', { name: /Add to LinkedIn/ }).count()).toBe(0);
    await expectAccessible(page, 'credential page');

    // By keyboard: Tab from the top until the verification link has focus, then Enter.
    await page.locator('body').focus();
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      if (((await page.evaluate(() => document.activeElement?.textContent)) ?? '').includes('Verify this credential')) break;
    }
    await page.keyboard.press('Enter');
    await heading1(page, 'Verify a credential');
    await page.getByRole('region', { name: /Valid credential$/ }).waitFor();
    expect(problems).toEqual([]);
  });

  it('the holder reaches the public page, every download and "Add to LinkedIn" from their credentials', async () => {
    const { id, level, email } = await issuedDemoCredential(env.server.dataDir);
    const { page, problems } = await env.open();
    await signIn(page, email);
    await page.goto('/credentials');
    await heading1(page, 'Your credentials');
    const card = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: `Public page of this credential (${level})` }) });
    // The downloads: each link, clicked, delivers its file.
    for (const [name, check] of [
      ['Download the certificate (PDF)', (b: Buffer) => expect(b.subarray(0, 5).toString()).toBe('%PDF-')],
      ['Download the verifiable credential (JSON-LD, for a wallet)', (b: Buffer) => expect(JSON.parse(b.toString()).id).toMatch(new RegExp(id))],
      ['Download the verifiable credential (VC-JWT)', (b: Buffer) => expect(b.toString().split('.')).toHaveLength(3)],
    ] as const) {
      const link = card.getByRole('link', { name: `${name} (${level})` });
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      const file = await download.path();
      check(fs.readFileSync(file));
    }
    // LinkedIn's form, filled in for this credential (not followed: the journey stays on this machine).
    const linkedIn = new URL((await card.getByRole('link', { name: new RegExp(`^Add to LinkedIn profile \\(${level}\\)`) }).getAttribute('href')) ?? '');
    expect(linkedIn.hostname).toBe('www.linkedin.com');
    expect(linkedIn.searchParams.get('certId')).toBe(id);
    expect(linkedIn.searchParams.get('certUrl')).toBe(`${env.server.url}/credentials/${id}`);
    await expectAccessible(page, 'my credentials with their links');
    await card.getByRole('link', { name: `Public page of this credential (${level})` }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(`^${level}`) }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/credentials/${id}`);
    // There, signed in as the holder, "Add to LinkedIn" is offered.
    await page.getByRole('link', { name: /Add to LinkedIn profile/ }).waitFor();
    await expectAccessible(page, 'credential page seen by its holder');
    expect(problems).toEqual([]);
  });

  it('says so for an unknown id, and fits a 375 px screen', async () => {
    const { id } = await issuedDemoCredential(env.server.dataDir);
    const { page } = await env.open({ width: 375, height: 800 });
    await page.goto('/credentials/0190a5b2-7c1e-7abc-8def-0123456789ab');
    await heading1(page, 'Credential not found');
    expect(await page.getByRole('alert').textContent()).toMatch(/No credential has the id/);
    await expectAccessible(page, 'credential not found');
    await page.goto(`/credentials/${id}`);
    await page.getByRole('link', { name: 'Verify this credential' }).waitFor();
    // The page runs no app, only the enhance script: the menu is still a disclosure that Escape closes.
    const menu = page.getByRole('button', { name: 'Menu' });
    const register = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Register' });
    expect(await register.isVisible()).toBe(false);
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await register.waitFor();
    await page.keyboard.press('Escape');
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toMatch(/^Menu/);
    await expectNoHorizontalScroll(page, 'credential page at 375 px');
    await expectAccessible(page, 'credential page at 375 px');
  });

  it('is complete with scripts off on a phone: level, status, verdict and the menu, from the HTML alone', async () => {
    const { id, level } = await issuedDemoCredential(env.server.dataDir);
    const { page, problems } = await env.open({ width: 375, height: 800 }, { javaScriptEnabled: false });
    await page.goto(`/credentials/${id}`);
    await page.getByRole('heading', { level: 1, name: new RegExp(`^${level}`) }).waitFor();
    expect(await page.locator('dl').textContent()).toContain('Active');
    expect(await page.locator('.verdict-line').textContent()).toMatch(/^Valid credential Every check passed: the credential is genuine/);
    // No script opens the menu, so it stays open: its links are there to follow, the dead button is not.
    expect(await page.getByRole('button', { name: 'Menu' }).isVisible()).toBe(false);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Verify' }).click();
    await page.getByRole('heading', { level: 1, name: 'Verify a credential' }).waitFor();
    await page.goto(`/verify?credential=${id}`);
    await page.getByRole('region', { name: /Valid credential$/ }).waitFor();
    await expectNoHorizontalScroll(page, 'credential page at 375 px without scripts');
    expect(problems).toEqual([]);
  });
});
