// An employer's webhook, end to end: the organisation's admin registers an endpoint on the Webhooks page
// (a real HTTP receiver in this test) and copies the secret shown once; a scheme administrator suspends
// the credential of a member who shares their credentials with the organisation; the receiver gets one
// delivery, whose signature the standardwebhooks library verifies with that secret; the page's delivery
// log shows it delivered, and a re-send by keyboard arrives under the same webhook-id. axe on the page,
// and at 375 px nothing sticks out sideways.
//
// The server runs in this process (server/main.ts startServer, as `guildhall serve` does) because only
// a test may let endpoints point at 127.0.0.1 over plain http (webhookNetwork.allowLocalForTests).
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../server/config.js';
import type { Guildhall } from '../server/app.js';
import { startServer } from '../server/main.js';
import { provisionUser } from '../server/modules/accounts/provision.js';
import { webhookNetwork } from '../server/modules/organisations/webhooks/addresses.js';
import { loadDefaultScheme } from '../server/modules/schemes/default-scheme.js';
import { installScheme } from '../server/modules/schemes/install.js';
import { systemActor } from '../server/platform/audit.js';
import { newId } from '../server/platform/ids.js';
import { apiSession } from './support/api.js';
import { expectAccessible, expectNoHorizontalScroll, hasChromium, heading1, launchBrowser, openPage } from './support/browser.js';
import { PASSWORD, signIn } from './support/journey.js';
import { freePort } from './support/server.js';

type Received = { headers: http.IncomingHttpHeaders; body: string };

