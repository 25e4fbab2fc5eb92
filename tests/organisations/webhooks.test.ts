import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { webhookNetwork } from '../../server/modules/organisations/webhooks/addresses.js';
import { webhookSender } from '../../server/modules/organisations/webhooks/sender.js';
import { DAY, HOUR } from '../../server/platform/clock.js';
import { award, issuingApp } from '../credentials/support.js';
import { type Browser, lastMail, makeUser, signedInUser, signIn } from '../support/accounts.js';
import type { TestApp } from '../support/app.js';
import { grantCredentials, organisation, receiver, revokeGrant } from './fixtures-webhooks.js';
import { webhookSecrets } from '../../server/modules/organisations/webhooks/secrets.js';

let app: TestApp & { versionId: string };
let admin: Browser & { id: string };
let schemeAdmin: Browser & { id: string };
let orgId: string;
let hook: Awaited<ReturnType<typeof receiver>>;
let sender: ReturnType<typeof webhookSender>;

beforeAll(async () => {
  app = await issuingApp();
  admin = await signedInUser(app, 'hr-admin@northwind.example');
  schemeAdmin = await signedInUser(app, 'scheme@guild.example', ['scheme_admin']);
  orgId = await organisation(app, 'Northwind', admin.id);
  hook = await receiver();
  sender = webhookSender(app.platform, { random: () => 0.5 });
});
afterAll(async () => {
  webhookNetwork.allowLocalForTests = false;
  sender.close();
  await hook.close();
  await app.close();
});
beforeEach(async () => {
  // Each test sees its own endpoints only: earlier ones are switched off (their queued deliveries are dropped).
  await app.platform.database.db.updateTable('webhook_endpoints').set({ status: 'disabled' }).execute();
  webhookNetwork.allowLocalForTests = true;
  hook.answer(200);
  hook.got.length = 0;
  // Signatures are checked against the real time by receivers: run at the real time.
  app.clock.set(new Date());
});

const base = () => `/api/v1/organisations/${orgId}`;

