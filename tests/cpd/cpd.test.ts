import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CpdSummary } from '../../contracts/cpd.js';
import { newId } from '../../server/platform/ids.js';
import { type Browser, call, expectError, type Json, PASSWORD, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp, testDialect } from '../support/app.js';
import { verifyAuditChain } from '../../server/modules/auditlog/verify.js';
import { cpdRepository } from '../../server/modules/cpd/cpd.repository.js';
import { withDefaultScheme } from '../portfolio/support.js';

let app: TestApp;
let alice: Browser & { id: string };
let bob: Browser & { id: string };
beforeAll(async () => {
  app = await testApp({ now: '2026-11-25T10:00:00.000Z' });
  const { versionId } = await withDefaultScheme(app);
  alice = await signedInUser(app, 'alice@example.org', ['member']);
  bob = await signedInUser(app, 'bob@example.org', ['member']);
  // Alice holds the body's Member credential, awarded on 2025-03-01: her cycle runs to 2028-02-29.
  const at = '2025-03-01T09:00:00.000Z';
  await app.platform.database.db
    .insertInto('credentials')
    .values({ id: newId(), holder_id: alice.id, application_id: null, scheme_version_id: versionId, level_id: 'member', level_name: 'Member', post_nominals: 'MGH', awarded_at: at, review_at: '2030-03-01T00:00:00.000Z', status: 'active', status_changed_at: at, created_at: at })
    .execute();
});
afterAll(async () => {
  await app?.close();
});

