import type { Level, Scheme } from '../../../contracts/scheme.js';
import type { CategoryResult, Gap, LevelResult, Suggestion } from './eligibility.types.js';
import { formatMonthIndex, formatMonths, type MonthRange, unionMonths } from './periods.js';

/*
 * Level requirements and gap analysis. Point shortfalls get concrete suggestions built greedily from the scheme's
 * own item rules: repeatedly take the largest unit that does not overshoot what is missing, then close the rest
 * with the smallest unit that covers it (12 missing → a talk (10) and a year of mentoring (5)). Every unit must
 * fit in its category's remaining cap room, so no suggestion counts points a cap would discard; hours-based rules
 * fill exact remainders when no whole unit fits.
 */

/** A suggestion unit: a repeatable or one-off item worth fixed points, or hours at a rate. */
export type UnitSpec =
  | { kind: 'unit'; ruleId: string; cat: number; unit: string; points: number; catalogueId?: string; repeatable: boolean }
  | { kind: 'hours'; ruleId: string; cat: number; unit: string; pointsPerHour: number };

export interface CompiledLevels {
  levels: Level[];
  /** Parallel to levels: steps outside the portfolio, worded once per scheme version. */
  steps: string[][];
  categoryIndex: Map<string, number>;
  categoryIds: string[];
  levelNames: Map<string, string>;
  responsibilityNames: Map<number, string>;
  units: UnitSpec[];
  scratch: { room: Float64Array; taken: Float64Array; gained: Float64Array; hours: Float64Array };
}

/** What the requirement checks read from one evaluation. */
export interface LevelContext {
  categories: CategoryResult[];
  total: number;
  experienceMonths: number;
  itsmRanges: MonthRange[];
  workRanges: MonthRange[];
  /** Parallel to workRanges: the period is current (no end date). */
  workCurrent: boolean[];
  currentItsm: boolean;
  highestLevel: number;
  nowB: number;
  enrolled: boolean;
  /** Catalogue entries already counted (keys: entry ids). */
  held: ReadonlyMap<string, string>;
}

/** Sorts levels and indexes what the checks look up; once per scheme version. */
export function compileLevels(scheme: Scheme, units: UnitSpec[]): CompiledLevels {
  const levels = [...scheme.levels].sort((a, b) => a.order - b.order);
  const levelNames = new Map(scheme.levels.map((l) => [l.id, l.name]));
  return {
    levels,
    steps: levels.map((l) => steps(levelNames, l)),
    categoryIndex: new Map(scheme.categories.map((c, i) => [c.id, i])),
    categoryIds: scheme.categories.map((c) => c.id),
    levelNames,
    responsibilityNames: new Map(scheme.framework.responsibilityLevels.map((l) => [l.level, l.name])),
    units,
    scratch: {
      room: new Float64Array(scheme.categories.length),
      taken: new Float64Array(units.length),
      gained: new Float64Array(units.length),
      hours: new Float64Array(units.length),
    },
  };
}

const joinAnd = (xs: string[]) => (xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);
const years = (n: number) => `${Number.isInteger(n) ? n : Math.round(n * 100) / 100} ${n === 1 ? 'year' : 'years'}`;

