import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PortfolioItem } from '../../../contracts/portfolio.js';
import { cert, degree, enrolled, job, loadDefaultScheme, oneOff, period, talk, volunteering } from './eligibility.fixtures.js';
import { compileScheme } from './eligibility.rules.js';
import type { Suggestion } from './eligibility.types.js';
import { endBoundary, type MonthRange, startBoundary, toRange, unionMonths } from './periods.js';

const NOW = new Date('2026-07-01T09:00:00Z');
const scheme = loadDefaultScheme();
const engine = compileScheme(scheme);
const catalogueIds = [...scheme.catalogue.map((e) => e.id), 'not-in-catalogue'];

const day0 = Date.UTC(2000, 0, 1);
const date = fc.integer({ min: 0, max: 365 * 28 }).map((d) => new Date(day0 + d * 86_400_000).toISOString().slice(0, 10));
const span = fc.tuple(date, fc.option(date, { nil: null })).map(([a, b]) => (b !== null && b < a ? ([b, a] as const) : ([a, b] as const)));

const itemArb: fc.Arbitrary<PortfolioItem> = fc.oneof(
  fc.constantFrom('bachelors-degree', 'masters-degree', 'doctorate', null).chain((q) => date.map((d) => degree('x', q, d))),
  fc.constant(enrolled('x')),
  fc.tuple(fc.option(fc.constantFrom(...catalogueIds), { nil: null }), date, fc.option(fc.integer({ min: 0, max: 40 }), { nil: null })).map(([id, d, pts]) =>
    cert('x', id, d, id === null ? pts : undefined),
  ),
  fc.tuple(span, fc.integer({ min: 1, max: 7 }), fc.boolean()).map(([[s, e], level, itsm]) => job('x', s, e, level, itsm)),
  date.map((d) => talk('x', d)),
  fc.tuple(fc.constantFrom('article', 'paper', 'book-chapter', 'book') as fc.Arbitrary<'article'>, date).map(([t, d]) => oneOff('x', t, d)),
  fc.tuple(fc.constantFrom('committee', 'mentoring') as fc.Arbitrary<'committee'>, span).map(([t, [s, e]]) => period('x', t, s, e)),
  fc.tuple(fc.integer({ min: 1, max: 400 }), span).map(([h, [s, e]]) => volunteering('x', h, s, e)),
);
const withIds = (items: PortfolioItem[], prefix = 'i') => items.map((it, i) => ({ ...it, id: `${prefix}${String(i).padStart(3, '0')}` }));
const portfolioArb = fc.array(itemArb, { maxLength: 25 }).map((items) => withIds(items));

