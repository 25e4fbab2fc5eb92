import type { Db, DbHandle, Tx } from '../../db/database.js';
import type { SchemeVersionsTable, SchemesTable } from '../../db/schema.js';

type Q = Db | Tx;
export type SchemeRow = SchemesTable;
export type VersionRow = SchemeVersionsTable;
export type VersionHead = Omit<VersionRow, 'content'>;

const headColumns = ['id', 'scheme_id', 'number', 'label', 'status', 'sha256', 'created_at', 'created_by', 'published_at', 'published_by'] as const;

const IN_FORCE_SQL = 'SELECT * FROM schemes WHERE current_version_id IS NOT NULL ORDER BY created_at, id LIMIT 1';

/**
 * Data access for schemes and their versions. The only schemes file that uses Kysely. Finding the scheme in
 * force runs on every eligibility request: on SQLite a prepared statement (decision 0004).
 */
export function schemesRepository(handle?: DbHandle) {
  const inForceStmt = handle?.sqlite?.prepare(IN_FORCE_SQL) ?? null;
  return {
    listSchemes: (q: Q): Promise<SchemeRow[]> => q.selectFrom('schemes').selectAll().orderBy('created_at').orderBy('id').execute(),
    /** By row id or by the stable key inside the content. */
    findScheme: (q: Q, idOrKey: string): Promise<SchemeRow | undefined> =>
      q.selectFrom('schemes').selectAll().where((eb) => eb.or([eb('id', '=', idOrKey), eb('key', '=', idOrKey)])).orderBy('created_at').executeTakeFirst(),
    /** The scheme members are judged under: the oldest one with a published version. */
    schemeInForce: async (q: Q): Promise<SchemeRow | undefined> =>
      inForceStmt ? (inForceStmt.get() as SchemeRow | undefined) : q.selectFrom('schemes').selectAll().where('current_version_id', 'is not', null).orderBy('created_at').orderBy('id').limit(1).executeTakeFirst(),
    insertScheme: (q: Q, row: SchemeRow) => q.insertInto('schemes').values(row).execute(),
    setCurrent: (q: Q, schemeId: string, versionId: string) =>
      q.updateTable('schemes').set({ current_version_id: versionId }).where('id', '=', schemeId).execute(),

    versionHeads: (q: Q, schemeIds: string[]): Promise<VersionHead[]> =>
      schemeIds.length === 0 ? Promise.resolve([]) : q.selectFrom('scheme_versions').select(headColumns).where('scheme_id', 'in', schemeIds).orderBy('number').execute(),
    findVersion: (q: Q, id: string): Promise<VersionRow | undefined> =>
      q.selectFrom('scheme_versions').selectAll().where('id', '=', id).executeTakeFirst(),
    nextNumber: async (q: Q, schemeId: string): Promise<number> => {
      const r = await q.selectFrom('scheme_versions').select((eb) => eb.fn.max('number').as('n')).where('scheme_id', '=', schemeId).executeTakeFirst();
      return Number(r?.n ?? 0) + 1;
    },
    insertVersion: (q: Q, row: VersionRow) => q.insertInto('scheme_versions').values(row).execute(),
    /** Draft → published; returns false if it was not a draft any more. */
    /** Draft → published, only with the content that was checked (sha256); returns false if it was not that draft any more. */
    publishVersion: async (q: Q, id: string, sha: string, by: string, at: string): Promise<boolean> => {
      const r = await q
        .updateTable('scheme_versions')
        .set({ status: 'published', published_at: at, published_by: by })
        .where('id', '=', id)
        .where('status', '=', 'draft')
        .where('sha256', '=', sha)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    /** New content for a draft, compare-and-set on the revision (sha256) the editor started from. */
    updateDraft: async (q: Q, id: string, revision: string, set: Pick<VersionRow, 'content' | 'sha256' | 'label'>): Promise<boolean> => {
      const r = await q.updateTable('scheme_versions').set(set).where('id', '=', id).where('status', '=', 'draft').where('sha256', '=', revision).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
  };
}
export type SchemesRepository = ReturnType<typeof schemesRepository>;
