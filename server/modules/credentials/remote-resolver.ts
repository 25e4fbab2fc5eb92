// Finds the documents a foreign credential points at: did:key documents are computed, did:web
// documents and https keys and status lists are fetched (https only, to public addresses only,
// with a timeout and a size limit) and kept in memory for a while. Our own documents (under
// PUBLIC_URL, or our did:web) are answered by our own resolver and never fetched over HTTP.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP } from 'node:net';
import { didWebDocumentUrl, didWebFromUrl } from './did-web.js';
import { createDocumentLoader, type JsonObject, type Resolver } from './document-loader.js';

export type RemoteResolverOptions = {
  /** Our public URL: documents under it, and under our did:web, are answered by `own` only. */
  publicUrl: string;
  own?: Resolver;
  timeoutMs?: number;
  maxBytes?: number;
  /** How long a fetched document is kept; a failure is kept for a tenth of it, so a dead host is not hammered. */
  ttlMs?: number;
  maxEntries?: number;
  now?: () => number;
  /**
   * For tests only (a local server on 127.0.0.1 over plain HTTP): allows http: and private addresses.
   * Never set from configuration: in production a credential must not make us call into our own network.
   */
  allowInsecureForTests?: boolean;
};

export type RemoteResolver = Resolver & { clear: () => void; size: () => number };

/** Loopback, private, link-local, carrier-grade NAT, multicast and reserved ranges (v4 and v6). */
const privateRanges = (() => {
  const b = new BlockList();
  for (const [net, bits] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 3]] as const) b.addSubnet(net, bits, 'ipv4');
  for (const [net, bits] of [['::', 127], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96]] as const) b.addSubnet(net, bits, 'ipv6');
  return b;
})();

export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return privateRanges.check(mapped[1]!, 'ipv4');
  const family = isIP(address);
  return family === 0 || privateRanges.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A DNS lookup that refuses private addresses, applied at connect time so a re-bound name cannot slip through. */
function publicOnlyLookup(hostname: string, options: object, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options }, ((err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => {
    if (err) return callback(err, address, family);
    const list = Array.isArray(address) ? address.map((a) => a.address) : [address];
    const bad = list.find(isPrivateAddress);
    if (bad) return callback(Object.assign(new Error(`${hostname} resolves to ${bad}, a private address`), { code: 'EPRIVATE' }), address, family);
    callback(null, address, family);
  }) as never);
}

/** GET a JSON object over https within the limits; throws "Unable to load <url>: <why>". */
function fetchJson(url: string, o: { timeoutMs: number; maxBytes: number; insecure: boolean }): Promise<JsonObject> {
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
    if (!o.insecure && isIP(host) && isPrivateAddress(host)) return reject(fail(`${host} is a private address`));
    const client = target.protocol === 'https:' ? https : http;
    const req = client.get(target, {
      headers: { accept: 'application/did+json, application/ld+json, application/json;q=0.9', 'user-agent': 'Guildhall verifier' },
      timeout: o.timeoutMs,
      ...(o.insecure ? {} : { lookup: publicOnlyLookup as never }),
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
      res.on('end', () => {
        try {
          const doc = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
          if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return reject(fail('the answer is not a JSON object'));
          resolve(doc as JsonObject);
        } catch {
          reject(fail('the answer is not JSON'));
        }
      });
    });
    req.on('timeout', () => req.destroy(fail(`no answer within ${o.timeoutMs} ms`)));
    req.on('error', (e) => reject(e.message.startsWith('Unable to load') ? e : fail(e.message)));
  });
}

export function createRemoteResolver(options: RemoteResolverOptions): RemoteResolver {
  const publicUrl = options.publicUrl.replace(/\/+$/, '');
  const ourDid = didWebFromUrl(publicUrl);
  const limits = { timeoutMs: options.timeoutMs ?? 3000, maxBytes: options.maxBytes ?? 512 * 1024, insecure: options.allowInsecureForTests === true };
  const ttl = options.ttlMs ?? 5 * 60_000;
  const maxEntries = options.maxEntries ?? 1000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { expires: number; value: Promise<JsonObject> }>();
  const didKeys = createDocumentLoader();

  const isOurs = (url: string) => url === ourDid || url.startsWith(`${ourDid}#`) || url.startsWith(`${ourDid}:`) || url === publicUrl || url.startsWith(`${publicUrl}/`);

  async function fetchDocument(url: string): Promise<JsonObject> {
    if (!url.startsWith('did:web:')) return fetchJson(url, limits);
    const doc = await fetchJson(didWebDocumentUrl(url), limits);
    // did:web: the document must be about the DID it was fetched for.
    if (doc['id'] !== url) throw new Error(`Unable to load ${url}: the DID document at ${didWebDocumentUrl(url)} is for ${String(doc['id'])}`);
    return doc;
  }

  function cached(url: string): Promise<JsonObject> {
    const hit = cache.get(url);
    if (hit && hit.expires > now()) {
      cache.delete(url); // re-insert: the Map's order is the eviction order
      cache.set(url, hit);
      return hit.value;
    }
    const value = fetchDocument(url);
    const entry = { expires: now() + ttl, value };
    value.catch(() => {
      entry.expires = now() + ttl / 10;
    });
    cache.set(url, entry);
    while (cache.size > maxEntries) cache.delete(cache.keys().next().value!);
    return value;
  }

  const resolve = async (url: string): Promise<JsonObject | null> => {
    if (isOurs(url)) return options.own ? ((await options.own(url)) ?? null) : null;
    if (url.startsWith('did:key:')) return (await didKeys(url)).document;
    // With a fragment, the document loader asks again for the document without it and picks the key out.
    if (url.includes('#')) return null;
    if (url.startsWith('did:web:') || url.startsWith('https:') || (limits.insecure && url.startsWith('http:'))) return cached(url);
    if (url.startsWith('http:')) throw new Error(`Unable to load ${url}: only https URLs are fetched`);
    return null;
  };
  return Object.assign(resolve, { clear: () => cache.clear(), size: () => cache.size });
}