const activity = (over: Json = {}): Json => ({
  type: 'training',
  title: 'Problem management course',
  occurredOn: '2026-05-10',
  hours: 7.5,
  provider: 'Acme Training',
  learned: 'Kepner-Tregoe analysis for recurring incidents',
  apply: 'Run it in our next major-incident review',
  details: { format: 'classroom' },
  ...over,
});
const log = (b: Browser, payload: Json) => b.req({ method: 'POST', url: '/api/v1/me/cpd/activities', payload });
const summaryOf = async (b: Browser) => {
  const res = await b.req({ method: 'GET', url: '/api/v1/me/cpd/summary' });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const issuePaths = (res: Parameters<typeof expectError>[0]) => (expectError(res, 400, 'VALIDATION_FAILED').details.issues as Array<{ path: string }>).map((i) => i.path);

describe('logging, listing, updating and deleting CPD activities', () => {
  it('logs an activity in quarter hours and lists it with its type-specific fields', async () => {
    const res = await log(alice, activity());
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json();
    expect(a).toMatchObject({ type: 'training', hours: 7.5, provider: 'Acme Training', details: { format: 'classroom' }, source: 'manual', verified: false, evidenceIds: [], auditStatus: null });
    const row = await app.platform.database.db.selectFrom('cpd_activities').select(['quarters', 'member_id']).where('id', '=', a.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ quarters: 30, member_id: alice.id });
    const list = await alice.req({ method: 'GET', url: '/api/v1/me/cpd/activities?year=2026&type=training' });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json()).toMatchObject({ total: 1, page: 1, items: [{ id: a.id }] });
    expect((await alice.req({ method: 'GET', url: '/api/v1/me/cpd/activities?year=2025' })).json().total).toBe(0);
    const audit = await app.platform.database.db.selectFrom('audit_log').select(['action', 'actor_id']).where('subject_id', '=', a.id).execute();
    expect(audit).toEqual([{ action: 'cpd.activity_logged', actor_id: alice.id }]);
  });

  it('pages the log newest first', async () => {
    const carol = await signedInUser(app, 'carol@example.org');
    for (const d of ['2026-01-05', '2026-03-05', '2026-02-05']) expect((await log(carol, activity({ occurredOn: d }))).statusCode).toBe(201);
    const p1 = (await carol.req({ method: 'GET', url: '/api/v1/me/cpd/activities?pageSize=2' })).json();
    const p2 = (await carol.req({ method: 'GET', url: '/api/v1/me/cpd/activities?pageSize=2&page=2' })).json();
    expect(p1.total).toBe(3);
    expect([...p1.items, ...p2.items].map((i: Json) => i.occurredOn)).toEqual(['2026-03-05', '2026-02-05', '2026-01-05']);
  });

  it('refuses wrong types, non-quarter hours, future dates, missing type fields and unknown fields', async () => {
    expect(issuePaths(await log(alice, activity({ type: 'juggling' })))).toEqual(['body.type']);
    expect(issuePaths(await log(alice, activity({ hours: 1.3 })))).toEqual(['body.hours']);
    expect(issuePaths(await log(alice, activity({ hours: 0 })))).toEqual(['body.hours']);
    expect(issuePaths(await log(alice, activity({ hours: '2' })))).toEqual(['body.hours']);
    expect(issuePaths(await log(alice, activity({ occurredOn: '2026-11-26' })))).toEqual(['body.occurredOn']);
    expect(issuePaths(await log(alice, activity({ occurredOn: '2026-02-30' })))).toEqual(['body.occurredOn']);
    // Speaking needs its event; training does not take one.
    expect(issuePaths(await log(alice, activity({ type: 'speaking', details: {} })))).toEqual(['body.details.eventName']);
    expect(issuePaths(await log(alice, activity({ details: { eventName: 'x' } })))).toEqual(['body.details.eventName']);
    expect(issuePaths(await log(alice, activity({ provider: '' })))).toEqual(['body.provider']);
    expect(issuePaths(await log(alice, activity({ learned: '   ' })))).toEqual(['body.learned']);
    expect(issuePaths(await log(alice, activity({ verified: true })))).toEqual(['body.verified']);
    expect((await alice.req({ method: 'GET', url: '/api/v1/me/cpd/activities?pageSize=1000' })).statusCode).toBe(400);
  });

  it('refuses a huge body before reading it', async () => {
    const res = await log(alice, activity({ learned: 'x'.repeat(2_000_000) }));
    expect(res.statusCode).toBe(413);
    const long = await log(alice, activity({ learned: 'x'.repeat(4001) }));
    expect(issuePaths(long)).toEqual(['body.learned']);
  });

  it('updates an activity; someone else’s activity is not found', async () => {
    const a = (await log(alice, activity({ title: 'Before' }))).json();
    const up = await alice.req({ method: 'PUT', url: `/api/v1/me/cpd/activities/${a.id}`, payload: activity({ title: 'After', hours: 3.25, type: 'self-study', provider: null, details: { material: 'A book' } }) });
    expect(up.statusCode, up.body).toBe(200);
    expect(up.json()).toMatchObject({ id: a.id, title: 'After', hours: 3.25, type: 'self-study', provider: null, details: { material: 'A book' } });
    expectError(await bob.req({ method: 'PUT', url: `/api/v1/me/cpd/activities/${a.id}`, payload: activity() }), 404, 'NOT_FOUND');
    expectError(await bob.req({ method: 'DELETE', url: `/api/v1/me/cpd/activities/${a.id}` }), 404, 'NOT_FOUND');
    expectError(await bob.req({ method: 'GET', url: `/api/v1/me/cpd/activities/${a.id}` }), 404, 'NOT_FOUND');
    expect((await alice.req({ method: 'DELETE', url: `/api/v1/me/cpd/activities/${a.id}` })).statusCode).toBe(200);
    expectError(await alice.req({ method: 'GET', url: `/api/v1/me/cpd/activities/${a.id}` }), 404, 'NOT_FOUND');
    expectError(await alice.req({ method: 'DELETE', url: `/api/v1/me/cpd/activities/${a.id}` }), 404, 'NOT_FOUND');
  });

  it('lets a member change only the reflection and evidence of a provider-credited activity', async () => {
    const db = app.platform.database.db;
    const id = newId();
    const at = app.clock.now().toISOString();
    await db.insertInto('cpd_activities').values({ id, member_id: alice.id, type: 'event', title: 'Chapter meeting', occurred_on: '2026-06-01', quarters: 8, provider: 'North chapter', learned: null, apply: null, details: '{"eventName":"June meeting"}', source: 'provider', verified: 1, provider_id: null, import_id: null, row_key: null, activity_code: 'NC-06', audit_status: null, created_at: at, updated_at: at, deleted_at: null }).execute();
    const base = { type: 'event', title: 'Chapter meeting', occurredOn: '2026-06-01', hours: 2, provider: 'North chapter', details: { eventName: 'June meeting' }, learned: 'Service catalogue tips', apply: 'Tidy our catalogue' };
    const tamper = await alice.req({ method: 'PUT', url: `/api/v1/me/cpd/activities/${id}`, payload: { ...base, hours: 20 } });
    expect(expectError(tamper, 409, 'CONFLICT').details.fields).toEqual({ quarters: 'This cannot change' });
    const ok = await alice.req({ method: 'PUT', url: `/api/v1/me/cpd/activities/${id}`, payload: base });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ verified: true, hours: 2, learned: 'Service catalogue tips', activityCode: 'NC-06' });
  });

  it('attaches only the member’s own portfolio evidence', async () => {
    const db = app.platform.database.db;
    const mine = newId();
    const theirs = newId();
    const at = app.clock.now().toISOString();
    await db.insertInto('evidence').values([
      { id: mine, member_id: alice.id, kind: 'link', title: 'Certificate', file_sha256: null, url: 'https://example.org/c', created_at: at },
      { id: theirs, member_id: bob.id, kind: 'link', title: 'Bob’s', file_sha256: null, url: 'https://example.org/b', created_at: at },
    ]).execute();
    expect(issuePaths(await log(alice, activity({ evidenceIds: [mine, theirs] })))).toEqual(['body.evidenceIds[1]']);
    const ok = await log(alice, activity({ evidenceIds: [mine, mine] }));
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().evidenceIds).toEqual([mine]);
  });

  it('logs 50 activities at once, each with its audit entry; one failing write does not sink the others', async () => {
    const fay = await signedInUser(app, 'fay@example.org');
    const res = await Promise.all(Array.from({ length: 50 }, (_, i) => log(fay, activity({ title: `Parallel ${i}` }))));
    expect(res.map((r) => r.statusCode)).toEqual(Array(50).fill(201));
    const db = app.platform.database.db;
    const ids = res.map((r) => r.json().id as string);
    expect((await db.selectFrom('cpd_activities').select('id').where('member_id', '=', fay.id).execute()).map((r) => r.id).sort()).toEqual([...ids].sort());
    expect(await db.selectFrom('audit_log').select('subject_id').where('action', '=', 'cpd.activity_logged').where('subject_id', 'in', ids).execute()).toHaveLength(50);

    // Straight at the repository: a row for a member who does not exist fails alone.
    const repo = cpdRepository(app.platform.database);
    const at = app.clock.now().toISOString();
    const row = (member: string) => ({ id: newId(), member_id: member, type: 'training', title: 't', occurred_on: '2026-01-01', quarters: 4, provider: 'p', learned: 'l', apply: 'a', details: '{}', source: 'manual' as const, verified: 0, provider_id: null, import_id: null, row_key: null, activity_code: null, audit_status: null, created_at: at, updated_at: at, deleted_at: null });
    const auditRow = () => ({ id: newId(), at, actor_id: null, action: 'test', subject_type: null, subject_id: null, ip: null, request_id: null, details: '{}' });
    const good = row(fay.id);
    const after = row(fay.id);
    const audits = [auditRow(), auditRow(), auditRow()];
    const results = await Promise.allSettled([repo.insertLogged(good, [], audits[0]!), repo.insertLogged(row('nobody'), [], audits[1]!), repo.insertLogged(after, [], audits[2]!)]);
    if (testDialect === 'sqlite') {
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((await db.selectFrom('cpd_activities').select('id').where('id', 'in', [good.id, after.id]).orderBy('id').execute()).map((r) => r.id)).toEqual([good.id, after.id]);
      // The failed log's audit entry went with it, and the two kept entries follow each other in the chain.
      const kept = await db.selectFrom('audit_log').select(['id', 'seq']).where('id', 'in', audits.map((a) => a.id)).orderBy('seq').execute();
      expect(kept.map((k) => k.id)).toEqual([audits[0]!.id, audits[2]!.id]);
      expect(Number(kept[1]!.seq) - Number(kept[0]!.seq)).toBe(1);
      const report = await verifyAuditChain(db);
      expect(report.problem).toBeNull();
      expect(report.head.sequence).toBe(Number(kept[1]!.seq));
    } else expect(results).toEqual([{ status: 'fulfilled', value: null }, { status: 'fulfilled', value: null }, { status: 'fulfilled', value: null }]);
  });

  it('answers 401 without a session, 403 without CSRF, and honours token scopes', async () => {
    expectError(await call(app, { method: 'GET', url: '/api/v1/me/cpd/summary' }), 401, 'NOT_AUTHENTICATED');
    expectError(await alice.req({ method: 'POST', url: '/api/v1/me/cpd/activities', payload: activity(), csrf: null }), 403, 'CSRF_FAILED');
    const t = await alice.req({ method: 'POST', url: '/api/v1/me/api-tokens', payload: { currentPassword: PASSWORD, name: 'reader', scopes: ['cpd:read'] } });
    expect(t.statusCode, t.body).toBe(201);
    const bearer = { authorization: `Bearer ${t.json().token}` };
    expect((await call(app, { method: 'GET', url: '/api/v1/me/cpd/activities', headers: bearer })).statusCode).toBe(200);
    expectError(await call(app, { method: 'POST', url: '/api/v1/me/cpd/activities', headers: bearer, payload: activity() }), 403, 'FORBIDDEN');
  });
});

