import { sha256 } from '../secrets.js';
import type { AuditLogTable } from '../../db/schema.js';

/*
 * The audit log is one hash chain: entry n carries sequence n, the hash of entry n-1 (prev_hash) and its own
 * hash over its fields and prev_hash. Changing, removing or inserting an entry breaks every later link, and
 * the signed heads published each day (heads.ts) pin the newest entries too. One row, audit_chain_head, holds
 * the last sequence and hash; a writer updates it first in its transaction, which on PostgreSQL locks the row
 * until commit, so concurrent writers take turns and the chain never forks.
 */

/** The previous hash of the first entry. */
export const GENESIS = '0'.repeat(64);

/** The fields an entry's hash covers, besides its sequence and previous hash: every column the writer sets. */
export type ChainFields = Omit<AuditLogTable, 'seq' | 'prev_hash' | 'hash'>;

export type ChainLink = { seq: number; prev_hash: string; hash: string };

/**
 * SHA-256 (hex) over a JSON array of the fields in a fixed order: an array, not an object, so key order and
 * added columns cannot change what was hashed. Missing optional fields are null, never undefined.
 */
export function entryHash(seq: number, prevHash: string, e: ChainFields): string {
  const fields = [seq, prevHash, e.id, e.at, e.actor_id ?? null, e.action, e.subject_type ?? null, e.subject_id ?? null, e.ip ?? null, e.request_id ?? null, e.details];
  return sha256(JSON.stringify(fields));
}

/** An entry's link, given its sequence and the hash of the entry before. */
export const linkOf = (seq: number, prevHash: string, e: ChainFields): ChainLink => ({ seq: Number(seq), prev_hash: prevHash, hash: entryHash(Number(seq), prevHash, e) });
