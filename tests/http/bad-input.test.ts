import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientErrorHandler, frameworkErrors, registerErrorHandling } from '../../server/platform/http/error-handler.js';
import { registerWeb } from '../../server/platform/http/web.js';
import { type Browser, call, expectError, type Json, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { multipart, pdfBytes, withDefaultScheme } from '../portfolio/support.js';
import { approvedProvider } from '../cpd/standards-support.js';

/*
 * Bad input of every kind is a 4xx in the error shape: control characters in any string (refused once,
 * for every route), malformed multipart bodies, and what Fastify and Node's parser refuse themselves.
 */
let app: TestApp;
let member: Browser & { id: string };
let uploader: Browser & { id: string };
let itemId: string;
let port: number;

beforeAll(async () => {
  app = await testApp();
  await withDefaultScheme(app);
  const admin = await signedInUser(app, 'scheme@example.org', ['scheme_admin']);
  member = await signedInUser(app, 'member@example.org', ['member']);
  uploader = await signedInUser(app, 'provider@example.org', ['event_organiser']);
  await approvedProvider(admin, 'bad-input-academy', [{ code: 'B1', type: 'training', title: 'Course', hours: 2 }], ['provider@example.org']);
  const item = await member.req({ method: 'POST', url: '/api/v1/me/portfolio/items', payload: { kind: 'contribution', type: 'talk', title: 'A talk', date: '2026-01-10' } });
  expect(item.statusCode, item.body).toBe(201);
  itemId = item.json().id;
  await app.app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.app.server.address() as net.AddressInfo).port;
});
afterAll(async () => {
  await app?.close();
});

const activity = (over: Json = {}): Json => ({ type: 'training', title: 'Course', occurredOn: '2026-05-10', hours: 2, provider: 'Acme', learned: 'Something', apply: 'Somehow', details: {}, ...over });
const issues = (err: Json) => err.details.issues as Array<{ path: string; message: string }>;

/** Sends raw bytes over TCP and gives back the status line and the body. */
function raw(text: string): Promise<{ status: number; body: Json }> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => s.write(text));
    let out = '';
    s.on('data', (d) => {
      out += d;
    });
    s.on('error', reject);
    s.on('close', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(out)?.[1]);
      const at = out.indexOf('\r\n\r\n');
      const head = out.slice(0, at);
      let body = out.slice(at + 4);
      // A chunked answer: take the JSON between the chunk sizes.
      if (/transfer-encoding: chunked/i.test(head)) body = body.slice(body.indexOf('\r\n') + 2, body.lastIndexOf('}') + 1);
      resolve({ status, body: JSON.parse(body) });
    });
  });
}
const shaped = { error: { code: expect.any(String), message: expect.any(String), details: expect.any(Object) } };

