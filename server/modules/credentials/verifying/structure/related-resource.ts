// relatedResource (VC 2.0, https://www.w3.org/TR/vc-data-model-2.0/#integrity-of-related-resources):
// each entry names a resource by id with the digest of its bytes (digestSRI, as Subresource Integrity
// writes it, and/or digestMultibase, a multibase-encoded multihash), and a verifier MUST find the
// bytes it gets to have that digest. Ids MUST be unique among the entries.
//
// Contexts are read from the offline copies the document loader uses, as the package's raw file bytes:
// a digest is over bytes, not over the parsed JSON, and these are the bytes our verification relies on.
// Those copies are not always the bytes published today: the packaged VC 2.0 context
// (@digitalbazaar/credentials-context 3.2.0, contexts/v2.jsonld) hashes to
// sha384-e2AY0FBy6KUAgZ3rMaz7Uj/Gp0bkIIIB/bjgmVQS2PPSOr+Ufx9P5mVrVU+jxFXR, which is not the
// digestSRI in the VC 2.0 Recommendation's example for https://www.w3.org/ns/credentials/v2 (a
// 65-character value there, which no SHA-384 digest can be). A credential that pins another version of
// a context than the one we carry is told so by name. A context we carry only as a JavaScript object
// (no raw file in its package) and every other resource is fetched under the remote rules.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import * as base58btc from 'base58-universal';
import { knownContextUrls, staticContext } from '../../document-loader.js';
import { failed, passed, type SettledCheck, unknown } from '../checks.js';

/** Fetches a resource's bytes (remote rules apply), or throws with the reason. */
export type BytesFetcher = (url: string) => Promise<Uint8Array | null>;
type Json = Record<string, unknown>;

/** Related resources checked per credential: each may be a fetch from another server. */
export const MAX_RELATED_RESOURCES = 16;

const many = (x: unknown): unknown[] => (x === undefined || x === null ? [] : Array.isArray(x) ? x : [x]);
const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);

// ---- offline contexts as bytes ----

const CONTEXT_PACKAGES = ['@digitalbazaar/credentials-context', '@digitalbazaar/data-integrity-context', '@digitalbazaar/multikey-context', 'did-context', '@digitalbazaar/vc-status-list-context'];
let contextFiles: Map<string, Buffer> | undefined;

/** The package's folder, found from its entry point (some packages do not export package.json). */
function packageDir(name: string): string | undefined {
  try {
    let dir = dirname(createRequire(import.meta.url).resolve(name));
    while (!readdirSync(dir).includes('package.json')) dir = dirname(dir);
    return dir;
  } catch {
    return undefined;
  }
}

/** Each offline context URL with the raw bytes of the packaged file whose JSON is exactly the context the loader uses. */
function offlineContextFiles(): Map<string, Buffer> {
  if (contextFiles) return contextFiles;
  const files: { bytes: Buffer; json: unknown }[] = [];
  for (const pkg of CONTEXT_PACKAGES) {
    const dir = packageDir(pkg);
    if (!dir) continue;
    let names: string[] = [];
    try {
      names = readdirSync(join(dir, 'contexts')).filter((n) => n.endsWith('.jsonld') || n.endsWith('.json'));
    } catch {
      continue;
    }
    for (const n of names) {
      const bytes = readFileSync(join(dir, 'contexts', n));
      try {
        files.push({ bytes, json: JSON.parse(bytes.toString('utf8')) });
      } catch {
        // not JSON: not a context
      }
    }
  }
  contextFiles = new Map();
  for (const url of knownContextUrls()) {
    const hit = files.find((f) => isDeepStrictEqual(f.json, staticContext(url)));
    if (hit) contextFiles.set(url, hit.bytes);
  }
  return contextFiles;
}

/** The raw bytes of the offline copy of a context, when its package ships the file. */
export const offlineContextBytes = (url: string): Buffer | undefined => offlineContextFiles().get(url);

// ---- digests ----

