import type { Role } from '../../../contracts/accounts.js';
import { applicationStates } from '../../../contracts/applications.js';
import type { Scheme } from '../../../contracts/scheme.js';

/*
 * The application state machine's vocabulary. Everything here is plain data so the rules stay pure: the service
 * loads an application, applies transition() with the acting user and `now`, and stores what comes back.
 */

/**
 * draft                    the member is preparing it (Fellow: collecting nominations and consent).
 * awaiting_references      submitted; referees are confirming or disputing the claims about them.
 * submitted                references are in; waiting for assessors to be assigned.
 * in_assessment            assessors are scoring; the due date runs.
 * information_requested    an assessor asked the applicant for more; the due date is paused.
 * awaiting_third_assessor  the assessors disagreed; a third assessor decides the recommendation.
 * recommended              the recommendation awaits a scheme administrator's (or the panel's) decision.
 * awaiting_fee             awarded, but the scheme's fee for the level is not yet marked paid.
 * awarded                  final: the credential is issued.
 * declined                 decided against; one appeal is possible.
 * appealed                 the applicant appealed; an assessor not previously involved reviews it.
 * withdrawn                final: the applicant withdrew before a decision.
 */
// The list itself is the contract's, so the API, the web app and the machine cannot disagree on it.
export { applicationStates };
export type ApplicationState = (typeof applicationStates)[number];

/** States after a decision: withdrawing is no longer possible. */
export const decidedStates: readonly ApplicationState[] = ['awaiting_fee', 'awarded', 'declined', 'appealed'];
/** States that no longer count as an open application for the level (a new one may be made). */
export const closedStates: readonly ApplicationState[] = ['awarded', 'declined', 'withdrawn'];

export type Outcome = 'award' | 'decline';
/** A fee as the scheme states it (recorded, not charged). */
export interface Fee {
  amount: number;
  currency: string;
}
export interface Recommendation {
  assessorId: string;
  outcome: Outcome;
  /** Award at another level than the one applied for. */
  levelId?: string;
  reasons: string;
}
export interface Decision {
  outcome: Outcome;
  levelId: string | null;
  reasons: string;
  decidedBy: string;
  at: string;
  byPanel: boolean;
  /** The awarded level's fee (null: none). Absent on decisions recorded before it was kept, which used the applied level's. */
  fee?: Fee | null;
}
export interface Employment {
  employer: string;
  /** ISO date the employment ended; null while current. */
  endedOn: string | null;
}

/** What the machine needs to know about the level, fixed when the application is made (scheme version). */
export interface LevelPolicy {
  assessorsRequired: 1 | 2;
  nominationsRequired: number;
  nominatorLevels: string[];
  panelDecision: boolean;
  /** Fee payable after approval (recorded, not charged); null when the level has none. */
  fee: Fee | null;
}

export interface Application {
  id: string;
  applicantId: string;
  levelId: string;
  schemeVersionId: string;
  policy: LevelPolicy;
  state: ApplicationState;
  applicantEmployers: Employment[];
  nominations: string[];
  consented: boolean;
  refereeIds: string[];
  /** The referees' e-mail addresses, lower-cased (a referee may have no account id; the address identifies them). */
  refereeEmails: string[];
  refereesAnswered: string[];
  /** Assessors assessing now (two or one, then the third). */
  assessorIds: string[];
  thirdAssessorId: string | null;
  appealAssessorId: string | null;
  /** Everyone who has ever assessed this application, including those who handed it back. */
  involved: string[];
  /** Assessors who declared a conflict of interest. */
  conflicts: string[];
  scored: string[];
  recommendations: Recommendation[];
  decision: Decision | null;
  appealCount: number;
  feePaidAt: string | null;
  submittedAt: string | null;
  dueAt: string | null;
  pausedAt: string | null;
}

/** 'sponsor': the admin of an organisation that pays the applicant's fee (organisations/sponsorship), for mark_fee_paid only. */
export type ActorRole = Role | 'referee' | 'system' | 'sponsor';
export interface Actor {
  userId: string;
  roles: readonly ActorRole[];
  /** Levels the actor currently holds (for nominations). */
  heldLevels?: readonly string[];
  /** The actor's e-mail address: a referee is known by it. */
  email?: string;
  /** Applicant ids the actor has declared a conflict of interest with (on any application). */
  declaredConflicts?: readonly string[];
}

