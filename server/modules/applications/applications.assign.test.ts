import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AssessorCandidate, assessorConflict, openApplicationRefusal, pickAssessors } from './applications.assign.js';
import { base, inState, T0 } from './applications.fixtures.js';
import { applicationStates } from './applications.types.js';

/* Choosing assessors: conflicts of interest, balanced load, and refusing when too few are free. */

const free = (userId: string): AssessorCandidate => ({ userId, employers: [{ employer: 'Elsewhere plc', endedOn: null }], declaredConflicts: [] });
const app = { ...base(), applicantEmployers: [{ employer: 'Acme Ltd', endedOn: null }, { employer: 'Old Co', endedOn: '2022-06-30' }] };

describe('assessorConflict', () => {
  it('names each kind of conflict of interest', () => {
    expect(assessorConflict(free('app-1'), app, T0)).toBe('is the applicant');
    expect(assessorConflict(free('ref-1'), app, T0)).toBe('is a named referee');
    expect(assessorConflict({ ...free('x'), declaredConflicts: ['app-1'] }, app, T0)).toContain('declared');
    expect(assessorConflict(free('as-2'), { ...app, conflicts: ['as-2'] }, T0)).toContain('declared');
    expect(assessorConflict({ ...free('x'), employers: [{ employer: ' acme  LTD', endedOn: '2025-01-01' }] }, app, T0)).toContain('employer');
    expect(assessorConflict(free('x'), app, T0)).toBeNull();
  });
  it('counts a shared employer only while recent on both sides', () => {
    const oldCo = { ...free('x'), employers: [{ employer: 'Old Co', endedOn: null }] };
    // The applicant left Old Co in mid-2022: recent within 4 years of March 2026, not within the default 3.
    expect(assessorConflict(oldCo, app, T0, { recentYears: 4 })).toContain('employer');
    expect(assessorConflict(oldCo, app, T0)).toBeNull();
    expect(assessorConflict({ ...free('x'), employers: [{ employer: 'Acme Ltd', endedOn: '2019-01-01' }] }, app, T0)).toBeNull();
  });
});

describe('pickAssessors', () => {
  it('picks the least loaded, skipping conflicted and previously involved assessors', () => {
    const candidates = ['a', 'b', 'c', 'd'].map(free).concat([free('app-1'), free('ref-2')]);
    const load = new Map([['a', 3], ['b', 0], ['c', 1], ['d', 0]]);
    expect(pickAssessors(candidates, app, load, 2, T0)).toEqual({ ok: true, assessorIds: ['b', 'd'] });
    expect(pickAssessors(candidates, { ...app, involved: ['b'] }, load, 2, T0)).toEqual({ ok: true, assessorIds: ['d', 'c'] });
  });
  it('refuses with too_few_assessors when not enough are free of conflicts', () => {
    const r = pickAssessors([free('a'), free('app-1'), free('a')], app, new Map(), 2, T0);
    expect(r).toMatchObject({ ok: false, code: 'too_few_assessors' });
    expect(r.ok ? '' : r.message).toContain('only 1');
  });

  const employer = fc.constantFrom('Acme Ltd', 'Old Co', 'Elsewhere plc', 'Globex', 'Initech');
  const candidate: fc.Arbitrary<AssessorCandidate> = fc.record({
    userId: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'app-1', 'ref-1', 'ref-2'),
    employers: fc.array(fc.record({ employer, endedOn: fc.option(fc.constantFrom('2018-01-01', '2024-05-01', '2025-12-31'), { nil: null }) }), { maxLength: 3 }),
    declaredConflicts: fc.constantFrom<string[]>([], ['app-1'], ['someone-else']),
  });
  const load = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g'), fc.nat({ max: 20 })).map((d) => new Map(Object.entries(d)));

  it('never picks a conflicted or involved assessor, picks distinct ones, and refuses only when too few are eligible', () => {
    fc.assert(
      fc.property(fc.array(candidate, { maxLength: 12 }), load, fc.integer({ min: 1, max: 3 }), fc.subarray(['a', 'b']), (cands, l, n, involved) => {
        const a = { ...app, involved };
        // A person listed twice is eligible only if no record of them shows a conflict.
        const conflicted = new Set(cands.filter((c) => involved.includes(c.userId) || assessorConflict(c, a, T0) !== null).map((c) => c.userId));
        const eligible = new Set(cands.map((c) => c.userId).filter((id) => !conflicted.has(id)));
        const r = pickAssessors(cands, a, l, n, T0);
        if (!r.ok) {
          expect(r.code).toBe('too_few_assessors');
          expect(eligible.size).toBeLessThan(n);
          return;
        }
        expect(r.assessorIds).toHaveLength(n);
        expect(new Set(r.assessorIds).size).toBe(n);
        for (const id of r.assessorIds) expect(eligible.has(id)).toBe(true);
        // No eligible assessor left out carries less load than one picked.
        const maxPicked = Math.max(...r.assessorIds.map((id) => l.get(id) ?? 0));
        for (const id of eligible) if (!r.assessorIds.includes(id)) expect(l.get(id) ?? 0).toBeGreaterThanOrEqual(maxPicked);
      }),
    );
  });

  it('keeps load balanced within 1 over many assignments from the same pool', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 8 }), fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 60 }), (size, n, rounds) => {
        const pool = Array.from({ length: size }, (_, i) => free(`as-${i}`));
        const load = new Map<string, number>();
        for (let i = 0; i < rounds; i++) {
          const r = pickAssessors(pool, app, load, n, T0);
          if (!r.ok) throw new Error(r.message);
          for (const id of r.assessorIds) load.set(id, (load.get(id) ?? 0) + 1);
          const values = pool.map((c) => load.get(c.userId) ?? 0);
          expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(1);
        }
      }),
    );
  });
});

describe('one open application per level', () => {
  it('refuses while an application for the level is open, and allows one after it closed or for another level', () => {
    for (const state of applicationStates) {
      const r = openApplicationRefusal([{ applicantId: 'app-1', levelId: 'professional', state }], 'app-1', 'professional');
      const closed = state === 'awarded' || state === 'declined' || state === 'withdrawn';
      expect(r === null).toBe(closed);
      if (r) expect(r.code).toBe('open_application');
    }
    const open = [{ applicantId: 'app-1', levelId: 'professional', state: inState('in_assessment').state }];
    expect(openApplicationRefusal(open, 'app-1', 'fellow')).toBeNull();
    expect(openApplicationRefusal(open, 'mem-9', 'professional')).toBeNull();
  });
});
