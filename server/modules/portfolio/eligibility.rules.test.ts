import { describe, expect, it } from 'vitest';
import type { PortfolioItem } from '../../../contracts/portfolio.js';
import type { Scheme } from '../../../contracts/scheme.js';
import { cert, degree, enrolled, job, loadDefaultScheme, oneOff, period, talk, volunteering } from './eligibility.fixtures.js';
import { compileScheme, evaluate } from './eligibility.rules.js';

const NOW = new Date('2026-07-01T09:00:00Z');
const scheme = loadDefaultScheme();
const engine = compileScheme(scheme);
const run = (items: PortfolioItem[], now = NOW) => engine.evaluate({ items }, now);
const category = (items: PortfolioItem[], id: string) => run(items).categories.find((c) => c.id === id)!;

describe('item rules of the default scheme', () => {
  it.each([
    ['education', [degree('e1', 'bachelors-degree')], 20, "Recognised qualifications: Bachelor's degree (20) = 20 points"],
    ['education', [degree('e1', 'masters-degree'), degree('e2', 'doctorate')], 40, "Recognised qualifications: Doctorate (40) + Master's degree (30) = 70 points"],
    ['certifications', [cert('c1', 'itil4-foundation'), cert('c2', 'itil4-cds')], 25, 'Recognised certifications: ITIL 4 Foundation (10) + ITIL 4 Specialist: Create, Deliver and Support (15) = 25 points'],
    ['certifications', [cert('c1', 'itil-master')], 50, 'Recognised certifications: ITIL Master (50) = 50 points'],
    ['certifications', [cert('c1', 'iso20000-auditor')], 20, 'Recognised certifications: ISO/IEC 20000 Auditor (20) = 20 points'],
    ['certifications', [cert('c1', null, '2020-01-01', 15)], 15, 'Other relevant certifications (valued by an assessor): Other certification c1 (15) = 15 points'],
    ['experience', [job('w1', '2019-01-01', '2026-06-30', 3)], 75, 'Years of IT service management experience: 7.5 years × 10 a year = 75 points'],
    ['experience', [job('w1', '2025-01-01', '2025-07-31', 3)], 5, 'Years of IT service management experience: 7 months × 10 a year = 5 points'],
    ['experience', [job('w1', '2010-01-01', '2025-12-31', 3, false)], 0, null],
    ['responsibility', [job('w1', '2020-01-01', '2020-12-31', 4)], 50, 'Highest responsibility level sustained for 12 months: level 4 held for 1 year or more = 50 points'],
    ['responsibility', [job('w1', '2020-01-01', '2020-11-30', 6)], 0, 'Highest responsibility level sustained for 12 months: no level in the table held for 1 year = 0 points'],
    ['responsibility', [job('w1', '2020-01-01', '2020-06-30', 6), job('w2', '2020-07-01', '2020-12-31', 7)], 110, 'Highest responsibility level sustained for 12 months: level 6 held for 1 year or more = 110 points'],
    ['contribution', [talk('t1'), talk('t2')], 20, 'Talks: 2 × 10 = 20 points'],
    ['contribution', [oneOff('a1', 'article'), oneOff('p1', 'paper')], 20, 'Articles and papers: 2 × 10 = 20 points'],
    ['contribution', [oneOff('b1', 'book-chapter')], 20, 'Book chapters: 1 × 20 = 20 points'],
    ['contribution', [oneOff('b1', 'book')], 40, 'Books: 1 × 40 = 40 points'],
    ['contribution', [period('k1', 'committee', '2022-01-01', '2023-12-31')], 30, 'Committee and board roles: 2 years × 15 a year = 30 points'],
    ['contribution', [period('m1', 'mentoring', '2024-01-01', '2024-12-31')], 5, 'Mentoring: 1 year × 5 a year = 5 points'],
    ['contribution', [volunteering('v1', 42)], 10, 'Volunteering: 42 hours × 0.25 = 10 points'],
  ] as const)('%s, case %#', (cat, items, counted, line) => {
    const c = category([...items], cat);
    expect(c.counted).toBe(counted);
    if (line) expect(c.lines).toContain(line);
    else expect(c.lines).toEqual([`${c.name}: 0 points (cap ${c.cap})`]);
  });

  it('counts overlapping jobs once and says so', () => {
    const c = category([job('w1', '2018-01-01', '2021-12-31', 3), job('w2', '2020-01-01', '2022-12-31', 3)], 'experience');
    expect(c.counted).toBe(50);
    expect(c.lines[0]).toBe('Years of IT service management experience: 5 years (overlapping periods counted once) × 10 a year = 50 points');
  });

  it('counts two committee roles held at once separately (mergeOverlaps false)', () => {
    const c = category([period('k1', 'committee', '2022-01-01', '2022-12-31'), period('k2', 'committee', '2022-01-01', '2022-12-31')], 'contribution');
    expect(c.counted).toBe(30);
  });

  it('applies caps and explains earned against counted', () => {
    const items = ['itil-master', 'itil4-foundation', 'itil4-cds', 'itil4-dsv', 'itil4-hvit', 'itil4-dpi', 'iso20000-auditor'].map((id, i) => cert(`c${i}`, id));
    const c = category(items, 'certifications');
    expect([c.earned, c.counted]).toEqual([140, 120]);
    expect(c.lines.at(-1)).toBe('Certifications: 140 earned, 120 counted (cap 120)');
    const r = run(items);
    expect([r.totalEarned, r.total]).toEqual([140, 120]);
  });

  it('caps experience at 150 (15 years)', () => {
    const c = category([job('w1', '2000-01-01', null, 3)], 'experience');
    expect([c.earned, c.counted]).toEqual([265, 150]);
  });
});

