import { z } from 'zod';

/*
 * Verifying credentials: verifyCredential (our page and API, with a reason for every check) and the
 * W3C VC-API endpoints for other systems and conformance suites: issueCredential,
 * verifyVcApiCredential, verifyVcApiPresentation.
 */

/** Largest VC-JWT accepted as text; a JSON credential is bounded by the body limit. */
export const MAX_JWT_CHARS = 200_000;
import { MAX_IMAGE_UPLOAD_BYTES, MAX_UPLOAD_BYTES } from './upload-limits.js';

export { MAX_IMAGE_UPLOAD_BYTES, MAX_UPLOAD_BYTES };
/** Largest JSON request body of the verifying endpoints (a pasted credential or presentation). */
export const MAX_VERIFY_BODY_BYTES = MAX_UPLOAD_BYTES + 16 * 1024;
/** Largest multipart request body of verifyCredential (an uploaded file with its multipart framing). */
export const MAX_VERIFY_UPLOAD_BODY_BYTES = MAX_IMAGE_UPLOAD_BYTES + 16 * 1024;
/** Most credentials of one presentation that are verified. */
export const MAX_PRESENTATION_CREDENTIALS = 20;
/** Deepest nesting of objects and arrays in a credential or presentation to verify (real ones stay under 12). */
export const MAX_VERIFY_DEPTH = 32;
/** Most values (objects, arrays, strings, numbers…) in a credential or presentation to verify (real ones have a few hundred). */
export const MAX_VERIFY_NODES = 5_000;

const JsonObject = z.record(z.string(), z.unknown());

/**
 * The checks of a verdict, in order. schema: the VC 2.0 and Open Badges 3.0 structural rules;
 * credentialSchema and relatedResource appear only when the credential declares them.
 */
export const checkNames = ['schema', 'credentialSchema', 'relatedResource', 'signature', 'issuer', 'dates', 'status'] as const;
export const CheckName = z.enum(checkNames);
/**
 * passed and failed say what they say; unknown: the check could not be made (a status list that could
 * not be fetched), which is neither a pass nor a failure; warning: the check found something a person
 * must weigh (a valid signature by a key whose control by the issuer could not be confirmed).
 */
export const checkOutcomes = ['passed', 'failed', 'warning', 'unknown'] as const;
export const CheckOutcome = z.enum(checkOutcomes);
export type CheckOutcome = z.infer<typeof CheckOutcome>;

export const VerificationCheck = z.object({
  check: CheckName,
  ok: z.boolean().describe('True only when the outcome is passed'),
  outcome: CheckOutcome,
  reason: z.string().describe('What was checked, against what, and what was found, in words'),
  details: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
    .optional()
    .describe('The same facts for programs: the key, where it came from, the algorithm, the status list and index, the schema and the failing property'),
});
export type VerificationCheck = z.infer<typeof VerificationCheck>;

export const CredentialSummary = z.object({
  id: z.string().nullable(),
  name: z.string().nullable().describe('The credential’s or achievement’s name'),
  issuerId: z.string(),
  issuerName: z.string().nullable(),
  subjectId: z.string().nullable(),
  validFrom: z.string().nullable(),
  validUntil: z.string().nullable(),
});
export type CredentialSummary = z.infer<typeof CredentialSummary>;

export const VerificationResult = z
  .object({
    verified: z.boolean().describe('True only when every check passed'),
    outcome: CheckOutcome.describe('failed when any check failed; otherwise unknown when a check could not be made, warning when one asks a person to weigh something, passed when every check passed'),
    format: z.enum(['data-integrity', 'vc-jwt']),
    ours: z.boolean().describe('Issued by this body'),
    summary: CredentialSummary.nullable(),
    checks: z.array(VerificationCheck),
    credential: JsonObject.nullable().describe('The credential as read (a VC-JWT’s payload), or null when it could not be read'),
  })
  .meta({ id: 'VerificationResult' });
export type VerificationResult = z.infer<typeof VerificationResult>;

