import { z } from 'zod';
import { CpdActivityType, cpdActivityTypes } from './cpd.js';

/*
 * A CPD rule set as data, like a scheme version: cycle length, annual and cycle minimums, categories (each a
 * set of activity types) with their own minimums and caps, bounds on what one activity counts, rollover and
 * grace. Amounts are in the rule set's unit (hours, points or credits; one hour of activity is one unit) and
 * must be whole quarters. Years are years of the cycle, counted from its start (the award anniversary).
 */

const key = z
  .string({ error: 'Give a key (text)' })
  .regex(/^[a-z0-9][a-z0-9._-]{0,79}$/, 'Use a key of lower-case letters, digits, ".", "_" or "-" (at most 80)');
const label = (what: string, max = 300) => z.string({ error: `Give ${what}` }).trim().min(1, `Give ${what}`).max(max, `Shorten ${what} to at most ${max} characters`);
const amount = (what: string) =>
  z
    .number({ error: `Give ${what} as a number` })
    .min(0, `${what} cannot be negative`)
    .max(10_000, `${what} is at most 10000`)
    .refine((n) => Number.isInteger(n * 4), `${what} must be a whole number of quarters (such as 0.5 or 12.25)`);

export const CpdCategory = z
  .strictObject({
    id: key,
    name: label('a category name'),
    types: z.array(CpdActivityType).min(1, 'List at least one activity type'),
    minPerYear: amount('minPerYear').optional(),
    minPerCycle: amount('minPerCycle').optional(),
    maxPerYear: amount('maxPerYear').optional(),
    maxPerCycle: amount('maxPerCycle').optional(),
    /** How the cap reads in explanations, e.g. "giving back is capped at 25 a cycle". */
    capReason: label('the reason for the cap').optional(),
  })
  .superRefine((c, ctx) => {
    if (c.minPerYear !== undefined && c.maxPerYear !== undefined && c.minPerYear > c.maxPerYear)
      ctx.addIssue({ code: 'custom', path: ['maxPerYear'], message: 'maxPerYear must be at least minPerYear' });
    if (c.minPerCycle !== undefined && c.maxPerCycle !== undefined && c.minPerCycle > c.maxPerCycle)
      ctx.addIssue({ code: 'custom', path: ['maxPerCycle'], message: 'maxPerCycle must be at least minPerCycle' });
  });
export type CpdCategory = z.infer<typeof CpdCategory>;

export const CpdRuleSet = z
  .strictObject({
    key,
    version: z.number().int().min(1),
    name: label('a name'),
    issuer: label('the issuer'),
    description: label('a description', 1000),
    unit: z.enum(['hours', 'points', 'credits'], { error: 'Use hours, points or credits' }),
    cycleYears: z.number().int().min(1, 'A cycle is at least 1 year').max(10, 'A cycle is at most 10 years'),
    annualMinimum: amount('annualMinimum').nullable(),
    cycleMinimum: amount('cycleMinimum'),
    /** What one activity may count: below `min` it counts nothing, above `max` it counts `max`. */
    perActivity: z.strictObject({ min: amount('perActivity.min'), max: amount('perActivity.max') }).nullable(),
    /** Points above the cycle minimum, earned in the last `lastMonths` of a cycle, carried into the next (at most `max`). */
    rollover: z.strictObject({ max: amount('rollover.max'), lastMonths: z.number().int().min(1).max(24) }).nullable(),
    graceDays: z.number().int().min(0).max(730),
    /** Months evidence is kept after the end of the cycle it counted in (the body's rule set; unset: EVIDENCE_RETENTION_MONTHS, 12). */
    evidenceRetentionMonths: z.number().int().min(0, 'evidenceRetentionMonths cannot be negative').max(120, 'evidenceRetentionMonths is at most 120').optional(),
    categories: z.array(CpdCategory).min(1, 'Give at least one category'),
  })
  .superRefine((r, ctx) => {
    const seenIds = new Set<string>();
    const owner = new Map<string, string>();
    r.categories.forEach((c, i) => {
      if (seenIds.has(c.id)) ctx.addIssue({ code: 'custom', path: ['categories', i, 'id'], message: `Category id "${c.id}" is used twice` });
      seenIds.add(c.id);
      for (const t of c.types) {
        const other = owner.get(t);
        if (other) ctx.addIssue({ code: 'custom', path: ['categories', i, 'types'], message: `Activity type "${t}" is already in category "${other}"` });
        owner.set(t, c.id);
      }
    });
    if (r.perActivity && r.perActivity.min > r.perActivity.max)
      ctx.addIssue({ code: 'custom', path: ['perActivity', 'max'], message: 'perActivity.max must be at least perActivity.min' });
    if (r.annualMinimum !== null && r.annualMinimum > r.cycleMinimum)
      ctx.addIssue({ code: 'custom', path: ['cycleMinimum'], message: 'cycleMinimum must be at least annualMinimum' });
  });
export type CpdRuleSet = z.infer<typeof CpdRuleSet>;

/** Activity types no category of the rule set takes (they count nothing under it). */
export const uncountedTypes = (r: CpdRuleSet) => cpdActivityTypes.filter((t) => !r.categories.some((c) => c.types.includes(t)));
