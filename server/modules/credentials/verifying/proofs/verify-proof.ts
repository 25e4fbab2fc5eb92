// Checking who signed a Data Integrity credential (through the reference libraries; VC-JWTs are
// verify-jwt.ts's): the verification method that signed, and a reason when the check fails.
import type { DocumentLoader, JsonObject } from '../../document-loader.js';
import type { CheckDetails } from '../checks.js';
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
