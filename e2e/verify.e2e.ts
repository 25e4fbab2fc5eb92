// Verifying a credential as a visitor: the nav link → /verify; an empty submit names the field; a
// pasted credential of another issuer (did:key) is valid; the same with one field changed is not, with
// the signature check named; a pasted presentation shows its own checks and each credential's verdict;
// a demo credential by ?credential=<id> (the certificate's QR code) is valid and ours; a link given by
// keyboard alone; the holder's baked badge picture (PNG) uploaded by keyboard is valid and ours; demo mode's
// sample of another issuer whose status list is out of reach, pasted by keyboard, is "Status unknown"; axe
// on each state, and the page at 375 px.
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createDocumentLoader } from '../server/modules/credentials/document-loader.js';
import { foreignCredential, foreignKey } from '../server/modules/credentials/verifying/foreign.fixtures.js';
import { signCredential } from '../server/modules/credentials/issuing/sign.js';
import { expectAccessible, expectNoHorizontalScroll, expectVisibleFocus, hasChromium, heading1 } from './support/browser.js';
import { journeyEnvironment } from './support/journey.js';

/** A demo credential the issuing sweep has signed (it runs when the worker starts, then every minute). */
async function issuedDemoCredential(dataDir: string): Promise<string> {
  const db = new Database(path.join(dataDir, 'guildhall.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const deadline = Date.now() + 90_000;
    for (;;) {
      const row = db.prepare("SELECT i.credential_id AS id FROM issued_credentials i JOIN credentials c ON c.id = i.credential_id WHERE c.status = 'active' LIMIT 1").get() as { id: string } | undefined;
      if (row) return row.id;
      if (Date.now() > deadline) throw new Error('No demo credential was issued within 90 s');
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    db.close();
  }
}

const verdict = (page: Page) => page.getByRole('region', { name: /^[✓✗!?]?\s*(Valid credential|Not valid|Status unknown|Signature valid, issuer not confirmed)$/ });
const check = (page: Page, name: string) => page.getByRole('listitem').filter({ has: page.getByText(name, { exact: true }) });

describe.skipIf(!hasChromium)('verifying a credential in Chromium', () => {
  const env = journeyEnvironment({ smtp: false, demo: true });

  it('verifies a pasted credential, names the failing check of a tampered one, and verifies ours by id', async () => {
    const key = await foreignKey();
    const signed = await signCredential(foreignCredential(key.controller), key, { documentLoader: createDocumentLoader(), created: new Date('2026-01-01T00:00:00Z') });
    const { page, problems } = await env.open();

    await page.goto('/');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Verify' }).click();
    await heading1(page, 'Verify a credential');
    expect(await page.title()).toBe('Verify a credential – Guildhall');
    await expectAccessible(page, 'verify page');

    // Nothing pasted: the summary names the field and takes focus.
    await page.getByRole('button', { name: 'Verify' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
    await summary.getByRole('link', { name: /^Credential: Paste a credential/ }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
    await expectAccessible(page, 'verify page with an error');

    await page.getByLabel('Credential', { exact: true }).fill(JSON.stringify(signed, null, 2));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { level: 2, name: /Valid credential/ }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('verdict-title');
    expect(await verdict(page).textContent()).toMatch(/Every check passed/);
    expect(await check(page, 'Signature').textContent()).toMatch(/^Passed Signature/);
    expect(await verdict(page).textContent()).toContain(key.controller);
    await expectAccessible(page, 'a valid pasted credential');

    const tampered = { ...signed, credentialSubject: { ...(signed['credentialSubject'] as object), alumniOf: { name: 'Another University' } } };
    await page.getByLabel('Credential', { exact: true }).fill(JSON.stringify(tampered));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { level: 2, name: /Not valid/ }).waitFor();
    const signature = await check(page, 'Signature').textContent();
    expect(signature).toMatch(/^Failed Signature/);
    expect(signature).toMatch(/changed after it was signed/);
    expect(await check(page, 'Dates').textContent()).toMatch(/^Passed/);
    expect(await verdict(page).textContent()).toMatch(/2 of 5 checks failed/) // the issuer check needs a valid signature;
    await expectAccessible(page, 'a tampered credential');

    // A presentation pasted: its own checks (no holder proof: a warning), then each credential's verdict.
    const presentation = { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], verifiableCredential: [signed, tampered] };
    await page.getByLabel('Credential', { exact: true }).fill(JSON.stringify(presentation));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { level: 2, name: 'Not valid: 1 of 2 credentials failed' }).waitFor();
    expect(await check(page, 'Holder’s proof').textContent()).toMatch(/^Warning Holder’s proof.*no proof/);
    await page.getByRole('heading', { level: 3, name: /^Credential 1.*: Valid credential$/ }).waitFor();
    await page.getByRole('heading', { level: 3, name: /^Credential 2.*: Not valid$/ }).waitFor();
    await expectAccessible(page, 'a pasted presentation');

    // The certificate's QR code: ?credential=<id> verifies at once.
    const id = await issuedDemoCredential(env.server.dataDir);
    await page.goto(`/verify?credential=${id}`);
    await page.getByRole('heading', { level: 2, name: /Valid credential/ }).waitFor();
    expect(await verdict(page).textContent()).toMatch(/\(this body\)/);
    expect(await check(page, 'Revocation and suspension').textContent()).toMatch(/^Passed.*Not revoked/);
    await expectAccessible(page, 'our credential by id');
    expect(problems).toEqual([]);
  });

  it('works by keyboard alone and at 375 px', async () => {
    const { page, problems } = await env.open({ width: 375, height: 800 });
    const id = await issuedDemoCredential(env.server.dataDir);
    await page.goto('/verify');
    await heading1(page, 'Verify a credential');
    await expectNoHorizontalScroll(page, 'verify page at 375 px');

    // Radios move with the arrow keys; the link field appears and Enter submits.
    await page.getByLabel('Paste the credential or presentation (JSON or VC-JWT)').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await page.getByLabel('Give a link to a credential of this body').isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('verify-url');
    await expectVisibleFocus(page, 'the link field');
    await page.keyboard.type(`${env.server.url}/credentials/${id}`);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 2, name: /Valid credential/ }).waitFor();
    await expectNoHorizontalScroll(page, 'a verdict at 375 px');
    await expectAccessible(page, 'a verdict at 375 px');
    expect(problems).toEqual([]);
  });

  it('pastes a demo sample of another issuer by keyboard: a status list out of reach is "Status unknown"', async () => {
    const { page, problems } = await env.open();
    // Reached through the app's navigation, the page has no samples of its own and offers to load them.
    await page.goto('/');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Verify' }).click();
    await heading1(page, 'Verify a credential');
    const samples = page.getByRole('region', { name: 'Samples from other issuers (demo)' });
    await samples.getByRole('link', { name: /Load this page with samples/ }).click();
    const button = samples.getByRole('button', { name: /^Paste this sample\s*: A status list out of reach$/ });
    await button.waitFor();
    expect(await samples.getByRole('button', { name: /^Paste this sample/ }).count()).toBe(7);
    await expectAccessible(page, 'the demo samples');

    await button.focus();
    await expectVisibleFocus(page, 'a sample’s paste button');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('verify-text');
    const pasted = JSON.parse(await page.getByLabel('Credential', { exact: true }).inputValue()) as { credentialStatus: { statusListCredential: string } };
    expect(pasted.credentialStatus.statusListCredential).toMatch(/^https:\/\//);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Verify');
    const started = Date.now();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 2, name: /Status unknown/ }).waitFor();
    // The status list is refused at once: no wait for a network timeout.
    expect(Date.now() - started).toBeLessThan(3_000);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('verdict-title');
    expect(await check(page, 'Revocation and suspension').textContent()).toMatch(/^Unknown Revocation and suspension.*Status unknown: .*could not be loaded/);
    expect(await check(page, 'Signature').textContent()).toMatch(/^Passed Signature.*ecdsa-rdfc-2019/);
    await expectAccessible(page, 'a sample with its status unknown');
    expect(problems).toEqual([]);
  });

  it('verifies the holder’s baked badge picture uploaded by keyboard', async () => {
    const id = await issuedDemoCredential(env.server.dataDir);
    const download = await fetch(`${env.server.url}/api/v1/credentials/${id}/download?format=png`);
    expect(download.status).toBe(200);
    const png = Buffer.from(await download.arrayBuffer());
    const { page, problems } = await env.open();
    await page.goto('/verify');
    await heading1(page, 'Verify a credential');

    // The upload radio by arrow key; Tab reaches the file input (a native control: Enter or Space opens
    // the system's file chooser, which the test stands in for by setting the file on the focused input).
    await page.getByLabel('Paste the credential or presentation (JSON or VC-JWT)').focus();
    await page.keyboard.press('ArrowDown');
    expect(await page.getByLabel('Upload a file (.json, .jwt, or a badge picture .png or .svg)').isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('verify-file');
    await expectVisibleFocus(page, 'the file input');
    await expectAccessible(page, 'the upload field');
    await page.locator('#verify-file').setInputFiles({ name: 'badge.png', mimeType: 'image/png', buffer: png });
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Verify');
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { level: 2, name: /Valid credential/ }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('verdict-title');
    const words = await verdict(page).textContent();
    expect(words).toMatch(/Every check passed/);
    expect(words).toMatch(/\(this body\)/);
    expect(words).not.toContain('undefined');
    expect(await check(page, 'Signature').textContent()).toMatch(/^Passed Signature/);
    await expectAccessible(page, 'a verdict on a baked badge');

    // A picture without a credential: the page says so at the field.
    await page.locator('#verify-file').setInputFiles({ name: 'plain.svg', mimeType: 'image/svg+xml', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>') });
    await page.getByRole('button', { name: 'Verify' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
    await summary.getByText(/no baked credential/).first().waitFor();
    await expectAccessible(page, 'a picture without a credential');
    expect(problems).toEqual([]);
  });
});