describe('eligibility properties', () => {
  it('adding an item never lowers the total', () => {
    fc.assert(
      fc.property(portfolioArb, itemArb, (items, extra) => {
        const before = engine.evaluate({ items }, NOW).total;
        const after = engine.evaluate({ items: [...items, { ...extra, id: 'zz-extra' }] }, NOW).total;
        expect(after).toBeGreaterThanOrEqual(before);
      }),
      { numRuns: 300 },
    );
  });

  it('caps hold and the total is the sum of what is counted', () => {
    fc.assert(
      fc.property(portfolioArb, (items) => {
        const r = engine.evaluate({ items }, NOW);
        let sum = 0;
        for (const c of r.categories) {
          expect(c.counted).toBe(c.cap === null ? c.earned : Math.min(c.earned, c.cap));
          sum += c.counted;
        }
        expect(r.total).toBe(sum);
      }),
      { numRuns: 300 },
    );
  });

  it('is the same for any order of items', () => {
    fc.assert(
      fc.property(
        portfolioArb.chain((items) => fc.shuffledSubarray(items, { minLength: items.length, maxLength: items.length }).map((shuffled) => [items, shuffled] as const)),
        ([items, shuffled]) => {
          expect(engine.evaluate({ items: shuffled }, NOW)).toEqual(engine.evaluate({ items }, NOW));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('without explanations, the numbers, flags and levels are the same', () => {
    fc.assert(
      fc.property(portfolioArb, (items) => {
        const full = engine.evaluate({ items }, NOW);
        const bare = engine.evaluate({ items }, NOW, { explain: false });
        expect(bare).toEqual({
          ...full,
          categories: full.categories.map((c) => ({ ...c, lines: [] })),
          levels: full.levels.map((l) => ({ ...l, gaps: [] })),
        });
      }),
      { numRuns: 200 },
    );
  });

  it('suggestions never exceed a category cap', () => {
    fc.assert(
      fc.property(portfolioArb, (items) => {
        const r = engine.evaluate({ items }, NOW);
        for (const level of r.levels)
          for (const gap of level.gaps) {
            for (const c of r.categories) {
              const suggested = gap.suggestions.filter((s) => s.category === c.id).reduce((a, s) => a + s.points, 0);
              if (c.cap !== null) expect(c.counted + suggested).toBeLessThanOrEqual(c.cap);
            }
          }
      }),
      { numRuns: 300 },
    );
  });

  it('taking the suggested changes meets the points requirement they were made for', () => {
    // Hypothetical items from 1950, so new periods never overlap the generated ones (2000 onwards); each rule
    // appears once in a gap's suggestions, so its copies take consecutive years.
    const itemsFor = (s: Suggestion, at: number): PortfolioItem[] =>
      Array.from({ length: s.hours === undefined ? s.count : 1 }, (_, i) => {
        const year = 1950 + i;
        const [from, to] = [`${year}-01-01`, `${year}-12-31`];
        const id = `zz-${at}-${i}`;
        switch (s.ruleId) {
          case 'certifications.catalogue':
            return cert(id, s.catalogueId!, from);
          case 'certifications.assessed':
            return cert(id, null, from, s.points / s.count);
          case 'experience.itsm-years':
            return job(id, from, to, 1);
          case 'contribution.talk':
            return talk(id, from);
          case 'contribution.article':
            return oneOff(id, 'article', from);
          case 'contribution.book-chapter':
            return oneOff(id, 'book-chapter', from);
          case 'contribution.book':
            return oneOff(id, 'book', from);
          case 'contribution.committee':
            return period(id, 'committee', from, to);
          case 'contribution.mentoring':
            return period(id, 'mentoring', from, to);
          case 'contribution.volunteering':
            return volunteering(id, s.hours!, from, to);
          default:
            throw new Error(`no builder for ${s.ruleId}`);
        }
      });
    fc.assert(
      fc.property(portfolioArb, (items) => {
        const r = engine.evaluate({ items }, NOW);
        for (const level of r.levels)
          for (const gap of level.gaps) {
            if ((gap.requirement !== 'minTotal' && gap.requirement !== 'minPerCategory') || gap.message.includes('caps leave room')) continue;
            const extra = gap.suggestions.flatMap((s, at) => itemsFor(s, at));
            const after = engine.evaluate({ items: [...items, ...extra] }, NOW).levels.find((l) => l.id === level.id)!;
            const still = after.gaps.find((g) => g.requirement === gap.requirement && g.category === gap.category);
            expect(still, `${gap.message} → ${still?.message}`).toBeUndefined();
          }
      }),
      { numRuns: 200 },
    );
  });

  it('overlapping periods never count twice: experience is the union of the periods, within their span', () => {
    fc.assert(
      fc.property(fc.array(span, { minLength: 1, maxLength: 8 }), (spans) => {
        const items = withIds(spans.map(([s, e]) => job('x', s, e, 3)));
        const r = engine.evaluate({ items }, NOW);
        const nowB = endBoundary('2026-07-01');
        const months = new Set<number>();
        let lengths = 0;
        let first = Number.POSITIVE_INFINITY;
        let last = Number.NEGATIVE_INFINITY;
        for (const [s, e] of spans) {
          const from = startBoundary(s);
          const to = Math.min(e === null ? nowB : endBoundary(e), nowB);
          for (let m = from; m < to; m++) months.add(m);
          if (to > from) {
            lengths += to - from;
            first = Math.min(first, from);
            last = Math.max(last, to);
          }
        }
        expect(r.experienceMonths).toBe(months.size);
        expect(r.experienceMonths).toBeLessThanOrEqual(lengths);
        if (months.size > 0) expect(r.experienceMonths).toBeLessThanOrEqual(last - first);
        expect(r.categories.find((c) => c.id === 'experience')!.earned).toBe(Math.floor((months.size * 10) / 12));
      }),
      { numRuns: 300 },
    );
  });

  it('"met at the end of YYYY-MM" is exactly the month the responsibility requirement becomes met', () => {
    const firstOf = (month: string, add: number) => {
      const [y, m] = month.split('-').map(Number) as [number, number];
      return new Date(Date.UTC(y, m - 1 + add, 1, 12));
    };
    const careerArb = fc
      .tuple(fc.array(fc.tuple(span, fc.integer({ min: 3, max: 7 })), { maxLength: 3 }), date, fc.integer({ min: 4, max: 7 }))
      .map(([past, currentStart, level]) => withIds([...past.map(([[s, e], l]) => job('x', s, e ?? '2015-06-30', l)), job('x', currentStart, null, level)]));
    const gapOf = (items: PortfolioItem[], now: Date) =>
      engine.evaluate({ items }, now).levels.find((l) => l.id === 'professional')!.gaps.find((g) => g.requirement === 'responsibility');
    fc.assert(
      fc.property(careerArb, (items) => {
        const gap = gapOf(items, NOW);
        if (!gap?.reachedBy) return;
        // Counting through the month before: still missing; counting through that month: met.
        expect(gapOf(items, firstOf(gap.reachedBy, 0))).toBeDefined();
        expect(gapOf(items, firstOf(gap.reachedBy, 1))).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it('unionMonths within a window equals a brute-force count', () => {
    const rangeArb = fc.tuple(fc.integer({ min: 0, max: 120 }), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 7 }));
    fc.assert(
      fc.property(fc.array(rangeArb, { maxLength: 8 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), (raw, minLevel, a, w) => {
        const ranges: MonthRange[] = raw.map(([start, len, level]) => ({ start, end: start + len, level }));
        const months = new Set<number>();
        for (const r of ranges) if (r.level >= minLevel) for (let m = Math.max(r.start, a); m < Math.min(r.end, a + w); m++) months.add(m);
        expect(unionMonths(ranges, minLevel, a, a + w)).toBe(months.size);
      }),
    );
  });
});

describe('periods', () => {
  it.each([
    ['2020-01-01', '2020-12-31', 12],
    ['2020-01-15', '2020-12-31', 12],
    ['2020-01-16', '2020-12-31', 11],
    ['2020-01-20', '2020-03-10', 1],
    ['2020-01-01', '2020-01-14', 0],
    ['2020-01-01', '2020-01-15', 1],
  ])('%s … %s is %i months', (s, e, months) => {
    expect(toRange(s, e, 10_000_000)?.end ?? 0).toBe(months === 0 ? 0 : startBoundary(s) + months);
  });
});
