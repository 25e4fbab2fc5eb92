import type { Actor, Application, ApplicationEvent, ApplicationState, EventType, LevelPolicy } from './applications.types.js';
import { draftApplication } from './applications.types.js';

/* Shared test fixtures: one representative application per state (Professional: two assessors, a fee, referees). */

export const T0 = new Date('2026-03-01T09:00:00Z');
export const professional: LevelPolicy = { assessorsRequired: 2, nominationsRequired: 0, nominatorLevels: [], panelDecision: false, fee: { amount: 150, currency: 'GBP' } };
export const fellow: LevelPolicy = { assessorsRequired: 2, nominationsRequired: 2, nominatorLevels: ['professional', 'fellow'], panelDecision: true, fee: null };

export const actors = {
  applicant: { userId: 'app-1', roles: ['member'] },
  member: { userId: 'mem-9', roles: ['member'] },
  nominator: { userId: 'nom-1', roles: ['member'], heldLevels: ['professional'] },
  assessor: { userId: 'as-1', roles: ['member', 'assessor'] },
  otherAssessor: { userId: 'as-9', roles: ['member', 'assessor'] },
  admin: { userId: 'adm-1', roles: ['member', 'scheme_admin'] },
  referee: { userId: 'ref-1', roles: ['referee'] },
  system: { userId: 'system', roles: ['system'] },
  // Scheme administrators with a stake in the fixtures' application: they may not judge it.
  selfAdmin: { userId: 'app-1', email: 'applicant@example.org', roles: ['member', 'scheme_admin'] },
  nominatorAdmin: { userId: 'nom-2', roles: ['member', 'scheme_admin'], heldLevels: ['professional'] },
  refereeAdmin: { userId: 'adm-3', email: 'Ref.One@Example.org', roles: ['member', 'scheme_admin'] },
  conflictedAdmin: { userId: 'adm-4', roles: ['member', 'scheme_admin'], declaredConflicts: ['app-1'] },
} satisfies Record<string, Actor>;
export type ActorKey = keyof typeof actors;

export function base(policy: LevelPolicy = professional): Application {
  return draftApplication({
    id: 'a-1',
    applicantId: 'app-1',
    levelId: policy === fellow ? 'fellow' : 'professional',
    schemeVersionId: 'v-1',
    policy,
    applicantEmployers: [{ employer: 'Acme Ltd', endedOn: null }],
    refereeIds: ['ref-1', 'ref-2'],
    refereeEmails: ['ref.one@example.org', 'ref.two@example.org'],
  });
}

const due = '2026-03-22T09:00:00.000Z';
const assessing: Partial<Application> = {
  refereesAnswered: ['ref-1', 'ref-2'],
  submittedAt: T0.toISOString(),
  assessorIds: ['as-1', 'as-2'],
  involved: ['as-1', 'as-2'],
  scored: ['as-1', 'as-2'],
  dueAt: due,
};
const award = (assessorId: string) => ({ assessorId, outcome: 'award' as const, reasons: 'meets the level' });
const decision = (outcome: 'award' | 'decline') => ({
  outcome,
  levelId: outcome === 'award' ? 'professional' : null,
  reasons: 'r',
  decidedBy: 'adm-1',
  at: T0.toISOString(),
  byPanel: false,
});

/** A representative application in each state. */
export function inState(state: ApplicationState): Application {
  const a = base();
  const both = { ...assessing, recommendations: [award('as-1'), award('as-2')], dueAt: null };
  const parts: Record<ApplicationState, Partial<Application>> = {
    draft: {},
    awaiting_references: { refereesAnswered: ['ref-2'], submittedAt: T0.toISOString() },
    submitted: { refereesAnswered: ['ref-1', 'ref-2'], submittedAt: T0.toISOString() },
    in_assessment: { ...assessing, recommendations: [award('as-2')] },
    information_requested: { ...assessing, pausedAt: T0.toISOString() },
    awaiting_third_assessor: { ...assessing, recommendations: [award('as-1'), { assessorId: 'as-2', outcome: 'decline', reasons: 'short' }] },
    recommended: both,
    awaiting_fee: { ...both, decision: decision('award') },
    awarded: { ...both, decision: decision('award'), feePaidAt: T0.toISOString() },
    declined: { ...both, decision: decision('decline') },
    appealed: { ...both, decision: decision('decline'), appealCount: 1 },
    withdrawn: {},
  };
  // nom-2 nominated the applicant (the machine does not ask why a Professional application carries a nomination).
  return { ...a, nominations: ['nom-2'], ...parts[state], state };
}

/** A well-formed event of each type (assignments name the assessors the state needs). */
export function eventFor(type: EventType, state: ApplicationState): ApplicationEvent {
  switch (type) {
    case 'submit':
      return { type, missing: [], ethicsAccepted: true, declaredTrue: true };
    case 'assign_assessors':
      return { type, assessorIds: state === 'submitted' ? ['as-1', 'as-2'] : state === 'appealed' ? ['as-4'] : ['as-3'] };
    case 'recommend':
      return { type, outcome: 'award', reasons: 'meets the level' };
    case 'decide':
      return { type, outcome: 'award', reasons: 'agreed' };
    case 'appeal':
      return { type, grounds: 'evidence overlooked' };
    case 'decide_appeal':
      return { type, uphold: false, reasons: 'overturned' };
    default:
      return { type };
  }
}

/** A Fellow draft with no referees (nominations stand in for references). */
export function fellowDraft(): Application {
  return { ...base(fellow), refereeIds: [] };
}
