// Test fixtures for credentials of other issuers: a did:key signer, and an issuer served by a local
// HTTP server (did:web on 127.0.0.1, or a plain key URL) with a hit counter per path.
import { createPrivateKey } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { DID_V1_CONTEXT, type JsonObject, MULTIKEY_CONTEXT, VC_V2_CONTEXT } from '../document-loader.js';
import type { SigningKey } from '../issuing/keys.js';

export const EXAMPLES_CONTEXT = 'https://www.w3.org/ns/credentials/examples/v2';

/** A fresh Ed25519 signer; a did:key unless `id`/`controller` name another home for the key. */
export async function foreignKey(place?: { id: string; controller: string }): Promise<SigningKey> {
  const pair = await Ed25519Multikey.generate();
  const did = `did:key:${pair.publicKeyMultibase}`;
  const b64 = (x: Uint8Array) => Buffer.from(x).toString('base64url');
  const jwk = { kty: 'OKP', crv: 'Ed25519', x: b64(pair.publicKey), d: b64(pair.secretKey.subarray(0, 32)) } as const;
  return {
    id: place?.id ?? `${did}#${pair.publicKeyMultibase}`,
    controller: place?.controller ?? did,
    publicKeyMultibase: pair.publicKeyMultibase,
    privateJwk: jwk,
    keyObject: createPrivateKey({ key: jwk, format: 'jwk' }),
  };
}

/** An unsigned VC 2.0 credential from `issuer`, in the examples vocabulary. */
export function foreignCredential(issuer: string, n = 1, extra: JsonObject = {}): JsonObject {
  return {
    '@context': [VC_V2_CONTEXT, EXAMPLES_CONTEXT],
    id: `urn:uuid:0b7e2c1a-0000-4000-8000-${String(n).padStart(12, '0')}`,
    type: ['VerifiableCredential', 'ExampleAlumniCredential'],
    issuer,
    validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: { id: 'did:example:ebfeb1f712ebc6f1c276e12ec21', alumniOf: { name: 'Example University' } },
    ...extra,
  };
}

export const multikeyMethod = (key: SigningKey): JsonObject => ({ id: key.id, type: 'Multikey', controller: key.controller, publicKeyMultibase: key.publicKeyMultibase });

export function didDocumentFor(did: string, keys: SigningKey[]): JsonObject {
  return { '@context': [DID_V1_CONTEXT, MULTIKEY_CONTEXT], id: did, verificationMethod: keys.map(multikeyMethod), assertionMethod: keys.map((k) => k.id), authentication: keys.map((k) => k.id) };
}

/**
 * A local web server for a foreign issuer. `did` is its did:web (did:web:127.0.0.1%3A<port>, whose
 * document the did:web method fetches over http on a loopback host); `publish` serves a JSON
 * document at a path; `hang` makes a path never answer; `hits` counts requests by path.
 */
export async function foreignIssuerServer() {
  const docs = new Map<string, string>();
  const hanging = new Set<string>();
  const hits = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    if (hanging.has(path)) return;
    const body = docs.get(path);
    if (body === undefined) return void res.writeHead(404).end('not found');
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    did: `did:web:127.0.0.1%3A${port}`,
    publish: (path: string, doc: JsonObject | string) => docs.set(path, typeof doc === 'string' ? doc : JSON.stringify(doc)),
    hang: (path: string) => hanging.add(path),
    hits: (path: string) => hits.get(path) ?? 0,
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}