describe('control characters are refused in every string, naming the field', () => {
  it('a NUL in a JSON string: 400 with the field and the position', async () => {
    const err = expectError(await member.req({ method: 'PATCH', url: '/api/v1/me', payload: { name: 'Ann Lee\u0000' } }), 400, 'VALIDATION_FAILED');
    expect(err.message).toBe('body.name: remove the control character at position 8');
    expect(issues(err)).toEqual([{ path: 'body.name', message: 'remove the control character at position 8' }]);
  });

  it.each([
    ['ESC', 'Ann\u001b[31m'],
    ['DEL', 'Ann\u007f'],
    ['C1', 'Ann\u0085'],
    ['a lone surrogate', 'Ann\ud800'],
    ['U+FFFF', 'Ann\uffff'],
    ['U+FFFE', 'Ann\ufffe'],
    ['a line break in a one-line field', 'Ann\nLee'],
    ['a tab in a one-line field', 'Ann\tLee'],
  ])('%s in a name is refused at the contract', async (_what, name) => {
    const err = expectError(await member.req({ method: 'PATCH', url: '/api/v1/me', payload: { name } }), 400, 'VALIDATION_FAILED');
    expect(issues(err)[0]).toMatchObject({ path: 'body.name', message: expect.stringContaining('position 4') });
    const signUp = expectError(await call(app, { method: 'POST', url: '/api/v1/auth/sign-up', payload: { email: 'new@example.org', name, password: 'a long enough passphrase 2026' } }), 400, 'VALIDATION_FAILED');
    expect(issues(signUp)[0]?.path).toBe('body.name');
  });

  it('keeps tab, line feed and carriage return in multi-line fields, and refuses NUL there', async () => {
    const ok = await member.req({ method: 'POST', url: '/api/v1/me/cpd/activities', payload: activity({ learned: 'First\r\nSecond\tindented' }) });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().learned).toBe('First\r\nSecond\tindented');
    const err = expectError(await member.req({ method: 'POST', url: '/api/v1/me/cpd/activities', payload: activity({ apply: 'Use\nit\u0000' }) }), 400, 'VALIDATION_FAILED');
    expect(issues(err)).toEqual([{ path: 'body.apply', message: 'remove the control character at position 7' }]);
    // The title beside them is one line.
    const title = expectError(await member.req({ method: 'POST', url: '/api/v1/me/cpd/activities', payload: activity({ title: 'Two\nlines' }) }), 400, 'VALIDATION_FAILED');
    expect(issues(title)[0]).toMatchObject({ path: 'body.title', message: expect.stringContaining('line break') });
  });

  it('names a field deep in arrays and objects, and a field name with a control character', async () => {
    const plan = { goals: [{ text: 'Fine' }, { text: 'Bad\u0000' }], reminders: [] };
    const err = expectError(await member.req({ method: 'PUT', url: '/api/v1/me/cpd/plan', payload: plan }), 400, 'VALIDATION_FAILED');
    expect(issues(err)).toEqual([{ path: 'body.goals.1.text', message: 'remove the control character at position 4' }]);
    const key = expectError(await member.req({ method: 'PATCH', url: '/api/v1/me', payload: { 'na\u0000me': 'x' } }), 400, 'VALIDATION_FAILED');
    expect(issues(key)[0]).toMatchObject({ path: 'body.na?me', message: expect.stringContaining('field name') });
  });

  it('a NUL in a path parameter, even on a public route: 400, not 500', async () => {
    const err = expectError(await call(app, { method: 'GET', url: '/status/%00' }), 400, 'VALIDATION_FAILED');
    expect(issues(err)).toEqual([{ path: 'params.listId', message: 'remove the control character at position 1' }]);
    expectError(await member.req({ method: 'GET', url: '/api/v1/me/cpd/activities/a%00b' }), 400, 'VALIDATION_FAILED');
  });

  it('a NUL or other control character in the query string: 400 naming the parameter', async () => {
    const err = expectError(await call(app, { method: 'GET', url: '/api/v1/register?q=ann%00' }), 400, 'VALIDATION_FAILED');
    expect(issues(err)).toEqual([{ path: 'query.q', message: 'remove the control character at position 4' }]);
    expectError(await call(app, { method: 'GET', url: '/api/v1/register?q=a%0Ab' }), 400, 'VALIDATION_FAILED');
  });

  it('a control character in a multipart text field: 400 naming the field', async () => {
    const m = multipart({ title: 'Cert\u0000ificate', itemIds: itemId }, { name: 'c.pdf', type: 'application/pdf', bytes: pdfBytes() });
    const err = expectError(await member.req({ method: 'POST', url: '/api/v1/me/evidence', payload: m.payload, headers: m.headers }), 400, 'VALIDATION_FAILED');
    expect(issues(err)).toEqual([{ path: 'body.title', message: 'remove the control character at position 5' }]);
  });

  it('a control character in an uploaded file name: 400, nothing stored', async () => {
    const m = multipart({}, { name: 'cred\u0000its.csv', type: 'text/csv', bytes: Buffer.from('member_email,activity_code,date\nmember@example.org,B1,2026-01-01\n') });
    const err = expectError(await uploader.req({ method: 'POST', url: '/api/v1/cpd/imports', payload: m.payload, headers: m.headers }), 400, 'VALIDATION_FAILED');
    expect(issues(err)[0]).toMatchObject({ path: 'body.file', message: expect.stringContaining('file name') });
  });

  it('the JSON bodies a route reads by hand are checked too (uploadEvidence link, importCpdCredits rows)', async () => {
    const link = expectError(await member.req({ method: 'POST', url: '/api/v1/me/evidence', payload: { title: 'Rec\u0007ording', url: 'https://example.org/r', itemIds: [itemId] } }), 400, 'VALIDATION_FAILED');
    expect(issues(link)[0]?.path).toBe('body.title');
    const rows = expectError(await uploader.req({ method: 'POST', url: '/api/v1/cpd/imports', payload: { rows: [{ memberEmail: 'member@example.org', activityCode: 'B1\u0000', date: '2026-01-01' }] } }), 400, 'VALIDATION_FAILED');
    expect(issues(rows)[0]?.path).toBe('body.rows.0.activityCode');
  });

  it('nesting 10,000 levels deep is answered 400, not a stack overflow', async () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const res = await member.req({ method: 'PUT', url: '/api/v1/me/cpd/plan', payload: `{"goals":${deep},"reminders":[]}`, headers: { 'content-type': 'application/json' } });
    expectError(res, 400, 'VALIDATION_FAILED');
  });

  it('nothing with a NUL was stored', async () => {
    const db = app.platform.database.db;
    const names = (await db.selectFrom('users').select('name').execute()).map((r) => r.name);
    const texts = (await db.selectFrom('cpd_activities').select(['title', 'learned', 'apply']).execute()).flatMap((r) => [r.title, r.learned, r.apply]);
    expect(names.length + texts.length).toBeGreaterThan(3);
    expect([...names, ...texts].filter((t) => t?.includes('\u0000'))).toEqual([]);
  });
});

