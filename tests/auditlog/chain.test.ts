import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../server/db/database.js';
import { entryHash, GENESIS } from '../../server/platform/audit/chain.js';
import { audit, auditRow, sqliteAuditWriter, systemActor } from '../../server/platform/audit.js';
import { verifyAuditChain } from '../../server/modules/auditlog/verify.js';
import { freshDatabase } from '../support/app.js';
import { liftAppendOnly } from './tamper.js';

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups) await c();
  cleanups = [];
});

const now = new Date('2026-12-01T09:00:00.000Z');

/** A database holding `n` entries written by concurrent transactions. */
async function logOf(n: number): Promise<DbHandle> {
  const { database, cleanup } = await freshDatabase();
  cleanups.push(cleanup);
  await Promise.all(
    Array.from({ length: n }, (_, i) =>
      database.db.transaction().execute(async (tx) => {
        await audit(tx, { ...systemActor, actorId: `user-${i}` }, { action: 'test.entry', subjectType: 'thing', subjectId: String(i), details: { i } }, now);
      }),
    ),
  );
  return database;
}

const rowAt = (h: DbHandle, seq: number) => h.db.selectFrom('audit_log').selectAll().where('seq', '=', seq).executeTakeFirstOrThrow();

describe('the audit log hash chain', () => {
  it('links entries written by concurrent transactions into one chain without gaps or forks', async () => {
    const h = await logOf(25);
    const rows = await h.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(rows[0]?.prev_hash).toBe(GENESIS);
    for (let i = 1; i < rows.length; i++) expect(rows[i]?.prev_hash).toBe(rows[i - 1]?.hash);
    const head = await h.db.selectFrom('audit_chain_head').selectAll().executeTakeFirstOrThrow();
    expect({ seq: Number(head.seq), hash: head.hash }).toEqual({ seq: 25, hash: rows[24]?.hash });
    expect(await verifyAuditChain(h.db)).toMatchObject({ ok: true, entries: 25, problem: null });
  });

  it('names an entry whose contents were changed', async () => {
    const h = await logOf(6);
    await liftAppendOnly(h);
    await h.db.updateTable('audit_log').set({ details: '{"i":99}' }).where('seq', '=', 4).execute();
    const r = await verifyAuditChain(h.db);
    expect(r.ok).toBe(false);
    expect(r.problem).toMatch(/^Entry 4 \(id \S+, 2026-12-01T09:00:00.000Z, test.entry\) was altered: its contents no longer match its hash/);
    expect(r.entries).toBe(3);
  });

  it('names an entry changed and hashed again, by the link of the entry after it', async () => {
    const h = await logOf(6);
    await liftAppendOnly(h);
    const r3 = await rowAt(h, 3);
    const forged = { ...r3, actor_id: 'someone-else' };
    await h.db.updateTable('audit_log').set({ actor_id: 'someone-else', hash: entryHash(3, r3.prev_hash as string, forged) }).where('seq', '=', 3).execute();
    expect((await verifyAuditChain(h.db)).problem).toMatch(/^Entry 3 \(id \S+, .*\) was altered or replaced: entry 4 recorded a different hash/);
  });

  it('names entries removed from the middle and from the end', async () => {
    const h = await logOf(8);
    await liftAppendOnly(h);
    await h.db.deleteFrom('audit_log').where('seq', 'in', [5, 6]).execute();
    expect((await verifyAuditChain(h.db)).problem).toMatch(/^Entries 5 to 6 were removed: the chain goes from entry 4 \(id \S+, .*\) to entry 7/);

    const tail = await logOf(5);
    await liftAppendOnly(tail);
    await tail.db.deleteFrom('audit_log').where('seq', '=', 5).execute();
    expect((await verifyAuditChain(tail.db)).problem).toBe("Entries 5 to 5 were removed from the end: the chain's head records 5 entries, the log ends at 4.");
  });

  it('names an entry inserted outside the chain, or inserted under a number another entry holds', async () => {
    const h = await logOf(4);
    await liftAppendOnly(h);
    const loose = auditRow(systemActor, { action: 'test.forged' }, now);
    await h.db.insertInto('audit_log').values(loose).execute();
    expect((await verifyAuditChain(h.db)).problem).toBe(`Entry (id ${loose.id}, ${loose.at}, test.forged) was inserted outside the chain: it has no place in it (no sequence number).`);

    const t = await logOf(4);
    await sql`DROP INDEX audit_log_seq_idx`.execute(t.db);
    const r2 = await rowAt(t, 2);
    const twin = { ...auditRow(systemActor, { action: 'test.forged' }, now), id: 'zzzz-forged' };
    await t.db.insertInto('audit_log').values({ ...twin, seq: 2, prev_hash: r2.prev_hash, hash: entryHash(2, r2.prev_hash as string, twin) }).execute();
    expect((await verifyAuditChain(t.db)).problem).toMatch(/^Entry \(id zzzz-forged, .*, test.forged\) was inserted: it claims number 2, which entry \(id \S+/);
  });

  it('finds removed newest entries against a kept head even when the head row was put back', async () => {
    const h = await logOf(6);
    const kept = await rowAt(h, 6);
    await liftAppendOnly(h);
    await h.db.deleteFrom('audit_log').where('seq', '>', 4).execute();
    const r4 = await rowAt(h, 4);
    await h.db.updateTable('audit_chain_head').set({ seq: 4, hash: r4.hash as string }).execute();
    expect((await verifyAuditChain(h.db)).ok).toBe(true);
    const r = await verifyAuditChain(h.db, [{ sequence: 6, hash: kept.hash as string, source: 'the head in kept.json' }]);
    expect(r.problem).toBe(`Entries after 4 were removed: the head in kept.json names entry 6 with hash ${kept.hash}.`);
  });

  it('chains the synchronous SQLite writer and the query-builder writer into the same chain', async () => {
    const { database: h, cleanup } = await freshDatabase();
    cleanups.push(cleanup);
    if (!h.sqlite) return; // PostgreSQL has only the query-builder writer
    const write = sqliteAuditWriter(h.sqlite);
    for (let i = 0; i < 10; i++) {
      if (i % 2) await audit(h.db, systemActor, { action: 'test.builder', details: { i } }, now);
      else h.sqlite.transaction(() => write(auditRow(systemActor, { action: 'test.prepared', details: { i } }, now)))();
    }
    expect(await verifyAuditChain(h.db)).toMatchObject({ ok: true, entries: 10 });
  });
});
