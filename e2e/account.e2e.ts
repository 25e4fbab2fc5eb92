// Journeys for the account basics, in a real browser against a real server and SMTP peer:
// sign up → confirm from the e-mail → sign in (by keyboard) → account → sign out, and
// forgotten password → reset link from the e-mail → sign in with the new password.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  chromiumPath,
  expectAccessible,
  expectNoHorizontalScroll,
  expectVisibleFocus,
  hasChromium,
  heading1 as h1,
  requireBrowser,
  shotsDir as shots,
} from './support/browser.js';
import { PASSWORD, journeyEnvironment } from './support/journey.js';

const NEW_PASSWORD = 'a fresh lantern by the quay';

if (!hasChromium) {
  const how = requireBrowser ? 'GUILDHALL_E2E_REQUIRE=1, so this fails' : 'skipping the browser journeys';
  console.warn(`e2e: no Chromium at ${chromiumPath} (install Debian's chromium or set CHROMIUM_PATH); ${how}.`);
}

// Declared only when it must fail, so a normal run does not report a skipped test for it.
if (!hasChromium && requireBrowser) {
  describe('browser prerequisites', () => {
    it('has Chromium', () => {
      expect.fail(`No Chromium at ${chromiumPath}; install Debian's chromium or set CHROMIUM_PATH.`);
    });
  });
}

