import { type CpdActivityType, type CpdCategoryLine, type CpdEvaluation, type CpdPeriodTotal, cpdActivityTypes, cpdTypeSpecs } from '../../../contracts/cpd.js';
import type { CpdRuleSet } from '../../../contracts/cpd-rules.js';
import { addDays, addMonths, addYears, daysBetween, isoDay } from './cpd.dates.js';

/*
 * The CPD engine: one rule set, one credential's cycles and the member's activities → totals that explain
 * themselves. Pure; amounts are whole quarters inside (so sums are exact) and points in the answer.
 *
 * Order of counting, per cycle year and category: each activity is brought within the per-activity bounds;
 * the year's sum is held to the category's yearly cap, then to what is left of its cycle cap (years in
 * order, so an early year uses the room first). Rollover from the previous cycle adds to the cycle total
 * only: it is the previous cycle's counted points above its minimum, at most what was earned in its last
 * months and at most the rule set's maximum.
 */

/** What the engine reads of an activity. */
export type CpdFact = { id: string; type: CpdActivityType; occurredOn: string; quarters: number; rejected?: boolean };

type Cat = {
  id: string;
  name: string;
  minYear: number | null;
  minCycle: number | null;
  maxYear: number | null;
  maxCycle: number | null;
  yearCapText: string;
  cycleCapText: string;
};
export type CompiledRuleSet = {
  ruleSet: CpdRuleSet;
  /** Category index per activity type index, −1 when the rule set does not count the type. */
  catOfType: Int16Array;
  cats: Cat[];
  annualMin: number | null;
  cycleMin: number;
  actMin: number | null;
  actMax: number | null;
  rollover: { max: number; lastMonths: number } | null;
};

const q = (points: number) => Math.round(points * 4);
const pts = (quarters: number) => quarters / 4;
const n = (quarters: number) => String(quarters / 4);
const typeIndex = new Map<string, number>(cpdActivityTypes.map((t, i) => [t, i]));
const plural = (k: number, one: string, many: string) => `${k} ${k === 1 ? one : many}`;

const compiled = new WeakMap<CpdRuleSet, CompiledRuleSet>();

/** Per-rule-set work done once: type → category lookup and amounts in quarters. */
export function compileRuleSet(r: CpdRuleSet): CompiledRuleSet {
  const hit = compiled.get(r);
  if (hit) return hit;
  const catOfType = new Int16Array(cpdActivityTypes.length).fill(-1);
  const cats = r.categories.map((c, i): Cat => {
    for (const t of c.types) catOfType[typeIndex.get(t)!] = i;
    const lower = c.name.toLowerCase();
    return {
      id: c.id,
      name: c.name,
      minYear: c.minPerYear === undefined ? null : q(c.minPerYear),
      minCycle: c.minPerCycle === undefined ? null : q(c.minPerCycle),
      maxYear: c.maxPerYear === undefined ? null : q(c.maxPerYear),
      maxCycle: c.maxPerCycle === undefined ? null : q(c.maxPerCycle),
      yearCapText: c.capReason && c.maxPerYear !== undefined ? c.capReason : `${lower} counts at most ${c.maxPerYear} a year`,
      cycleCapText: c.capReason && c.maxPerCycle !== undefined ? c.capReason : `${lower} is capped at ${c.maxPerCycle} a cycle`,
    };
  });
  const out: CompiledRuleSet = {
    ruleSet: r,
    catOfType,
    cats,
    annualMin: r.annualMinimum === null ? null : q(r.annualMinimum),
    cycleMin: q(r.cycleMinimum),
    actMin: r.perActivity ? q(r.perActivity.min) : null,
    actMax: r.perActivity ? q(r.perActivity.max) : null,
    rollover: r.rollover ? { max: q(r.rollover.max), lastMonths: r.rollover.lastMonths } : null,
  };
  compiled.set(r, out);
  return out;
}

