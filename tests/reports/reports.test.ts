import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportKeys, reportTable } from '../../contracts/report-tables.js';
import { Reports } from '../../contracts/reports.js';
import { parseCsv } from '../../server/modules/cpd/csv.js';
import { type Browser, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { seedKnownData } from './known-data.js';

/*
 * Every figure of every report over the data of known-data.ts, for the first half of 2026, worked out by hand
 * (the comments show the sums); then the CSV copies against the tables, and the refusals.
 */

let app: TestApp;
let staff: Browser;
let sysadmin: Browser;
let member: Browser;
let ids: Awaited<ReturnType<typeof seedKnownData>>;
const period = 'from=2026-01-01&to=2026-06-30';

beforeAll(async () => {
  app = await testApp();
  ids = await seedKnownData(app);
  staff = await signedInUser(app, 'scheme@example.org', ['scheme_admin']);
  sysadmin = await signedInUser(app, 'sys@example.org', ['system_admin']);
  member = await signedInUser(app, 'member@example.org');
}, 60_000);
afterAll(() => app?.close());

async function reports(q = period) {
  const res = await staff.req({ url: `/api/v1/reports?${q}` });
  expect(res.statusCode, res.body).toBe(200);
  return Reports.parse(res.json());
}

describe('getReports over known data', () => {
  it('counts holders by level at each month end', async () => {
    const r = await reports();
    expect(r.months).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06']);
    // The Fellow was awarded after the period: no column. Associate: awarded in January, lapsed in April.
    // Member: one from 2025 (another awarded and suspended in December 2025 nets nothing), +1 Feb, +1 Mar; the
    // March one is revoked in August, after the period, so it still counts.
    expect(r.holders.levels).toEqual([{ id: 'associate', name: 'Associate' }, { id: 'member', name: 'Member' }]);
    expect(r.holders.rows.map((x) => [x.month, ...x.counts, x.total])).toEqual([
      ['2026-01', 1, 1, 2],
      ['2026-02', 1, 2, 3],
      ['2026-03', 1, 3, 4],
      ['2026-04', 0, 3, 3],
      ['2026-05', 0, 3, 3],
      ['2026-06', 0, 3, 3],
    ]);
  });

  it('shows register growth with awards, departures and listings', async () => {
    const r = await reports();
    // Listed: one since 2025, one from March; the third chose not to be listed.
    expect(r.growth.rows.map((x) => [x.month, x.awarded, x.left, x.holders, x.listed])).toEqual([
      ['2026-01', 1, 0, 2, 1],
      ['2026-02', 1, 0, 3, 1],
      ['2026-03', 1, 0, 4, 2],
      ['2026-04', 0, 1, 3, 2],
      ['2026-05', 0, 0, 3, 2],
      ['2026-06', 0, 0, 3, 2],
    ]);
  });

  it('measures the funnel: entries, stays ended in the period, and their median and 90th percentile hours', async () => {
    const r = await reports();
    const row = (state: string) => {
      const x = r.funnel.rows.find((f) => f.state === state)!;
      return [x.entered, x.left, x.now, x.medianHours, x.p90Hours];
    };
    // Drafts: 24 h and 6 h ended in the period (the 2025 one ended before it); p90 = 6 + 0.9 × 18 = 22.2.
    expect(row('draft')).toEqual([3, 2, 1, 15, 22.2]);
    // 48, 48, 240 h: median 48; p90 at rank 1.8 = 48 + 0.8 × 192 = 201.6. The one entered in December is not an entry.
    expect(row('awaiting_references')).toEqual([2, 3, 0, 48, 201.6]);
    // 12 and 24 h; the third is still waiting at the period's end (its withdrawal comes in July).
    expect(row('submitted')).toEqual([3, 2, 0, 18, 22.8]);
    // 120 h and 17 days (408 h); a score that kept the state is not a move. p90 = 120 + 0.9 × 288 = 379.2.
    expect(row('in_assessment')).toEqual([3, 2, 1, 264, 379.2]);
    expect(row('information_requested')).toEqual([1, 1, 0, 48, 48]);
    expect(row('recommended')).toEqual([1, 1, 0, 24, 24]);
    expect(row('awarded')).toEqual([1, 0, 1, null, null]);
    expect(row('withdrawn')).toEqual([0, 0, 1, null, null]);
    expect(row('declined')).toEqual([0, 0, 0, null, null]);
    expect(r.funnel.rows.find((f) => f.state === 'submitted')!.label).toBe('Waiting for an assessor');
  });

  it('reports each assessor’s load and turnaround', async () => {
    const r = await reports();
    expect(r.assessors.rows).toEqual([
      // Ada: one seat active since February, due in March (overdue now); done in 5, 2 and 11 days: median 5, p90 = 5 + 0.8 × 6.
      { assessorId: ids.ada, name: 'Ada Assessor', active: 1, overdue: 1, completed: 3, handedBack: 0, medianDays: 5, p90Days: 9.8 },
      // Ben: one active not yet due, one handed back; his finished seat ends in September, after the period.
      { assessorId: ids.ben, name: 'Ben Assessor', active: 1, overdue: 0, completed: 0, handedBack: 1, medianDays: null, p90Days: null },
    ]);
  });

  it('reports CPD compliance by cycle and rule set, and CPD logged per month', async () => {
    const r = await reports();
    // Cycles overlapping the period: the 2025 cycle ended before it and the Fellow's starts after it.
    expect(r.compliance.rows.map((x) => [x.ruleSet, x.cycleEnds, x.level, x.ok, x.short, x.grace, x.suspended, x.lapsed, x.total, x.compliantPercent])).toEqual([
      ['Body CPD rules (version 3)', '2026', 'Member', 1, 0, 0, 0, 0, 1, 100],
      ['Body CPD rules (version 3)', '2027', 'Associate', 0, 0, 0, 0, 1, 1, 0],
      ['Body CPD rules (version 3)', '2027', 'Member', 1, 1, 0, 0, 0, 2, 50],
    ]);
    // January 1 h + 1.5 h; March 2 h (the deleted one and those outside the period do not count).
    expect(r.cpdLogged.rows.map((x) => [x.month, x.activities, x.hours])).toEqual([
      ['2026-01', 2, 2.5],
      ['2026-02', 0, 0],
      ['2026-03', 1, 2],
      ['2026-04', 0, 0],
      ['2026-05', 0, 0],
      ['2026-06', 0, 0],
    ]);
  });

  it('reports audit outcomes and event attendance', async () => {
    const r = await reports();
    // 2026 random: 2 passed of 3 decided (66.7 %), one still open; 2025's audit is outside the period.
    expect(r.audits.rows).toEqual([
      { year: 2026, reason: 'random', open: 1, passed: 2, failed: 1, expired: 0, total: 4, passPercent: 66.7 },
      { year: 2026, reason: 'targeted', open: 0, passed: 0, failed: 0, expired: 1, total: 1, passPercent: 0 },
    ]);
    // Spring: 3 confirmed (one cancelled); one person checked in twice counts once, an undone check-in not at all.
    expect(r.attendance.rows.map((x) => [x.title, x.startsOn, x.registered, x.checkedIn, x.attendancePercent])).toEqual([
      ['Event spring', '2026-04-10', 3, 1, 33.3],
      ['Event june', '2026-06-30', 0, 0, null],
    ]);
  });

  it('narrows with the period: March alone', async () => {
    const r = await reports('from=2026-03-01&to=2026-03-31');
    expect(r.holders.rows.map((x) => x.total)).toEqual([4]);
    expect(r.growth.rows).toEqual([{ month: '2026-03', awarded: 1, left: 0, holders: 4, listed: 2 }]);
    const inAssessment = r.funnel.rows.find((f) => f.state === 'in_assessment')!;
    expect([inAssessment.entered, inAssessment.left, inAssessment.medianHours]).toEqual([1, 1, 408]);
    expect(r.attendance.rows).toEqual([]);
  });

  it('defaults to the twelve months up to today', async () => {
    const r = await reports('');
    expect(r.to).toBe('2026-11-25');
    expect(r.from).toBe('2025-12-01');
    expect(r.months).toHaveLength(12);
  });
});

describe('exportReport', () => {
  it.each(reportKeys)('sends %s as CSV with the same cells as the table', async (key) => {
    const [json, csv] = await Promise.all([reports(), staff.req({ url: `/api/v1/reports/export?report=${key}&${period}` })]);
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="${key}-2026-01-01-to-2026-06-30.csv"`);
    const table = reportTable(json, key);
    const parsed = parseCsv(csv.body);
    expect(parsed.error).toBeNull();
    expect(parsed.records.map((r) => r.fields)).toEqual([table.columns, ...table.rows.map((row) => row.map((c) => (c === null ? '' : String(c))))]);
    expect(table.rows.length).toBeGreaterThan(0);
  });
});

describe('who may see reports', () => {
  it('lets a system administrator read them', async () => {
    const res = await sysadmin.req({ url: `/api/v1/reports?${period}` });
    expect(res.statusCode).toBe(200);
  });

  it('refuses members and visitors', async () => {
    for (const url of [`/api/v1/reports?${period}`, `/api/v1/reports/export?report=funnel&${period}`]) {
      const res = await member.req({ url });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.message).toMatch(/scheme admin|system admin/);
      const anon = await app.app.inject({ url });
      expect(anon.statusCode).toBe(401);
    }
  });

  it('refuses a period that ends before it starts or is too long, naming the field', async () => {
    const back = await staff.req({ url: '/api/v1/reports?from=2026-05-01&to=2026-04-01' });
    expect(back.statusCode).toBe(400);
    expect(back.json().error.message).toMatch(/starts \(2026-05-01\) after it ends \(2026-04-01\)/);
    expect(back.json().error.details.issues[0].path).toBe('querystring.from');
    const long = await staff.req({ url: '/api/v1/reports?from=2000-01-01&to=2026-04-01' });
    expect(long.statusCode).toBe(400);
    expect(long.json().error.message).toMatch(/at most 120/);
    const bad = await staff.req({ url: '/api/v1/reports?from=2026-13-01' });
    expect(bad.statusCode).toBe(400);
    const unknown = await staff.req({ url: '/api/v1/reports/export?report=everything' });
    expect(unknown.statusCode).toBe(400);
  });
});
