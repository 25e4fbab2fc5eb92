// A verdict for any VC 2.0 / Open Badges 3.0 credential, given as JSON (Data Integrity proof) or as
// a VC-JWT: every check (schema, signature, issuer, dates, status) with a reason a person can read.
import { createDocumentLoader, type JsonObject, OB_V3_CONTEXT, type Resolver } from '../document-loader.js';
import { verifyDataIntegrity, verifyJwt } from './verify-proof.js';
import { credentialProblems, describeProblems } from './vc-model.rules.js';
import { checkStatus } from './verify-status.js';

import { type Check, type CheckName, overallOutcome, type SettledCheck, settle } from './checks.js';
import type { CheckOutcome } from '../../../../contracts/verification.js';

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
  /** Resolves did:web documents, https keys and status list credentials; nothing is fetched otherwise. */
  resolve?: Resolver;
};

const VC_CONTEXTS = ['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/2018/credentials/v1'];
const OB_TYPES = ['OpenBadgeCredential', 'AchievementCredential'];
const asArray = (x: unknown): unknown[] => (x === undefined || x === null ? [] : Array.isArray(x) ? x : [x]);
const idOf = (x: unknown): string | undefined => (typeof x === 'string' ? x : typeof (x as JsonObject)?.['id'] === 'string' ? ((x as JsonObject)['id'] as string) : undefined);
const isDate = (x: unknown) => typeof x === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(x) && !Number.isNaN(Date.parse(x));

/** Structural checks of the VC data model and, for badges, of Open Badges 3.0. */
export function schemaProblems(c: JsonObject): string[] {
  const problems: string[] = [];
  const contexts = asArray(c['@context']);
  const types = asArray(c['type']);
  const v2 = contexts[0] === VC_CONTEXTS[0];
  if (!VC_CONTEXTS.includes(contexts[0] as string)) problems.push('the first @context is not a Verifiable Credentials context');
  if (!types.includes('VerifiableCredential')) problems.push('type does not include VerifiableCredential');
  if (!idOf(c['issuer'])) problems.push('issuer has no id');
  if (!c['credentialSubject'] || typeof c['credentialSubject'] !== 'object') problems.push('credentialSubject is missing');
  if (v2 ? c['validFrom'] !== undefined && !isDate(c['validFrom']) : !isDate(c['issuanceDate'])) problems.push(v2 ? 'validFrom is not a date-time' : 'issuanceDate is missing or not a date-time');
  if (types.some((t) => OB_TYPES.includes(t as string))) {
    if (!contexts.some((x) => typeof x === 'string' && x.startsWith('https://purl.imsglobal.org/spec/ob/v3p0/context'))) problems.push(`the Open Badges context (${OB_V3_CONTEXT}) is missing`);
    const subject = asArray(c['credentialSubject'])[0] as JsonObject | undefined;
    const a = subject?.['achievement'] as JsonObject | undefined;
    if (!a) problems.push('credentialSubject.achievement is missing');
    else {
      if (!idOf(a)) problems.push('the achievement has no id');
      if (typeof a['name'] !== 'string') problems.push('the achievement has no name');
      if (!asArray(a['type']).includes('Achievement')) problems.push('the achievement type does not include Achievement');
      if (!a['criteria']) problems.push('the achievement has no criteria');
    }
    if (subject && !subject['id'] && !asArray(subject['identifier']).length) problems.push('the subject has neither an id nor an identifier');
  }
  return problems;
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
  const format = typeof input === 'string' ? 'vc-jwt' : 'data-integrity';
  let credential: JsonObject | null = null;
  let signature: Check;
  let method: JsonObject | undefined;
  if (typeof input === 'string') {
    const out = await verifyJwt(input.trim(), loader);
    credential = out.credential ?? null;
    signature = { check: 'signature', ok: out.ok, reason: out.reason };
    method = out.method;
  } else {
    credential = input;
    const out = await verifyDataIntegrity(input, loader);
    signature = { check: 'signature', ok: out.ok, reason: out.reason };
    method = out.method;
  }
  if (!credential) {
    const skipped = (check: CheckName): Check => ({ check, ok: false, reason: 'Not checked: the credential could not be read.' });
    return verdictOf(format, credential, [skipped('schema'), signature, skipped('issuer'), skipped('dates'), skipped('status')]);
  }
  const problems = schemaProblems(credential);
  const badge = asArray(credential['type']).some((t) => OB_TYPES.includes(t as string));
  const schema: Check = problems.length
    ? { check: 'schema', ok: false, reason: `Not a well-formed credential: ${problems.join('; ')}.` }
    : { check: 'schema', ok: true, reason: badge ? 'Well-formed Verifiable Credential and Open Badges 3.0 achievement credential.' : 'Well-formed Verifiable Credential.' };
  const issuerId = idOf(credential['issuer']) ?? '';
  const controller = method?.['controller'];
  const issuer: Check = !method
    ? { check: 'issuer', ok: false, reason: 'Not checked: no valid signature names a key.' }
    : controller === issuerId
      ? { check: 'issuer', ok: true, reason: `Signed with a key of the issuer ${issuerId}.` }
      : { check: 'issuer', ok: false, reason: `Signed with a key of ${String(controller)}, not of the issuer ${issuerId}.` };
  const status = await checkStatus(credential, issuerId, options.now, options.resolve, loader);
  const checks: Check[] = [schema, signature, issuer, checkDates(credential, options.now), status];
  return verdictOf(format, credential, checks);
}

/** The verdict with the VC 2.0 data model's MUSTs added to the schema check (for VC 2.0 credentials). */
export function withModelChecks(v: Verdict): Verdict {
  const c = v.credential;
  if (!c || asArray(c['@context'])[0] !== 'https://www.w3.org/ns/credentials/v2') return v;
  const problems = credentialProblems(c);
  if (!problems.length) return v;
  const checks = v.checks.map((x): Check => {
    if (x.check !== 'schema') return x;
    const prior = x.ok ? '' : `${x.reason} `;
    return { check: 'schema', ok: false, reason: `${prior}Breaks the VC 2.0 data model: ${describeProblems(problems)}.` };
  });
  return verdictOf(v.format, v.credential, checks);
}
