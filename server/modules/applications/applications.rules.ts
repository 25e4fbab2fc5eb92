import {
  type Actor,
  type ActorRole,
  type Application,
  type ApplicationEvent,
  type ApplicationState,
  decidedStates,
  type EventType,
  type Fee,
  type Refusal,
  refuse,
  type TransitionResult,
} from './applications.types.js';

/*
 * The application state machine: transition() is the only way an application changes state. It is pure and
 * takes `now`; the service stores the result and writes the audit entry. Checks run in a fixed order so a
 * refusal names the first thing wrong: state, then who is acting (their role and seat, then any stake they have
 * in the application), then what the event carries.
 */

/** Days an assessor (or appeal assessor) has from assignment; paused while information is requested. */
export const ASSESSMENT_DAYS = 21;
const DAY_MS = 86_400_000;

/** Which states accept which events; everything else is refused before the actor is looked at. */
export const acceptedIn: Record<EventType, readonly ApplicationState[]> = {
  nominate: ['draft'],
  consent: ['draft'],
  submit: ['draft'],
  referee_answered: ['awaiting_references'],
  close_references: ['awaiting_references'],
  assign_assessors: ['submitted', 'awaiting_third_assessor', 'appealed'],
  declare_conflict: ['in_assessment', 'awaiting_third_assessor', 'appealed'],
  score: ['in_assessment', 'awaiting_third_assessor'],
  request_information: ['in_assessment'],
  respond_to_information: ['information_requested'],
  recommend: ['in_assessment', 'awaiting_third_assessor'],
  decide: ['recommended'],
  mark_fee_paid: ['awaiting_fee'],
  appeal: ['declined'],
  decide_appeal: ['appealed'],
  withdraw: ['draft', 'awaiting_references', 'submitted', 'in_assessment', 'information_requested', 'awaiting_third_assessor', 'recommended'],
};

function stateRefusal(app: Application, event: EventType): Refusal {
  if (app.state === 'withdrawn' || app.state === 'awarded') return refuse('closed', `The application is ${app.state}; nothing more can happen to it`);
  if (event === 'withdraw' && decidedStates.includes(app.state)) return refuse('after_decision', 'An application cannot be withdrawn after a decision');
  if (event === 'appeal' && app.state === 'appealed') return refuse('second_appeal', 'This decision is already under appeal');
  return refuse('wrong_state', `"${event}" is not possible while the application is ${app.state.replaceAll('_', ' ')}`);
}

const has = (actor: Actor, ...roles: ActorRole[]) => roles.some((r) => actor.roles.includes(r));
const isApplicant = (app: Application, actor: Actor) => actor.userId === app.applicantId && has(actor, 'member');
/** The assessor acting in the current stage: the assigned pair, the third, or the appeal assessor. */
function actingAssessors(app: Application): string[] {
  if (app.state === 'awaiting_third_assessor') return app.thirdAssessorId ? [app.thirdAssessorId] : [];
  if (app.state === 'appealed') return app.appealAssessorId ? [app.appealAssessorId] : [];
  return app.assessorIds;
}

/** The actor's own stake in the application, if any: a judge must have none. */
export type Interest = 'applicant' | 'nominator' | 'referee' | 'conflict';
export function interestOf(app: Application, actor: Actor): Interest | null {
  if (actor.userId === app.applicantId) return 'applicant';
  if (app.nominations.includes(actor.userId)) return 'nominator';
  const email = actor.email?.trim().toLowerCase();
  if (app.refereeIds.includes(actor.userId) || (email && app.refereeEmails.some((e) => e.toLowerCase() === email))) return 'referee';
  if (app.conflicts.includes(actor.userId) || actor.declaredConflicts?.includes(app.applicantId)) return 'conflict';
  return null;
}