export type ApplicationEvent =
  | { type: 'nominate' }
  | { type: 'consent' }
  | { type: 'submit'; missing: string[]; ethicsAccepted: boolean; declaredTrue: boolean }
  | { type: 'referee_answered' }
  | { type: 'close_references' }
  | { type: 'assign_assessors'; assessorIds: string[] }
  | { type: 'declare_conflict' }
  | { type: 'score' }
  | { type: 'request_information' }
  | { type: 'respond_to_information' }
  | { type: 'recommend'; outcome: Outcome; levelId?: string; reasons: string }
  /** `fee`: the scheme version's fee of the level awarded, when that is not the level applied for. */
  | { type: 'decide'; outcome: Outcome; levelId?: string; reasons: string; panel?: boolean; fee?: Fee | null }
  | { type: 'mark_fee_paid' }
  | { type: 'appeal'; grounds: string }
  | { type: 'decide_appeal'; uphold: boolean; reasons: string }
  | { type: 'withdraw' };
export type EventType = ApplicationEvent['type'];
export const eventTypes: readonly EventType[] = [
  'nominate',
  'consent',
  'submit',
  'referee_answered',
  'close_references',
  'assign_assessors',
  'declare_conflict',
  'score',
  'request_information',
  'respond_to_information',
  'recommend',
  'decide',
  'mark_fee_paid',
  'appeal',
  'decide_appeal',
  'withdraw',
];

export type RefusalCode =
  | 'wrong_state'
  | 'closed'
  | 'after_decision'
  | 'second_appeal'
  | 'wrong_role'
  | 'not_applicant'
  | 'not_assigned'
  | 'conflict_of_interest'
  | 'previously_involved'
  | 'wrong_assessor_count'
  | 'missing_requirements'
  | 'declaration_required'
  | 'nominations_incomplete'
  | 'consent_required'
  | 'not_nomination_level'
  | 'not_eligible_nominator'
  | 'duplicate_nomination'
  | 'not_a_referee'
  | 'already_answered'
  | 'not_scored'
  | 'already_recommended'
  | 'panel_required'
  | 'too_few_assessors'
  | 'open_application';
export interface Refusal {
  ok: false;
  code: RefusalCode;
  message: string;
}
export type TransitionResult = { ok: true; application: Application } | Refusal;

export const refuse = (code: RefusalCode, message: string): Refusal => ({ ok: false, code, message });

/** The fee payable: the awarded level's once awarded (it may be another level), until then the level applied for. */
export const feeDue = (app: Application): Fee | null => (app.decision?.outcome === 'award' && app.decision.fee !== undefined ? app.decision.fee : app.policy.fee);

/**
 * The level's policy from its scheme version. The level's own `assessors` when set; otherwise two for levels that
 * need nominations or a panel, and for levels whose holders may nominate (Professional in the default scheme).
 */
export function levelPolicy(scheme: Scheme, levelId: string): LevelPolicy | null {
  const level = scheme.levels.find((l) => l.id === levelId);
  if (!level) return null;
  const r = level.requirements;
  const nominates = scheme.levels.some((l) => l.requirements.nominations?.fromLevels.includes(levelId));
  return {
    assessorsRequired: level.assessors ?? (r.nominations || r.panelDecision || nominates ? 2 : 1),
    nominationsRequired: r.nominations?.count ?? 0,
    nominatorLevels: r.nominations?.fromLevels ?? [],
    panelDecision: r.panelDecision === true,
    fee: level.fee ? { amount: level.fee.amount, currency: level.fee.currency } : null,
  };
}

export interface NewApplication {
  id: string;
  applicantId: string;
  levelId: string;
  schemeVersionId: string;
  policy: LevelPolicy;
  applicantEmployers: Employment[];
  refereeIds: string[];
  refereeEmails: string[];
}
/** A fresh draft: the start of every application. */
export function draftApplication(n: NewApplication): Application {
  return {
    ...n,
    state: 'draft',
    nominations: [],
    consented: false,
    refereesAnswered: [],
    assessorIds: [],
    thirdAssessorId: null,
    appealAssessorId: null,
    involved: [],
    conflicts: [],
    scored: [],
    recommendations: [],
    decision: null,
    appealCount: 0,
    feePaidAt: null,
    submittedAt: null,
    dueAt: null,
    pausedAt: null,
  };
}
