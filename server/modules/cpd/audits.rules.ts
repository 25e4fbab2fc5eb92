import { createHash } from 'node:crypto';
import type { CpdActivityType } from '../../../contracts/cpd.js';
import { daysBetween } from './cpd.dates.js';

/*
 * Choosing whom to audit, pure. The random sample ranks every holder by SHA-256(seed, holder id) and takes
 * the lowest: the same seed and population give the same sample in any order, anyone can repeat the draw
 * from the recorded seed, and a holder's chance does not depend on where they sit in a list. Targeted cases
 * are activities that stand out: at or above the per-activity maximum, above the 95th percentile of hours,
 * or logged long after they happened.
 */

export const DEFAULT_AUDIT_RATE = 0.05;
export const AUDIT_DAYS = 90;
export const LATE_DAYS = 180;

/** How many of `population` a rate selects: rounded, and at least one when anyone is there and the rate is above 0. */
export const sampleSize = (population: number, rate: number) => (population === 0 || rate <= 0 ? 0 : Math.min(population, Math.max(1, Math.round(population * rate))));

const rank = (seed: string, id: string) => createHash('sha256').update(seed).update('\u0000').update(id).digest('hex');

/** The sample: `sampleSize` ids of `ids` with the lowest rank under `seed`, in rank order. */
export function drawSample(ids: readonly string[], rate: number, seed: string): string[] {
  const unique = [...new Set(ids)];
  const k = sampleSize(unique.length, rate);
  return unique
    .map((id) => ({ id, r: rank(seed, id) }))
    .sort((a, b) => (a.r < b.r ? -1 : a.r > b.r ? 1 : 0))
    .slice(0, k)
    .map((x) => x.id);
}

/** What the auditors read of an activity. */
export type AuditFact = { id: string; memberId: string; type: CpdActivityType; occurredOn: string; loggedOn: string; quarters: number; verified: boolean };
export type Flag = { activityId: string; reason: string };

/** The `p`-quantile (0..1) of values, nearest rank; null when empty. */
export function quantile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

/**
 * Activities worth a targeted look, by member: one at or above `maxQuarters` (the rule set's per-activity
 * maximum), above the 95th percentile of all unverified claims' hours, or logged more than LATE_DAYS after
 * it happened. Activities credited by a provider or an event are verified already and never flagged.
 */
export function targetedFlags(facts: readonly AuditFact[], maxQuarters: number | null): Map<string, Flag[]> {
  const claims = facts.filter((f) => !f.verified);
  const p95 = quantile(claims.map((f) => f.quarters), 0.95);
  const out = new Map<string, Flag[]>();
  for (const f of claims) {
    const reasons: string[] = [];
    if (maxQuarters !== null && f.quarters >= maxQuarters) reasons.push(`${f.quarters / 4} hours in one activity, at or above the ${maxQuarters / 4} one activity can count`);
    else if (p95 !== null && claims.length >= 20 && f.quarters > p95) reasons.push(`${f.quarters / 4} hours, more than 95% of claims`);
    const late = daysBetween(f.occurredOn, f.loggedOn);
    if (late > LATE_DAYS) reasons.push(`logged ${late} days after it happened`);
    if (reasons.length) out.set(f.memberId, [...(out.get(f.memberId) ?? []), { activityId: f.id, reason: reasons.join('; ') }]);
  }
  return out;
}

/** The evidence that shows an activity of each type happened. */
export const evidenceFor: Record<CpdActivityType, string> = {
  training: 'A certificate of attendance or completion from the training provider',
  'self-study': 'Your notes or a completion record of the material studied',
  certification: 'The certificate, or the awarding body’s confirmation of the result',
  promotion: 'A letter from your employer confirming the new role or responsibilities',
  'work-practice': 'A work product or a letter from your manager showing the practice you reflected on',
  event: 'A certificate of attendance, or the registration and programme of the sessions attended',
  speaking: 'The programme listing your talk, and the slides or a recording link',
  writing: 'A link to the published piece, or a copy of it',
  book: 'The publisher’s page or the book’s contents listing your contribution',
  committee: 'A letter or minutes from the body confirming your role and the period',
  mentoring: 'A letter from the mentoring programme or the mentee confirming the sessions',
  volunteering: 'A letter from the organisation confirming what you did and when',
};

/** For a random audit: the member's largest unverified claims of the cycle, at most `max`, largest first. */
export function randomAuditItems(facts: readonly AuditFact[], max = 10): AuditFact[] {
  return facts
    .filter((f) => !f.verified)
    .sort((a, b) => b.quarters - a.quarters || (a.occurredOn < b.occurredOn ? -1 : 1))
    .slice(0, max);
}
