import { verifyCredential as independentVerify } from '@digitalcredentials/verifier-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { manualClock } from '../../server/platform/clock.js';
import { award, holder } from '../credentials/support.js';
import { withDefaultScheme } from '../portfolio/support.js';
import { type Json, call, signedInUser } from '../support/accounts.js';
import { freshDatabase, type TestApp } from '../support/app.js';

// A site moves: it issues under one PUBLIC_URL, restarts under another on the same database and data
// directory, and everything it issued before still verifies: same issuer DID, same keys, old status lists.
const OLD = 'https://old-guild.example';
const NEW = 'https://members.new-guild.example';

let fresh: Awaited<ReturnType<typeof freshDatabase>>;
const clock = manualClock('2026-11-25T10:00:00.000Z');

async function start(publicUrl: string, extra: Record<string, string> = {}): Promise<TestApp> {
  const config = loadConfig({ LOG_LEVEL: 'silent', GUILDHALL_DATA_DIR: fresh.dataDir, RATE_LIMIT_PER_MINUTE: '100000', PUBLIC_URL: publicUrl, ...extra });
  const g = await buildApp({ config: { ...config, database: { kind: 'sqlite', file: ':unused:' } }, database: fresh.database, clock, mailTransport: null });
  await g.app.ready();
  return { ...g, config, clock, close: () => g.app.close() };
}

/** Awards a level and lets the issuing sweep sign it; answers the signed credential. */
async function issue(site: TestApp & { versionId: string }, email: string): Promise<{ id: string; vc: Json }> {
  const id = await award(site, await holder(site, email));
  clock.advance(60_000);
  await site.worker.drain();
  const body = (await site.app.inject({ method: 'GET', url: `/api/v1/credentials/${id}` })).json();
  return { id, vc: body.credential };
}

/** What a verifier elsewhere gets over HTTP: both names point at the one site (DNS kept for the old one). */
function fetchFrom(site: TestApp) {
  return async (input: string | URL | Request) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    if (![new URL(OLD).host, new URL(NEW).host].includes(url.host)) return new Response('not found', { status: 404 });
    const res = await site.app.inject({ method: 'GET', url: url.pathname + url.search, headers: { host: url.host, accept: 'application/json' } });
    return new Response(res.statusCode === 200 ? res.body : 'not found', { status: res.statusCode, headers: { 'content-type': 'application/json' } });
  };
}

let before: { id: string; vc: Json };
let moved: TestApp & { versionId: string };

beforeAll(async () => {
  fresh = await freshDatabase();
  const old = await start(OLD);
  const { versionId } = await withDefaultScheme(old);
  before = await issue(Object.assign(old, { versionId }), 'before-move@example.org');
  await old.close();
  moved = Object.assign(await start(NEW), { versionId });
});
afterAll(async () => {
  await moved?.close();
  await fresh.cleanup();
});
afterEach(() => vi.unstubAllGlobals());

describe('moving the site to a new PUBLIC_URL', () => {
  it('keeps the issuer DID chosen at first start and keeps serving its DID document at the old address', async () => {
    expect(before.vc.issuer.id).toBe('did:web:old-guild.example');
    expect(moved.platform.site).toEqual({ issuerDid: 'did:web:old-guild.example', addresses: [NEW, OLD] });
    const doc = await moved.app.inject({ method: 'GET', url: '/.well-known/did.json', headers: { host: 'old-guild.example' } });
    expect(doc.statusCode).toBe(200);
    expect(doc.json()).toMatchObject({ id: 'did:web:old-guild.example', assertionMethod: ['did:web:old-guild.example#key-1'] });
  });

  it('verifies a credential issued before the move, by itself and by an independent verifier over HTTP', async () => {
    const own = await call(moved, { method: 'POST', url: '/api/v1/verify', payload: { credential: before.vc } });
    expect(own.json()).toMatchObject({ verified: true, outcome: 'passed', ours: true });
    vi.stubGlobal('fetch', fetchFrom(moved));
    const result: any = await independentVerify({ credential: before.vc, knownDIDRegistries: [] } as never);
    const log = Object.fromEntries((result.log ?? []).map((e: { id: string; valid: boolean }) => [e.id, e.valid]));
    expect(result.errors).toBeUndefined();
    expect(log['valid_signature']).toBe(true);
    expect(log['revocation_status']).toBe(true);
  });

  it('issues under the kept DID with status lists at the new address, and a suspension shows on a credential issued before', async () => {
    const after = await issue(moved, 'after-move@example.org');
    expect(after.vc.issuer.id).toBe('did:web:old-guild.example');
    expect(after.vc.credentialStatus[0].statusListCredential.startsWith(`${NEW}/status/`)).toBe(true);
    expect(before.vc.credentialStatus[0].statusListCredential.startsWith(`${OLD}/status/`)).toBe(true);
    const admin = await signedInUser(moved, 'registrar@example.org', ['scheme_admin']);
    const suspended = await admin.req({ method: 'POST', url: `/api/v1/credentials/${before.id}/suspend`, payload: { reason: 'Checking a complaint' } });
    expect(suspended.statusCode, suspended.body).toBe(200);
    const verdict = (await call(moved, { method: 'POST', url: '/api/v1/verify', payload: { credential: before.vc } })).json();
    expect(verdict).toMatchObject({ verified: false, ours: true });
    expect(verdict.checks.find((c: Json) => c.check === 'status')).toMatchObject({ ok: false, outcome: 'failed' });
    const other = (await call(moved, { method: 'POST', url: '/api/v1/verify', payload: { credential: after.vc } })).json();
    expect(other).toMatchObject({ verified: true });
  });
});