/** Events that judge the application (or its fee): nobody with a stake in it may send them. */
const judgingVerbs: Partial<Record<EventType, string>> = {
  score: 'score',
  request_information: 'ask for more information on',
  recommend: 'make a recommendation on',
  decide: 'decide',
  mark_fee_paid: 'mark the fee paid on',
  decide_appeal: 'hear the appeal on',
};
const interestWords: Record<Interest, string> = {
  applicant: 'your own application',
  nominator: 'an application you nominated',
  referee: 'an application on which you are a referee',
  conflict: 'an application where you declared a conflict of interest',
};
function interestRefusal(app: Application, event: EventType, actor: Actor): Refusal | null {
  const verb = judgingVerbs[event];
  const interest = verb ? interestOf(app, actor) : null;
  return verb && interest ? refuse('conflict_of_interest', `You cannot ${verb} ${interestWords[interest]}.`) : null;
}

/** Who may send each event; null when allowed, otherwise the refusal. */
function actorRefusal(app: Application, event: ApplicationEvent, actor: Actor): Refusal | null {
  return roleRefusal(app, event, actor) ?? interestRefusal(app, event.type, actor);
}

/** Whether the actor is of the kind (and in the seat) that sends the event. */
function roleRefusal(app: Application, event: ApplicationEvent, actor: Actor): Refusal | null {
  switch (event.type) {
    case 'consent':
    case 'submit':
    case 'respond_to_information':
    case 'appeal':
    case 'withdraw':
      return isApplicant(app, actor) ? null : refuse('not_applicant', 'Only the applicant can do this');
    case 'nominate':
      if (!has(actor, 'member')) return refuse('wrong_role', 'Only members can nominate');
      return actor.userId === app.applicantId ? refuse('not_eligible_nominator', 'Members cannot nominate themselves') : null;
    case 'referee_answered':
      if (!has(actor, 'referee')) return refuse('wrong_role', 'Only a referee can answer a reference request');
      return app.refereeIds.includes(actor.userId) ? null : refuse('not_a_referee', 'This referee is not named on the application');
    case 'close_references':
    case 'assign_assessors':
      return has(actor, 'scheme_admin', 'system') ? null : refuse('wrong_role', 'Only a scheme administrator can do this');
    case 'decide':
      return has(actor, 'scheme_admin') ? null : refuse('wrong_role', 'Only a scheme administrator can do this');
    case 'mark_fee_paid':
      // 'sponsor': the admin of the organisation that pays the fee (organisations/sponsorship).
      return has(actor, 'scheme_admin', 'sponsor') ? null : refuse('wrong_role', 'Only a scheme administrator can do this');
    case 'declare_conflict':
    case 'score':
    case 'request_information':
    case 'recommend':
    case 'decide_appeal':
      if (!has(actor, 'assessor')) return refuse('wrong_role', 'Only an assessor can do this');
      return actingAssessors(app).includes(actor.userId) ? null : refuse('not_assigned', 'You are not assigned to assess this application');
  }
}

/** Conflicts the application itself records: the applicant, a nominator, a named referee, a declared conflict. */
export function idConflict(app: Application, assessorId: string): string | null {
  if (assessorId === app.applicantId) return 'is the applicant';
  if (app.nominations.includes(assessorId)) return 'nominated the applicant';
  if (app.refereeIds.includes(assessorId)) return 'is a named referee';
  if (app.conflicts.includes(assessorId)) return 'declared a conflict of interest';
  return null;
}

/**
 * Whether the actor may nominate for a level at all, whoever the nominee: the level must be by nomination and
 * the actor must hold one of its nominating levels. Asked before anything about the nominee is looked up.
 */
export function nominatorRefusal(policy: Application['policy'], actor: Actor): Refusal | null {
  if (policy.nominationsRequired === 0) return refuse('not_nomination_level', 'This level is not by nomination');
  if (!policy.nominatorLevels.some((l) => actor.heldLevels?.includes(l)))
    return refuse('not_eligible_nominator', `Only current holders of ${policy.nominatorLevels.join(' or ')} can nominate`);
  return null;
}

/** The due date with the time spent paused added back: it never moves earlier. */
export function resumedDue(app: Application, now: Date): string | null {
  if (app.dueAt === null || app.pausedAt === null) return app.dueAt;
  const paused = Math.max(0, now.getTime() - Date.parse(app.pausedAt));
  return new Date(Date.parse(app.dueAt) + paused).toISOString();
}

