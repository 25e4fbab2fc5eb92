import type { FastifyReply, FastifyRequest } from 'fastify';
import { MAX_UPLOAD_BYTES, MAX_VERIFY_BODY_BYTES, VerificationResult, VerifyBody, VerifyQuery } from '../../../../contracts/verification.js';
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

/** verifyCredential's input: a JSON body, or multipart with one .json or .jwt file in the part "file". */
async function verifyInput(req: FastifyRequest): Promise<VerifyInput> {
  if (!req.isMultipart()) {
    const body = req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {};
    const keys = Object.keys(body);
    // One branch of the union by the field given, so a problem is named at its field.
    const branch = keys.length === 1 ? VerifyBody.options.find((o) => keys[0]! in o.shape) : undefined;
    if (!branch) throw invalid([{ path: 'body', message: 'Send exactly one of credential (JSON), jwt (a VC-JWT) or url (a link to one of our credentials)' }]);
    const parsed = branch.safeParse(body);
    if (!parsed.success) throw invalid(parsed.error.issues.map((i) => ({ path: ['body', ...i.path.map(String)].join('.'), message: i.message })));
    return parsed.data as VerifyInput;
  }
  const form = await readMultipart(req, { maxFileBytes: MAX_UPLOAD_BYTES, tooLarge: `The file is larger than ${MAX_UPLOAD_BYTES / 1024} KB.` });
  if (!form.file) throw invalid([{ path: 'body.file', message: 'Attach a .json or .jwt file in the part named "file"' }]);
  return { file: form.file.bytes, filename: form.file.filename || 'the file' };
}

/**
 * The body limit of the verifying endpoints, said in words before the body is read when its length is
 * declared (a chunked body over it gets the general 413).
 */
export const verifyBodyLimit = {
  bodyLimit: MAX_VERIFY_BODY_BYTES,
  preParsing: async (req: FastifyRequest, _reply: FastifyReply, payload: NodeJS.ReadableStream) => {
    if (Number(req.headers['content-length'] ?? 0) > MAX_VERIFY_BODY_BYTES) {
      throw new DomainError('PAYLOAD_TOO_LARGE', `The request is larger than ${MAX_VERIFY_BODY_BYTES / 1024} KB, the most a credential to verify may be.`, { limitBytes: MAX_VERIFY_BODY_BYTES });
    }
    return payload;
  },
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
    ...verifyBodyLimit,
    config: { rateLimit: verifyRateLimit(rateLimitPerMinute) },
    schema: {
      operationId: 'verifyCredential',
      tags,
      summary: 'Verify a credential: every check (schema, signature, issuer, dates, status) with its reason',
      description:
        'A JSON body with exactly one of `credential` (a credential as JSON with a Data Integrity proof), `jwt` (a VC-JWT) or `url` (a link to one of our credentials); or multipart/form-data with one part `file` (a .json credential or a .jwt file, at most 256 KB). Works for our own credentials and for any VC 2.0 / Open Badges 3.0 credential signed with did:key, did:web or a key published at an https address. The answer is 200 with `verified` true or false; a credential that fails a check is an answer, not an error. Limits, checked before any work: the body at most 272 KB (413), nesting at most 32 levels (400), at most 5,000 values (413); a check runs at most 5 s; when every verifying thread is busy the answer is 503 with Retry-After.',
      ...publicAccess,
      response: { 200: VerificationResult, ...errors },
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
