import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { actors, base, eventFor, fellowDraft, inState, professional, T0 } from './applications.fixtures.js';
import { acceptedIn, transition } from './applications.rules.js';
import { type Actor, type Application, applicationStates, type EventType, eventTypes } from './applications.types.js';

/* Random sequences of events by random actors, including the specific assessors and referees that can act. */

const pool: Actor[] = [
  ...Object.values(actors),
  ...['as-2', 'as-3', 'as-4', 'as-5'].map((userId) => ({ userId, roles: ['member', 'assessor'] as const })),
  { userId: 'ref-2', roles: ['referee'] },
  { userId: 'f-1', roles: ['member'], heldLevels: ['fellow'] },
];
const step = fc.record({
  event: fc.constantFrom(...eventTypes),
  actor: fc.constantFrom(...pool),
  days: fc.integer({ min: 0, max: 40 }),
  variant: fc.constantFrom('ok', 'other'),
  // Half the steps pick an event the current state accepts and an actor of the kind that sends it, so sequences
  // get deep into the machine instead of being refused at the first step.
  biased: fc.boolean(),
  pick: fc.nat(),
  who: fc.nat(),
});
const assessors = pool.filter((a) => a.roles.includes('assessor'));
const senders: Record<EventType, Actor[]> = {
  nominate: [actors.nominator, pool[pool.length - 1] as Actor, actors.member],
  consent: [actors.applicant],
  submit: [actors.applicant],
  referee_answered: pool.filter((a) => a.roles.includes('referee')),
  close_references: [actors.admin, actors.system],
  assign_assessors: [actors.admin, actors.system],
  declare_conflict: assessors,
  score: assessors,
  request_information: assessors,
  respond_to_information: [actors.applicant],
  recommend: assessors,
  decide: [actors.admin],
  mark_fee_paid: [actors.admin],
  appeal: [actors.applicant],
  decide_appeal: assessors,
  withdraw: [actors.applicant, actors.member],
};
const assessorEvents = new Set<EventType>(['declare_conflict', 'score', 'request_information', 'recommend', 'decide_appeal']);
function choose(app: Application, s: { event: EventType; actor: Actor; biased: boolean; pick: number; who: number }) {
  if (!s.biased) return { type: s.event, actor: s.actor };
  // Withdrawal is accepted almost everywhere; offered every time, it would end most sequences early.
  const open = eventTypes.filter((e) => acceptedIn[e].includes(app.state) && (e !== 'withdraw' || s.pick % 8 === 0));
  const type = open.length > 0 ? (open[s.pick % open.length] as EventType) : s.event;
  // Assessor events go, most of the time, to one of the application's own assessors: a random assessor from the pool
  // is almost always refused, and then states behind two agreeing recommendations are reached only by luck.
  const seated = [...app.assessorIds, app.thirdAssessorId, app.appealAssessorId];
  const own = assessors.filter((a) => seated.includes(a.userId));
  const who = assessorEvents.has(type) && own.length > 0 && s.who % 4 !== 0 ? own : senders[type];
  return { type, actor: who[Math.floor(s.who / 4) % who.length] as Actor };
}
const start = fc.oneof(fc.constant(base(professional)), fc.constant(fellowDraft()), fc.constantFrom(...applicationStates).map(inState));

function eventOf(type: EventType, app: Application, variant: string) {
  const e = eventFor(type, app.state);
  if (variant === 'ok') return e;
  if (e.type === 'assign_assessors') return { ...e, assessorIds: app.state === 'submitted' ? ['as-3', 'as-5'] : ['as-5'] };
  if (e.type === 'recommend' || e.type === 'decide') return { ...e, outcome: 'decline' as const, panel: true };
  if (e.type === 'decide_appeal') return { ...e, uphold: true };
  return e;
}

/**
 * In every state reached, every judging event the state accepts is refused to each person who would otherwise be
 * allowed to send it (a seated assessor, a scheme administrator) once they have any stake in the application: the
 * applicant, a nominator, a referee by address, a declared conflict. Returns how many refusals it checked.
 */
