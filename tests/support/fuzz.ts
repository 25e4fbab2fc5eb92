import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import type { Role } from '../../contracts/accounts.js';
import { DEMO_MEMBER_EMAIL, seedDemo } from '../../server/demo/seed.js';
import { DEMO_PASSWORD } from '../../server/demo/people.js';
import { type Browser, call, makeUser, PASSWORD, signIn } from './accounts.js';
import type { TestApp } from './app.js';

/*
 * Schema-aware fuzzing: requests for every operation of the OpenAPI document, built from its
 * parameters and body schema, with valid-shaped values mixed with hostile ones. Shared by
 * tests/http/fuzz.test.ts (bounded, in `npm test`) and bench/fuzz.ts (many more runs).
 */

type Json = any;
type Schema = Record<string, Json>;
export type Operation = { id: string; method: string; path: string; params: Array<{ name: string; schema: Schema }>; query: Array<{ name: string; schema: Schema; required: boolean }>; body: Schema | null; responses: Record<string, Schema | undefined> };

/** Every operation of the document, in document order. */
export function operationsOf(doc: Json): Operation[] {
  const out: Operation[] = [];
  for (const [path, ops] of Object.entries<Json>(doc.paths)) {
    for (const [method, op] of Object.entries<Json>(ops)) {
      const params = (op.parameters ?? []) as Array<{ in: string; name: string; schema: Schema; required?: boolean }>;
      out.push({
        id: op.operationId ?? `${method} ${path}`,
        method: method.toUpperCase(),
        path,
        params: params.filter((p) => p.in === 'path').map((p) => ({ name: p.name, schema: p.schema })),
        query: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema, required: !!p.required })),
        body: op.requestBody?.content?.['application/json']?.schema ?? null,
        responses: Object.fromEntries(Object.entries<Json>(op.responses ?? {}).map(([status, r]) => [status, r?.content?.['application/json']?.schema])),
      });
    }
  }
  return out;
}

/** Ids that exist (some the caller's, most another's), e-mail addresses and the like, for valid-shaped values. */
/** Values to aim at: ids of real objects, addresses, and for some path parameters their own real values. */
export type Pool = { ids: string[]; emails: string[]; byParam?: Record<string, string[]> };

const nest = (depth: number): unknown => {
  let v: unknown = 'deep';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
};

/** Strings and values a careless parser or database trips over. */
export const hostileStrings = [
  '\u0000', 'a\u0000b', `${'x'.padEnd(12, 'y')}\u0000`, '\u0007', '\u001b[31mred', '\u007f', '\u0085', '\u009b', 'line\nbreak', 'tab\there', '\r\n',
  '\ud800', 'a\udfffb', '\uffff', '\ufffe', '\u202eevil', '\u200b', 'e\u0301\u0301\u0301', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', '👩🏽‍💻', '１２３', 'İı', 'ǅ', 'Ω≈ç√',
  "' OR 1=1 --", '"; DROP TABLE users; --', '<script>alert(1)</script>', '../../../etc/passwd', '%00', '%', '$&$`$\'', '$' + '{7*7}', '{{7*7}}', '\\', '',
  ' ', '0', '-1', '1e309', 'NaN', 'null', 'true', '[]', '{}', '0000-01-01', '9999-12-31', '2026-02-30', '1949-12-31', '0000-00-00',
];
const hostileValues: unknown[] = [
  null, true, false, 0, -1, 1.5, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 2, 1e308, -1e308, 1e-300, [], {}, [null], ['a', 1, null], { a: 1 }, { __proto__x: 1 },
];

