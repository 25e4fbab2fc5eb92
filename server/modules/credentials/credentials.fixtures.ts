// Test fixtures: an issuer on did:web with keys, its status lists, and Open Badges built from them.
import { createDocumentLoader, type JsonObject } from './document-loader.js';
import { didDocument, generateIssuerKey, type IssuerKeyRecord, loadSigningKey, type SigningKey } from './issuing/keys.js';
import type { CertificateInput } from './issuing/certificate.js';
import { buildOpenBadgeCredential } from './issuing/open-badge.js';
import { signCredential } from './issuing/sign.js';
import { createBitstring, setBit, statusEntry, statusListCredential } from './status/status-list.js';

export const SECRET = 'test-configuration-secret-0123456789';
export const ISSUER = 'did:web:guild.example';
export const NOW = new Date('2026-05-01T10:00:00Z');
export const LISTS = { revocation: 'https://guild.example/credentials/status/1', suspension: 'https://guild.example/credentials/status/2' } as const;

/** An issuer world: key records, published documents (DID document, status lists) and a resolver over them. */
export async function issuerWorld() {
  const records: IssuerKeyRecord[] = [await generateIssuerKey({ controller: ISSUER, number: 1, configSecret: SECRET, now: NOW })];
  const published = new Map<string, JsonObject>();
  const resolve = async (url: string) => published.get(url) ?? null;
  const publishDid = () => published.set(ISSUER, didDocument(ISSUER, records));
  publishDid();
  const loader = () => createDocumentLoader(resolve);
  const bits = { revocation: createBitstring(), suspension: createBitstring() };
  async function publishLists(key: SigningKey) {
    for (const purpose of ['revocation', 'suspension'] as const) {
      const list = statusListCredential({ listUrl: LISTS[purpose], issuer: ISSUER, purpose, bits: bits[purpose], validFrom: NOW });
      published.set(LISTS[purpose], await signCredential(list, key, { documentLoader: loader(), created: NOW }));
    }
  }
  const key = await loadSigningKey(records[0]!, SECRET);
  await publishLists(key);
  return { records, published, resolve, loader, publishDid, bits, publishLists, key, setBit };
}

export function badge(i: number, overrides: { validUntil?: Date; did?: string; issuer?: string; level?: string } = {}): JsonObject {
  const level = overrides.level ?? 'member';
  return buildOpenBadgeCredential({
    id: `urn:uuid:6f1c2a4e-0000-4000-8000-${String(i).padStart(12, '0')}`,
    issuer: { id: overrides.issuer ?? ISSUER, name: 'IT Service Management Guild', url: 'https://guild.example', email: 'registrar@guild.example', image: 'https://guild.example/logo.png' },
    achievement: {
      id: `https://guild.example/levels/${level}`,
      name: `${level[0]!.toUpperCase()}${level.slice(1)}`,
      description: `The ${level} level of the professional recognition scheme.`,
      criteria: '120 portfolio points, 3 years of ITSM experience and a responsibility level of 3 or more.',
      image: `https://guild.example/levels/${level}.png`,
      alignment: [{ targetName: 'Responsibility level 3: apply', targetUrl: 'https://guild.example/framework/responsibility/3', targetFramework: 'Skills Framework for the Information Age', targetCode: 'L3' }],
    },
    holder: { email: `member${i}@example.org`, salt: `salt-${i}`, did: overrides.did },
    validFrom: NOW,
    validUntil: overrides.validUntil,
    status: [statusEntry({ listUrl: LISTS.revocation, index: i, purpose: 'revocation' }), statusEntry({ listUrl: LISTS.suspension, index: i, purpose: 'suspension' })],
  });
}

/** A certificate's input for a holder (null: a holder who is not named). */
export const certificateInput = (holderName: string | null): CertificateInput => ({
  bodyName: 'IT Service Management Guild',
  holderName,
  levelName: 'Professional',
  postNominals: 'PITSMG',
  awardedAt: '2025-03-03T10:00:00.000Z',
  reviewAt: '2028-03-03T10:00:00.000Z',
  credentialId: '0190a5b2-7c1e-7abc-8def-0123456789ab',
  status: 'active',
  verifyUrl: 'https://guild.example/verify?credential=0190a5b2-7c1e-7abc-8def-0123456789ab',
  now: new Date('2026-01-01T00:00:00.000Z'),
});
