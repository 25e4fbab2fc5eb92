// Verifying credentials for people (the /verify page) and for other systems (VC-API), and issuing
// through VC-API. Our own documents (DID document, status lists) come from the database through our
// own resolver; other issuers' are fetched by the remote resolver.
//
// The by-id path (the certificate's QR code) is a hot read path (docs/decisions/0004-hot-paths.md):
// a verdict is computed once and kept, as the JSON text of the answer, keyed by the credential id and
// tagged with the status epoch, which moves with every status change and every key change. A verdict
// is used while the epoch stands and until the next moment its date check would change (validFrom,
// validUntil), and for at most VERDICT_TTL_MS, so anything time-bound (a status list's own dates) is
// looked at again.
import { type CredentialSummary, MAX_IMAGE_UPLOAD_BYTES, MAX_PRESENTATION_CREDENTIALS, MAX_UPLOAD_BYTES, type PresentationResult, type VcApiVerification, type VerificationResult } from '../../../../contracts/verification.js';
import { sniffImage } from '../baking.js';
import { type Platform, type RequestContext, requireRole } from '../../../platform/context.js';
import { DomainError, notFound } from '../../../platform/errors.js';
import { createDocumentLoader, type JsonObject, type Resolver } from '../document-loader.js';
import type { Epoch } from '../status/epoch.js';
import type { SigningKey } from '../issuing/keys.js';
import { createRemoteResolver, type RemoteResolverOptions } from './remote-resolver.js';
import { signCredential } from '../issuing/sign.js';
import { assertVerifiable } from './verify-limits.js';
import { PoolError, siblingModule, WorkerPool } from '../../../platform/workers.js';
import { credentialProblems, describeProblems } from './structure/vc-model.rules.js';
import type { PresentationVerdict } from './verify-presentation.js';
import { type Verdict, verifyCredential } from './verify.js';
import { checkRelatedResources } from './structure/related-resource.js';
import { asArray, idOf } from './json.js';

export const VERDICT_TTL_MS = 10 * 60_000;
const MAX_VERDICTS = 50_000;
const MAX_STATUS_ENTRIES = 8;
/** A stranger's credential is checked within this time on a worker thread, or refused. */
export const VERIFY_DEADLINE_MS = 5_000;
/** Seconds a client is asked to wait when every verification thread is busy. */
export const VERIFY_RETRY_AFTER_S = 5;

/** What verifying and issuing need of our own issuer (engineer-facing seam: the issuing side provides it). */
export type OwnIssuer = {
  did: string;
  /** Every public address the site has had (site-identity.ts); documents under them are ours. */
  addresses?: readonly string[];
  /** Our documents by URL or DID: the DID document, status list credentials. */
  resolve: Resolver;
  epoch: Epoch;
  signingKey: () => Promise<SigningKey>;
  /** The signed JSON-LD credential issued for one of our credential ids, or undefined. */
  issuedCredential: (id: string) => Promise<JsonObject | undefined>;
};

export type VerifyInput = { credential: JsonObject } | { jwt: string } | { presentation: JsonObject } | { url: string } | { file: Buffer; filename: string };

const isPresentation = (x: JsonObject | string): x is JsonObject => typeof x === 'object' && asArray(x['type']).includes('VerifiablePresentation');

const text = (x: unknown): string | null => (typeof x === 'string' ? x : typeof (x as JsonObject)?.['@value'] === 'string' ? String((x as JsonObject)['@value']) : null);
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

export function summaryOf(c: JsonObject): CredentialSummary {
  const subject = asArray(c['credentialSubject'])[0] as JsonObject | undefined;
  const achievement = subject?.['achievement'] as JsonObject | undefined;
  const issuer = c['issuer'];
  return {
    id: idOf(c) ?? null,
    name: text(achievement?.['name']) ?? text(c['name']),
    issuerId: idOf(issuer) ?? '',
    issuerName: typeof issuer === 'object' ? text((issuer as JsonObject)['name']) : null,
    subjectId: idOf(subject) ?? null,
    validFrom: text(c['validFrom'] ?? c['issuanceDate']),
    validUntil: text(c['validUntil'] ?? c['expirationDate']),
  };
}

