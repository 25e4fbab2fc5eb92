import { describe, expect, it } from 'vitest';
import type { PortfolioItem } from '../../../contracts/portfolio.js';
import type { Scheme } from '../../../contracts/scheme.js';
import { cert, degree, job, loadDefaultScheme, talk } from '../portfolio/eligibility.fixtures.js';
import { previewImpact } from './scheme-impact.rules.js';

const NOW = new Date('2026-07-01T09:00:00Z');
const before = loadDefaultScheme();
const certs = [cert('c1', 'itil4-foundation'), cert('c2', 'itil4-cds'), cert('c3', 'itil4-dsv')]; // 40
// 7 years (70), level 5 for 4 years (80), master's (30), 50 in certifications, two talks (20) = 250: exactly Professional.
const professional: PortfolioItem[] = [
  job('w1', '2019-07-01', '2022-06-30', 4),
  job('w2', '2022-07-01', null, 5),
  degree('e1', 'masters-degree'),
  ...certs,
  cert('c4', 'iso20000-foundation'),
  talk('t1'),
  talk('t2', '2025-02-01'),
];
const members = [
  { memberId: 'm-none', portfolio: { items: [] } },
  { memberId: 'm-assoc', portfolio: { items: certs } },
  { memberId: 'm-pro', portfolio: { items: professional } },
  { memberId: 'm-pro-plus', portfolio: { items: [...professional, talk('t3', '2025-03-01')] } },
];

describe('previewImpact', () => {
  it('changes nothing for the same scheme', () => {
    const r = previewImpact(before, before, members, NOW);
    expect([r.members, r.higher, r.lower, r.unchanged, r.examples]).toEqual([4, 0, 0, 4, []]);
    expect(r.levels.find((l) => l.id === 'professional')).toMatchObject({ eligibleBefore: 2, eligibleAfter: 2, becomeEligible: 0, loseEligibility: 0 });
  });

  it('counts who would lose and gain when the thresholds move', () => {
    const after: Scheme = structuredClone(before);
    after.levels[3]!.requirements.minTotal = 255; // the exact Professional drops to Member
    after.levels[1]!.requirements.minTotal = 35; // Associate gets easier: nobody new reaches it here
    const r = previewImpact(before, after, members, NOW);
    expect([r.higher, r.lower, r.unchanged]).toEqual([0, 1, 3]);
    expect(r.examples).toEqual([{ memberId: 'm-pro', before: 'professional', after: 'member' }]);
    expect(r.levels.find((l) => l.id === 'professional')).toMatchObject({ eligibleBefore: 2, eligibleAfter: 1, loseEligibility: 1, becomeEligible: 0 });
  });

  it('counts members reaching a higher level when a requirement is dropped', () => {
    const after: Scheme = structuredClone(before);
    delete after.levels[0]!.requirements.enrolledInStudy; // Student with no requirement at all
    const r = previewImpact(before, after, members, NOW);
    expect(r.examples).toEqual([{ memberId: 'm-none', before: null, after: 'student' }]);
    expect([r.higher, r.lower]).toEqual([1, 0]);
    expect(r.levels[0]).toMatchObject({ id: 'student', eligibleBefore: 0, becomeEligible: 4 });
  });
});