/** The cycle containing `today` for a credential whose first cycle starts on `firstStart` (index 0 before it). */
export function cycleAt(years: number, firstStart: string, today: string): { index: number; start: string; end: string } {
  let index = 0;
  if (today >= firstStart) {
    index = Math.max(0, Math.floor(daysBetween(firstStart, today) / 366 / years) - 1);
    while (addYears(firstStart, (index + 1) * years) <= today) index++;
  }
  return { index, start: addYears(firstStart, index * years), end: addYears(firstStart, (index + 1) * years) };
}

/** One category in one year: sums in quarters, what each step took away. */
type Cell = { raw: number; bounded: number; counted: number; overMax: number; nOverMax: number; underMin: number; nUnderMin: number; yearCap: number; cycleCap: number; byType: Map<CpdActivityType, number> };
const cell = (): Cell => ({ raw: 0, bounded: 0, counted: 0, overMax: 0, nOverMax: 0, underMin: 0, nUnderMin: 0, yearCap: 0, cycleCap: 0, byType: new Map() });
type Off = { uncounted: number; uncountedTypes: Map<CpdActivityType, number>; rejected: number; nRejected: number; notYet: number };
const off = (): Off => ({ uncounted: 0, uncountedTypes: new Map(), rejected: 0, nRejected: 0, notYet: 0 });
type ActivityLine = CpdEvaluation['activityLines'][number];

type CycleWork = { cells: Cell[][]; offs: Off[]; lines: ActivityLine[]; late: number };

/** Sorts one cycle's activities into year × category cells, applying per-activity bounds. */
function collect(c: CompiledRuleSet, facts: readonly CpdFact[], start: string, end: string, today: string, explain: boolean, lateFrom: string | null): CycleWork {
  const years = c.ruleSet.cycleYears;
  const bounds = Array.from({ length: years + 1 }, (_, i) => addYears(start, i));
  const cells = bounds.slice(0, years).map(() => c.cats.map(cell));
  const offs = bounds.slice(0, years).map(off);
  const lines: ActivityLine[] = [];
  let late = 0;
  for (const f of facts) {
    const d = f.occurredOn;
    if (d < start || d >= end) continue;
    let y = 0;
    while (d >= bounds[y + 1]!) y++;
    const o = offs[y]!;
    if (d > today) {
      o.notYet += f.quarters;
      if (explain) lines.push({ activityId: f.id, earned: pts(f.quarters), counted: 0, reason: 'dated after today: not counted yet' });
      continue;
    }
    if (f.rejected) {
      o.rejected += f.quarters;
      o.nRejected++;
      if (explain) lines.push({ activityId: f.id, earned: pts(f.quarters), counted: 0, reason: 'rejected at audit' });
      continue;
    }
    const k = c.catOfType[typeIndex.get(f.type) ?? -1] ?? -1;
    if (k < 0) {
      o.uncounted += f.quarters;
      o.uncountedTypes.set(f.type, (o.uncountedTypes.get(f.type) ?? 0) + f.quarters);
      if (explain) lines.push({ activityId: f.id, earned: pts(f.quarters), counted: 0, reason: `${cpdTypeSpecs[f.type].label.toLowerCase()} does not count under this rule set` });
      continue;
    }
    const x = cells[y]![k]!;
    let v = f.quarters;
    if (c.actMin !== null && v < c.actMin) {
      x.underMin += v;
      x.nUnderMin++;
      if (explain) lines.push({ activityId: f.id, earned: pts(v), counted: 0, reason: `one activity counts at least ${n(c.actMin)}` });
      v = 0;
    } else if (c.actMax !== null && v > c.actMax) {
      x.overMax += v - c.actMax;
      x.nOverMax++;
      if (explain) lines.push({ activityId: f.id, earned: pts(v), counted: pts(c.actMax), reason: `one activity counts at most ${n(c.actMax)}` });
      v = c.actMax;
    }
    x.raw += f.quarters;
    x.bounded += v;
    if (explain) x.byType.set(f.type, (x.byType.get(f.type) ?? 0) + f.quarters);
    if (lateFrom !== null && d >= lateFrom) late += v;
  }
  // Caps, year by year so that the earlier year uses the cycle cap's room first.
  const used = c.cats.map(() => 0);
  for (const row of cells)
    row.forEach((x, k) => {
      const cat = c.cats[k]!;
      let v = x.bounded;
      if (cat.maxYear !== null && v > cat.maxYear) {
        x.yearCap = v - cat.maxYear;
        v = cat.maxYear;
      }
      if (cat.maxCycle !== null && v > cat.maxCycle - used[k]!) {
        x.cycleCap = v - (cat.maxCycle - used[k]!);
        v = cat.maxCycle - used[k]!;
      }
      x.counted = v;
      used[k]! += v;
    });
  return { cells, offs, lines, late };
}