export function hostile(pool: Pool): fc.Arbitrary<unknown> {
  return fc.oneof(
    // NUL first: PostgreSQL refuses it in text, so it finds the most.
    { weight: 3, arbitrary: fc.constantFrom('\u0000', 'a\u0000b', `${'x'.repeat(11)}\u0000`, '\u0000'.repeat(3)) },
    { weight: 4, arbitrary: fc.constantFrom(...hostileStrings) },
    { weight: 2, arbitrary: fc.constantFrom(...hostileValues) },
    { weight: 1, arbitrary: fc.constantFrom('x'.repeat(70_000), 'é'.repeat(20_000), '\u0000'.repeat(5000), '9'.repeat(400)) },
    { weight: 1, arbitrary: fc.constantFrom(nest(60), nest(3000)) },
    { weight: 2, arbitrary: fc.constantFrom(...pool.ids) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  );
}

const DATE = /^\^\\d\{4\}-\\d\{2\}-\\d\{2\}\$$/;
const isoDate = fc.date({ min: new Date('1940-01-01'), max: new Date('2035-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

/** A value shaped by the schema; each node is hostile now and then. */
export function fromSchema(s: Schema | undefined, doc: Json, pool: Pool, depth = 0): fc.Arbitrary<unknown> {
  const valid = validFromSchema(s ?? {}, doc, pool, depth);
  return depth > 6 ? valid : fc.oneof({ weight: 6, arbitrary: valid }, { weight: 1, arbitrary: hostile(pool) });
}

function validFromSchema(s: Schema, doc: Json, pool: Pool, depth: number): fc.Arbitrary<unknown> {
  if (s.$ref) return validFromSchema(doc.components.schemas[String(s.$ref).split('/').pop() as string] ?? {}, doc, pool, depth);
  if (s.const !== undefined) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
  const alts = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
  if (alts?.length) return fc.oneof(...alts.map((a) => fromSchema(a, doc, pool, depth + 1)));
  if (s.allOf?.length) return validFromSchema(s.allOf[0], doc, pool, depth);
  switch (s.type) {
    case 'string': {
      if (s.format === 'email') return fc.oneof(fc.constantFrom(...pool.emails), fc.emailAddress());
      if (s.format === 'uri') return fc.oneof(fc.constantFrom('https://example.org/a', 'http://127.0.0.1/x', 'https://[::1]/'), fc.webUrl());
      if (typeof s.pattern === 'string') {
        if (DATE.test(s.pattern)) return isoDate;
        try {
          return fc.stringMatching(new RegExp(s.pattern)).filter((v) => v.length <= (s.maxLength ?? 10_000));
        } catch {
          return fc.string({ maxLength: 20 });
        }
      }
      const max = Math.min(s.maxLength ?? 40, 40);
      const min = Math.min(s.minLength ?? 0, max);
      return fc.oneof(fc.constantFrom(...pool.ids), fc.string({ minLength: min, maxLength: max }));
    }
    case 'integer':
      return fc.integer({ min: s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -1000), max: s.maximum ?? 100_000 });
    case 'number': {
      const min = s.minimum ?? s.exclusiveMinimum ?? -1000;
      const max = s.maximum ?? 100_000;
      return fc.oneof(fc.integer({ min: Math.ceil(min), max: Math.floor(max) }), fc.double({ min, max, noNaN: true, noDefaultInfinity: true }));
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(fromSchema(s.items, doc, pool, depth + 1), { minLength: Math.min(s.minItems ?? 0, 3), maxLength: Math.min(s.maxItems ?? 4, 4) });
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, Schema>;
      const keys = Object.keys(props);
      if (!keys.length && s.additionalProperties && typeof s.additionalProperties === 'object') {
        const keyArb = s.propertyNames ? (validFromSchema(s.propertyNames, doc, pool, depth + 1) as fc.Arbitrary<string>) : fc.string({ maxLength: 12 });
        return fc.dictionary(keyArb.map(String), fromSchema(s.additionalProperties, doc, pool, depth + 1), { maxKeys: 3 });
      }
      const record = fc.record(Object.fromEntries(keys.map((k) => [k, fromSchema(props[k], doc, pool, depth + 1)])), { requiredKeys: (s.required ?? []).filter((k: string) => k in props) });
      // Now and then an unknown field beside them.
      return fc.oneof({ weight: 9, arbitrary: record }, { weight: 1, arbitrary: record.map((r) => ({ ...(r as object), ['\u0000x']: 1, unknownField: 'x' })) });
    }
    default:
      return fc.oneof(fc.constantFrom(...pool.ids), fc.jsonValue({ maxDepth: 2 }));
  }
}

/** Percent-encodes UTF-8 bytes (a lone surrogate goes as U+FFFD); never throws, unlike encodeURIComponent. */
export const encode = (v: unknown): string => {
  const text = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return Array.from(Buffer.from(text, 'utf8'), (b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
};

/** Raw address segments no encoder makes: broken escapes, encoded slashes and NUL, overlong UTF-8. */
const rawSegments = ['%00', 'a%00', '%zz', '%', '%E0%A4%A', '%C0%AF', '..%2F..%2F', '%00', '%2e%2e', 'a%ZZb', '%FF%FE'];

export type Body = { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'raw'; type: string; payload: string | Buffer };
export type FuzzRequest = { as: 'member' | 'admin'; url: string; body: Body };

const BOUNDARY = 'fuzzboundary';
const part = (name: string, value: string, file?: { filename: string; type: string }) =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"${file ? `; filename="${file.filename}"\r\nContent-Type: ${file.type}` : ''}\r\n\r\n${value}\r\n`;
/** Multipart bodies, well-formed and broken (no boundary, a part never ended, two files, a huge field). */
const multipartBodies: Body[] = [
  { kind: 'raw', type: 'multipart/form-data', payload: part('file', 'x', { filename: 'a.csv', type: 'text/csv' }) },
  { kind: 'raw', type: `multipart/form-data; boundary=${BOUNDARY}`, payload: `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.json"\r\nContent-Type: application/json\r\n\r\n{"a":` },
  { kind: 'raw', type: `multipart/form-data; boundary=${BOUNDARY}`, payload: `${part('file', 'a,b\n1,2', { filename: 'a.csv', type: 'text/csv' })}${part('file', '{}', { filename: 'b.json', type: 'application/json' })}--${BOUNDARY}--\r\n` },
  { kind: 'raw', type: `multipart/form-data; boundary=${BOUNDARY}`, payload: `${part('title', 't'.repeat(200_000))}--${BOUNDARY}--\r\n` },
  { kind: 'raw', type: `multipart/form-data; boundary=${BOUNDARY}`, payload: `${part('title', 'a\u0000b')}${part('itemIds', 'x')}${part('file', '%PDF-1.4\n', { filename: 'a.pdf', type: 'application/pdf' })}--${BOUNDARY}--\r\n` },
  { kind: 'raw', type: `multipart/form-data; boundary=${'b'.repeat(300)}`, payload: `--${'b'.repeat(300)}\r\n` },
  { kind: 'raw', type: `multipart/form-data; boundary=${BOUNDARY}`, payload: 'no parts at all' },
  { kind: 'raw', type: `multipart/form-data; boundary=${BOUNDARY}`, payload: `--${BOUNDARY}\r\nContent-Disposition: form-data\r\n\r\nx\r\n--${BOUNDARY}--\r\n` },
  { kind: 'raw', type: `multipart/form-data; boundary=${BOUNDARY}`, payload: `${Array.from({ length: 40 }, (_, i) => part(`f${i}`, 'v')).join('')}--${BOUNDARY}--\r\n` },
];
const rawBodies: Body[] = [
  { kind: 'raw', type: 'application/json', payload: '{"a":' },
  { kind: 'raw', type: 'application/json', payload: '' },
  { kind: 'raw', type: 'application/json', payload: '{"__proto__":{"x":1}}' },
  { kind: 'raw', type: 'application/json', payload: '{"constructor":{"prototype":{"x":1}}}' },
  { kind: 'raw', type: 'application/json', payload: `${'['.repeat(5000)}${']'.repeat(5000)}` },
  { kind: 'raw', type: 'application/json', payload: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]) },
  { kind: 'raw', type: 'application/json; charset=latin1', payload: '{}' },
  { kind: 'raw', type: 'text/xml', payload: '<a/>' },
  { kind: 'raw', type: 'application/x-www-form-urlencoded', payload: 'a=1' },
];

/** One request for an operation: path, query and body from the schemas, or hostile. */
export function requestFor(op: Operation, doc: Json, pool: Pool): fc.Arbitrary<FuzzRequest> {
  const segment = (name: string, schema: Schema) => {
    const own = pool.byParam?.[name];
    const valid = own?.length ? fc.oneof(fc.constantFrom(...own), fromSchema(schema, doc, pool)) : fromSchema(schema, doc, pool);
    return fc.oneof({ weight: 8, arbitrary: valid.map(encode) }, { weight: 1, arbitrary: fc.constantFrom(...rawSegments) }, { weight: 1, arbitrary: fc.constant('p'.repeat(3000)) });
  };
  const params = fc.tuple(...op.params.map((p) => segment(p.name, p.schema)));
  const query = fc.tuple(
    ...op.query.map((q) =>
      fc.option(
        fc.oneof({ weight: 8, arbitrary: fromSchema(q.schema, doc, pool).map((v) => (Array.isArray(v) ? v.map((x) => `${q.name}=${encode(x)}`).join('&') : `${q.name}=${encode(v)}`)) }, { weight: 1, arbitrary: fc.constantFrom(...rawSegments).map((r) => `${q.name}=${r}`) }),
        { freq: q.required ? 10 : 3 },
      ),
    ),
  );
  const extraQuery = fc.option(fc.constantFrom('unknown=1', '%zz=1', 'a[b]=1', `q=${'x'.repeat(20_000)}`, '__proto__=1'), { freq: 5 });
  const writes = op.method !== 'GET' && op.method !== 'HEAD' && op.method !== 'DELETE';
  const body: fc.Arbitrary<Body> = writes
    ? fc.oneof(
        { weight: 12, arbitrary: (op.body ? fromSchema(op.body, doc, pool) : hostile(pool)).map((value): Body => ({ kind: 'json', value })) },
        { weight: 1, arbitrary: fc.constantFrom(...rawBodies) },
        { weight: 2, arbitrary: fc.constantFrom(...multipartBodies) },
        { weight: 1, arbitrary: hostile(pool).map((value): Body => ({ kind: 'json', value })) },
      )
    : fc.constant({ kind: 'none' });
  return fc.record({ as: fc.constantFrom<'member' | 'admin'>('member', 'admin'), params, query, extraQuery, body }).map(({ as, params, query, extraQuery, body }) => {
    let i = 0;
    const path = op.path.replace(/\{[^}]+\}/g, () => params[i++] as string);
    const qs = [...query.filter((q): q is string => q !== null), ...(extraQuery ? [extraQuery] : [])].join('&');
    return { as, url: qs ? `${path}?${qs}` : path, body };
  });
}

/** The callers: a member with demo data, and a user holding every staff role. */
export type Callers = { member: Browser; admin: Browser };

/** events/core: the demo conferences' ids for their path parameters, so event operations reach past the lookup. */
async function eventParams(app: TestApp): Promise<Record<string, string[]>> {
  const db = app.platform.database.db;
  const of = async (t: 'event_rooms' | 'event_tracks' | 'event_ticket_types' | 'event_sessions') => (await db.selectFrom(t).select('id').orderBy('id').limit(3).execute()).map((r) => r.id);
  const events = await db.selectFrom('events').select(['id', 'slug']).execute();
  // `slug` names organisations' public profiles too.
  const orgs = await db.selectFrom('organisations').select('slug').limit(3).execute();
  return { eventId: events.map((e) => e.id), slug: [...events.map((e) => e.slug), ...orgs.map((o) => o.slug)], roomId: await of('event_rooms'), trackId: await of('event_tracks'), ticketTypeId: await of('event_ticket_types'), sessionId: await of('event_sessions') };
}

/** Seeds the demo body (members, applications, credentials, CPD) and gathers ids to aim at. */
export async function fuzzSetup(app: TestApp): Promise<{ doc: Json; pool: Pool; signInAll: (previous?: Callers) => Promise<Callers> }> {
  await seedDemo(app);
  const roles: Role[] = ['assessor', 'scheme_admin', 'event_organiser', 'employer_admin', 'system_admin'];
  const admin = await makeUser(app, { email: 'fuzz-admin@example.org', name: 'Fuzz Admin', roles });
  // The staff caller administers the demo's organisations, so organisation operations reach past the gate.
  const at = app.clock.now().toISOString();
  const organisations = await app.platform.database.db.selectFrom('organisations').select('id').execute();
  for (const o of organisations) {
    await app.platform.database.db.insertInto('organisation_members').values({ organisation_id: o.id, user_id: admin, role: 'admin', added_by: null, added_at: at }).execute();
  }
  const db = app.platform.database.db as unknown as { selectFrom: (t: string) => Json };
  const tables = ['users', 'applications', 'credentials', 'status_lists', 'portfolio_items', 'evidence', 'cpd_activities', 'cpd_providers', 'cpd_audits', 'cpd_imports', 'cpd_tracked_credentials', 'schemes', 'scheme_versions', 'jobs', 'outbox', 'api_tokens', 'information_requests', 'organisations', 'employment_links', 'sponsorships', 'webhook_endpoints', 'contact_messages'];
  const ids = new Set<string>(['00000000-0000-7000-8000-000000000000', 'member', '1']);
  for (const t of tables) {
    const rows = (await db.selectFrom(t).select('id').orderBy('id').limit(3).execute()) as Array<{ id: string | number }>;
    for (const r of rows) ids.add(String(r.id));
  }
  // Other people's addresses: guessing the callers' own passwords would lock them out of the run.
  const emails = ['applicant@demo.guildhall.test', 'scheme@demo.guildhall.test', 'nobody@example.org'];
  const doc = (await call(app, { method: 'GET', url: '/api/v1/openapi.json' })).json();
  return {
    doc,
    pool: { ids: [...ids], emails, byParam: { organisationId: organisations.map((o) => o.id), ...(await eventParams(app)) } },
    signInAll: async (previous?: Callers) => {
      // A session the last operation ended (sign-out, a password change) is replaced; a live one is kept.
      const live = async (b: Browser | undefined) => b && (await b.req({ method: 'GET', url: '/api/v1/me' })).statusCode === 200;
      return {
        member: (await live(previous?.member)) ? (previous as Callers).member : await signIn(app, DEMO_MEMBER_EMAIL, DEMO_PASSWORD),
        admin: (await live(previous?.admin)) ? (previous as Callers).admin : await signIn(app, 'fuzz-admin@example.org', PASSWORD),
      };
    },
  };
}

/** Sends a generated request as its caller. */
export function send(callers: Callers, op: Operation, r: FuzzRequest): Promise<LightMyRequestResponse> {
  const b = callers[r.as];
  const base = { method: op.method as 'GET', url: r.url };
  if (r.body.kind === 'none') return b.req(base);
  if (r.body.kind === 'json') return b.req({ ...base, payload: JSON.stringify(r.body.value) ?? 'null', headers: { 'content-type': 'application/json' } });
  return b.req({ ...base, payload: r.body.payload, headers: { 'content-type': r.body.type } });
}

/** Why an answer breaks the rules (a 5xx, or an error not in the error shape), or null. */
export function verdict(res: LightMyRequestResponse, op: Operation, doc: Json): string | null {
  if (res.statusCode >= 500) return `answered ${res.statusCode}: ${res.body.slice(0, 300)}`;
  if (res.statusCode < 400) return null;
  let body: Json;
  try {
    body = JSON.parse(res.body);
  } catch {
    return `answered ${res.statusCode} with a body that is not JSON: ${res.body.slice(0, 200)}`;
  }
  // An operation may declare another body for an error status (the W3C VC-API answers its verification result).
  const declared = op.responses[String(res.statusCode)];
  const alternatives = ((declared?.anyOf ?? [declared]) as Array<Schema | undefined>).map((a) => (a?.$ref ? doc.components.schemas[String(a.$ref).split('/').pop() as string] : a));
  for (const alt of alternatives) {
    if (alt && Array.isArray(alt.required) && !alt.properties?.error && alt.required.every((k: string) => body && typeof body === 'object' && k in body)) return null;
  }
  const e = body?.error;
  const ok = e && typeof e.code === 'string' && typeof e.message === 'string' && e.details && typeof e.details === 'object' && !Array.isArray(e.details) && Object.keys(body).length === 1;
  return ok ? null : `answered ${res.statusCode} outside the error shape: ${res.body.slice(0, 200)}`;
}

const describeRequest = (op: Operation, r: FuzzRequest): string => {
  const body = r.body.kind === 'none' ? '' : r.body.kind === 'json' ? JSON.stringify(r.body.value) ?? '' : `${r.body.type} ${String(r.body.payload)}`;
  return `${op.id} as ${r.as}: ${op.method} ${r.url.slice(0, 300)} ${body.slice(0, 300)}`;
};

export type FuzzStats = { requests: number; byStatus: Record<string, number>; operationsWith2xx: Set<string> };

/** Fuzzes one operation: `runs` requests, none may fail the verdict; then the server must still answer /api/health. */
export async function fuzzOperation(app: TestApp, callers: Callers, op: Operation, doc: Json, pool: Pool, opts: { runs: number; seed: number; stats: FuzzStats }): Promise<void> {
  await fc.assert(
    fc.asyncProperty(requestFor(op, doc, pool), async (r) => {
      const res = await send(callers, op, r);
      opts.stats.requests++;
      const cls = `${Math.floor(res.statusCode / 100)}xx`;
      opts.stats.byStatus[cls] = (opts.stats.byStatus[cls] ?? 0) + 1;
      if (res.statusCode < 300) opts.stats.operationsWith2xx.add(op.id);
      const why = verdict(res, op, doc);
      if (why) throw new Error(`${describeRequest(op, r)}\n  ${why}`);
    }),
    { seed: opts.seed, numRuns: opts.runs, endOnFailure: true },
  );
  const health = await call(app, { method: 'GET', url: '/api/health' });
  if (health.statusCode !== 200) throw new Error(`after ${op.id} /api/health answered ${health.statusCode}`);
}
