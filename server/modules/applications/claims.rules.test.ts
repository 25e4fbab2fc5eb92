import { describe, expect, it } from 'vitest';
import type { PortfolioItem } from '../../../contracts/portfolio.js';
import { answerProblems, claimSummary, employmentsFrom, monthYear, refereeClaims } from './claims.rules.js';

const work = (id: string, over: Record<string, unknown> = {}) =>
  ({
    id,
    kind: 'work',
    employer: 'Acme Ltd',
    roleTitle: 'Service desk lead',
    startOn: '2019-03-14',
    endOn: null,
    itsm: true,
    responsibilityLevel: 4,
    skills: [],
    referee: { name: 'Pat Doe', email: 'Pat@Example.org', relationship: 'Line manager' },
    ...over,
  }) as PortfolioItem;
const talk = { id: 't1', kind: 'contribution', type: 'talk', title: 'Talk', date: '2024-01-01' } as PortfolioItem;

describe('claims for referees', () => {
  it('summarises a role in words', () => {
    expect(monthYear('2019-03-14')).toBe('March 2019');
    expect(claimSummary(work('w1') as never)).toBe('Service desk lead at Acme Ltd, March 2019 to now, responsibility level 4, ITSM work');
    expect(claimSummary(work('w1', { endOn: '2021-12-31', itsm: false, responsibilityLevel: 2 }) as never)).toBe(
      'Service desk lead at Acme Ltd, March 2019 to December 2021, responsibility level 2',
    );
  });

  it('groups roles by referee e-mail, ignoring case, and skips roles and items without a referee', () => {
    const items = [
      work('w1'),
      talk,
      work('w2', { employer: 'Beta plc', referee: { name: 'Pat D.', email: 'pat@example.org', relationship: 'Director' } }),
      work('w3', { referee: undefined }),
      work('w4', { referee: { name: 'Sam Roe', email: 'sam@example.org', relationship: 'Client' } }),
    ];
    const r = refereeClaims(items);
    expect(r.map((x) => [x.email, x.name, x.claims.map((c) => c.itemId)])).toEqual([
      ['pat@example.org', 'Pat Doe', ['w1', 'w2']],
      ['sam@example.org', 'Sam Roe', ['w4']],
    ]);
    expect(new Set(r.flatMap((x) => x.claims.map((c) => c.claimId))).size).toBe(3);
    expect(refereeClaims([talk])).toEqual([]);
  });

  it('takes employers with their end dates from work items only', () => {
    expect(employmentsFrom([work('w1'), talk, work('w2', { employer: 'Beta plc', endOn: '2020-01-31' })])).toEqual([
      { employer: 'Acme Ltd', endedOn: null },
      { employer: 'Beta plc', endedOn: '2020-01-31' },
    ]);
  });

  it('wants every claim answered exactly once', () => {
    const claims = refereeClaims([work('w1'), work('w2')])[0]!.claims;
    const [a, b] = claims.map((c) => ({ claimId: c.claimId }));
    expect(answerProblems(claims, [a!, b!])).toEqual([]);
    expect(answerProblems(claims, [b!, a!])).toEqual([]);
    expect(answerProblems(claims, [a!, a!, b!])).toEqual([{ path: 'body.answers[1].claimId', message: expect.stringContaining('twice') }]);
    expect(answerProblems(claims, [a!, { claimId: 'other' }])).toEqual([
      { path: 'body.answers[1].claimId', message: 'This claim is not part of the request' },
      { path: 'body.answers', message: expect.stringContaining(claims[1]!.summary) },
    ]);
  });
});