function sumCells(cells: Cell[]): Cell {
  const s = cell();
  for (const x of cells) {
    s.raw += x.raw;
    s.bounded += x.bounded;
    s.counted += x.counted;
    s.overMax += x.overMax;
    s.nOverMax += x.nOverMax;
    s.underMin += x.underMin;
    s.nUnderMin += x.nUnderMin;
    s.yearCap += x.yearCap;
    s.cycleCap += x.cycleCap;
    for (const [t, v] of x.byType) s.byType.set(t, (s.byType.get(t) ?? 0) + v);
  }
  return s;
}
function sumOffs(offs: Off[]): Off {
  const s = off();
  for (const o of offs) {
    s.uncounted += o.uncounted;
    s.rejected += o.rejected;
    s.nRejected += o.nRejected;
    s.notYet += o.notYet;
    for (const [t, v] of o.uncountedTypes) s.uncountedTypes.set(t, (s.uncountedTypes.get(t) ?? 0) + v);
  }
  return s;
}

/** Why a category counts less than it earned, in words. */
function reasons(c: CompiledRuleSet, cat: Cat, x: Cell): string[] {
  const r: string[] = [];
  if (x.overMax) r.push(`one activity counts at most ${n(c.actMax!)} (${plural(x.nOverMax, 'activity', 'activities')}, ${n(x.overMax)} over)`);
  if (x.underMin) r.push(`one activity counts at least ${n(c.actMin!)} (${plural(x.nUnderMin, 'activity', 'activities')} below it, ${n(x.underMin)})`);
  if (x.yearCap) r.push(`${cat.yearCapText} (${n(x.yearCap)} over)`);
  if (x.cycleCap) r.push(`${cat.cycleCapText} (${n(x.cycleCap)} over)`);
  return r;
}

function categoryLine(c: CompiledRuleSet, cat: Cat, x: Cell, minimum: number | null, when: string, explain: boolean): CpdCategoryLine {
  const shortfall = minimum === null ? 0 : Math.max(0, minimum - x.counted);
  const lines: string[] = [];
  if (explain) {
    const why = reasons(c, cat, x);
    lines.push(x.raw === x.counted ? `${cat.name}: ${n(x.raw)} earned and counted` : `${cat.name}: ${n(x.raw)} earned, ${n(x.counted)} counted: ${why.join('; ')}`);
    for (const t of cpdActivityTypes) {
      const v = x.byType.get(t);
      if (v) lines.push(`${cpdTypeSpecs[t].label}: ${n(v)} earned`);
    }
    if (minimum !== null) lines.push(shortfall ? `At least ${n(minimum)} needed ${when}: ${n(shortfall)} more to go` : `At least ${n(minimum)} needed ${when}: met`);
  }
  return { id: cat.id, name: cat.name, earned: pts(x.raw), counted: pts(x.counted), minimum: minimum === null ? null : pts(minimum), cap: null, shortfall: pts(shortfall), lines };
}

