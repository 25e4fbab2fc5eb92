import type { FastifyReply, FastifyRequest } from 'fastify';
import { MAX_IMAGE_UPLOAD_BYTES, MAX_UPLOAD_BYTES, MAX_VERIFY_BODY_BYTES, MAX_VERIFY_UPLOAD_BODY_BYTES, MAX_PRESENTATION_CREDENTIALS, MAX_VERIFY_DEPTH, MAX_VERIFY_NODES, VerificationResult, VerifyAnswer, VerifyBody, VerifyQuery } from '../../../../contracts/verification.js';
import { DomainError } from '../../../platform/errors.js';
import { contextOf } from '../../../platform/http/auth-hook.js';
import { readMultipart } from '../../../platform/http/multipart.js';
import { type ZodApp, errorResponses, publicAccess } from '../../../platform/http/zod-app.js';
import { VERIFY_RETRY_AFTER_S, type VerificationService, type VerifyInput } from './verification.service.js';

const tags = ['verification'];
const errors = { ...errorResponses, 413: errorResponses[400], 415: errorResponses[400] };
const JSON_UTF8 = 'application/json; charset=utf-8';
/** A verdict kept as JSON bytes: Fastify sends a Buffer as it is, unserialised. */
const jsonText = (reply: { type: (t: string) => unknown }, json: Buffer): never => {
  reply.type(JSON_UTF8);
  return json as never;
};

const invalid = (issues: Array<{ path: string; message: string }>) => new DomainError('VALIDATION_FAILED', `${issues[0]?.path}: ${issues[0]?.message}`, { issues });

const kb = (bytes: number) => `${(bytes / 1024).toLocaleString('en-GB')} KB`;

/** verifyCredential's input: a JSON body, or multipart with one file (.json, .jwt, or a baked PNG or SVG badge) in the part "file". */
async function verifyInput(req: FastifyRequest): Promise<VerifyInput> {
  if (!req.isMultipart()) {
    const body = req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {};
    const keys = Object.keys(body);
    // One branch of the union by the field given, so a problem is named at its field.
    const branch = keys.length === 1 ? VerifyBody.options.find((o) => keys[0]! in o.shape) : undefined;
    if (!branch) throw invalid([{ path: 'body', message: 'Send exactly one of credential (JSON), jwt (a VC-JWT), presentation (a verifiable presentation as JSON) or url (a link to one of our credentials)' }]);
    const parsed = branch.safeParse(body);
    if (!parsed.success) throw invalid(parsed.error.issues.map((i) => ({ path: ['body', ...i.path.map(String)].join('.'), message: i.message })));
    return parsed.data as VerifyInput;
  }
  // Read up to the picture limit; a .json or .jwt file is held to its own, smaller one once its kind is known.
  const form = await readMultipart(req, { maxFileBytes: MAX_IMAGE_UPLOAD_BYTES, tooLarge: `The file is larger than ${kb(MAX_IMAGE_UPLOAD_BYTES)}, the most a badge picture may be (a .json or .jwt file: ${kb(MAX_UPLOAD_BYTES)}).` });
  if (!form.file) throw invalid([{ path: 'body.file', message: 'Attach a .json or .jwt file, or a baked PNG or SVG badge, in the part named "file"' }]);
  return { file: form.file.bytes, filename: form.file.filename || 'the file' };
}

/** A body limit said in words before the body is read, when its length is declared (a chunked body over it gets the general 413). */
function bodyLimitInWords(limit: number, what: string) {
  return async (req: FastifyRequest, _reply: FastifyReply, payload: NodeJS.ReadableStream) => {
    if (Number(req.headers['content-length'] ?? 0) > limit) {
      throw new DomainError('PAYLOAD_TOO_LARGE', `The request is larger than ${kb(limit)}, the most ${what} may be.`, { limitBytes: limit });
    }
    return payload;
  };
}

const jsonLimit = bodyLimitInWords(MAX_VERIFY_BODY_BYTES, 'a credential to verify');
const uploadLimit = bodyLimitInWords(MAX_VERIFY_UPLOAD_BODY_BYTES, 'an uploaded badge picture with its form');

/** The body limit of the verifying endpoints that take JSON (VC-API). */
export const verifyBodyLimit = { bodyLimit: MAX_VERIFY_BODY_BYTES, preParsing: jsonLimit };

