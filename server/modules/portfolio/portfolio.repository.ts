import type { Portfolio, PortfolioItem } from '../../../contracts/portfolio.js';
import type { Db, DbHandle, Tx } from '../../db/database.js';
import type { EvidenceTable, PortfolioItemsTable } from '../../db/schema.js';

type Q = Db | Tx;
export type ItemRow = PortfolioItemsTable;
export type EvidenceRow = EvidenceTable;

/** The stored JSON holds the item (with its row id) without evidenceIds, which live in evidence_links. */
export function itemFromRow(row: { id: string; data: string }): PortfolioItem {
  const item = JSON.parse(row.data) as PortfolioItem;
  // The row id is the truth; stored JSON carries it first only so that reading needs no copy.
  item.id = row.id;
  return item;
}
export function dataOf(item: PortfolioItem): string {
  const { evidenceIds: _e, ...rest } = item;
  return JSON.stringify(rest);
}

/** What changes whenever a member's items change: count, newest id, latest update. */
export type PortfolioRevision = { n: number; maxId: string | null; maxUpdated: string | null };
// Three subqueries, each answered from an index alone (a single aggregate would read all the member's rows).
const REVISION_SQL = `SELECT (SELECT count(*) FROM portfolio_items WHERE member_id = @m) AS n,
  (SELECT max(id) FROM portfolio_items WHERE member_id = @m) AS maxId,
  (SELECT max(updated_at) FROM portfolio_items WHERE member_id = @m) AS maxUpdated`;

/**
 * Data access for portfolio items, evidence and their links. The only portfolio file that uses Kysely. The
 * revision check behind getEligibility is a hot path: on SQLite a prepared statement (decision 0004).
 */
