import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scheme } from '../../contracts/scheme.js';
import { loadDefaultScheme } from '../../server/modules/schemes/default-scheme.js';
import { auditEntries, type Browser, expectError, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { certItem, withDefaultScheme, workItem } from '../portfolio/support.js';

let app: TestApp;
let admin: Browser & { id: string };
let member: Browser & { id: string };
let schemeId: string;
let firstVersionId: string;
beforeAll(async () => {
  app = await testApp();
  const s = await withDefaultScheme(app);
  schemeId = s.schemeId;
  firstVersionId = s.versionId;
  admin = await signedInUser(app, 'scheme-admin@example.org', ['scheme_admin']);
  member = await signedInUser(app, 'member@example.org');
  // Under version 1 this member reaches Member: ITSM work since 2018 at responsibility 4 and two certifications.
  for (const item of [workItem(), certItem('itil-v3-foundation'), certItem('iso20000-foundation')]) {
    const res = await member.req({ method: 'POST', url: '/api/v1/me/portfolio/items', payload: item });
    expect(res.statusCode, res.body).toBe(201);
  }
});
afterAll(async () => {
  await app?.close();
});

/** Version 2: an entry renamed, one retired, and Member made harder to reach. */
function secondVersion(): Scheme {
  const s = structuredClone(loadDefaultScheme());
  s.version = '2026.2';
  const rename = s.catalogue.find((e) => e.id === 'itil-v3-foundation')!;
  rename.renamedTo = 'itil4-foundation';
  s.catalogue.find((e) => e.id === 'iso20000-foundation')!.retired = true;
  s.levels.find((l) => l.id === 'member')!.requirements.minTotal = 240;
  return s;
}
const upload = (b: Browser, payload: object) => b.req({ method: 'POST', url: `/api/v1/schemes/${schemeId}/versions`, payload });
const eligibility = async () => {
  const res = await member.req({ method: 'GET', url: '/api/v1/me/eligibility' });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().evaluation;
};

describe('schemes as versioned data', () => {
  it('lists schemes and answers the published version with its content', async () => {
    const list = await member.req({ method: 'GET', url: '/api/v1/schemes' });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().schemes).toEqual([expect.objectContaining({ id: schemeId, key: 'itsm', current: expect.objectContaining({ id: firstVersionId, number: 1, status: 'published' }), drafts: [] })]);
    const byKey = await member.req({ method: 'GET', url: '/api/v1/schemes/itsm' });
    expect(byKey.statusCode, byKey.body).toBe(200);
    expect(byKey.json().content).toEqual(JSON.parse(JSON.stringify(loadDefaultScheme())));
    expectError(await member.req({ method: 'GET', url: '/api/v1/schemes/nope' }), 404, 'NOT_FOUND');
  });

  it('lets only scheme administrators upload, and names the fields of an invalid scheme', async () => {
    expectError(await upload(member, secondVersion()), 403, 'FORBIDDEN');
    const bad = { ...secondVersion(), levels: [{ id: 'Bad Id', name: '', order: -1, requirements: {} }] };
    const err = expectError(await upload(admin, bad), 400, 'VALIDATION_FAILED');
    const paths = (err.details.issues as Array<{ path: string }>).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['levels[0].id', 'levels[0].name', 'levels[0].order']));
    const renamedScheme = expectError(await upload(admin, { ...secondVersion(), id: 'other' }), 400, 'VALIDATION_FAILED');
    expect(renamedScheme.details.issues).toEqual([expect.objectContaining({ path: 'id' })]);
    const dropped = secondVersion();
    dropped.catalogue = dropped.catalogue.filter((e) => e.id !== 'itil-v3-expert');
    const removal = expectError(await upload(admin, dropped), 400, 'VALIDATION_FAILED');
    expect(removal.details.issues).toEqual([expect.objectContaining({ path: 'catalogue', message: expect.stringMatching(/itil-v3-expert.*retired/) })]);
  });

  it('stores a draft with its diff and impact, publishes it once, and keeps old items evaluating', async () => {
    const before = await eligibility();
    expect(before.reached).toMatchObject({ id: 'member' });
    const certsBefore = before.categories.find((c: { id: string }) => c.id === 'certifications').counted;

    const res = await upload(admin, secondVersion());
    expect(res.statusCode, res.body).toBe(201);
    const review = res.json();
    expect(review.version).toMatchObject({ number: 2, label: '2026.2', status: 'draft', publishedAt: null });
    expect(review.against).toMatchObject({ id: firstVersionId });
    expect(review.diff.map((c: { area: string; id: string }) => `${c.area}:${c.id}`).sort()).toEqual(['catalogue:iso20000-foundation', 'catalogue:itil-v3-foundation', 'level:member'].sort());
    expect(review.impact).toMatchObject({ members: 1, lower: 1, higher: 0 });
    expect(review.impact.levels.find((l: { id: string }) => l.id === 'member')).toMatchObject({ eligibleBefore: 1, eligibleAfter: 0, loseEligibility: 1 });
    const versionId = review.version.id as string;

    const again = await admin.req({ method: 'GET', url: `/api/v1/schemes/${schemeId}/versions/${versionId}/impact` });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().impact).toEqual(review.impact);
    expect((await admin.req({ method: 'GET', url: '/api/v1/schemes' })).json().schemes[0].drafts).toHaveLength(1);
    expect((await member.req({ method: 'GET', url: '/api/v1/schemes' })).json().schemes[0].drafts).toEqual([]);
    expectError(await member.req({ method: 'GET', url: `/api/v1/schemes/${schemeId}?versionId=${versionId}` }), 404, 'NOT_FOUND');
    expect((await eligibility()).reached).toMatchObject({ id: 'member' });

    expectError(await member.req({ method: 'POST', url: `/api/v1/schemes/${schemeId}/versions/${versionId}/publish` }), 403, 'FORBIDDEN');
    const pub = await admin.req({ method: 'POST', url: `/api/v1/schemes/${schemeId}/versions/${versionId}/publish` });
    expect(pub.statusCode, pub.body).toBe(200);
    expect(pub.json()).toMatchObject({ id: versionId, status: 'published', publishedBy: admin.id });
    const audits = await auditEntries(app, 'scheme.version_published');
    expect(audits.at(-1)).toMatchObject({ actor_id: admin.id, subject_id: versionId, details: { previous: firstVersionId, number: 2 } });
    expectError(await admin.req({ method: 'POST', url: `/api/v1/schemes/${schemeId}/versions/${versionId}/publish` }), 409, 'CONFLICT');
    expect((await member.req({ method: 'GET', url: '/api/v1/schemes/itsm' })).json().version).toMatchObject({ id: versionId, number: 2 });

    // Items naming the renamed and the retired entry still count, flagged, under the new version.
    const after = await eligibility();
    expect(after.scheme.version).toBe('2026.2');
    expect(after.categories.find((c: { id: string }) => c.id === 'certifications').counted).toBe(certsBefore);
    expect(after.flags.map((f: { code: string }) => f.code).sort()).toEqual(['RENAMED', 'RETIRED']);
    expect(after.reached).toMatchObject({ id: 'associate' });
    const retired = await member.req({ method: 'POST', url: '/api/v1/me/portfolio/items', payload: certItem('iso20000-foundation', { awardedOn: '2015-01-01' }) });
    expect(retired.statusCode, retired.body).toBe(201);
    expect(retired.json().meta.notices).toEqual([expect.objectContaining({ field: 'catalogueId', message: expect.stringMatching(/retired/) })]);
  });

  it('refuses changes to a published version in the database itself', async () => {
    const db = app.platform.database.db;
    await expect(db.updateTable('scheme_versions').set({ content: '{}' }).where('id', '=', firstVersionId).execute()).rejects.toThrow(/immutable/);
    await expect(db.deleteFrom('scheme_versions').where('id', '=', firstVersionId).execute()).rejects.toThrow(/immutable/);
    const row = await db.selectFrom('scheme_versions').select(sql<string>`content`.as('content')).where('id', '=', firstVersionId).executeTakeFirstOrThrow();
    expect(JSON.parse(row.content).version).toBe(loadDefaultScheme().version);
  });
});

describe('the OpenAPI document', () => {
  it('lists every scheme and portfolio operation', async () => {
    const doc = (await app.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    const ids = Object.values(doc.paths as Record<string, Record<string, { operationId?: string }>>).flatMap((ops) => Object.values(ops).map((o) => o.operationId));
    for (const op of ['listSchemes', 'getScheme', 'uploadSchemeVersion', 'getSchemeVersionImpact', 'publishSchemeVersion', 'getPortfolio', 'addPortfolioItem', 'updatePortfolioItem', 'deletePortfolioItem', 'uploadEvidence', 'getEvidenceFile', 'getEligibility', 'evaluateWhatIf'])
      expect(ids, op).toContain(op);
  });
});
