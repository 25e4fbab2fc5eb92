import { verifyCredential as independentVerify } from '@digitalcredentials/verifier-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { escapeXml } from '../../server/modules/credentials/issuing/badge.js';
import { changeCredentialStatus, requestIssue } from '../../server/modules/credentials/index.js';
import type { JsonObject } from '../../server/modules/credentials/document-loader.js';
import { decodeList, getBit } from '../../server/modules/credentials/status/status-list.js';
import { type Check, verifyCredential } from '../../server/modules/credentials/verifying/verify.js';
import { systemActor } from '../../server/platform/audit.js';
import { type Browser, type Json, signedInUser } from '../support/accounts.js';
import type { TestApp } from '../support/app.js';
import { award, holder, httpFetcher, issuingApp, PUBLIC_URL } from './support.js';

let app: TestApp & { versionId: string };
let admin: Browser;
let sysadmin: Browser;
let http: ReturnType<typeof httpFetcher>;

beforeAll(async () => {
  app = await issuingApp();
  admin = await signedInUser(app, 'registrar@example.org', ['scheme_admin']);
  sysadmin = await signedInUser(app, 'ops@example.org', ['system_admin']);
  http = httpFetcher(app);
});
afterAll(() => app.close());
afterEach(() => vi.unstubAllGlobals());

const check = (checks: Check[], name: Check['check']) => checks.find((c) => c.check === name) as Check;
const getCredential = async (id: string) => (await app.app.inject({ method: 'GET', url: `/api/v1/credentials/${id}` })).json() as Json;
const verifyServed = async (c: JsonObject | string) => verifyCredential(c, { now: app.clock.now(), resolve: http.resolve });
const listBit = async (entry: Json) => {
  const res = await http.get(entry.statusListCredential);
  expect(res.status).toBe(200);
  const list = JSON.parse(res.body);
  return getBit(decodeList(list.credentialSubject.encodedList), Number(entry.statusListIndex));
};
/** The next slot of the issuing sweep (it runs every minute). */
const sweep = async () => {
  app.clock.advance(60_000);
  await app.worker.drain();
};
const entryOf = (vc: Json, purpose: string) => (vc.credentialStatus as Json[]).find((e) => e.statusPurpose === purpose) as Json;

async function issued(levelId = 'member', over: Parameters<typeof award>[3] = {}, email = `h${Math.random().toString(36).slice(2, 8)}@example.org`) {
  const holderId = await holder(app, email);
  const id = await award(app, holderId, levelId, over);
  await sweep();
  const body = await getCredential(id);
  return { id, holderId, email, body, vc: body.credential as Json };
}

