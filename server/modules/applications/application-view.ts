import type { ApplicationView } from '../../../contracts/applications.js';
import type { Scheme } from '../../../contracts/scheme.js';
import type { Db, Tx } from '../../db/database.js';
import { notFound } from '../../platform/errors.js';
import {
  appealOf,
  assessorsOf,
  credentialIdOf,
  historyOf,
  informationRequestsOf,
  nominationsOf,
  referencesOf,
  schemeOfVersion,
  scoresOf,
  usersByIds,
} from './applications.repository.js';
import { transition } from './applications.rules.js';
import { actorConflicts, machineActor, mustLoad } from './applications.store.js';
import { type Actor, type Application, type ApplicationEvent, feeDue } from './applications.types.js';
import { rubricOf } from './scoring.rules.js';
import { employerReferees } from './employer-confirmations.js';
import { sponsorOfApplication } from '../organisations/sponsorship/queries.js';

/*
 * The ApplicationView of one application for one caller (getApplication, and the answer of every write on an
 * application). The applicant sees status and outcomes, never referees' answers or assessors' work; assigned
 * assessors and scheme administrators also get `assessment`; anyone else is told it does not exist.
 */

export type Viewer = { userId: string; email: string; roles: ReadonlySet<string> };

const eventLabels: Record<string, string> = {
  'application.nominate': 'Nominated',
  'application.consent': 'Nominee consented',
  'application.submit': 'Submitted',
  'application.referee_answered': 'A referee answered',
  'application.close_references': 'References closed',
  'application.assign_assessors': 'Assessor assigned',
  'application.declare_conflict': 'An assessor handed back',
  'application.score': 'Scored',
  'application.request_information': 'More information requested',
  'application.respond_to_information': 'Information given',
  'application.recommend': 'Recommendation made',
  'application.decide': 'Decided',
  'application.mark_fee_paid': 'Fee marked paid',
  'application.appeal': 'Appealed',
  'application.decide_appeal': 'Appeal decided',
  'application.withdraw': 'Withdrawn',
};
const labelOf = (action: string) => eventLabels[action] ?? action.replace(/^application\./, '').replaceAll('_', ' ');

const levelName = (scheme: Scheme, id: string | null) => (id === null ? null : (scheme.levels.find((l) => l.id === id)?.name ?? id));

/** Whether `event` by `actor` would be accepted now: the machine itself decides what the page offers. */
function can(app: Application, actor: Actor, now: Date): ApplicationView['can'] {
  const ok = (e: ApplicationEvent) => transition(app, e, actor, now).ok;
  return {
    withdraw: ok({ type: 'withdraw' }),
    consent: !app.consented && ok({ type: 'consent' }),
    respond: ok({ type: 'respond_to_information' }),
    appeal: ok({ type: 'appeal', grounds: 'check' }),
    score: ok({ type: 'score' }),
    requestInformation: ok({ type: 'request_information' }),
    recommend: ok({ type: 'recommend', outcome: 'award', reasons: 'check' }),
    declareConflict: ok({ type: 'declare_conflict' }),
    decide: ok({ type: 'decide', outcome: 'award', reasons: 'check', panel: app.policy.panelDecision }),
    markFeePaid: ok({ type: 'mark_fee_paid' }),
    decideAppeal: ok({ type: 'decide_appeal', uphold: true, reasons: 'check' }),
  };
}

/**
 * The view of `applicationId` for `viewer`; NOT_FOUND when they may not see it (so ids do not leak).
 * `now` only feeds the `can` flags (the machine takes it for due dates).
 */
