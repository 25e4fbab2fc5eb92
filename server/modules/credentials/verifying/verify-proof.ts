// Checking who signed: a Data Integrity proof (through the reference libraries) or a VC-JWT
// (jose), each giving the verification method that signed and a reason when the check fails.
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { compactVerify, decodeProtectedHeader, importJWK } from 'jose';
import type { DocumentLoader, JsonObject } from '../document-loader.js';
import type { CheckDetails } from './checks.js';
import { type ProofReport, verifyProofSet } from './proof-set.js';

export type ProofOutcome = { ok: boolean; reason: string; method?: JsonObject; details?: CheckDetails; reports?: ProofReport[] };

/**
 * Verifies every Data Integrity proof of a credential (assertionMethod): the suites of suites.ts, a proof
 * set or chain checked whole. `method` is the key of the first proof, for the issuer and status checks.
 */
export async function verifyDataIntegrity(credential: JsonObject, documentLoader: DocumentLoader, options: { ownDid?: string } = {}): Promise<ProofOutcome> {
  const out = await verifyProofSet(credential, { documentLoader, term: 'assertionMethod', ownDid: options.ownDid });
  const method = out.ok ? out.reports[0]?.key?.method : undefined;
  return { ok: out.ok, reason: out.reason, ...(method ? { method } : {}), ...(out.details ? { details: out.details } : {}), reports: out.reports };
}

/** Verifies a compact VC-JWT (EdDSA) and returns its credential: the payload, or its `vc` claim (VC 1.1 style). */
export async function verifyJwt(jwt: string, documentLoader: DocumentLoader): Promise<ProofOutcome & { credential?: JsonObject }> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(jwt);
  } catch {
    return { ok: false, reason: 'Not a compact JWS: the input is neither a JSON credential nor a VC-JWT.' };
  }
  if (header.alg !== 'EdDSA' && header.alg !== 'Ed25519') return { ok: false, reason: `Unsupported JWT algorithm ${String(header.alg)}; only EdDSA (Ed25519) is checked.` };
  if (!header.kid) return { ok: false, reason: 'The JWT header names no key (kid).' };
  try {
    const method = (await documentLoader(header.kid)).document;
    const controller = String(method['controller'] ?? '');
    if (controller.startsWith('did:')) {
      const doc = (await documentLoader(controller)).document;
      const listed = ((doc['assertionMethod'] as unknown[]) ?? []).some((m) => (typeof m === 'string' ? m : (m as JsonObject)['id']) === header.kid);
      if (!listed) return { ok: false, reason: `The key ${header.kid} is not listed for assertions in ${controller} (never published there, or removed).` };
    }
    const pair = await Ed25519Multikey.from(method);
    const key = await importJWK(await Ed25519Multikey.toJwk({ keyPair: pair }), 'EdDSA');
    const { payload } = await compactVerify(jwt, key);
    const claims = JSON.parse(new TextDecoder().decode(payload)) as JsonObject;
    const credential = (claims['vc'] && typeof claims['vc'] === 'object' ? claims['vc'] : claims) as JsonObject;
    return { ok: true, reason: `Valid EdDSA JWT signature by ${header.kid}.`, method: { ...method, id: header.kid }, credential };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/signature verification failed/i.test(message)) return { ok: false, reason: 'The JWT signature does not match: the token was changed after it was signed, or signed with another key.' };
    return { ok: false, reason: `The signing key ${header.kid} could not be used: ${message}` };
  }
}
