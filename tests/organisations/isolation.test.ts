// One organisation's staff reach nothing of another's. Every operation of the OpenAPI document whose path
// names {organisationId} (read at test time, so each part's operations are covered as they are added) is
// called by organisation B's administrator, hr and an API token on organisation A's id: every answer is a
// refusal (403 or 404) and none holds anything of A's. Ids of A's own objects (invitations, domains,
// people) are tried under B's id as well.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../server/platform/ids.js';
import { randomToken, sha256 } from '../../server/platform/secrets.js';
import { type Browser, type Json, call, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { multipart } from '../portfolio/support.js';
import { activeOrganisation, linkToken } from './core-support.js';

type Op = { method: string; path: string; id: string; body: Json | undefined; multipart: boolean };
const methods = ['get', 'put', 'post', 'patch', 'delete'] as const;

let app: TestApp;
let a: Awaited<ReturnType<typeof activeOrganisation>>;
let b: Awaited<ReturnType<typeof activeOrganisation>>;
let bHr: Browser & { id: string };
let bToken: string;
let ops: Op[] = [];
const aIds: Record<string, string> = {};
/** What must never appear in an answer to B: A's name, slug, people's addresses and the ids of A's objects. */
let secrets: string[] = [];

beforeAll(async () => {
  app = await testApp();
  const staff = await signedInUser(app, 'staff@example.org', ['scheme_admin']);
  a = await activeOrganisation(app, staff, { name: 'Alpha Private Holdings', adminEmail: 'admin@alpha.example' });
  b = await activeOrganisation(app, staff, { name: 'Bravo Partners', adminEmail: 'admin@bravo.example' });

  // A's objects: an hr colleague, a pending invitation, a domain awaiting confirmation.
  await a.admin.req({ method: 'POST', url: `/api/v1/organisations/${a.id}/invites`, payload: { email: 'hr@alpha.example', role: 'hr' } });
  const aHr = await signedInUser(app, 'hr@alpha.example');
  await aHr.req({ method: 'POST', url: '/api/v1/organisation-invites/accept', payload: { token: await linkToken(app, 'hr@alpha.example', 'invites') } });
  const invited = await a.admin.req({ method: 'POST', url: `/api/v1/organisations/${a.id}/invites`, payload: { email: 'pending@alpha.example', role: 'line_manager' } });
  aIds.inviteId = invited.json().invites.find((i: Json) => i.email === 'pending@alpha.example').id;
  await a.admin.req({ method: 'POST', url: `/api/v1/organisations/${a.id}/domains`, payload: { domain: 'alpha.example', email: 'it@alpha.example' } });
  aIds.domainToken = await linkToken(app, 'it@alpha.example', 'domains');
  aIds.domain = 'alpha.example';
  aIds.userId = aHr.id;

  // B's hr and a token of B's administrator with every organisation scope.
  await b.admin.req({ method: 'POST', url: `/api/v1/organisations/${b.id}/invites`, payload: { email: 'hr@bravo.example', role: 'hr' } });
  bHr = await signedInUser(app, 'hr@bravo.example');
  await bHr.req({ method: 'POST', url: '/api/v1/organisation-invites/accept', payload: { token: await linkToken(app, 'hr@bravo.example', 'invites') } });
  bToken = `gh_${randomToken(32)}`;
  await app.platform.database.db
    .insertInto('api_tokens')
    .values({ id: newId(), user_id: b.admin.id, name: 'isolation', token_hash: sha256(bToken), prefix: bToken.slice(0, 10), scopes: JSON.stringify(['organisations:read', 'organisations:write', 'account:read', 'account:write']), created_at: app.clock.now().toISOString(), expires_at: null, last_used_at: null, revoked_at: null })
    .execute();

  secrets = ['Alpha Private Holdings', a.slug, 'admin@alpha.example', 'hr@alpha.example', 'pending@alpha.example', 'it@alpha.example', aIds.inviteId as string, aHr.id, a.admin.id];
  const doc = (await call(app, { method: 'GET', url: '/api/v1/openapi.json' })).json();
  for (const [path, item] of Object.entries<Json>(doc.paths)) {
    for (const m of methods) {
      const op = item[m];
      if (!op || !path.includes('{organisationId}')) continue;
      const schema = op.requestBody?.content?.['application/json']?.schema;
      const writes = ['post', 'put', 'patch'].includes(m);
      ops.push({ method: m.toUpperCase(), path, id: op.operationId, body: schema ? (sample(schema, doc, '') as Json) : undefined, multipart: writes && !schema });
    }
  }
  // Removing people and revoking run last, so the rest meet A's objects intact.
  ops = [...ops.filter((o) => o.method !== 'DELETE'), ...ops.filter((o) => o.method === 'DELETE')];
}, 60_000);
afterAll(async () => {
  await app?.close();
});

/** A's value for each path parameter, with `organisationId` given. */
function urlOf(op: Op, organisationId: string): string {
  const values: Record<string, string> = { ...aIds, organisationId };
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = values[name];
    // Another part's own objects: an id that A may own is as good as one it does not, for a refusal.
    return encodeURIComponent(v ?? newId());
  });
}

/** Values for fields whose format a schema gives only as a pattern. */
const known: Record<string, unknown> = { email: 'someone@alpha.example', domain: 'alpha.example', country: 'GB', slug: 'renamed', website: 'https://alpha.example', role: 'hr', name: 'Renamed', enabled: true };

/**
 * A body valid for an operation's JSON schema (required fields, enums, formats, lengths), so that the
 * organisation gate, not validation, answers B's staff.
 */