/** The next moment the date check's outcome changes for this credential, or Infinity. */
function datesStableUntil(c: JsonObject | null, now: number): number {
  if (!c) return Number.POSITIVE_INFINITY;
  const bounds = [c['validFrom'], c['validUntil'], c['issuanceDate'], c['expirationDate']].map((x) => (typeof x === 'string' ? Date.parse(x) : Number.NaN));
  return Math.min(...bounds.filter((t) => Number.isFinite(t) && t > now), Number.POSITIVE_INFINITY);
}

export type VerificationDeps = {
  own: OwnIssuer;
  /** Overrides for the remote resolver; tests use them to reach a local server over http. */
  remote?: Partial<RemoteResolverOptions>;
  /** The worker threads that verify strangers' credentials (default: one per core beyond the first). */
  workers?: { size?: number; maxQueue?: number; deadlineMs?: number };
};

/** A task the verification threads did not finish, as an answer for people: busy, or stopped at the deadline. */
function poolRefusal(error: unknown): unknown {
  if (!(error instanceof PoolError)) return error;
  if (error.code === 'POOL_DEADLINE') {
    return new DomainError('UNAVAILABLE', `Checking this credential took longer than ${VERIFY_DEADLINE_MS / 1000} s and was stopped; a smaller credential is checked in well under a second.`, { deadlineMs: VERIFY_DEADLINE_MS });
  }
  return new DomainError('UNAVAILABLE', `Too many credentials are being checked right now; try again in ${VERIFY_RETRY_AFTER_S} seconds.`, { retryAfterSeconds: VERIFY_RETRY_AFTER_S });
}

