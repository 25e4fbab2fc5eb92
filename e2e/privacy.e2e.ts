// Privacy on a demo site, at 375 px and by keyboard: a member opens "Your data" from the account page,
// withdraws from news by e-mail (the record stays, with its date), asks for an archive of their data, follows its progress and downloads it by the link (a ZIP); a scheme
// administrator erases another member with a reason, reads what was deleted and what was kept, and sees
// the erasure listed and the retention dry run; axe on each page.
import { describe, expect, it } from 'vitest';
import { demoMembers } from '../server/demo/people.js';
import { DEMO_HOLDER_EMAIL, DEMO_MEMBER_EMAIL } from '../server/demo/seed.js';
import { expectAccessible, expectNoHorizontalScroll, hasChromium, heading1 } from './support/browser.js';
import { journeyEnvironment, signIn } from './support/journey.js';

const PHONE = { width: 375, height: 800 };

describe.skipIf(!hasChromium)('privacy in Chromium (demo data)', () => {
  const env = journeyEnvironment({ smtp: false, demo: true });

  it('a member downloads an archive of their data: progress, then the link', async () => {
    const { page, problems } = await env.open(PHONE);
    await signIn(page, DEMO_MEMBER_EMAIL);
    await page.goto('/account');
    await heading1(page, 'Your account');
    await page.getByRole('link', { name: 'What you agreed to, and a copy of all your data' }).click();
    await heading1(page, 'Your data');
    await page.getByRole('region', { name: 'What you agreed to' }).waitFor();
    await expectAccessible(page, 'privacy page');
    await expectNoHorizontalScroll(page, 'privacy page at 375 px');

    // The demo member agreed to news by e-mail a month ago; withdrawing, by keyboard, keeps the record with its date.
    const consents = page.getByRole('region', { name: 'What you agreed to' });
    await consents.getByText(/News and offers by e-mail: agreed .*, in force/).waitFor();
    await consents.getByRole('button', { name: 'Stop news by e-mail' }).press('Enter');
    await page.getByRole('status').filter({ hasText: 'You will no longer get news by e-mail.' }).waitFor();
    await consents.getByText(/News and offers by e-mail: agreed .*, withdrawn /).waitFor();

    const archive = page.getByRole('region', { name: 'A copy of all your data' });
    await archive.getByRole('button', { name: 'Make an archive of my data' }).press('Enter');
    // The job reports its steps; the page shows them until the link replaces the bar.
    const link = archive.getByRole('link', { name: /Download your archive/ });
    await Promise.race([archive.getByRole('progressbar').waitFor(), link.waitFor()]);
    await link.waitFor({ timeout: 30_000 });
    await expectAccessible(page, 'privacy page with the archive link');
    const href = (await link.getAttribute('href')) as string;
    expect(href).toMatch(/^\/api\/v1\/privacy\/exports\/.+\/archive\?token=/);
    const got = await page.evaluate(async (url) => {
      const r = await fetch(url);
      const bytes = new Uint8Array(await r.arrayBuffer());
      return { status: r.status, type: r.headers.get('content-type'), magic: String.fromCharCode(bytes[0] ?? 0, bytes[1] ?? 0), size: bytes.length };
    }, href);
    expect(got).toMatchObject({ status: 200, type: 'application/zip', magic: 'PK' });
    expect(got.size).toBeGreaterThan(1000);
    expect(problems).toEqual([]);
  });

  it('a scheme administrator erases a member, with the reason, and sees what was kept', async () => {
    const target = demoMembers().find((m) => m.email !== DEMO_HOLDER_EMAIL && m.verified)!;
    const { page, problems } = await env.open(PHONE);
    await signIn(page, 'scheme@demo.guildhall.test');
    await page.goto('/admin/privacy');
    await heading1(page, 'Privacy');
    await page.getByRole('region', { name: 'Evidence retention (dry run)' }).getByText(/Evidence is kept for its CPD cycle plus 12 months/).waitFor();
    await expectAccessible(page, 'privacy administration');
    await expectNoHorizontalScroll(page, 'privacy administration at 375 px');

    const form = page.getByRole('region', { name: 'Erase a member' });
    // Without the confirmation the form says what to fix.
    await form.getByLabel('E-mail address').fill(target.email);
    await form.getByLabel('Reason').fill('Request by e-mail of 1 December 2026');
    await form.getByRole('button', { name: 'Erase this member' }).press('Enter');
    await page.getByText('Tick this box to confirm').first().waitFor();
    await form.getByLabel(/I have checked this is the right person/).check();
    await form.getByRole('button', { name: 'Erase this member' }).press('Enter');
    const done = form.getByRole('status').filter({ hasText: 'Erased: now' });
    await done.waitFor();
    expect(await done.textContent()).toMatch(/fees/);
    const listed = page.getByRole('region', { name: 'Erasures' });
    await listed.getByRole('cell', { name: 'Request by e-mail of 1 December 2026' }).waitFor();
    await expectAccessible(page, 'privacy administration after an erasure');
    expect(await page.getByRole('main').textContent()).not.toContain(target.name);
    expect(problems).toEqual([]);
  });
});
