// Securing a credential: a Data Integrity proof (eddsa-rdfc-2022) through the reference library,
// and the same credential as a VC-JWT (VC-JOSE-COSE: the payload is the credential itself).
import { sign } from 'node:crypto';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { CompactSign } from 'jose';
import type { DocumentLoader, JsonObject } from '../document-loader.js';
import type { SigningKey } from './keys.js';

/** The signer interface the Data Integrity suite expects, over a loaded key. */
export function suiteSigner(key: SigningKey) {
  return {
    id: key.id,
    algorithm: 'Ed25519',
    sign: async ({ data }: { data: Uint8Array }) => sign(null, data, key.keyObject),
  };
}

/** Adds a Data Integrity proof (eddsa-rdfc-2022, assertionMethod) dated `created`. */
export async function signCredential(credential: JsonObject, key: SigningKey, options: { documentLoader: DocumentLoader; created: Date }): Promise<JsonObject> {
  const suite = new DataIntegrityProof({ signer: suiteSigner(key), date: options.created, cryptosuite: eddsaRdfc2022 });
  // vc.issue checks the credential (context, type, issuer, dates) before signing a copy.
  return vc.issue({ credential: structuredClone(credential), suite, documentLoader: options.documentLoader, now: options.created });
}

/** The credential (without any proof) as a compact JWS, header typ "vc+jwt", signed with EdDSA. */
export async function signJwt(credential: JsonObject, key: SigningKey): Promise<string> {
  const { proof: _proof, ...payload } = credential;
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'EdDSA', kid: key.id, typ: 'vc+jwt', cty: 'vc' })
    .sign(key.keyObject);
}
