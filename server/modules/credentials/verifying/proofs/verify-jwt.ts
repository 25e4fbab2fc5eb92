// Checking a VC-JWT (VC-JOSE-COSE): the VC 2.0 form, whose payload is the credential (typ vc+jwt), and
// the Open Badges 3.0 / VC 1.1 form, whose claims carry it in `vc` beside iss, sub, jti, nbf and exp.
// Signatures are checked with jose (EdDSA, ES256, ES384, RS256, PS256) and node:crypto for ES256K, which
// jose 6 no longer offers; the algorithm must fit the key (curve or RSA), so no key is used for another
// algorithm than its own. The reasons name the form, the key, where the key came from, the algorithm and curve.
import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { compactVerify, importJWK } from 'jose';
import type { DocumentLoader, JsonObject } from '../../document-loader.js';
import type { Check, CheckDetails } from '../checks.js';
import { type JwtKey, KeyProblem, keysForJwt, unboundKeyIssuer } from './jwt-keys.js';
import { keyWords, type PublicJwk } from './public-keys.js';
import { asArray, idOf } from '../json.js';

export type JwtClaims = { iss?: unknown; sub?: unknown; jti?: unknown; nbf?: unknown; exp?: unknown; iat?: unknown };
export type JwtOutcome = {
  ok: boolean;
  reason: string;
  /** The verification method that signed (its controller is compared with the issuer). */
  method?: JsonObject;
  /** The credential the token carries, when its payload could be read (also when the signature fails). */
  credential?: JsonObject;
  details?: CheckDetails;
  /** The token's time claims, for the dates check (withJwtTimes). */
  claims?: JwtClaims;
  /** The issuer check, when it is not the plain "the key's controller is the issuer" (a key with no controller: embedded, or a bare JWK). */
  issuer?: Check;
};

// What each algorithm needs of its key: a key type, and for curves the curve.
const ALGORITHMS: Record<string, { kty: string; crv?: string }> = {
  EdDSA: { kty: 'OKP', crv: 'Ed25519' },
  Ed25519: { kty: 'OKP', crv: 'Ed25519' },
  ES256: { kty: 'EC', crv: 'P-256' },
  ES384: { kty: 'EC', crv: 'P-384' },
  ES256K: { kty: 'EC', crv: 'secp256k1' },
  RS256: { kty: 'RSA' },
  PS256: { kty: 'RSA' },
};
const CHECKED = 'EdDSA, ES256, ES384, ES256K, RS256 and PS256';
const TYPES = ['vc+jwt', 'vc-ld+jwt', 'vc+ld+jwt', 'vc+ld+json+jwt', 'jwt'];
const FORMS = {
  'vc+jwt': 'VC-JWT (VC 2.0 application/vc+jwt form)',
  'vc-claim': 'VC-JWT (OB 3.0 / VC 1.1 form, claims vc)',
} as const;
type Form = keyof typeof FORMS;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
const isObject = (x: unknown): x is JsonObject => typeof x === 'object' && x !== null && !Array.isArray(x);
/** Seconds since the epoch as an ISO date, to the second. */
export const timeWords = (s: number) => new Date(s * 1000).toISOString().replace('.000Z', 'Z');

