import { z } from 'zod';
import { multiline } from './common.js';
import { EvidenceSummary, Evaluation } from './portfolio-api.js';
import { PortfolioItem } from './portfolio.js';

/*
 * Request and response bodies of applications, references, assessment and credentials:
 * previewApplication, submitApplication, listMyApplications, getApplication, withdrawApplication,
 * nominateMember, consentToNomination, getReferenceRequest, answerReferenceRequest, requestMoreInformation,
 * respondToInformationRequest, listAssessmentQueue, scoreApplication, declareConflict, recommendDecision,
 * decideApplication, markFeePaid, appealDecision, decideAppeal, listMyCredentials.
 * States and their meaning: server/modules/applications/applications.types.ts.
 */

export { applicationStates, stateLabels } from './application-states.js';
import { applicationStates } from './application-states.js';

export const ApplicationStateName = z.enum(applicationStates);
export type ApplicationStateName = z.infer<typeof ApplicationStateName>;

const text = (what: string, max = 4000) =>
  z.string({ error: `Give ${what} (text)` }).trim().min(1, `Give ${what}`).max(max, `Use at most ${max} characters`);
export const ApplicationParams = z.strictObject({ applicationId: z.string().min(1).max(100) });
export const InformationRequestParams = z.strictObject({ applicationId: z.string().min(1).max(100), requestId: z.string().min(1).max(100) });
export const ReferenceTokenParams = z.strictObject({ token: z.string().min(10).max(200) });
const LevelId = z.string({ error: 'Give the level id (text)' }).min(1, 'Choose a level').max(80);
const Fee = z.object({ amount: z.number(), currency: z.string() });

// ---- applying ----

export const PreviewQuery = z.strictObject({ levelId: LevelId });
/** previewApplication: what submitting would freeze and send, and what still blocks it; nothing is saved. */
export const ApplicationPreview = z.object({
  level: z.object({ id: z.string(), name: z.string(), postNominals: z.string().nullable() }),
  schemeVersion: z.object({ id: z.string(), label: z.string() }),
  eligible: z.boolean(),
  /** Reasons submission is blocked (requirements not met, an open application for the level, nominations). */
  blockers: z.array(z.string()),
  counts: z.object({ items: z.number().int(), evidence: z.number().int() }),
  total: z.number(),
  referees: z.array(z.object({ name: z.string(), email: z.string(), relationship: z.string(), claims: z.number().int() })),
  codeOfEthics: z.object({ title: z.string(), version: z.string(), text: z.string() }),
  fee: Fee.nullable(),
  byNomination: z.boolean(),
  /** Fellow: the open draft this member was nominated in, if any. */
  draftId: z.string().nullable(),
});
export type ApplicationPreview = z.infer<typeof ApplicationPreview>;

export const SubmitApplicationBody = z.strictObject({
  levelId: LevelId,
  ethicsAccepted: z.literal(true, { error: 'Accept the code of ethics to apply' }),
  declaredTrue: z.literal(true, { error: 'Declare that your record is true and complete' }),
});
export type SubmitApplicationBody = z.infer<typeof SubmitApplicationBody>;

export const NominateBody = z.strictObject({
  nomineeEmail: z.email({ message: 'Enter the e-mail address the member signs in with' }).max(254),
  levelId: LevelId,
  statement: multiline(text('a statement of why you nominate this member', 4000)),
});
/** nominateMember (201): what a nominator may know of the nominee's application. */
export const NominationReceipt = z.object({ applicationId: z.string(), received: z.number().int(), required: z.number().int() });
export const WithdrawBody = z.strictObject({ reason: multiline(z.string().trim().max(2000)).optional() });

// ---- references (no account: the link's token is the key) ----