/** Greedy suggestions adding `need` points within the categories' cap room (`only`: one category index). */
export function suggest(c: CompiledLevels, ctx: LevelContext, need: number, only: number | null): { suggestions: Suggestion[]; missing: number } {
  // Scratch arrays live with the compiled scheme: evaluation is synchronous, so one set serves every call.
  const { room, taken, gained, hours } = c.scratch;
  taken.fill(0);
  gained.fill(0);
  hours.fill(0);
  for (let i = 0; i < ctx.categories.length; i++) {
    const k = ctx.categories[i]!;
    room[i] = k.cap === null ? Number.POSITIVE_INFINITY : k.cap - k.counted;
  }
  const units = c.units;
  const order: number[] = [];
  let remaining = need;
  // Candidates once per call: in the category asked for, and not a catalogue entry already held.
  const candidates: number[] = [];
  for (let i = 0; i < units.length; i++) {
    const u = units[i]!;
    if (only !== null && u.cat !== only) continue;
    if (u.kind === 'unit' && u.catalogueId !== undefined && !u.repeatable && ctx.held.has(u.catalogueId)) continue;
    candidates.push(i);
  }
  for (let step = 0; step < 200 && remaining > 0; step++) {
    let under = -1;
    let over = -1;
    let hourly = -1;
    for (const i of candidates) {
      const u = units[i]!;
      if (u.kind === 'hours') {
        if (hourly < 0 && room[u.cat]! > 0) hourly = i;
        continue;
      }
      if ((!u.repeatable && taken[i]! > 0) || u.points > room[u.cat]!) continue;
      if (u.points <= remaining) {
        if (under < 0 || u.points > (units[under] as { points: number }).points) under = i;
      } else if (over < 0 || u.points < (units[over] as { points: number }).points) over = i;
    }
    let pick = -1;
    let pts = 0;
    let copies = 1;
    if (under >= 0) {
      const u = units[under] as Extract<UnitSpec, { kind: 'unit' }>;
      pick = under;
      // Greedy would take the same repeatable unit again while it still fits, so take those copies at once.
      if (u.repeatable) copies = Math.max(1, Math.floor(Math.min(remaining, room[u.cat]!) / u.points));
      pts = u.points * copies;
    } else if (over >= 0) {
      pick = over;
      pts = (units[over] as { points: number }).points;
    } else if (hourly >= 0) {
      const u = units[hourly] as Extract<UnitSpec, { kind: 'hours' }>;
      pick = hourly;
      pts = Math.min(remaining, room[u.cat]!);
      hours[hourly]! += Math.ceil((pts / u.pointsPerHour) * 4) / 4;
    } else break;
    if (taken[pick] === 0) order.push(pick);
    taken[pick]! += copies;
    gained[pick]! += pts;
    room[units[pick]!.cat]! -= pts;
    remaining -= pts;
  }
  const suggestions: Suggestion[] = [];
  for (const i of order) {
    const u = units[i]!;
    const s: Suggestion = { ruleId: u.ruleId, category: c.categoryIds[u.cat]!, unit: u.unit, count: taken[i]!, points: gained[i]! };
    if (u.kind === 'unit' && u.catalogueId !== undefined) s.catalogueId = u.catalogueId;
    if (u.kind === 'hours') {
      s.count = 1;
      s.hours = hours[i]!;
    }
    suggestions.push(s);
  }
  return { suggestions, missing: Math.max(0, remaining) };
}

/** "a talk (10) and a year of mentoring (5)" */
export function describeSuggestions(list: readonly Suggestion[]): string {
  return joinAnd(
    list.map((s) => (s.hours !== undefined ? `${s.hours} ${s.unit} (${s.points})` : s.count === 1 ? `${s.unit} (${s.points})` : `${s.count} × ${s.unit} (${s.points})`)),
  );
}

function pointsGap(c: CompiledLevels, ctx: LevelContext, short: number, have: number, min: number, cat: number | null): Gap {
  const { suggestions, missing } = suggest(c, ctx, short, cat);
  const noun = short === 1 ? 'point' : 'points';
  const what = cat === null ? noun : `${ctx.categories[cat]!.name.toLowerCase()} ${noun}`;
  let message = `${short} more ${what} (${have} of ${min})`;
  if (missing > 0) message += `: the caps leave room for only ${short - missing} more`;
  else if (suggestions.length > 0) message += `: e.g. ${describeSuggestions(suggestions)}`;
  const gap: Gap = { requirement: cat === null ? 'minTotal' : 'minPerCategory', message, shortfall: short, suggestions };
  if (cat !== null) gap.category = ctx.categories[cat]!.id;
  return gap;
}

/** Months at `minLevel`+ within the window ending `k` months from now, current roles continuing. */
function responsibilityMonths(ctx: LevelContext, minLevel: number, windowMonths: number | null, k: number, scratch: MonthRange[]): number {
  let ranges = ctx.workRanges;
  if (k > 0) {
    scratch.length = 0;
    for (let i = 0; i < ranges.length; i++) {
      const r = ranges[i]!;
      scratch.push(ctx.workCurrent[i] ? { start: r.start, end: r.end + k, level: r.level } : r);
    }
    ranges = scratch;
  }
  const to = ctx.nowB + k;
  return unionMonths(ranges, minLevel, windowMonths === null ? Number.NEGATIVE_INFINITY : to - windowMonths, to);
}

