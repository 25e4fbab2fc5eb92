// Checking who signed: a Data Integrity proof (through the reference libraries) or a VC-JWT
// (jose), each giving the verification method that signed and a reason when the check fails.
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import jsigs from 'jsonld-signatures';
import type { DocumentLoader, JsonObject } from '../document-loader.js';

export type ProofOutcome = { ok: boolean; reason: string; method?: JsonObject };

const suite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });

function explain(error: unknown, methodId: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const errors = (error as { errors?: unknown[] })?.errors;
  if (Array.isArray(errors) && errors[0]) return explain(errors[0], methodId);
  if (/Invalid signature/i.test(message)) return 'The signature does not match the contents: the credential was changed after it was signed, or signed with another key.';
  if (/not available offline|Unable to load|Document not available/i.test(message)) return `The signing key ${String(methodId)} could not be resolved: ${message}`;
  if (/not authorized by controller|not in the controller/i.test(message)) return `The key ${String(methodId)} is not listed for assertions in its controller's document (never published there, or removed).`;
  if (/No matching proofs/i.test(message)) return 'No supported proof: only DataIntegrityProof with eddsa-rdfc-2022 is checked.';
  return `The proof could not be verified: ${message}`;
}

/** Verifies the credential's Data Integrity proof (eddsa-rdfc-2022, assertionMethod). */
export async function verifyDataIntegrity(credential: JsonObject, documentLoader: DocumentLoader): Promise<ProofOutcome> {
  const proof = credential['proof'] as JsonObject | undefined;
  if (!proof || typeof proof !== 'object') return { ok: false, reason: 'The credential has no proof: it is not signed.' };
  const methodId = proof['verificationMethod'];
  try {
    const result = await jsigs.verify(credential, { suite, purpose: new jsigs.purposes.AssertionProofPurpose(), documentLoader });
    if (result.verified) {
      const method = result.results[0].verificationMethod as JsonObject;
      return { ok: true, reason: `Valid eddsa-rdfc-2022 signature by ${String(method['id'])}.`, method };
    }
    return { ok: false, reason: explain(result.error, methodId) };
  } catch (error) {
    return { ok: false, reason: explain(error, methodId) };
  }
}