function decodePart(part: string): JsonObject | undefined {
  try {
    const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Why this algorithm cannot be used with this key, or null when it fits. */
export function keyMismatch(alg: string, jwk: PublicJwk, keyId: string): string | null {
  const need = ALGORITHMS[alg]!;
  const needs = need.crv ?? 'an RSA key';
  if (jwk.kty !== need.kty || (need.crv && jwk.crv !== need.crv)) return `The header's algorithm ${alg} needs ${need.crv ? `a ${need.crv} key` : needs}, but the key ${keyId} is ${keyWords(jwk)}: refused, as a key is only used with its own algorithm.`;
  if (jwk.alg && jwk.alg !== alg && !(alg === 'Ed25519' && jwk.alg === 'EdDSA') && !(alg === 'EdDSA' && jwk.alg === 'Ed25519')) return `The key ${keyId} is published for ${jwk.alg} only, not for the header's ${alg}.`;
  if (jwk.kty === 'RSA' && Buffer.from(jwk.n ?? '', 'base64url').length * 8 < 2048) return `The key ${keyId} is ${keyWords(jwk)}; RSA keys shorter than 2048 bits are refused.`;
  return null;
}

/** Whether the signature holds for this key; throws when the key cannot be used at all. */
async function signatureHolds(jwt: string, alg: string, jwk: PublicJwk): Promise<boolean> {
  if (alg === 'ES256K') {
    const [h, p, s] = jwt.split('.') as [string, string, string];
    const key = createPublicKey({ key: jwk as never, format: 'jwk' });
    return nodeVerify('sha256', Buffer.from(`${h}.${p}`, 'ascii'), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(s, 'base64url'));
  }
  try {
    await compactVerify(jwt, await importJWK(jwk as Parameters<typeof importJWK>[0], alg), { algorithms: [alg] });
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') return false;
    throw error;
  }
}

/** The credential a payload carries, by form; the VC 1.1 form's claims fill what its `vc` leaves out (VC 1.1, JWT decoding). */
function credentialOf(claims: JsonObject): { form: Form; credential: JsonObject } {
  if (!isObject(claims['vc'])) return { form: 'vc+jwt', credential: claims };
  const vc = structuredClone(claims['vc']);
  const v2 = asArray(vc['@context'])[0] === 'https://www.w3.org/ns/credentials/v2';
  if (vc['issuer'] === undefined && typeof claims['iss'] === 'string') vc['issuer'] = claims['iss'];
  if (vc['id'] === undefined && typeof claims['jti'] === 'string') vc['id'] = claims['jti'];
  const subject = vc['credentialSubject'];
  if (isObject(subject) && subject['id'] === undefined && typeof claims['sub'] === 'string') vc['credentialSubject'] = { ...subject, id: claims['sub'] };
  const [from, until] = v2 ? ['validFrom', 'validUntil'] : ['issuanceDate', 'expirationDate'];
  if (vc[from] === undefined && typeof claims['nbf'] === 'number') vc[from] = timeWords(claims['nbf']);
  if (vc[until] === undefined && typeof claims['exp'] === 'number') vc[until] = timeWords(claims['exp']);
  return { form: 'vc-claim', credential: vc };
}

/** Where the token's registered claims disagree with the credential it carries. */
function claimDisagreements(claims: JsonObject, credential: JsonObject): string[] {
  const out: string[] = [];
  const issuer = idOf(credential['issuer']);
  if (claims['iss'] !== undefined && claims['iss'] !== issuer) out.push(`iss ${String(claims['iss'])} is not the credential's issuer ${issuer ?? '(none)'}`);
  if (claims['jti'] !== undefined && credential['id'] !== undefined && claims['jti'] !== credential['id']) out.push(`jti ${String(claims['jti'])} is not the credential's id ${String(credential['id'])}`);
  const subjects = asArray(credential['credentialSubject']);
  const subjectId = subjects.length === 1 ? idOf(subjects[0]) : undefined;
  if (claims['sub'] !== undefined && subjectId !== undefined && claims['sub'] !== subjectId) out.push(`sub ${String(claims['sub'])} is not credentialSubject.id ${subjectId}`);
  return out;
}

/** Verifies a compact VC-JWT and returns its credential, with the key that signed and where it came from. */
export async function verifyJwt(jwt: string, loader: DocumentLoader): Promise<JwtOutcome> {
  const parts = /^([\w-]+)\.([\w-]+)\.([\w-]*)$/.exec(jwt);
  const header = parts ? decodePart(parts[1]!) : undefined;
  if (!parts && /^[\w-]+\.[\w-]+\.[\w-]*~/.test(jwt)) return { ok: false, reason: 'An SD-JWT (a JWT with selective disclosures after ~): SD-JWT credentials are not checked here; a VC-JWT or a JSON credential is.' };
  if (!parts || !header) return { ok: false, reason: 'Not a compact JWS: the input is neither a JSON credential nor a VC-JWT.' };
  const claims = decodePart(parts[2]!);
  if (!claims) return { ok: false, reason: 'The VC-JWT\'s payload is not a JSON object, so it carries no credential.' };
  const { form, credential } = credentialOf(claims);
  const times: JwtClaims = { nbf: claims['nbf'], exp: claims['exp'], iat: claims['iat'] };
  const read = { credential, claims: times };
  const alg = String(header['alg']);
  const kid = typeof header['kid'] === 'string' ? header['kid'] : null;
  const details = (key: JwtKey | undefined): CheckDetails => ({ alg, key: key?.id ?? kid, keySource: key?.source ?? null, form, ...(key ? { curve: keyWords(key.jwk) } : {}) });
  const refuse = (reason: string, key?: JwtKey): JwtOutcome => ({ ok: false, reason: `${FORMS[form]}: ${reason}`, details: details(key), ...read });

  if (typeof header['alg'] !== 'string') return refuse('the header names no algorithm (alg), so the signature cannot be checked.');
  if (alg.toLowerCase() === 'none') return refuse('an unsecured JWT (alg none) carries no signature, so nothing shows who made it.');
  if (/^HS\d+$/.test(alg)) return refuse(`${alg} is a shared-secret (HMAC) algorithm: anyone able to check it can forge it, so it cannot show who issued a credential.`);
  if (!ALGORITHMS[alg]) return refuse(`the algorithm ${alg} is not checked here; ${CHECKED} are.`);
  if (header['crit'] !== undefined) return refuse(`the header marks extensions as critical (crit: ${asArray(header['crit']).map(String).join(', ')}), which are not understood here.`);
  const typ = typeof header['typ'] === 'string' ? header['typ'].toLowerCase().replace(/^application\//, '') : undefined;
  if (typ !== undefined && !TYPES.includes(typ)) return refuse(`the header's typ ${String(header['typ'])} is not a credential's (vc+jwt, or JWT for the OB 3.0 form).`);

  const issuerId = idOf(credential['issuer']) ?? (typeof claims['iss'] === 'string' ? claims['iss'] : undefined);
  let keys: JwtKey[];
  try {
    keys = await keysForJwt(header, issuerId, loader);
  } catch (error) {
    if (error instanceof KeyProblem) return refuse(error.message);
    throw error;
  }
  const fitting = keys.filter((k) => keyMismatch(alg, k.jwk, k.id) === null);
  if (!fitting.length) {
    if (keys.length === 1) return refuse(keyMismatch(alg, keys[0]!.jwk, keys[0]!.id)!, keys[0]);
    return refuse(`none of the ${keys.length} keys found fits the header's algorithm ${alg} (they are ${keys.map((k) => keyWords(k.jwk)).join(', ')}).`);
  }
  let signer: JwtKey | undefined;
  for (const key of fitting) {
    try {
      if (await signatureHolds(jwt, alg, key.jwk)) {
        signer = key;
        break;
      }
    } catch (error) {
      return refuse(`the key ${key.id} (${key.words}) could not be used: ${message(error)}`, key);
    }
  }
  const tried = fitting.length === 1 ? `the key ${fitting[0]!.id} (${fitting[0]!.words})` : `any of the ${fitting.length} keys found (${fitting.map((k) => k.id).join(', ')})`;
  if (!signer) return refuse(`the ${alg} signature does not match ${tried}: the token was changed after it was signed, or signed with another key.`, fitting.length === 1 ? fitting[0] : undefined);

  const valid = `valid ${alg} signature (${keyWords(signer.jwk)}) by ${signer.id}, a key ${signer.words}`;
  const disagreements = claimDisagreements(claims, credential);
  if (disagreements.length) return refuse(`${valid}, but the token's claims disagree with the credential it carries: ${disagreements.join('; ')}.`, signer);
  const issuer = signer.method ? undefined : await unboundKeyIssuer(signer, issuerId ?? '', loader);
  return { ok: true, reason: `${FORMS[form]}: ${valid}.`, method: signer.method, details: details(signer), ...read, ...(issuer ? { issuer } : {}) };
}

/** The dates check with the token's nbf, exp and iat added: each against the verifier's clock, in words. */
export function withJwtTimes(dates: Check, claims: JwtClaims, now: Date): Check {
  const at = now.getTime() / 1000;
  const clock = `the verifier's clock says ${timeWords(Math.floor(at))}`;
  const problems: Array<[string, string]> = [];
  const held: string[] = [];
  for (const name of ['nbf', 'exp', 'iat'] as const) {
    const t = claims[name];
    if (t === undefined) continue;
    if (typeof t !== 'number' || !Number.isFinite(t)) {
      problems.push(['Not valid', `the token's ${name} is not a time in seconds (${JSON.stringify(t)})`]);
      continue;
    }
    if (name === 'nbf' && t > at) problems.push(['Not yet valid', `the token is not valid before ${timeWords(t)} (nbf)`]);
    else if (name === 'exp' && t <= at) problems.push(['Expired', `the token expired at ${timeWords(t)} (exp)`]);
    else if (name === 'iat' && t > at) problems.push(['Not valid', `the token says it was issued at ${timeWords(t)} (iat), which is in the future`]);
    else held.push(`${name} ${timeWords(t)}`);
  }
  if (problems.length) {
    const prior = dates.ok ? '' : `${dates.reason} `;
    return { check: 'dates', ok: false, reason: `${prior}${problems[0]![0]}: ${problems.map((p) => p[1]).join('; ')}; ${clock}.` };
  }
  if (!held.length || !dates.ok) return dates;
  return { ...dates, reason: `${dates.reason} The token's ${held.join(', ')} hold at the verifier's clock.` };
}

/** The VC-JWT an EnvelopedVerifiableCredential carries (VC 2.0: its id is data:application/vc+jwt,<token>), or undefined. */
export function envelopedJwt(input: JsonObject): string | undefined {
  if (!asArray(input['type']).includes('EnvelopedVerifiableCredential') || typeof input['id'] !== 'string') return undefined;
  const data = /^data:application\/(?:vc\+jwt|vc-ld\+jwt|vc\+ld\+jwt|jwt)(?:;[^,]*)?,([\s\S]*)$/.exec(input['id']);
  return data ? data[1]!.trim() : undefined;
}
