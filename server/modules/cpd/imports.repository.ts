import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db, DbHandle, Tx } from '../../db/database.js';
import type { CpdActivitiesTable, CpdImportsTable, CpdProviderCodesTable, CpdProvidersTable } from '../../db/schema.js';

type Q = Db | Tx;
export type ImportRowDb = Omit<Selectable<CpdImportsTable>, 'rows_json'> & { provider_name: string };

/** Looks up `values` in chunks, so an IN list stays well below the databases' parameter limits. */
async function inChunks<T>(values: readonly string[], size: number, run: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  const unique = [...new Set(values)];
  for (let i = 0; i < unique.length; i += size) out.push(...(await run(unique.slice(i, i + size))));
  return out;
}

const CREDIT_COLUMNS = ['id', 'member_id', 'type', 'title', 'occurred_on', 'quarters', 'provider', 'learned', 'apply', 'details', 'source', 'verified', 'provider_id', 'import_id', 'row_key', 'activity_code', 'audit_status', 'created_at', 'updated_at', 'deleted_at'] as const;
const INSERT_CREDIT_SQL = `INSERT INTO cpd_activities (${CREDIT_COLUMNS.join(', ')}) VALUES (${CREDIT_COLUMNS.map(() => '?').join(', ')}) ON CONFLICT (provider_id, row_key) DO NOTHING`;
const CREDITED_KEY_SQL = 'SELECT row_key, import_id FROM cpd_activities WHERE provider_id = ? AND row_key = ?';

/**
 * Data access for approved providers, their codes and users, and their imports. Crediting a large file is a
 * hot path: on SQLite its key checks and inserts are prepared statements run inside the caller's
 * transaction (the same connection), which is several times faster than building multi-row statements.
 */
