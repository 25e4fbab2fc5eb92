// Checking who signed: a Data Integrity proof (through the reference libraries) or a VC-JWT
// (jose), each giving the verification method that signed and a reason when the check fails.
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { compactVerify, decodeProtectedHeader, importJWK } from 'jose';
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
