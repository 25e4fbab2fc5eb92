import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cpdActivityTypes } from '../../../contracts/cpd.js';
import { addDays } from './cpd.dates.js';
import { loadShippedRuleSets } from './cpd.fixtures.js';
import { type CpdFact, evaluateCpd } from './cpd.rules.js';

const sets = [...loadShippedRuleSets().values()];
const START = '2020-03-15';
const NOW = new Date('2025-09-01T10:00:00Z');

const factArb: fc.Arbitrary<Omit<CpdFact, 'id'>> = fc.record({
  type: fc.constantFrom(...cpdActivityTypes),
  occurredOn: fc.integer({ min: 0, max: 365 * 6 }).map((d) => addDays(START, d)),
  quarters: fc.integer({ min: 1, max: 120 }),
  rejected: fc.integer({ min: 0, max: 9 }).map((k) => (k === 0 ? true : undefined)),
});
const factsArb = fc.array(factArb, { maxLength: 60 }).map((fs) => fs.map((f, i) => ({ ...f, id: `a${i}` })) as CpdFact[]);
const setArb = fc.constantFrom(...sets);
const isQuarter = (x: number) => Number.isInteger(x * 4);

describe('CPD engine properties', () => {
  it('never counts more than earned (before rollover), and every amount is whole quarters', () => {
    fc.assert(
      fc.property(setArb, factsArb, (r, facts) => {
        const e = evaluateCpd(r, START, facts, NOW);
        expect(e.cycle.counted - e.cycle.rolledIn).toBeLessThanOrEqual(e.cycle.earned);
        for (const p of [e.cycle, ...e.years]) {
          expect(isQuarter(p.earned) && isQuarter(p.counted) && isQuarter(p.shortfall)).toBe(true);
          for (const c of p.categories) expect(c.counted).toBeLessThanOrEqual(c.earned);
        }
      }),
    );
  });

  it('holds every category within its yearly and cycle caps', () => {
    fc.assert(
      fc.property(setArb, factsArb, (r, facts) => {
        const e = evaluateCpd(r, START, facts, NOW);
        r.categories.forEach((cat, k) => {
          if (cat.maxPerCycle !== undefined) expect(e.cycle.categories[k]!.counted).toBeLessThanOrEqual(cat.maxPerCycle);
          if (cat.maxPerYear !== undefined) for (const y of e.years) expect(y.categories[k]!.counted).toBeLessThanOrEqual(cat.maxPerYear);
        });
      }),
    );
  });

  it('adding an activity never lowers the cycle total and never raises its shortfall', () => {
    fc.assert(
      fc.property(setArb, factsArb, factArb, (r, facts, extra) => {
        const before = evaluateCpd(r, START, facts, NOW).cycle;
        const after = evaluateCpd(r, START, [...facts, { ...extra, id: 'zz', rejected: undefined }], NOW).cycle;
        expect(after.counted).toBeGreaterThanOrEqual(before.counted);
        expect(after.shortfall).toBeLessThanOrEqual(before.shortfall);
      }),
    );
  });

  it('does not depend on the order of the log', () => {
    fc.assert(
      fc.property(setArb, factsArb, fc.integer(), (r, facts, seed) => {
        const shuffled = [...facts].sort((a, b) => ((a.id.charCodeAt(1) * 31 + seed) % 7) - ((b.id.charCodeAt(1) * 31 + seed) % 7) || a.id.localeCompare(b.id));
        const a = evaluateCpd(r, START, facts, NOW);
        const b = evaluateCpd(r, START, shuffled, NOW);
        expect(b.cycle).toEqual(a.cycle);
        expect(b.years).toEqual(a.years);
      }),
    );
  });

  it('reports no shortfall exactly when the total and every category minimum are met', () => {
    fc.assert(
      fc.property(setArb, factsArb, (r, facts) => {
        const e = evaluateCpd(r, START, facts, NOW);
        for (const p of [e.cycle, ...e.years]) {
          const met = (p.required === null || p.counted >= p.required) && p.categories.every((c) => c.minimum === null || c.counted >= c.minimum);
          expect(p.shortfall === 0).toBe(met);
        }
      }),
    );
  });
});