describe('malformed multipart bodies are 400 or 413 in the error shape', () => {
  const B = 'xBOUNDARYx';
  const part = (name: string, value: string, file?: string) =>
    `--${B}\r\nContent-Disposition: form-data; name="${name}"${file ? `; filename="${file}"\r\nContent-Type: ${file.endsWith('.csv') ? 'text/csv' : file.endsWith('.pdf') ? 'application/pdf' : 'application/json'}` : ''}\r\n\r\n${value}\r\n`;
  const bodies: Array<[string, string, string, number]> = [
    ['no boundary', 'multipart/form-data', part('file', '{}', 'a.json'), 400],
    ['a part never terminated', `multipart/form-data; boundary=${B}`, `--${B}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\nmember_email,`, 400],
    ['a broken part header', `multipart/form-data; boundary=${B}`, `--${B}\r\nContent-Disposition\r\n\r\nx\r\n--${B}--\r\n`, 400],
    ['a boundary over 256 characters', `multipart/form-data; boundary=${'b'.repeat(300)}`, `--${'b'.repeat(300)}\r\n`, 400],
    ['a part without a name', `multipart/form-data; boundary=${B}`, `--${B}\r\nContent-Disposition: form-data\r\n\r\nx\r\n--${B}--\r\n`, 400],
    ['no parts at all', `multipart/form-data; boundary=${B}`, 'nothing here', 400],
    ['a huge text field', `multipart/form-data; boundary=${B}`, `${part('title', 't'.repeat(200_000))}--${B}--\r\n`, 413],
    ['too many fields', `multipart/form-data; boundary=${B}`, `${Array.from({ length: 30 }, (_, i) => part(`f${i}`, 'v')).join('')}--${B}--\r\n`, 413],
  ];
  const routes: Array<[string, () => Browser | null]> = [
    ['/api/v1/me/evidence', () => member],
    ['/api/v1/cpd/imports', () => uploader],
    ['/api/v1/verify', () => null],
  ];
  for (const [url, who] of routes) {
    it.each(bodies)(`${url}: %s`, async (_what, type, payload, status) => {
      const b = who();
      const res = b ? await b.req({ method: 'POST', url, payload, headers: { 'content-type': type } }) : await call(app, { method: 'POST', url, payload, headers: { 'content-type': type } });
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json()).toEqual(shaped);
    });

    it(`${url}: two files where one is allowed is 400 naming the part`, async () => {
      const file = url.includes('imports') ? 'a.csv' : url.includes('evidence') ? 'a.pdf' : 'a.json';
      const payload = `${part('title', 'T')}${part('itemIds', itemId)}${part('file', url.includes('imports') ? 'member_email,activity_code,date\n' : '%PDF-1.4', file)}${part('file', '{}', file)}--${B}--\r\n`;
      const b = who();
      const opts = { method: 'POST' as const, url, payload, headers: { 'content-type': `multipart/form-data; boundary=${B}` } };
      const err = expectError(b ? await b.req(opts) : await call(app, opts), 400, 'VALIDATION_FAILED');
      expect(issues(err)).toEqual([{ path: 'body.file', message: 'Send one file only' }]);
    });
  }
});

