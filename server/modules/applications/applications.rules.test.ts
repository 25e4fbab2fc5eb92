import { describe, expect, it } from 'vitest';
import { actors, base, fellowDraft, inState, T0 } from './applications.fixtures.js';
import { ASSESSMENT_DAYS, transition } from './applications.rules.js';
import { type Actor, type Application, type ApplicationEvent, feeDue, type TransitionResult } from './applications.types.js';

/* Whole journeys through the machine and the refusals the matrix's fixtures do not reach. */

const at = (days: number) => new Date(T0.getTime() + days * 86_400_000);
function step(app: Application, event: ApplicationEvent, actor: Actor, now = T0): Application {
  const r = transition(app, event, actor, now);
  if (!r.ok) throw new Error(`${event.type} refused: ${r.code} ${r.message}`);
  return r.application;
}
const code = (r: TransitionResult) => (r.ok ? `ok:${r.application.state}` : r.code);
const as = (userId: string): Actor => ({ userId, roles: ['member', 'assessor'] });
const nominator = (userId: string, held = ['fellow']): Actor => ({ userId, roles: ['member'], heldLevels: held });
const submit: ApplicationEvent = { type: 'submit', missing: [], ethicsAccepted: true, declaredTrue: true };

describe('submitting', () => {
  it('is blocked by missing requirements, with the reasons, and by a missing declaration', () => {
    const r = transition(base(), { ...submit, missing: ['12 more contribution points'] }, actors.applicant, T0);
    expect(r).toMatchObject({ ok: false, code: 'missing_requirements' });
    expect(r.ok ? '' : r.message).toContain('12 more contribution points');
    expect(code(transition(base(), { ...submit, declaredTrue: false }, actors.applicant, T0))).toBe('declaration_required');
    expect(code(transition(base(), { ...submit, ethicsAccepted: false }, actors.applicant, T0))).toBe('declaration_required');
  });
  it('goes straight to assignment when no referee is named', () => {
    expect(code(transition({ ...base(), refereeIds: [] }, submit, actors.applicant, T0))).toBe('ok:submitted');
  });
  it('refuses a referee who answers twice and one not named', () => {
    const a = inState('awaiting_references');
    expect(code(transition(a, { type: 'referee_answered' }, { userId: 'ref-2', roles: ['referee'] }, T0))).toBe('already_answered');
    expect(code(transition(a, { type: 'referee_answered' }, { userId: 'ref-7', roles: ['referee'] }, T0))).toBe('not_a_referee');
  });
});

describe('Fellow by nomination', () => {
  it('needs two nominations from current Professionals or Fellows and consent, then a panel decision', () => {
    let a = fellowDraft();
    expect(code(transition(a, submit, actors.applicant, T0))).toBe('nominations_incomplete');
    expect(code(transition(a, { type: 'nominate' }, nominator('m-2', ['member']), T0))).toBe('not_eligible_nominator');
    expect(code(transition(a, { type: 'nominate' }, { ...actors.applicant, heldLevels: ['professional'] }, T0))).toBe('not_eligible_nominator');
    a = step(a, { type: 'nominate' }, nominator('f-1'));
    expect(code(transition(a, { type: 'nominate' }, nominator('f-1'), T0))).toBe('duplicate_nomination');
    a = step(a, { type: 'nominate' }, nominator('p-1', ['professional']));
    expect(code(transition(a, submit, actors.applicant, T0))).toBe('consent_required');
    a = step(a, { type: 'consent' }, actors.applicant);
    a = step(a, submit, actors.applicant);
    a = step(a, { type: 'assign_assessors', assessorIds: ['as-1', 'as-2'] }, actors.admin);
    for (const id of ['as-1', 'as-2']) {
      a = step(a, { type: 'score' }, as(id));
      a = step(a, { type: 'recommend', outcome: 'award', reasons: 'r' }, as(id));
    }
    expect(a.state).toBe('recommended');
    expect(code(transition(a, { type: 'decide', outcome: 'award', reasons: 'r' }, actors.admin, T0))).toBe('panel_required');
    a = step(a, { type: 'decide', outcome: 'award', reasons: 'r', panel: true }, actors.admin);
    expect(a.state).toBe('awarded'); // no fee for this level
    expect(a.decision).toMatchObject({ byPanel: true, levelId: 'fellow' });
  });
});

