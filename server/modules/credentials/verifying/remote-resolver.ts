// Finds the documents a foreign credential points at: did:key documents are computed, did:web
// documents and https keys and status lists are fetched (https only, to public addresses only,
// with a timeout and a size limit) and kept in memory for a while. Our own documents (under
// PUBLIC_URL, or our did:web) are answered by our own resolver and never fetched over HTTP.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { didWebDocumentUrl, didWebFromUrl } from '../did-web.js';
import { createDocumentLoader, type JsonObject, type Resolver } from '../document-loader.js';

export type RemoteResolverOptions = {
  /** Our public URL: documents under it, and under our did:web, are answered by `own` only. */
  publicUrl: string;
  /** Our did:web when it is not the one PUBLIC_URL makes (kept across a move); defaults to that one. */
  ourDid?: string;
  /** Addresses the site had before a move: documents under them are ours too. */
  formerUrls?: readonly string[];
  own?: Resolver;
  timeoutMs?: number;
  maxBytes?: number;
  /** How long a fetched document is kept; a failure is kept for a tenth of it, so a dead host is not hammered. */
  ttlMs?: number;
  maxEntries?: number;
  now?: () => number;
  /** Resolves host names (node:dns lookup by default); every answer is checked before the socket connects to it. */
  dnsLookup?: typeof dnsLookup;
  /**
   * For tests only (a local server on 127.0.0.1 over plain HTTP): allows http: and private addresses.
   * Never set from configuration: in production a credential must not make us call into our own network.
   */
  allowInsecureForTests?: boolean;
};

export type RemoteResolver = Resolver & {
  clear: () => void;
  size: () => number;
  /** A resource's exact bytes (a related resource whose digest is checked), under the same rules and cache. */
  bytes: (url: string) => Promise<Buffer>;
};

/**
 * Why an address must not be fetched from, or null when it is public. Allow-list, by ipaddr.js's classification
 * of the IANA special-purpose registries: an IPv4 address must be plain unicast (not private, loopback,
 * link-local, carrier-grade NAT, benchmarking, documentation, reserved, multicast or broadcast); an IPv6
 * address must be global unicast (2000::/3 and none of its special ranges). IPv6 forms that carry an IPv4
 * address to a host (mapped ::ffff:0:0/96, translated ::ffff:0:0:0/96, IPv4-compatible ::/96, NAT64
 * 64:ff9b::/96) are judged by that IPv4 address; 6to4, Teredo and local-use NAT64 (64:ff9b:1::/48) tunnel
 * to hosts we cannot see and are refused, naming the IPv4 address they carry.
 */
export function privateAddressReason(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  const parsed = ipaddr.parse(dottedTailAsHex(address));
  if (parsed.kind() === 'ipv4') {
    const range = parsed.range();
    return range === 'unicast' ? null : `a ${range} address`;
  }
  const v6 = parsed as ipaddr.IPv6;
  const range = v6.range();
  const p = v6.parts;
  const embedded = (hi: number, lo: number) => ipaddr.fromByteArray([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]) as ipaddr.IPv4;
  const last32 = embedded(p[6]!, p[7]!);
  const through = (v4: ipaddr.IPv4, form: string) => {
    const why = privateAddressReason(v4.toString());
    return why ? `${form} carrying ${v4.toString()}, ${why}` : null;
  };
  if (range === 'ipv4Mapped') return through(last32, 'an IPv4-mapped address');
  if (range === 'rfc6145') return through(last32, 'an IPv4-translated address');
  if (range === 'rfc6052') {
    if (v6.match(ipaddr.parse('64:ff9b::') as ipaddr.IPv6, 96)) return through(last32, 'a NAT64 address');
    return `a local-use NAT64 address (64:ff9b:1::/48, carrying ${last32.toString()})`;
  }
  if (range === '6to4') return `a 6to4 address (2002::/16, carrying ${embedded(p[1]!, p[2]!).toString()})`;
  if (range === 'teredo') return `a Teredo address (2001::/32, server ${embedded(p[2]!, p[3]!).toString()}, client ${embedded(~p[6]! & 0xffff, ~p[7]! & 0xffff).toString()})`;
  if (p[0] === 0 && p[1] === 0 && p[2] === 0 && p[3] === 0 && p[4] === 0 && p[5] === 0 && range === 'unicast') {
    return `an IPv4-compatible address (::/96, deprecated, carrying ${last32.toString()})`;
  }
  if (range !== 'unicast') return `a ${range} address`;
  // ipaddr.js calls every address outside its special ranges unicast; only 2000::/3 is allocated for it.
  return (p[0]! & 0xe000) === 0x2000 ? null : 'outside the global unicast range 2000::/3';
}

