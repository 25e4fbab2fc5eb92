// An integrator's journey on a phone: create an API token with scopes (asked for the password), copy it
// once, use it as a Bearer token, then revoke it; a password change revokes the others and names them.
import { describe, expect, it } from 'vitest';
import { expectAccessible, expectNoHorizontalScroll, hasChromium, heading1 as h1 } from './support/browser.js';
import { PASSWORD, journeyEnvironment } from './support/journey.js';

describe.skipIf(!hasChromium)('API token journey in Chromium', () => {
  const env = journeyEnvironment({ smtp: true });

  it('API tokens on a phone: created with scopes, shown once and copied, usable as Bearer, then revoked', async () => {
    const email = 'lin.integrator@example.org';
    await env.confirmedAccount(email, 'Lin Integrator');
    const { page, context, problems } = await env.open({ width: 375, height: 812 });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.url });

    await page.goto('/sign-in');
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await h1(page, 'Welcome, Lin Integrator');
    await page.goto('/account');
    await h1(page, 'Your account');

    await page.getByLabel('Token name').fill('CPD importer');
    await page.getByLabel(/Log CPD activities/).check();
    // Without the current password the form says what is missing, beside the field.
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByText('Enter your current password').first().waitFor();
    await expectAccessible(page, 'token form missing the password (phone)');
    await page.getByLabel('Your current password').fill('not my password at all');
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByText('Incorrect password').first().waitFor();
    await page.getByLabel('Your current password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByRole('status').filter({ hasText: 'Token “CPD importer” created' }).waitFor();
    const token = await page.getByLabel('New API token').inputValue();
    expect(token).toMatch(/^gh_/);
    await page.getByRole('button', { name: 'Copy token' }).click();
    await page.getByRole('status').filter({ hasText: 'Copied to the clipboard.' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
    await expectAccessible(page, 'account with a new token (phone)');
    await expectNoHorizontalScroll(page, '/account with a token');

    // The token works for an integration, within its scopes.
    const me = await fetch(`${env.server.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { email: string }).email).toBe(email);

    // Shown once: after "stored" and a reload only its prefix remains.
    await page.getByRole('button', { name: 'I have stored it' }).click();
    await page.reload();
    await h1(page, 'Your account');
    await page.getByRole('cell', { name: 'CPD importer', exact: true }).waitFor();
    expect(await page.getByLabel('New API token').count()).toBe(0);
    expect(await page.content()).not.toContain(token);

    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Revoke CPD importer' }).click();
    await page.getByRole('status').filter({ hasText: 'Token “CPD importer” revoked.' }).waitFor();
    await page.getByText('You have no active tokens.').waitFor();
    const after = await fetch(`${env.server.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(after.status).toBe(401);

    // A password change revokes every token and says which.
    await page.getByLabel('Token name').fill('Nightly sync');
    await page.getByLabel('Your current password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByRole('status').filter({ hasText: 'Token “Nightly sync” created' }).waitFor();
    const nightly = await page.getByLabel('New API token').inputValue();
    expect((await fetch(`${env.server.url}/api/v1/me`, { headers: { authorization: `Bearer ${nightly}` } })).status).toBe(200);
    await page.getByLabel('Current password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('New password', { exact: true }).fill('an entirely new passphrase 2027');
    await page.getByRole('button', { name: 'Change password' }).click();
    const changed = page.getByRole('status').filter({ hasText: 'Your password is changed.' });
    await changed.waitFor();
    await changed.getByText('This API token was revoked with your old password').waitFor();
    await changed.getByRole('listitem').filter({ hasText: 'Nightly sync' }).waitFor();
    await page.getByText('You have no active tokens.').waitFor();
    expect((await fetch(`${env.server.url}/api/v1/me`, { headers: { authorization: `Bearer ${nightly}` } })).status).toBe(401);
    await expectAccessible(page, 'account after a password change revoked a token (phone)');
    expect(problems).toEqual([]);
  });
});
