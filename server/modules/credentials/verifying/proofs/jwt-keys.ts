// The keys that may check a VC-JWT, and where each came from: the header's `kid` (a DID URL, with or
// without a fragment, or an https URL of a verification method or controller document), a `jwk`
// embedded in the header, or, with neither, the keys the issuer's document lists for assertions.
// A key named by `kid` must be listed for assertions by its controller; an embedded key proves
// nothing about who made it until the issuer's document is found to list it (embeddedKeyIssuer).
import { calculateJwkThumbprint } from 'jose';
import { didWebDocumentUrl } from '../../did-web.js';
import { type DocumentLoader, findVerificationMethod, type JsonObject } from '../../document-loader.js';
import type { Check } from '../checks.js';
import { type PublicJwk, publicJwkOf } from './public-keys.js';
import { asArray } from '../json.js';

export type JwtKey = {
  /** The verification method's id, or a label for an embedded key. */
  id: string;
  jwk: PublicJwk;
  /** Short name of the source, for details: did:key, did:jwk, did:web, https, embedded jwk. */
  source: string;
  /** The source in words: "computed from did:key", "fetched from https://…". */
  words: string;
  /** The verification method document (with its controller), when the key came from one. */
  method?: JsonObject;
};

/** A key could not be found or used; the message is the reason, in words. */
export class KeyProblem extends Error {}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
const refId = (entry: unknown): string | undefined => (typeof entry === 'string' ? entry : typeof (entry as JsonObject)?.['id'] === 'string' ? ((entry as JsonObject)['id'] as string) : undefined);
/** A method id relative to its document ("#key-1") made absolute. */
const absolute = (id: string, doc: JsonObject) => (id.startsWith('#') ? `${String(doc['id'])}${id}` : id);
export const isAbsoluteKid = (kid: string) => /^(did:[a-z0-9]+:|https?:\/\/)/i.test(kid);

/** Where a document named by a DID or URL comes from. */
export function sourceOf(url: string): { source: string; words: string } {
  const base = url.split('#')[0]!;
  if (url.startsWith('did:key:')) return { source: 'did:key', words: 'computed from did:key' };
  if (url.startsWith('did:jwk:')) return { source: 'did:jwk', words: 'computed from did:jwk' };
  if (url.startsWith('did:web:')) return { source: 'did:web', words: `from the did:web document at ${didWebDocumentUrl(base)}` };
  return { source: url.startsWith('did:') ? base.split(':').slice(0, 2).join(':') : 'https', words: `fetched from ${base}` };
}

/**
 * A did:key's document, or its one verification method, straight from the identifier: the key is the
 * identifier, listed for every purpose (did:key method). The general loader gets there through the key
 * libraries, several times slower for P-256 keys; the key itself is read by publicJwkOf, which refuses
 * what it cannot read.
 */
function didKeyDocument(url: string): JsonObject {
  const [did, fragment] = url.split('#') as [string, string | undefined];
  const multibase = did.slice('did:key:'.length);
  const method = { id: `${did}#${multibase}`, type: 'Multikey', controller: did, publicKeyMultibase: multibase };
  if (fragment === undefined) return { id: did, verificationMethod: [method], assertionMethod: [method.id] };
  if (fragment !== multibase) throw new Error(`${did} has one key, ${method.id}; ${url} names none.`);
  return method;
}

/**
 * A document by DID or URL. A did:jwk document lists its key for every purpose unless the JWK's `use` is
 * "enc" (did:jwk method, step 4); the library leaves the relationships out for keys without a curve
 * (RSA), so they are put back here.
 */
async function load(loader: DocumentLoader, url: string): Promise<JsonObject> {
  if (url.startsWith('did:key:')) return didKeyDocument(url);
  const doc = (await loader(url)).document;
  if (!url.startsWith('did:jwk:') || url.includes('#') || doc['assertionMethod'] !== undefined || doc['keyAgreement'] !== undefined) return doc;
  const method = asArray(doc['verificationMethod'])[0] as JsonObject | undefined;
  const jwk = method?.['publicKeyJwk'] as JsonObject | undefined;
  return jwk && jwk['use'] !== 'enc' && typeof method?.['id'] === 'string' ? { ...doc, assertionMethod: [method['id']] } : doc;
}

/** A controller (DID) document rather than one verification method: it lists methods and has no key of its own. */
const isControllerDocument = (doc: JsonObject) =>
  (Array.isArray(doc['verificationMethod']) || doc['assertionMethod'] !== undefined) && doc['publicKeyJwk'] === undefined && doc['publicKeyMultibase'] === undefined;

const listsForAssertions = (doc: JsonObject, ids: string[]) => asArray(doc['assertionMethod']).some((e) => {
  const id = refId(e);
  return id !== undefined && ids.includes(absolute(id, doc));
});