describe('assessing', () => {
  it('needs two different assessors for Professional, free of conflicts', () => {
    const a = inState('submitted');
    const assign = (ids: string[]) => code(transition(a, { type: 'assign_assessors', assessorIds: ids }, actors.admin, T0));
    expect(assign(['as-1'])).toBe('wrong_assessor_count');
    expect(assign(['as-1', 'as-1'])).toBe('wrong_assessor_count');
    expect(assign(['as-1', 'app-1'])).toBe('conflict_of_interest');
    expect(assign(['ref-2', 'as-1'])).toBe('conflict_of_interest');
    expect(code(transition({ ...a, policy: { ...a.policy, assessorsRequired: 1 } }, { type: 'assign_assessors', assessorIds: ['as-1'] }, actors.admin, T0))).toBe(
      'ok:in_assessment',
    );
  });
  it('requires a score before a recommendation, and one recommendation each', () => {
    const a = { ...inState('in_assessment'), scored: [] };
    expect(code(transition(a, { type: 'recommend', outcome: 'award', reasons: 'r' }, as('as-1'), T0))).toBe('not_scored');
    expect(code(transition(inState('in_assessment'), { type: 'recommend', outcome: 'award', reasons: 'r' }, as('as-2'), T0))).toBe('already_recommended');
  });
  it('sends disagreeing assessors to a third, who is new to the application and settles the recommendation', () => {
    let a = inState('in_assessment');
    a = step(a, { type: 'recommend', outcome: 'decline', reasons: 'short' }, as('as-1'));
    expect(a.state).toBe('awaiting_third_assessor');
    expect(code(transition(a, { type: 'assign_assessors', assessorIds: ['as-2'] }, actors.admin, T0))).toBe('previously_involved');
    a = step(a, { type: 'assign_assessors', assessorIds: ['as-3'] }, actors.system, at(2));
    expect(a.dueAt).toBe(at(2 + ASSESSMENT_DAYS).toISOString());
    expect(code(transition(a, { type: 'recommend', outcome: 'award', reasons: 'r' }, as('as-3'), T0))).toBe('not_scored');
    a = step(a, { type: 'score' }, as('as-3'));
    a = step(a, { type: 'recommend', outcome: 'award', reasons: 'r' }, as('as-3'));
    expect(a.state).toBe('recommended');
  });
  it('counts an award at another level as a disagreement with an award at the level applied for', () => {
    const a = step(inState('in_assessment'), { type: 'recommend', outcome: 'award', levelId: 'member', reasons: 'r' }, as('as-1'));
    expect(a.state).toBe('awaiting_third_assessor');
  });
  it('lets an assessor hand back with a conflict; the replacement is assigned and the conflicted one cannot return', () => {
    let a = step(inState('in_assessment'), { type: 'declare_conflict' }, as('as-2'));
    expect(a).toMatchObject({ state: 'submitted', assessorIds: ['as-1'], conflicts: ['as-2'] });
    expect(code(transition(a, { type: 'assign_assessors', assessorIds: ['as-2'] }, actors.admin, T0))).toBe('conflict_of_interest');
    a = step(a, { type: 'assign_assessors', assessorIds: ['as-5'] }, actors.admin);
    expect(a.assessorIds).toEqual(['as-1', 'as-5']);
  });
  it('lets the third or appeal assessor hand back too, leaving the seat empty for someone new', () => {
    let a = step(step(inState('awaiting_third_assessor'), { type: 'assign_assessors', assessorIds: ['as-3'] }, actors.admin), { type: 'declare_conflict' }, as('as-3'));
    expect(a).toMatchObject({ state: 'awaiting_third_assessor', thirdAssessorId: null });
    expect(code(transition(a, { type: 'assign_assessors', assessorIds: ['as-3'] }, actors.admin, T0))).toBe('conflict_of_interest');
    a = step(step(inState('appealed'), { type: 'assign_assessors', assessorIds: ['as-4'] }, actors.admin), { type: 'declare_conflict' }, as('as-4'));
    expect(a).toMatchObject({ state: 'appealed', appealAssessorId: null, conflicts: ['as-4'] });
    expect(code(transition(a, { type: 'decide_appeal', uphold: true, reasons: 'r' }, as('as-4'), T0))).toBe('not_assigned');
  });
  it('pauses the due date while information is requested and resumes it after the answer', () => {
    let a = step(inState('submitted'), { type: 'assign_assessors', assessorIds: ['as-1', 'as-2'] }, actors.admin, T0);
    const due = a.dueAt;
    expect(due).toBe(at(ASSESSMENT_DAYS).toISOString());
    a = step(a, { type: 'request_information' }, as('as-1'), at(5));
    a = step(a, { type: 'respond_to_information' }, actors.applicant, at(12));
    expect(a.state).toBe('in_assessment');
    expect(a.dueAt).toBe(at(ASSESSMENT_DAYS + 7).toISOString());
    expect(a.pausedAt).toBeNull();
  });
});

