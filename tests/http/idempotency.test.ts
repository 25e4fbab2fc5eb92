import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { purgeIdempotencyKeys } from '../../server/platform/http/idempotency.js';
import { type Browser, expectError, PASSWORD, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp, testDialect } from '../support/app.js';
import { withDefaultScheme, workItem } from '../portfolio/support.js';
import { sleep } from '../platform/helpers.js';

let app: TestApp;
let ada: Browser & { id: string };
let bob: Browser & { id: string };
beforeAll(async () => {
  app = await testApp();
  await withDefaultScheme(app);
  ada = await signedInUser(app, 'ada@example.org');
  bob = await signedInUser(app, 'bob@example.org');
});
afterAll(async () => {
  await app.close();
});

const add = (b: Browser, key: string | null, payload: object = workItem()) =>
  b.req({ method: 'POST', url: '/api/v1/me/portfolio/items', payload, headers: key === null ? {} : { 'idempotency-key': key } });
const itemsOf = async (userId: string) => Number((await app.platform.database.db.selectFrom('portfolio_items').select((eb) => eb.fn.countAll().as('n')).where('member_id', '=', userId).executeTakeFirstOrThrow()).n);
const auditCount = async (userId: string) => Number((await app.platform.database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('actor_id', '=', userId).executeTakeFirstOrThrow()).n);

