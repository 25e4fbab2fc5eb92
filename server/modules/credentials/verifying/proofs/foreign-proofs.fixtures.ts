// Test fixtures: credentials of other issuers signed the way they sign them, with the same Digital Bazaar
// libraries, keys made in the test, in every suite and with keys published as did:key (with or without a
// fragment), did:jwk, or a document at a web address (Multikey, JsonWebKey, JsonWebKey2020,
// Ed25519VerificationKey2020) served by an injected resolver.
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import * as ecdsaJcs2019 from '@digitalbazaar/ecdsa-jcs-2019-cryptosuite';
import { cryptosuite as ecdsaRdfc2019 } from '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite';
import * as ecdsaSd2023 from '@digitalbazaar/ecdsa-sd-2023-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import * as eddsaJcs2022 from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import jsigs from 'jsonld-signatures';
import { createDocumentLoader, type JsonObject, MULTIKEY_CONTEXT } from '../../document-loader.js';

export type SuiteName = 'eddsa-rdfc-2022' | 'eddsa-jcs-2022' | 'ecdsa-rdfc-2019' | 'ecdsa-jcs-2019' | 'ecdsa-sd-2023' | 'Ed25519Signature2020';
export type CurveName = 'Ed25519' | 'P-256' | 'P-384';
/** Where the verifier finds the key: computed from a DID, or fetched from a web address as a method of that type. */
export type Placement = 'did:key' | 'did:key bare' | 'did:jwk' | 'https Multikey' | 'https JsonWebKey' | 'https JsonWebKey2020' | 'https Ed25519VerificationKey2020';

export const WEB_ISSUER = 'https://issuer.example/issuer';
const loader = createDocumentLoader();

/** A key pair from the Multikey libraries: `signer()` signs as `id`. */
export type TestKey = { id: string; controller: string; curve: CurveName; publicKeyMultibase: string; signer: () => { id: string; algorithm: string; sign: (o: { data: Uint8Array }) => Promise<Uint8Array> }; jwk: JsonObject; method: JsonObject };

/** Documents a resolver answers with (a web issuer's keys and controller document), by URL. */
export class WebDocs {
  readonly docs = new Map<string, JsonObject>();
  readonly unreachable = new Map<string, string>();
  resolve = async (url: string): Promise<JsonObject | null> => {
    const why = this.unreachable.get(url);
    if (why) throw new Error(`Unable to load ${url}: ${why}`);
    return this.docs.get(url) ?? null;
  };
  /** Publishes the web issuer's controller document, listing these keys for assertions and authentication. */
  publishIssuer(keyIds: string[], issuer = WEB_ISSUER) {
    this.docs.set(issuer, { '@context': ['https://www.w3.org/ns/did/v1', MULTIKEY_CONTEXT], id: issuer, assertionMethod: keyIds, authentication: keyIds });
  }
}

let counter = 0;
export async function makeKey(curve: CurveName, placement: Placement, web?: WebDocs): Promise<TestKey> {
  const pair = curve === 'Ed25519' ? await Ed25519Multikey.generate() : await EcdsaMultikey.generate({ curve });
  const mb = pair.publicKeyMultibase as string;
  const { key_ops: _ops, ext: _ext, ...jwk } = (curve === 'Ed25519' ? await Ed25519Multikey.toJwk({ keyPair: pair }) : await EcdsaMultikey.toJwk({ keyPair: pair })) as JsonObject;
  let id: string;
  let controller: string;
  if (placement === 'did:key' || placement === 'did:key bare') {
    controller = `did:key:${mb}`;
    id = placement === 'did:key' ? `${controller}#${mb}` : controller;
  } else if (placement === 'did:jwk') {
    controller = `did:jwk:${Buffer.from(JSON.stringify(jwk)).toString('base64url')}`;
    id = `${controller}#0`;
  } else {
    controller = WEB_ISSUER;
    id = `https://issuer.example/keys/${++counter}`;
  }
  const type = placement.startsWith('https ') ? placement.slice('https '.length) : 'Multikey';
  const method: JsonObject =
    type === 'JsonWebKey' || type === 'JsonWebKey2020'
      ? { '@context': type === 'JsonWebKey2020' ? 'https://w3id.org/security/suites/jws-2020/v1' : 'https://w3id.org/security/jwk/v1', id, type, controller, publicKeyJwk: jwk }
      : { '@context': type === 'Multikey' ? MULTIKEY_CONTEXT : 'https://w3id.org/security/suites/ed25519-2020/v1', id, type, controller, publicKeyMultibase: mb };
  if (web && placement.startsWith('https ')) web.docs.set(id, method);
  pair.id = id;
  pair.controller = controller;
  return { id, controller, curve, publicKeyMultibase: mb, signer: () => pair.signer(), jwk, method };
}