async function endpoint(events = ['credential.suspended', 'credential.reinstated'], url = hook.url) {
  const res = await admin.req({ method: 'POST', url: `${base()}/webhooks`, payload: { url, description: 'HR system', events } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; secret: string };
}

async function consentingMember(email: string) {
  const id = await makeUser(app, { email, name: 'Grace Hopper' });
  const credentialId = await award(app, id, 'member');
  const grantId = await grantCredentials(app, id, orgId);
  return { id, credentialId, grantId };
}

const suspend = (credentialId: string) => schemeAdmin.req({ method: 'POST', url: `/api/v1/credentials/${credentialId}/suspend`, payload: { reason: 'Unpaid fee' } });
const deliveries = async (query = "") => {
  const res = await admin.req({ method: "GET", url: `${base()}/webhook-deliveries${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().deliveries as Array<Record<string, any>>;
};

describe('webhook endpoints', () => {
  it('shows the secret once, at creation and on rotation, and never in the list', async () => {
    const e = await endpoint();
    expect(e.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const list = await admin.req({ method: 'GET', url: `${base()}/webhooks` });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(e.secret);
    expect(list.body).not.toContain('whsec_');
    const rotated = await admin.req({ method: 'POST', url: `${base()}/webhooks/${e.id}/rotate-secret` });
    expect(rotated.statusCode, rotated.body).toBe(200);
    expect(rotated.json().secret).toMatch(/^whsec_/);
    expect(rotated.json().secret).not.toBe(e.secret);
    expect(rotated.json().previousSecretUntil).toBe(new Date(app.clock.now().getTime() + DAY).toISOString());
    expect((await admin.req({ method: 'GET', url: `${base()}/webhooks` })).body).not.toContain('whsec_');
  });

  it('keeps secrets sealed at rest, each bound to its endpoint', async () => {
    const e = await endpoint();
    const rotated = (await admin.req({ method: 'POST', url: `${base()}/webhooks/${e.id}/rotate-secret` })).json();
    const other = await endpoint();
    const db = app.platform.database.db;
    const stored = await db.selectFrom('webhook_endpoints').select(['secret', 'previous_secret']).where('id', '=', e.id).executeTakeFirstOrThrow();
    const dump = JSON.stringify(stored);
    for (const plain of [e.secret, rotated.secret]) expect(dump).not.toContain(plain.slice('whsec_'.length, 20));
    const secrets = webhookSecrets(app.platform);
    expect(secrets.open(e.id, stored.secret)).toBe(rotated.secret);
    expect(secrets.open(e.id, stored.previous_secret as string)).toBe(e.secret);
    // Moved to another endpoint's row, a sealed secret does not open.
    expect(() => secrets.open(other.id, stored.secret)).toThrow(/Cannot open the secret/);
  });

  it.each([
    ['http://hooks.example.org/x', /https/],
    ['https://127.0.0.1/x', /127\.0\.0\.1.*loopback/],
    ['https://10.1.2.3/x', /private/],
    ['https://169.254.169.254/latest', /linkLocal/],
    ['https://[::1]/x', /::1/],
    ['https://localhost:8443/x', /local host name/],
    ['https://user:pw@hooks.example.org/x', /user name or password/],
  ])('refuses %s outside tests, naming the url', async (url, why) => {
    webhookNetwork.allowLocalForTests = false;
    const res = await admin.req({ method: 'POST', url: `${base()}/webhooks`, payload: { url, events: ['credential.suspended'] } });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.message).toMatch(/^url /);
    expect(res.json().error.message).toMatch(why);
  });

  it('refuses an unknown event and an empty list, naming them', async () => {
    const res = await admin.req({ method: 'POST', url: `${base()}/webhooks`, payload: { url: hook.url, events: ['credential.stolen'] } });
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(/events/);
    const none = await admin.req({ method: 'POST', url: `${base()}/webhooks`, payload: { url: hook.url, events: [] } });
    expect(none.statusCode).toBe(400);
    expect(none.body).toMatch(/at least one event/);
  });

  it("keeps one organisation's endpoints and deliveries out of another's reach", async () => {
    const e = await endpoint();
    const other = await signedInUser(app, 'admin@contoso.example');
    const otherOrg = await organisation(app, 'Contoso', other.id);
    for (const r of [
      { method: 'GET' as const, url: `${base()}/webhooks` },
      { method: 'GET' as const, url: `${base()}/webhook-deliveries` },
      { method: 'PATCH' as const, url: `${base()}/webhooks/${e.id}`, payload: { enabled: false } },
      { method: 'POST' as const, url: `${base()}/webhooks/${e.id}/rotate-secret` },
      { method: 'DELETE' as const, url: `${base()}/webhooks/${e.id}` },
    ]) {
      expect((await other.req(r)).statusCode, `${r.method} ${r.url}`).toBe(404);
    }
    // Their own organisation's path with our endpoint's id: not found either.
    expect((await other.req({ method: 'PATCH', url: `/api/v1/organisations/${otherOrg}/webhooks/${e.id}`, payload: { enabled: false } })).statusCode).toBe(404);
    expect((await other.req({ method: 'POST', url: `/api/v1/organisations/${otherOrg}/webhooks/${e.id}/rotate-secret` })).statusCode).toBe(404);
    // A line manager of the organisation itself is told which role it needs.
    const manager = await signedInUser(app, 'manager@northwind.example');
    await app.platform.database.db.insertInto('organisation_members').values({ organisation_id: orgId, user_id: manager.id, role: 'line_manager', added_by: null, added_at: app.clock.now().toISOString() }).execute();
    const refused = await manager.req({ method: 'GET', url: `${base()}/webhooks` });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toMatch(/admin role/);
  });
});

describe('deliveries', () => {
  it('sends a consented member\'s suspension, signed so the standardwebhooks library verifies it', async () => {
    const e = await endpoint();
    const m = await consentingMember('grace@example.org');
    expect((await suspend(m.credentialId)).statusCode).toBe(200);
    const sent = await sender.deliverDue();
    expect(sent.delivered).toBe(1);
    expect(hook.got).toHaveLength(1);
    const got = hook.got[0]!;
    const payload = new Webhook(e.secret).verify(got.body, got.headers as Record<string, string>) as Record<string, any>;
    expect(payload.type).toBe('credential.suspended');
    expect(payload.data).toEqual({ member: { id: m.id, name: 'Grace Hopper' }, credential: { id: m.credentialId, levelId: 'member', level: 'Member', status: 'suspended' } });
    expect(got.body).not.toContain('grace@example.org');
    // A wrong secret does not verify.
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 1).toString('base64')}`).verify(got.body, got.headers as Record<string, string>)).toThrow();
    const [d] = await deliveries(`?endpointId=${e.id}`);
    expect(d).toMatchObject({ id: got.headers['webhook-id'], status: 'delivered', attempts: 1, lastStatusCode: 200 });
    expect(d!.attemptLog).toHaveLength(1);
    expect(d!.attemptLog[0].latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('sends nothing for a member without consent, and drops what was queued once consent is withdrawn', async () => {
    await endpoint();
    const stranger = await makeUser(app, { email: 'stranger@example.org' });
    const theirs = await award(app, stranger, 'member');
    await suspend(theirs);
    const m = await consentingMember('ada@example.org');
    await suspend(m.credentialId);
    await revokeGrant(app, m.grantId);
    const sent = await sender.deliverDue();
    expect(hook.got).toHaveLength(0);
    expect(sent.delivered).toBe(0);
    const dropped = (await deliveries('?status=dropped')).filter((d) => JSON.parse(d.body).data.member.id === m.id);
    expect(dropped.length).toBeGreaterThan(0);
    expect(dropped[0]!.lastError).toMatch(/withdrew consent/);
    expect((await deliveries()).some((d) => JSON.parse(d.body).data.member.id === stranger)).toBe(false);
  });

  it('retries a refused delivery with backoff under the same webhook-id, and a re-send by hand repeats it', async () => {
    const e = await endpoint(['credential.suspended']);
    const m = await consentingMember('linus@example.org');
    await suspend(m.credentialId);
    hook.answer(500);
    await sender.deliverDue();
    let [d] = await deliveries(`?endpointId=${e.id}`);
    expect(d).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 500 });
    expect(new Date(d!.nextAttemptAt).getTime() - app.clock.now().getTime()).toBe(30_000);
    await sender.deliverDue();
    expect(hook.got).toHaveLength(1); // not due yet
    hook.answer(204);
    app.clock.advance(30_000);
    await sender.deliverDue();
    expect(hook.got).toHaveLength(2);
    expect(hook.got[1]!.headers['webhook-id']).toBe(hook.got[0]!.headers['webhook-id']);
    expect(hook.got[1]!.body).toBe(hook.got[0]!.body);
    [d] = await deliveries(`?endpointId=${e.id}`);
    expect(d).toMatchObject({ status: 'delivered', attempts: 2, lastStatusCode: 204 });

    const again = await admin.req({ method: 'POST', url: `${base()}/webhook-deliveries/${d!.id}/redeliver` });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().status).toBe('pending');
    await sender.deliverDue();
    expect(hook.got).toHaveLength(3);
    expect(hook.got[2]!.headers['webhook-id']).toBe(d!.id);
    [d] = await deliveries(`?endpointId=${e.id}`);
    expect(d!.attemptLog.map((a: { byHand: boolean }) => a.byHand)).toEqual([false, false, true]);
  });

  it('signs with the old and the new secret for a day after a rotation', async () => {
    const e = await endpoint(['credential.suspended']);
    const rotated = (await admin.req({ method: 'POST', url: `${base()}/webhooks/${e.id}/rotate-secret` })).json();
    const m = await consentingMember('barbara@example.org');
    await suspend(m.credentialId);
    await sender.deliverDue();
    const got = hook.got[0]!;
    expect(String(got.headers['webhook-signature']).split(' ')).toHaveLength(2);
    for (const secret of [e.secret, rotated.secret]) expect(() => new Webhook(secret).verify(got.body, got.headers as Record<string, string>)).not.toThrow();
    app.clock.advance(DAY + 1000);
    const [d] = await deliveries(`?endpointId=${e.id}`);
    hook.got.length = 0;
    await admin.req({ method: 'POST', url: `${base()}/webhook-deliveries/${d!.id}/redeliver` });
    await sender.deliverDue();
    expect(String(hook.got[0]!.headers['webhook-signature']).split(' ')).toHaveLength(1);
  });

  it('switches off an endpoint that fails for three days and mails the organisation\'s admins', async () => {
    const e = await endpoint(['credential.suspended']);
    const m = await consentingMember('edsger@example.org');
    await suspend(m.credentialId);
    hook.answer(503);
    const start = app.clock.now().getTime();
    const db = app.platform.database.db;
    for (let i = 0; i < 40; i++) {
      await sender.deliverDue();
      const d = await db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', e.id).executeTakeFirstOrThrow();
      if (d.status !== 'pending') break;
      app.clock.set(new Date(d.next_attempt_at));
    }
    // Three days on, the admin's session has lapsed: sign in again.
    Object.assign(admin, await signIn(app, 'hr-admin@northwind.example'));
    const [d] = await deliveries(`?endpointId=${e.id}`);
    expect(d!.status).toBe('failed');
    expect(d!.attempts).toBe(hook.got.length);
    expect(d!.attempts).toBeGreaterThan(10);
    expect(app.clock.now().getTime() - start).toBeGreaterThanOrEqual(3 * DAY - 6 * HOUR);
    const list = (await admin.req({ method: 'GET', url: `${base()}/webhooks` })).json().endpoints as Array<Record<string, any>>;
    const off = list.find((x) => x.id === e.id)!;
    expect(off.enabled).toBe(false);
    expect(off.disabledReason).toMatch(/three days/);
    const mail = await lastMail(app, 'hr-admin@northwind.example');
    expect(mail.template).toBe('webhook_endpoint_disabled');
    expect(mail.text_body).toContain(hook.url);
    // Switched off: new events queue nothing for it, and a re-send is refused until it is on again.
    const refused = await admin.req({ method: 'POST', url: `${base()}/webhook-deliveries/${d!.id}/redeliver` });
    expect(refused.statusCode).toBe(409);
  });

  it('refuses at delivery time a name that now resolves to a loopback address', async () => {
    webhookNetwork.allowLocalForTests = false;
    const created = await admin.req({ method: 'POST', url: `${base()}/webhooks`, payload: { url: 'https://hooks.northwind.example/in', events: ['credential.reinstated'] } });
    expect(created.statusCode, created.body).toBe(201);
    const m = await consentingMember('rebind@example.org');
    await suspend(m.credentialId);
    await schemeAdmin.req({ method: 'POST', url: `/api/v1/credentials/${m.credentialId}/reinstate`, payload: { reason: 'Paid' } });
    const rebinding = webhookSender(app.platform, { lookup: ((_h: string, o: { all?: boolean }, cb: (e: null, a: unknown, f?: number) => void) => (o.all ? cb(null, [{ address: '127.0.0.1', family: 4 }]) : cb(null, '127.0.0.1', 4))) as never });
    await rebinding.deliverDue();
    rebinding.close();
    const [d] = await deliveries(`?endpointId=${created.json().id}`);
    expect(d!.attemptLog[0].error).toMatch(/resolves to 127\.0\.0\.1/);
    expect(d!.status).toBe('pending');
  });
});
