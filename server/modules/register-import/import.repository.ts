import type { Insertable, Updateable } from 'kysely';
import type { Db, Tx } from '../../db/database.js';
import type { CredentialsTable, UsersTable } from '../../db/schema.js';
import type { RegisterImportHoldersTable, RegisterImportsTable } from '../../db/schema-register-import.js';

type Q = Db | Tx;
/** Rows per INSERT: well under SQLite's and PostgreSQL's limits on bound values (12 columns × 400). */
const INSERT_ROWS = 400;
/** Values per IN list. */
const IN_LIST = 500;

async function inChunks<T, R>(values: readonly T[], size: number, run: (part: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < values.length; i += size) out.push(...(await run(values.slice(i, i + size))));
  return out;
}

async function eachChunk<T>(values: readonly T[], size: number, run: (part: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < values.length; i += size) await run(values.slice(i, i + size));
}

/* Data access for register imports: the imports, the imported holders and the rows they create elsewhere. */
export const registerImportRepository = {
  insertImport: (q: Q, row: Insertable<RegisterImportsTable>) => q.insertInto('register_imports').values(row).execute(),
  updateImport: (q: Q, id: string, set: Updateable<RegisterImportsTable>) => q.updateTable('register_imports').set(set).where('id', '=', id).execute(),
  importById: (q: Q, id: string) => q.selectFrom('register_imports').selectAll().where('id', '=', id).executeTakeFirst(),
  insertRows: (q: Q, importId: string, rowsJson: string) => q.insertInto('register_import_rows').values({ import_id: importId, rows_json: rowsJson }).execute(),
  rowsOf: async (q: Q, importId: string) => (await q.selectFrom('register_import_rows').select('rows_json').where('import_id', '=', importId).executeTakeFirst())?.rows_json ?? null,
  deleteRows: (q: Q, importId: string) => q.deleteFrom('register_import_rows').where('import_id', '=', importId).execute(),
  /** An import of the same file still under way (the same upload sent twice answers the first). */
  runningByFile: (q: Q, sha: string) =>
    q.selectFrom('register_imports').select('id').where('file_sha256', '=', sha).where('status', 'in', ['queued', 'importing']).executeTakeFirst(),
  recent: (q: Q, limit: number) =>
    q.selectFrom('register_imports').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute(),
  invitationsSent: async (q: Q, importIds: readonly string[]): Promise<Map<string, number>> => {
    if (!importIds.length) return new Map();
    const rows = await q
      .selectFrom('register_import_holders')
      .select((eb) => ['import_id', eb.fn.countAll().as('n')])
      .where('import_id', 'in', importIds)
      .where('invited_at', 'is not', null)
      .groupBy('import_id')
      .execute();
    return new Map(rows.map((r) => [r.import_id, Number(r.n)]));
  },

  /** The external ids among these that were imported before. */
  knownExternalIds: async (q: Q, ids: readonly string[]): Promise<Set<string>> =>
    new Set((await inChunks(ids, IN_LIST, (part) => q.selectFrom('register_import_holders').select('external_id').where('external_id', 'in', part).execute())).map((r) => r.external_id)),
  usersByEmail: (q: Q, emails: readonly string[]) =>
    inChunks(emails, IN_LIST, (part) => q.selectFrom('users').select(['id', 'email', 'status']).where('email', 'in', part).execute()),

  insertUsers: (q: Q, rows: Insertable<UsersTable>[]) => eachChunk(rows, INSERT_ROWS, (part) => q.insertInto('users').values(part).execute()),
  insertCredentials: (q: Q, rows: Insertable<CredentialsTable>[]) => eachChunk(rows, INSERT_ROWS, (part) => q.insertInto('credentials').values(part).execute()),
  insertHolders: (q: Q, rows: Insertable<RegisterImportHoldersTable>[]) => eachChunk(rows, INSERT_ROWS, (part) => q.insertInto('register_import_holders').values(part).execute()),

  /** Holders of an import still waiting for their claim link, whose account is still invited. */
  toInvite: (q: Q, importId: string, limit: number) =>
    q
      .selectFrom('register_import_holders as h')
      .innerJoin('users as u', 'u.id', 'h.user_id')
      .innerJoin('credentials as c', 'c.id', 'h.credential_id')
      .select(['h.external_id', 'u.id as user_id', 'u.email', 'u.name', 'u.status as user_status', 'c.level_name', 'c.status'])
      .where('h.import_id', '=', importId)
      .where('h.invite', '=', 1)
      .where('h.invited_at', 'is', null)
      .orderBy('h.external_id')
      .limit(limit)
      .execute(),
  markInvited: (q: Q, externalIds: readonly string[], at: string) =>
    eachChunk(externalIds, IN_LIST, (part) => q.updateTable('register_import_holders').set({ invited_at: at }).where('external_id', 'in', part).execute()),
};
export type RegisterImportRepository = typeof registerImportRepository;