export function importsRepository(handle?: DbHandle) {
  const sqlite = handle?.sqlite ?? null;
  const insertCredit = sqlite?.prepare(INSERT_CREDIT_SQL) ?? null;
  const creditedKey = sqlite?.prepare(CREDITED_KEY_SQL) ?? null;
  return {
  // ---- providers ----
  insertProvider: (q: Q, row: Insertable<CpdProvidersTable>) => q.insertInto('cpd_providers').values(row).execute(),
  provider: (q: Q, id: string) => q.selectFrom('cpd_providers').selectAll().where('id', '=', id).executeTakeFirst(),
  providerBySlug: (q: Q, slug: string) => q.selectFrom('cpd_providers').select('id').where('slug', '=', slug).executeTakeFirst(),
  providers: (q: Q, ids: readonly string[] | null) => {
    let s = q.selectFrom('cpd_providers').selectAll().orderBy('name').orderBy('id');
    if (ids) s = s.where('id', 'in', ids.length ? [...ids] : ['']);
    return s.execute();
  },
  providerIdsOf: async (q: Q, userId: string) => (await q.selectFrom('cpd_provider_users').select('provider_id').where('user_id', '=', userId).execute()).map((r) => r.provider_id),
  isProviderUser: async (q: Q, providerId: string, userId: string) =>
    !!(await q.selectFrom('cpd_provider_users').select('user_id').where('provider_id', '=', providerId).where('user_id', '=', userId).executeTakeFirst()),
  addProviderUser: (q: Q, providerId: string, userId: string, at: string) =>
    q.insertInto('cpd_provider_users').values({ provider_id: providerId, user_id: userId, added_at: at }).onConflict((oc) => oc.columns(['provider_id', 'user_id']).doNothing()).execute(),
  removeProviderUser: async (q: Q, providerId: string, userId: string) =>
    Number((await q.deleteFrom('cpd_provider_users').where('provider_id', '=', providerId).where('user_id', '=', userId).executeTakeFirst()).numDeletedRows) > 0,
  /** Moves a provider between approved and suspended; false when it was not in `from`. */
  setProviderStatus: async (q: Q, id: string, from: 'approved' | 'suspended', to: 'approved' | 'suspended', at: string) =>
    Number((await q.updateTable('cpd_providers').set({ status: to, updated_at: at }).where('id', '=', id).where('status', '=', from).executeTakeFirst()).numUpdatedRows) > 0,
  providerUsers: (q: Q, providerIds: readonly string[]) =>
    providerIds.length === 0
      ? Promise.resolve([])
      : q.selectFrom('cpd_provider_users as pu').innerJoin('users as u', 'u.id', 'pu.user_id').select(['pu.provider_id', 'u.id', 'u.name', 'u.email']).where('pu.provider_id', 'in', [...providerIds]).orderBy('u.email').execute(),
  userByEmail: (q: Q, email: string) => q.selectFrom('users').select(['id', 'name', 'email']).where('email', '=', email).executeTakeFirst(),
  codes: (q: Q, providerIds: readonly string[]) =>
    providerIds.length === 0 ? Promise.resolve([]) : q.selectFrom('cpd_provider_codes').selectAll().where('provider_id', 'in', [...providerIds]).orderBy('code').execute(),
  insertCode: (q: Q, row: Insertable<CpdProviderCodesTable>) => q.insertInto('cpd_provider_codes').values(row).execute(),
  code: (q: Q, providerId: string, code: string) => q.selectFrom('cpd_provider_codes').select('code').where('provider_id', '=', providerId).where('code', '=', code).executeTakeFirst(),

  // ---- imports ----
  insertImport: (q: Q, row: Insertable<CpdImportsTable>) => q.insertInto('cpd_imports').values(row).execute(),
  updateImport: (q: Q, id: string, patch: Updateable<CpdImportsTable>) => q.updateTable('cpd_imports').set(patch).where('id', '=', id).execute(),
  importByFile: (q: Q, providerId: string, sha: string) => q.selectFrom('cpd_imports').select(['id', 'status']).where('provider_id', '=', providerId).where('file_sha256', '=', sha).executeTakeFirst(),
  importRows: async (q: Q, id: string) => (await q.selectFrom('cpd_imports').select('rows_json').where('id', '=', id).executeTakeFirst())?.rows_json ?? null,
  importView: (q: Q, id: string): Promise<ImportRowDb | undefined> =>
    q
      .selectFrom('cpd_imports as i')
      .innerJoin('cpd_providers as p', 'p.id', 'i.provider_id')
      .select(['i.id', 'i.provider_id', 'i.uploaded_by', 'i.via', 'i.file_sha256', 'i.file_name', 'i.status', 'i.total_rows', 'i.processed_rows', 'i.credited_rows', 'i.duplicate_rows', 'i.error_rows', 'i.report', 'i.job_id', 'i.created_at', 'i.updated_at', 'i.finished_at', 'p.name as provider_name'])
      .where('i.id', '=', id)
      .executeTakeFirst(),
  importsOf: (q: Q, providerIds: readonly string[] | null, limit: number) => {
    let s = q
      .selectFrom('cpd_imports as i')
      .innerJoin('cpd_providers as p', 'p.id', 'i.provider_id')
      .select(['i.id', 'i.provider_id', 'i.via', 'i.file_name', 'i.status', 'i.total_rows', 'i.processed_rows', 'i.credited_rows', 'i.duplicate_rows', 'i.error_rows', 'i.created_at', 'i.finished_at', 'p.name as provider_name'])
      .orderBy('i.created_at', 'desc')
      .orderBy('i.id', 'desc')
      .limit(limit);
    if (providerIds) s = s.where('i.provider_id', 'in', providerIds.length ? [...providerIds] : ['']);
    return s.execute();
  },

  // ---- lookups for checking a file ----
  usersByEmail: (q: Q, emails: readonly string[]) => inChunks(emails, 500, (c) => q.selectFrom('users').select(['id', 'email']).where('email', 'in', c).execute()),
  usersById: (q: Q, ids: readonly string[]) => inChunks(ids, 500, (c) => q.selectFrom('users').select('id').where('id', 'in', c).execute()),
  credentialHolders: (q: Q, ids: readonly string[]) =>
    inChunks(ids, 500, (c) => q.selectFrom('credentials').select(['id', 'holder_id']).where('id', 'in', c).where('status', '!=', 'revoked').execute()),
  /** Which credit keys of a provider exist already, and from which import. */
  creditedKeys: async (q: Q, providerId: string, keys: readonly string[]): Promise<Array<{ row_key: string | null; import_id: string | null }>> => {
    if (creditedKey) return keys.flatMap((k) => (creditedKey.all(providerId, k) as Array<{ row_key: string; import_id: string | null }>));
    return inChunks(keys, 500, (c) => q.selectFrom('cpd_activities').select(['row_key', 'import_id']).where('provider_id', '=', providerId).where('row_key', 'in', c).execute());
  },
  /** Inserts credits; a key credited meanwhile is skipped. Call inside a transaction. */
  insertCredits: async (q: Q, rows: Insertable<CpdActivitiesTable>[]) => {
    if (insertCredit) {
      for (const r of rows) insertCredit.run(...CREDIT_COLUMNS.map((c) => r[c] ?? null));
      return;
    }
    for (let i = 0; i < rows.length; i += 500)
      await q.insertInto('cpd_activities').values(rows.slice(i, i + 500)).onConflict((oc) => oc.columns(['provider_id', 'row_key']).doNothing()).execute();
  },
  };
}
export type ImportsRepository = ReturnType<typeof importsRepository>;
