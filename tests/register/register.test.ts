import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshRegisterEntry } from '../../server/modules/register/index.js';
import { auditEntries, type Browser, call, expectError, type Json, makeUser, signIn, PASSWORD, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { holder, list, schemeVersion } from './support.js';

let app: TestApp;
let versionId: string;
let anna: { id: string; credentialIds: string[] };
let sean: { id: string; credentialIds: string[] };
let quiet: { id: string; credentialIds: string[] };
beforeAll(async () => {
  app = await testApp();
  versionId = await schemeVersion(app);
  anna = await holder(app, versionId, { email: 'anna@example.org', name: 'Anna Müller', country: 'DE', levels: ['associate', 'member'] });
  sean = await holder(app, versionId, { email: 'sean@example.org', name: "Seán O'Brien", country: 'IE', levels: ['professional'], status: 'suspended' });
  quiet = await holder(app, versionId, { email: 'quiet@example.org', name: 'Anna Mullins', country: 'GB' });
});
afterAll(async () => {
  await app?.close();
});

const search = (qs: string) => call(app, { method: 'GET', url: `/api/v1/register?${qs}` });
async function found(qs: string): Promise<Json> {
  const res = await search(qs);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.body).not.toContain('@');
  return res.json();
}
const names = async (qs: string) => ((await found(qs)).results as Array<{ name: string }>).map((r) => r.name);
const optIn = (b: Browser, listed: boolean, showCountry = false) => b.req({ method: 'PUT', url: '/api/v1/me/register-listing', payload: { listed, showCountry } });

describe('listing in the register', () => {
  it('is off until the member opts in; opting in lists them, with the country only when they say so', async () => {
    const b = await signIn(app, 'anna@example.org');
    const before = await b.req({ method: 'GET', url: '/api/v1/me/register-listing' });
    expect(before.json()).toEqual({ listed: false, showCountry: false, listCertifications: false, listResponsibility: false, country: 'DE', credentials: 2, preview: null });
    expect(await names('q=mull')).toEqual([]);

    const on = await optIn(b, true);
    expect(on.statusCode, on.body).toBe(200);
    expect(on.json()).toMatchObject({ listed: true, showCountry: false, preview: { name: 'Anna Müller', country: null } });
    expect(on.json().preview.credentials.map((c: Json) => c.levelName)).toEqual(['Member', 'Associate']);
    expect((await found('q=mull')).results).toEqual([on.json().preview]);
    expect(await names('country=DE')).toEqual([]);

    const withCountry = await optIn(b, true, true);
    expect(withCountry.json().preview.country).toBe('DE');
    expect(await names('country=de')).toEqual(['Anna Müller']);
    const entries = await auditEntries(app, 'register.listing_updated');
    expect(entries.at(-1)).toMatchObject({ actor_id: anna.id, subject_id: anna.id, details: { listed: true, showCountry: true } });
  });

  it('follows a listed holder who changes their name or country', async () => {
    const b = await signIn(app, 'quiet@example.org');
    await optIn(b, true, true);
    expect(await names('q=mullins')).toEqual(['Anna Mullins']);
    const renamed = await b.req({ method: 'PATCH', url: '/api/v1/me', payload: { name: 'Anna Mullins-Okoro', country: 'NG' } });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(await names('q=okoro')).toEqual(['Anna Mullins-Okoro']);
    expect(await names('q=okoro&country=NG')).toEqual(['Anna Mullins-Okoro']);
    expect(await names('q=okoro&country=GB')).toEqual([]);
    await optIn(b, false);
  });

  it('opting out removes the holder from every search at once', async () => {
    const b = await signIn(app, 'sean@example.org');
    await optIn(b, true, true);
    expect(await names('q=obr')).toEqual(["Seán O'Brien"]);
    const off = await optIn(b, false, true);
    expect(off.json()).toMatchObject({ listed: false, preview: null });
    for (const qs of ['q=obr', 'q=sean', 'country=IE', 'level=professional', `credentialId=${sean.credentialIds[0]}`]) expect(await names(qs)).toEqual([]);
    await optIn(b, true, true);
  });

  it('needs a signed-in user and a strict body', async () => {
    expectError(await call(app, { method: 'GET', url: '/api/v1/me/register-listing' }), 401, 'NOT_AUTHENTICATED');
    const b = await signIn(app, 'anna@example.org');
    expectError(await b.req({ method: 'PUT', url: '/api/v1/me/register-listing', payload: { listed: 'yes', showCountry: false } }), 400, 'VALIDATION_FAILED');
    expectError(await b.req({ method: 'PUT', url: '/api/v1/me/register-listing', payload: { listed: true, showCountry: false, email: true } }), 400, 'VALIDATION_FAILED');
  });
});

