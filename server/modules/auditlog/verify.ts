import type { Db } from '../../db/database.js';
import type { AuditLogTable } from '../../db/schema.js';
import { GENESIS, entryHash } from '../../platform/audit/chain.js';

/** A head someone kept: the sequence and hash of the newest entry at a moment (heads.ts signs these). */
export type HeadClaim = { sequence: number; hash: string; source: string };
export type ChainReport = { ok: boolean; entries: number; head: { sequence: number; hash: string }; problem: string | null };

type Row = Pick<AuditLogTable, 'id' | 'at' | 'actor_id' | 'action' | 'subject_type' | 'subject_id' | 'ip' | 'request_id' | 'details'> & { seq: number; prev_hash: string; hash: string };

const PAGE = 2000;
const named = (r: Pick<Row, 'id' | 'at' | 'action'>) => `(id ${r.id}, ${r.at}, ${r.action})`;

/**
 * Walks the audit log in chain order and names the first entry altered, removed or inserted: each entry's
 * hash must cover its own fields and the hash of the entry before, the sequence must have no gaps or
 * repeats, the head row must match the last entry, no row may sit outside the chain, and every kept head
 * (the signed daily heads, and any given) must still be found, so removing the newest entries shows too.
 */
export async function verifyAuditChain(db: Db, claims: readonly HeadClaim[] = []): Promise<ChainReport> {
  let expected = 1;
  let prev: Row | null = null;
  // Two entries claiming one sequence number: the next entry's link tells which one was inserted.
  let twins: Row[] = [];
  const hashes = new Map<number, string>();
  const wanted = new Set(claims.map((c) => Number(c.sequence)));
  const report = (problem: string): ChainReport => ({ ok: false, entries: expected - 1, head: { sequence: prev?.seq ?? 0, hash: prev?.hash ?? GENESIS }, problem });

  for (let after = 0; ; ) {
    const rows = (await db.selectFrom('audit_log').selectAll().where('seq', '>', after).orderBy('seq').orderBy('id').limit(PAGE).execute()) as Row[];
    if (rows.length === 0) break;
    for (const r of rows) {
      r.seq = Number(r.seq);
      if (entryHash(r.seq, r.prev_hash, r) !== r.hash) return report(`Entry ${r.seq} ${named(r)} was altered: its contents no longer match its hash.`);
      if (prev && r.seq === prev.seq) {
        twins = twins.length ? [...twins, r] : [prev, r];
        continue;
      }
      if (twins.length) {
        const genuine = twins.find((t) => t.hash === r.prev_hash);
        const inserted = twins.filter((t) => t !== genuine);
        return report(`Entry ${inserted.map(named).join(' and ')} was inserted: it claims number ${twins[0]?.seq}, which entry ${genuine ? named(genuine) : 'another'} holds.`);
      }
      if (r.seq > expected) {
        const gone = r.seq - 1 === expected ? `Entry ${expected} was removed` : `Entries ${expected} to ${r.seq - 1} were removed`;
        return report(`${gone}: the chain goes from ${prev ? `entry ${prev.seq} ${named(prev)}` : 'its start'} to entry ${r.seq} ${named(r)}.`);
      }
      const prevHash = prev?.hash ?? GENESIS;
      if (r.prev_hash !== prevHash)
        return report(
          prev
            ? `Entry ${prev.seq} ${named(prev)} was altered or replaced: entry ${r.seq} recorded a different hash for the entry before it.`
            : `Entry ${r.seq} ${named(r)} was inserted or altered: the first entry must follow the chain's start.`,
        );
      if (wanted.has(r.seq)) hashes.set(r.seq, r.hash);
      prev = r;
      expected = r.seq + 1;
    }
    after = Number(rows[rows.length - 1]?.seq);
  }
  if (twins.length) return report(`Entry ${twins[0]?.seq} appears ${twins.length} times (${twins.map(named).join(', ')}): all but one were inserted.`);

  const head = await db.selectFrom('audit_chain_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  if (head && Number(head.seq) > expected - 1)
    return report(`Entries ${expected} to ${head.seq} were removed from the end: the chain's head records ${head.seq} entries, the log ends at ${expected - 1}.`);
  if (head && head.hash !== (prev?.hash ?? GENESIS)) return report(`The newest entry ${prev ? `${prev.seq} ${named(prev)}` : ''} was replaced: the chain's head records another hash.`);

  const loose = await db.selectFrom('audit_log').select(['id', 'at', 'action']).where('seq', 'is', null).orderBy('at').limit(3).execute();
  if (loose.length) return report(`Entry ${named(loose[0] as Row)} was inserted outside the chain: it has no place in it (no sequence number).`);

  for (const c of [...claims].sort((a, b) => a.sequence - b.sequence)) {
    if (Number(c.sequence) === 0) continue;
    const found = hashes.get(Number(c.sequence));
    if (Number(c.sequence) > expected - 1)
      return report(`Entries after ${expected - 1} were removed: ${c.source} names entry ${c.sequence} with hash ${c.hash}.`);
    if (found !== c.hash) return report(`The log was rewritten at or before entry ${c.sequence}: ${c.source} records hash ${c.hash} for it, the log now has ${found}.`);
  }
  return { ok: true, entries: expected - 1, head: { sequence: prev?.seq ?? 0, hash: prev?.hash ?? GENESIS }, problem: null };
}
