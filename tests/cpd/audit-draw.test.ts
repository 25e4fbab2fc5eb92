import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, expectError, type Json, mailsTo, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { withDefaultScheme } from '../portfolio/support.js';
import { holdCredential, manualActivity } from './standards-support.js';

/* The audit draw page's operations: startAuditDraw (seed shown, repeatable) and addTargetedAudit. */

let app: TestApp;
let admin: Browser & { id: string };
let assessor: Browser & { id: string };
const holders: Array<{ id: string; email: string }> = [];
const db = () => app.platform.database.db;

beforeAll(async () => {
  app = await testApp({ now: '2026-11-25T10:00:00.000Z' });
  const { versionId } = await withDefaultScheme(app);
  admin = await signedInUser(app, 'scheme@example.org', ['scheme_admin']);
  assessor = await signedInUser(app, 'assessor@example.org', ['assessor']);
  for (let i = 0; i < 30; i++) {
    const u = await signedInUser(app, `holder${i}@example.org`, ['member']);
    await holdCredential(app, versionId, u.id, '2025-03-01');
    await manualActivity(app, u.id, { occurredOn: '2026-02-10', hours: 4 });
    holders.push({ id: u.id, email: `holder${i}@example.org` });
  }
});
afterAll(async () => {
  await app?.close();
});

const draw = (body: Json) => admin.req({ method: 'POST', url: '/api/v1/cpd/audits/sample', payload: body });
const target = (b: Browser, body: Json) => b.req({ method: 'POST', url: '/api/v1/cpd/audits/targeted', payload: body });
const auditedFor = async (year: number) => (await db().selectFrom('cpd_audits').select('member_id').where('year', '=', year).orderBy('member_id').execute()).map((r) => r.member_id);

describe('startAuditDraw', () => {
  it('answers the seed it drew with, and the same seed draws the same holders again', async () => {
    const first = await draw({ year: 2030, rate: 0.2, targeted: false });
    expect(first.statusCode, first.body).toBe(200);
    const { seed, sampled, created } = first.json();
    expect(seed).toMatch(/^\S{8,}$/);
    expect(sampled).toBe(6);
    expect(created).toBe(6);
    const drawn = await auditedFor(2030);
    // Another year, the seed typed: the very same holders, though nothing is open for that year.
    const again = await draw({ year: 2031, rate: 0.2, targeted: false, seed });
    expect(again.json()).toMatchObject({ seed, sampled: 6 });
    // No audit opens for 2031: the same holders' activities are under audit already (2030), none left to ask for.
    expect(await auditedFor(2031)).toEqual([]);
    const same = await draw({ year: 2030, rate: 0.2, targeted: false, seed });
    expect(same.json()).toMatchObject({ seed, sampled: 6, created: 0 });
    expect(await auditedFor(2030)).toEqual(drawn);
    // The list tells scheme administrators the seed of each drawn audit (and no one else).
    const listed = (await admin.req({ method: 'GET', url: '/api/v1/cpd/audits?scope=all' })).json().items as Array<{ year: number; seed: string | null }>;
    expect(listed.filter((a) => a.year === 2030).map((a) => a.seed)).toEqual(Array(6).fill(seed));
    const byAssessor = (await assessor.req({ method: 'GET', url: '/api/v1/cpd/audits?scope=all' })).json().items as Array<{ seed: string | null }>;
    expect(byAssessor.length).toBe(6);
    expect(byAssessor.every((a) => a.seed === null)).toBe(true);
    // Each draw is recorded with its seed.
    const other = await db().selectFrom('audit_log').select('details').where('action', '=', 'cpd.audit_sample_drawn').execute();
    expect(other.map((o) => JSON.parse(o.details).seed)).toEqual([seed, seed, seed]);
  });
});

describe('addTargetedAudit', () => {
  it('opens an audit of one holder with the reason they are told, once a year', async () => {
    const drawn = new Set(await auditedFor(2030));
    const h = holders.find((x) => !drawn.has(x.id))!;
    expectError(await target(assessor, { email: h.email, reason: 'A complaint' }), 403, 'FORBIDDEN');
    const unknown = expectError(await target(admin, { email: 'nobody@example.org', reason: 'A complaint' }), 400, 'VALIDATION_FAILED');
    expect(unknown.details.issues).toEqual([expect.objectContaining({ path: 'body.email' })]);
    expectError(await target(admin, { email: h.email, reason: '' }), 400, 'VALIDATION_FAILED');

    const res = await target(admin, { email: h.email.toUpperCase(), reason: 'A complaint about a claimed course' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ memberId: h.id, reason: 'targeted', reasonDetail: 'A complaint about a claimed course', status: 'requested', year: 2026 });
    expect(res.json().items).toHaveLength(1);
    expect(res.json().dueAt.slice(0, 10)).toBe('2027-02-23');
    expect((await mailsTo(app, h.email)).map((m) => m.template)).toContain('cpd_audit_requested');
    expectError(await target(admin, { email: h.email, reason: 'Again' }), 409, 'CONFLICT');
  });
});