/** `::1.2.3.4` as `::102:304`: ipaddr.js reads a dotted tail after a bare `::` as IPv4-mapped, which it is not. */
function dottedTailAsHex(address: string): string {
  const m = /^(.*:)(\d+)\.(\d+)\.(\d+)\.(\d+)(%.*)?$/.exec(address);
  if (!m || isIP(address.replace(/%.*$/, '')) !== 6) return address;
  const [a, b, c, d] = [m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number];
  return `${m[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}${m[6] ?? ''}`;
}

export const isPrivateAddress = (address: string): boolean => privateAddressReason(address) !== null;

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A DNS lookup that refuses private addresses, applied at connect time so a re-bound name cannot slip through. */
export const publicOnlyLookup = (resolveName: typeof dnsLookup) => (hostname: string, options: object, callback: LookupCallback): void => {
  resolveName(hostname, { ...options }, ((err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => {
    if (err) return callback(err, address, family);
    const list = Array.isArray(address) ? address.map((a) => a.address) : [address];
    // Every answer is checked, and the socket connects to one of these very addresses (no second lookup).
    for (const a of list) {
      const why = privateAddressReason(a);
      if (why) return callback(Object.assign(new Error(`${hostname} resolves to ${a}, a private address (${why})`), { code: 'EPRIVATE' }), address, family);
    }
    callback(null, address, family);
  }) as never);
};

type FetchLimits = { timeoutMs: number; maxBytes: number; insecure: boolean; lookup: typeof dnsLookup };
const JSON_ACCEPT = 'application/did+json, application/ld+json, application/json;q=0.9';

/** GET a resource's bytes over https within the limits; throws "Unable to load <url>: <why>". */
function fetchBytes(url: string, o: FetchLimits, accept = '*/*'): Promise<Buffer> {
  const fail = (why: string) => new Error(`Unable to load ${url}: ${why}`);
  return new Promise((resolve, reject) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return reject(fail('not a URL'));
    }
    if (target.protocol !== 'https:' && !(o.insecure && target.protocol === 'http:')) return reject(fail('only https URLs are fetched'));
    const host = target.hostname.replace(/^\[|\]$/g, '');
    const why = isIP(host) ? privateAddressReason(host) : null;
    if (!o.insecure && why) return reject(fail(why === 'a private address' ? `${host} is a private address` : `${host} is a private address (${why})`));
    const client = target.protocol === 'https:' ? https : http;
    const req = client.get(target, {
      headers: { accept, 'user-agent': 'Guildhall verifier' },
      timeout: o.timeoutMs,
      ...(o.insecure ? {} : { lookup: publicOnlyLookup(o.lookup) as never }),
    }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        return reject(fail(`the server answered ${res.statusCode}${res.statusCode && res.statusCode >= 300 && res.statusCode < 400 ? ' (redirects are not followed)' : ''}`));
      }
      const declared = Number(res.headers['content-length'] ?? 0);
      if (declared > o.maxBytes) {
        res.destroy();
        return reject(fail(`the document is larger than ${o.maxBytes} bytes`));
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > o.maxBytes) {
          res.destroy();
          reject(fail(`the document is larger than ${o.maxBytes} bytes`));
        } else chunks.push(chunk);
      });
      res.on('error', (e) => reject(fail(e.message)));
      res.on('end', () => resolve(Buffer.concat(chunks)));
    });
    req.on('timeout', () => req.destroy(fail(`no answer within ${o.timeoutMs} ms`)));
    req.on('error', (e) => reject(e.message.startsWith('Unable to load') ? e : fail(e.message)));
  });
}

