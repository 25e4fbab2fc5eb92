// A verdict for any VC 2.0 / Open Badges 3.0 credential, given as JSON (Data Integrity proof) or as
// a VC-JWT: every check (schema, signature, issuer, dates, status) with a reason a person can read.
import { createDocumentLoader, type JsonObject, type Resolver } from '../document-loader.js';
import { verifyDataIntegrity } from './proofs/verify-proof.js';
import { envelopedJwt, type JwtOutcome, verifyJwt, withJwtTimes } from './proofs/verify-jwt.js';
import { describeProblems } from './structure/vc-model.rules.js';
import { checkStatus } from './status-lists/verify-status.js';
import { issuerCheck } from './proofs/issuer-check.js';
import { isOpenBadge, structureProblems } from './structure/structure.js';
import { checkCredentialSchemas } from './structure/credential-schema.js';
import { type BytesFetcher, checkRelatedResources } from './structure/related-resource.js';

import { type Check, type CheckName, overallOutcome, type SettledCheck, settle } from './checks.js';
import type { CheckOutcome } from '../../../../contracts/verification.js';
import { asArray, idOf } from './json.js';

export type { Check, CheckName } from './checks.js';
export type Verdict = { verified: boolean; outcome: CheckOutcome; format: 'data-integrity' | 'vc-jwt'; credential: JsonObject | null; checks: SettledCheck[] };

/** A verdict from its checks: each check's outcome settled, then the whole one's. */
export function verdictOf(format: Verdict['format'], credential: JsonObject | null, checks: Check[]): Verdict {
  const settled = checks.map(settle);
  const outcome = overallOutcome(settled);
  return { verified: outcome === 'passed', outcome, format, credential, checks: settled };
}
export type VerifyOptions = {
  now: Date;
  /** Resolves did:web documents, https keys, status list credentials and schemas; nothing is fetched otherwise. */
  resolve?: Resolver;
  /** Fetches a related resource's bytes to check its digest; without it only offline contexts are checked. */
  fetchBytes?: BytesFetcher;
  /** Our own DID: reasons name a key from its document as ours. */
  ownDid?: string;
};


/** The structural check: VC 2.0 (or 1.1) and, for badges, Open Badges 3.0; the first broken rule in details. */
export function checkStructure(c: JsonObject): Check {
  const problems = structureProblems(c);
  if (problems.length) {
    const first = problems[0]!;
    return { check: 'schema', ok: false, reason: `Not a well-formed credential: ${describeProblems(problems)}.`, details: { path: first.property, rule: first.rule, count: problems.length } };
  }
  const version = asArray(c['@context'])[0] === 'https://www.w3.org/2018/credentials/v1' ? '1.1' : '2.0';
  return { check: 'schema', ok: true, reason: isOpenBadge(c) ? `Well-formed Verifiable Credential (data model ${version}) and Open Badges 3.0 achievement credential.` : `Well-formed Verifiable Credential (data model ${version}).` };
}

export function checkDates(c: JsonObject, now: Date): Check {
  const from = (c['validFrom'] ?? c['issuanceDate']) as string | undefined;
  const until = (c['validUntil'] ?? c['expirationDate']) as string | undefined;
  if (from && Date.parse(from) > now.getTime()) return { check: 'dates', ok: false, reason: `Not yet valid: valid from ${from}.` };
  if (until && Date.parse(until) <= now.getTime()) return { check: 'dates', ok: false, reason: `Expired: valid until ${until}.` };
  return { check: 'dates', ok: true, reason: until ? `Valid from ${from ?? 'issue'} until ${until}.` : `Valid from ${from ?? 'issue'}, with no end date.` };
}

export async function verifyCredential(input: JsonObject | string, options: VerifyOptions): Promise<Verdict> {
  const loader = createDocumentLoader(options.resolve);
  // A VC-JWT: given as text, or enveloped in JSON (EnvelopedVerifiableCredential, a data: URL).
  const jwt = typeof input === 'string' ? input.trim() : envelopedJwt(input);
  const format = jwt !== undefined ? 'vc-jwt' : 'data-integrity';
  let credential: JsonObject | null = null;
  let signature: Check;
  let byJwt: JwtOutcome | undefined;
  let signed: Parameters<typeof issuerCheck>[1] = { ok: false };
  if (typeof input === 'string' || jwt !== undefined) {
    byJwt = await verifyJwt(jwt!, loader);
    credential = byJwt.credential ?? null;
    signature = { check: 'signature', ok: byJwt.ok, reason: byJwt.reason, details: byJwt.details };
    signed = byJwt;
  } else {
    credential = input;
    const out = await verifyDataIntegrity(input, loader, { ownDid: options.ownDid });
    signature = { check: 'signature', ok: out.ok, reason: out.reason, ...(out.details ? { details: out.details } : {}) };
    signed = out;
  }
  if (!credential) {
    const skipped = (check: CheckName): Check => ({ check, ok: false, reason: 'Not checked: the credential could not be read.' });
    return verdictOf(format, credential, [skipped('schema'), signature, skipped('issuer'), skipped('dates'), skipped('status')]);
  }
  const schema = checkStructure(credential);
  // Present only when declared: each declared schema met, each related resource's digest matched.
  const declared = (await Promise.all([checkCredentialSchemas(credential, options.resolve), checkRelatedResources(credential, options.fetchBytes)])).filter((x): x is SettledCheck => x !== null);
  const issuerId = idOf(credential['issuer']) ?? '';
  // A VC-JWT's issuer check is verify-jwt.ts's (its key may come from the header); a proof's is issuer-check.ts's.
  const issuer: Check = byJwt?.issuer ?? issuerCheck(issuerId, signed);
  const status = await checkStatus(credential, issuerId, options.now, options.resolve, loader);
  const dates = byJwt?.claims ? withJwtTimes(checkDates(credential, options.now), byJwt.claims, options.now) : checkDates(credential, options.now);
  const checks: Check[] = [schema, ...declared, signature, issuer, dates, status];
  return verdictOf(format, credential, checks);
}
