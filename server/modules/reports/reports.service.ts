import type { z } from 'zod';
import { stateLabels } from '../../../contracts/application-states.js';
import type { ReportsQuery, Reports } from '../../../contracts/reports.js';
import { type Platform, type RequestContext, requireRole } from '../../platform/context.js';
import { DomainError } from '../../platform/errors.js';
import { BODY_RULE_SET_KEY, loadShippedRuleSets } from '../cpd/shipped.js';
import type { Period, ReportsRepository } from './reports.repository.js';
import { DAY_MS, MAX_MONTHS, defaultPeriod, hoursBetween, monthsBetween, percent, runningTotals, spread, staysOf } from './reports.rules.js';

/*
 * getReports: every report of the period in one answer, read-only. Staff only (scheme or system
 * administrators): the figures describe every member, though none is named but assessors.
 */

type Query = z.output<typeof ReportsQuery>;
const staff = ['scheme_admin', 'system_admin'] as const;
const badPeriod = (field: string, message: string) => new DomainError('VALIDATION_FAILED', message, { issues: [{ path: `querystring.${field}`, message }] });

/** The period asked for, checked: from on or before to, at most MAX_MONTHS months. */
export function periodOf(q: Query, now: Date): { from: string; to: string; months: string[] } {
  const to = q.to ?? now.toISOString().slice(0, 10);
  const from = q.from ?? defaultPeriod(new Date(`${to}T00:00:00Z`)).from;
  if (from > to) throw badPeriod('from', `The period starts (${from}) after it ends (${to}); give a "from" on or before "to".`);
  const months = monthsBetween(from, to);
  if (months.length > MAX_MONTHS) throw badPeriod('from', `The period covers ${months.length} months; give at most ${MAX_MONTHS} (ten years).`);
  return { from, to, months };
}

const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
const byMonth = (rows: Array<{ month: string; n: number }>) => {
  const m = new Map<string, number>();
  for (const r of rows) m.set(r.month, (m.get(r.month) ?? 0) + r.n);
  return m;
};
/** Counts of months before the period folded into one number, and the period's own months kept. */
const before = (m: ReadonlyMap<string, number>, first: string) => [...m].reduce((s, [k, v]) => (k < first ? s + v : s), 0);