const due = (now: Date) => new Date(now.getTime() + ASSESSMENT_DAYS * DAY_MS).toISOString();

/** Recording a decision: awarded (or awaiting the awarded level's fee) or declined. */
function decided(app: Application, outcome: 'award' | 'decline', levelId: string | undefined, reasons: string, actor: Actor, now: Date, byPanel: boolean, fee: Fee | null): Application {
  const award = outcome === 'award';
  const decision = { outcome, levelId: award ? (levelId ?? app.levelId) : null, reasons, decidedBy: actor.userId, at: now.toISOString(), byPanel, fee: award ? fee : null };
  const state: ApplicationState = !award ? 'declined' : fee !== null && app.feePaidAt === null ? 'awaiting_fee' : 'awarded';
  return { ...app, state, decision, dueAt: null, pausedAt: null };
}

function assign(app: Application, ids: string[], now: Date): TransitionResult {
  const wanted = app.state === 'submitted' ? app.policy.assessorsRequired - app.assessorIds.length : 1;
  if (ids.length !== wanted || new Set(ids).size !== ids.length)
    return refuse('wrong_assessor_count', `Assign exactly ${wanted} different assessor${wanted === 1 ? '' : 's'}`);
  for (const id of ids) {
    const conflict = idConflict(app, id);
    if (conflict) return refuse('conflict_of_interest', `Assessor ${id} ${conflict}`);
    if (app.state !== 'submitted' && app.involved.includes(id))
      return refuse('previously_involved', `Assessor ${id} has already assessed this application`);
    if (app.assessorIds.includes(id)) return refuse('previously_involved', `Assessor ${id} is already assigned`);
  }
  const involved = [...app.involved, ...ids.filter((id) => !app.involved.includes(id))];
  if (app.state === 'submitted')
    return { ok: true, application: { ...app, state: 'in_assessment', assessorIds: [...app.assessorIds, ...ids], involved, dueAt: due(now) } };
  const key = app.state === 'appealed' ? 'appealAssessorId' : 'thirdAssessorId';
  if (app[key] !== null) return refuse('wrong_assessor_count', 'An assessor is already assigned to this stage');
  return { ok: true, application: { ...app, [key]: ids[0], involved, dueAt: due(now) } };
}

function recommend(app: Application, event: Extract<ApplicationEvent, { type: 'recommend' }>, actor: Actor): TransitionResult {
  if (!app.scored.includes(actor.userId)) return refuse('not_scored', 'Score the application before recommending');
  if (app.recommendations.some((r) => r.assessorId === actor.userId)) return refuse('already_recommended', 'You have already recommended');
  const rec = { assessorId: actor.userId, outcome: event.outcome, ...(event.levelId ? { levelId: event.levelId } : {}), reasons: event.reasons };
  const recommendations = [...app.recommendations, rec];
  if (app.state === 'awaiting_third_assessor') return { ok: true, application: { ...app, recommendations, state: 'recommended', dueAt: null } };
  const mine = recommendations.filter((r) => app.assessorIds.includes(r.assessorId));
  if (mine.length < app.policy.assessorsRequired) return { ok: true, application: { ...app, recommendations } };
  const agree = mine.every((r) => r.outcome === mine[0]?.outcome && (r.levelId ?? app.levelId) === (mine[0]?.levelId ?? app.levelId));
  return { ok: true, application: { ...app, recommendations, state: agree ? 'recommended' : 'awaiting_third_assessor', dueAt: agree ? null : app.dueAt } };
}