describe('the summary, tracked credentials and the plan', () => {
  it('counts one log under the body’s rule set and every tracked one, with the reason for a cap', async () => {
    const dave = await signedInUser(app, 'dave@example.org');
    const rs = (await dave.req({ method: 'GET', url: '/api/v1/cpd/rule-sets' })).json().items;
    expect(rs.map((r: Json) => r.key).sort()).toEqual(['information-security', 'it-audit', 'itsm-body', 'itsm-certification', 'project-management']);
    const tracked = await dave.req({ method: 'POST', url: '/api/v1/me/cpd/tracked-credentials', payload: { name: 'Project Professional', issuer: 'A PM institute', ruleSetKey: 'project-management', cycleStart: '2026-01-01' } });
    expect(tracked.statusCode, tracked.body).toBe(201);
    for (const [d, h] of [['2026-02-01', 15], ['2026-03-01', 15]] as const)
      expect((await log(dave, activity({ type: 'speaking', occurredOn: d, hours: h, provider: null, details: { eventName: 'Conference' } }))).statusCode).toBe(201);
    const s = await summaryOf(dave);
    expect(s.credentials).toHaveLength(1);
    const pm = s.credentials[0].evaluation;
    expect(pm.ruleSet.key).toBe('project-management');
    expect(pm.cycle).toMatchObject({ earned: 30, counted: 25, required: 60, shortfall: 35 });
    expect(pm.cycle.lines).toContain('Giving back: 30 earned, 25 counted: giving back counts at most 25 a cycle (5 over)');
    expect(s.earnedThisYear).toBe(30);

    expect(issuePaths(await dave.req({ method: 'POST', url: '/api/v1/me/cpd/tracked-credentials', payload: { name: 'X', issuer: 'Y', ruleSetKey: 'nope', cycleStart: '2030-01-01' } }))).toEqual(['body.ruleSetKey', 'body.cycleStart']);
    expectError(await bob.req({ method: 'DELETE', url: `/api/v1/me/cpd/tracked-credentials/${tracked.json().id}` }), 404, 'NOT_FOUND');
    expect((await dave.req({ method: 'DELETE', url: `/api/v1/me/cpd/tracked-credentials/${tracked.json().id}` })).statusCode).toBe(200);
    expect((await summaryOf(dave)).credentials).toHaveLength(0);
  });

  it('counts the body’s credential from its award anniversary', async () => {
    const s = await summaryOf(alice);
    // The route sends cached JSON text past the serialiser, so check it against the contract here.
    expect(CpdSummary.safeParse(s).error).toBeUndefined();
    const body = s.credentials.find((c: Json) => c.credential.kind === 'body');
    expect(body.credential).toMatchObject({ name: 'Member (MGH)', issuer: 'Test body', cycleStart: '2025-03-01', status: 'active' });
    expect(body.evaluation.cycle).toMatchObject({ index: 0, start: '2025-03-01', end: '2028-02-29', required: 60 });
    // Alice's training activities so far: 7.5 (first test) + 7.5 (evidence test); the provider event adds 2.
    const logged = (await alice.req({ method: 'GET', url: '/api/v1/me/cpd/activities?pageSize=100' })).json().items as Json[];
    const hours = logged.reduce((t, a) => t + a.hours, 0);
    expect(body.evaluation.cycle.earned).toBe(hours);
    expect(body.evaluation.year).toMatchObject({ index: 1, required: 20 });
  });

  it('sees writes made outside this process at once (the cached summary follows the revision)', async () => {
    const erin = await signedInUser(app, 'erin@example.org');
    await erin.req({ method: 'POST', url: '/api/v1/me/cpd/tracked-credentials', payload: { name: 'Audit', issuer: 'An association', ruleSetKey: 'it-audit', cycleStart: '2026-01-01' } });
    const a = (await log(erin, activity({ hours: 8 }))).json();
    expect((await summaryOf(erin)).credentials[0].evaluation.cycle.counted).toBe(8);
    // An assessor's rejection written by another process (or module): no in-process invalidation happens.
    await app.platform.database.db.updateTable('cpd_activities').set({ audit_status: 'rejected', updated_at: new Date(Date.now() + 1000).toISOString() }).where('id', '=', a.id).execute();
    const after = (await summaryOf(erin)).credentials[0].evaluation;
    expect(after.cycle).toMatchObject({ earned: 8, counted: 0 });
    expect(after.cycle.lines).toContain('Rejected at audit: 8 from 1 activity, not counted');
  });

  it('keeps a plan of goals, planned activities and reminders', async () => {
    const empty = (await alice.req({ method: 'GET', url: '/api/v1/me/cpd/plan' })).json();
    expect(empty).toMatchObject({ plan: { goals: [], planned: [], reminders: [] }, plannedHours: 0, updatedAt: null });
    expect(empty.prompts.length).toBeGreaterThan(2);
    const plan = {
      goals: [{ text: 'Lead a problem-management review', by: '2027-06-30' }],
      planned: [{ title: 'ITIL specialist module', type: 'training', hours: 21, plannedOn: '2027-02-01' }, { title: 'Chapter talk', type: 'speaking', hours: 1.5 }],
      reminders: [{ on: '2027-01-15', note: 'Book the course' }, { on: '2026-01-01', note: 'Past' }],
    };
    const saved = await alice.req({ method: 'PUT', url: '/api/v1/me/cpd/plan', payload: plan });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ plannedHours: 22.5, plan: { goals: [{ done: false }] } });
    const row = await app.platform.database.db.selectFrom('cpd_plans').select('revision').where('member_id', '=', alice.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ revision: 1 });
    // The note to come is a reminder to send; the one dated in the past is kept in the plan, never sent.
    const reminders = await app.platform.database.db.selectFrom('cpd_plan_reminders').select(['remind_on', 'title', 'sent_at']).where('member_id', '=', alice.id).execute();
    expect(reminders).toEqual([{ remind_on: '2027-01-15', title: 'Book the course', sent_at: null }]);
    expect(issuePaths(await alice.req({ method: 'PUT', url: '/api/v1/me/cpd/plan', payload: { ...plan, planned: [{ title: 'x', type: 'training', hours: 0.1 }] } }))).toEqual(['body.planned.0.hours']);
    expect((await bob.req({ method: 'GET', url: '/api/v1/me/cpd/plan' })).json().plan.goals).toEqual([]);
  });
});
