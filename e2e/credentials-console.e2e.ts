// The credentials console on a demo site: the scheme administrator finds a demo credential by its holder's
// address from the staff menu, suspends it with a reason by keyboard, and a visitor's verification of it
// fails as suspended at once; revoking asks for confirmation first; reinstating makes it valid again. The
// system administrator sees the issuer keys with what each signed. Axe on each page; the credential at 375 px.
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible, expectNoHorizontalScroll, hasChromium, heading1 } from './support/browser.js';
import { journeyEnvironment, signIn } from './support/journey.js';
import { nav, refusedWith, said } from './support/api.js';

const SCHEME_ADMIN = 'scheme@demo.guildhall.test';
const SYSTEM_ADMIN = 'admin@demo.guildhall.test';

/** An active demo credential the issuing sweep has signed, with its holder. */
async function signedCredential(dataDir: string): Promise<{ id: string; level: string; email: string; name: string }> {
  const db = new Database(path.join(dataDir, 'guildhall.sqlite'), { readonly: true, fileMustExist: true });
  const sql =
    "SELECT c.id AS id, c.level_name AS level, u.email AS email, u.name AS name FROM issued_credentials i JOIN credentials c ON c.id = i.credential_id JOIN users u ON u.id = c.holder_id WHERE c.status = 'active' ORDER BY u.email, c.id LIMIT 1";
  try {
    for (const deadline = Date.now() + 90_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 500))) {
      const row = db.prepare(sql).get() as { id: string; level: string; email: string; name: string } | undefined;
      if (row) return row;
    }
    throw new Error('No demo credential was signed within 90 s');
  } finally {
    db.close();
  }
}

/** What a visitor's verification of the credential says, as its headline. */
async function verdictOf(page: Page, id: string): Promise<string> {
  await page.goto(`/verify?credential=${encodeURIComponent(id)}`);
  const region = page.getByRole('region', { name: /(Valid credential|Not valid|Status unknown)$/ });
  await region.waitFor();
  return (await region.getAttribute('aria-label')) ?? (await region.getByRole('heading').first().textContent()) ?? '';
}

describe.skipIf(!hasChromium)('the credentials console in Chromium (demo data)', () => {
  const env = journeyEnvironment({ smtp: false, demo: true });

  it('a scheme administrator suspends a credential, the public verification says so, and reinstates it', async () => {
    const c = await signedCredential(env.server.dataDir);
    const visitor = await env.open();
    expect(await verdictOf(visitor.page, c.id)).toMatch(/Valid credential$/);

    const { page, problems } = await env.open();
    await signIn(page, SCHEME_ADMIN);
    await nav(page, 'Manage credentials');
    await heading1(page, 'Manage credentials');
    await page.getByRole('table', { name: 'Credentials found' }).waitFor();
    await expectAccessible(page, 'credentials console');

    // Find by the holder's address, by keyboard.
    await page.getByLabel('Holder’s name or e-mail, or credential id').fill(c.email);
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: /^Showing 1–\d+ of \d+ credentials?\.$/ }).waitFor();
    const row = page.getByRole('row').filter({ hasText: c.email }).filter({ hasText: c.level }).first();
    await row.getByRole('link', { name: c.name }).focus();
    await page.keyboard.press('Enter');
    await heading1(page, `${c.level}: ${c.name}`);
    await page.getByRole('heading', { name: 'History' }).waitFor();
    expect(await page.getByRole('list').filter({ hasText: 'Signed and issued' }).count()).toBe(1);
    await expectAccessible(page, 'a credential in the console');

    // Suspend (the first choice) with a reason, by keyboard.
    expect(await page.getByRole('radio', { name: 'Suspend' }).isChecked()).toBe(true);
    await page.getByLabel('Reason (sent to the holder)').focus();
    await page.keyboard.type('Complaint under investigation');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await said(page, 'The credential is suspended. The holder has been e-mailed the reason.');
    await page.getByRole('list').filter({ hasText: 'Status changed from active to suspended' }).getByText('Reason: Complaint under investigation').waitFor();
    expect(await verdictOf(visitor.page, c.id)).toMatch(/Not valid$/);
    await visitor.page.getByText(/suspended/).first().waitFor();
    await visitor.page.goto(`/credentials/${c.id}`);
    await visitor.page.getByText('Suspended', { exact: true }).first().waitFor();

    // Revoking asks for confirmation first; without it nothing changes.
    await page.getByRole('radio', { name: 'Revoke (final)' }).check();
    await page.getByText('Revoking is final: a revoked credential can never be reinstated.').waitFor();
    await page.getByLabel('Reason (sent to the holder)').fill('Testing the confirmation');
    await page.getByRole('button', { name: 'Revoke the credential for good' }).click();
    await refusedWith(page, /Confirm that the revocation is final/);
    await expectAccessible(page, 'revocation refused without confirmation');

    // Reinstate: valid again for everyone.
    await page.getByRole('radio', { name: 'Reinstate' }).check();
    await page.getByLabel('Reason (sent to the holder)').fill('Complaint dismissed');
    await page.getByRole('button', { name: 'Reinstate the credential' }).click();
    await said(page, 'The credential is reinstated. The holder has been e-mailed the reason.');
    expect(await verdictOf(visitor.page, c.id)).toMatch(/Valid credential$/);
    expect(problems).toEqual([]);
    expect(visitor.problems).toEqual([]);
  });

  it('fits a 375 px screen: a credential in the console without horizontal scrolling', async () => {
    const c = await signedCredential(env.server.dataDir);
    const { page, problems } = await env.open({ width: 375, height: 812 });
    await signIn(page, SCHEME_ADMIN);
    await page.goto(`/admin/credentials/${c.id}`);
    await heading1(page, `${c.level}: ${c.name}`);
    await expectNoHorizontalScroll(page, 'a credential in the console at 375 px');
    await expectAccessible(page, 'a credential in the console at 375 px');
    expect(problems).toEqual([]);
  });

  it('a system administrator sees the issuer keys and what each signed', async () => {
    const { page, problems } = await env.open();
    await signIn(page, SYSTEM_ADMIN);
    await nav(page, 'Issuer keys');
    await heading1(page, 'Issuer keys');
    const key1 = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /^Key 1/ }) });
    await key1.getByText('Signs now').waitFor();
    expect(await key1.textContent()).toMatch(/[1-9]\d* credentials?/);
    await expectAccessible(page, 'issuer keys');
    await page.getByRole('button', { name: 'Add a new signing key' }).click();
    await page.getByRole('dialog', { name: 'Add a new signing key?' }).getByRole('button', { name: 'Add the key' }).click();
    await said(page, /Key 2 was added and signs new credentials from now on/);
    await page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /^Key 2/ }) }).getByText('Signs now').waitFor();
    expect(problems).toEqual([]);
  });
});
