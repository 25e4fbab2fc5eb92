import type { Kysely } from 'kysely';
import type { Db, Tx } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import { type CredentialFacts, credentialUrl, nameTokens, sortName } from './register.rules.js';

type Q = Db | Tx;
const isPostgres = (q: Kysely<Database>) => q.getExecutor().adapter.constructor.name.startsWith('Postgres');

/** A credential as the register keeps it in an entry (JSON, exactly as searchRegister answers it), newest award first. */
export type StoredCredential = Omit<CredentialFacts, 'reviewAt'> & { url: string };

/** The sources of one holder's register rows. */
export type RegisterSource = {
  listing: { listed: number; show_country: number } | undefined;
  user: { name: string; country: string | null } | undefined;
  /** Newest award first (then id, descending). */
  credentials: Array<{ id: string; level_id: string; level_name: string; post_nominals: string | null; awarded_at: string; status: StoredCredential['status'] }>;
};

/** One holder's rows of the search index, without their write time; null when the holder does not appear. */
export type RegisterRows = {
  entry: { name: string; sort_name: string; tokens: string; country: string | null; credentials: string };
  tokens: Array<{ token: string; sort_name: string; country: string | null; levels: string; tokens: string }>;
  levels: Array<{ level_id: string; sort_name: string; country: string | null }>;
};

/** What the register shows of a holder, from their listing, name, country and credentials (pure). */
export function registerRows(src: RegisterSource): RegisterRows | null {
  const { listing, user, credentials: creds } = src;
  if (!listing?.listed || !user || !creds.length) return null;
  const sort = sortName(user.name);
  const country = listing.show_country && user.country ? user.country : null;
  const tokens = nameTokens(user.name);
  const words = tokens.join(' ');
  const stored: StoredCredential[] = creds.map((c) => ({ id: c.id, levelId: c.level_id, levelName: c.level_name, postNominals: c.post_nominals, awardedAt: c.awarded_at, status: c.status, url: credentialUrl(c.id) }));
  const levels = [...new Set(creds.map((c) => c.level_id))];
  return {
    entry: { name: user.name, sort_name: sort, tokens: words, country, credentials: JSON.stringify(stored) },
    tokens: tokens.map((token) => ({ token, sort_name: sort, country, levels: levels.join(' '), tokens: words })),
    levels: levels.map((level_id) => ({ level_id, sort_name: sort, country })),
  };
}

/**
 * Rewrites one holder's rows of the register's search index from their listing, name, country and
 * credentials, inside the caller's transaction. Call it in the same transaction as any write that
 * changes what the register shows: a listing choice, an award, a credential's status, a name or a
 * country. Answers whether the holder now appears.
 */
export async function refreshRegisterEntry(q: Q, holderId: string, now: Date): Promise<boolean> {
  // Two writers refreshing the same holder on PostgreSQL would both delete and both insert; the
  // row lock on the user makes the second wait for the first to commit.
  if (isPostgres(q)) await q.selectFrom('users').select('id').where('id', '=', holderId).forUpdate().execute();
  await q.deleteFrom('register_tokens').where('holder_id', '=', holderId).execute();
  await q.deleteFrom('register_levels').where('holder_id', '=', holderId).execute();
  await q.deleteFrom('register_entries').where('holder_id', '=', holderId).execute();
  const listing = await q.selectFrom('register_listings').select(['listed', 'show_country']).where('holder_id', '=', holderId).executeTakeFirst();
  if (!listing?.listed) return false;
  const user = await q.selectFrom('users').select(['name', 'country']).where('id', '=', holderId).executeTakeFirst();
  const credentials = await q
    .selectFrom('credentials')
    .select(['id', 'level_id', 'level_name', 'post_nominals', 'awarded_at', 'status'])
    .where('holder_id', '=', holderId)
    .orderBy('awarded_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const rows = registerRows({ listing, user, credentials });
  if (!rows) return false;
  await q.insertInto('register_entries').values({ holder_id: holderId, ...rows.entry, updated_at: now.toISOString() }).execute();
  if (rows.tokens.length) await q.insertInto('register_tokens').values(rows.tokens.map((t) => ({ holder_id: holderId, ...t }))).execute();
  await q.insertInto('register_levels').values(rows.levels.map((l) => ({ holder_id: holderId, ...l }))).execute();
  return true;
}

/** Listings, the member's own entry and employers' facts; the searches are in register.search.ts. */
export const registerRepository = {
  listing: (q: Q, holderId: string) =>
    q.selectFrom('register_listings').select(['listed', 'show_country', 'list_certifications', 'list_responsibility']).where('holder_id', '=', holderId).executeTakeFirst(),

  saveListing: (q: Q, row: { holder_id: string; listed: number; show_country: number; list_certifications: number; list_responsibility: number; updated_at: string }) =>
    q
      .insertInto('register_listings')
      .values(row)
      .onConflict((oc) =>
        oc.column('holder_id').doUpdateSet({ listed: row.listed, show_country: row.show_country, list_certifications: row.list_certifications, list_responsibility: row.list_responsibility, updated_at: row.updated_at }),
      )
      .execute(),

  entry: (q: Q, holderId: string) => q.selectFrom('register_entries').select(['name', 'country', 'credentials']).where('holder_id', '=', holderId).executeTakeFirst(),

  credentialCount: async (q: Q, holderId: string) =>
    Number((await q.selectFrom('credentials').select((eb) => eb.fn.countAll().as('n')).where('holder_id', '=', holderId).executeTakeFirst())?.n ?? 0),

  /** The facts employers check, for each known credential id, with the holder's name and listing choice. */
  credentialFacts: (q: Q, ids: readonly string[]) =>
    q
      .selectFrom('credentials as c')
      .innerJoin('users as u', 'u.id', 'c.holder_id')
      .leftJoin('register_listings as r', 'r.holder_id', 'c.holder_id')
      .select(['c.id', 'c.level_id', 'c.level_name', 'c.post_nominals', 'c.awarded_at', 'c.review_at', 'c.status', 'u.name', 'r.listed'])
      .where('c.id', 'in', ids)
      .execute(),
};

export type RegisterRepository = typeof registerRepository;