describe('flags', () => {
  const codes = (items: PortfolioItem[]) => run(items).flags.map((f) => [f.itemId, f.code]);

  it('free-form certifications count 0 until an assessor values them', () => {
    const r = run([cert('c1', null)]);
    expect(r.total).toBe(0);
    expect(r.flags).toEqual([{ itemId: 'c1', code: 'AWAITING_ASSESSOR', message: '"Other certification c1" awaits an assessor\'s valuation (10–20): counts 0 until then' }]);
    expect(r.categories[1]!.lines[0]).toBe('Other relevant certifications (valued by an assessor): Other certification c1 (awaiting assessor, 0) = 0 points');
  });

  it('brings assessor points outside the rule range into range', () => {
    expect(category([cert('c1', null, '2020-01-01', 35)], 'certifications').counted).toBe(20);
    expect(codes([cert('c1', null, '2020-01-01', 35)])).toEqual([['c1', 'CLAMPED']]);
  });

  it('unknown catalogue ids and wrong kinds count 0', () => {
    expect(codes([cert('c1', 'no-such-cert'), cert('c2', 'doctorate'), degree('e1', 'itil4-foundation')])).toEqual([
      ['c1', 'NOT_IN_CATALOGUE'],
      ['c2', 'WRONG_KIND'],
      ['e1', 'WRONG_KIND'],
    ]);
    expect(run([cert('c1', 'no-such-cert')]).total).toBe(0);
  });

  it('counts a non-repeatable entry once, repeatable ones each time', () => {
    expect(category([cert('c1', 'itil4-foundation'), cert('c2', 'itil4-foundation')], 'certifications').counted).toBe(10);
    expect(codes([cert('c1', 'itil4-foundation'), cert('c2', 'itil4-foundation')])).toEqual([['c2', 'DUPLICATE']]);
    expect(category([cert('c1', 'itil4-practice'), cert('c2', 'itil4-practice')], 'certifications').counted).toBe(30);
  });

  it('retired entries still count', () => {
    const r = run([cert('c1', 'itil-v3-expert')]);
    expect(r.total).toBe(20);
    expect(r.flags.map((f) => f.code)).toEqual(['RETIRED']);
  });

  it('renamed entries count as their successor, so old portfolios keep working', () => {
    const next: Scheme = structuredClone(scheme);
    next.catalogue.push({ id: 'itil4-mp-designation', kind: 'certification', name: 'ITIL 4 MP designation', points: 25 });
    next.catalogue.find((e) => e.id === 'itil4-managing-professional')!.renamedTo = 'itil4-mp-designation';
    const r = evaluate(next, { items: [cert('c1', 'itil4-managing-professional'), cert('c2', 'itil4-mp-designation')] }, NOW);
    expect(r.total).toBe(25);
    expect(r.flags.map((f) => [f.itemId, f.code])).toEqual([
      ['c1', 'RENAMED'],
      ['c2', 'DUPLICATE'],
    ]);
  });
});