describe.skipIf(!hasChromium)('account journeys in Chromium', () => {
  const env = journeyEnvironment({ smtp: true });
  const open = env.open;

  it('sign up, confirm from the e-mail, sign in with the keyboard, see the account, sign out', async () => {
    const { page, problems } = await open();
    const email = 'ada.practitioner@example.org';
    const name = 'Ada Practitioner';

    await page.goto('/sign-up');
    await h1(page, 'Create an account');
    expect(await page.title()).toBe('Create an account – Guildhall');
    await expectAccessible(page, 'sign-up');
    await page.getByLabel('Full name').fill(name);
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await h1(page, 'Check your e-mail');
    await expect.poll(() => page.getByRole('status').filter({ hasText: email }).count()).toBeGreaterThan(0);

    // The link arrives by real SMTP and points at this site.
    const first = await env.smtp.waitForLink(email, /confirm your e-mail/i);
    expect(first.link.startsWith(`${env.server.url}/verify-email?token=`)).toBe(true);
    expect(first.mail.text).toContain(name);

    // Signing in before confirming explains why and offers a new link, which replaces the first.
    await page.goto('/sign-in');
    await h1(page, 'Sign in');
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(/confirm your e-mail address first/i).first().waitFor();
    await page.getByRole('button', { name: 'Send a new link' }).click();
    await page.getByRole('status').filter({ hasText: /new link/i }).waitFor();
    await expectAccessible(page, 'sign-in, address not confirmed');
    const second = await env.smtp.waitForLink(email, /confirm your e-mail/i, 1);
    expect(second.link).not.toBe(first.link);

    await page.goto(first.link);
    await h1(page, 'This link did not work');
    await expectAccessible(page, 'verify-email with a replaced link');

    await page.goto(second.link);
    await h1(page, 'E-mail address confirmed');
    await expectAccessible(page, 'verify-email');
    await page.getByRole('link', { name: 'Sign in to continue' }).click();
    await h1(page, 'Sign in');
    await expectAccessible(page, 'sign-in');

    // Keyboard only: a fresh load, the skip link is the first stop, then Tab to the e-mail field.
    await page.goto('/sign-in');
    await h1(page, 'Sign in');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to main content');
    await expectVisibleFocus(page, 'skip link');
    const emailField = page.getByLabel('E-mail address');
    for (let i = 0; i < 25 && !(await emailField.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
    expect(await emailField.evaluate((el) => el === document.activeElement), 'Tab reaches the e-mail field').toBe(true);
    await expectVisibleFocus(page, 'e-mail field');
    await page.keyboard.type(email);
    await page.keyboard.press('Tab');
    expect(await page.getByLabel('Password', { exact: true }).evaluate((el) => el === document.activeElement), 'Tab moves to the password').toBe(true);
    await page.keyboard.type(PASSWORD);
    const submit = page.getByRole('button', { name: 'Sign in' });
    for (let i = 0; i < 5 && !(await submit.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
    expect(await submit.evaluate((el) => el === document.activeElement), 'Tab reaches the Sign in button').toBe(true);
    await expectVisibleFocus(page, 'Sign in button');
    await page.keyboard.press('Enter');
    await h1(page, `Welcome, ${name}`);
    await expectAccessible(page, 'home (signed in)');

    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Account' }).click();
    await h1(page, 'Your account');
    expect(await page.title()).toBe('Your account – Guildhall');
    expect(await nav.getByRole('link', { name: 'Account' }).getAttribute('aria-current')).toBe('page');
    await page.getByText(email).first().waitFor();
    await expectAccessible(page, 'account');
    await page.screenshot({ path: path.join(shots, 'account-desktop.png'), fullPage: true });

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('status').filter({ hasText: 'You have signed out.' }).waitFor();
    await nav.getByRole('link', { name: 'Sign in' }).waitFor();
    await expectAccessible(page, 'home (signed out)');
    // The session is gone on the server too, not just forgotten by the page.
    expect((await page.request.get('/api/v1/me')).status()).toBe(401);
    expect(problems).toEqual([]);
  });

  it('fits a 375px phone screen without horizontal scrolling', async () => {
    const { page, problems } = await open({ width: 375, height: 812 });
    for (const [address, heading] of [
      ['/', 'Professional recognition, end to end'],
      ['/sign-up', 'Create an account'],
      ['/sign-in', 'Sign in'],
    ] as const) {
      await page.goto(address);
      // The home page shows a loading heading until the session is known: wait for the page's own.
      await page.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
      await expectNoHorizontalScroll(page, address);
    }
    // Errors make forms longer and wider (long messages); they must still fit.
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    await expectNoHorizontalScroll(page, '/sign-in with errors');
    await expectAccessible(page, 'sign-in with errors (phone)');
    await page.screenshot({ path: path.join(shots, 'sign-in-phone.png'), fullPage: true });
    expect(problems).toEqual([]);
  });

  it('after five failed attempts, sign-in is locked for a while and the page says so plainly', async () => {
    const { page, problems } = await open();
    await page.goto('/sign-in');
    await h1(page, 'Sign in');
    const summary = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'There is a problem' }) });
    /** One failed attempt; resolves with the sign-in answer's status once the page has shown it. */
    const attempt = async (expected: RegExp) => {
      await page.getByLabel('E-mail address').fill('nobody.here@example.org');
      await page.getByLabel('Password', { exact: true }).fill('not the right password');
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/sign-in')),
        page.getByRole('button', { name: 'Sign in' }).click(),
      ]);
      await summary.filter({ hasText: expected }).waitFor();
      return res.status();
    };
    for (let i = 0; i < 5; i++) expect(await attempt(/e-mail address or password is incorrect/i)).toBe(401);
    expect(await attempt(/too many failed attempts.*15 minutes/i)).toBe(429);
    await expectAccessible(page, 'sign-in locked');
    expect(problems).toEqual([]);
  });

  it('runs under the strict CSP, and the journeys would notice a violation', async () => {
    const { page, problems } = await open();
    const res = await page.goto('/');
    expect(res?.status(), 'a fresh load of / serves the app').toBe(200);
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(problems).toEqual([]);
    // An inline style is what a careless change would add; the policy refuses it and the watcher reports it.
    await page.evaluate(() => {
      const style = document.createElement('style');
      style.textContent = 'body { outline: 1px solid red; }';
      document.head.append(style);
    });
    await expect.poll(() => problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatch(/^CSP: /);
  });

  it('an unknown address gets a helpful page; an unknown API route gets the JSON error', async () => {
    const { page } = await open();
    await page.goto('/no-such-page');
    await h1(page, 'Page not found');
    expect(await page.title()).toBe('Page not found – Guildhall');
    await page.getByRole('link', { name: /home page/i }).waitFor();
    await expectAccessible(page, '404');
    const api = await page.request.get('/api/v1/no-such-route');
    expect(api.status()).toBe(404);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });

  it('forgotten password: reset link from the e-mail, then sign in with the new password', async () => {
    const email = 'grace.member@example.org';
    const name = 'Grace Member';
    await env.confirmedAccount(email, name);
    const { page, problems } = await open();

    await page.goto('/sign-in');
    await page.getByRole('link', { name: /forgotten your password/i }).click();
    await h1(page, 'Reset your password');
    await expectAccessible(page, 'forgot-password');
    await page.getByLabel('E-mail address').fill(email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.getByRole('status').filter({ hasText: /link/i }).waitFor();

    const { link } = await env.smtp.waitForLink(email, /reset your guildhall password/i);
    expect(link.startsWith(`${env.server.url}/reset-password?token=`)).toBe(true);
    await page.goto(link);
    await h1(page, 'Choose a new password');
    await expectAccessible(page, 'reset-password');
    await page.getByLabel('New password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await h1(page, 'Sign in');
    await page.getByRole('status').filter({ hasText: 'Your password has been changed' }).waitFor();

    // The old password no longer works, and the failure is reported in the focused error summary.
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent ?? '')).toContain('There is a problem');
    await expectAccessible(page, 'sign-in with a wrong password');

    await page.getByLabel('Password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await h1(page, `Welcome, ${name}`);

    // The reset link is single-use.
    await page.goto(link);
    await h1(page, 'Choose a new password');
    await page.getByLabel('New password').fill('yet another long passphrase');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText(/expired or was already used/i).first().waitFor();
    expect(problems).toEqual([]);
  });
});
