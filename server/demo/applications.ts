import type { Scheme } from '../../contracts/scheme.js';
import type { Tx } from '../db/database.js';
import { type AuditContext, audit, systemActor } from '../platform/audit.js';
import { newId } from '../platform/ids.js';
import { randomToken, sha256 } from '../platform/secrets.js';
import { defaultCodeOfEthics } from '../modules/applications/applications.service.js';
import { insertApplication, mustLoad, step } from '../modules/applications/applications.store.js';
import { type Actor, type Application, type ApplicationEvent, draftApplication, levelPolicy } from '../modules/applications/applications.types.js';
import { assessmentRepository as assessment } from '../modules/applications/assessment.repository.js';
import { employmentsFrom, refereeClaims } from '../modules/applications/claims.rules.js';
import { awardedRecord, credentialsRepository } from '../modules/applications/credential-records.repository.js';
import { rubricOf } from '../modules/applications/scoring.rules.js';
import { requestIssue } from '../modules/credentials/index.js';
import { compileScheme } from '../modules/portfolio/eligibility.rules.js';
import { itemFromRow } from '../modules/portfolio/portfolio.repository.js';
import { refreshRegisterEntry } from '../modules/register/index.js';
import { demoMembers } from './people.js';

/*
 * A handful of applications at every stage an assessor or a scheme administrator meets: three in assessment
 * (due dates a few days to a few weeks away), one waiting for the applicant's answer, one recommended and
 * awaiting a decision, one approved and awaiting its fee, and one awarded months ago with its credential.
 * Each is moved through the state machine (store.step, with its audit entry), dated in the past, so the
 * history, due dates and flags are what the services would have left. Applicants are generated members
 * eligible for the level (their demo portfolios, profileFor in portfolios.ts) who hold no credential at it;
 * member@ and applicant@ are left alone. No mail is queued: this all happened before the demo began.
 */

const DAY_MS = 86_400_000;
const ASSESSORS = { a1: 'assessor1@demo.guildhall.test', a2: 'assessor2@demo.guildhall.test' } as const;
const SCHEME_ADMIN = 'scheme@demo.guildhall.test';
type Who = keyof typeof ASSESSORS;

/** What happens to an application after it is submitted, each so many days ago, in order. */
type Act =
  | { assign: Who[]; daysAgo: number }
  | { score: Who; daysAgo: number }
  | { ask: Who; question: string; daysAgo: number }
  | { recommend: Who; reasons: string; daysAgo: number }
  | { decide: string; daysAgo: number }
  | { feePaid: true; daysAgo: number };
type Story = { member: number; levelId: string; submittedDaysAgo: number; acts: Act[] };

/** Generated members by index (people.ts): their profiles reach the level and they hold no credential at it. */
export const demoApplicationStories: Story[] = [
  // Professional profile, joined days ago: two assessors, one has scored.
  { member: 37, levelId: 'professional', submittedDaysAgo: 9, acts: [{ assign: ['a1', 'a2'], daysAgo: 9 }, { score: 'a1', daysAgo: 2 }] },
  // Meets Member without holding it yet: due in five days.
  { member: 46, levelId: 'member', submittedDaysAgo: 16, acts: [{ assign: ['a1'], daysAgo: 16 }] },
  { member: 32, levelId: 'associate', submittedDaysAgo: 4, acts: [{ assign: ['a2'], daysAgo: 4 }] },
  {
    member: 43,
    levelId: 'associate',
    submittedDaysAgo: 12,
    acts: [
      { assign: ['a2'], daysAgo: 12 },
      { ask: 'a2', question: 'Which incidents did you manage as incident manager, and who reviewed your major-incident reports?', daysAgo: 3 },
    ],
  },
  {
    member: 13,
    levelId: 'associate',
    submittedDaysAgo: 25,
    acts: [
      { assign: ['a1'], daysAgo: 25 },
      { score: 'a1', daysAgo: 3 },
      { recommend: 'a1', reasons: 'Four years of incident management at responsibility level 3 and three current ITIL 4 certificates: well above Associate.', daysAgo: 2 },
    ],
  },
  // Has a referee on file: references first, then assessment, a decision, and the fee still to pay.
  {
    member: 33,
    levelId: 'associate',
    submittedDaysAgo: 40,
    acts: [
      { assign: ['a2'], daysAgo: 36 },
      { score: 'a2', daysAgo: 22 },
      { recommend: 'a2', reasons: 'The referee confirms the incident manager role; the certificates are current.', daysAgo: 20 },
      { decide: 'Recommended by the assessor; the portfolio and the reference meet Associate.', daysAgo: 15 },
    ],
  },
  {
    member: 3,
    levelId: 'associate',
    submittedDaysAgo: 130,
    acts: [
      { assign: ['a1'], daysAgo: 126 },
      { score: 'a1', daysAgo: 110 },
      { recommend: 'a1', reasons: 'Meets Associate comfortably; the referee confirms the role.', daysAgo: 109 },
      { decide: 'Recommended by the assessor; meets Associate.', daysAgo: 100 },
      { feePaid: true, daysAgo: 95 },
    ],
  },
];

