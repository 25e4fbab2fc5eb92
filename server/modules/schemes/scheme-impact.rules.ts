import type { Portfolio } from '../../../contracts/portfolio.js';
import type { Scheme } from '../../../contracts/scheme.js';
import { compileScheme } from '../portfolio/eligibility.rules.js';

/*
 * What publishing a new scheme version would change for current members: who would reach a higher or lower
 * level, and per level how many would become or stop being eligible. Both versions are compiled once and each
 * portfolio is evaluated without explanations, which is what makes 100,000 members a matter of seconds.
 */

export interface LevelImpact {
  id: string;
  name: string;
  /** Members whose portfolio meets the level's requirements, before and after. */
  eligibleBefore: number;
  eligibleAfter: number;
  becomeEligible: number;
  loseEligibility: number;
}
export interface MemberImpact {
  memberId: string;
  before: string | null;
  after: string | null;
}
export interface ImpactPreview {
  members: number;
  /** Reached level moves up, moves down, or stays. */
  higher: number;
  lower: number;
  unchanged: number;
  levels: LevelImpact[];
  /** Up to `exampleLimit` members whose reached level changes, in input order. */
  examples: MemberImpact[];
}

/** Evaluates every member under both versions on the day of `now`; pure apart from the work it does. */
export function previewImpact(
  before: Scheme,
  after: Scheme,
  members: Iterable<{ memberId: string; portfolio: Portfolio }>,
  now: Date,
  exampleLimit = 50,
): ImpactPreview {
  const a = compileScheme(before);
  const b = compileScheme(after);
  const orderBefore = new Map(before.levels.map((l) => [l.id, l.order]));
  const orderAfter = new Map(after.levels.map((l) => [l.id, l.order]));
  const levels: LevelImpact[] = after.levels
    .slice()
    .sort((x, y) => x.order - y.order)
    .map((l) => ({ id: l.id, name: l.name, eligibleBefore: 0, eligibleAfter: 0, becomeEligible: 0, loseEligibility: 0 }));
  const levelIndex = new Map(levels.map((l, i) => [l.id, i]));
  const out: ImpactPreview = { members: 0, higher: 0, lower: 0, unchanged: 0, levels, examples: [] };
  const wasEligible = new Array<boolean>(levels.length);
  for (const { memberId, portfolio } of members) {
    out.members++;
    const x = a.evaluate(portfolio, now, { explain: false });
    const y = b.evaluate(portfolio, now, { explain: false });
    wasEligible.fill(false);
    for (const l of x.levels) {
      const i = levelIndex.get(l.id);
      if (i !== undefined && l.eligible) {
        wasEligible[i] = true;
        levels[i]!.eligibleBefore++;
      }
    }
    for (const l of y.levels) {
      const i = levelIndex.get(l.id)!;
      if (l.eligible) levels[i]!.eligibleAfter++;
      if (l.eligible && !wasEligible[i]) levels[i]!.becomeEligible++;
      if (!l.eligible && wasEligible[i]) levels[i]!.loseEligibility++;
    }
    const from = x.reached?.id ?? null;
    const to = y.reached?.id ?? null;
    const rankFrom = from === null ? -1 : orderBefore.get(from)!;
    const rankTo = to === null ? -1 : orderAfter.get(to)!;
    if (rankTo > rankFrom) out.higher++;
    else if (rankTo < rankFrom) out.lower++;
    else out.unchanged++;
    if (from !== to && out.examples.length < exampleLimit) out.examples.push({ memberId, before: from, after: to });
  }
  return out;
}