function period(
  c: CompiledRuleSet,
  label: string,
  start: string,
  end: string,
  x: Cell[],
  o: Off,
  required: number | null,
  mins: Array<number | null>,
  scope: 'year' | 'cycle',
  when: string,
  extra: { rolledIn: number; rollLine: string | null },
  explain: boolean,
): CpdPeriodTotal & { countedQ: number; shortfallQ: number } {
  const categories = c.cats.map((cat, k) => {
    const line = categoryLine(c, cat, x[k]!, mins[k]!, when, explain);
    const cap = scope === 'year' ? cat.maxYear : cat.maxCycle;
    return { ...line, cap: cap === null ? null : pts(cap) };
  });
  const raw = x.reduce((s, v) => s + v.raw, 0) + o.uncounted + o.rejected;
  const countedQ = x.reduce((s, v) => s + v.counted, 0) + extra.rolledIn;
  const catGaps = categories.reduce((s, k) => s + q(k.shortfall), 0);
  const shortfallQ = Math.max(required === null ? 0 : required - countedQ, catGaps, 0);
  const lines: string[] = [];
  if (explain) {
    for (const k of categories) if (k.earned > 0 || k.minimum !== null) lines.push(k.lines[0]!);
    if (o.uncounted) lines.push(`Not counted under this rule set: ${n(o.uncounted)} (${[...o.uncountedTypes].map(([t, v]) => `${cpdTypeSpecs[t].label.toLowerCase()} ${n(v)}`).join(', ')})`);
    if (o.rejected) lines.push(`Rejected at audit: ${n(o.rejected)} from ${plural(o.nRejected, 'activity', 'activities')}, not counted`);
    if (o.notYet) lines.push(`Dated after today: ${n(o.notYet)}, not counted yet`);
    if (extra.rollLine) lines.push(extra.rollLine);
    const need = required === null ? '' : ` of ${n(required)} needed`;
    const tail = shortfallQ ? `: ${n(shortfallQ)} short` : required !== null || catGaps === 0 ? ': met' : '';
    lines.push(`Total ${when}: ${n(raw)} earned, ${n(countedQ)} counted${need}${tail}`);
  }
  return { label, start, end: addDays(end, -1), earned: pts(raw), counted: pts(countedQ), required: required === null ? null : pts(required), shortfall: pts(shortfallQ), categories, lines, countedQ, shortfallQ };
}

export type EvaluateCpdOptions = { explain?: boolean };

/**
 * Evaluates one credential's CPD under one rule set on the UTC date of `now`: the cycle containing today
 * (cycles start at `firstStart` and every `cycleYears` after), each of its years, rollover from the
 * previous cycle and a forecast at the pace so far.
 */