describe('every error is in the error shape', () => {
  it('a broken %-escape in the path: 400 (inject and raw TCP)', async () => {
    expectError(await call(app, { method: 'GET', url: '/api/v1/credentials/%zz' }), 400, 'BAD_URL');
    expectError(await call(app, { method: 'GET', url: '/status/%E0%A4%A' }), 400, 'BAD_URL');
    expect(await raw('GET /api/v1/credentials/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toEqual({ status: 400, body: { error: { code: 'BAD_URL', message: expect.any(String), details: {} } } });
  });

  it('a broken %-escape in the query names the parameter or is taken literally, never 5xx', async () => {
    expectError(await call(app, { method: 'GET', url: '/api/v1/register?%zz=1' }), 400, 'VALIDATION_FAILED');
    expect((await call(app, { method: 'GET', url: '/api/v1/register?q=%zz' })).statusCode).toBe(200);
  });

  it('an over-long path parameter: 414', async () => {
    expectError(await call(app, { method: 'GET', url: `/status/${'a'.repeat(200)}` }), 414, 'URI_TOO_LONG');
  });

  it('an address over 16 KB: 414 (inject and raw TCP); over the parser limit: 431, still in the shape', async () => {
    expectError(await call(app, { method: 'GET', url: `/api/v1/register?q=${'a'.repeat(17_000)}` }), 414, 'URI_TOO_LONG');
    expect(await raw(`GET /api/v1/register?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`)).toMatchObject({ status: 414, body: { error: { code: 'URI_TOO_LONG' } } });
    expect(await raw(`GET /api/v1/register?q=${'a'.repeat(70_000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`)).toEqual({ status: 431, body: { error: { code: 'HEADERS_TOO_LARGE', message: expect.any(String), details: {} } } });
  });

  it('methods: one Node does not know (raw TCP) is 400, one the address does not take is 405 with Allow, all in the shape', async () => {
    expect(await raw('FOO /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toMatchObject({ status: 400, body: shaped });
    expect(await raw('PROPFIND /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toMatchObject({ status: 405, body: shaped });
    const patch = await call(app, { method: 'PATCH', url: '/api/health' });
    expectError(patch, 405, 'METHOD_NOT_ALLOWED');
    expect(patch.headers.allow).toBe('GET');
    const options = await call(app, { method: 'OPTIONS', url: '/api/v1/me' });
    expectError(options, 405, 'METHOD_NOT_ALLOWED');
    expect(options.headers.allow).toBe('GET, PATCH');
    expectError(await call(app, { method: 'DELETE', url: '/api/v1/no-such-thing' }), 404, 'NOT_FOUND');
  });

  it('requests that are not HTTP: 400 in the shape (raw TCP)', async () => {
    for (const text of ['hello\r\n\r\n', 'GET /status/a b HTTP/1.1\r\nHost: x\r\n\r\n', 'GET /status/\u0000 HTTP/1.1\r\nHost: x\r\n\r\n', 'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: x\r\n\r\n']) {
      expect(await raw(text)).toEqual({ status: 400, body: { error: { code: 'BAD_REQUEST', message: expect.any(String), details: {} } } });
    }
  });

  it("Fastify's own errors: unknown API paths, JSON parse errors, content types, prototype poisoning", async () => {
    expectError(await call(app, { method: 'GET', url: '/api/v1/nope' }), 404, 'NOT_FOUND');
    expectError(await call(app, { method: 'GET', url: '/vc-api/nope' }), 404, 'NOT_FOUND');
    const json = (payload: string, type = 'application/json') => call(app, { method: 'POST', url: '/api/v1/auth/sign-in', payload, headers: { 'content-type': type } });
    expectError(await json('{"email":'), 400, 'INVALID_JSON');
    expectError(await json('{"__proto__":{"admin":true}}'), 400, 'INVALID_JSON');
    expectError(await json(''), 400, 'VALIDATION_FAILED');
    expectError(await json('<a/>', 'text/xml'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectError(await json('{}', 'multipart/form-data; boundary=x'), 400, 'VALIDATION_FAILED');
  });

  it('errors of the static web handler are in the shape', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guildhall-web-'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>app</title>');
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'assets', 'app.js'), '1');
    const web = Fastify({ frameworkErrors, clientErrorHandler });
    registerErrorHandling(web);
    web.get('/status/:listId', async () => ({}));
    await registerWeb(web, dir);
    try {
      expect((await web.inject({ method: 'GET', url: '/assets/app.js' })).statusCode).toBe(200);
      // With the static files' wildcard in place, an over-long path parameter is still a 414.
      const long = await web.inject({ method: 'GET', url: `/status/${'a'.repeat(200)}` });
      expect(long.statusCode).toBe(414);
      expect(long.json()).toEqual({ error: { code: 'URI_TOO_LONG', message: expect.any(String), details: {} } });
      for (const url of [`/${'a'.repeat(300)}`, `/assets/${'a'.repeat(5000)}`, '/assets/app.js%00', '/a%00b', '/%zz', '/assets/', '/%2e%2e/%2e%2e/etc/passwd']) {
        const res = await web.inject({ method: 'GET', url, headers: { accept: 'application/json' } });
        expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, url).toBeLessThan(500);
        expect(res.json(), url).toEqual(shaped);
      }
    } finally {
      await web.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