export function reportsService(p: Platform, repo: ReportsRepository) {
  async function holdersAndGrowth(period: Period, months: string[]) {
    const [awards, exits, listings] = await Promise.all([repo.awardsByLevelMonth(period), repo.exitsByLevelMonth(period), repo.listingsByMonth(period)]);
    const levels = [...new Map(awards.map((a) => [a.levelId, a.levelName])).entries()].map(([id, name]) => ({ id, name })).sort((a, b) => a.id.localeCompare(b.id));
    const first = months[0]!;
    const perLevel = levels.map((l) => {
      const added = byMonth(awards.filter((a) => a.levelId === l.id));
      const removed = byMonth(exits.filter((e) => e.levelId === l.id));
      return runningTotals(months, before(added, first) - before(removed, first), added, removed);
    });
    const holders = { levels, rows: months.map((month, i) => ({ month, counts: perLevel.map((c) => c[i]!), total: perLevel.reduce((s, c) => s + c[i]!, 0) })) };
    const added = byMonth(awards);
    const removed = byMonth(exits);
    const listed = byMonth(listings);
    const listedTotals = runningTotals(months, before(listed, first), listed, new Map());
    const growth = {
      rows: months.map((month, i) => ({ month, awarded: added.get(month) ?? 0, left: removed.get(month) ?? 0, holders: holders.rows[i]!.total, listed: listedTotals[i]! })),
    };
    return { holders, growth };
  }

  async function funnel(period: Period) {
    const [apps, moves] = await Promise.all([repo.applications(), repo.moves(period)]);
    const created = new Map(apps.map((a) => [a.id, a.created_at]));
    // Applications never moved are drafts since creation: one open stay each.
    const moved = new Set(moves.map((m) => m.applicationId));
    const stays = staysOf(moves, created);
    for (const a of apps) if (!moved.has(a.id) && a.created_at < period.toExclusive) stays.push({ state: a.state, enteredAt: a.created_at, leftAt: null });
    const inPeriod = (t: string | null) => t !== null && t >= period.from && t < period.toExclusive;
    return {
      rows: (Object.keys(stateLabels) as Array<keyof typeof stateLabels>).map((state) => {
        const mine = stays.filter((s) => s.state === state);
        const ended = mine.filter((s) => inPeriod(s.leftAt));
        const times = spread(ended.map((s) => hoursBetween(s.enteredAt, s.leftAt!)));
        return {
          state,
          label: stateLabels[state],
          entered: mine.filter((s) => inPeriod(s.enteredAt)).length,
          left: ended.length,
          now: apps.filter((a) => a.state === state).length,
          medianHours: times.median,
          p90Hours: times.p90,
        };
      }),
    };
  }

  async function assessors(period: Period) {
    const seats = await repo.assessorSeats(period);
    const by = new Map<string, { name: string; active: number; overdue: number; completed: number; handedBack: number; days: number[] }>();
    for (const s of seats) {
      const a = by.get(s.assessor_id) ?? { name: s.name, active: 0, overdue: 0, completed: 0, handedBack: 0, days: [] };
      by.set(s.assessor_id, a);
      if (s.status === 'active') {
        a.active += 1;
        if (s.due_at && s.due_at < period.now) a.overdue += 1;
      } else if (s.status === 'handed_back') a.handedBack += 1;
      else if (s.finished_at) {
        a.completed += 1;
        a.days.push((Date.parse(s.finished_at) - Date.parse(s.assigned_at)) / DAY_MS);
      }
    }
    const rows = [...by.entries()].map(([assessorId, a]) => {
      const t = spread(a.days);
      return { assessorId, name: a.name, active: a.active, overdue: a.overdue, completed: a.completed, handedBack: a.handedBack, medianDays: t.median, p90Days: t.p90 };
    });
    return { rows: rows.sort((x, y) => y.active - x.active || y.completed - x.completed || x.name.localeCompare(y.name)) };
  }

  async function compliance(period: Period) {
    const [counts, stored] = await Promise.all([repo.complianceCounts(period), repo.bodyRuleSet()]);
    const shipped = stored ? null : loadShippedRuleSets().get(BODY_RULE_SET_KEY);
    const ruleSet = stored ? `${stored.name} (version ${stored.number})` : (shipped?.name ?? BODY_RULE_SET_KEY);
    const groups = new Map<string, { cycleEnds: string; level: string; ok: number; short: number; grace: number; suspended: number; lapsed: number }>();
    for (const c of counts) {
      const key = `${c.year}\u0000${c.level}`;
      const g = groups.get(key) ?? { cycleEnds: c.year, level: c.level, ok: 0, short: 0, grace: 0, suspended: 0, lapsed: 0 };
      groups.set(key, g);
      g[c.status] += c.n;
    }
    const rows = [...groups.values()]
      .sort((a, b) => a.cycleEnds.localeCompare(b.cycleEnds) || a.level.localeCompare(b.level))
      .map((g) => {
        const total = g.ok + g.short + g.grace + g.suspended + g.lapsed;
        return { ruleSet, ...g, total, compliantPercent: percent(g.ok, total) ?? 0 };
      });
    return { rows };
  }

  async function cpdLogged(period: Period, months: string[]) {
    const days = await repo.activitiesByDay(period);
    const by = new Map(months.map((m) => [m, { activities: 0, quarters: 0 }]));
    for (const d of days) {
      const m = by.get(d.day.slice(0, 7));
      if (!m) continue;
      m.activities += d.n;
      m.quarters += d.quarters;
    }
    return { rows: months.map((month) => ({ month, activities: by.get(month)!.activities, hours: by.get(month)!.quarters / 4 })) };
  }

  async function audits(from: string, to: string) {
    const counts = await repo.auditCounts(Number(from.slice(0, 4)), Number(to.slice(0, 4)));
    const groups = new Map<string, { year: number; reason: string; open: number; passed: number; failed: number; expired: number }>();
    for (const c of counts) {
      const key = `${c.year}\u0000${c.reason}`;
      const g = groups.get(key) ?? { year: c.year, reason: c.reason, open: 0, passed: 0, failed: 0, expired: 0 };
      groups.set(key, g);
      if (c.status === 'passed' || c.status === 'failed' || c.status === 'expired') g[c.status] += c.n;
      else g.open += c.n;
    }
    const rows = [...groups.values()]
      .sort((a, b) => a.year - b.year || a.reason.localeCompare(b.reason))
      .map((g) => ({ ...g, total: g.open + g.passed + g.failed + g.expired, passPercent: percent(g.passed, g.passed + g.failed + g.expired) }));
    return { rows };
  }

  async function attendance(period: Period) {
    const rows = await repo.attendance(period);
    return {
      rows: rows.map((r) => {
        const registered = Number(r.registered ?? 0);
        const checkedIn = Number(r.checked_in ?? 0);
        return { eventId: r.id, title: r.title, startsOn: r.starts_on, registered, checkedIn, attendancePercent: percent(checkedIn, registered) };
      }),
    };
  }

  return {
    async getReports(ctx: RequestContext, q: Query): Promise<Reports> {
      requireRole(ctx, staff);
      const now = p.clock.now();
      const { from, to, months } = periodOf(q, now);
      const period: Period = { from, toExclusive: nextDay(to), now: now.toISOString() };
      const [hg, f, a, c, l, au, at] = await Promise.all([
        holdersAndGrowth(period, months),
        funnel(period),
        assessors(period),
        compliance(period),
        cpdLogged(period, months),
        audits(from, to),
        attendance(period),
      ]);
      return { from, to, generatedAt: now.toISOString(), months, ...hg, funnel: f, assessors: a, compliance: c, cpdLogged: l, audits: au, attendance: at };
    },
  };
}
export type ReportsService = ReturnType<typeof reportsService>;
