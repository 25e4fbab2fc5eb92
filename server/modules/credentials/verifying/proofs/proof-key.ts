// The key a proof names, found and described: its document (computed for did:key and did:jwk, our own DID
// document, or fetched), its curve, and in words where it came from. A key whose URL is an https address
// with a multibase public key as its fragment is still usable when that address cannot be fetched: the
// signature can be checked with the key itself, but whether the issuer controls it stays unconfirmed.
import { didWebDocumentUrl } from '../../did-web.js';
import { type DocumentLoader, type JsonObject, MethodNotListedError } from '../../document-loader.js';
import { decodeMultikey, keyWords, publicJwkOf } from './public-keys.js';

export type ProofKey = {
  /** The verification method's id: the URL the proof names, or the one key of a bare did:key / did:jwk. */
  id: string;
  method: JsonObject;
  curve: string;
  /** Where the key came from, in words: "computed from the did:key identifier", "fetched from <url>". */
  source: string;
  /** Set when the key was taken from its URL's fragment because the document could not be fetched. */
  unconfirmed?: { documentUrl: string; why: string };
};

/** Why a key could not be used, as a sentence a person can read. */
export class KeyProblem extends Error {}

const didOf = (url: string) => url.split('#')[0]!;
const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

function sourceOf(url: string, ownDid: string | undefined): string {
  if (url.startsWith('did:key:')) return 'computed from the did:key identifier';
  if (url.startsWith('did:jwk:')) return 'computed from the did:jwk identifier';
  const base = didOf(url);
  if (ownDid && base === ownDid) return 'from our own DID document';
  if (url.startsWith('did:web:')) return `fetched from ${didWebDocumentUrl(base)}`;
  if (/^https?:/.test(url)) return `fetched from ${base}`;
  return `resolved from ${base}`;
}

/** The multibase public key in an http(s) URL's fragment, or undefined. */
function fragmentKey(url: string): string | undefined {
  const fragment = /^https?:\/\/[^#]+#(z[1-9A-HJ-NP-Za-km-z]+)$/.exec(url)?.[1];
  if (!fragment) return undefined;
  try {
    decodeMultikey(fragment);
    return fragment;
  } catch {
    return undefined;
  }
}

/** The reason a fetch failed, without the "Unable to load <url>: " the resolver puts before it. */
const fetchWhy = (error: unknown, url: string) => reasonOf(error).replace(`Unable to load ${url}: `, '').replace(/^Document not available offline: .*$/, 'nothing is fetched from the network here');

/** A bare did:key or did:jwk names its DID document; its one verification method is the key. */
function onlyMethod(doc: JsonObject, url: string): JsonObject | undefined {
  if (!(url.startsWith('did:key:') || url.startsWith('did:jwk:')) || url.includes('#')) return undefined;
  const methods = Array.isArray(doc['verificationMethod']) ? (doc['verificationMethod'] as JsonObject[]) : [];
  return methods.length === 1 ? { '@context': doc['@context'], ...methods[0] } : undefined;
}

/**
 * The key behind a proof's verificationMethod URL; throws a KeyProblem with the reason when there is none
 * to use. `signedAt` is the proof's created time: a key revoked by then does not count.
 */
export async function resolveProofKey(url: string, loader: DocumentLoader, options: { ownDid?: string; signedAt?: unknown } = {}): Promise<ProofKey> {
  let method: JsonObject;
  let bare = false;
  let unconfirmed: ProofKey['unconfirmed'];
  try {
    const doc = (await loader(url)).document;
    const only = onlyMethod(doc, url);
    bare = only !== undefined;
    method = only ?? doc;
  } catch (error) {
    const key = fragmentKey(url);
    if (!key || error instanceof MethodNotListedError) {
      if (error instanceof MethodNotListedError) throw new KeyProblem(`The key ${url} is not in its controller's document ${error.documentUrl} (never published there, or removed).`);
      throw new KeyProblem(`The signing key ${url} could not be resolved: ${reasonOf(error)}`);
    }
    const documentUrl = didOf(url);
    method = { id: url, type: 'Multikey', publicKeyMultibase: key };
    unconfirmed = { documentUrl, why: fetchWhy(error, documentUrl) };
  }
  // A document fetched for a key's URL must be that key: otherwise its controller could be made to vouch for another key.
  const id = method['id'] ?? url;
  if (id !== url && !bare) throw new KeyProblem(`The document at ${url} describes ${String(id)}, not the key ${url}.`);
  const revoked = method['revoked'];
  if (revoked !== undefined) {
    const at = Date.parse(String(revoked));
    const signed = typeof options.signedAt === 'string' ? Date.parse(options.signedAt) : Number.NaN;
    if (!(signed < at)) throw new KeyProblem(`The key ${url} was revoked by its controller on ${String(revoked)}${Number.isNaN(signed) ? ', and the proof does not say when it was made' : ', before this proof was made'}.`);
  }
  let curve: string;
  try {
    curve = keyWords(publicJwkOf(method));
  } catch (error) {
    throw new KeyProblem(`The key ${url} cannot be used: ${reasonOf(error)}`);
  }
  const source = unconfirmed ? `taken from the key's own identifier, as ${unconfirmed.documentUrl} could not be fetched` : sourceOf(url, options.ownDid);
  return { id: String(id), method: { ...method, id }, curve, source, ...(unconfirmed ? { unconfirmed } : {}) };
}