/** The checks of a presentation itself, before those of the credentials inside it. */
export const presentationCheckNames = ['presentation', 'challenge', 'domain', 'proof'] as const;
export const PresentationCheck = z.object({
  check: z.enum(presentationCheckNames).describe('presentation: its shape; challenge and domain: what the proof answers; proof: the holder’s signature'),
  ok: z.boolean().describe('True only when the outcome is passed'),
  outcome: CheckOutcome,
  reason: z.string(),
});
export type PresentationCheck = z.infer<typeof PresentationCheck>;

export const PresentationResult = z
  .object({
    format: z.literal('presentation'),
    verified: z.boolean().describe('True only when every check of the presentation and of every credential in it passed'),
    outcome: CheckOutcome.describe('The worst outcome of the presentation’s checks and its credentials’ verdicts'),
    holder: z.string().nullable().describe('The holder the presentation names, if any'),
    checks: z.array(PresentationCheck),
    credentials: z.array(VerificationResult).describe('One verdict per credential in the presentation, in its order'),
  })
  .meta({ id: 'PresentationVerificationResult' });
export type PresentationResult = z.infer<typeof PresentationResult>;

/** verifyCredential's answer: a credential's verdict, or a presentation's (format "presentation"). */
export const VerifyAnswer = z.union([VerificationResult, PresentationResult]);
export type VerifyAnswer = z.infer<typeof VerifyAnswer>;

export const VerifyBody = z.union([
  z.strictObject({ credential: JsonObject.describe('A credential as JSON, secured with a Data Integrity proof') }),
  z.strictObject({ jwt: z.string().min(1, 'Paste the VC-JWT').max(MAX_JWT_CHARS, `A VC-JWT here is at most ${MAX_JWT_CHARS} characters`).describe('A VC-JWT (compact JWS)') }),
  z.strictObject({ presentation: JsonObject.describe('A verifiable presentation as JSON: its own checks, then each credential inside it') }),
  z.strictObject({ url: z.url({ protocol: /^https?$/, message: 'Give a link that starts with https://' }).max(2000).describe('A link to one of our credentials') }),
]);
export type VerifyBody = z.infer<typeof VerifyBody>;

export const VerifyQuery = z.strictObject({
  credential: z.string().min(1, 'Give a credential id').max(200, 'A credential id is at most 200 characters').describe('The id of one of our credentials'),
});

// ---- VC-API (https://w3c-ccg.github.io/vc-api/) ----

export const IssueRequest = z.strictObject({
  credential: z.unknown().describe('The credential to issue, without a proof; checked against the VC 2.0 data model'),
  options: JsonObject.optional(),
});
export const IssueResponse = z.object({ verifiableCredential: JsonObject }).meta({ id: 'VcApiIssueResponse' });

export const ProblemDetail = z.object({ type: z.string(), title: z.string(), detail: z.string() });
/** VC-API's answer, with our checks and their reasons beside the plain names. */
export const VcApiVerification = z
  .object({
    verified: z.boolean(),
    checks: z.array(z.string()).describe('The checks that passed'),
    warnings: z.array(ProblemDetail),
    errors: z.array(ProblemDetail),
    results: z.array(z.object({ check: z.string(), ok: z.boolean(), reason: z.string() })).describe('Every check with its reason; a presentation’s credentials as verifiableCredential[i].<check>'),
  })
  .meta({ id: 'VcApiVerification' });
export type VcApiVerification = z.infer<typeof VcApiVerification>;

export const VerifyCredentialRequest = z.strictObject({
  verifiableCredential: z.union([JsonObject, z.string().max(MAX_JWT_CHARS)]).describe('A credential with a Data Integrity proof, or a VC-JWT'),
  options: JsonObject.optional(),
});

export const PresentationOptions = z.looseObject({
  challenge: z.string().max(1000).optional().describe('Must equal the challenge in the presentation’s proof'),
  domain: z.string().max(1000).optional().describe('Must equal (or be among) the domain of the presentation’s proof'),
});
export const VerifyPresentationRequest = z.strictObject({
  verifiablePresentation: JsonObject,
  options: PresentationOptions.optional(),
});
