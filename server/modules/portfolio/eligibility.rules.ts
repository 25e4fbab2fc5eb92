import { contributionTypes, type Portfolio, type PortfolioItem, type WorkItem } from '../../../contracts/portfolio.js';
import type { CatalogueEntry, ItemRule, ItemSelector, Scheme } from '../../../contracts/scheme.js';
import { type CompiledLevels, compileLevels, evaluateLevels, type UnitSpec } from './eligibility.gaps.js';
import type { CategoryResult, Evaluation, ItemFlag } from './eligibility.types.js';
import { endBoundary, formatMonths, isoDay, type MonthRange, sumMonths, toRange, unionMonths } from './periods.js';

/*
 * The eligibility engine. compileScheme() does the per-version work once (catalogue lookups with renames resolved,
 * rules grouped by what they read, suggestion units); the evaluator is then a pure function of (portfolio, now).
 * Points are whole numbers: per-year and per-hour rules round down after adding up all of a rule's items.
 */

export interface EvaluateOptions {
  /** false: numbers, flags and levels only, without explanation lines or gaps (bulk work such as impact previews). */
  explain?: boolean;
}

export interface Evaluator {
  readonly scheme: Scheme;
  /** Evaluates a portfolio on the date of `now` (UTC). Pure: reads nothing else. */
  evaluate(portfolio: Portfolio, now: Date, options?: EvaluateOptions): Evaluation;
}

type ValuedKind = 'education' | 'certification';
interface ResolvedEntry {
  entry: CatalogueEntry;
  final: CatalogueEntry;
}
interface Valuation {
  catalogueCat: number;
  catalogueLabel: string;
  assessed: { cat: number; min: number; max: number; label: string } | null;
}
/** Items are bucketed once per evaluation: one bucket per contribution type, then work, education, certification. */
const BUCKET_WORK = contributionTypes.length;
const BUCKET_COUNT = contributionTypes.length + 3;
const kindBucket: Record<Exclude<PortfolioItem['kind'], 'contribution'>, number> = {
  work: BUCKET_WORK,
  education: BUCKET_WORK + 1,
  certification: BUCKET_WORK + 2,
};
function bucketOf(item: PortfolioItem): number {
  return item.kind === 'contribution' ? contributionTypes.indexOf(item.type) : kindBucket[item.kind];
}
interface Matcher {
  buckets: number[];
  itsmOnly: boolean;
}

const entryKindFor: Record<ValuedKind, CatalogueEntry['kind']> = { education: 'qualification', certification: 'certification' };

function matcher(s: ItemSelector): Matcher {
  const buckets =
    s.kind !== 'contribution' ? [kindBucket[s.kind]]
    : (s.contributionTypes ?? contributionTypes).map((t) => contributionTypes.indexOf(t));
  return { buckets, itsmOnly: s.itsmOnly === true };
}
const none: readonly PortfolioItem[] = [];
const counts = (m: Matcher, item: PortfolioItem) => !m.itsmOnly || (item.kind === 'work' && item.itsm);

/** The date an item counts from: awarded, given, or started. */
function itemDate(item: PortfolioItem): string | null {
  switch (item.kind) {
    case 'education':
      return item.awardedOn ?? null;
    case 'certification':
      return item.awardedOn;
    case 'work':
      return item.startOn;
    case 'contribution':
      return 'date' in item ? item.date : item.startOn;
  }
}

/** Follows renamedTo to the current entry (the scheme validator has already refused loops). */
function resolveCatalogue(catalogue: readonly CatalogueEntry[]): Map<string, ResolvedEntry> {
  const byId = new Map(catalogue.map((e) => [e.id, e]));
  const out = new Map<string, ResolvedEntry>();
  for (const entry of catalogue) {
    let final = entry;
    for (let hops = 0; final.renamedTo !== undefined && hops < catalogue.length; hops++) final = byId.get(final.renamedTo) ?? final;
    out.set(entry.id, { entry, final });
  }
  return out;
}

const byItemId = (a: ItemFlag, b: ItemFlag) => (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0);
const joinSorted = (parts: string[]) => (parts.length > 1 ? parts.sort() : parts).join(' + ');
const fmtNumber = (n: number) => (Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100));