describe('Idempotency-Key on creating POSTs', () => {
  it('a retry with the same key returns the first answer and writes nothing', async () => {
    const before = await itemsOf(ada.id);
    const audits = await auditCount(ada.id);
    const first = await add(ada, 'k-retry-1');
    expect(first.statusCode, first.body).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(await itemsOf(ada.id)).toBe(before + 1);
    const auditsAfterFirst = await auditCount(ada.id);
    expect(auditsAfterFirst).toBeGreaterThanOrEqual(audits);
    for (let i = 0; i < 3; i++) {
      const again = await add(ada, 'k-retry-1');
      expect(again.statusCode).toBe(201);
      expect(again.body).toBe(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.headers['content-type']).toMatch(/^application\/json/);
    }
    expect(await itemsOf(ada.id)).toBe(before + 1);
    expect(await auditCount(ada.id)).toBe(auditsAfterFirst);
    // Without a key, the same body is a new item: the header is what makes a retry safe.
    expect((await add(ada, null)).statusCode).toBe(201);
    expect(await itemsOf(ada.id)).toBe(before + 2);
  });

  it('the same key with another body is refused and writes nothing', async () => {
    const first = await add(ada, 'k-reuse');
    expect(first.statusCode).toBe(201);
    const n = await itemsOf(ada.id);
    const err = expectError(await add(ada, 'k-reuse', workItem({ employer: 'Other plc' })), 422, 'IDEMPOTENCY_KEY_REUSED');
    expect(err.message).toMatch(/already used for a different request/);
    // Another path with the same key is another request too.
    expectError(await ada.req({ method: 'POST', url: '/api/v1/me/cpd/tracked-credentials', payload: {}, headers: { 'idempotency-key': 'k-reuse' } }), 400, 'VALIDATION_FAILED');
    expect(await itemsOf(ada.id)).toBe(n);
  });

  it('keys are per user: the same key and body from another user is their own request', async () => {
    const a = await add(ada, 'k-shared');
    const b = await add(bob, 'k-shared');
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(b.headers['idempotent-replayed']).toBeUndefined();
    expect(b.json().item.id).not.toBe(a.json().item.id);
    expect(await itemsOf(bob.id)).toBe(1);
  });

  it('an error answer is not stored: the retry runs again', async () => {
    const n = await itemsOf(ada.id);
    const bad = await add(ada, 'k-error', workItem({ startOn: '2030-01-01', endOn: '2020-01-01' }));
    expect(bad.statusCode).toBeGreaterThanOrEqual(400);
    expect(bad.statusCode).toBeLessThan(500);
    const good = await add(ada, 'k-error');
    expect(good.statusCode, good.body).toBe(201);
    expect(good.headers['idempotent-replayed']).toBeUndefined();
    expect(await itemsOf(ada.id)).toBe(n + 1);
  });

  it('a retry while the first request is still running gets 409, and only one write happens', async () => {
    const n = await itemsOf(ada.id);
    // Hold the database so the first request waits inside its work.
    let release!: () => void;
    const released = new Promise<void>((r) => {
      release = r;
    });
    let started!: () => void;
    const holding = new Promise<void>((r) => {
      started = r;
    });
    const hold = app.platform.database.db.transaction().execute(async (tx) => {
      if (testDialect === 'postgres') await sql`LOCK TABLE idempotency_keys IN ACCESS EXCLUSIVE MODE`.execute(tx);
      started();
      await released;
    });
    await holding;
    const first = add(ada, 'k-concurrent');
    await sleep(300);
    const second = await add(ada, 'k-concurrent');
    release();
    await hold;
    const one = await first;
    expect([one.statusCode, second.statusCode].sort()).toEqual([201, 409]);
    const refused = one.statusCode === 409 ? one : second;
    expectError(refused, 409, 'IDEMPOTENCY_KEY_IN_PROGRESS');
    expect(await itemsOf(ada.id)).toBe(n + 1);
    // Once finished, a retry replays.
    const later = await add(ada, 'k-concurrent');
    expect(later.statusCode).toBe(201);
    expect(later.headers['idempotent-replayed']).toBe('true');
  });

  it('keys expire after 24 hours and the maintenance sweep deletes them', async () => {
    const first = await add(ada, 'k-expiry');
    expect(first.statusCode).toBe(201);
    app.clock.advance(23 * 3_600_000);
    expect((await add(ada, 'k-expiry')).headers['idempotent-replayed']).toBe('true');
    app.clock.advance(2 * 3_600_000);
    const n = await itemsOf(ada.id);
    const fresh = await add(ada, 'k-expiry');
    expect(fresh.statusCode).toBe(201);
    expect(fresh.headers['idempotent-replayed']).toBeUndefined();
    expect(await itemsOf(ada.id)).toBe(n + 1);
    const keys = () => app.platform.database.db.selectFrom('idempotency_keys').select('key').execute();
    expect((await keys()).map((k) => k.key)).toContain('k-expiry');
    await purgeIdempotencyKeys(app.platform.database.db, new Date(app.clock.now().getTime() + 25 * 3_600_000));
    expect(await keys()).toEqual([]);
  });

  it('an answer that sets a cookie (signing in) is not stored: each sign-in gets its own session', async () => {
    const signIn = () => app.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'bob@example.org', password: PASSWORD }, headers: { 'idempotency-key': 'k-sign-in' }, remoteAddress: '10.9.9.9' });
    const first = await signIn();
    const second = await signIn();
    expect(first.statusCode, first.body).toBe(200);
    expect(second.statusCode).toBe(200);
    expect(second.headers['idempotent-replayed']).toBeUndefined();
    const cookie = (r: typeof first) => r.cookies.find((k) => k.name === 'gh_session')?.value;
    expect(cookie(first)).toBeTruthy();
    expect(cookie(second)).toBeTruthy();
    expect(cookie(second)).not.toBe(cookie(first));
  });

  it('a malformed key is refused with 400 naming the header', async () => {
    const res = await add(ada, 'not ascii é');
    const err = expectError(res, 400, 'VALIDATION_FAILED');
    expect(err.message).toMatch(/idempotency-key/i);
  });

  it('is documented on creating POSTs in the OpenAPI document, and not where the answer holds a secret', async () => {
    const doc = (await app.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    const header = (op: { parameters?: Array<{ in: string; name: string }> }) => op.parameters?.find((p) => p.in === 'header' && p.name === 'idempotency-key');
    expect(header(doc.paths['/api/v1/me/portfolio/items'].post)).toBeTruthy();
    expect(header(doc.paths['/api/v1/applications'].post)).toBeTruthy();
    expect(doc.paths['/api/v1/me/portfolio/items'].post.responses['422']).toBeTruthy();
    expect(header(doc.paths['/api/v1/me/api-tokens'].post)).toBeUndefined();
  });
});
