import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedDemoWebhooks } from '../../server/demo/organisations/webhooks.js';
import { queueOrganisationEvent } from '../../server/modules/organisations/webhooks/events.js';
import { webhookNetwork } from '../../server/modules/organisations/webhooks/addresses.js';
import { webhookSender } from '../../server/modules/organisations/webhooks/sender.js';
import { award, issuingApp } from '../credentials/support.js';
import { type Browser, makeUser, signedInUser } from '../support/accounts.js';
import type { TestApp } from '../support/app.js';
import { grantCredentials, organisation, receiver } from './fixtures-webhooks.js';
import { webhookSecrets } from '../../server/modules/organisations/webhooks/secrets.js';

let app: TestApp & { versionId: string };
let admin: Browser & { id: string };
let orgId: string;
let hook: Awaited<ReturnType<typeof receiver>>;
let sender: ReturnType<typeof webhookSender>;

beforeAll(async () => {
  app = await issuingApp();
  admin = await signedInUser(app, 'admin@fabrikam.example');
  orgId = await organisation(app, 'Fabrikam', admin.id);
  hook = await receiver();
  sender = webhookSender(app.platform);
  webhookNetwork.allowLocalForTests = true;
});
afterAll(async () => {
  webhookNetwork.allowLocalForTests = false;
  sender.close();
  await hook.close();
  await app.close();
});
beforeEach(() => {
  hook.got.length = 0;
  app.clock.set(new Date());
});

const base = () => `/api/v1/organisations/${orgId}`;

describe('organisation events and crashes', () => {
  it('delivers an organisation event to the endpoints subscribed to it only', async () => {
    const res = await admin.req({ method: 'POST', url: `${base()}/webhooks`, payload: { url: hook.url, events: ['consent.granted'] } });
    expect(res.statusCode, res.body).toBe(201);
    const other = await admin.req({ method: 'POST', url: `${base()}/webhooks`, payload: { url: `${hook.url}/other`, events: ['consent.revoked'] } });
    expect(other.statusCode).toBe(201);
    const member = await makeUser(app, { email: 'kim@example.org', name: 'Kim Lee' });
    await app.platform.database.db.transaction().execute((tx) => queueOrganisationEvent(tx, { type: 'consent.granted', organisationId: orgId, memberId: member, data: { scopes: ['credentials'] } }, app.clock.now()));
    await sender.deliverDue();
    expect(hook.got).toHaveLength(1);
    const payload = new Webhook(res.json().secret).verify(hook.got[0]!.body, hook.got[0]!.headers as Record<string, string>) as Record<string, any>;
    expect(payload).toMatchObject({ type: 'consent.granted', data: { organisationId: orgId, member: { id: member, name: 'Kim Lee' }, scopes: ['credentials'] } });
    await admin.req({ method: 'PATCH', url: `${base()}/webhooks/${res.json().id}`, payload: { enabled: false } });
    await admin.req({ method: 'PATCH', url: `${base()}/webhooks/${other.json().id}`, payload: { enabled: false } });
  });

  it('sends again, under the same webhook-id, a delivery whose sender stopped before recording it', async () => {
    const res = await admin.req({ method: 'POST', url: `${base()}/webhooks`, payload: { url: hook.url, events: ['consent.revoked'] } });
    const member = await makeUser(app, { email: 'sam@example.org' });
    const now = app.clock.now();
    await app.platform.database.db.transaction().execute((tx) => queueOrganisationEvent(tx, { type: 'consent.revoked', organisationId: orgId, memberId: member, data: {} }, now));
    // As if a sender had claimed it, POSTed it and died before its transaction: the row is leased, not delivered.
    const db = app.platform.database.db;
    await db.updateTable('webhook_deliveries').set({ locked_until: new Date(now.getTime() + 120_000).toISOString() }).where('endpoint_id', '=', res.json().id).execute();
    await sender.deliverDue();
    expect(hook.got).toHaveLength(0);
    app.clock.advance(120_001);
    await sender.deliverDue();
    expect(hook.got).toHaveLength(1);
    const row = await db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', res.json().id).executeTakeFirstOrThrow();
    expect(hook.got[0]!.headers['webhook-id']).toBe(row.id);
    expect(row.status).toBe('delivered');
  });

  it('seeds the demo endpoint switched off, with logged deliveries of consenting staff', async () => {
    const staff = await makeUser(app, { email: 'pat@example.org', name: 'Pat Demo' });
    await award(app, staff, 'member');
    await grantCredentials(app, staff, orgId);
    await app.platform.database.db.transaction().execute((tx) => seedDemoWebhooks(tx, { team: orgId, sponsor: '', recruiter: '' }, app.clock.now(), webhookSecrets(app.platform)));
    const endpoints = (await admin.req({ method: 'GET', url: `${base()}/webhooks` })).json().endpoints as Array<Record<string, any>>;
    const demo = endpoints.find((e) => e.url === 'https://hooks.northwind.example/guildhall')!;
    expect(demo.enabled).toBe(false);
    const log = (await admin.req({ method: 'GET', url: `${base()}/webhook-deliveries?endpointId=${demo.id}` })).json().deliveries as Array<Record<string, any>>;
    expect(log.length).toBeGreaterThan(0);
    expect(log[log.length - 1]!.attemptLog[0].latencyMs).toBeGreaterThan(0);
    // Nothing of the demo is ever sent: the endpoint is off.
    await sender.deliverDue();
    expect(hook.got).toHaveLength(0);
  });
});
