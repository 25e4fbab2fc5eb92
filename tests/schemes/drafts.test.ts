import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scheme } from '../../contracts/scheme.js';
import { loadDefaultScheme } from '../../server/modules/schemes/default-scheme.js';
import { sha256 } from '../../server/platform/secrets.js';
import { auditEntries, type Browser, expectError, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { certItem, withDefaultScheme, workItem } from '../portfolio/support.js';

/*
 * Editing a scheme in the browser, through the API: the version file as stored, checking a draft without
 * saving it, saving (create, then compare-and-set on the revision), refusing a published version, publishing.
 */

let app: TestApp;
let admin: Browser & { id: string };
let otherAdmin: Browser & { id: string };
let member: Browser & { id: string };
let schemeId: string;
let firstVersionId: string;
beforeAll(async () => {
  app = await testApp();
  const s = await withDefaultScheme(app);
  schemeId = s.schemeId;
  firstVersionId = s.versionId;
  admin = await signedInUser(app, 'scheme-admin@example.org', ['scheme_admin']);
  otherAdmin = await signedInUser(app, 'second-admin@example.org', ['scheme_admin']);
  member = await signedInUser(app, 'member@example.org');
  // Reaches Member under the default scheme: ITSM work since 2018 at responsibility 4 and two certifications.
  for (const item of [workItem(), certItem('itil-v3-foundation'), certItem('iso20000-foundation')]) {
    const res = await member.req({ method: 'POST', url: '/api/v1/me/portfolio/items', payload: item });
    expect(res.statusCode, res.body).toBe(201);
  }
});
afterAll(async () => {
  await app?.close();
});

const memberThreshold = (s: Scheme) => s.levels.find((l) => l.id === 'member')!.requirements;
function withThreshold(points: number, label = '2026.2'): Scheme {
  const s = structuredClone(loadDefaultScheme());
  s.version = label;
  memberThreshold(s).minTotal = points;
  return s;
}
const save = (b: Browser, payload: object) => b.req({ method: 'POST', url: `/api/v1/schemes/${schemeId}/drafts`, payload });
const check = (b: Browser, content: object) => b.req({ method: 'POST', url: `/api/v1/schemes/${schemeId}/drafts/check`, payload: { content } });
const file = (b: Browser, versionId: string, q = '') => b.req({ method: 'GET', url: `/api/v1/schemes/${schemeId}/versions/${versionId}${q}` });

describe('getSchemeVersion', () => {
  it('answers the stored file byte for byte (its SHA-256 is the version’s), as an attachment when asked', async () => {
    const stored = await app.platform.database.db.selectFrom('scheme_versions').select(['content', 'sha256']).where('id', '=', firstVersionId).executeTakeFirstOrThrow();
    const res = await file(member, firstVersionId);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toBe(stored.content);
    expect(sha256(res.body)).toBe(stored.sha256);
    expect(res.headers.etag).toBe(`"${stored.sha256}"`);
    expect(res.headers['content-disposition']).toBeUndefined();
    expect(res.json()).toEqual(JSON.parse(JSON.stringify(loadDefaultScheme())));
    const download = await file(member, firstVersionId, '?download=true');
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename="itsm-[A-Za-z0-9.-]+\.json"$/);
    expectError(await file(member, 'no-such-version'), 404, 'NOT_FOUND');
    expectError(await file(member, firstVersionId, '?download=maybe'), 400, 'VALIDATION_FAILED');
  });
});