export function portfolioRepository(handle?: DbHandle) {
  const revisionStmt = handle?.sqlite?.prepare(REVISION_SQL) ?? null;
  const batchStmt = handle?.sqlite?.prepare('SELECT id, member_id, data FROM portfolio_items WHERE member_id > ? ORDER BY member_id, id LIMIT ?').raw(true) ?? null;
  const memberStmt = handle?.sqlite?.prepare('SELECT id, member_id, data FROM portfolio_items WHERE member_id = ? ORDER BY id').raw(true) ?? null;
  return {
    revisionOf: async (q: Q, memberId: string): Promise<PortfolioRevision> => {
      if (revisionStmt) return revisionStmt.get({ m: memberId }) as PortfolioRevision;
      const r = await q
        .selectFrom('portfolio_items')
        .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('id').as('maxId'), eb.fn.max('updated_at').as('maxUpdated')])
        .where('member_id', '=', memberId)
        .executeTakeFirstOrThrow();
      return { n: Number(r.n), maxId: r.maxId ?? null, maxUpdated: r.maxUpdated ?? null };
    },
    /** Every item of a member in one query, oldest first (ids are time-ordered). */
    itemsOf: (q: Q, memberId: string): Promise<ItemRow[]> =>
      q.selectFrom('portfolio_items').selectAll().where('member_id', '=', memberId).orderBy('id').execute(),
    /** Just what evaluation needs, in one query. */
    itemDataOf: (q: Q, memberId: string): Promise<Array<{ id: string; data: string }>> =>
      q.selectFrom('portfolio_items').select(['id', 'data']).where('member_id', '=', memberId).orderBy('id').execute(),
    /** The work items of several members at once (conflict-of-interest checks when assigning assessors). */
    workItemsOf: (q: Q, memberIds: readonly string[]): Promise<Array<{ member_id: string; data: string }>> =>
      memberIds.length === 0
        ? Promise.resolve([])
        : q.selectFrom('portfolio_items').select(['member_id', 'data']).where('kind', '=', 'work').where('member_id', 'in', [...memberIds]).execute(),
    findItem: (q: Q, memberId: string, id: string): Promise<ItemRow | undefined> =>
      q.selectFrom('portfolio_items').selectAll().where('id', '=', id).where('member_id', '=', memberId).executeTakeFirst(),
    insertItem: (q: Q, row: ItemRow) => q.insertInto('portfolio_items').values(row).execute(),
    updateItem: (q: Q, id: string, patch: Pick<ItemRow, 'kind' | 'data' | 'updated_at'>) =>
      q.updateTable('portfolio_items').set(patch).where('id', '=', id).execute(),
    deleteItem: async (q: Q, id: string) => {
      await q.deleteFrom('evidence_links').where('item_id', '=', id).execute();
      await q.deleteFrom('portfolio_items').where('id', '=', id).execute();
    },
    /** Ids among `ids` that are items of this member. */
    ownItemIds: async (q: Q, memberId: string, ids: readonly string[]): Promise<Set<string>> =>
      ids.length === 0 ? new Set() : new Set((await q.selectFrom('portfolio_items').select('id').where('member_id', '=', memberId).where('id', 'in', [...ids]).execute()).map((r) => r.id)),

    evidenceOf: (q: Q, memberId: string): Promise<EvidenceRow[]> =>
      q.selectFrom('evidence').selectAll().where('member_id', '=', memberId).orderBy('id').execute(),
    findEvidence: (q: Q, id: string): Promise<EvidenceRow | undefined> => q.selectFrom('evidence').selectAll().where('id', '=', id).executeTakeFirst(),
    ownEvidenceIds: async (q: Q, memberId: string, ids: readonly string[]): Promise<Set<string>> =>
      ids.length === 0 ? new Set() : new Set((await q.selectFrom('evidence').select('id').where('member_id', '=', memberId).where('id', 'in', [...ids]).execute()).map((r) => r.id)),
    filesOf: (q: Q, shas: readonly string[]) =>
      shas.length === 0 ? Promise.resolve([]) : q.selectFrom('files').select(['sha256', 'media_type', 'size']).where('sha256', 'in', [...new Set(shas)]).execute(),
    insertEvidence: (q: Q, row: EvidenceRow) => q.insertInto('evidence').values(row).execute(),
    /** Links of a member's evidence, as (evidence, item) pairs. */
    linksOf: (q: Q, memberId: string): Promise<Array<{ evidence_id: string; item_id: string }>> =>
      q
        .selectFrom('evidence_links')
        .innerJoin('evidence', 'evidence.id', 'evidence_links.evidence_id')
        .select(['evidence_links.evidence_id', 'evidence_links.item_id'])
        .where('evidence.member_id', '=', memberId)
        .orderBy('evidence_links.evidence_id')
        .orderBy('evidence_links.item_id')
        .execute(),
    link: (q: Q, pairs: Array<{ evidence_id: string; item_id: string }>) =>
      pairs.length === 0 ? Promise.resolve() : q.insertInto('evidence_links').values(pairs).onConflict((oc) => oc.columns(['evidence_id', 'item_id']).doNothing()).execute().then(() => undefined),
    unlinkItem: (q: Q, itemId: string) => q.deleteFrom('evidence_links').where('item_id', '=', itemId).execute(),

    /**
     * Every member's portfolio, about `rows` items at a time, by member id (keyset paging; no cursor stays open
     * between batches, so the caller may yield to other requests). On SQLite through prepared statements.
     */
    async *portfolioBatches(q: Q, rows = 50_000): AsyncIterable<Array<{ memberId: string; portfolio: Portfolio }>> {
      // Rows as [id, member_id, data] tuples: on SQLite straight from a raw prepared statement, which is what
      // makes reading 100,000 portfolios cheap; elsewhere mapped from the query builder's objects.
      type Row = [id: string, memberId: string, data: string];
      const tuples = (rs: Array<{ id: string; member_id: string; data: string }>): Row[] => rs.map((r) => [r.id, r.member_id, r.data]);
      const page = async (after: string): Promise<Row[]> =>
        batchStmt
          ? (batchStmt.all(after, rows) as Row[])
          : tuples(await q.selectFrom('portfolio_items').select(['id', 'member_id', 'data']).where('member_id', '>', after).orderBy('member_id').orderBy('id').limit(rows).execute());
      const whole = async (memberId: string): Promise<Row[]> =>
        memberStmt
          ? (memberStmt.all(memberId) as Row[])
          : tuples(await q.selectFrom('portfolio_items').select(['id', 'member_id', 'data']).where('member_id', '=', memberId).orderBy('id').execute());
      let after = '';
      for (;;) {
        let got = await page(after);
        if (got.length === 0) return;
        const last = got[got.length - 1]![1];
        if (got.length === rows) {
          // The last member may continue past this page: finish them whole, or leave them to the next page.
          got = got[0]![1] === last ? await whole(last) : got.filter((r) => r[1] !== last);
        }
        const batch: Array<{ memberId: string; portfolio: Portfolio }> = [];
        let tail: { memberId: string; portfolio: Portfolio } | undefined;
        for (const [id, memberId, data] of got) {
          if (tail?.memberId !== memberId) {
            tail = { memberId, portfolio: { items: [] } };
            batch.push(tail);
          }
          tail.portfolio.items.push(itemFromRow({ id, data }));
        }
        yield batch;
        after = got[got.length - 1]![1];
      }
    },
  };
}
export type PortfolioRepository = ReturnType<typeof portfolioRepository>;
