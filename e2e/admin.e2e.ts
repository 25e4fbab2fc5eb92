// A system administrator's journey on a demo site whose mail stays in the development mailbox:
// sign in → find a member → grant a role → see it in the audit log → read mail in the mailbox;
// and, with a mail server that refuses an address, see the failed mail and re-send it.
import { describe, expect, it } from 'vitest';
import { expectAccessible, expectNoHorizontalScroll, hasChromium, heading1 } from './support/browser.js';
import { journeyEnvironment } from './support/journey.js';
import { nav } from './support/api.js';

// The demo sign-ins printed by `npm start` (server/demo/people.ts).
const DEMO_PASSWORD = 'guildhall-demo-2026';
const ADMIN = { email: 'admin@demo.guildhall.test', name: 'Sam Okafor', password: DEMO_PASSWORD };
const MEMBER = { email: 'member@demo.guildhall.test', name: 'Aisha Bello', password: DEMO_PASSWORD };

describe.skipIf(!hasChromium)('administration journey in Chromium (demo data, development mailbox)', () => {
  const env = journeyEnvironment({ smtp: false, demo: true });
  const open = env.open;

  it('grants a role, finds it in the audit log, and follows a link from the development mailbox', async () => {
    const { page, problems } = await open();
    await page.goto('/sign-in');
    await heading1(page, 'Sign in');
    await page.getByLabel('E-mail address').fill(ADMIN.email);
    await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: /^Welcome/ }).waitFor();

    await nav(page, 'Users');
    await heading1(page, 'Users and roles');
    await page.getByRole('listitem').filter({ hasText: MEMBER.email }).first().waitFor();
    await expectAccessible(page, 'admin users');

    await page.getByLabel('Name or e-mail').fill(MEMBER.name);
    await page.getByRole('button', { name: 'Search' }).click();
    const item = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: MEMBER.name }) });
    await item.waitFor();
    await item.getByLabel(`Role to grant to ${MEMBER.name}`).selectOption({ label: 'Assessor' });
    await item.getByRole('button', { name: `Grant role to ${MEMBER.name}` }).click();
    await page.getByRole('status').filter({ hasText: `Assessor role granted to ${MEMBER.name}` }).waitFor();
    await item.getByRole('button', { name: `Remove the Assessor role from ${MEMBER.name}` }).waitFor();
    await expectAccessible(page, 'admin users after a grant');

    await nav(page, 'Audit log');
    await heading1(page, 'Audit log');
    await page.getByText('role.granted').first().waitFor();
    await expectAccessible(page, 'audit log');
    // Names, not ids: who granted the role, to whom, and the details as labelled values.
    const grant = page.getByRole('row').filter({ hasText: 'role.granted' }).first();
    await grant.getByRole('link', { name: `Entries by ${ADMIN.name}` }).waitFor();
    await grant.getByRole('cell').filter({ hasText: /^Role\s*assessor$/ }).waitFor();
    await grant.getByRole('link', { name: `Entries about ${MEMBER.name}` }).click();
    await page.getByText(`Showing only entries about ${MEMBER.name}.`).waitFor();
    const rows = page.getByRole('row').filter({ has: page.getByRole('cell') });
    const every = (test: (text: string) => boolean) => async () => {
      const texts = await rows.allTextContents();
      return texts.length > 0 && texts.every(test);
    };
    await expect.poll(every((t) => t.includes(MEMBER.name))).toBe(true);
    // By keyboard: the person and the action family that did it.
    await page.getByLabel('Person').fill('okafor');
    await page.getByLabel('Action').fill('role.');
    await page.getByLabel('Action').press('Enter');
    await expect.poll(() => page.url()).toMatch(/actor=okafor/);
    await expect.poll(every((t) => t.includes(ADMIN.name) && /role\.(granted|revoked)/.test(t) && !t.includes('auth.'))).toBe(true);
    await expectAccessible(page, 'audit log filtered');
    await page.getByRole('link', { name: 'Show everyone and everything' }).click();
    // The form shows the filters still applied (the person typed, the action) before it is changed.
    await page.getByText('Showing only entries').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByLabel('Person').inputValue()).toBe('okafor');
    await page.getByLabel('Person').fill('nobody-by-this-name');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByText('No entries match.').waitFor();

    // Ask for a reset link for the member, then follow it from the development mailbox.
    // (Without the session cookie: cookie-authenticated writes would need the CSRF header.)
    const res = await fetch(`${env.server.url}/api/v1/auth/password-reset/request`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: MEMBER.email }),
    });
    expect(res.status).toBe(202);
    await nav(page, 'Mailbox');
    await heading1(page, 'Development mailbox');
    const subject = page.getByRole('link', { name: 'Reset your Guildhall password' }).first();
    await expect.poll(async () => {
      if (await subject.count()) return true;
      await page.reload();
      await heading1(page, 'Development mailbox');
      return false;
    }, { timeout: 15_000 }).toBe(true);
    await expectAccessible(page, 'development mailbox');
    await subject.click();
    await heading1(page, 'Reset your Guildhall password');
    await expectAccessible(page, 'mailbox message');
    await page.getByRole('link', { name: /\/reset-password\?token=/ }).click();
    await heading1(page, 'Choose a new password');

    // The administration pages fit a phone screen too.
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto('/admin/users');
    await heading1(page, 'Users and roles');
    await page.getByRole('listitem').filter({ hasText: MEMBER.email }).first().waitFor();
    await expectNoHorizontalScroll(page, '/admin/users');
    await page.goto('/admin/audit');
    await heading1(page, 'Audit log');
    await expectNoHorizontalScroll(page, '/admin/audit');
    expect(problems).toEqual([]);
  });

  it('keeps people without the role out of administration, and says so', async () => {
    const { page } = await open();
    await page.goto('/sign-in');
    await page.getByLabel('E-mail address').fill(MEMBER.email);
    await page.getByLabel('Password', { exact: true }).fill(MEMBER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: /^Welcome/ }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).count()).toBe(0);
    const answer = await page.request.get('/api/v1/admin/users');
    expect(answer.status()).toBe(403);
    await page.goto('/admin/users');
    await heading1(page, 'Not available to you');
    await page.getByText(/this page is for system administrators/i).waitFor();
    expect(await page.getByRole('listitem').filter({ hasText: ADMIN.email }).count()).toBe(0);
    await expectAccessible(page, 'admin users as a member');
  });

});

