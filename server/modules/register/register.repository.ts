import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { Db, Tx } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import { type CredentialFacts, type Cursor, nameTokens, prefixEnd, sortName } from './register.rules.js';

type Q = Db | Tx;
const isPostgres = (q: Kysely<Database>) => q.getExecutor().adapter.constructor.name.startsWith('Postgres');

/** A credential as the register keeps it in an entry (JSON), newest award first. */
export type StoredCredential = Omit<CredentialFacts, 'reviewAt'>;
/** One row of a search: the entry and the key of the index it was read along. */
export type Hit = { holderId: string; sortName: string; token?: string; name: string; country: string | null; credentials: string; tokens: string };

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
  const creds = await q
    .selectFrom('credentials')
    .select(['id', 'level_id', 'level_name', 'post_nominals', 'awarded_at', 'status'])
    .where('holder_id', '=', holderId)
    .orderBy('awarded_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  if (!user || !creds.length) return false;
  const sort = sortName(user.name);
  const country = listing.show_country && user.country ? user.country : null;
  const tokens = nameTokens(user.name);
  const stored: StoredCredential[] = creds.map((c) => ({ id: c.id, levelId: c.level_id, levelName: c.level_name, postNominals: c.post_nominals, awardedAt: c.awarded_at, status: c.status }));
  await q
    .insertInto('register_entries')
    .values({ holder_id: holderId, name: user.name, sort_name: sort, tokens: tokens.join(' '), country, credentials: JSON.stringify(stored), updated_at: now.toISOString() })
    .execute();
  if (tokens.length) await q.insertInto('register_tokens').values(tokens.map((token) => ({ token, sort_name: sort, holder_id: holderId, country }))).execute();
  const levels = [...new Set(creds.map((c) => c.level_id))];
  await q.insertInto('register_levels').values(levels.map((level_id) => ({ level_id, holder_id: holderId, sort_name: sort, country }))).execute();
  return true;
}

type Filters = { level?: string; country?: string; after?: Cursor | null; limit: number };
const entryColumns = ['e.holder_id as holderId', 'e.sort_name as sortName', 'e.name', 'e.country', 'e.credentials', 'e.tokens'] as const;

/** Every search reads along one index whose order is the answer's order, and stops after `limit` rows. */
export const registerRepository = {
  listing: (q: Q, holderId: string) =>
    q.selectFrom('register_listings').select(['listed', 'show_country']).where('holder_id', '=', holderId).executeTakeFirst(),

  saveListing: (q: Q, row: { holder_id: string; listed: number; show_country: number; updated_at: string }) =>
    q
      .insertInto('register_listings')
      .values(row)
      .onConflict((oc) => oc.column('holder_id').doUpdateSet({ listed: row.listed, show_country: row.show_country, updated_at: row.updated_at }))
      .execute(),

  entry: (q: Q, holderId: string) => q.selectFrom('register_entries as e').select(entryColumns).where('e.holder_id', '=', holderId).executeTakeFirst(),

  credentialCount: async (q: Q, holderId: string) =>
    Number((await q.selectFrom('credentials').select((eb) => eb.fn.countAll().as('n')).where('holder_id', '=', holderId).executeTakeFirst())?.n ?? 0),

  /** The listed holder of a credential, if any. */
  byCredential: (q: Q, credentialId: string): Promise<Hit | undefined> =>
    q.selectFrom('credentials as c').innerJoin('register_entries as e', 'e.holder_id', 'c.holder_id').select(entryColumns).where('c.id', '=', credentialId).executeTakeFirst(),

  /**
   * Holders with a name word starting with `lead`, in (word, sort name, holder) order; `others` must
   * each start some word of the same name. A holder with two matching words comes back once per word.
   */
  byName(q: Q, f: Filters & { lead: string; others: string[] }): Promise<Hit[]> {
    let s = q
      .selectFrom('register_tokens as t')
      .innerJoin('register_entries as e', 'e.holder_id', 't.holder_id')
      .select(['t.token', ...entryColumns])
      .where('t.token', '>=', f.lead)
      .where('t.token', '<', prefixEnd(f.lead));
    if (f.country) s = s.where('t.country', '=', f.country);
    if (f.level) {
      const level = f.level;
      s = s.where((eb) => eb.exists(eb.selectFrom('register_levels as l').select('l.level_id').whereRef('l.holder_id', '=', 't.holder_id').where('l.level_id', '=', level)));
    }
    // Search words hold only letters and digits, so they need no LIKE escaping.
    for (const w of f.others) s = s.where(sql`' ' || e.tokens`, 'like', `% ${w}%`);
    const a = f.after;
    if (a) s = s.where((eb) => eb(eb.refTuple('t.token', 't.sort_name', 't.holder_id'), '>', eb.tuple(a.token ?? '', a.sortName, a.holderId)));
    return s.orderBy('t.token').orderBy('t.sort_name').orderBy('t.holder_id').limit(f.limit).execute();
  },

  /** Holders of a level (optionally in a country), in sort-name order. */
  byLevel(q: Q, f: Filters & { level: string }): Promise<Hit[]> {
    let s = q.selectFrom('register_levels as l').innerJoin('register_entries as e', 'e.holder_id', 'l.holder_id').select(entryColumns).where('l.level_id', '=', f.level);
    if (f.country) s = s.where('l.country', '=', f.country);
    return page(s, 'l', f);
  },

  /** Holders who show a country, in sort-name order. */
  byCountry(q: Q, f: Filters & { country: string }): Promise<Hit[]> {
    return page(q.selectFrom('register_entries as e').select(entryColumns).where('e.country', '=', f.country), 'e', f);
  },

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

// The two callers read along different tables (aliases l and e), hence the loose builder type.
function page(s: SelectQueryBuilder<any, any, Hit>, alias: 'l' | 'e', f: Filters): Promise<Hit[]> {
  const a = f.after;
  if (a) s = s.where((eb) => eb(eb.refTuple(`${alias}.sort_name`, `${alias}.holder_id`), '>', eb.tuple(a.sortName, a.holderId)));
  return s.orderBy(`${alias}.sort_name`).orderBy(`${alias}.holder_id`).limit(f.limit).execute();
}

export type RegisterRepository = typeof registerRepository;