describe('saving a draft from the form', () => {
  let draftId: string;
  let revision: string;

  it('checks a draft without saving it, naming each field', async () => {
    expectError(await check(member, withThreshold(200)), 403, 'FORBIDDEN');
    const ok = await check(admin, withThreshold(200));
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ ok: true, problems: [] });
    const bad = withThreshold(-5);
    bad.levels[0]!.name = '';
    const res = await check(admin, bad);
    expect(res.statusCode, res.body).toBe(200);
    const paths = (res.json().problems as Array<{ path: string }>).map((p) => p.path);
    expect(res.json().ok).toBe(false);
    expect(paths).toEqual(expect.arrayContaining(['levels[0].name']));
    // Cross-references too: the same checks as an upload (a higher level needing fewer points).
    const lower = (await check(admin, withThreshold(1))).json();
    expect(lower.problems).toEqual(expect.arrayContaining([expect.objectContaining({ path: expect.stringMatching(/^levels\[\d\]\.requirements\.minTotal$/) })]));
    const drafts = await app.platform.database.db.selectFrom('scheme_versions').select('id').where('status', '=', 'draft').execute();
    expect(drafts).toEqual([]);
  });

  it('creates a draft with its review, then updates it at the revision it was loaded at', async () => {
    expectError(await save(member, { content: withThreshold(200) }), 403, 'FORBIDDEN');
    const invalid = expectError(await save(admin, { content: { ...withThreshold(200), id: 'other' } }), 400, 'VALIDATION_FAILED');
    expect(invalid.details.issues).toEqual([expect.objectContaining({ path: 'id' })]);

    const created = await save(admin, { content: withThreshold(200) });
    expect(created.statusCode, created.body).toBe(201);
    const review = created.json();
    expect(review.version).toMatchObject({ status: 'draft', label: '2026.2', number: 2 });
    expect(review.diff).toEqual([expect.objectContaining({ area: 'level', id: 'member', change: 'changed' })]);
    draftId = review.version.id;
    revision = review.version.sha256;
    const asFile = await file(admin, draftId);
    expect(sha256(asFile.body)).toBe(revision);
    expectError(await file(member, draftId), 404, 'NOT_FOUND');

    // Raising Member's threshold out of reach: the member who reaches Member today would lose it.
    const raised = await save(admin, { versionId: draftId, revision, content: withThreshold(240) });
    expect(raised.statusCode, raised.body).toBe(200);
    const after = raised.json();
    expect(after.version.id).toBe(draftId);
    expect(after.version.sha256).not.toBe(revision);
    expect(after.impact.levels.find((l: { id: string }) => l.id === 'member')).toMatchObject({ loseEligibility: 1 });
    expect(after.impact.lower).toBe(1);
    expect(JSON.parse((await file(admin, draftId)).body)).toEqual(JSON.parse(JSON.stringify(withThreshold(240))));
    const entries = await auditEntries(app, 'scheme.draft_saved');
    expect(entries.map((e) => e.subject_id)).toEqual([draftId, draftId]);
    expect(entries[1]!.details).toMatchObject({ previous: revision, sha256: after.version.sha256 });
    revision = after.version.sha256;
  });

  it('refuses a stale revision (two administrators on one draft) and keeps the first save', async () => {
    const first = await save(otherAdmin, { versionId: draftId, revision, content: withThreshold(230) });
    expect(first.statusCode, first.body).toBe(200);
    const stale = expectError(await save(admin, { versionId: draftId, revision, content: withThreshold(245) }), 409, 'CONFLICT');
    expect(stale.details.revision).toBe(first.json().version.sha256);
    expect(memberThreshold(JSON.parse((await file(admin, draftId)).body)).minTotal).toBe(230);
    expectError(await save(admin, { versionId: draftId, content: withThreshold(245) }), 400, 'VALIDATION_FAILED');
    expectError(await save(admin, { versionId: 'no-such-draft', revision, content: withThreshold(245) }), 404, 'NOT_FOUND');
    revision = first.json().version.sha256;
  });

  it('publishes the saved draft, after which it can no longer be edited', async () => {
    const pub = await admin.req({ method: 'POST', url: `/api/v1/schemes/${schemeId}/versions/${draftId}/publish` });
    expect(pub.statusCode, pub.body).toBe(200);
    expect(pub.json()).toMatchObject({ status: 'published', sha256: revision });
    const current = await member.req({ method: 'GET', url: `/api/v1/schemes/${schemeId}` });
    expect(memberThreshold(current.json().content).minTotal).toBe(230);
    const refused = expectError(await save(admin, { versionId: draftId, revision, content: withThreshold(235) }), 409, 'CONFLICT');
    expect(refused.message).toMatch(/published/);
    expectError(await save(admin, { versionId: firstVersionId, revision: 'x', content: withThreshold(235) }), 409, 'CONFLICT');
    // The member can read the published file now.
    expect(sha256((await file(member, draftId)).body)).toBe(revision);
  });
});

describe('the OpenAPI document', () => {
  it('names the operations the scheme and audit pages use, as the issue does', async () => {
    const doc = (await app.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    const ids = Object.values(doc.paths as Record<string, Record<string, { operationId?: string }>>).flatMap((ops) => Object.values(ops).map((o) => o.operationId));
    for (const op of ['getSchemeVersion', 'checkSchemeDraft', 'saveSchemeDraft', 'startAuditDraw', 'addTargetedAudit']) expect(ids, op).toContain(op);
    expect(ids).not.toContain('runCpdAuditSample');
  });
});