export function verificationService(p: Pick<Platform, 'config' | 'clock'>, deps: VerificationDeps) {
  const { own } = deps;
  const publicUrl = p.config.publicUrl;
  const ourDid = own.did;
  const resolve = createRemoteResolver({ publicUrl, ourDid, formerUrls: own.addresses, own: own.resolve, ...deps.remote });
  // Strangers' credentials are canonicalised on worker threads; what they point at is resolved here.
  const pool = new WorkerPool(siblingModule(import.meta.url, 'verify-worker'), {
    size: deps.workers?.size,
    maxQueue: deps.workers?.maxQueue ?? 64,
    deadlineMs: deps.workers?.deadlineMs ?? VERIFY_DEADLINE_MS,
    host: { resolve: async (url: string) => (await resolve(url)) ?? null, bytes: (url: string) => resolve.bytes(url) },
  });
  const offLoop = async <T>(name: string, payload: unknown): Promise<T> => {
    try {
      return await pool.run<T>(name, payload);
    } catch (error) {
      throw poolRefusal(error);
    }
  };
  // Kept as UTF-8 bytes: each answer is then written out as it is, with no encoding per request.
  const verdicts = new Map<string, { epoch: number; until: number; json: Buffer }>();
  const pending = new Map<string, Promise<Buffer>>();

  function result(v: Verdict): VerificationResult {
    const summary = v.credential ? summaryOf(v.credential) : null;
    return { verified: v.verified, outcome: v.outcome, format: v.format, ours: summary?.issuerId === ourDid, summary, checks: v.checks, credential: v.credential };
  }

  // Each status entry may make us fetch a list from another issuer's server: a bound on the work one request causes.
  const assertStatusEntries = (input: JsonObject | string, path: string) => {
    if (typeof input === 'object' && asArray(input['credentialStatus']).length > MAX_STATUS_ENTRIES) {
      throw new DomainError('VALIDATION_FAILED', `${path}.credentialStatus: at most ${MAX_STATUS_ENTRIES} status entries are checked.`, { issues: [{ path: `${path}.credentialStatus`, message: `Use at most ${MAX_STATUS_ENTRIES} entries` }] });
    }
  };

  /** A presentation given by anyone: its size and its credentials counted here, then every check on a worker thread. */
  const checkPresentation = async (vp: JsonObject, path: string, options: { challenge?: string; domain?: string; pasted?: boolean }): Promise<PresentationVerdict> => {
    assertVerifiable(vp, path);
    const vcs = asArray(vp['verifiableCredential']);
    if (vcs.length > MAX_PRESENTATION_CREDENTIALS) {
      throw new DomainError('VALIDATION_FAILED', `${path}.verifiableCredential: the presentation holds ${vcs.length} credentials; at most ${MAX_PRESENTATION_CREDENTIALS} are checked.`, { issues: [{ path: `${path}.verifiableCredential`, message: `Present at most ${MAX_PRESENTATION_CREDENTIALS} credentials at once` }] });
    }
    for (const [i, vc] of vcs.entries()) assertStatusEntries(vc as JsonObject | string, `${path}.verifiableCredential[${i}]`);
    return offLoop<PresentationVerdict>('presentation', { vp, now: p.clock.now().toISOString(), ...options, ownDid: ourDid });
  };

  /** A presentation pasted or uploaded on /verify: its own checks, then one verdict per credential. */
  const verifyPresentationForPeople = async (vp: JsonObject, path: string): Promise<PresentationResult> => {
    const v = await checkPresentation(vp, path, { pasted: true });
    return { format: 'presentation', verified: v.verified, outcome: v.outcome, holder: v.holder, checks: v.own, credentials: v.credentials.map(result) };
  };

  /** A credential given by anyone: cheap checks of its size here, then canonicalisation and signatures on a worker thread. */
  const verifyAny = async (input: JsonObject | string, path = 'body.credential'): Promise<Verdict> => {
    assertVerifiable(input, path);
    assertStatusEntries(input, path.replace(/^body\./, ''));
    const v = await offLoop<Verdict>('credential', { input, now: p.clock.now().toISOString(), ownDid: ourDid });
    return typeof input === 'string' || v.format === 'vc-jwt' ? v : { ...v, credential: input };
  };
  /** One of ours, as we stored it: small and of known shape, so checked on this thread (and the verdict kept). */
  const verifyOurs = (credential: JsonObject): Promise<Verdict> => verifyCredential(credential, { now: p.clock.now(), resolve, fetchBytes: resolve.bytes, ownDid: ourDid });

  async function computeById(id: string, epoch: number): Promise<Buffer> {
    const credential = await own.issuedCredential(id);
    if (!credential) throw notFound('A credential with this id');
    const now = p.clock.now().getTime();
    const json = Buffer.from(JSON.stringify(result(await verifyOurs(credential))));
    if (verdicts.size >= MAX_VERDICTS) verdicts.clear(); // a bound, not an LRU: refilled on demand
    verdicts.set(id, { epoch, until: Math.min(now + VERDICT_TTL_MS, datesStableUntil(credential, now)), json });
    return json;
  }

  /** The verdict on one of our credentials by id, as the JSON of a VerificationResult in UTF-8. */
  async function verifyById(id: string): Promise<Buffer> {
    const epoch = await own.epoch.current();
    const hit = verdicts.get(id);
    if (hit && hit.epoch === epoch && p.clock.now().getTime() < hit.until) return hit.json;
    const key = `${id} ${epoch}`;
    let job = pending.get(key);
    if (!job) {
      job = computeById(id, epoch).finally(() => pending.delete(key));
      pending.set(key, job);
    }
    return job;
  }

  /** A link to one of our credentials: its id, from the path or a ?credential= parameter. */
  function ourIdFromUrl(url: string): string {
    if (!(url === publicUrl || url.startsWith(`${publicUrl}/`) || url.startsWith(`${publicUrl}?`))) {
      throw new DomainError('VALIDATION_FAILED', `Only links to credentials of ${publicUrl} are followed; for another issuer's credential, paste or upload the credential itself.`, { issues: [{ path: 'body.url', message: `Give a link that starts with ${publicUrl}` }] });
    }
    const u = new URL(url);
    const id = u.searchParams.get('credential') ?? UUID.exec(u.pathname)?.[0];
    if (!id) throw new DomainError('VALIDATION_FAILED', 'The link names no credential.', { issues: [{ path: 'body.url', message: 'Give the link of a credential, as on its certificate' }] });
    return id;
  }

  const fileProblem = (message: string, issue: string) => new DomainError('VALIDATION_FAILED', message, { issues: [{ path: 'body.file', message: issue }] });

  /** The credential text baked into an uploaded PNG or SVG badge (read on a worker thread), or null for a file that is neither. */
  async function unbaked(file: Buffer, filename: string): Promise<string | null> {
    if (!sniffImage(file)) return null;
    const out = await offLoop<{ text: string | null } | { error: string }>('unbake', { bytes: file });
    if ('error' in out) throw fileProblem(`${filename}: ${out.error}`, out.error);
    return out.text;
  }

  /** An uploaded file's credential or presentation: JSON, a VC-JWT, or either baked into a PNG or SVG badge. */
  async function readFile(file: Buffer, filename: string): Promise<JsonObject | string> {
    const tooLarge = (limit: number, what: string) => new DomainError('PAYLOAD_TOO_LARGE', `The file is larger than ${limit / 1024} KB, the most ${what} may be.`, { field: 'file', limit });
    if (file.length > MAX_IMAGE_UPLOAD_BYTES) throw tooLarge(MAX_IMAGE_UPLOAD_BYTES, 'a badge picture');
    const baked = await unbaked(file, filename);
    if (baked === null && file.length > MAX_UPLOAD_BYTES) throw tooLarge(MAX_UPLOAD_BYTES, 'a .json or .jwt file');
    const body = (baked ?? file.toString('utf8')).replace(/^\uFEFF/, '').trim();
    const from = baked === null ? filename : `The credential baked into ${filename}`;
    if (body.startsWith('{')) {
      try {
        return JSON.parse(body) as JsonObject;
      } catch (error) {
        throw fileProblem(`${from} is not valid JSON: ${(error as Error).message}`, baked === null ? 'The file is not valid JSON' : 'The baked credential is not valid JSON');
      }
    }
    if (/^[\w-]+\.[\w-]+\.[\w-]+$/.test(body)) return body;
    if (baked !== null) throw fileProblem(`${from} is neither a JSON credential nor a VC-JWT.`, 'The baked text is neither a JSON credential nor a VC-JWT');
    throw fileProblem(`${filename} holds neither a JSON credential nor a VC-JWT, and is not a PNG or SVG badge.`, 'Upload a .json credential, a .jwt file, or a baked PNG or SVG badge');
  }

  /** A check that did not pass, as VC-API's problem detail: failed, could not be made (unknown), or a warning. */
  const problem = (name: string, c: { outcome?: string; reason: string }) => ({
    type: `${publicUrl}/problems/${name.replace(/^.*\./, '')}`,
    title: c.outcome === 'unknown' ? `The ${name} check could not be made` : c.outcome === 'warning' ? `The ${name} check asks for a person's judgement` : `The ${name} check failed`,
    detail: c.reason,
  });

  return {
    verifyById,

    /** verifyCredential: a pasted or uploaded credential or presentation (a badge picture too), or a link to one of ours. */
    async verify(_ctx: RequestContext, input: VerifyInput): Promise<VerificationResult | PresentationResult | Buffer> {
      if ('url' in input) return verifyById(ourIdFromUrl(input.url));
      if ('presentation' in input) return verifyPresentationForPeople(input.presentation, 'body.presentation');
      const value = 'credential' in input ? input.credential : 'jwt' in input ? input.jwt : await readFile(input.file, input.filename);
      const path = 'credential' in input ? 'body.credential' : 'jwt' in input ? 'body.jwt' : 'body.file';
      // A presentation given where a credential was expected (pasted as credential, or a file) is checked as one.
      if (isPresentation(value)) return verifyPresentationForPeople(value, path);
      return result(await verifyAny(value, path));
    },

    /** VC-API issue: checks the credential against the data model, sets our issuer, signs with our current key. */
    async issue(ctx: RequestContext, credential: unknown): Promise<JsonObject> {
      requireRole(ctx, ['scheme_admin', 'system_admin']);
      const problems = credentialProblems(credential, { forIssue: true });
      if (problems.length) throw new DomainError('VALIDATION_FAILED', `The credential breaks the VC 2.0 data model: ${describeProblems(problems)}.`, { issues: problems.map((x) => ({ path: `credential.${x.property}`, message: x.rule })) });
      const c = credential as JsonObject;
      const issuer = idOf(c['issuer']);
      if (issuer !== own.did) throw new DomainError('VALIDATION_FAILED', `credential.issuer: this service issues only as ${own.did}, not as ${String(issuer)}.`, { issues: [{ path: 'credential.issuer', message: `Use ${own.did}` }] });
      // relatedResource: unique ids and matching digests, or the resource is named and nothing is signed.
      const related = await checkRelatedResources(c, resolve.bytes);
      if (related && !related.ok) throw new DomainError('VALIDATION_FAILED', `credential.relatedResource: ${related.reason}`, { issues: [{ path: 'credential.relatedResource', message: related.reason }] });
      const key = await own.signingKey();
      try {
        return await signCredential(c, key, { documentLoader: createDocumentLoader(own.resolve), created: p.clock.now() });
      } catch (error) {
        // Signing expands the credential as JSON-LD in safe mode: a term no context defines is refused here.
        const message = (error as Error).message;
        const detail = (error as { details?: { event?: { details?: { property?: string } } } }).details?.event?.details?.property;
        throw new DomainError('VALIDATION_FAILED', detail ? `credential.${detail}: the term is not defined by any @context, so it cannot be signed.` : `The credential cannot be signed: ${message}`, { issues: [{ path: `credential${detail ? `.${detail}` : ''}`, message }] });
      }
    },

    /** VC-API credential verification: VC-API's answer plus our reasons. */
    async vcApiVerifyCredential(input: JsonObject | string): Promise<VcApiVerification> {
      const v = await verifyAny(input, 'body.verifiableCredential');
      return {
        verified: v.verified,
        checks: v.checks.filter((c) => c.ok).map((c) => c.check),
        warnings: v.checks.filter((c) => c.outcome === 'warning').map((c) => problem(c.check, c)),
        errors: v.checks.filter((c) => c.outcome === 'failed' || c.outcome === 'unknown').map((c) => problem(c.check, c)),
        results: v.checks,
      };
    },

    /** VC-API presentation verification, with the verifier's challenge and domain. */
    async vcApiVerifyPresentation(vp: JsonObject, options: { challenge?: string; domain?: string }): Promise<VcApiVerification> {
      const v = await checkPresentation(vp, 'body.verifiablePresentation', { challenge: options.challenge, domain: options.domain });
      return {
        verified: v.verified,
        checks: v.checks.filter((c) => c.ok).map((c) => c.check),
        warnings: [
          ...v.warnings.map((w) => ({ type: `${publicUrl}/problems/challenge`, title: 'Not checked against replay', detail: w })),
          ...v.checks.filter((c) => c.outcome === 'warning').map((c) => problem(c.check, c)),
        ],
        errors: v.checks.filter((c) => !c.ok && c.outcome !== 'warning').map((c) => problem(c.check, c)),
        results: v.checks,
      };
    },

    /** Forgets cached verdicts and fetched documents (tests, or after an operator fixes a foreign issuer). */
    clearCaches() {
      verdicts.clear();
      resolve.clear();
    },

    /** Starts the verification threads (a server that listens), so the first check does not wait for them. */
    start: () => pool.start(),

    /** Stops the verification threads (the server is closing). */
    close: () => pool.close(),
  };
}

export type VerificationService = ReturnType<typeof verificationService>;
