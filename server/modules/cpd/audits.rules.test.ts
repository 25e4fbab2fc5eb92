import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AuditFact, drawSample, quantile, randomAuditItems, sampleSize, targetedFlags } from './audits.rules.js';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `holder-${i}`);

describe('the random audit sample', () => {
  it('is 5% of 1,000 holders, repeatable from the seed, and differs for another seed', () => {
    const a = drawSample(ids(1000), 0.05, 'seed-2026');
    expect(a).toHaveLength(50);
    expect(drawSample(ids(1000), 0.05, 'seed-2026')).toEqual(a);
    const b = drawSample(ids(1000), 0.05, 'seed-2027');
    expect(b).not.toEqual(a);
  });
  it('selects about the rate of a large population over many seeds (each holder’s chance is the rate)', () => {
    const pop = ids(400);
    let hits = 0;
    for (let s = 0; s < 200; s++) if (drawSample(pop, 0.05, `s${s}`).includes('holder-7')) hits++;
    // 200 draws at 5%: 10 expected; 0 or 40+ would mean a biased draw.
    expect(hits).toBeGreaterThan(0);
    expect(hits).toBeLessThan(40);
  });
  it('properties: the size follows the rate, members come from the population, order does not matter', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 8 }), { maxLength: 120 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.string(), (pop, rate, seed) => {
        const s = drawSample(pop, rate, seed);
        expect(s).toHaveLength(sampleSize(pop.length, rate));
        expect(new Set(s).size).toBe(s.length);
        for (const id of s) expect(pop).toContain(id);
        expect(drawSample([...pop].reverse(), rate, seed)).toEqual(s);
      }),
    );
  });
  it('sizes: none of nobody, at least one of someone', () => {
    expect([sampleSize(0, 0.05), sampleSize(3, 0.05), sampleSize(100, 0.05), sampleSize(10, 0)]).toEqual([0, 1, 5, 0]);
  });
});

const fact = (id: string, memberId: string, quarters: number, occurredOn = '2026-01-10', loggedOn = '2026-01-12', verified = false): AuditFact => ({ id, memberId, type: 'training', occurredOn, loggedOn, quarters, verified });

describe('targeted audits', () => {
  it('flags claims at the per-activity maximum and claims logged over 180 days late, never verified credits', () => {
    const flags = targetedFlags([fact('a1', 'm1', 60), fact('a2', 'm1', 8), fact('a3', 'm2', 4, '2025-01-01', '2026-01-01'), fact('a4', 'm3', 80, '2026-01-01', '2026-01-01', true)], 60);
    expect([...flags.keys()].sort()).toEqual(['m1', 'm2']);
    expect(flags.get('m1')).toEqual([{ activityId: 'a1', reason: '15 hours in one activity, at or above the 15 one activity can count' }]);
    expect(flags.get('m2')![0]!.reason).toBe('logged 365 days after it happened');
  });
  it('flags claims above the 95th percentile when there are enough claims to judge', () => {
    const facts = Array.from({ length: 40 }, (_, i) => fact(`a${i}`, `m${i}`, 4 + (i % 4)));
    facts.push(fact('big', 'mx', 40));
    const flags = targetedFlags(facts, null);
    expect([...flags.keys()]).toEqual(['mx']);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2);
  });
  it('asks a random audit about the largest unverified claims', () => {
    const items = randomAuditItems([fact('s', 'm', 4), fact('v', 'm', 40, undefined, undefined, true), fact('l', 'm', 20)], 1);
    expect(items.map((f) => f.id)).toEqual(['l']);
  });
});
