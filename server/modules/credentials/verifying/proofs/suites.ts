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
import { createDocumentLoader, type JsonObject, staticContext } from '../../document-loader.js';
import { ExpansionCache } from '../../issuing/expansion-cache.js';
import { type Curve, decodeMultikey } from './public-keys.js';

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

// A suite's verifier is made from the key by importing it (a few hundred microseconds for an EC key) and
// holds nothing else: kept per key material, so a key seen again is not imported again.
type Cryptosuite = { createVerifier: (o: { verificationMethod: JsonObject }) => Promise<unknown> };
const MAX_VERIFIERS = 1000;
const verifiers = new Map<string, Promise<unknown>>();
function withKeptVerifiers<T extends Cryptosuite>(cryptosuite: T): T {
  const create = cryptosuite.createVerifier;
  const createVerifier = ({ verificationMethod: m }: { verificationMethod: JsonObject }) => {
    const material = m['publicKeyMultibase'] ?? m['publicKeyJwk'] ?? m['publicKeyBase58'];
    if (material === undefined) return create({ verificationMethod: m });
    const key = `${String(m['type'])} ${JSON.stringify(material)}`;
    let verifier = verifiers.get(key);
    if (!verifier) {
      verifier = create({ verificationMethod: m });
      verifier.catch(() => verifiers.delete(key));
      verifiers.set(key, verifier);
      if (verifiers.size > MAX_VERIFIERS) verifiers.delete(verifiers.keys().next().value!);
    }
    return verifier;
  };
  return { ...cryptosuite, createVerifier };
}
const dataIntegrity = (cryptosuite: Cryptosuite) => new DataIntegrityProof({ cryptosuite: withKeptVerifiers(cryptosuite) }) as LinkedDataSuite;

// Canonicalising starts with JSON-LD expansion, most of whose time goes into copying active contexts;
// credentials of one issuer share their shape (ExpansionCache: the JSON with every string value taken
// out), so a shape is expanded once and each document's values are put back. Only for documents whose
// every @context is a bundled one named by URL: an inline context could define a prefix the cache does
// not know of, and then its expansion would differ from the real one. The cache expands with bundled
// contexts only; anything else is canonicalised in full by the suite with the request's loader. A
// proof's proofPurpose stays in the shape: it expands as a vocabulary term, not as itself.
const shapes = new ExpansionCache(createDocumentLoader(), 512, ['proofPurpose']);

function onlyBundledContexts(node: unknown): boolean {
  if (Array.isArray(node)) return node.every(onlyBundledContexts);
  if (!node || typeof node !== 'object') return true;
  for (const [k, v] of Object.entries(node)) {
    if (k === '@context') {
      const list = Array.isArray(v) ? v : [v];
      if (!list.every((c) => typeof c === 'string' && staticContext(c) !== undefined)) return false;
    } else if (!onlyBundledContexts(v)) return false;
  }
  return true;
}

type Canonize = (input: JsonObject, options: JsonObject) => Promise<string>;
function withShapeCache<T extends { canonize: Canonize }>(cryptosuite: T): T {
  const canonize: Canonize = async (input, options) => {
    if (options['skipExpansion'] || !onlyBundledContexts(input)) return cryptosuite.canonize(input, options);
    const expanded = await shapes.expand(input);
    return expanded ? cryptosuite.canonize(expanded as never, { ...options, skipExpansion: true }) : cryptosuite.canonize(input, options);
  };
  return { ...cryptosuite, canonize };
}

/** The curve of a method's key from its encoding alone (no import), or undefined. */
function curveOf(m: JsonObject | undefined): string | undefined {
  const jwk = m?.['publicKeyJwk'] as { crv?: unknown } | undefined;
  if (jwk && typeof jwk.crv === 'string') return jwk.crv;
  const mb = m?.['publicKeyMultibase'];
  if (typeof mb !== 'string') return undefined;
  try {
    return decodeMultikey(mb).curve;
  } catch {
    return undefined;
  }
}

/**
 * The ECDSA suites choose their hash (SHA-256 for P-256, SHA-384 for P-384) by importing the key once more
 * just to read its curve. Given the curve the way the library takes it when signing (the suite's
 * signer.algorithm), they skip that import; the verifier still imports the key and checks the signature.
 */
type VerifyDataSuite = Cryptosuite & { createVerifyData: (o: { verificationMethod?: JsonObject; dataIntegrityProof: object }) => Promise<unknown> };
function withCurveFromKey<T extends VerifyDataSuite>(cryptosuite: T): T {
  const create = cryptosuite.createVerifyData;
  const createVerifyData = (o: Parameters<T['createVerifyData']>[0]) => {
    const curve = curveOf(o.verificationMethod);
    if (curve !== 'P-256' && curve !== 'P-384') return create(o);
    const dataIntegrityProof = Object.create(o.dataIntegrityProof, { signer: { value: { algorithm: curve } } });
    return create({ ...o, verificationMethod: undefined, dataIntegrityProof });
  };
  return { ...cryptosuite, createVerifyData };
}

const SUITES: SuiteEntry[] = [
  { name: 'eddsa-rdfc-2022', proofType: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', algorithm: 'EdDSA', curves: ['Ed25519'], jcs: false, suite: dataIntegrity(withShapeCache(eddsaRdfc2022)) },
  { name: 'eddsa-jcs-2022', proofType: 'DataIntegrityProof', cryptosuite: 'eddsa-jcs-2022', algorithm: 'EdDSA', curves: ['Ed25519'], jcs: true, suite: dataIntegrity(eddsaJcs2022.createVerifyCryptosuite()) },
  { name: 'ecdsa-rdfc-2019', proofType: 'DataIntegrityProof', cryptosuite: 'ecdsa-rdfc-2019', algorithm: 'ECDSA', curves: ['P-256', 'P-384'], jcs: false, suite: dataIntegrity(withShapeCache(withCurveFromKey(ecdsaRdfc2019))) },
  { name: 'ecdsa-jcs-2019', proofType: 'DataIntegrityProof', cryptosuite: 'ecdsa-jcs-2019', algorithm: 'ECDSA', curves: ['P-256', 'P-384'], jcs: true, suite: dataIntegrity(withCurveFromKey(ecdsaJcs2019.createVerifyCryptosuite())) },
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