type Ctx = { tx: Tx; scheme: Scheme; versionId: string; now: Date; people: Map<string, { id: string; name: string }>; evaluator: ReturnType<typeof compileScheme> };
const byPerson = (userId: string | null): AuditContext => ({ actorId: userId, ip: null, requestId: null });

/** Seeds the demo applications; called last, once the members, their portfolios and the staff exist. */
export async function seedDemoApplications(tx: Tx, scheme: Scheme, versionId: string, now: Date): Promise<void> {
  const emails = [...Object.values(ASSESSORS), SCHEME_ADMIN];
  const rows = await tx.selectFrom('users').select(['id', 'name', 'email']).where('email', 'in', emails).execute();
  const people = new Map(rows.map((r) => [r.email, r]));
  const evaluator = compileScheme(scheme);
  for (const story of demoApplicationStories) await tell({ tx, scheme, versionId, now, people, evaluator }, story);
}

async function tell(c: Ctx, story: Story): Promise<void> {
  const { tx, scheme } = c;
  const at = (daysAgo: number) => new Date(c.now.getTime() - daysAgo * DAY_MS);
  const person = (email: string) => {
    const p = c.people.get(email);
    if (!p) throw new Error(`The demo has no ${email}`);
    return p.id;
  };
  const email = demoMembers()[story.member]?.email;
  const applicant = email && (await tx.selectFrom('users').select(['id', 'name']).where('email', '=', email).executeTakeFirst());
  if (!applicant) throw new Error(`The demo has no member ${story.member}`);
  const items = (await tx.selectFrom('portfolio_items').select(['id', 'data']).where('member_id', '=', applicant.id).orderBy('id').execute()).map(itemFromRow);
  const submitted = at(story.submittedDaysAgo);
  const evaluation = c.evaluator.evaluate({ items }, submitted);
  if (!evaluation.levels.find((l) => l.id === story.levelId)?.eligible) throw new Error(`Demo member ${story.member} is not eligible for ${story.levelId}`);

  const referees = refereeClaims(items);
  const refereeIds = referees.map(() => newId());
  const policy = levelPolicy(scheme, story.levelId);
  if (!policy) throw new Error(`The default scheme has no level "${story.levelId}"`);
  const draft = draftApplication({ id: newId(), applicantId: applicant.id, levelId: story.levelId, schemeVersionId: c.versionId, policy, applicantEmployers: employmentsFrom(items), refereeIds, refereeEmails: referees.map((r) => r.email.toLowerCase()) });
  await insertApplication(tx, draft, submitted);
  const act = async (event: ApplicationEvent, actor: Actor, when: Date, options: Parameters<typeof step>[6] = {}): Promise<Application> =>
    step(tx, await mustLoad(tx, draft.id), event, actor, actor.roles.includes('system') ? systemActor : byPerson(actor.roles.includes('referee') ? null : actor.userId), when, options);

  const ethics = scheme.assessment?.codeOfEthics ?? defaultCodeOfEthics;
  await act({ type: 'submit', missing: [], ethicsAccepted: true, declaredTrue: true }, { userId: applicant.id, roles: ['member'] }, submitted, {
    extras: { snapshot: JSON.stringify({ items, evidence: [], evaluation }), ethics_version: ethics.version, declared_at: submitted.toISOString() },
    details: { levelId: story.levelId, schemeVersionId: c.versionId, referees: refereeIds.length, ethicsVersion: ethics.version },
  });
  // Every referee confirmed every claim a day after being asked.
  for (const [i, ref] of referees.entries()) {
    const answered = new Date(submitted.getTime() + DAY_MS);
    await tx
      .insertInto('reference_requests')
      .values({
        id: refereeIds[i]!,
        application_id: draft.id,
        referee_name: ref.name,
        referee_email: ref.email,
        relationship: ref.relationship,
        token_hash: sha256(randomToken()),
        claims: JSON.stringify(ref.claims),
        status: 'answered',
        answers: JSON.stringify(ref.claims.map((cl) => ({ claimId: cl.claimId, answer: 'confirm', comment: 'I managed this person in this role; the description is accurate.' }))),
        answered_at: answered.toISOString(),
        expires_at: new Date(submitted.getTime() + (scheme.assessment?.refereeDays ?? 14) * DAY_MS).toISOString(),
        reminders_sent: 0,
        last_sent_at: submitted.toISOString(),
        created_at: submitted.toISOString(),
      })
      .execute();
    await act({ type: 'referee_answered' }, { userId: refereeIds[i]!, roles: ['referee'] }, answered);
  }

  const rubric = rubricOf(scheme);
  const admin = person(SCHEME_ADMIN);
  for (const a of story.acts) {
    const when = at(a.daysAgo);
    const iso = when.toISOString();
    if ('assign' in a) {
      const ids = a.assign.map((w) => person(ASSESSORS[w]));
      const next = await act({ type: 'assign_assessors', assessorIds: ids }, { userId: 'system', roles: ['system'] }, when, { details: { assessorIds: ids, stage: 'assessment' } });
      await assessment.insertAssessors(tx, ids.map((assessor_id) => ({ application_id: draft.id, assessor_id, stage: 'assessment' as const, status: 'active' as const, assigned_at: iso, due_at: next.dueAt, finished_at: null })));
    } else if ('score' in a) {
      const id = person(ASSESSORS[a.score]);
      // Every category scored "Shown" (2 on the default scale), with a note the workbench shows.
      await assessment.upsertScores(tx, rubric.categories.map((cat) => ({ application_id: draft.id, assessor_id: id, category_id: cat.id, score: 2, notes: `${cat.name}: checked against the evidence.`, updated_at: iso })));
      await act({ type: 'score' }, { userId: id, roles: ['assessor'] }, when, { details: { categories: rubric.categories.map((cat) => cat.id) } });
      await assessment.markAssignment(tx, draft.id, id, 'scored_at', iso);
    } else if ('ask' in a) {
      const id = person(ASSESSORS[a.ask]);
      const requestId = newId();
      await act({ type: 'request_information' }, { userId: id, roles: ['assessor'] }, when, { details: { requestId } });
      await assessment.insertInformationRequest(tx, { id: requestId, application_id: draft.id, asked_by: id, question: a.question, asked_at: iso, response: null, responded_at: null });
    } else if ('recommend' in a) {
      const id = person(ASSESSORS[a.recommend]);
      const next = await act({ type: 'recommend', outcome: 'award', reasons: a.reasons }, { userId: id, roles: ['assessor'] }, when, { details: { outcome: 'award', levelId: null } });
      await assessment.markAssignment(tx, draft.id, id, 'recommended_at', iso);
      if (next.state === 'recommended') await assessment.finishAssignments(tx, draft.id, 'done', iso);
    } else if ('decide' in a) {
      await act({ type: 'decide', outcome: 'award', reasons: a.decide }, { userId: admin, roles: ['scheme_admin'] }, when, {
        extras: { decided_at: iso },
        details: { outcome: 'award', levelId: story.levelId },
      });
    } else {
      await act({ type: 'mark_fee_paid' }, { userId: admin, roles: ['scheme_admin'] }, when, { details: { fee: policy.fee && `${policy.fee.currency} ${policy.fee.amount.toFixed(2)}` } });
      await award(c, draft.id, applicant.id, story.levelId, admin, when);
    }
  }
}

/** The credential record of an award, as the assessment service writes it: signed and listed when the demo starts. */
async function award(c: Ctx, applicationId: string, holderId: string, levelId: string, by: string, when: Date): Promise<void> {
  const row = awardedRecord({ scheme: c.scheme, schemeVersionId: c.versionId, holderId, applicationId, levelId, now: when });
  await credentialsRepository.insert(c.tx, row);
  const id = row.id;
  await requestIssue(c.tx, id, c.now);
  await refreshRegisterEntry(c.tx, holderId, c.now);
  await audit(c.tx, byPerson(by), { action: 'credential.awarded', subjectType: 'credential', subjectId: id, details: { applicationId, holderId, levelId } }, when);
}