function sample(schema: Json, doc: Json, key: string): unknown {
  if (schema.$ref) return sample(doc.components.schemas[String(schema.$ref).split('/').pop() as string], doc, key);
  const first = schema.anyOf ?? schema.oneOf ?? schema.allOf;
  if (first) return sample(first.find((x: Json) => x.type !== 'null') ?? first[0], doc, key);
  if ('const' in schema) return schema.const;
  if (schema.enum) return schema.enum[0];
  if (key in known && schema.type !== 'object' && schema.type !== 'array') return known[key];
  switch (schema.type) {
    case 'object':
      // The required fields, and those of the known ones it has (a body of optional fields must not be empty).
      return Object.fromEntries(
        Object.keys(schema.properties ?? {})
          .filter((k) => schema.required?.includes(k) || k in known)
          .map((k) => [k, sample(schema.properties[k], doc, k)]),
      );
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => sample(schema.items ?? {}, doc, key));
    case 'integer':
    case 'number':
      return schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1);
    case 'boolean':
      return true;
    default:
      if (schema.format === 'email') return known.email;
      if (schema.format === 'date') return '2026-06-01';
      if (schema.format === 'date-time') return '2026-06-01T10:00:00.000Z';
      if (schema.format === 'uri') return 'https://alpha.example/x';
      return 'x'.repeat(Math.max(schema.minLength ?? 1, 10));
  }
}

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f1d6b00000000049454e44ae426082', 'hex');

type Caller = { name: string; send: (opts: { method: 'GET'; url: string; payload?: Json | Buffer; headers?: Record<string, string> }) => Promise<LightMyRequestResponse> };
const callers = (): Caller[] => [
  { name: "B's administrator", send: (o) => b.admin.req(o) },
  { name: "B's hr", send: (o) => bHr.req(o) },
  { name: "B's administrator's API token", send: (o) => call(app, { ...o, headers: { ...o.headers, authorization: `Bearer ${bToken}` } }) },
];

describe("one organisation's staff reach nothing of another's", () => {
  it('finds the organisation-scoped operations in the OpenAPI document', () => {
    const found = ops.map((o) => o.id);
    for (const id of ['getOrganisation', 'updateOrganisation', 'listOrganisationPeople', 'inviteOrganisationAdmin', 'revokeOrganisationInvite', 'changeOrganisationRole', 'removeOrganisationPerson', 'addOrganisationDomain', 'uploadOrganisationLogo']) {
      expect(found).toContain(id);
    }
  });

  it("every {organisationId} operation on A's id is refused to B's staff, with nothing of A's in the answer", async () => {
    const problems: string[] = [];
    for (const op of ops) {
      for (const c of callers()) {
        const upload = op.multipart ? multipart({}, { name: 'f.png', type: 'image/png', bytes: PNG }) : op.body !== undefined ? { payload: op.body as Json } : {};
        const res = await c.send({ method: op.method as 'GET', url: urlOf(op, a.id), ...upload });
        const where = `${op.id} (${op.method} ${op.path}) as ${c.name}: ${res.statusCode} ${res.body.slice(0, 160)}`;
        if (![403, 404].includes(res.statusCode)) problems.push(`${where} — expected 403 or 404`);
        const leaked = secrets.filter((s) => res.body.includes(s));
        if (leaked.length) problems.push(`${where} — answered with ${leaked.join(', ')}`);
      }
    }
    expect(problems).toEqual([]);
    // And A is untouched: its name, people and invitation are as they were.
    const aSeen = (await a.admin.req({ method: 'GET', url: `/api/v1/organisations/${a.id}/people` })).json();
    expect(aSeen.people.map((p: Json) => p.email).sort()).toEqual(['admin@alpha.example', 'hr@alpha.example']);
    expect(aSeen.invites.find((i: Json) => i.id === aIds.inviteId).state).toBe('pending');
    expect((await a.admin.req({ method: 'GET', url: `/api/v1/organisations/${a.id}` })).json().name).toBe('Alpha Private Holdings');
  });

  it("A's invitations, domains and people named under B's own id are not found", async () => {
    const tries: Array<[string, string, Json?]> = [
      ['DELETE', `/api/v1/organisations/${b.id}/invites/${aIds.inviteId}`],
      ['DELETE', `/api/v1/organisations/${b.id}/domains/${aIds.domain}`],
      ['PUT', `/api/v1/organisations/${b.id}/people/${aIds.userId}`, { role: 'admin' }],
      ['DELETE', `/api/v1/organisations/${b.id}/people/${aIds.userId}`],
    ];
    for (const [method, url, payload] of tries) {
      const res = await b.admin.req({ method: method as 'GET', url, ...(payload ? { payload } : {}) });
      expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(404);
    }
    // A's domain link, opened by B's administrator, confirms nothing.
    const res = await b.admin.req({ method: 'POST', url: '/api/v1/organisation-domains/verify', payload: { token: aIds.domainToken } });
    expect(res.statusCode).toBe(404);
    expect((await a.admin.req({ method: 'GET', url: `/api/v1/organisations/${a.id}` })).json().domains[0].verified).toBe(false);
    // B's lists hold nothing of A's.
    for (const url of ['/api/v1/organisations', '/api/v1/me/organisations', `/api/v1/organisations/${b.id}/people`, `/api/v1/organisations/${b.id}`]) {
      const body = (await b.admin.req({ method: 'GET', url })).body;
      expect(secrets.filter((s) => body.includes(s)), url).toEqual([]);
    }
  });
});