describe('searching the register', () => {
  it('finds word prefixes of any name, whatever the case, accents or apostrophes', async () => {
    expect(await names('q=mull')).toEqual(['Anna Müller']); // Anna Mullins is not listed
    expect(await names('q=M%C3%9CLL')).toEqual(['Anna Müller']);
    expect(await names("q=o'br")).toEqual(["Seán O'Brien"]);
    expect(await names('q=O%E2%80%99BRI')).toEqual(["Seán O'Brien"]);
    expect(await names('q=brien')).toEqual(["Seán O'Brien"]);
    expect(await names('q=sean')).toEqual(["Seán O'Brien"]);
    expect(await names('q=anna+mu')).toEqual(['Anna Müller']);
    expect(await names('q=anna+br')).toEqual([]);
    expect(await names('q=ller')).toEqual([]); // a prefix of a word, not any substring
  });

  it('filters by level and country, and shows every status as it is', async () => {
    expect(await names('level=professional')).toEqual(["Seán O'Brien"]);
    expect(await names('level=associate&country=DE')).toEqual(['Anna Müller']);
    expect(await names('level=associate&country=IE')).toEqual([]);
    expect(await names('q=sean&level=member')).toEqual([]);
    const r = await found('q=sean&level=professional');
    expect(r.results[0].credentials).toEqual([
      { id: sean.credentialIds[0], levelId: 'professional', levelName: 'Professional', postNominals: 'PITSMG', awardedAt: expect.any(String), status: 'suspended', url: `/credentials/${sean.credentialIds[0]}` },
    ]);
  });

  it('finds a listed holder by exact credential id and never an unlisted one', async () => {
    const id = anna.credentialIds[1] as string;
    expect(await names(`credentialId=${id}`)).toEqual(['Anna Müller']);
    expect(await names(`credentialId=${id.toUpperCase()}`)).toEqual(['Anna Müller']);
    expect(await names(`credentialId=${id}&country=IE`)).toEqual([]);
    expect(await names(`credentialId=${quiet.credentialIds[0]}`)).toEqual([]);
    expect(await names('q=mullins')).toEqual([]);
    expect(await names('country=GB')).toEqual([]);
  });

  it('follows a status change once the writer refreshes the entry', async () => {
    const db = app.platform.database.db;
    await db.transaction().execute(async (tx) => {
      await tx.updateTable('credentials').set({ status: 'revoked' }).where('id', '=', anna.credentialIds[0] as string).execute();
      await refreshRegisterEntry(tx, anna.id, app.clock.now());
    });
    const r = await found('q=muller');
    expect(r.results[0].credentials.map((c: Json) => c.status)).toEqual(['active', 'revoked']);
    await db.transaction().execute(async (tx) => {
      await tx.updateTable('credentials').set({ status: 'active' }).where('id', '=', anna.credentialIds[0] as string).execute();
      await refreshRegisterEntry(tx, anna.id, app.clock.now());
    });
  });

  it('pages by cursor in a stable order, each holder once even when two words match', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 23; i++) {
      const h = await holder(app, versionId, { email: `smith${i}@example.org`, name: i === 5 ? 'Smith Smithson' : `Pat Smith ${String.fromCharCode(65 + i)}`, country: i % 2 ? 'GB' : 'FR' });
      await list(app, h.id);
      ids.push(h.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Json = await found(`q=smi&limit=10${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.results.length).toBeLessThanOrEqual(10);
      seen.push(...page.results.map((r: Json) => r.name));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(23);
    expect(new Set(seen).size).toBe(23);
    expect(seen.filter((n) => n === 'Smith Smithson')).toHaveLength(1);
    expect(seen).toEqual(await pagesOf('q=smi&limit=10')); // the same order every time

    const fr = await pagesOf('country=FR&limit=5');
    expect(fr).toHaveLength(12);
    expect(fr).toEqual([...fr].sort((a, b) => a.localeCompare(b, 'en')));
    const members = await pagesOf('level=member&limit=7');
    expect(members).toContain('Anna Müller');
    expect(members).toHaveLength(24);
  });

  it('never says an e-mail address', async () => {
    for (const qs of ['q=a', 'q=smith', 'level=member&limit=50', 'country=GB&limit=50']) {
      const res = await search(qs);
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toMatch(/example\.org|@/);
    }
  });

  it('refuses unclear searches with a 400 that says what to fix', async () => {
    const issue = async (qs: string) => (expectError(await search(qs), 400, 'VALIDATION_FAILED').details.issues as Json[])[0];
    expect(await issue('')).toMatchObject({ path: 'querystring.q', message: expect.stringContaining('Enter a name') });
    expect(await issue('q=%27%27')).toMatchObject({ path: 'querystring.q' });
    expect(await issue('q=smith&limit=51')).toMatchObject({ path: expect.stringContaining('limit'), message: 'Ask for at most 50 a page' });
    expect(await issue('q=smith&limit=0')).toMatchObject({ path: expect.stringContaining('limit') });
    expect(await issue('credentialId=123')).toMatchObject({ path: expect.stringContaining('credentialId') });
    expect(await issue('country=GBR')).toMatchObject({ path: expect.stringContaining('country') });
    expect(await issue('q=smith&cursor=nonsense')).toMatchObject({ path: 'querystring.cursor' });
    const page = await found('q=smi&limit=2');
    expect(await issue(`level=member&cursor=${page.nextCursor}`)).toMatchObject({ path: 'querystring.cursor' });
    expect(await issue(`q=zed&cursor=${page.nextCursor}`)).toMatchObject({ path: 'querystring.cursor' }); // another prefix's cursor
    expectError(await search('q=smith&sort=name'), 400, 'VALIDATION_FAILED');
    expect(await names('q=&country=&credentialId=&cursor=&level=professional')).toEqual(["Seán O'Brien"]); // empty means not given
    expect(await issue('q=&level=&country=&credentialId=')).toMatchObject({ path: 'querystring.q' });
  });

  it('lists the levels of the scheme in force for the form', async () => {
    const res = await call(app, { method: 'GET', url: '/api/v1/register/levels' });
    expect(res.statusCode).toBe(200);
    expect(res.json().levels.map((l: Json) => l.id)).toEqual(['student', 'associate', 'member', 'professional', 'fellow']);
  });
});

async function pagesOf(qs: string): Promise<string[]> {
  const out: string[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 20; i++) {
    const page: Json = await found(`${qs}${cursor ? `&cursor=${cursor}` : ''}`);
    out.push(...page.results.map((r: Json) => r.name));
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return out;
}

describe('employer checks', () => {
  let employer: Browser & { id: string };
  let tokenWith: string;
  let tokenWithout: string;
  beforeAll(async () => {
    employer = await signedInUser(app, 'hr@employer.example.com', ['employer_admin']);
    const make = async (scopes: string[]) => {
      const res = await employer.req({ method: 'POST', url: '/api/v1/me/api-tokens', payload: { currentPassword: PASSWORD, name: scopes.join(' '), scopes } });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().token as string;
    };
    tokenWith = await make(['register:read']);
    tokenWithout = await make(['account:read']);
  });
  const check = (token: string | null, credentialIds: unknown, remoteAddress?: string): Promise<LightMyRequestResponse> =>
    call(app, { method: 'POST', url: '/api/v1/register/checks', headers: token ? { authorization: `Bearer ${token}` } : {}, payload: { credentialIds }, ...(remoteAddress ? { remoteAddress } : {}) });

  it('answers each id in order: listed holders by name, unlisted ones without, unknown ids as not found', async () => {
    const unknown = '0190a5b2-7c1e-7abc-8def-0123456789ab';
    const res = await check(tokenWith, [sean.credentialIds[0], quiet.credentialIds[0], unknown, anna.credentialIds[0]]);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).not.toContain('@');
    const body = res.json();
    expect(body.checkedAt).toBe(app.clock.now().toISOString());
    expect(body.results).toEqual([
      { credentialId: sean.credentialIds[0], found: true, listed: true, holderName: "Seán O'Brien", levelId: 'professional', levelName: 'Professional', postNominals: 'PITSMG', status: 'suspended', awardedAt: expect.any(String), reviewAt: '2029-01-01T00:00:00.000Z', url: `/credentials/${sean.credentialIds[0]}` },
      expect.objectContaining({ credentialId: quiet.credentialIds[0], found: true, listed: false, holderName: null, levelName: 'Member', status: 'active' }),
      { credentialId: unknown, found: false },
      expect.objectContaining({ found: true, listed: true, holderName: 'Anna Müller', levelName: 'Associate' }),
    ]);
    expect(res.body).not.toContain('Mullins');
    expect((await auditEntries(app, 'register.credentials_checked')).at(-1)).toMatchObject({ actor_id: employer.id, details: { count: 4, found: 3, via: 'token' } });
  });

  it('takes an employer administrator session, and refuses members, tokens without the scope and strangers', async () => {
    const bySession = await employer.req({ method: 'POST', url: '/api/v1/register/checks', payload: { credentialIds: [anna.credentialIds[0]] } });
    expect(bySession.statusCode, bySession.body).toBe(200);
    expect(expectError(await check(tokenWithout, [anna.credentialIds[0]]), 403, 'FORBIDDEN').details).toEqual({ requiredScope: 'register:read' });
    const member = await signIn(app, 'anna@example.org');
    expectError(await member.req({ method: 'POST', url: '/api/v1/register/checks', payload: { credentialIds: [anna.credentialIds[0]] } }), 403, 'FORBIDDEN');
    expectError(await check(null, [anna.credentialIds[0]]), 401, 'NOT_AUTHENTICATED');
    expectError(await check('gh_not-a-real-token-at-all-00000', [anna.credentialIds[0]]), 401, 'NOT_AUTHENTICATED');
  });

  it('refuses 501 ids, malformed ids and an empty list with a clear 400', async () => {
    const many = Array.from({ length: 501 }, () => anna.credentialIds[0]);
    expect(expectError(await check(tokenWith, many), 400, 'VALIDATION_FAILED').details.issues[0]).toMatchObject({ message: 'Check at most 500 credential ids at once' });
    expect((await check(tokenWith, many.slice(1))).statusCode).toBe(200);
    const bad = expectError(await check(tokenWith, [anna.credentialIds[0], 'abc', "1' OR 1=1"]), 400, 'VALIDATION_FAILED');
    expect(bad.details.issues.map((i: Json) => i.path)).toEqual(['body.credentialIds.1', 'body.credentialIds.2']);
    expectError(await check(tokenWith, []), 400, 'VALIDATION_FAILED');
    expectError(await check(tokenWith, 'abc'), 400, 'VALIDATION_FAILED');
  });
});

describe('rate limits', () => {
  it('limits checks per token and searches per address', async () => {
    const small = await testApp({ env: { RATE_LIMIT_PER_MINUTE: '30' } }); // the register allows 3 a minute
    try {
      const v = await schemeVersion(small);
      const h = await holder(small, v, { email: 'h@example.org', name: 'Holder One', country: 'GB' });
      await list(small, h.id);
      await makeUser(small, { email: 'hr@example.com', roles: ['employer_admin'] });
      const b = await signIn(small, 'hr@example.com');
      const tokens: string[] = [];
      for (const name of ['one', 'two']) tokens.push((await b.req({ method: 'POST', url: '/api/v1/me/api-tokens', payload: { currentPassword: PASSWORD, name, scopes: ['register:read'] } })).json().token);
      const checkWith = (t: string) => small.app.inject({ method: 'POST', url: '/api/v1/register/checks', headers: { authorization: `Bearer ${t}` }, payload: { credentialIds: h.credentialIds }, remoteAddress: '10.9.9.9' });
      for (let i = 0; i < 3; i++) expect((await checkWith(tokens[0] as string)).statusCode).toBe(200);
      expectError(await checkWith(tokens[0] as string), 429, 'RATE_LIMITED');
      expect((await checkWith(tokens[1] as string)).statusCode).toBe(200); // same address, another token

      const searchFrom = (ip: string) => small.app.inject({ method: 'GET', url: '/api/v1/register?q=holder', remoteAddress: ip });
      for (let i = 0; i < 3; i++) expect((await searchFrom('10.8.8.8')).statusCode).toBe(200);
      expect((await searchFrom('10.8.8.8')).statusCode).toBe(429);
      expect((await searchFrom('10.8.8.9')).json().results).toHaveLength(1);
    } finally {
      await small.close();
    }
  });
});