const judging: EventType[] = ['score', 'request_information', 'recommend', 'decide', 'mark_fee_paid', 'decide_appeal'];
function stakeRefused(app: Application, now: number, seen: Set<EventType>): number {
  const seated = [...app.assessorIds, app.thirdAssessorId, app.appealAssessorId].filter((x): x is string => x !== null);
  const stakes = (userId: string): Array<{ actor: Actor; app: Application }> => {
    const roles = ['member', 'assessor', 'scheme_admin'] as const;
    return [
      { actor: { userId, roles, declaredConflicts: [app.applicantId] }, app },
      { actor: { userId, roles, email: 'Someone@Example.org' }, app: { ...app, refereeEmails: [...app.refereeEmails, 'someone@example.org'] } },
      { actor: { userId, roles }, app: { ...app, nominations: [...app.nominations, userId] } },
      { actor: { userId, roles }, app: { ...app, applicantId: userId } },
    ];
  };
  let n = 0;
  for (const type of judging.filter((e) => acceptedIn[e].includes(app.state)))
    for (const userId of [...seated, 'adm-1']) {
      // Only where the same person without a stake would be allowed: then the stake alone is the refusal.
      const free = transition(app, eventFor(type, app.state), { userId, roles: ['member', 'assessor', 'scheme_admin'] }, new Date(now));
      if (!free.ok) continue;
      for (const c of stakes(userId)) {
        const r = transition(c.app, eventFor(type, c.app.state), c.actor, new Date(now));
        if (r.ok || r.code !== 'conflict_of_interest') throw new Error(`${type} by ${userId} with a stake: ${r.ok ? 'accepted' : r.code}`);
        n++;
        seen.add(type);
      }
    }
  return n;
}

describe('the state machine under random sequences', () => {
  it('never leaves the machine, moves only along accepted edges, and never moves a due date earlier', () => {
    const reached = new Set<string>();
    let staked = 0;
    const stakedEvents = new Set<EventType>();
    fc.assert(
      fc.property(start, fc.array(step, { minLength: 10, maxLength: 80 }), (initial, steps) => {
        let app = initial;
        let now = T0.getTime();
        for (const s of steps) {
          now += s.days * 86_400_000;
          const c = choose(app, s);
          const r = transition(app, eventOf(c.type, app, s.variant), c.actor, new Date(now));
          if (!r.ok) {
            expect(r.message).not.toBe('');
            continue;
          }
          const next = r.application;
          expect(applicationStates).toContain(next.state);
          expect(acceptedIn[c.type]).toContain(app.state);
          expect(['withdrawn', 'awarded']).not.toContain(app.state);
          if (app.dueAt !== null && next.dueAt !== null) expect(Date.parse(next.dueAt)).toBeGreaterThanOrEqual(Date.parse(app.dueAt));
          if (next.state === 'information_requested') expect(next.pausedAt).not.toBeNull();
          expect(next.appealCount).toBeLessThanOrEqual(1);
          reached.add(next.state);
          // On entering a state or a seat being filled (checking at every step would triple the run's time).
          if (next.state !== app.state || next.involved.length !== app.involved.length) staked += stakeRefused(next, now, stakedEvents);
          app = next;
        }
      }),
      { numRuns: 1500 },
    );
    // The generator is not vacuous: the sequences reach every state by real transitions, and the stake check ran.
    expect([...reached].sort()).toEqual([...applicationStates].sort());
    expect(staked).toBeGreaterThan(1000);
    // ...including each judging event at least once.
    expect([...stakedEvents].sort()).toEqual([...judging].sort());
  });

  it('accepts nothing at all in withdrawn or awarded, whatever the event, actor or time', () => {
    fc.assert(
      fc.property(fc.constantFrom('withdrawn' as const, 'awarded' as const), step, (state, s) => {
        const r = transition(inState(state), eventOf(s.event, inState(state), s.variant), s.actor, new Date(T0.getTime() + s.days * 86_400_000));
        expect(r).toMatchObject({ ok: false, code: 'closed' });
      }),
    );
  });

  it('resumes a paused due date by exactly the time paused, never earlier', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.integer({ min: -5, max: 400 }), (pausedDay, answeredAfter) => {
        const pausedAt = new Date(T0.getTime() + pausedDay * 86_400_000);
        const app = { ...inState('information_requested'), pausedAt: pausedAt.toISOString() };
        const now = new Date(pausedAt.getTime() + answeredAfter * 86_400_000);
        const r = transition(app, { type: 'respond_to_information' }, actors.applicant, now);
        if (!r.ok) throw new Error(r.code);
        const moved = Date.parse(r.application.dueAt ?? '') - Date.parse(app.dueAt ?? '');
        expect(moved).toBe(Math.max(0, answeredAfter) * 86_400_000);
      }),
    );
  });
});