export async function applicationView(q: Db | Tx, applicationId: string, viewer: Viewer, now: Date = new Date()): Promise<ApplicationView> {
  const { row, app } = await mustLoad(q, applicationId);
  const isApplicant = viewer.userId === app.applicantId;
  const isAdmin = viewer.roles.has('scheme_admin');
  const assessors = await assessorsOf(q, applicationId);
  const mine = assessors.filter((a) => a.assessor_id === viewer.userId && a.status !== 'handed_back');
  const staff = !isApplicant && (isAdmin || mine.length > 0);
  if (!isApplicant && !staff) throw notFound('The application');

  const [{ label, scheme }, references, information, nominations, appeal, credentialId, history, declared, sponsor] = await Promise.all([
    schemeOfVersion(q, app.schemeVersionId),
    referencesOf(q, applicationId),
    informationRequestsOf(q, applicationId),
    nominationsOf(q, applicationId),
    appealOf(q, applicationId),
    credentialIdOf(q, applicationId),
    historyOf(q, applicationId),
    staff ? actorConflicts(q, viewer.userId) : Promise.resolve([]),
    sponsorOfApplication(q, applicationId),
  ]);
  const people = await usersByIds(q, [app.applicantId, ...nominations.map((n) => n.nominator_id)]);
  const applicant = people.get(app.applicantId);
  const due = feeDue(app);

  const view: ApplicationView = {
    id: app.id,
    levelId: app.levelId,
    levelName: levelName(scheme, app.levelId) ?? app.levelId,
    state: app.state,
    submittedAt: app.submittedAt,
    updatedAt: row.updated_at,
    dueAt: app.dueAt,
    applicant: { id: app.applicantId, name: applicant?.name ?? 'Unknown' },
    schemeVersion: { id: app.schemeVersionId, label },
    references: references.map((r) => ({ id: r.id, refereeName: r.referee_name, status: r.status })),
    informationRequests: information.map((i) => ({
      id: i.id,
      question: i.question,
      askedAt: i.asked_at,
      response: i.response,
      evidenceIds: JSON.parse(i.evidence_ids) as string[],
      respondedAt: i.responded_at,
    })),
    nominations: {
      required: app.policy.nominationsRequired,
      received: nominations.map((n) => ({ name: people.get(n.nominator_id)?.name ?? 'Unknown', at: n.nominated_at })),
      consented: app.consented,
    },
    decision: app.decision && {
      outcome: app.decision.outcome,
      levelId: app.decision.levelId,
      levelName: levelName(scheme, app.decision.levelId),
      reasons: app.decision.reasons,
      at: app.decision.at,
      byPanel: app.decision.byPanel,
    },
    fee: due && { ...due, paidAt: app.feePaidAt, paidBy: sponsor },
    appeal: appeal ? { grounds: appeal.grounds, at: appeal.appealed_at, upheld: appeal.upheld === null ? null : appeal.upheld === 1, reasons: appeal.reasons } : null,
    credentialId,
    can: can(app, machineActor(viewer, [], declared), now),
    // The applicant follows the changes of state; staff also see the steps in between (scores, answers).
    history: history
      .filter((h) => staff || isStateChange(h.details))
      .map((h) => ({ at: h.at, action: h.action, label: labelOf(h.action) })),
    assessment: null,
  };
  if (!staff || row.snapshot === null) return view;

  const thirdOrAppeal = mine.some((a) => a.stage !== 'assessment');
  const scores = await scoresOf(q, applicationId, isAdmin ? undefined : viewer.userId);
  const snapshot = JSON.parse(row.snapshot);
  view.assessment = {
    applicantEmail: applicant?.email ?? '',
    snapshot,
    // Employers' confirmations of the work items count as a referee's (organisations/employment).
    referees: [...await employerReferees(q, app.applicantId, snapshot.items), ...references.map((r) => {
      const claims = JSON.parse(r.claims) as Array<{ claimId: string; itemId: string; summary: string }>;
      const answers = new Map((r.answers ? (JSON.parse(r.answers) as Array<{ claimId: string; answer: 'confirm' | 'dispute'; comment: string }>) : []).map((a) => [a.claimId, a]));
      return {
        name: r.referee_name,
        email: r.referee_email,
        relationship: r.relationship,
        status: r.status,
        answeredAt: r.answered_at,
        answers: claims.flatMap((c) => {
          const a = answers.get(c.claimId);
          return a ? [{ ...c, answer: a.answer, comment: a.comment }] : [];
        }),
      };
    })],
    // The same rubric the scores are checked against (scoring.rules.ts).
    rubric: rubricOf(scheme),
    assessors: assessors.map((a) => ({ id: a.assessor_id, name: a.name, stage: a.stage, status: a.status })),
    scores: scores.map((s) => ({ assessorId: s.assessor_id, categoryId: s.category_id, score: s.score, notes: s.notes, updatedAt: s.updated_at })),
    // Assessors judge independently: each sees their own recommendation; the third and appeal assessors and
    // scheme administrators see them all.
    recommendations: app.recommendations
      .filter((r) => isAdmin || thirdOrAppeal || r.assessorId === viewer.userId)
      .map((r) => ({ assessorId: r.assessorId, outcome: r.outcome, levelId: r.levelId ?? null, reasons: r.reasons })),
    nominations: nominations.map((n) => ({ name: people.get(n.nominator_id)?.name ?? 'Unknown', statement: n.statement, at: n.nominated_at })),
    levels: [...scheme.levels].sort((a, b) => a.order - b.order).map((l) => ({ id: l.id, name: l.name })),
  };
  return view;
}

function isStateChange(details: string): boolean {
  const d = JSON.parse(details) as { from?: string; to?: string };
  return d.from !== d.to;
}
