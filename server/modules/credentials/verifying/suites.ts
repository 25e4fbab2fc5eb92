// The signature suites a proof may use, built once per thread (each verification shares them; their only
// state is a cache keyed by the document object, safe to share), and the choice of one by the proof's
// type and cryptosuite. The Digital Bazaar libraries do the cryptography; this table says what each suite
// is in words (algorithm, curves, canonicalisation) so a reason can name it.
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as ecdsaJcs2019 from '@digitalbazaar/ecdsa-jcs-2019-cryptosuite';
import { cryptosuite as ecdsaRdfc2019 } from '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite';
import * as ecdsaSd2023 from '@digitalbazaar/ecdsa-sd-2023-cryptosuite';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import * as eddsaJcs2022 from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import type { JsonObject } from '../document-loader.js';
import type { Curve } from './public-keys.js';

/** The part of a jsonld-signatures suite that the proof verifier calls. */
export type LinkedDataSuite = {
  matchProof(o: { proof: JsonObject; document: JsonObject; documentLoader: unknown }): Promise<boolean>;
  verifyProof(o: { proof: JsonObject; document: JsonObject; purpose: unknown; proofSet: JsonObject[]; documentLoader: unknown }): Promise<{ verified: boolean; error?: unknown }>;
};

export type SuiteEntry = {
  /** The name reasons use: the cryptosuite, or the proof type for the older suites. */
  name: string;
  proofType: string;
  cryptosuite: string | null;
  algorithm: 'EdDSA' | 'ECDSA';
  curves: Curve[];
  /** JCS suites sign the proof exactly as written (no @context added to it). */
  jcs: boolean;
  /** A context the credential must carry for this suite (the older suites define their terms there). */
  context?: string;
  suite: LinkedDataSuite;
};

const ED25519_2020_CONTEXT = 'https://w3id.org/security/suites/ed25519-2020/v1';
const dataIntegrity = (cryptosuite: unknown) => new DataIntegrityProof({ cryptosuite }) as LinkedDataSuite;

const SUITES: SuiteEntry[] = [
  { name: 'eddsa-rdfc-2022', proofType: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', algorithm: 'EdDSA', curves: ['Ed25519'], jcs: false, suite: dataIntegrity(eddsaRdfc2022) },
  { name: 'eddsa-jcs-2022', proofType: 'DataIntegrityProof', cryptosuite: 'eddsa-jcs-2022', algorithm: 'EdDSA', curves: ['Ed25519'], jcs: true, suite: dataIntegrity(eddsaJcs2022.createVerifyCryptosuite()) },
  { name: 'ecdsa-rdfc-2019', proofType: 'DataIntegrityProof', cryptosuite: 'ecdsa-rdfc-2019', algorithm: 'ECDSA', curves: ['P-256', 'P-384'], jcs: false, suite: dataIntegrity(ecdsaRdfc2019) },
  { name: 'ecdsa-jcs-2019', proofType: 'DataIntegrityProof', cryptosuite: 'ecdsa-jcs-2019', algorithm: 'ECDSA', curves: ['P-256', 'P-384'], jcs: true, suite: dataIntegrity(ecdsaJcs2019.createVerifyCryptosuite()) },
  { name: 'ecdsa-sd-2023', proofType: 'DataIntegrityProof', cryptosuite: 'ecdsa-sd-2023', algorithm: 'ECDSA', curves: ['P-256'], jcs: false, suite: dataIntegrity(ecdsaSd2023.createVerifyCryptosuite()) },
  { name: 'Ed25519Signature2020', proofType: 'Ed25519Signature2020', cryptosuite: null, algorithm: 'EdDSA', curves: ['Ed25519'], jcs: false, context: ED25519_2020_CONTEXT, suite: new Ed25519Signature2020() as LinkedDataSuite },
];

/** The supported proofs, in words, for a reason that refuses another. */
export const SUPPORTED_PROOFS = `DataIntegrityProof with ${SUITES.filter((s) => s.cryptosuite)
  .map((s) => s.cryptosuite)
  .join(', ')
  .replace(/, ([^,]+)$/, ' or $1')}, and Ed25519Signature2020`;

const words = (x: unknown): string => (typeof x === 'string' ? `"${x}"` : JSON.stringify(x) ?? 'nothing');

/** The suite for a proof, or why there is none (naming what the proof says it is, and what is supported). */
export function suiteFor(proof: JsonObject): SuiteEntry | { refusal: string } {
  const { type, cryptosuite } = proof;
  const hit = SUITES.find((s) => s.proofType === type && (s.cryptosuite === null || s.cryptosuite === cryptosuite));
  if (hit) return hit;
  if (type === undefined) return { refusal: `has no type, so its suite is unknown; supported: ${SUPPORTED_PROOFS}` };
  if (type === 'DataIntegrityProof') {
    const what = cryptosuite === undefined ? 'names no cryptosuite' : `uses the cryptosuite ${words(cryptosuite)}, which is not checked here`;
    return { refusal: `is a DataIntegrityProof that ${what}; supported: ${SUPPORTED_PROOFS}` };
  }
  return { refusal: `is of type ${words(type)}, which is not checked here; supported: ${SUPPORTED_PROOFS}` };
}

/** The algorithm and curve in words: "ECDSA P-384 with SHA-384", "EdDSA Ed25519". */
export function algorithmWords(entry: SuiteEntry, curve: string): string {
  if (entry.algorithm === 'EdDSA') return `EdDSA ${curve}`;
  return `ECDSA ${curve} with ${curve === 'P-384' ? 'SHA-384' : 'SHA-256'}`;
}

/**
 * An ecdsa-sd-2023 proof is either the issuer's base proof (CBOR tag bytes d9 5d 00) or a holder's
 * derived one (d9 5d 01); only a derived proof is meant for verifiers.
 */
export function isSdBaseProof(proof: JsonObject): boolean {
  const value = proof['proofValue'];
  if (proof['cryptosuite'] !== 'ecdsa-sd-2023' || typeof value !== 'string' || !value.startsWith('u')) return false;
  const head = Buffer.from(value.slice(1, 9), 'base64url');
  return head[0] === 0xd9 && head[1] === 0x5d && head[2] === 0x00;
}