describe('deciding, fees and appeals', () => {
  it('awards after approval only once the fee is marked paid by a scheme administrator', () => {
    let a = step(inState('recommended'), { type: 'decide', outcome: 'award', reasons: 'r' }, actors.admin);
    expect(a.state).toBe('awaiting_fee');
    expect(code(transition(a, { type: 'mark_fee_paid' }, actors.system, T0))).toBe('wrong_role');
    a = step(a, { type: 'mark_fee_paid' }, actors.admin, at(3));
    expect(a).toMatchObject({ state: 'awarded', feePaidAt: at(3).toISOString() });
  });
  it('asks for the fee of the level awarded, which may be another level with another fee or none', () => {
    const member = { amount: 95, currency: 'GBP' };
    const lower = step(inState('recommended'), { type: 'decide', outcome: 'award', levelId: 'member', reasons: 'r', fee: member }, actors.admin);
    expect(lower).toMatchObject({ state: 'awaiting_fee', decision: { levelId: 'member', fee: member } });
    expect(feeDue(lower)).toEqual(member);
    const free = step(inState('recommended'), { type: 'decide', outcome: 'award', levelId: 'student', reasons: 'r', fee: null }, actors.admin);
    expect(free).toMatchObject({ state: 'awarded', decision: { levelId: 'student', fee: null } });
    expect(feeDue(free)).toBeNull();
    // Until an award, and for decisions recorded before the awarded level's fee was kept, the level applied for.
    const recommended = inState('recommended');
    expect(feeDue(recommended)).toEqual(recommended.policy.fee);
    const { decision } = step(recommended, { type: 'decide', outcome: 'award', levelId: 'member', reasons: 'r', fee: null }, actors.admin);
    expect(feeDue({ ...recommended, state: 'awaiting_fee', decision: decision && { ...decision, fee: undefined } })).toEqual(recommended.policy.fee);
  });
  it('lets the administrator decline against the recommendation, with reasons', () => {
    const a = step(inState('recommended'), { type: 'decide', outcome: 'decline', reasons: 'evidence not verified' }, actors.admin);
    expect(a).toMatchObject({ state: 'declined', decision: { outcome: 'decline', reasons: 'evidence not verified', levelId: null } });
  });
  it('allows one appeal, to an assessor not previously involved; upholding ends it', () => {
    let a = step(inState('declined'), { type: 'appeal', grounds: 'g' }, actors.applicant);
    expect(code(transition(a, { type: 'assign_assessors', assessorIds: ['as-1'] }, actors.admin, T0))).toBe('previously_involved');
    a = step(a, { type: 'assign_assessors', assessorIds: ['as-4'] }, actors.admin);
    expect(code(transition(a, { type: 'assign_assessors', assessorIds: ['as-6'] }, actors.admin, T0))).toBe('wrong_assessor_count');
    a = step(a, { type: 'decide_appeal', uphold: true, reasons: 'r' }, as('as-4'));
    expect(a.state).toBe('declined');
    expect(code(transition(a, { type: 'appeal', grounds: 'again' }, actors.applicant, T0))).toBe('second_appeal');
    expect(code(transition(a, { type: 'withdraw' }, actors.applicant, T0))).toBe('after_decision');
  });
  it('awards (or asks for the fee) when an appeal is allowed', () => {
    let a = step(inState('declined'), { type: 'appeal', grounds: 'g' }, actors.applicant);
    a = step(a, { type: 'assign_assessors', assessorIds: ['as-4'] }, actors.admin);
    a = step(a, { type: 'decide_appeal', uphold: false, reasons: 'r' }, as('as-4'));
    expect(a).toMatchObject({ state: 'awaiting_fee', decision: { outcome: 'award', levelId: 'professional', decidedBy: 'as-4' } });
  });
});