describe('issuing on award', () => {
  it('issues an Open Badges 3.0 credential for a record written without telling the module, and it verifies', async () => {
    const { id, body, vc, email } = await issued('professional');
    expect(body.issuedAt).not.toBeNull();
    expect(vc.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(vc.id).toBe(`urn:uuid:${id}`);
    expect(vc.issuer).toMatchObject({ id: 'did:web:guild.example', name: 'IT Service Management Guild', url: 'https://itsm-guild.example' });
    const achievement = vc.credentialSubject.achievement;
    expect(achievement).toMatchObject({ name: 'Professional', image: { id: `${PUBLIC_URL}/badges/professional.svg` } });
    expect(achievement.criteria.narrative).toMatch(/250 portfolio points.*7 years.*level 5 \(Ensure, advise\) or above for 3 years of the last 5/);
    expect(achievement.alignment[0]).toMatchObject({ targetType: 'CFItem', targetName: 'Responsibility level 5: Ensure, advise' });
    // The holder is named privately: a salted hash of the e-mail address, never the address.
    expect(JSON.stringify(vc)).not.toContain(email);
    expect(vc.credentialSubject.identifier[0]).toMatchObject({ type: 'IdentityObject', identityType: 'emailAddress', hashed: true });
    expect(vc.credentialStatus.map((e: Json) => e.statusPurpose).sort()).toEqual(['revocation', 'suspension']);
    expect(vc.proof).toMatchObject({ cryptosuite: 'eddsa-rdfc-2022', verificationMethod: 'did:web:guild.example#key-1' });

    const verdict = await verifyServed(vc);
    expect(verdict.checks.filter((c) => !c.ok)).toEqual([]);
    const jwt = await app.app.inject({ method: 'GET', url: `/api/v1/credentials/${id}/download?format=jwt` });
    expect(jwt.headers['content-type']).toMatch(/^application\/vc\+jwt/);
    expect((await verifyServed(jwt.body)).verified).toBe(true);
    const jsonld = await app.app.inject({ method: 'GET', url: `/api/v1/credentials/${id}/download?format=jsonld` });
    expect(jsonld.headers['content-type']).toMatch(/^application\/vc/);
    expect(jsonld.headers['content-disposition']).toBe(`attachment; filename="credential-${id}.json"`);
    expect(JSON.parse(jsonld.body)).toEqual(vc);
  });

  it('issues at once when the writer asks with requestIssue, without waiting for the sweep', async () => {
    const id = await award(app, await holder(app, 'prompt@example.org'));
    await app.platform.database.db.transaction().execute((tx) => requestIssue(tx, id, app.clock.now()));
    await app.worker.drain(); // the clock has not moved: only the requested job runs, not a new sweep
    expect((await getCredential(id)).credential).toMatchObject({ id: `urn:uuid:${id}` });
    const job = await app.platform.database.db.selectFrom('jobs').select(['status', 'progress']).where('idempotency_key', '=', `credentials.issue:${id}`).executeTakeFirstOrThrow();
    expect(job.status).toBe('done');
    expect(JSON.parse(job.progress ?? '{}')).toMatchObject({ done: 1, total: 1 });
  });

  it('is accepted by an independent verifier fetching our DID document and status list over HTTP', async () => {
    const { vc } = await issued('member');
    vi.stubGlobal('fetch', async (input: string | URL | Request) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const r = await http.get(url);
      return new Response(r.status === 200 ? r.body : 'not found', { status: r.status, headers: { 'content-type': 'application/json' } });
    });
    const result: any = await independentVerify({ credential: vc, knownDIDRegistries: [] } as never);
    const log = Object.fromEntries((result.log ?? []).map((e: { id: string; valid: boolean }) => [e.id, e.valid]));
    expect(result.errors).toBeUndefined();
    expect(log['valid_signature']).toBe(true);
    expect(log['revocation_status']).toBe(true);
  });

  it('serves the DID document, the issuer profile, the badge and the achievement', async () => {
    const did = await http.get(`${PUBLIC_URL}/.well-known/did.json`);
    expect(JSON.parse(did.body)).toMatchObject({ id: 'did:web:guild.example', assertionMethod: ['did:web:guild.example#key-1'] });
    const profile = JSON.parse((await http.get(`${PUBLIC_URL}/issuer`)).body);
    expect(profile).toMatchObject({ id: 'did:web:guild.example', type: ['Profile'], name: 'IT Service Management Guild', image: { id: `${PUBLIC_URL}/issuer/image.svg` } });
    const badge = await app.app.inject({ method: 'GET', url: '/badges/member.svg' });
    expect(badge.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(badge.body).toMatch(/^<svg[^>]*>.*Member.*MITSMG/s);
    expect((await app.app.inject({ method: 'GET', url: '/badges/nobody.svg' })).statusCode).toBe(404);
    const achievement = JSON.parse((await http.get(`${PUBLIC_URL}/achievements/itsm/member`)).body);
    expect(achievement).toMatchObject({ type: ['Achievement'], name: 'Member', creator: { id: 'did:web:guild.example' } });
  });

  it('names a linked holder DID in credentials issued after, and refuses what is not a did:key or did:web', async () => {
    const email = 'did-holder@example.org';
    const b = await signedInUser(app, email, ['member']);
    const bad = await b.req({ method: 'PUT', url: '/api/v1/me/holder-did', payload: { did: 'did:example:123456789' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/did:key.*did:web/);
    const did = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';
    const ok = await b.req({ method: 'PUT', url: '/api/v1/me/holder-did', payload: { did } });
    expect(ok.json()).toMatchObject({ did });
    const id = await award(app, b.user.user?.id ?? (await app.platform.database.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id);
    await sweep();
    const vc = (await getCredential(id)).credential as Json;
    expect(vc.credentialSubject.id).toBe(did);
    expect((await verifyServed(vc)).verified).toBe(true);
    expect((await b.req({ method: 'DELETE', url: '/api/v1/me/holder-did' })).json()).toEqual({ did: null, linkedAt: null });
  });
});

describe('status', () => {
  it('flips the bit in the served list at once and verification names the reason', async () => {
    const { id, vc } = await issued('member');
    const suspension = entryOf(vc, 'suspension');
    const revocation = entryOf(vc, 'revocation');
    expect(Number(suspension.statusListIndex)).toBeLessThan(131_072);
    expect(await listBit(suspension)).toBe(false);

    const s = await admin.req({ method: 'POST', url: `/api/v1/credentials/${id}/suspend`, payload: { reason: 'CPD shortfall after grace' } });
    expect(s.statusCode, s.body).toBe(200);
    expect(s.json()).toMatchObject({ id, status: 'suspended' });
    expect(await listBit(suspension)).toBe(true);
    const suspended = await verifyServed(vc);
    expect(suspended.verified).toBe(false);
    expect(check(suspended.checks, 'status').reason).toMatch(/has been suspended/);
    expect((await getCredential(id)).status).toBe('suspended');

    expect((await admin.req({ method: 'POST', url: `/api/v1/credentials/${id}/reinstate`, payload: { reason: 'CPD completed' } })).statusCode).toBe(200);
    expect(await listBit(suspension)).toBe(false);
    expect((await verifyServed(vc)).verified).toBe(true);

    expect((await admin.req({ method: 'POST', url: `/api/v1/credentials/${id}/revoke`, payload: { reason: 'Breach of the code of ethics' } })).statusCode).toBe(200);
    expect(await listBit(revocation)).toBe(true);
    const revoked = await verifyServed(vc);
    expect(check(revoked.checks, 'status').reason).toMatch(/has been revoked/);
    const again = await admin.req({ method: 'POST', url: `/api/v1/credentials/${id}/reinstate`, payload: { reason: 'Mistake' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toMatch(/revoked/);

    const audit = await app.platform.database.db.selectFrom('audit_log').select(['action', 'details']).where('subject_id', '=', id).orderBy('id').execute();
    expect(audit.map((a) => JSON.parse(a.details).to)).toEqual(['suspended', 'active', 'revoked']);
    expect(JSON.parse(audit[0]!.details).reason).toBe('CPD shortfall after grace');
  });

  it('lets other modules lapse a credential in their own transaction (the suspension bit), and only scheme administrators change status', async () => {
    const { id, vc } = await issued('associate');
    const member = await signedInUser(app, 'nosy@example.org', ['member']);
    expect((await member.req({ method: 'POST', url: `/api/v1/credentials/${id}/suspend`, payload: { reason: 'Because' } })).statusCode).toBe(403);
    await app.platform.database.db.transaction().execute((tx) => changeCredentialStatus(tx, id, 'lapsed', 'CPD not met a year after suspension', systemActor, app.clock.now()));
    await new Promise((r) => setTimeout(r, 300)); // another module's commit: caches see it within RECHECK_MS on PostgreSQL
    expect(await listBit(entryOf(vc, 'suspension'))).toBe(true);
    expect(await listBit(entryOf(vc, 'revocation'))).toBe(false);
    expect((await getCredential(id)).status).toBe('lapsed');
  });

  it('sets the bit for a record already suspended when its credential is issued, and answers 304 to a matching ETag', async () => {
    const { vc } = await issued('member', { status: 'suspended' });
    expect(await listBit(entryOf(vc, 'suspension'))).toBe(true);
    const url = entryOf(vc, 'suspension').statusListCredential.slice(PUBLIC_URL.length);
    const first = await app.app.inject({ method: 'GET', url });
    expect(first.headers['cache-control']).toBe('public, max-age=30');
    const second = await app.app.inject({ method: 'GET', url, headers: { 'if-none-match': String(first.headers.etag) } });
    expect(second.statusCode).toBe(304);
  });
});

describe('key rotation', () => {
  it('adds a key that signs new credentials while older credentials still verify; only system administrators rotate', async () => {
    const before = await issued('member');
    expect((await admin.req({ method: 'POST', url: '/api/v1/admin/issuer-keys' })).statusCode).toBe(403);
    const res = await sysadmin.req({ method: 'POST', url: '/api/v1/admin/issuer-keys' });
    expect(res.statusCode, res.body).toBe(200);
    const keys = res.json().keys as Json[];
    expect(keys.length).toBeGreaterThanOrEqual(2);
    const current = keys.find((k) => k.current) as Json;
    expect(current.number).toBe(Math.max(...keys.map((k) => k.number)));
    const did = JSON.parse((await http.get(`${PUBLIC_URL}/.well-known/did.json`)).body);
    expect(did.assertionMethod).toEqual(keys.map((k) => k.id));

    const after = await issued('fellow');
    expect(after.vc.proof.verificationMethod).toBe(current.id);
    expect((await verifyServed(after.vc)).verified).toBe(true);
    expect((await verifyServed(before.vc)).verified).toBe(true);
  });

  it('retires a key: it signs nothing new and stays in the DID document, so what it signed verifies; the last signing key stays', async () => {
    const keysNow = async () => (await sysadmin.req({ method: 'GET', url: '/api/v1/admin/issuer-keys' })).json().keys as Json[];
    const retire = (number: number | string, as = sysadmin) => as.req({ method: 'POST', url: `/api/v1/admin/issuer-keys/${number}/retire` });
    const old = await issued('member');
    const oldKey = (await keysNow()).find((k) => k.current) as Json;
    expect((await sysadmin.req({ method: 'POST', url: '/api/v1/admin/issuer-keys' })).statusCode).toBe(200);
    expect((await retire(oldKey.number, admin)).statusCode).toBe(403);

    const res = await retire(oldKey.number);
    expect(res.statusCode, res.body).toBe(200);
    const retired = (res.json().keys as Json[]).find((k) => k.id === oldKey.id) as Json;
    expect(retired).toMatchObject({ current: false, retiredAt: app.clock.now().toISOString() });
    const did = JSON.parse((await http.get(`${PUBLIC_URL}/.well-known/did.json`)).body);
    expect(did.assertionMethod).toContain(oldKey.id);
    expect(did.verificationMethod.map((m: Json) => m.id)).toContain(oldKey.id);
    expect(did.authentication).not.toContain(oldKey.id);
    expect((await verifyServed(old.vc)).verified).toBe(true);
    const fresh = await issued('fellow');
    expect(fresh.vc.proof.verificationMethod).not.toBe(oldKey.id);
    expect((await verifyServed(fresh.vc)).verified).toBe(true);
    const audited = await app.platform.database.db.selectFrom('audit_log').select(['subject_id']).where('action', '=', 'credentials.issuer_key_retired').execute();
    expect(audited.map((a) => a.subject_id)).toContain(oldKey.id);

    const again = await retire(oldKey.number);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toMatch(new RegExp(`Key ${oldKey.number} was already retired`));
    // Retire every other key that still signs but the newest; the newest then cannot be retired.
    const live = (await keysNow()).filter((k) => k.retiredAt === null);
    for (const k of live.filter((x) => !x.current)) expect((await retire(k.number)).statusCode).toBe(200);
    const last = live.find((k) => k.current) as Json;
    const refused = await retire(last.number);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toMatch(new RegExp(`Key ${last.number} is the only key that signs new credentials.*Add a new key first`));
    expect((await keysNow()).filter((k) => k.retiredAt === null).map((k) => k.id)).toEqual([last.id]);
    expect((await retire(999)).statusCode).toBe(404);
    expect((await retire('first')).json().error.code).toBe('VALIDATION_FAILED');
    for (const c of [old, fresh]) expect((await verifyServed(c.vc)).verified).toBe(true);
  });
});

describe('public answers', () => {
  it('gives the certificate as a PDF with the credential id, and the holder name only to the holder or when listed', async () => {
    const b = await signedInUser(app, 'pdf-holder@example.org', ['member']);
    const holderId = (await app.platform.database.db.selectFrom('users').select('id').where('email', '=', 'pdf-holder@example.org').executeTakeFirstOrThrow()).id;
    const id = await award(app, holderId, 'professional');
    await sweep();
    const res = await app.app.inject({ method: 'GET', url: `/api/v1/credentials/${id}/download?format=pdf` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="certificate-${id}.pdf"`);
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(res.rawPayload.toString('latin1')).toContain(id);
    expect(res.rawPayload.toString('latin1')).toContain(`${PUBLIC_URL}/verify?credential=${id}`);

    const anonymous = await getCredential(id);
    expect(anonymous.holderName).toBeNull();
    expect(anonymous.links).toMatchObject({ pdf: `${PUBLIC_URL}/api/v1/credentials/${id}/download?format=pdf`, verify: `${PUBLIC_URL}/verify?credential=${id}` });
    const linkedIn = new URL(anonymous.links.linkedIn);
    expect(linkedIn.origin + linkedIn.pathname).toBe('https://www.linkedin.com/profile/add');
    expect(Object.fromEntries(linkedIn.searchParams)).toMatchObject({ startTask: 'CERTIFICATION_NAME', name: 'Professional (PITSMG)', organizationName: 'IT Service Management Guild', certId: id, certUrl: `${PUBLIC_URL}/credentials/${id}` });
    expect((await b.req({ method: 'GET', url: `/api/v1/credentials/${id}` })).json().holderName).toBe('pdf-holder');
    await app.platform.database.db.insertInto('register_listings').values({ holder_id: holderId, listed: 1, show_country: 0, updated_at: app.clock.now().toISOString() }).execute();
    expect((await getCredential(id)).holderName).toBe('pdf-holder');
  });

  it('puts Open Graph tags in the HTML of the credential page, without the name of an unlisted holder', async () => {
    const { id } = await issued('member');
    const res = await app.app.inject({ method: 'GET', url: `/credentials/${id}`, headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain(`<meta property="og:title" content="Member (MITSMG) — IT Service Management Guild" />`);
    expect(res.body).toMatch(new RegExp(`<meta property="og:image" content="${PUBLIC_URL}/credentials/${id}/share.png\\?v=[\\w-]{16}" />`));
    expect(res.body).toContain('<meta property="og:image:type" content="image/png" />');
    expect(res.body).toContain('<meta property="og:image:width" content="1200" />');
    expect(res.body).toContain('<meta property="og:image:height" content="630" />');
    expect(res.body).toContain('<meta name="twitter:card" content="summary_large_image" />');
    expect(res.body).toContain(`<meta property="og:url" content="${PUBLIC_URL}/credentials/${id}" />`);
    expect(res.body).toMatch(/<meta property="og:description" content="A verifiable credential awarded by IT Service Management Guild on/);
    expect(res.body).not.toContain('Alex Holder');
    const missing = await app.app.inject({ method: 'GET', url: '/credentials/0190a5b2-7c1e-7abc-8def-0123456789ab', headers: { accept: 'text/html' } });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('og:title');
  });

  it('keeps a listed holder’s name as written in the page’s head, whatever replacement pattern it contains', async () => {
    // Each of String.replace's replacement patterns, which a replacement string would expand into parts of the page.
    const name = "A $$ B $& C $` D $' E $1 F $<x> G";
    const { id, holderId } = await issued('member');
    await app.platform.database.db.updateTable('users').set({ name }).where('id', '=', holderId).execute();
    await app.platform.database.db.insertInto('register_listings').values({ holder_id: holderId, listed: 1, show_country: 0, updated_at: app.clock.now().toISOString() }).execute();
    const res = await app.app.inject({ method: 'GET', url: `/credentials/${id}`, headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(200);
    const escaped = escapeXml(name);
    expect(escaped).toContain('$&amp; C $` D $&apos; E $1 F $&lt;x&gt;');
    expect(res.body).toContain(`<meta property="og:title" content="${escaped}: Member (MITSMG) — IT Service Management Guild" />`);
    expect(res.body.match(/<title>/g)).toHaveLength(1);
    expect(res.body.match(/<\/head>/g)).toHaveLength(1);
    expect(res.body.match(/<meta property="og:title"/g)).toHaveLength(1);
  });

  it('serves the page’s share picture as a 1200 × 630 PNG, rendered once per drawing, with the name only once the holder is listed', async () => {
    const holderId = await holder(app, 'share-holder@example.org');
    await app.platform.database.db.updateTable('users').set({ name: 'Łukasz Wiśniewski' }).where('id', '=', holderId).execute();
    const id = await award(app, holderId, 'fellow');
    await sweep();
    const imageOf = async () => {
      const page = await app.app.inject({ method: 'GET', url: `/credentials/${id}`, headers: { accept: 'text/html' } });
      const url = /<meta property="og:image" content="([^"]+)" \/>/.exec(page.body)?.[1] ?? '';
      expect(url.startsWith(`${PUBLIC_URL}/credentials/${id}/share.png?v=`)).toBe(true);
      return { page: page.body, path: url.slice(PUBLIC_URL.length) };
    };
    const unlisted = await imageOf();
    expect(unlisted.page).not.toContain('Łukasz');
    const res = await app.app.inject({ method: 'GET', url: unlisted.path });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const png = res.rawPayload;
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 630]);
    expect(png.length).toBeGreaterThan(10_000); // a drawing, not an empty canvas
    const again = await app.app.inject({ method: 'GET', url: unlisted.path });
    expect(again.rawPayload.equals(png)).toBe(true);
    const etag = String(res.headers.etag);
    expect((await app.app.inject({ method: 'GET', url: unlisted.path, headers: { 'if-none-match': etag } })).statusCode).toBe(304);

    // Listed: the name is on the page and in the picture, which is a new drawing with a new URL.
    await app.platform.database.db.insertInto('register_listings').values({ holder_id: holderId, listed: 1, show_country: 0, updated_at: app.clock.now().toISOString() }).execute();
    const listed = await imageOf();
    expect(listed.page).toContain('<meta property="og:title" content="Łukasz Wiśniewski: Fellow (FITSMG) — IT Service Management Guild" />');
    expect(listed.path).not.toBe(unlisted.path);
    const named = await app.app.inject({ method: 'GET', url: listed.path });
    expect(named.rawPayload.equals(png)).toBe(false);
    expect([named.rawPayload.readUInt32BE(16), named.rawPayload.readUInt32BE(20)]).toEqual([1200, 630]);
    // The old URL still answers (the current picture), briefly cached.
    expect((await app.app.inject({ method: 'GET', url: unlisted.path })).headers['cache-control']).toBe('public, max-age=300');
    expect((await app.app.inject({ method: 'GET', url: '/credentials/0190a5b2-7c1e-7abc-8def-0123456789ab/share.png' })).statusCode).toBe(404);
  });

  it('answers 404 with a clear message for an unknown or malformed id, and 400 for a bad format', async () => {
    for (const id of ['0190a5b2-7c1e-7abc-8def-0123456789ab', 'not-an-id']) {
      const res = await app.app.inject({ method: 'GET', url: `/api/v1/credentials/${id}` });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.message).toMatch(new RegExp(`No credential has the id "${id}"`));
      expect((await app.app.inject({ method: 'GET', url: `/api/v1/credentials/${id}/download?format=pdf` })).statusCode).toBe(404);
    }
    const { id } = await issued('member');
    for (const q of ['?format=docx', '', '?format=pdf&extra=1']) {
      const res = await app.app.inject({ method: 'GET', url: `/api/v1/credentials/${id}/download${q}` });
      expect(res.statusCode, q).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect((await app.app.inject({ method: 'GET', url: '/status/nope' })).statusCode).toBe(404);
  });
});