/** The verification methods a controller document lists for assertions (embedded or by reference). */
async function assertionMethods(doc: JsonObject, loader: DocumentLoader): Promise<JsonObject[]> {
  const out: JsonObject[] = [];
  for (const entry of asArray(doc['assertionMethod'])) {
    const id = refId(entry);
    if (id === undefined) continue;
    const full = absolute(id, doc);
    if (typeof entry === 'object') out.push({ controller: doc['id'], ...(entry as JsonObject), id: full });
    else {
      const method = findVerificationMethod(doc, full) ?? (await load(loader, full).catch(() => undefined));
      if (method) out.push({ ...method, id: full });
    }
  }
  return out;
}

function keyOf(method: JsonObject, source: { source: string; words: string }): JwtKey {
  try {
    return { id: String(method['id']), jwk: publicJwkOf(method), method, ...source };
  } catch (error) {
    throw new KeyProblem(`The key ${String(method['id'])} cannot be read: ${message(error)}`);
  }
}

/** The key a `kid` names, after checking that its controller lists it for assertions. */
async function keysOfKid(kid: string, loader: DocumentLoader): Promise<JwtKey[]> {
  let document: JsonObject;
  try {
    document = await load(loader, kid);
  } catch (error) {
    throw new KeyProblem(`The signing key ${kid} could not be resolved: ${message(error)}`);
  }
  const source = sourceOf(kid);
  // Open Badges 3.0 lets kid be a URL of a bare JWK: a key with no controller, tied to the issuer later.
  if (typeof document['kty'] === 'string' && !kid.startsWith('did:')) return [{ id: kid, jwk: publicOnly(document, `The key at ${kid}`), ...source }];
  if (isControllerDocument(document)) {
    const methods = await assertionMethods(document, loader);
    if (!methods.length) throw new KeyProblem(`${kid} names a document that lists no keys for assertions.`);
    return methods.map((m) => keyOf(m, source));
  }
  const id = typeof document['id'] === 'string' ? absolute(document['id'], { id: kid.split('#')[0] }) : kid;
  const method: JsonObject = { ...document, id };
  const controller = method['controller'];
  if (typeof controller !== 'string') throw new KeyProblem(`The key ${kid} names no controller, so nothing shows whose key it is.`);
  let controllerDoc: JsonObject;
  try {
    controllerDoc = await load(loader, controller);
  } catch (error) {
    throw new KeyProblem(`The controller ${controller} of the key ${kid} could not be resolved: ${message(error)}`);
  }
  if (!listsForAssertions(controllerDoc, [kid, id])) throw new KeyProblem(`The key ${kid} is not listed for assertions in ${controller} (never published there, or removed).`);
  return [keyOf(method, source)];
}

/** With no usable kid: the keys the issuer's document lists for assertions (a relative kid picks among them). */
async function keysOfIssuer(issuerId: string | undefined, hint: string | undefined, loader: DocumentLoader): Promise<JwtKey[]> {
  if (!issuerId) throw new KeyProblem('The JWT header names no key (kid or jwk), and the credential names no issuer whose document could list one.');
  let doc: JsonObject;
  try {
    doc = await load(loader, issuerId);
  } catch (error) {
    throw new KeyProblem(`The JWT header names no key (kid or jwk), and the issuer's document ${issuerId} could not be resolved: ${message(error)}`);
  }
  const methods = await assertionMethods(doc, loader);
  if (!methods.length) throw new KeyProblem(`The JWT header names no key (kid or jwk), and the issuer's document ${issuerId} lists no keys for assertions.`);
  const hinted = hint ? methods.filter((m) => m['id'] === absolute(hint, doc) || String(m['id']).endsWith(`#${hint.replace(/^#/, '')}`)) : [];
  if (hint && !hinted.length) throw new KeyProblem(`The key ${hint} named by the JWT header is not among the keys the issuer ${issuerId} lists for assertions.`);
  const { source, words } = sourceOf(issuerId);
  return (hinted.length ? hinted : methods).map((m) => keyOf(m, { source, words: `listed for assertions in the issuer's document, ${words}` }));
}

/** The public members of a JWK given in a header or fetched bare; a private key there is refused. */
function publicOnly(jwk: unknown, where: string): PublicJwk {
  if (!jwk || typeof jwk !== 'object' || Array.isArray(jwk)) throw new KeyProblem(`${where} is not a JSON Web Key object.`);
  if ((jwk as JsonObject)['d'] !== undefined) throw new KeyProblem(`${where} is a private key (it has d); it is not trusted.`);
  const { kty, crv, x, y, n, e, alg } = jwk as PublicJwk;
  return Object.fromEntries(Object.entries({ kty, crv, x, y, n, e, alg }).filter(([, v]) => v !== undefined)) as PublicJwk;
}

const embeddedKey = (jwk: unknown, kid: string | undefined): JwtKey => ({
  id: kid ?? 'the key embedded in the header',
  jwk: publicOnly(jwk, 'The key embedded in the JWT header (jwk)'),
  source: 'embedded jwk',
  words: 'embedded in the JWT header (jwk)',
});

