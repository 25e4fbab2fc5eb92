import { createPublicKey, sign, verify } from 'node:crypto';
import type { Db } from '../../db/database.js';
import type { AuditHeadsTable } from '../../db/schema.js';
import type { SigningKey } from '../credentials/issuing/keys.js';
import { decodeMultikey, jwkFromRaw } from '../credentials/verifying/proofs/public-keys.js';
import type { HeadClaim } from './verify.js';

/*
 * Once a day the chain's head, {sequence, hash, at}, is signed with the issuer's current key as a compact
 * JWS (EdDSA, the key's DID URL as kid) and kept in audit_heads, one per UTC day. The heads are public
 * (/audit/heads/latest, /audit/heads/:day): anyone who fetched and kept one can later show that the log
 * still holds that entry with that hash, so even removing the newest entries cannot go unseen.
 */

export const HEAD_JOB = 'audit.sign-head';
export const HEAD_TYPE = 'guildhall-audit-head+jws';
export type HeadPayload = { sequence: number; hash: string; at: string };

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
export const dayOf = (d: Date) => d.toISOString().slice(0, 10);

export function signHeadJws(payload: HeadPayload, key: Pick<SigningKey, 'id' | 'keyObject'>): string {
  const input = `${b64(JSON.stringify({ alg: 'EdDSA', kid: key.id, typ: HEAD_TYPE }))}.${b64(JSON.stringify(payload))}`;
  return `${input}.${sign(null, Buffer.from(input, 'ascii'), key.keyObject).toString('base64url')}`;
}

/** Signs today's head unless one is kept already; answers the day's head either way. */
export async function signTodaysHead(db: Db, signingKey: () => Promise<SigningKey>, now: Date): Promise<AuditHeadsTable> {
  const day = dayOf(now);
  const kept = await db.selectFrom('audit_heads').selectAll().where('day', '=', day).executeTakeFirst();
  if (kept) return kept;
  const head = await db.selectFrom('audit_chain_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
  const payload: HeadPayload = { sequence: Number(head.seq), hash: head.hash, at: now.toISOString() };
  const row: AuditHeadsTable = { day, seq: payload.sequence, hash: payload.hash, at: payload.at, jws: signHeadJws(payload, await signingKey()), created_at: now.toISOString() };
  // Two processes may sign the same day at once: the first row stays.
  await db.insertInto('audit_heads').values(row).onConflict((oc) => oc.column('day').doNothing()).execute();
  return db.selectFrom('audit_heads').selectAll().where('day', '=', day).executeTakeFirstOrThrow();
}

/** The issuer's public keys by id, as the database keeps them (retired ones too: old heads stay checkable). */
export async function issuerPublicKeys(db: Db): Promise<Map<string, string>> {
  const rows = await db.selectFrom('issuer_keys').select(['id', 'public_key_multibase']).execute();
  return new Map(rows.map((r) => [r.id, r.public_key_multibase]));
}

/**
 * Reads a signed head: checks the JWS's form, type and signature against the named issuer key, and answers
 * what it claims. Throws an Error saying what is wrong.
 */
export function readSignedHead(jws: string, keys: Map<string, string>, source: string): HeadClaim {
  const parts = jws.trim().split('.');
  if (parts.length !== 3) throw new Error(`${source} is not a compact JWS (three parts separated by dots).`);
  const [h, p, s] = parts as [string, string, string];
  let header: { alg?: unknown; kid?: unknown; typ?: unknown };
  let payload: Partial<HeadPayload>;
  try {
    header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
    payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  } catch {
    throw new Error(`${source}: the JWS header or payload is not JSON.`);
  }
  if (header.alg !== 'EdDSA' || header.typ !== HEAD_TYPE) throw new Error(`${source} is not a signed audit head (alg EdDSA, typ ${HEAD_TYPE}).`);
  const multibase = typeof header.kid === 'string' ? keys.get(header.kid) : undefined;
  if (!multibase) throw new Error(`${source} was signed by ${String(header.kid)}, which is not one of this issuer's keys.`);
  const { curve, raw } = decodeMultikey(multibase);
  const key = createPublicKey({ key: jwkFromRaw(curve, raw), format: 'jwk' });
  if (!verify(null, Buffer.from(`${h}.${p}`, 'ascii'), key, Buffer.from(s, 'base64url'))) throw new Error(`${source}: the signature does not verify; the head was altered.`);
  if (!Number.isInteger(payload.sequence) || typeof payload.hash !== 'string') throw new Error(`${source}: the payload has no sequence and hash.`);
  return { sequence: payload.sequence as number, hash: payload.hash, source };
}

/** Every head kept in the database, signature checked, oldest first. */
export async function storedHeads(db: Db): Promise<HeadClaim[]> {
  const keys = await issuerPublicKeys(db);
  const rows = await db.selectFrom('audit_heads').select(['day', 'jws']).orderBy('day').execute();
  return rows.map((r) => readSignedHead(r.jws, keys, `the signed head of ${r.day}`));
}