/** A signing suite of a foreign issuer's library. */
function signingSuite(suite: SuiteName, signer: ReturnType<TestKey['signer']>, mandatoryPointers: string[]) {
  switch (suite) {
    case 'eddsa-rdfc-2022':
      return new DataIntegrityProof({ signer, cryptosuite: eddsaRdfc2022 });
    case 'eddsa-jcs-2022':
      return new DataIntegrityProof({ signer, cryptosuite: eddsaJcs2022.createSignCryptosuite() });
    case 'ecdsa-rdfc-2019':
      return new DataIntegrityProof({ signer, cryptosuite: ecdsaRdfc2019 });
    case 'ecdsa-jcs-2019':
      return new DataIntegrityProof({ signer, cryptosuite: ecdsaJcs2019.createSignCryptosuite() });
    case 'ecdsa-sd-2023':
      return new DataIntegrityProof({ signer, cryptosuite: ecdsaSd2023.createSignCryptosuite({ mandatoryPointers }) });
    case 'Ed25519Signature2020':
      return new Ed25519Signature2020({ signer });
  }
}

export type SignOptions = {
  purpose?: 'assertionMethod' | 'authentication';
  challenge?: string;
  domain?: string;
  /** Sign as this key id with the key's secret: a proof that names another key than the one that signed. */
  claimId?: string;
  /** Extra proof properties (an id, previousProof). */
  proof?: JsonObject;
  /** ecdsa-sd-2023: what the holder may never leave out. */
  mandatoryPointers?: string[];
};

function purposeOf(o: SignOptions) {
  if (o.purpose === 'authentication') return new jsigs.purposes.AuthenticationProofPurpose({ challenge: o.challenge ?? 'none', domain: o.domain });
  return new jsigs.purposes.AssertionProofPurpose();
}

/** Adds a proof in `suite` by `key` (a proof set when the document has proofs already). */
export async function signWith(document: JsonObject, suite: SuiteName, key: TestKey, o: SignOptions = {}): Promise<JsonObject> {
  const signer = { ...key.signer(), ...(o.claimId ? { id: o.claimId } : {}) };
  const s = signingSuite(suite, signer, o.mandatoryPointers ?? ['/issuer']) as { proof?: JsonObject };
  if (o.proof) s.proof = o.proof;
  return jsigs.sign(structuredClone(document), { suite: s, purpose: purposeOf(o), documentLoader: loader });
}

/**
 * Adds a proof that follows the document's proof `previousId` (a chain): it signs the document together
 * with that proof, as VC Data Integrity's "Add Proof Set/Chain" does.
 */
export async function chainWith(document: JsonObject, suite: SuiteName, key: TestKey, id: string, previousId: string): Promise<JsonObject> {
  const proofs = (Array.isArray(document['proof']) ? document['proof'] : [document['proof']]) as JsonObject[];
  const previous = proofs.filter((p) => p['id'] === previousId);
  const s = signingSuite(suite, key.signer(), ['/issuer']) as unknown as { proof?: JsonObject; createProof: (o: unknown) => Promise<JsonObject> };
  s.proof = { id, previousProof: previousId };
  const { proof: _p, ...unsecured } = structuredClone(document);
  const proof = await s.createProof({ document: { ...unsecured, proof: previous }, purpose: new jsigs.purposes.AssertionProofPurpose(), proofSet: proofs, documentLoader: loader });
  return { ...structuredClone(document), proof: [...proofs, proof] };
}

/** The holder's selective disclosure of an ecdsa-sd-2023 base credential: only `selectivePointers` besides the mandatory ones. */
export async function deriveSd(base: JsonObject, selectivePointers: string[]): Promise<JsonObject> {
  const suite = new DataIntegrityProof({ cryptosuite: ecdsaSd2023.createDiscloseCryptosuite({ selectivePointers }) });
  return jsigs.derive(structuredClone(base), { suite, purpose: new jsigs.purposes.AssertionProofPurpose(), documentLoader: loader });
}

/** A VC 1.1 Open Badges 3.0 credential, for the older Ed25519Signature2020 suite. */
export function vc11Badge(issuer: string): JsonObject {
  return {
    '@context': ['https://www.w3.org/2018/credentials/v1', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json', 'https://w3id.org/security/suites/ed25519-2020/v1'],
    id: 'urn:uuid:6a1e0c2e-7f3b-4c1d-9a55-0c9b2f1e3d4a',
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: issuer, type: ['Profile'], name: 'Example Institute' },
    issuanceDate: '2026-01-01T00:00:00Z',
    name: 'Data Steward',
    credentialSubject: {
      id: 'did:example:ebfeb1f712ebc6f1c276e12ec21',
      type: ['AchievementSubject'],
      achievement: { id: 'https://issuer.example/achievements/1', type: ['Achievement'], name: 'Data Steward', description: 'Keeps data in order.', criteria: { narrative: 'Passed the assessment.' } },
    },
  };
}
