import { describe, expect, it } from 'vitest';
import { figuresOf, type MemberFacts, newTally, rowOf, tallyMember } from './team.rules.js';

const now = new Date('2026-12-07T12:00:00.000Z');
const inDays = (n: number) => new Date(now.getTime() + n * 86_400_000).toISOString();

function member(i: number): MemberFacts {
  const scopes = i % 3 === 0 ? (['credentials'] as const) : (['credentials', 'cpd_standing', 'portfolio_summary'] as const);
  return {
    memberId: `m${i}`,
    name: `Member ${i}`,
    scopes: [...scopes],
    credentials: [{ levelId: ['associate', 'member', 'professional'][i % 3] as string, levelName: `Level ${i % 3}`, status: i % 7 === 0 ? 'revoked' : 'active', reviewAt: inDays((i * 13) % 120), awardedAt: '2024-01-01T00:00:00.000Z' }],
    cpd: scopes.length > 1 ? [{ status: (['ok', 'short', 'grace', 'suspended', 'lapsed'] as const)[i % 5] as 'ok', cycleEnd: inDays((i * 7) % 100).slice(0, 10), nextCheckOn: inDays((i * 5) % 100).slice(0, 10), quarters: i * 4 }] : null,
    portfolio: scopes.length > 1 ? [{ kind: 'certification', title: `Cert ${i % 4}` }, { kind: 'work', responsibilityLevel: 1 + (i % 7) }] : null,
  };
}

describe('team figures', () => {
  it('are the same whether members were added once or taken away and added again (as a consent change does)', () => {
    const members = Array.from({ length: 60 }, (_, i) => member(i));
    const whole = newTally(now);
    for (const m of members) tallyMember(whole, m, rowOf(m), 1);

    const churned = newTally(now);
    for (const m of members) tallyMember(churned, m, rowOf(m), 1);
    for (const m of members.filter((_, i) => i % 4 === 0)) tallyMember(churned, m, rowOf(m), -1);
    for (const m of members.filter((_, i) => i % 4 === 0).reverse()) tallyMember(churned, m, rowOf(m), 1);
    expect(figuresOf(churned)).toEqual(figuresOf(whole));

    // Taking a member away removes exactly their share.
    const less = newTally(now);
    for (const m of members.slice(1)) tallyMember(less, m, rowOf(m), 1);
    tallyMember(whole, members[0] as MemberFacts, rowOf(members[0] as MemberFacts), -1);
    expect(figuresOf(whole)).toEqual(figuresOf(less));
  });

  it('count each figure only from members who granted its scope', () => {
    const t = newTally(now);
    const onlyCredentials = member(3);
    tallyMember(t, onlyCredentials, rowOf(onlyCredentials), 1);
    const f = figuresOf(t);
    expect(f.members).toBe(1);
    expect(f.levels).toEqual([{ key: 'associate', label: 'Level 0', count: 1 }]);
    expect(f.standing).toEqual([]);
    expect(f.responsibility).toEqual([]);
    expect(f.certifications).toEqual([]);
    expect(rowOf(onlyCredentials)).toMatchObject({ standing: null, hoursThisCycle: null, certifications: null, responsibilityLevel: null });
  });
});