describe.skipIf(!hasChromium)('undelivered mail in Chromium (demo data, a mail server that refuses one address)', () => {
  let refusing = true;
  const env = journeyEnvironment({ smtp: true, demo: true, peer: { refuse: (_n, to) => refusing && to.includes(MEMBER.email) } });

  it('shows mail the server refused, with its reason, and re-sends it by keyboard once the cause is mended', async () => {
    const { page, problems } = await env.open();
    await page.goto('/sign-in');
    await heading1(page, 'Sign in');
    await page.getByLabel('E-mail address').fill(ADMIN.email);
    await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: /^Welcome/ }).waitFor();

    const res = await fetch(`${env.server.url}/api/v1/auth/password-reset/request`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: MEMBER.email }),
    });
    expect(res.status).toBe(202);

    await nav(page, 'Mail');
    await heading1(page, 'Undelivered mail');
    const row = page.getByRole('row').filter({ hasText: MEMBER.email });
    await expect.poll(async () => {
      if (await row.count()) return true;
      await page.reload();
      await heading1(page, 'Undelivered mail');
      return false;
    }, { timeout: 15_000 }).toBe(true);
    await row.getByText(/Refused by the mail server: .*550/).waitFor();
    await row.getByRole('cell', { name: 'Failed', exact: true }).waitFor();
    await expectAccessible(page, 'undelivered mail');

    refusing = false;
    const resend = row.getByRole('button', { name: `Re-send “Reset your Guildhall password” to ${MEMBER.email}` });
    await resend.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: `The message to ${MEMBER.email} is queued again.` }).waitFor();
    await env.smtp.waitForLink(MEMBER.email, /Reset your Guildhall password/, 0, 15_000);
    await page.reload();
    await heading1(page, 'Undelivered mail');
    await page.getByText('No undelivered mail.').waitFor();
    await expectAccessible(page, 'undelivered mail, all delivered');
    expect(problems).toEqual([]);
  });
});
