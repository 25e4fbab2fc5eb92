import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type Guildhall } from '../../server/app.js';
import { loadDefaultScheme } from '../../server/modules/schemes/default-scheme.js';
import { browser, type Browser, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { talkItem, withDefaultScheme } from '../portfolio/support.js';

// Two app instances on one database stand for two server processes: caches must not hide each other's writes.
let app: TestApp;
let other: Guildhall;
let admin: Browser & { id: string };
let member: Browser & { id: string };
beforeAll(async () => {
  app = await testApp();
  await withDefaultScheme(app);
  other = await buildApp({ config: { ...app.config, database: { kind: 'sqlite', file: ':unused:' } }, database: app.platform.database, clock: app.clock, mailTransport: null });
  await other.app.ready();
  admin = await signedInUser(app, 'admin@example.org', ['scheme_admin']);
  member = await signedInUser(app, 'member@example.org');
});
afterAll(async () => {
  await other?.app.close();
  await app?.close();
});

/** The same signed-in browser, talking to the other instance. */
const onOther = (b: Browser) => {
  const o = browser(app, b.cookie, b.user);
  return { req: (opts: Parameters<Browser['req']>[0]) => other.app.inject({ ...opts, cookies: { gh_session: b.cookie }, headers: { ...opts.headers, ...(opts.method && opts.method !== 'GET' ? { 'x-csrf-token': o.csrf } : {}) } }) };
};

describe('scheme versions and eligibility across processes', () => {
  it('sees a version published and items added by the other process', async () => {
    expect((await member.req({ method: 'POST', url: '/api/v1/me/portfolio/items', payload: talkItem() })).statusCode).toBe(201);
    const first = await onOther(member).req({ method: 'GET', url: '/api/v1/me/eligibility' });
    expect(first.json().evaluation.total).toBe(10);

    const next = structuredClone(loadDefaultScheme());
    next.version = '2026.9';
    const talkRule = next.categories.find((c) => c.id === 'contribution')!.rules.find((r) => r.id === 'contribution.talk')!;
    if (talkRule.type === 'fixed') talkRule.points = 12;
    const draft = await onOther(admin).req({ method: 'POST', url: '/api/v1/schemes/itsm/versions', payload: next });
    expect(draft.statusCode, draft.body).toBe(201);
    const versionId = draft.json().version.id as string;
    const pub = await admin.req({ method: 'POST', url: `/api/v1/schemes/itsm/versions/${versionId}/publish` });
    expect(pub.statusCode, pub.body).toBe(200);

    const seen = await onOther(member).req({ method: 'GET', url: '/api/v1/schemes/itsm' });
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json().version).toMatchObject({ id: versionId, status: 'published' });
    const after = await onOther(member).req({ method: 'GET', url: '/api/v1/me/eligibility' });
    expect(after.json()).toMatchObject({ schemeVersion: { id: versionId }, evaluation: { total: 12 } });

    expect((await member.req({ method: 'POST', url: '/api/v1/me/portfolio/items', payload: talkItem({ title: 'Another' }) })).statusCode).toBe(201);
    expect((await onOther(member).req({ method: 'GET', url: '/api/v1/me/eligibility' })).json().evaluation.total).toBe(24);
  });
});