export function evaluateCpd(r: CpdRuleSet, firstStart: string, facts: readonly CpdFact[], now: Date, options: EvaluateCpdOptions = {}): CpdEvaluation {
  const explain = options.explain !== false;
  const c = compileRuleSet(r);
  const today = isoDay(now);
  const unit = r.unit;
  const cyc = cycleAt(r.cycleYears, firstStart, today);

  let rolledIn = 0;
  let rollLine: string | null = null;
  if (c.rollover && cyc.index > 0) {
    const prevStart = addYears(firstStart, (cyc.index - 1) * r.cycleYears);
    const lateFrom = addMonths(cyc.start, -c.rollover.lastMonths);
    const prev = collect(c, facts, prevStart, cyc.start, today, false, lateFrom);
    const prevCounted = prev.cells.reduce((s, row) => s + row.reduce((t, x) => t + x.counted, 0), 0);
    rolledIn = Math.max(0, Math.min(c.rollover.max, prevCounted - c.cycleMin, prev.late));
    if (rolledIn > 0 && explain)
      rollLine = `Rolled over from the cycle that ended ${addDays(cyc.start, -1)}: ${n(rolledIn)} (above its ${n(c.cycleMin)}, from its last ${c.rollover.lastMonths} months, at most ${n(c.rollover.max)})`;
  }

  const work = collect(c, facts, cyc.start, cyc.end, today, explain, null);
  const yearTotals = work.cells.map((row, i) =>
    Object.assign(
      period(c, `Year ${i + 1} of the cycle`, addYears(cyc.start, i), addYears(cyc.start, i + 1), row, work.offs[i]!, c.annualMin, c.cats.map((k) => k.minYear), 'year', `in year ${i + 1}`, { rolledIn: 0, rollLine: null }, explain),
      { index: i },
    ),
  );
  const cycleCells = c.cats.map((_, k) => sumCells(work.cells.map((row) => row[k]!)));
  const cycleTotal = period(c, `Cycle ${cyc.index + 1}`, cyc.start, cyc.end, cycleCells, sumOffs(work.offs), c.cycleMin, c.cats.map((k) => k.minCycle), 'cycle', 'this cycle', { rolledIn, rollLine }, explain);

  const yi = yearTotals.findIndex((y) => today >= y.start && today <= y.end);
  const current = yi >= 0 ? yearTotals[yi]! : null;

  // Forecast: the pace of the cycle so far (at least a month's worth of days, so a first week does not explode).
  const total = daysBetween(cyc.start, cyc.end);
  const elapsed = Math.min(total, Math.max(0, daysBetween(cyc.start, today) + 1));
  const ownQ = cycleTotal.countedQ - rolledIn;
  const perDay = elapsed > 0 ? ownQ / Math.max(elapsed, 30) : 0;
  const atEndQ = Math.floor((cycleTotal.countedQ + perDay * (total - elapsed)) + 1e-9);
  const perMonth = Math.round(perDay * 30.4375) / 4; // perDay is in quarters
  const lastDay = addDays(cyc.end, -1);
  const catGap = cycleTotal.categories.filter((k) => k.shortfall > 0).map((k) => `${n(q(k.shortfall))} more ${k.name.toLowerCase()}`);
  // The verdict counts every minimum: a year's category minimums from the year it starts, and a
  // year's own total once it has ended (a year under way is judged by the cycle's pace above).
  const yearGap: string[] = [];
  for (const y of yearTotals) {
    if (y.start > today) break;
    const yearCatQ = y.categories.reduce((sum, k) => sum + q(k.shortfall), 0);
    for (const k of y.categories) if (k.shortfall > 0) yearGap.push(`${n(q(k.shortfall))} more ${k.name.toLowerCase()} in year ${y.index + 1}`);
    if (today > y.end && y.shortfallQ > yearCatQ) yearGap.push(`${n(y.shortfallQ - yearCatQ)} more ${unit} in year ${y.index + 1}`);
  }
  const gaps = [...catGap, ...yearGap];
  const onTrack = atEndQ >= c.cycleMin && gaps.length === 0;
  let message: string;
  if (today < cyc.start) message = `Your first cycle starts on ${cyc.start}.`;
  else if (cycleTotal.shortfallQ === 0)
    message = `You have already counted the ${n(c.cycleMin)} ${unit} this cycle needs (cycle ends ${lastDay})${gaps.length ? `; you still need ${gaps.join(' and ')}.` : '.'}`;
  else
    message =
      `At your pace so far (about ${perMonth} ${unit} a month) you would have about ${n(atEndQ)} of the ${n(c.cycleMin)} needed by ${lastDay}` +
      (gaps.length ? `; you also need ${gaps.join(' and ')}.` : '.');

  const strip = <T extends { countedQ: number; shortfallQ: number }>({ countedQ: _c, shortfallQ: _s, ...rest }: T) => rest;
  const met = cycleTotal.shortfallQ === 0 && yearTotals.every((y) => y.shortfallQ === 0);
  return {
    ruleSet: { key: r.key, name: r.name, unit, version: r.version },
    asOf: today,
    cycle: { ...strip(cycleTotal), index: cyc.index, rolledIn: pts(rolledIn) },
    year: current ? strip(current) : null,
    years: yearTotals.map(strip),
    forecast: { atCycleEnd: pts(atEndQ), required: pts(c.cycleMin), onTrack, perMonth, message },
    activityLines: work.lines,
    met,
    graceEndsOn: addDays(lastDay, r.graceDays),
  };
}