export const ReferenceClaim = z.object({ claimId: z.string(), itemId: z.string(), summary: z.string() });
/** getReferenceRequest: what the referee is asked to confirm. */
export const ReferenceRequestView = z.object({
  applicantName: z.string(),
  levelName: z.string(),
  refereeName: z.string(),
  relationship: z.string(),
  expiresAt: z.string(),
  status: z.enum(['awaiting', 'answered', 'expired', 'cancelled']),
  claims: z.array(ReferenceClaim),
});
export type ReferenceRequestView = z.infer<typeof ReferenceRequestView>;
export const ReferenceAnswer = z
  .strictObject({
    claimId: z.string().min(1).max(100),
    answer: z.enum(['confirm', 'dispute'], { error: 'Choose confirm or dispute' }),
    comment: multiline(z.string().trim().max(4000, 'Use at most 4000 characters')).default(''),
  })
  .refine((a) => a.answer === 'confirm' || a.comment.length > 0, { path: ['comment'], message: 'Say what you dispute' });
export const AnswerReferenceBody = z.strictObject({ answers: z.array(ReferenceAnswer).min(1, 'Answer each claim').max(200) });
export type AnswerReferenceBody = z.input<typeof AnswerReferenceBody>;

// ---- information requests ----

export const RequestInformationBody = z.strictObject({ question: multiline(text('the question for the applicant', 4000)) });
export const RespondInformationBody = z.strictObject({
  response: multiline(text('your answer', 8000)),
  evidenceIds: z.array(z.string().min(1).max(100)).max(50).default([]).describe('evidence already uploaded to your portfolio'),
});

// ---- assessing ----

