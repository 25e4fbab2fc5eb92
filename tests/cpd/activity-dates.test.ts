import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MEMBER_EMAIL, seedDemo } from '../../server/demo/seed.js';
import { EARLIEST_ACTIVITY_DAY } from '../../server/modules/cpd/cpd.dates.js';
import { type Browser, expectError, type Json, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { multipart, withDefaultScheme } from '../portfolio/support.js';
import { approvedProvider } from './standards-support.js';

/** One rule for activity dates (1950-01-01 to today), on every path that writes an activity. */
let app: TestApp;
let member: Browser & { id: string };
let uploader: Browser & { id: string };
const TODAY = '2026-11-25';
const RANGE = `from ${EARLIEST_ACTIVITY_DAY} to today (${TODAY})`;

beforeAll(async () => {
  app = await testApp({ now: `${TODAY}T10:00:00.000Z` });
  await withDefaultScheme(app);
  const admin = await signedInUser(app, 'scheme@example.org', ['scheme_admin']);
  member = await signedInUser(app, 'dates@example.org', ['member']);
  uploader = await signedInUser(app, 'provider@example.org', ['event_organiser']);
  await approvedProvider(admin, 'dates-academy', [{ code: 'D1', type: 'training', title: 'Course', hours: 2 }], ['provider@example.org']);
});
afterAll(async () => {
  await app?.close();
});

const activity = (occurredOn: string): Json => ({
  type: 'training',
  title: 'Course',
  occurredOn,
  hours: 2,
  provider: 'Acme Training',
  learned: 'Something',
  apply: 'Somehow',
  details: {},
});
const credits = () => app.platform.database.db.selectFrom('cpd_activities').select('occurred_on').where('member_id', '=', member.id).where('source', '=', 'provider').execute();

describe('activity dates', () => {
  it('member logging refuses dates before 1950 and after today, naming the range', async () => {
    for (const day of ['0000-01-01', '1949-12-31']) {
      const err = expectError(await member.req({ method: 'POST', url: '/api/v1/me/cpd/activities', payload: activity(day) }), 400, 'VALIDATION_FAILED');
      expect(err.details.issues[0]).toMatchObject({ path: 'body.occurredOn', message: expect.stringContaining('1950') });
    }
    const future = expectError(await member.req({ method: 'POST', url: '/api/v1/me/cpd/activities', payload: activity('2026-11-26') }), 400, 'VALIDATION_FAILED');
    expect(future.message).toContain(RANGE);
    const ok = await member.req({ method: 'POST', url: '/api/v1/me/cpd/activities', payload: activity(EARLIEST_ACTIVITY_DAY) });
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('member editing applies the same rule', async () => {
    const a = (await member.req({ method: 'POST', url: '/api/v1/me/cpd/activities', payload: activity('2026-05-01') })).json();
    expectError(await member.req({ method: 'PUT', url: `/api/v1/me/cpd/activities/${a.id}`, payload: activity('1949-12-31') }), 400, 'VALIDATION_FAILED');
    const future = expectError(await member.req({ method: 'PUT', url: `/api/v1/me/cpd/activities/${a.id}`, payload: activity('2027-01-01') }), 400, 'VALIDATION_FAILED');
    expect(future.message).toContain(RANGE);
  });

  it('a provider CSV import rejects the dates a member cannot enter, naming the range', async () => {
    const csv = 'member_email,activity_code,date,row_key\ndates@example.org,D1,0000-01-01,c1\ndates@example.org,D1,1949-12-31,c2\ndates@example.org,D1,2026-11-26,c3\ndates@example.org,D1,1950-01-01,c4\n';
    const m = multipart({}, { name: 'credits.csv', type: 'text/csv', bytes: Buffer.from(csv) });
    const res = await uploader.req({ method: 'POST', url: '/api/v1/cpd/imports', payload: m.payload, headers: m.headers });
    expect(res.statusCode, res.body).toBe(201);
    const imp = res.json();
    expect(imp.status).toBe('rejected');
    expect(imp.problems.map((p: Json) => [p.row, p.column])).toEqual([[2, 'date'], [3, 'date'], [4, 'date']]);
    for (const p of imp.problems) expect(p.message).toContain(RANGE);
    expect(await credits()).toEqual([]);
  });

  it('a provider JSON import applies the same rule', async () => {
    const rows = [{ memberEmail: 'dates@example.org', activityCode: 'D1', date: '1949-12-31', rowKey: 'j1' }, { memberEmail: 'dates@example.org', activityCode: 'D1', date: '0000-01-01', rowKey: 'j2' }];
    const res = await uploader.req({ method: 'POST', url: '/api/v1/cpd/imports', payload: { rows } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status: 'rejected', errorRows: 2 });
    const ok = await uploader.req({ method: 'POST', url: '/api/v1/cpd/imports', payload: { rows: [{ ...rows[0], date: '1950-01-01' }] } });
    expect(ok.json()).toMatchObject({ status: 'done', creditedRows: 1 });
    expect(await credits()).toEqual([{ occurred_on: '1950-01-01' }]);
  });

  it('the demo writes only activities the rule allows', async () => {
    await seedDemo(app);
    const db = app.platform.database.db;
    const demoMember = await db.selectFrom('users').select('id').where('email', '=', DEMO_MEMBER_EMAIL).executeTakeFirstOrThrow();
    const days = (await db.selectFrom('cpd_activities').select('occurred_on').execute()).map((r) => r.occurred_on);
    expect(days.length).toBeGreaterThan(10);
    expect(await db.selectFrom('cpd_activities').select('id').where('member_id', '=', demoMember.id).execute()).not.toEqual([]);
    for (const d of days) {
      expect(d >= EARLIEST_ACTIVITY_DAY && d <= TODAY, d).toBe(true);
    }
  });
});
