import { describe, expect, it } from 'vitest';
import { type ActorKey, actors, eventFor, inState, T0 } from './applications.fixtures.js';
import { transition } from './applications.rules.js';
import { type ApplicationState, applicationStates, type EventType, eventTypes } from './applications.types.js';

/*
 * Every (state, event, actor) combination, written out independently of the implementation: each accepted
 * (state, event) pair lists what each actor gets (a next state or a refusal code); every other pair is refused
 * for its state before the actor is considered.
 */

type Outcome = string; // a next state, or a refusal code
const actorKeys = Object.keys(actors) as ActorKey[];
const all = (o: Outcome) => Object.fromEntries(actorKeys.map((k) => [k, o])) as Record<ActorKey, Outcome>;
// The applicant who is also a scheme administrator acts as the applicant on their own application.
const applicantOnly = (next: Outcome) => ({ ...all('not_applicant'), applicant: next, selfAdmin: next });
const stakedAdmins = ['selfAdmin', 'nominatorAdmin', 'refereeAdmin', 'conflictedAdmin'] as const;
const staked = (o: Outcome) => Object.fromEntries(stakedAdmins.map((k) => [k, o]));
// Closing references and assigning judge nothing: any scheme administrator may.
const adminOrSystem = (next: Outcome) => ({ ...all('wrong_role'), admin: next, system: next, ...staked(next) });
// Deciding and marking the fee paid judge the application: an administrator with a stake in it is refused.
const adminOnly = (next: Outcome) => ({ ...all('wrong_role'), admin: next, ...staked('conflict_of_interest') });
const assessorOnly = (next: Outcome) => ({ ...all('wrong_role'), assessor: next, otherAssessor: 'not_assigned' });

const accepted: Partial<Record<ApplicationState, Partial<Record<EventType, Record<ActorKey, Outcome>>>>> = {
  draft: {
    nominate: {
      ...all('not_nomination_level'),
      applicant: 'not_eligible_nominator',
      selfAdmin: 'not_eligible_nominator',
      referee: 'wrong_role',
      system: 'wrong_role',
    },
    consent: applicantOnly('not_nomination_level'),
    submit: applicantOnly('awaiting_references'),
    withdraw: applicantOnly('withdrawn'),
  },
  awaiting_references: {
    referee_answered: { ...all('wrong_role'), referee: 'submitted' },
    close_references: adminOrSystem('submitted'),
    withdraw: applicantOnly('withdrawn'),
  },
  submitted: { assign_assessors: adminOrSystem('in_assessment'), withdraw: applicantOnly('withdrawn') },
  in_assessment: {
    declare_conflict: assessorOnly('submitted'),
    score: assessorOnly('in_assessment'),
    request_information: assessorOnly('information_requested'),
    recommend: assessorOnly('recommended'),
    withdraw: applicantOnly('withdrawn'),
  },
  information_requested: { respond_to_information: applicantOnly('in_assessment'), withdraw: applicantOnly('withdrawn') },
  awaiting_third_assessor: {
    assign_assessors: adminOrSystem('awaiting_third_assessor'),
    // as-1 took part in the disagreement; only the third assessor may act here.
    declare_conflict: assessorOnly('not_assigned'),
    score: assessorOnly('not_assigned'),
    recommend: assessorOnly('not_assigned'),
    withdraw: applicantOnly('withdrawn'),
  },
  recommended: { decide: adminOnly('awaiting_fee'), withdraw: applicantOnly('withdrawn') },
  awaiting_fee: { mark_fee_paid: adminOnly('awarded') },
  declined: { appeal: applicantOnly('appealed') },
  appealed: {
    assign_assessors: adminOrSystem('appealed'),
    declare_conflict: assessorOnly('not_assigned'),
    decide_appeal: assessorOnly('not_assigned'),
  },
};

function stateCode(state: ApplicationState, event: EventType): string {
  if (state === 'withdrawn' || state === 'awarded') return 'closed';
  if (event === 'withdraw' && ['awaiting_fee', 'declined', 'appealed'].includes(state)) return 'after_decision';
  if (event === 'appeal' && state === 'appealed') return 'second_appeal';
  return 'wrong_state';
}

const cases = applicationStates.flatMap((state) =>
  eventTypes.flatMap((event) => actorKeys.map((actor) => ({ state, event, actor, expected: accepted[state]?.[event]?.[actor] ?? stateCode(state, event) }))),
);

describe('the application state machine, every (state, event, actor)', () => {
  it('covers the whole matrix', () => {
    expect(applicationStates.length).toBe(12);
    expect(eventTypes.length).toBe(16);
    expect(new Set(eventTypes).size).toBe(16);
    expect(actorKeys.length).toBe(12);
    expect(cases.length).toBe(12 * 16 * 12);
    expect(new Set(cases.map((c) => `${c.state}/${c.event}/${c.actor}`)).size).toBe(cases.length);
  });

  it.each(cases)('$state + $event by $actor → $expected', ({ state, event, actor, expected }) => {
    const app = inState(state);
    const result = transition(app, eventFor(event, state), actors[actor], T0);
    if (result.ok) {
      expect(result.application.state).toBe(expected);
      expect(applicationStates).toContain(result.application.state);
    } else {
      expect(result.code).toBe(expected);
      expect(result.message.length).toBeGreaterThan(0);
    }
    // A refusal never mutates the input, and neither does a success.
    expect(app).toEqual(inState(state));
  });
});
