import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../server/platform/clock.js';
import { newId } from '../../server/platform/ids.js';
import { drawSample } from '../../server/modules/cpd/audits.rules.js';
import { type Browser, expectError, type Json, lastMail, mailsTo, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { withDefaultScheme } from '../portfolio/support.js';
import { holdCredential, manualActivity } from './standards-support.js';

let app: TestApp;
let admin: Browser & { id: string };
let assessor: Browser & { id: string };
let versionId: string;
const holders: string[] = [];
const db = () => app.platform.database.db;

beforeAll(async () => {
  app = await testApp({ now: '2026-11-25T10:00:00.000Z' });
  ({ versionId } = await withDefaultScheme(app));
  admin = await signedInUser(app, 'scheme@example.org', ['scheme_admin']);
  assessor = await signedInUser(app, 'assessor@example.org', ['assessor']);
  // 40 holders of an active credential, each with two ordinary claims this cycle.
  for (let i = 0; i < 40; i++) {
    const u = await signedInUser(app, `holder${i}@example.org`, ['member']);
    await holdCredential(app, versionId, u.id, '2025-03-01');
    await manualActivity(app, u.id, { occurredOn: '2026-02-10', hours: 4 });
    await manualActivity(app, u.id, { occurredOn: '2026-04-10', hours: 3, type: 'speaking' });
    holders.push(u.id);
  }
});
afterAll(async () => {
  await app?.close();
});

const sample = (body: Json) => admin.req({ method: 'POST', url: '/api/v1/cpd/audits/sample', payload: body });

describe('drawing the year’s audit', () => {
  it('samples 5% of holders reproducibly from the recorded seed, and never opens an audit twice', async () => {
    expectError(await assessor.req({ method: 'POST', url: '/api/v1/cpd/audits/sample', payload: {} }), 403, 'FORBIDDEN');
    const res = await sample({ seed: 'audit-2026', targeted: false });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ year: 2026, seed: 'audit-2026', population: 42 - 2, sampled: 2, targeted: 0, created: 2 });
    const audits = await db().selectFrom('cpd_audits').select(['member_id', 'seed', 'reason', 'due_at']).orderBy('member_id').execute();
    expect(audits.map((a) => a.member_id)).toEqual(drawSample(holders, 0.05, 'audit-2026').sort());
    expect(audits.every((a) => a.reason === 'random' && a.due_at === new Date(app.clock.now().getTime() + 90 * DAY).toISOString())).toBe(true);
    // The same seed again: the same holders, nothing new.
    expect((await sample({ seed: 'audit-2026', targeted: false })).json()).toMatchObject({ sampled: 2, created: 0 });
    const drawn = await db().selectFrom('audit_log').select('details').where('action', '=', 'cpd.audit_sample_drawn').execute();
    expect(drawn.map((d) => JSON.parse(d.details).seed)).toEqual(['audit-2026', 'audit-2026']);
  });

  it('tells each audited member which activities need which evidence by when', async () => {
    const a = await db().selectFrom('cpd_audits').innerJoin('users', 'users.id', 'cpd_audits.member_id').select(['cpd_audits.id', 'users.email']).orderBy('cpd_audits.id').executeTakeFirstOrThrow();
    const mail = await lastMail(app, a.email);
    expect(mail.subject).toBe('Your CPD record has been chosen for audit');
    expect(mail.text_body).toContain('by 2027-02-23');
    expect(mail.text_body).toContain('Formal training, 2026-02-10, 4 hours: A certificate of attendance or completion from the training provider');
    expect(mail.text_body).toContain('Speaking, 2026-04-10, 3 hours: The programme listing your talk, and the slides or a recording link');
    expect(mail.text_body).toContain(`/cpd/audits/${a.id}`);
  });

  it('adds targeted cases: a claim at the per-activity maximum and one logged long after it happened', async () => {
    const drawn = new Set(drawSample(holders, 0.05, 'audit-2026'));
    const [big, late] = holders.filter((h) => !drawn.has(h)) as [string, string];
    const bigId = await manualActivity(app, big, { occurredOn: '2026-06-01', hours: 15, title: 'Week-long bootcamp' });
    const lateId = await manualActivity(app, late, { occurredOn: '2026-01-02', hours: 2, loggedAt: '2026-11-20T10:00:00.000Z' });
    const res = (await sample({ seed: 'another-seed', rate: 0 })).json();
    expect(res).toMatchObject({ sampled: 0, targeted: 2, created: 2 });
    const items = await db().selectFrom('cpd_audit_items as i').innerJoin('cpd_audits as a', 'a.id', 'i.audit_id').select(['a.member_id', 'a.reason', 'a.reason_detail', 'i.activity_id']).where('a.seed', '=', 'another-seed').orderBy('a.member_id').execute();
    expect(items.map((i) => [i.member_id, i.reason, i.activity_id]).sort()).toEqual([[big, 'targeted', bigId], [late, 'targeted', lateId]].sort());
    expect(items.find((i) => i.member_id === late)!.reason_detail).toBe('logged 322 days after it happened');
    const flagged = await db().selectFrom('cpd_activities').select('audit_status').where('id', 'in', [bigId, lateId]).execute();
    expect(flagged.map((f) => f.audit_status)).toEqual(['requested', 'requested']);
  });
});