/** GET a JSON object over https within the limits; throws "Unable to load <url>: <why>". */
async function fetchJson(url: string, o: FetchLimits): Promise<JsonObject> {
  const body = await fetchBytes(url, o, JSON_ACCEPT);
  let doc: unknown;
  try {
    doc = JSON.parse(body.toString('utf8'));
  } catch {
    throw new Error(`Unable to load ${url}: the answer is not JSON`);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new Error(`Unable to load ${url}: the answer is not a JSON object`);
  return doc as JsonObject;
}

export function createRemoteResolver(options: RemoteResolverOptions): RemoteResolver {
  const publicUrl = options.publicUrl.replace(/\/+$/, '');
  const ourDid = options.ourDid ?? didWebFromUrl(publicUrl);
  const ourDidUrl = didWebDocumentUrl(ourDid);
  const bases = [publicUrl, ...(options.formerUrls ?? []).map((u) => u.replace(/\/+$/, ''))];
  const limits = { timeoutMs: options.timeoutMs ?? 3000, maxBytes: options.maxBytes ?? 512 * 1024, insecure: options.allowInsecureForTests === true, lookup: options.dnsLookup ?? dnsLookup };
  const ttl = options.ttlMs ?? 5 * 60_000;
  const maxEntries = options.maxEntries ?? 1000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { expires: number; value: Promise<JsonObject> }>();
  const didKeys = createDocumentLoader();

  const isOurs = (url: string) =>
    url === ourDid || url.startsWith(`${ourDid}#`) || url.startsWith(`${ourDid}:`) || bases.some((b) => url === b || url.startsWith(`${b}/`)) || url === ourDidUrl;

  async function fetchDocument(url: string): Promise<JsonObject> {
    if (!url.startsWith('did:web:')) return fetchJson(url, limits);
    const doc = await fetchJson(didWebDocumentUrl(url), limits);
    // did:web: the document must be about the DID it was fetched for.
    if (doc['id'] !== url) throw new Error(`Unable to load ${url}: the DID document at ${didWebDocumentUrl(url)} is for ${String(doc['id'])}`);
    return doc;
  }

  function cached(url: string): Promise<JsonObject> {
    return remember(cache, url, () => fetchDocument(url));
  }

  /** A kept answer while it is fresh (a failure for a tenth of the time), the oldest forgotten first. */
  function remember<T>(store: Map<string, { expires: number; value: Promise<T> }>, url: string, load: () => Promise<T>): Promise<T> {
    const hit = store.get(url);
    if (hit && hit.expires > now()) {
      store.delete(url); // re-insert: the Map's order is the eviction order
      store.set(url, hit);
      return hit.value;
    }
    const value = load();
    const entry = { expires: now() + ttl, value };
    value.catch(() => {
      entry.expires = now() + ttl / 10;
    });
    store.set(url, entry);
    while (store.size > maxEntries) store.delete(store.keys().next().value!);
    return value;
  }

  const byteCache = new Map<string, { expires: number; value: Promise<Buffer> }>();
  const bytes = async (url: string): Promise<Buffer> => {
    // Our own documents are answered from the database as objects, never fetched: their served bytes are not at hand.
    if (isOurs(url)) throw new Error(`Unable to load ${url}: a document of this service is not fetched as bytes`);
    if (url.startsWith('https:') || (limits.insecure && url.startsWith('http:'))) return remember(byteCache, url, () => fetchBytes(url, limits));
    throw new Error(`Unable to load ${url}: only https URLs are fetched`);
  };

  const resolve = async (url: string): Promise<JsonObject | null> => {
    if (isOurs(url)) return options.own ? ((await options.own(url)) ?? null) : null;
    if (url.startsWith('did:key:')) return (await didKeys(url)).document;
    // With a fragment, the document loader asks again for the document without it and picks the key out.
    if (url.includes('#')) return null;
    if (url.startsWith('did:web:') || url.startsWith('https:') || (limits.insecure && url.startsWith('http:'))) return cached(url);
    if (url.startsWith('http:')) throw new Error(`Unable to load ${url}: only https URLs are fetched`);
    return null;
  };
  return Object.assign(resolve, {
    clear: () => {
      cache.clear();
      byteCache.clear();
    },
    size: () => cache.size,
    bytes,
  });
}