/** Checks one level; with `explain`, also words every unmet requirement and suggests changes. */
function checkLevel(c: CompiledLevels, level: Level, ctx: LevelContext, explain: boolean): { eligible: boolean; gaps: Gap[] } {
  const req = level.requirements;
  const gaps: Gap[] = [];
  let eligible = true;
  if (req.enrolledInStudy && !ctx.enrolled) {
    eligible = false;
    if (explain)
      gaps.push({ requirement: 'enrolledInStudy', shortfall: 1, suggestions: [], message: 'Enrolment in a course of study: add an education item with status "enrolled"' });
  }
  if (req.minTotal !== undefined && ctx.total < req.minTotal) {
    eligible = false;
    if (explain) gaps.push(pointsGap(c, ctx, req.minTotal - ctx.total, ctx.total, req.minTotal, null));
  }
  for (const m of req.minPerCategory ?? []) {
    const i = c.categoryIndex.get(m.category)!;
    const have = ctx.categories[i]!.counted;
    if (have >= m.points) continue;
    eligible = false;
    if (explain) gaps.push(pointsGap(c, ctx, m.points - have, have, m.points, i));
  }
  if (req.minYearsExperience !== undefined) {
    const need = Math.ceil(req.minYearsExperience * 12);
    if (ctx.experienceMonths < need) {
      eligible = false;
      if (explain) {
        const short = need - ctx.experienceMonths;
        const gap: Gap = {
          requirement: 'minYearsExperience',
          shortfall: short,
          suggestions: [],
          message: `${formatMonths(short)} more IT service management experience (${formatMonths(ctx.experienceMonths)} of ${years(req.minYearsExperience)})`,
        };
        if (ctx.currentItsm) {
          gap.reachedBy = formatMonthIndex(ctx.nowB + short - 1);
          gap.message += `: met at the end of ${gap.reachedBy} if your current role continues`;
        } else gap.message += ': add earlier IT service management roles, or keep working in one';
        gaps.push(gap);
      }
    }
  }
  const r = req.responsibility;
  if (r) {
    const name = `responsibility level ${r.minLevel} (${c.responsibilityNames.get(r.minLevel) ?? 'unnamed'}) or above`;
    if (r.years === undefined) {
      if (ctx.highestLevel < r.minLevel) {
        eligible = false;
        if (explain)
          gaps.push({
            requirement: 'responsibility',
            shortfall: r.minLevel - ctx.highestLevel,
            suggestions: [],
            message: `A role at ${name} (highest so far: ${ctx.highestLevel === 0 ? 'none recorded' : `level ${ctx.highestLevel}`})`,
          });
      }
    } else {
      const need = Math.ceil(r.years * 12);
      const window = r.withinLastYears === undefined ? null : Math.round(r.withinLastYears * 12);
      const have = responsibilityMonths(ctx, r.minLevel, window, 0, []);
      if (have < need) {
        eligible = false;
        if (explain) {
          const short = need - have;
          const span = window === null ? '' : ` of the last ${years(r.withinLastYears!)}`;
          const gap: Gap = {
            requirement: 'responsibility',
            shortfall: short,
            suggestions: [],
            message: `${years(r.years)} at ${name}${span}: ${formatMonths(have)} so far, ${formatMonths(short)} more needed`,
          };
          // Older months may leave the window while new ones are added, so step forward month by month.
          let current = false;
          for (let i = 0; i < ctx.workRanges.length; i++) if (ctx.workCurrent[i] && ctx.workRanges[i]!.level >= r.minLevel) current = true;
          if (current) {
            // Each month ahead adds a month of the current role and drops at most one old month from the window,
            // so the count never falls as k grows: a binary search finds the first month it is met.
            const scratch: MonthRange[] = [];
            let lo = short;
            let hi = need + (window ?? 0);
            if (responsibilityMonths(ctx, r.minLevel, window, hi, scratch) >= need) {
              while (lo < hi) {
                const mid = (lo + hi) >> 1;
                if (responsibilityMonths(ctx, r.minLevel, window, mid, scratch) >= need) hi = mid;
                else lo = mid + 1;
              }
              gap.reachedBy = formatMonthIndex(ctx.nowB + lo - 1);
              gap.message += `; met at the end of ${gap.reachedBy} if your current role continues`;
            }
          }
          gaps.push(gap);
        }
      }
    }
  }
  return { eligible, gaps };
}

function steps(levelNames: ReadonlyMap<string, string>, level: Level): string[] {
  const out: string[] = [];
  const n = level.requirements.nominations;
  if (n) {
    const who = joinAnd(n.fromLevels.map((id) => levelNames.get(id) ?? id)).replace(/ and ([^,]*)$/, ' or $1');
    out.push(`Nomination by ${n.count} ${n.count === 1 ? 'holder' : 'holders'} of ${who} (gathered when you apply)`);
  }
  if (level.requirements.panelDecision) out.push('A panel decision after you apply');
  return out;
}

/** All levels checked; with `explain`, gaps worded for every level above the one reached. */
export function evaluateLevels(c: CompiledLevels, ctx: LevelContext, explain = true): { reached: LevelResult | null; levelResults: LevelResult[] } {
  const results: LevelResult[] = [];
  for (let i = 0; i < c.levels.length; i++) {
    const level = c.levels[i]!;
    results.push({
      id: level.id,
      name: level.name,
      postNominals: level.postNominals,
      order: level.order,
      eligible: checkLevel(c, level, ctx, false).eligible,
      steps: c.steps[i]!.slice(),
      gaps: [],
    });
  }
  let reached: LevelResult | null = null;
  for (const r of results) if (r.eligible && r.steps.length === 0) reached = r;
  for (let i = 0; i < results.length; i++) {
    const r = results[i]!;
    if (explain && (reached === null || r.order > reached.order) && !r.eligible) r.gaps = checkLevel(c, c.levels[i]!, ctx, true).gaps;
  }
  return { reached, levelResults: results };
}