const SRI_ALGORITHMS = { sha256: 'sha256', sha384: 'sha384', sha512: 'sha512' } as const;
const SRI_STRENGTH = ['sha256', 'sha384', 'sha512'];
/** Multihash codes (https://github.com/multiformats/multicodec) for the hashes Node computes. */
const MULTIHASH = new Map<number, { name: string; algorithm: string; length: number }>([
  [0x12, { name: 'sha2-256', algorithm: 'sha256', length: 32 }],
  [0x20, { name: 'sha2-384', algorithm: 'sha384', length: 48 }],
  [0x13, { name: 'sha2-512', algorithm: 'sha512', length: 64 }],
  [0x16, { name: 'sha3-256', algorithm: 'sha3-256', length: 32 }],
  [0x15, { name: 'sha3-384', algorithm: 'sha3-384', length: 48 }],
  [0x14, { name: 'sha3-512', algorithm: 'sha3-512', length: 64 }],
]);

export type Digest = { algorithm: string; label: string; expected: Buffer };

/**
 * The digests a digestSRI value states: whitespace-separated "<alg>-<base64>[?options]"; as Subresource
 * Integrity says, only the strongest algorithm given counts, and any one of its values may match.
 */
export function parseDigestSri(value: unknown): Digest[] | string {
  if (typeof value !== 'string' || value.trim() === '') return 'digestSRI MUST be a string such as sha384-<base64 digest>';
  const parsed: Digest[] = [];
  for (const token of value.trim().split(/\s+/)) {
    const m = /^(sha256|sha384|sha512)-([A-Za-z0-9+/]+={0,2})(\?.*)?$/.exec(token);
    if (!m) continue; // SRI ignores algorithms it does not know
    const algorithm = SRI_ALGORITHMS[m[1] as keyof typeof SRI_ALGORITHMS];
    const expected = Buffer.from(m[2]!, 'base64');
    if (expected.length !== createHash(algorithm).digest().length || expected.toString('base64').replace(/=+$/, '') !== m[2]!.replace(/=+$/, '')) return `digestSRI "${token}" is not a ${m[1]} digest in base64`;
    parsed.push({ algorithm, label: m[1]!, expected });
  }
  if (!parsed.length) return 'digestSRI names no supported algorithm (sha256, sha384 or sha512)';
  const strongest = SRI_STRENGTH.filter((a) => parsed.some((d) => d.label === a)).pop();
  return parsed.filter((d) => d.label === strongest);
}

function readVarint(bytes: Buffer, at: number): [number, number] | undefined {
  let value = 0;
  for (let i = 0, shift = 0; i < 4 && at + i < bytes.length; i++, shift += 7) {
    const b = bytes[at + i]!;
    value += (b & 0x7f) * 2 ** shift;
    if (!(b & 0x80)) return [value, at + i + 1];
  }
  return undefined;
}

function multibaseDecode(value: string): Buffer | undefined {
  const body = value.slice(1);
  try {
    switch (value[0]) {
      case 'z':
        return Buffer.from(base58btc.decode(body) as Uint8Array);
      case 'u':
        return /^[A-Za-z0-9_-]+$/.test(body) ? Buffer.from(body, 'base64url') : undefined;
      case 'm':
        return /^[A-Za-z0-9+/]+$/.test(body) ? Buffer.from(body, 'base64') : undefined;
      case 'f':
      case 'F':
        return /^([0-9a-fA-F]{2})+$/.test(body) ? Buffer.from(body, 'hex') : undefined;
      default:
        return undefined;
    }
  } catch {
    return undefined;
  }
}

/** The digest a digestMultibase value states: a multibase (z, u, m or f) of a multihash (SHA-2 or SHA-3). */
export function parseDigestMultibase(value: unknown): Digest | string {
  if (typeof value !== 'string' || value.length < 2) return 'digestMultibase MUST be a multibase-encoded multihash string';
  const bytes = multibaseDecode(value);
  if (!bytes) return `digestMultibase "${value}" is not in a supported multibase (z base58btc, u base64url, m base64, f base16)`;
  const code = readVarint(bytes, 0);
  const length = code && readVarint(bytes, code[1]);
  const hash = code && MULTIHASH.get(code[0]);
  if (!code || !length) return `digestMultibase "${value}" is not a multihash`;
  if (!hash) return `digestMultibase uses multihash code 0x${code[0].toString(16)}, which is not supported (sha2-256, sha2-384, sha2-512, sha3-256, sha3-384, sha3-512)`;
  const expected = bytes.subarray(length[1]);
  if (length[0] !== hash.length || expected.length !== hash.length) return `digestMultibase "${value}" does not hold a whole ${hash.name} digest`;
  return { algorithm: hash.algorithm, label: hash.name, expected };
}

// ---- the check ----