/**
 * verifyCredential's limit: a JSON body as verifyBodyLimit, a multipart upload up to the picture limit
 * (the multipart parser reads the stream itself, so Fastify's bodyLimit does not bound it; the file's
 * own limit does, and this says the whole request's in words first).
 */
const verifyUploadLimit = {
  bodyLimit: MAX_VERIFY_BODY_BYTES,
  // By the header: the multipart parser has not yet marked the request when preParsing runs.
  preParsing: (req: FastifyRequest, reply: FastifyReply, payload: NodeJS.ReadableStream) => (/^multipart\//i.test(req.headers['content-type'] ?? '') ? uploadLimit : jsonLimit)(req, reply, payload),
};

/** Runs a verification; when every verification thread is busy, the 503 says when to come back. */
export async function withRetryAfter<T>(reply: FastifyReply, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof DomainError && error.code === 'UNAVAILABLE') reply.header('retry-after', String(VERIFY_RETRY_AFTER_S));
    throw error;
  }
}

/**
 * Checking a pasted credential costs milliseconds of CPU and may fetch another issuer's documents, so
 * it is limited to a fifth of the general rate per client (120 a minute at the default). Verifying one
 * of ours by id answers from the verdict cache and has the general limit.
 */
export const verifyRateLimit = (perMinute: number) => ({ max: Math.max(1, Math.floor(perMinute / 5)), timeWindow: '1 minute' });

/** HTTP for verifying credentials: open to everyone, no sign-in. */
export function verificationRoutes(app: ZodApp, verification: VerificationService, rateLimitPerMinute: number): void {
  app.post('/api/v1/verify', {
    ...verifyUploadLimit,
    config: { rateLimit: verifyRateLimit(rateLimitPerMinute) },
    schema: {
      operationId: 'verifyCredential',
      tags,
      summary: 'Verify a credential: every check (schema, signature, issuer, dates, status) with its reason',
      description:
        `A JSON body with exactly one of \`credential\` (a credential as JSON with a Data Integrity proof), \`jwt\` (a VC-JWT), \`presentation\` (a verifiable presentation as JSON: its own checks, then a verdict per credential inside, at most ${MAX_PRESENTATION_CREDENTIALS}) or \`url\` (a link to one of our credentials); or multipart/form-data with one part \`file\`: a .json credential or presentation or a .jwt file (at most ${kb(MAX_UPLOAD_BYTES)}), or a baked badge picture, PNG or SVG, with the credential inside as Open Badges 3.0 bakes it (at most ${kb(MAX_IMAGE_UPLOAD_BYTES)}; a picture with no credential is a 400 saying so). Works for our own credentials and for any VC 2.0 / Open Badges 3.0 credential signed with did:key, did:web or a key published at an https address. The answer is 200 with \`verified\` true or false (a presentation's answer has \`format\` "presentation"); a credential that fails a check is an answer, not an error. Limits, checked before any work: a JSON body at most ${kb(MAX_VERIFY_BODY_BYTES)} and an upload at most ${kb(MAX_VERIFY_UPLOAD_BODY_BYTES)} (413), nesting at most ${MAX_VERIFY_DEPTH} levels (400), at most ${MAX_VERIFY_NODES.toLocaleString('en-GB')} values (413); a check runs at most 5 s; when every verifying thread is busy the answer is 503 with Retry-After.`,
      ...publicAccess,
      response: { 200: VerifyAnswer, ...errors },
    },
  }, async (req, reply) => {
    const out = await withRetryAfter(reply, async () => verification.verify(contextOf(req), await verifyInput(req)));
    return Buffer.isBuffer(out) ? jsonText(reply, out) : out;
  });

  app.get('/api/v1/verify', {
    schema: {
      operationId: 'verifyCredentialById',
      tags,
      summary: 'Verify one of our credentials by its id (where the certificate’s QR code points)',
      description: 'The same answer as verifyCredential, for the credential we issued with this id, checked as any verifier would: its signature against our DID document and its status against our status lists.',
      ...publicAccess,
      querystring: VerifyQuery,
      response: { 200: VerificationResult, ...errors },
    },
  }, async (req, reply) => jsonText(reply, await verification.verifyById(req.query.credential)));
}
