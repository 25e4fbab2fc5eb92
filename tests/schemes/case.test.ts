import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntries, type Browser, type Json, expectError, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { withDefaultScheme, workItem } from '../portfolio/support.js';

let app: TestApp;
let admin: Browser & { id: string };
let member: Browser & { id: string };
let schemeId: string;
beforeAll(async () => {
  app = await testApp();
  schemeId = (await withDefaultScheme(app)).schemeId;
  admin = await signedInUser(app, 'scheme-admin@example.org', ['scheme_admin']);
  member = await signedInUser(app, 'member@example.org');
  const res = await member.req({ method: 'POST', url: '/api/v1/me/portfolio/items', payload: workItem() });
  expect(res.statusCode, res.body).toBe(201);
});
afterAll(async () => {
  await app?.close();
});

const url = () => `/api/v1/schemes/${schemeId}/framework/case`;
const exportPackage = async (b: Browser = admin): Promise<Json> => {
  const res = await b.req({ method: 'GET', url: url() });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-disposition']).toMatch(/^attachment; filename=".+\.json"$/);
  return res.json();
};
const importPackage = (b: Browser, payload: object, query = '') => b.req({ method: 'POST', url: `${url()}${query}`, payload });
const itemOf = (pkg: Json, title: string) => pkg.CFItems.find((i: Json) => (i.abbreviatedStatement ?? i.fullStatement) === title);