type Outcome = { id: string; ok: true; how: string } | { id: string; ok: false; unreachable: boolean; why: string };

async function checkOne(item: Json, fetchBytes: BytesFetcher | undefined): Promise<Outcome> {
  const id = item['id'] as string;
  const digests: Digest[] = [];
  for (const [key, parse] of [['digestSRI', parseDigestSri], ['digestMultibase', parseDigestMultibase]] as const) {
    if (item[key] === undefined) continue;
    const out = parse(item[key]);
    if (typeof out === 'string') return { id, ok: false, unreachable: false, why: out };
    digests.push(...(Array.isArray(out) ? out : [out]));
  }
  if (!digests.length) return { id, ok: false, unreachable: false, why: 'it states no digestSRI or digestMultibase' };
  let bytes: Uint8Array | null | undefined = offlineContextBytes(id);
  const source = bytes ? 'the offline copy' : 'the fetched resource';
  if (!bytes) {
    if (!fetchBytes) return { id, ok: false, unreachable: true, why: 'it could not be fetched here (no resolver)' };
    try {
      bytes = await fetchBytes(id);
    } catch (error) {
      return { id, ok: false, unreachable: true, why: (error as Error).message };
    }
    if (!bytes) return { id, ok: false, unreachable: true, why: 'it could not be fetched' };
  }
  const got = bytes;
  const sri = digests.filter((d) => SRI_STRENGTH.includes(d.label));
  const mb = digests.filter((d) => !SRI_STRENGTH.includes(d.label));
  const matches = (d: Digest) => createHash(d.algorithm).update(got).digest().equals(d.expected);
  const actual = (d: Digest) => `${d.label}-${createHash(d.algorithm).update(got).digest('base64')}`;
  if (sri.length && !sri.some(matches)) return { id, ok: false, unreachable: false, why: `the digestSRI does not match ${source} (${bytes.length} bytes; its digest is ${actual(sri[0]!)})` };
  const wrong = mb.find((d) => !matches(d));
  if (wrong) return { id, ok: false, unreachable: false, why: `the digestMultibase (${wrong.label}) does not match ${source} (${bytes.length} bytes)` };
  return { id, ok: true, how: `${digests.map((d) => d.label).join(' and ')} of ${source}` };
}

/**
 * The relatedResource check, or null when the credential declares none: unique ids, and each
 * resource's bytes matching its digests. A mismatch fails; a resource that cannot be fetched leaves
 * the check unknown (neither shown to match nor not to).
 */
export async function checkRelatedResources(credential: Json, fetchBytes?: BytesFetcher): Promise<SettledCheck | null> {
  if (credential['relatedResource'] === undefined) return null;
  const items = many(credential['relatedResource']);
  const bad = items.findIndex((x) => !isObject(x) || typeof x['id'] !== 'string');
  if (bad !== -1) return failed('relatedResource', `relatedResource[${bad}] is not an object with an id, so its resource cannot be checked.`, { resource: null, count: items.length });
  const ids = (items as Json[]).map((x) => x['id'] as string);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate) return failed('relatedResource', `The related resource ${duplicate} is listed more than once; each related resource's id must be unique.`, { resource: duplicate, count: items.length });
  if (items.length > MAX_RELATED_RESOURCES) return failed('relatedResource', `${items.length} related resources are declared; at most ${MAX_RELATED_RESOURCES} are checked.`, { resource: null, count: items.length });
  const outcomes = await Promise.all((items as Json[]).map((x) => checkOne(x, fetchBytes)));
  const mismatch = outcomes.find((o) => !o.ok && !o.unreachable);
  if (mismatch && !mismatch.ok) return failed('relatedResource', `The related resource ${mismatch.id} does not match its digest: ${mismatch.why}.`, { resource: mismatch.id, count: items.length });
  const unreachable = outcomes.find((o) => !o.ok);
  if (unreachable && !unreachable.ok) return unknown('relatedResource', `The related resource ${unreachable.id} could not be checked: ${unreachable.why}.`, { resource: unreachable.id, count: items.length });
  const list = outcomes.map((o) => (o.ok ? `${o.id} (${o.how})` : o.id)).join(', ');
  return passed('relatedResource', `${items.length === 1 ? 'The related resource matches its digest' : `All ${items.length} related resources match their digests`}: ${list}.`, { resource: null, count: items.length });
}