describe.skipIf(!hasChromium)('an employer’s webhook receives a signed delivery (Chromium)', () => {
  let g: Guildhall;
  let url: string;
  let dataDir: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const got: Received[] = [];
  let receiver: http.Server;
  let hookUrl: string;
  const ids = { org: newId(), employer: '', member: '', credential: newId() };

  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      const parts: Buffer[] = [];
      req.on('data', (c: Buffer) => parts.push(c));
      req.on('end', () => {
        got.push({ headers: req.headers, body: Buffer.concat(parts).toString('utf8') });
        res.statusCode = 204;
        res.end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/guildhall`;

    webhookNetwork.allowLocalForTests = true;
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'guildhall-e2e-webhooks-'));
    const port = await freePort();
    g = await startServer(loadConfig({ GUILDHALL_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', GUILDHALL_DEMO: '0', LOG_LEVEL: 'warn' }));
    url = `http://127.0.0.1:${port}`;

    // The people, the organisation, the member's credential and consent, as the other parts would write them.
    const db = g.platform.database.db;
    const now = new Date();
    const at = now.toISOString();
    const user = (email: string, name: string, roles: Array<'scheme_admin'> = []) => provisionUser(db, { email, name, roles, password: PASSWORD, verified: true }, systemActor, now);
    ids.employer = await user('david@northwind.example', 'David Chen');
    ids.member = await user('grace@example.org', 'Grace Hopper');
    await user('registrar@guild.example', 'Rosa Registrar', ['scheme_admin']);
    const bodyId = newId();
    await db.insertInto('bodies').values({ id: bodyId, slug: 'guild', name: 'IT Service Management Guild', short_name: 'ITSMG', country: 'GB', website: null, created_at: at }).execute();
    const { versionId } = await installScheme(db, { bodyId, scheme: loadDefaultScheme(), by: systemActor, now });
    await db.insertInto('organisations').values({ id: ids.org, slug: 'northwind', name: 'Northwind', country: 'GB', website: null, description: null, logo_sha256: null, status: 'active', requested_by: null, approved_by: null, approved_at: at, created_at: at, updated_at: at }).execute();
    await db.insertInto('organisation_members').values({ organisation_id: ids.org, user_id: ids.employer, role: 'admin', added_by: null, added_at: at }).execute();
    await db
      .insertInto('credentials')
      .values({ id: ids.credential, holder_id: ids.member, application_id: null, scheme_version_id: versionId, level_id: 'professional', level_name: 'Professional', post_nominals: 'PITSMG', awarded_at: at, review_at: '2029-12-01T00:00:00.000Z', status: 'active', status_changed_at: at, created_at: at })
      .execute();
    await db.insertInto('consent_grants').values({ id: newId(), member_id: ids.member, organisation_id: ids.org, scope: 'credentials', text: 'Northwind may see my credentials.', text_version: '1', granted_at: at, revoked_at: null }).execute();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await g?.app.close();
    webhookNetwork.allowLocalForTests = false;
    receiver?.closeAllConnections();
    await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const waitFor = async (what: string, test: () => boolean, ms = 60_000) => {
    const until = Date.now() + ms;
    while (!test()) {
      if (Date.now() > until) throw new Error(`${what} did not happen within ${ms / 1000} s`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  it('registers an endpoint, gets the suspension signed, and re-sends it by keyboard', async () => {
    const { page, context, problems } = await openPage(browser, url);
    contexts.push(context);
    await signIn(page, 'david@northwind.example', PASSWORD);
    await page.goto(`/organisations/${ids.org}/webhooks`);
    await heading1(page, 'Webhooks');
    await page.getByText('No endpoints yet.').waitFor();
    await expectAccessible(page, 'webhooks page, no endpoints');

    // The form, by keyboard: the address, then the events (suspensions are chosen by default), then Enter.
    await page.getByLabel('Endpoint address').fill(hookUrl);
    await page.getByLabel('Description (optional)').fill('HR system');
    expect(await page.getByLabel(/Credential suspended/).isChecked()).toBe(true);
    await page.getByLabel('Description (optional)').press('Enter');
    const secret = (await page.getByTestId('webhook-secret').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^whsec_/);
    await page.getByRole('status').filter({ hasText: 'Copy its signing secret now' }).waitFor();
    await expectAccessible(page, 'webhooks page with the secret shown once');
    await page.getByRole('button', { name: 'I have copied it' }).click();
    await page.reload();
    await heading1(page, 'Webhooks');
    expect(await page.content()).not.toContain(secret);

    // A scheme administrator suspends the member's credential through the API.
    const registrar = await apiSession(url, 'registrar@guild.example', PASSWORD);
    await registrar.call('POST', `/api/v1/credentials/${ids.credential}/suspend`, { reason: 'Fee unpaid' });
    await waitFor('the delivery', () => got.length >= 1);
    const first = got[0]!;
    const payload = new Webhook(secret).verify(first.body, first.headers as Record<string, string>) as { type: string; data: Record<string, any> };
    expect(payload.type).toBe('credential.suspended');
    expect(payload.data.member.name).toBe('Grace Hopper');
    expect(payload.data.credential).toEqual({ id: ids.credential, levelId: 'professional', level: 'Professional', status: 'suspended' });
    expect(first.body).not.toContain('grace@example.org');

    // The log shows it delivered, with its latency; re-sent by keyboard, it arrives again under the same id.
    await page.getByRole('button', { name: 'Refresh' }).click();
    const row = page.getByRole('row').filter({ hasText: 'Credential suspended' });
    await row.getByText('Delivered').waitFor();
    await expect.poll(async () => (await row.textContent()) ?? '').toMatch(/HTTP 204.*\d+ ms/);
    await row.getByRole('button', { name: /Re-send/ }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'queued to be sent again' }).waitFor();
    await waitFor('the re-sent delivery', () => got.length >= 2);
    expect(got[1]!.headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(() => new Webhook(secret).verify(got[1]!.body, got[1]!.headers as Record<string, string>)).not.toThrow();
    await expectAccessible(page, 'webhooks page with the delivery log');
    expect(problems).toEqual([]);

    // On a phone.
    const phone = await openPage(browser, url, { width: 375, height: 800 });
    contexts.push(phone.context);
    await signIn(phone.page, 'david@northwind.example', PASSWORD);
    await phone.page.goto(`/organisations/${ids.org}/webhooks`);
    await heading1(phone.page, 'Webhooks');
    await phone.page.getByRole('row').filter({ hasText: 'Credential suspended' }).first().waitFor();
    await expectNoHorizontalScroll(phone.page, 'webhooks page at 375 px');
  });
});
