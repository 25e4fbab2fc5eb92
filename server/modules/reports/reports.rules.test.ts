import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultPeriod, monthsBetween, percentile, runningTotals, spread, staysOf } from './reports.rules.js';

describe('reports arithmetic', () => {
  it('lists the months of a period across a year end', () => {
    expect(monthsBetween('2025-11-15', '2026-02-01')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween('2026-03-01', '2026-03-31')).toEqual(['2026-03']);
    expect(defaultPeriod(new Date('2026-01-10T12:00:00Z'))).toEqual({ from: '2025-02-01', to: '2026-01-10' });
  });

  it('interpolates percentiles between the closest ranks', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([7], 0.9)).toBe(7);
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([10, 20, 30, 40, 50], 0.9)).toBe(46);
    expect(spread([3, 1, 2])).toEqual({ median: 2, p90: 2.8 });
  });

  it('keeps the median between the smallest and largest, and below the 90th percentile', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 50 }), (xs) => {
        const s = [...xs].sort((a, b) => a - b);
        const m = percentile(s, 0.5)!;
        const p = percentile(s, 0.9)!;
        expect(m).toBeGreaterThanOrEqual(s[0]!);
        expect(p).toBeLessThanOrEqual(s.at(-1)!);
        expect(m).toBeLessThanOrEqual(p);
      }),
      { seed: 15, numRuns: 200 },
    );
  });

  it('turns moves into stays, the first from creation and the last still open', () => {
    const created = new Map([['a', '2026-01-01T00:00:00Z']]);
    const stays = staysOf(
      [
        { applicationId: 'a', at: '2026-01-02T00:00:00Z', from: 'draft', to: 'submitted' },
        { applicationId: 'a', at: '2026-01-03T00:00:00Z', from: 'submitted', to: 'in_assessment' },
        { applicationId: 'b', at: '2026-02-01T00:00:00Z', from: 'draft', to: 'withdrawn' },
      ],
      created,
    );
    expect(stays).toEqual([
      { state: 'draft', enteredAt: '2026-01-01T00:00:00Z', leftAt: '2026-01-02T00:00:00Z' },
      { state: 'submitted', enteredAt: '2026-01-02T00:00:00Z', leftAt: '2026-01-03T00:00:00Z' },
      { state: 'in_assessment', enteredAt: '2026-01-03T00:00:00Z', leftAt: null },
      // No creation time known: the stay starts at its first move.
      { state: 'draft', enteredAt: '2026-02-01T00:00:00Z', leftAt: '2026-02-01T00:00:00Z' },
      { state: 'withdrawn', enteredAt: '2026-02-01T00:00:00Z', leftAt: null },
    ]);
  });

  it('carries totals from before the period through its months', () => {
    expect(runningTotals(['2026-01', '2026-02'], 5, new Map([['2026-02', 2]]), new Map([['2026-01', 1]]))).toEqual([4, 6]);
  });
});