/** Prepares a validated scheme version for fast repeated evaluation. */
export function compileScheme(scheme: Scheme): Evaluator {
  const catalogue = resolveCatalogue(scheme.catalogue);
  const valuation: Partial<Record<ValuedKind, Valuation>> = {};
  const valuationFor = (kind: ValuedKind): Valuation => {
    const v = valuation[kind] ?? { catalogueCat: -1, catalogueLabel: '', assessed: null };
    valuation[kind] = v;
    return v;
  };
  const generic: Array<{ cat: number; rule: ItemRule; m: Matcher | null }> = [];
  const units: UnitSpec[] = [];
  scheme.categories.forEach((category, cat) => {
    for (const rule of category.rules) {
      const suggest = rule.suggest !== false;
      if (rule.type === 'catalogue') {
        const v = valuationFor(rule.applies);
        v.catalogueCat = cat;
        v.catalogueLabel = rule.label;
        if (!suggest) continue;
        for (const e of scheme.catalogue)
          if (e.kind === entryKindFor[rule.applies] && !e.retired && e.renamedTo === undefined && e.points > 0)
            units.push({ kind: 'unit', ruleId: rule.id, cat, unit: e.name, points: e.points, catalogueId: e.id, repeatable: e.repeatable === true });
      } else if (rule.type === 'assessed') {
        const v = valuationFor(rule.applies);
        v.assessed = { cat, min: rule.minPoints, max: rule.maxPoints, label: rule.label };
        if (suggest && rule.minPoints > 0)
          units.push({ kind: 'unit', ruleId: rule.id, cat, unit: `another relevant ${rule.applies}, valued by an assessor at ${rule.minPoints}–${rule.maxPoints}`, points: rule.minPoints, repeatable: true });
      } else {
        generic.push({ cat, rule, m: rule.type === 'highestSustained' ? null : matcher(rule.select) });
        if (!suggest) continue;
        if ((rule.type === 'fixed' || rule.type === 'perYear') && rule.points > 0)
          units.push({ kind: 'unit', ruleId: rule.id, cat, unit: rule.unit, points: rule.points, repeatable: true });
        if (rule.type === 'perHour') units.push({ kind: 'hours', ruleId: rule.id, cat, unit: rule.unit, pointsPerHour: rule.pointsPerHour });
      }
    }
  });
  const levels: CompiledLevels = compileLevels(scheme, units);
  const sustainTables = new Map<string, Array<{ level: number; points: number }>>();
  for (const { rule } of generic) if (rule.type === 'highestSustained') sustainTables.set(rule.id, [...rule.table].sort((a, b) => b.level - a.level));

  // Most calls share one `now`; formatting the date is a visible cost at tens of thousands of calls a second.
  let lastTime = Number.NaN;
  let lastDay = '';
  function evaluate(portfolio: Portfolio, now: Date, options?: EvaluateOptions): Evaluation {
    const explain = options?.explain !== false;
    const time = now.getTime();
    if (time !== lastTime) {
      lastTime = time;
      lastDay = isoDay(now);
    }
    const asOf = lastDay;
    const nowB = endBoundary(asOf);
    const ncat = scheme.categories.length;
    const earned = new Array<number>(ncat).fill(0);
    const lines: string[][] = scheme.categories.map(() => []);
    const flags: ItemFlag[] = [];
    // Catalogue entry id → id of the item counted for it. Of duplicates, the smallest item id counts, so the
    // result never depends on the order of items (nor do flags, sorted by item id, or explanations, sorted).
    const held = new Map<string, string>();
    const parts: Record<ValuedKind, string[]> = { education: [], certification: [] };
    const assessedParts: Record<ValuedKind, string[]> = { education: [], certification: [] };
    const valuedSum: Record<ValuedKind, [number, number]> = { education: [0, 0], certification: [0, 0] };
    const buckets: Array<PortfolioItem[] | undefined> = new Array(BUCKET_COUNT);
    const work: Array<{ item: WorkItem; range: MonthRange }> = [];
    let enrolled = false;

    for (const item of portfolio.items) {
      if (item.kind === 'education' && item.status === 'enrolled') {
        enrolled = true;
        continue;
      }
      const date = itemDate(item);
      if (date !== null && date > asOf) {
        flags.push({ itemId: item.id, code: 'NOT_YET', message: `Dated ${date}, after ${asOf}: not counted yet` });
        continue;
      }
      const bucket = bucketOf(item);
      const list = buckets[bucket];
      if (list) list.push(item);
      else buckets[bucket] = [item];
      if (item.kind === 'work') {
        const range = toRange(item.startOn, item.endOn, nowB, item.responsibilityLevel);
        if (range) work.push({ item, range });
        continue;
      }
      if (item.kind !== 'education' && item.kind !== 'certification') continue;
      const kind: ValuedKind = item.kind;
      const v = valuation[kind];
      const id = item.kind === 'education' ? item.qualificationId : item.catalogueId;
      if (id !== null) {
        const r = catalogue.get(id);
        if (!r) {
          flags.push({ itemId: item.id, code: 'NOT_IN_CATALOGUE', message: `"${id}" is not in the catalogue of scheme ${scheme.version}: counts 0` });
          continue;
        }
        if (r.entry.kind !== entryKindFor[kind]) {
          flags.push({ itemId: item.id, code: 'WRONG_KIND', message: `"${r.entry.name}" is a ${r.entry.kind}, not a ${entryKindFor[kind]}: counts 0` });
          continue;
        }
        if (!v || v.catalogueCat < 0) {
          flags.push({ itemId: item.id, code: 'NO_RULE', message: `This scheme gives no points for catalogue ${kind} items` });
          continue;
        }
        if (r.final !== r.entry) flags.push({ itemId: item.id, code: 'RENAMED', message: `"${r.entry.name}" is now "${r.final.name}"` });
        if (r.final.retired) flags.push({ itemId: item.id, code: 'RETIRED', message: `"${r.final.name}" is retired; it still counts` });
        const counted = r.final.repeatable ? undefined : held.get(r.final.id);
        if (counted !== undefined) {
          const [keep, drop] = item.id < counted ? [item.id, counted] : [counted, item.id];
          held.set(r.final.id, keep);
          flags.push({ itemId: drop, code: 'DUPLICATE', message: `"${r.final.name}" is already counted once` });
          continue;
        }
        held.set(r.final.id, item.id);
        earned[v.catalogueCat]! += r.final.points;
        valuedSum[kind][0] += r.final.points;
        if (explain) parts[kind].push(`${r.final.name} (${r.final.points})`);
      } else {
        const a = v?.assessed;
        if (!a) {
          flags.push({ itemId: item.id, code: 'NO_RULE', message: `"${item.title}" is not in the catalogue and this scheme values no free-form ${kind}: counts 0` });
          continue;
        }
        const given = item.assessorPoints;
        if (given === null || given === undefined) {
          flags.push({ itemId: item.id, code: 'AWAITING_ASSESSOR', message: `"${item.title}" awaits an assessor's valuation (${a.min}–${a.max}): counts 0 until then` });
          if (explain) assessedParts[kind].push(`${item.title} (awaiting assessor, 0)`);
          continue;
        }
        const pts = Math.min(a.max, Math.max(a.min, given));
        if (pts !== given) flags.push({ itemId: item.id, code: 'CLAMPED', message: `Assessor points ${given} brought into the range ${a.min}–${a.max}` });
        earned[a.cat]! += pts;
        valuedSum[kind][1] += pts;
        if (explain) assessedParts[kind].push(`${item.title} (${pts})`);
      }
    }
    for (const kind of ['education', 'certification'] as const) {
      const v = valuation[kind];
      if (v && v.catalogueCat >= 0 && parts[kind].length > 0)
        lines[v.catalogueCat]!.push(`${v.catalogueLabel}: ${joinSorted(parts[kind])} = ${valuedSum[kind][0]} points`);
      if (v?.assessed && assessedParts[kind].length > 0)
        lines[v.assessed.cat]!.push(`${v.assessed.label}: ${joinSorted(assessedParts[kind])} = ${valuedSum[kind][1]} points`);
    }

    const workRanges = work.map((w) => w.range);
    for (const { cat, rule, m } of generic) {
      let pts = 0;
      let line = '';
      if (rule.type === 'highestSustained') {
        if (workRanges.length === 0) continue;
        let level = 0;
        let held = 0;
        for (const r of workRanges) if (r.level > held) held = r.level;
        // Highest table level first; the first one held long enough is the answer.
        for (const row of sustainTables.get(rule.id)!)
          if (row.level <= held && unionMonths(workRanges, row.level) >= rule.minMonths) {
            level = row.level;
            pts = row.points;
            break;
          }
        if (explain)
          line =
            level > 0
              ? `${rule.label}: level ${level} held for ${formatMonths(rule.minMonths)} or more = ${pts} points`
              : `${rule.label}: no level in the table held for ${formatMonths(rule.minMonths)} = 0 points`;
      } else if (rule.type === 'fixed') {
        let n = 0;
        for (const b of m!.buckets) for (const item of buckets[b] ?? none) if (counts(m!, item)) n++;
        if (n === 0) continue;
        pts = n * rule.points;
        if (explain) line = `${rule.label}: ${n} × ${rule.points} = ${pts} points`;
      } else if (rule.type === 'perYear') {
        const ranges: MonthRange[] = [];
        for (const b of m!.buckets)
          for (const item of buckets[b] ?? none)
            if (counts(m!, item) && 'startOn' in item) {
              const r = toRange(item.startOn, item.endOn, nowB);
              if (r) ranges.push(r);
            }
        if (ranges.length === 0) continue;
        const months = rule.mergeOverlaps ? unionMonths(ranges) : sumMonths(ranges);
        pts = Math.floor((months * rule.points) / 12);
        if (explain) {
          const how = rule.mergeOverlaps && ranges.length > 1 ? ' (overlapping periods counted once)' : '';
          line = `${rule.label}: ${formatMonths(months)}${how} × ${rule.points} a year = ${pts} points`;
        }
      } else if (rule.type === 'perHour') {
        let hours = 0;
        for (const b of m!.buckets) for (const item of buckets[b] ?? none) if ('hours' in item) hours += item.hours;
        if (hours === 0) continue;
        pts = Math.floor(hours * rule.pointsPerHour);
        if (explain) line = `${rule.label}: ${fmtNumber(hours)} hours × ${fmtNumber(rule.pointsPerHour)} = ${pts} points`;
      }
      earned[cat]! += pts;
      if (explain) lines[cat]!.push(line);
    }

    const categories: CategoryResult[] = scheme.categories.map((c, i) => {
      const e = earned[i]!;
      const counted = c.cap === null ? e : Math.min(e, c.cap);
      const l = lines[i]!;
      if (explain)
        l.push(counted < e ? `${c.name}: ${e} earned, ${counted} counted (cap ${c.cap})` : `${c.name}: ${e} points${c.cap === null ? '' : ` (cap ${c.cap})`}`);
      return { id: c.id, name: c.name, cap: c.cap, earned: e, counted, lines: l };
    });
    let total = 0;
    let totalEarned = 0;
    for (const c of categories) {
      total += c.counted;
      totalEarned += c.earned;
    }
    const itsmRanges: MonthRange[] = [];
    let highest = 0;
    for (const w of work) {
      if (w.item.itsm) itsmRanges.push(w.range);
      if (w.range.level > highest) highest = w.range.level;
    }
    const experienceMonths = unionMonths(itsmRanges);
    const { reached, levelResults } = evaluateLevels(levels, {
      categories,
      total,
      experienceMonths,
      itsmRanges,
      workRanges,
      workCurrent: work.map((w) => w.item.endOn === null),
      currentItsm: work.some((w) => w.item.itsm && w.item.endOn === null),
      highestLevel: highest,
      nowB,
      enrolled,
      held,
    }, explain);
    return {
      scheme: { id: scheme.id, version: scheme.version },
      asOf,
      categories,
      totalEarned,
      total,
      experienceMonths,
      highestResponsibilityLevel: highest === 0 ? null : highest,
      reached: reached && { id: reached.id, name: reached.name, postNominals: reached.postNominals },
      levels: levelResults,
      flags: flags.length > 1 ? flags.sort(byItemId) : flags,
    };
  }
  return { scheme, evaluate };
}

/** One-off evaluation; prefer compileScheme() when evaluating many portfolios under one version. */
export function evaluate(scheme: Scheme, portfolio: Portfolio, now: Date): Evaluation {
  return compileScheme(scheme).evaluate(portfolio, now);
}
