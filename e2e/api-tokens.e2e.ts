// An integrator's journey on a phone: create an API token with scopes, copy it once, use it as
// a Bearer token, then revoke it.
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
    expect(problems).toEqual([]);
  });
});