/** The next application after `event` by `actor` at `now`, or a refusal naming why not. */
export function transition(app: Application, event: ApplicationEvent, actor: Actor, now: Date): TransitionResult {
  if (!acceptedIn[event.type].includes(app.state)) return stateRefusal(app, event.type);
  const byActor = actorRefusal(app, event, actor);
  if (byActor) return byActor;
  const ok = (application: Application): TransitionResult => ({ ok: true, application });
  const p = app.policy;
  switch (event.type) {
    case 'nominate': {
      const refusal = nominatorRefusal(p, actor);
      if (refusal) return refusal;
      if (app.nominations.includes(actor.userId)) return refuse('duplicate_nomination', 'You have already nominated this member');
      return ok({ ...app, nominations: [...app.nominations, actor.userId] });
    }
    case 'consent':
      if (p.nominationsRequired === 0) return refuse('not_nomination_level', 'This level is not by nomination');
      return ok({ ...app, consented: true });
    case 'submit':
      if (event.missing.length > 0) return refuse('missing_requirements', `Not yet eligible: ${event.missing.join('; ')}`);
      if (!event.ethicsAccepted || !event.declaredTrue) return refuse('declaration_required', 'Accept the code of ethics and declare the record true');
      if (app.nominations.length < p.nominationsRequired)
        return refuse('nominations_incomplete', `${p.nominationsRequired} nominations are needed; ${app.nominations.length} received`);
      if (p.nominationsRequired > 0 && !app.consented) return refuse('consent_required', 'The nominee has not yet consented');
      return ok({ ...app, state: app.refereeIds.length > 0 ? 'awaiting_references' : 'submitted', submittedAt: now.toISOString() });
    case 'referee_answered': {
      if (app.refereesAnswered.includes(actor.userId)) return refuse('already_answered', 'This reference has already been answered');
      const refereesAnswered = [...app.refereesAnswered, actor.userId];
      const allIn = app.refereeIds.every((r) => refereesAnswered.includes(r));
      return ok({ ...app, refereesAnswered, state: allIn ? 'submitted' : app.state });
    }
    case 'close_references':
      return ok({ ...app, state: 'submitted' });
    case 'assign_assessors':
      return assign(app, event.assessorIds, now);
    case 'declare_conflict':
      // The assessor hands back: the application waits for a replacement. A third or appeal assessor's stage
      // keeps its state with the seat empty; one of the pair sends it back to assignment.
      if (app.state === 'awaiting_third_assessor')
        return ok({ ...app, thirdAssessorId: null, conflicts: [...app.conflicts, actor.userId], scored: app.scored.filter((a) => a !== actor.userId) });
      if (app.state === 'appealed') return ok({ ...app, appealAssessorId: null, conflicts: [...app.conflicts, actor.userId] });
      return ok({
        ...app,
        state: 'submitted',
        assessorIds: app.assessorIds.filter((a) => a !== actor.userId),
        conflicts: [...app.conflicts, actor.userId],
        scored: app.scored.filter((a) => a !== actor.userId),
        recommendations: app.recommendations.filter((r) => r.assessorId !== actor.userId),
      });
    case 'score':
      return ok(app.scored.includes(actor.userId) ? app : { ...app, scored: [...app.scored, actor.userId] });
    case 'request_information':
      return ok({ ...app, state: 'information_requested', pausedAt: now.toISOString() });
    case 'respond_to_information':
      return ok({ ...app, state: 'in_assessment', dueAt: resumedDue(app, now), pausedAt: null });
    case 'recommend':
      return recommend(app, event, actor);
    case 'decide':
      if (p.panelDecision && event.panel !== true) return refuse('panel_required', 'This level is decided by a panel');
      return ok(decided(app, event.outcome, event.levelId, event.reasons, actor, now, event.panel === true, event.fee === undefined ? p.fee : event.fee));
    case 'mark_fee_paid':
      return ok({ ...app, state: 'awarded', feePaidAt: now.toISOString() });
    case 'appeal':
      if (app.appealCount >= 1) return refuse('second_appeal', 'A decision can be appealed once');
      return ok({ ...app, state: 'appealed', appealCount: app.appealCount + 1, appealAssessorId: null });
    case 'decide_appeal': {
      // Upholding keeps the decision (declined, and no further appeal); overturning awards the level applied for.
      if (event.uphold) return ok({ ...app, state: 'declined', dueAt: null });
      return ok(decided(app, 'award', app.levelId, event.reasons, actor, now, false, p.fee));
    }
    case 'withdraw':
      return ok({ ...app, state: 'withdrawn', dueAt: null, pausedAt: null });
  }
}