describe('dates', () => {
  it('counts a current job up to today and nothing after', () => {
    expect(run([job('w1', '2025-07-01', null, 3)]).experienceMonths).toBe(12);
    expect(run([job('w1', '2025-07-01', null, 3)], new Date('2027-07-01T00:00:00Z')).experienceMonths).toBe(24);
  });

  it('ignores items dated after today, flagging them', () => {
    const r = run([talk('t1', '2026-08-01'), job('w1', '2026-09-01', null, 3), cert('c1', 'itil4-foundation', '2026-07-02')]);
    expect(r.total).toBe(0);
    expect(r.flags.map((f) => f.code)).toEqual(['NOT_YET', 'NOT_YET', 'NOT_YET']);
  });

  it('cuts a period that ends in the future at today', () => {
    expect(run([job('w1', '2025-07-01', '2030-12-31', 3)]).experienceMonths).toBe(12);
  });

  it('enrolled education counts for Student, not for points', () => {
    const r = run([enrolled('e1')]);
    expect([r.total, r.reached?.id]).toEqual([0, 'student']);
  });
});

describe('suggestions', () => {
  const withLevel = (edit: (s: Scheme) => void) => {
    const next: Scheme = structuredClone(scheme);
    edit(next);
    return compileScheme(next);
  };
  const contributionMin = withLevel((s) => {
    s.levels[1]!.requirements.minPerCategory = [{ category: 'contribution', points: 100 }];
  });
  const gapFor = (e: ReturnType<typeof compileScheme>, items: PortfolioItem[], level: string) =>
    e.evaluate({ items }, NOW).levels.find((l) => l.id === level)!.gaps;

  it('words the contribution example: 12 more points as a talk and a year of mentoring', () => {
    const items = [oneOff('b1', 'book'), oneOff('b2', 'book'), period('m1', 'mentoring', '2024-07-01', '2025-06-30')]; // 85 contribution points
    const e = withLevel((s) => {
      s.levels[1]!.requirements.minPerCategory = [{ category: 'contribution', points: 97 }];
    });
    expect(gapFor(e, items, 'associate').map((g) => g.message)).toEqual(['12 more contribution points (85 of 97): e.g. a talk (10) and a year of mentoring (5)']);
  });

  it('never suggests a unit the cap would cut: fills the last room with volunteering hours', () => {
    const items = [oneOff('b1', 'book'), oneOff('b2', 'book'), talk('t1'), volunteering('v1', 28)]; // 97 of 100
    const [gap] = gapFor(contributionMin, items, 'associate');
    expect(gap!.message).toBe('3 more contribution points (97 of 100): e.g. 12 hours of volunteering (3)');
    expect(gap!.suggestions).toEqual([{ ruleId: 'contribution.volunteering', category: 'contribution', unit: 'hours of volunteering', count: 1, points: 3, hours: 12 }]);
    // Taking the suggestion meets the requirement exactly.
    expect(gapFor(contributionMin, [...items, volunteering('v2', 12)], 'associate')).toEqual([]);
  });

  it('says when the caps leave too little room', () => {
    const e = withLevel((s) => {
      s.levels[4]!.requirements.minTotal = 500;
    });
    const [gap] = gapFor(e, [], 'fellow');
    expect(gap!.message).toBe('500 more points (0 of 500): the caps leave room for only 370 more');
  });

  it('does not suggest a catalogue certification already held', () => {
    const items = [cert('c1', 'itil4-foundation'), cert('c2', 'itil4-cds'), cert('c3', 'iso20000-foundation')]; // 35
    expect(gapFor(engine, items, 'associate').map((g) => g.message)).toEqual(['5 more points (35 of 40): e.g. a year of mentoring (5)']);
    expect(gapFor(engine, items.slice(0, 2), 'associate')[0]!.suggestions.map((s) => s.catalogueId)).toEqual(['itil4-dsv']);
  });
});