/** The keys to try for a JWT, from its header, or else from its issuer's document. */
export async function keysForJwt(header: JsonObject, issuerId: string | undefined, loader: DocumentLoader): Promise<JwtKey[]> {
  const kid = typeof header['kid'] === 'string' && header['kid'] ? header['kid'] : undefined;
  if (kid && kid.startsWith('#') && issuerId?.startsWith('did:')) return keysOfKid(`${issuerId}${kid}`, loader);
  if (kid && isAbsoluteKid(kid)) {
    const keys = await keysOfKid(kid, loader);
    if (header['jwk'] !== undefined) {
      const embedded = await thumbprint(embeddedKey(header['jwk'], kid).jwk);
      const same = [];
      for (const k of keys) if ((await thumbprint(k.jwk)) === embedded) same.push(k);
      if (!same.length) throw new KeyProblem(`The key embedded in the JWT header (jwk) is not the key ${kid} names.`);
      return same;
    }
    return keys;
  }
  if (header['jwk'] !== undefined) return [embeddedKey(header['jwk'], kid)];
  return keysOfIssuer(issuerId, kid, loader);
}

const thumbprint = async (jwk: PublicJwk) => {
  try {
    return await calculateJwkThumbprint(jwk as Parameters<typeof calculateJwkThumbprint>[0]);
  } catch (error) {
    throw new KeyProblem(`The key is not a usable JSON Web Key: ${message(error)}`);
  }
};

const originOf = (url: string) => {
  try {
    return /^https?:$/.test(new URL(url).protocol) ? new URL(url).origin : undefined;
  } catch {
    return undefined;
  }
};

/** An equal key among those the issuer's document lists for assertions, or why none could be found. */
async function listedEqual(key: JwtKey, issuerId: string, loader: DocumentLoader): Promise<{ id: string } | { why: string }> {
  let doc: JsonObject;
  try {
    doc = await load(loader, issuerId);
  } catch (error) {
    return { why: `the issuer's document ${issuerId} could not be resolved: ${message(error)}` };
  }
  const wanted = await thumbprint(key.jwk).catch(() => undefined);
  for (const m of await assertionMethods(doc, loader)) {
    const listed = await Promise.resolve()
      .then(() => thumbprint(publicJwkOf(m)))
      .catch(() => undefined);
    if (wanted !== undefined && listed === wanted) return { id: String(m['id']) };
  }
  return { why: `the issuer's document ${issuerId} lists no key equal to it for assertions` };
}

/**
 * The issuer check for a key no controller document vouches for: one embedded in the header (jwk), or a
 * bare JWK fetched from an https kid. The issuer's document (a did:jwk's own) listing an equal key ties
 * it to the issuer; so does, for a fetched JWK, its address on the issuer's own site. Otherwise an
 * embedded key fails (anyone can make one), and a fetched one is a warning: valid for that key, with the
 * issuer's control of it unconfirmed.
 */
export async function unboundKeyIssuer(key: JwtKey, issuerId: string, loader: DocumentLoader): Promise<Check> {
  const embedded = key.source === 'embedded jwk';
  const what = embedded ? 'The key embedded in the JWT header (jwk)' : `The key fetched from ${key.id}`;
  const details = { issuer: issuerId || null, key: key.id, keySource: key.source };
  if (!issuerId) return { check: 'issuer', ok: false, reason: `${what} names no controller, and the credential names no issuer to tie it to.`, details };
  const hit = await listedEqual(key, issuerId, loader);
  if ('id' in hit) {
    const how = issuerId.startsWith('did:jwk:') ? `is the issuer's own did:jwk key (${hit.id})` : `equals ${hit.id}, which the issuer lists for assertions`;
    return { check: 'issuer', ok: true, reason: `${what} ${how}: signed by the issuer ${issuerId}.`, details: { ...details, key: hit.id } };
  }
  const site = originOf(issuerId);
  if (!embedded && site && originOf(key.id) === site) {
    return { check: 'issuer', ok: true, reason: `${what} is published on the issuer's own site ${site}: signed by the issuer ${issuerId}.`, details };
  }
  if (embedded) {
    return { check: 'issuer', ok: false, details, reason: issuerId.startsWith('did:jwk:')
      ? `${what} is not the key of the issuer ${issuerId}: the signature is valid for that key, but anyone can make such a key.`
      : `${what} is not tied to the issuer ${issuerId}: ${hit.why}, so the signature is valid for that key but nothing shows it is the issuer's.` };
  }
  return { check: 'issuer', ok: false, outcome: 'warning', details, reason: `The signature is valid for the key at ${key.id}, but the issuer's control of that key could not be confirmed: it names no controller, is not on the issuer's site, and ${hit.why}.` };
}