export const QueueQuery = z.strictObject({
  scope: z.enum(['mine', 'all']).default('mine').describe('all: every open application (scheme administrators)'),
  state: ApplicationStateName.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
export const QueueEntry = z.object({
  id: z.string(),
  applicantName: z.string(),
  levelId: z.string(),
  levelName: z.string(),
  state: ApplicationStateName,
  stage: z.enum(['assessment', 'third', 'appeal']).nullable(),
  submittedAt: z.string().nullable(),
  ageDays: z.number().int(),
  dueAt: z.string().nullable(),
  overdue: z.boolean(),
  scored: z.boolean(),
  recommended: z.boolean(),
});
export const AssessmentQueue = z.object({ entries: z.array(QueueEntry), total: z.number().int(), nextCursor: z.string().nullable() });
export type AssessmentQueue = z.infer<typeof AssessmentQueue>;

export const ScoreBody = z.strictObject({
  scores: z
    .array(z.strictObject({ categoryId: z.string().min(1).max(80), score: z.number().int().min(0).max(10), notes: multiline(z.string().trim().max(4000)).default('') }))
    .min(1, 'Score at least one category')
    .max(50),
});
export const ConflictBody = z.strictObject({ reason: multiline(text('the conflict of interest', 2000)) });
export const RecommendBody = z.strictObject({
  outcome: z.enum(['award', 'decline'], { error: 'Choose award or decline' }),
  levelId: LevelId.optional().describe('award at another level than the one applied for'),
  reasons: multiline(text('the reasons the applicant will read', 8000)),
});
export const DecideBody = RecommendBody.extend({ panel: z.boolean().optional().describe('recorded as a panel decision (required for panel levels)') });
export const AppealBody = z.strictObject({ grounds: multiline(text('the grounds of your appeal', 8000)) });
export const DecideAppealBody = z.strictObject({ uphold: z.boolean({ error: 'Say whether the decision stands' }), reasons: multiline(text('the reasons', 8000)) });

// ---- views ----

export const ApplicationSummary = z.object({
  id: z.string(),
  levelId: z.string(),
  levelName: z.string(),
  state: ApplicationStateName,
  submittedAt: z.string().nullable(),
  updatedAt: z.string(),
  dueAt: z.string().nullable(),
});
export const MyApplications = z.object({ applications: z.array(ApplicationSummary) });

const Decision = z.object({ outcome: z.enum(['award', 'decline']), levelId: z.string().nullable(), levelName: z.string().nullable(), reasons: z.string(), at: z.string(), byPanel: z.boolean() });
const InformationRequest = z.object({
  id: z.string(),
  question: z.string(),
  askedAt: z.string(),
  response: z.string().nullable(),
  evidenceIds: z.array(z.string()),
  respondedAt: z.string().nullable(),
});
const Snapshot = z.object({ items: z.array(PortfolioItem), evidence: z.array(EvidenceSummary), evaluation: Evaluation });
const Score = z.object({ assessorId: z.string(), categoryId: z.string(), score: z.number().int(), notes: z.string(), updatedAt: z.string() });

/** getApplication. Applicants see status and outcomes; assessors and scheme administrators also see `assessment`. */
export const ApplicationView = ApplicationSummary.extend({
  applicant: z.object({ id: z.string(), name: z.string() }),
  schemeVersion: z.object({ id: z.string(), label: z.string() }),
  /** Applicants see only each referee's status, never their answers or comments. */
  references: z.array(z.object({ id: z.string(), refereeName: z.string(), status: z.enum(['awaiting', 'answered', 'expired', 'cancelled']) })),
  informationRequests: z.array(InformationRequest),
  nominations: z.object({ required: z.number().int(), received: z.array(z.object({ name: z.string(), at: z.string() })), consented: z.boolean() }),
  decision: Decision.nullable(),
  /** `paidBy`: the organisation that sponsors the fee (organisations/sponsorship), null when the member pays. */
  fee: Fee.extend({ paidAt: z.string().nullable(), paidBy: z.object({ id: z.string(), name: z.string() }).nullable() }).nullable(),
  appeal: z.object({ grounds: z.string(), at: z.string(), upheld: z.boolean().nullable(), reasons: z.string().nullable() }).nullable(),
  credentialId: z.string().nullable(),
  /** What the caller may do now, so pages show only possible actions. */
  can: z.object({
    withdraw: z.boolean(),
    consent: z.boolean(),
    respond: z.boolean(),
    appeal: z.boolean(),
    score: z.boolean(),
    requestInformation: z.boolean(),
    recommend: z.boolean(),
    declareConflict: z.boolean(),
    decide: z.boolean(),
    markFeePaid: z.boolean(),
    decideAppeal: z.boolean(),
  }),
  history: z.array(z.object({ at: z.string(), action: z.string(), label: z.string() })),
  assessment: z
    .object({
      applicantEmail: z.string(),
      snapshot: Snapshot,
      referees: z.array(
        z.object({
          name: z.string(),
          email: z.string(),
          relationship: z.string(),
          status: z.enum(['awaiting', 'answered', 'expired', 'cancelled']),
          answeredAt: z.string().nullable(),
          answers: z.array(z.object({ claimId: z.string(), itemId: z.string(), summary: z.string(), answer: z.enum(['confirm', 'dispute']), comment: z.string() })),
        }),
      ),
      rubric: z.object({
        scale: z.array(z.object({ value: z.number().int(), label: z.string() })),
        categories: z.array(z.object({ id: z.string(), name: z.string(), guidance: z.string().nullable() })),
      }),
      assessors: z.array(
        z.object({ id: z.string(), name: z.string(), stage: z.enum(['assessment', 'third', 'appeal']), status: z.enum(['active', 'done', 'handed_back']) }),
      ),
      /** An assessor sees their own scores; scheme administrators see everyone's. */
      scores: z.array(Score),
      recommendations: z.array(z.object({ assessorId: z.string(), outcome: z.enum(['award', 'decline']), levelId: z.string().nullable(), reasons: z.string() })),
      /** Who nominated (levels by nomination) and why: the panel decides on these. */
      nominations: z.array(z.object({ name: z.string(), statement: z.string(), at: z.string() })),
      levels: z.array(z.object({ id: z.string(), name: z.string() })),
    })
    .nullable(),
});
export type ApplicationView = z.infer<typeof ApplicationView>;

// ---- credentials ----

export const CredentialRecord = z.object({
  id: z.string(),
  levelId: z.string(),
  levelName: z.string(),
  postNominals: z.string().nullable(),
  awardedAt: z.string(),
  reviewAt: z.string(),
  status: z.enum(['active', 'suspended', 'lapsed', 'revoked']),
  applicationId: z.string().nullable(),
  schemeVersionId: z.string(),
});
export type CredentialRecord = z.infer<typeof CredentialRecord>;
export const MyCredentials = z.object({ credentials: z.array(CredentialRecord) });