describe('the framework as a CASE package', () => {
  it('exports the framework in force with stable identifiers, to every signed-in user', async () => {
    const pkg = await exportPackage(member);
    expect(pkg.CFDocument).toEqual(expect.objectContaining({ identifier: expect.any(String), title: 'Responsibility levels and ITSM skills', version: '2026.1' }));
    const levels = pkg.CFItems.filter((i: Json) => i.CFItemType === 'Responsibility Level');
    expect(levels.map((l: Json) => l.humanCodingScheme)).toEqual(['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7']);
    const incident = itemOf(pkg, 'Incident management');
    expect(incident).toEqual(expect.objectContaining({ CFItemType: 'Skill', identifier: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/) }));
    const group = pkg.CFAssociations.find((a: Json) => a.associationType === 'isChildOf' && a.originNodeURI.identifier === incident.identifier);
    expect(itemOf(pkg, 'Service support')?.identifier).toBe(group.destinationNodeURI.identifier);
    expect(new Set(pkg.CFAssociations.map((a: Json) => a.identifier)).size).toBe(pkg.CFAssociations.length);
    // Stable: the same identifiers on every export.
    expect(await exportPackage(admin)).toEqual(pkg);
    expectError(await member.req({ method: 'GET', url: '/api/v1/schemes/nope/framework/case' }), 404, 'NOT_FOUND');
  });

  it('imports its own export as a draft with no framework changes', async () => {
    const res = await importPackage(admin, await exportPackage());
    expect(res.statusCode, res.body).toBe(201);
    const review = res.json();
    expect(review.version).toEqual(expect.objectContaining({ status: 'draft', number: 2, label: '2026.1+case.2' }));
    expect(review.against).toEqual(expect.objectContaining({ number: 1, status: 'published' }));
    expect(review.diff).toEqual([]);
    expect(review.impact).toEqual(expect.objectContaining({ members: 1, higher: 0, lower: 0, unchanged: 1 }));
    const draft = await admin.req({ method: 'GET', url: `/api/v1/schemes/${schemeId}?versionId=${review.version.id}` });
    const current = await admin.req({ method: 'GET', url: `/api/v1/schemes/${schemeId}` });
    expect(draft.json().content.framework).toEqual(current.json().content.framework);
    const [entry] = (await auditEntries(app, 'scheme.framework_imported')).filter((e) => e.subject_id === review.version.id);
    expect(entry?.details).toEqual(expect.objectContaining({ schemeId, number: 2, label: '2026.1+case.2' }));
  });

  it('shows an added skill in the diff, keeps every other id, and the draft can be published', async () => {
    const pkg = await exportPackage();
    const group = itemOf(pkg, 'Service support');
    pkg.CFItems.push({ identifier: 'major-incident-case-id', fullStatement: 'Major incident management', humanCodingScheme: 'MIM', CFItemType: 'Skill' });
    pkg.CFAssociations.push({ associationType: 'isChildOf', originNodeURI: { identifier: 'major-incident-case-id' }, destinationNodeURI: { identifier: group.identifier } });
    // A renamed skill keeps its id: it is known by its CASE identifier.
    itemOf(pkg, 'Service desk').fullStatement = 'Service desk and support centre';
    const res = await importPackage(admin, pkg, '?version=2026.2');
    expect(res.statusCode, res.body).toBe(201);
    const review = res.json();
    expect(review.version.label).toBe('2026.2');
    expect(review.diff).toHaveLength(2);
    expect(review.diff).toEqual(expect.arrayContaining([
      expect.objectContaining({ area: 'skill', change: 'changed', id: 'service-desk' }),
      expect.objectContaining({ area: 'skill', change: 'added', id: 'major-incident-management' }),
    ]));
    const published = await admin.req({ method: 'POST', url: `/api/v1/schemes/${schemeId}/versions/${review.version.id}/publish` });
    expect(published.statusCode, published.body).toBe(200);
    const now = await member.req({ method: 'GET', url: `/api/v1/schemes/${schemeId}` });
    const skills = now.json().content.framework.skills as Json[];
    expect(skills.find((s) => s.id === 'major-incident-management')).toEqual({ id: 'major-incident-management', name: 'Major incident management', code: 'MIM', group: 'Service support', caseIdentifier: 'major-incident-case-id' });
    expect(skills.find((s) => s.id === 'service-desk')?.name).toBe('Service desk and support centre');
    // The member's work history still names skills the framework knows.
    const eligibility = await member.req({ method: 'GET', url: '/api/v1/me/eligibility' });
    expect(eligibility.statusCode, eligibility.body).toBe(200);
    // The next export carries the imported identifier as it is.
    expect(itemOf(await exportPackage(), 'Major incident management')?.identifier).toBe('major-incident-case-id');
  });

  it('answers 400 naming the path of each problem in a malformed package', async () => {
    const pkg = await exportPackage();
    pkg.CFItems[3].fullStatement = '';
    delete pkg.CFDocument.title;
    const err = expectError(await importPackage(admin, pkg), 400, 'VALIDATION_FAILED');
    const paths = err.details.issues.map((i: Json) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['CFDocument.title', 'CFItems[3].fullStatement']));
    expect(err.message).toContain('The CASE package has');
    const noLevels = await exportPackage();
    noLevels.CFItems = noLevels.CFItems.filter((i: Json) => i.CFItemType !== 'Responsibility Level' || i.humanCodingScheme === 'L1');
    const levelErr = expectError(await importPackage(admin, noLevels), 400, 'VALIDATION_FAILED');
    expect(levelErr.details.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'framework.responsibilityLevels', message: expect.stringContaining('Responsibility level 7') })]));
  });

  it('refuses an import that removes a skill old records name, naming it', async () => {
    const pkg = await exportPackage();
    const incident = itemOf(pkg, 'Incident management');
    pkg.CFItems = pkg.CFItems.filter((i: Json) => i !== incident);
    pkg.CFAssociations = pkg.CFAssociations.filter((a: Json) => a.originNodeURI.identifier !== incident.identifier);
    const err = expectError(await importPackage(admin, pkg), 400, 'VALIDATION_FAILED');
    expect(err.details.issues).toEqual([expect.objectContaining({ path: 'CFItems', message: expect.stringContaining('Skill "Incident management" (incident-management) was removed') })]);
    // Retiring it instead is accepted.
    const retired = await exportPackage();
    itemOf(retired, 'Incident management').statusEndDate = '2020-01-01';
    const res = await importPackage(admin, retired);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().diff).toEqual([expect.objectContaining({ area: 'skill', change: 'changed', id: 'incident-management' })]);
  });

  it('lets only scheme administrators import', async () => {
    const before = (await auditEntries(app, 'scheme.framework_imported')).length;
    expectError(await importPackage(member, await exportPackage(member)), 403, 'FORBIDDEN');
    expect(await auditEntries(app, 'scheme.framework_imported')).toHaveLength(before);
  });

  it('appears in the OpenAPI document under its operation ids', async () => {
    const doc = (await app.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    const path = doc.paths['/api/v1/schemes/{schemeId}/framework/case'];
    expect(path?.get?.operationId).toBe('exportSchemeFramework');
    expect(path?.post?.operationId).toBe('importSchemeFramework');
  });
});