describe('nobody judges an application they have a stake in', () => {
  const msg = (r: TransitionResult) => (r.ok ? `ok:${r.application.state}` : `${r.code}: ${r.message}`);
  const decide: ApplicationEvent = { type: 'decide', outcome: 'award', reasons: 'r' };
  it('refuses the decision and the fee to an administrator who applied, nominated, is a referee or declared a conflict, saying why', () => {
    const recommended = inState('recommended');
    expect(msg(transition(recommended, decide, actors.selfAdmin, T0))).toBe('conflict_of_interest: You cannot decide your own application.');
    expect(msg(transition(recommended, decide, actors.nominatorAdmin, T0))).toBe('conflict_of_interest: You cannot decide an application you nominated.');
    expect(msg(transition(recommended, decide, actors.refereeAdmin, T0))).toBe('conflict_of_interest: You cannot decide an application on which you are a referee.');
    expect(msg(transition(recommended, decide, actors.conflictedAdmin, T0))).toBe('conflict_of_interest: You cannot decide an application where you declared a conflict of interest.');
    expect(msg(transition(inState('awaiting_fee'), { type: 'mark_fee_paid' }, actors.selfAdmin, T0))).toBe('conflict_of_interest: You cannot mark the fee paid on your own application.');
    expect(code(transition(recommended, decide, actors.admin, T0))).toBe('ok:awaiting_fee');
  });
  it('refuses scoring, asking, recommending and hearing an appeal to a seated assessor with a stake', () => {
    const a = inState('in_assessment');
    const staked = { userId: 'as-1', roles: ['member', 'assessor'] as const };
    expect(msg(transition({ ...a, nominations: ['as-1'] }, { type: 'score' }, staked, T0))).toBe('conflict_of_interest: You cannot score an application you nominated.');
    expect(msg(transition(a, { type: 'request_information' }, { ...staked, declaredConflicts: ['app-1'] }, T0))).toBe(
      'conflict_of_interest: You cannot ask for more information on an application where you declared a conflict of interest.',
    );
    expect(msg(transition(a, { type: 'recommend', outcome: 'award', reasons: 'r' }, { ...staked, email: 'REF.TWO@example.org' }, T0))).toBe(
      'conflict_of_interest: You cannot make a recommendation on an application on which you are a referee.',
    );
    const appealed = { ...inState('appealed'), appealAssessorId: 'as-4', conflicts: ['as-4'] };
    expect(msg(transition(appealed, { type: 'decide_appeal', uphold: false, reasons: 'r' }, as('as-4'), T0))).toBe(
      'conflict_of_interest: You cannot hear the appeal on an application where you declared a conflict of interest.',
    );
    // Handing back stays possible: it is how a stake is declared.
    expect(code(transition({ ...a, nominations: ['as-1'] }, { type: 'declare_conflict' }, staked, T0))).toBe('ok:submitted');
  });
  it('never assigns a nominator as an assessor', () => {
    const a = { ...inState('submitted'), nominations: ['as-3'] };
    expect(msg(transition(a, { type: 'assign_assessors', assessorIds: ['as-3', 'as-5'] }, actors.system, T0))).toBe('conflict_of_interest: Assessor as-3 nominated the applicant');
  });
});