describe('answering and reviewing an audit', () => {
  let auditId: string;
  let member: Browser & { id: string };
  let items: [Json, Json];
  let evidence: string;

  beforeAll(async () => {
    member = await signedInUser(app, 'audited@example.org', ['member']);
    await holdCredential(app, versionId, member.id, '2025-03-01');
    await manualActivity(app, member.id, { occurredOn: '2026-03-01', hours: 12, title: 'Service design course' });
    await manualActivity(app, member.id, { occurredOn: '2026-05-01', hours: 10, title: 'Change enablement workshop' });
    // Everyone in a fresh year's draw at rate 1; only this member has unaudited claims left in 2027's population... so draw for 2027 with rate 1.
    const res = (await sample({ year: 2027, seed: 'all', rate: 1, targeted: false })).json();
    expect(res.created).toBeGreaterThan(0);
    auditId = (await db().selectFrom('cpd_audits').select('id').where('member_id', '=', member.id).where('year', '=', 2027).executeTakeFirstOrThrow()).id;
    evidence = newId();
    await db().insertInto('evidence').values({ id: evidence, member_id: member.id, kind: 'link', title: 'Course certificate', file_sha256: null, url: 'https://example.org/cert', created_at: app.clock.now().toISOString() }).execute();
  });

  it('shows the member their own audits only, and reviewers all of them', async () => {
    const mine = (await member.req({ method: 'GET', url: '/api/v1/cpd/audits' })).json().items;
    expect(mine.map((a: Json) => a.id)).toEqual([auditId]);
    expect(mine[0]).toMatchObject({ status: 'requested', itemCount: 2, decidedCount: 0, reason: 'random' });
    const all = (await assessor.req({ method: 'GET', url: '/api/v1/cpd/audits?status=requested' })).json().items;
    expect(all.length).toBeGreaterThan(3);
    const other = await signedInUser(app, 'nosy@example.org', ['member']);
    expectError(await other.req({ method: 'GET', url: `/api/v1/cpd/audits/${auditId}` }), 404, 'NOT_FOUND');
    const view = (await member.req({ method: 'GET', url: `/api/v1/cpd/audits/${auditId}` })).json();
    items = view.items as [Json, Json];
    expect(items.map((i: Json) => [i.title, i.hours, i.evidenceRequested])).toEqual([
      ['Service design course', 12, 'A certificate of attendance or completion from the training provider'],
      ['Change enablement workshop', 10, 'A certificate of attendance or completion from the training provider'],
    ]);
  });

  it('refuses evidence that is not the member’s own and answers that leave an activity out', async () => {
    const foreign = newId();
    await db().insertInto('evidence').values({ id: foreign, member_id: assessor.id, kind: 'link', title: 'Not yours', file_sha256: null, url: 'https://example.org/x', created_at: app.clock.now().toISOString() }).execute();
    const submit = (payload: Json) => member.req({ method: 'POST', url: `/api/v1/cpd/audits/${auditId}/evidence`, payload });
    const e1 = expectError(await submit({ items: [{ activityId: items[0].activityId, evidenceIds: [foreign] }, { activityId: items[1].activityId, note: 'Run in-house' }] }), 400, 'VALIDATION_FAILED');
    expect(e1.details.issues.map((i: Json) => i.path)).toEqual(['body.items[0].evidenceIds[0]']);
    const e2 = expectError(await submit({ items: [{ activityId: items[0].activityId, evidenceIds: [evidence] }] }), 400, 'VALIDATION_FAILED');
    expect(e2.message).toContain('Change enablement workshop');
    expectError(await assessor.req({ method: 'POST', url: `/api/v1/cpd/audits/${auditId}/items/${items[0].activityId}/review`, payload: { decision: 'accept' } }), 409, 'CONFLICT');
  });

  it('takes the evidence, then the assessor accepts one activity and rejects the other with reasons; rejected counts 0', async () => {
    const before = (await member.req({ method: 'GET', url: '/api/v1/me/cpd/summary' })).json().credentials[0].evaluation.cycle.counted;
    const res = await member.req({
      method: 'POST',
      url: `/api/v1/cpd/audits/${auditId}/evidence`,
      payload: { items: [{ activityId: items[0].activityId, evidenceIds: [evidence], note: 'Certificate attached' }, { activityId: items[1].activityId, note: 'The workshop was internal; no certificate' }] },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'submitted', items: [{ evidence: [{ id: evidence, title: 'Course certificate' }], memberNote: 'Certificate attached' }, { evidence: [], memberNote: 'The workshop was internal; no certificate' }] });
    // The evidence is now attached to the activity itself too.
    expect((await member.req({ method: 'GET', url: `/api/v1/me/cpd/activities/${items[0].activityId}` })).json().evidenceIds).toEqual([evidence]);

    const review = (activityId: string, payload: Json, who: Browser = assessor) => who.req({ method: 'POST', url: `/api/v1/cpd/audits/${auditId}/items/${activityId}/review`, payload });
    expectError(await review(items[0].activityId, { decision: 'accept' }, member), 403, 'FORBIDDEN');
    expectError(await review(items[1].activityId, { decision: 'reject' }), 400, 'VALIDATION_FAILED');
    expect((await review(items[0].activityId, { decision: 'accept' })).json()).toMatchObject({ status: 'in_review' });
    const done = (await review(items[1].activityId, { decision: 'reject', reasons: 'No evidence that the workshop took place' })).json();
    expect(done).toMatchObject({ status: 'failed', items: [{ decision: 'accept' }, { decision: 'reject', reasons: 'No evidence that the workshop took place' }] });
    const statuses = await db().selectFrom('cpd_activities').select(['id', 'audit_status']).where('id', 'in', [items[0].activityId, items[1].activityId]).execute();
    expect(Object.fromEntries(statuses.map((s) => [s.id, s.audit_status]))).toEqual({ [items[0].activityId]: 'accepted', [items[1].activityId]: 'rejected' });
    const after = (await member.req({ method: 'GET', url: '/api/v1/me/cpd/summary' })).json().credentials[0].evaluation.cycle.counted;
    expect(before - after).toBe(10);
    const mail = await lastMail(app, 'audited@example.org');
    expect(mail.subject).toBe('Your CPD audit: decision');
    expect(mail.text_body).toContain('Change enablement workshop (2026-05-01): No evidence that the workshop took place');
    expectError(await review(items[0].activityId, { decision: 'reject', reasons: 'changed my mind' }), 409, 'CONFLICT');
  });

  it('expires audits unanswered by the due date: their activities no longer count and the member is told', async () => {
    const open = await db().selectFrom('cpd_audits').select(['id', 'member_id']).where('status', '=', 'requested').execute();
    expect(open.length).toBeGreaterThan(0);
    app.clock.advance(91 * DAY);
    const r = await app.services.cpd.standards.daily.run();
    expect(r.auditsExpired).toBe(open.length);
    const after = await db().selectFrom('cpd_audits').select('status').where('id', 'in', open.map((o) => o.id)).execute();
    expect(new Set(after.map((a) => a.status))).toEqual(new Set(['expired']));
    const rejected = await db().selectFrom('cpd_audit_items as i').innerJoin('cpd_activities as a', 'a.id', 'i.activity_id').select(['a.audit_status', 'i.decision']).where('i.audit_id', '=', open[0]!.id).execute();
    expect(rejected.every((x) => x.audit_status === 'rejected' && x.decision === 'reject')).toBe(true);
    const user = await db().selectFrom('users').select('email').where('id', '=', open[0]!.member_id).executeTakeFirstOrThrow();
    expect((await mailsTo(app, user.email)).some((m) => m.subject === 'Your CPD audit: closed without evidence')).toBe(true);
    // Running again expires nothing more.
    expect((await app.services.cpd.standards.daily.run()).auditsExpired).toBe(0);
  });
});

describe('the yearly schedule', () => {
  it('draws once a year, in the weeks from 15 January, and not again that year', async () => {
    const audits = app.services.cpd.standards.audits;
    app.clock.set('2028-11-25T08:00:00.000Z');
    expect(await audits.scheduledSample('job-a')).toBe(false);
    app.clock.set('2029-01-20T08:00:00.000Z');
    expect(await audits.scheduledSample('job-b')).toBe(true);
    expect(await audits.scheduledSample('job-c')).toBe(false);
    const drawn = await db().selectFrom('audit_log').select(['subject_id', 'details']).where('action', '=', 'cpd.audit_sample_drawn').where('subject_id', '=', '2029').execute();
    expect(drawn.map((d) => JSON.parse(d.details).seed)).toEqual(['job-b']);
  });
});
