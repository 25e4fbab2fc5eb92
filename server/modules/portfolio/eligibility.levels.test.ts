import { describe, expect, it } from 'vitest';
import type { PortfolioItem } from '../../../contracts/portfolio.js';
import { compileScheme } from './eligibility.rules.js';
import { cert, degree, enrolled, job, loadDefaultScheme, oneOff, period, talk } from './eligibility.fixtures.js';

// Each level of the default scheme: a portfolio exactly at the level, and the same portfolio one item short.
// On 2026-07-01 a current job counts through June 2026.
const NOW = new Date('2026-07-01T09:00:00Z');
const engine = compileScheme(loadDefaultScheme());
const run = (items: PortfolioItem[]) => engine.evaluate({ items }, NOW);
const gapsOf = (items: PortfolioItem[], level: string) => run(items).levels.find((l) => l.id === level)!.gaps.map((g) => g.message);

// Associate: exactly 40 points from certifications.
const associate = [cert('c1', 'itil4-foundation'), cert('c2', 'itil4-cds'), cert('c3', 'itil4-dsv')];
// Member: 3 years at level 3 (30 + 25), a degree (20), 40 in certifications, a year of mentoring (5) = 120.
const member = [
  job('w1', '2023-07-01', null, 3),
  degree('e1', 'bachelors-degree'),
  ...associate,
  period('m1', 'mentoring', '2025-07-01', '2026-06-30'),
];
// Professional: 7 years (70), level 5 for the last 4 years (80), master's (30), 50 in certifications, two talks (20) = 250.
const professional = [
  job('w1', '2019-07-01', '2022-06-30', 4),
  job('w2', '2022-07-01', null, 5),
  degree('e1', 'masters-degree'),
  ...associate,
  cert('c4', 'iso20000-foundation'),
  talk('t1'),
  talk('t2', '2025-02-01'),
];
// Fellow points: the Professional portfolio plus a book (40), two years on a committee (30) and two modules (30) = 350.
const fellow = [
  ...professional,
  oneOff('b1', 'book'),
  period('k1', 'committee', '2020-07-01', '2022-06-30'),
  cert('c5', 'itil4-hvit'),
  cert('c6', 'itil4-dpi'),
];

describe('default scheme levels', () => {
  it.each([
    ['student', [enrolled('e1')], 0],
    ['associate', associate, 40],
    ['member', member, 120],
    ['professional', professional, 250],
  ] as const)('a portfolio exactly at %s reaches it', (level, items, total) => {
    const r = run([...items]);
    expect(r.total).toBe(total);
    expect(r.reached?.id).toBe(level);
  });

  it('an empty portfolio reaches no level and is told what Associate needs', () => {
    const r = run([]);
    expect(r.reached).toBeNull();
    expect(gapsOf([], 'student')).toEqual(['Enrolment in a course of study: add an education item with status "enrolled"']);
    expect(gapsOf([], 'associate')).toEqual(['40 more points (0 of 40): e.g. a book (40)']);
  });

  it('Associate, one certification short', () => {
    const items = associate.slice(0, 2);
    expect(run(items).reached).toBeNull();
    expect(gapsOf(items, 'associate')).toEqual(['15 more points (25 of 40): e.g. ITIL 4 Specialist: Drive Stakeholder Value (15)']);
  });

  it('Member, one year of mentoring short', () => {
    const items = member.filter((i) => i.id !== 'm1');
    expect(run(items).reached?.id).toBe('associate');
    expect(gapsOf(items, 'member')).toEqual(['5 more points (115 of 120): e.g. a year of mentoring (5)']);
  });

  it('Member, one month of experience short: says when the current role closes the gap', () => {
    const items = [job('w1', '2023-08-01', null, 3), ...member.slice(1)];
    expect(gapsOf(items, 'member')).toEqual([
      '1 more point (119 of 120): e.g. a year of mentoring (5)',
      '1 month more IT service management experience (2 years 11 months of 3 years): met at the end of 2026-07 if your current role continues',
    ]);
  });

  it('Member, responsibility level too low', () => {
    const items = [job('w1', '2023-07-01', null, 2), ...member.slice(1)];
    expect(gapsOf(items, 'member')).toEqual([
      '15 more points (105 of 120): e.g. ITIL 4 Specialist: High-velocity IT (15)',
      'A role at responsibility level 3 (Apply) or above (highest so far: level 2)',
    ]);
  });

  it('Professional, one talk short: the total and the contribution minimum', () => {
    const items = professional.filter((i) => i.id !== 't2');
    const r = run(items);
    expect(r.reached?.id).toBe('member');
    expect(gapsOf(items, 'professional')).toEqual([
      '10 more points (240 of 250): e.g. another relevant certification, valued by an assessor at 10–20 (10)',
      '10 more contribution points (10 of 20): e.g. a talk (10)',
    ]);
  });

  it('Professional, responsibility level 5 not yet held for 3 of the last 5 years', () => {
    const items = [job('w1', '2019-07-01', '2024-06-30', 4), job('w2', '2024-07-01', null, 5), ...professional.slice(2)];
    const gaps = run(items).levels.find((l) => l.id === 'professional')!.gaps;
    expect(gaps.map((g) => g.message)).toEqual([
      '3 years at responsibility level 5 (Ensure, advise) or above of the last 5 years: 2 years so far, 1 year more needed; met at the end of 2027-06 if your current role continues',
    ]);
    expect(gaps[0]!.reachedBy).toBe('2027-06');
  });

  it('Professional, one year of experience short', () => {
    const items = [job('w1', '2020-07-01', '2022-06-30', 4), ...professional.slice(1), period('k1', 'committee', '2024-07-01', '2025-06-30')];
    expect(gapsOf(items, 'professional')).toEqual([
      '1 year more IT service management experience (6 years of 7 years): met at the end of 2027-06 if your current role continues',
    ]);
  });

  it('Fellow points make a member eligible to apply, with nomination and panel still to come', () => {
    const r = run(fellow);
    expect(r.total).toBe(350);
    expect(r.reached?.id).toBe('professional');
    const f = r.levels.find((l) => l.id === 'fellow')!;
    expect(f.eligible).toBe(true);
    expect(f.gaps).toEqual([]);
    expect(f.steps).toEqual(['Nomination by 2 holders of Professional or Fellow (gathered when you apply)', 'A panel decision after you apply']);
  });

  it('Fellow, one item short of 350', () => {
    const items = fellow.filter((i) => i.id !== 'b1');
    const f = run(items).levels.find((l) => l.id === 'fellow')!;
    expect(f.eligible).toBe(false);
    expect(f.gaps.map((g) => g.message)).toEqual(['40 more points (310 of 350): e.g. a book (40)']);
  });

  it('lists gaps only for levels above the one reached', () => {
    const r = run(professional);
    expect(r.levels.filter((l) => l.gaps.length > 0).map((l) => l.id)).toEqual(['fellow']);
  });
});
