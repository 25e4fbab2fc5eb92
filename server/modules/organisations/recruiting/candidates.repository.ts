import { type RawBuilder, sql } from 'kysely';
import type { Db, Tx } from '../../../db/database.js';
import { type CandidateCursor, certificationsOf, currentResponsibility } from './candidates.rules.js';

type Q = Db | Tx;

/**
 * Rewrites one holder's rows of candidate search from their listing choices and portfolio, inside the
 * caller's transaction. Rows exist only for a listed holder who chose to list their certifications or
 * responsibility level, and hold only what they chose. Answers whether the holder has rows.
 */
export async function refreshCandidate(q: Q, holderId: string, now: Date): Promise<boolean> {
  await q.deleteFrom('recruiting_certifications').where('holder_id', '=', holderId).execute();
  await q.deleteFrom('recruiting_responsibility').where('holder_id', '=', holderId).execute();
  await q.deleteFrom('recruiting_candidates').where('holder_id', '=', holderId).execute();
  const listing = await q.selectFrom('register_listings').select(['listed', 'list_certifications', 'list_responsibility']).where('holder_id', '=', holderId).executeTakeFirst();
  if (!listing?.listed || (!listing.list_certifications && !listing.list_responsibility)) return false;
  const items = await q.selectFrom('portfolio_items').select(['kind', 'data']).where('member_id', '=', holderId).where('kind', 'in', ['certification', 'work']).execute();
  const entry = await q.selectFrom('register_entries').select('sort_name').where('holder_id', '=', holderId).executeTakeFirst();
  if (!entry) return false; // not in the register (no credential yet): nothing to search
  const certifications = listing.list_certifications ? certificationsOf(items) : [];
  const level = listing.list_responsibility ? currentResponsibility(items, now.toISOString().slice(0, 10)) : null;
  await q
    .insertInto('recruiting_candidates')
    // JSON null (not []) when certifications are not listed, so the answer can tell "not listed" from "none".
    .values({ holder_id: holderId, responsibility_level: level, certifications: JSON.stringify(listing.list_certifications ? certifications.map((c) => c.title) : null), updated_at: now.toISOString() })
    .execute();
  if (level) await q.insertInto('recruiting_responsibility').values(Array.from({ length: level }, (_, i) => ({ at_least: i + 1, sort_name: entry.sort_name, holder_id: holderId }))).execute();
  if (certifications.length) await q.insertInto('recruiting_certifications').values(certifications.map((c) => ({ cert_key: c.key, sort_name: entry.sort_name, holder_id: holderId }))).execute();
  return true;
}

export type CandidateRow = {
  holderId: string;
  sortName: string;
  name: string;
  country: string | null;
  credentials: string;
  certifications: string | null;
  responsibilityLevel: number | null;
};

export type CandidateFilters = { level?: string; country?: string; certificationKey?: string; minResponsibility?: number; after: CandidateCursor | null; limit: number };

/**
 * Listed holders in register order (sort name, id) matching every filter given. The read starts from the
 * narrowest index that is already in page order: a certification's rows (recruiting_certifications_pk),
 * a responsibility level's (recruiting_responsibility_pk),
 * a level's (register_levels_search_idx / _country_idx), or the register's entries (by country or all),
 * and checks the other filters on each holder by key, so a page reads about its own length of rows when
 * the filters are common, and a rare filter is met by starting from its own index.
 */
export async function searchCandidateRows(db: Db, f: CandidateFilters): Promise<CandidateRow[]> {
  const from = f.certificationKey ? 'cert' : f.minResponsibility ? 'responsibility' : f.level ? 'level' : 'entries';
  const d = sql.raw(from === 'entries' ? 'e' : 'd');
  const where: RawBuilder<unknown>[] = [];
  // The candidate rows exist only for what a holder lists now (refreshCandidate runs with every listing
  // choice), so no filter needs the listing itself; joining it would also cost PostgreSQL its index order
  // (its holder_id is not byte-ordered like the index's).
  if (f.certificationKey) where.push(sql`d.cert_key = ${f.certificationKey}`);
  if (f.level) {
    if (from === 'level') where.push(sql`d.level_id = ${f.level}`);
    else where.push(sql`exists (select 1 from register_levels rl where rl.holder_id = e.holder_id and rl.level_id = ${f.level})`);
  }
  if (f.country) where.push(from === 'level' ? sql`d.country = ${f.country}` : sql`e.country = ${f.country}`);
  if (f.minResponsibility) where.push(from === 'responsibility' ? sql`d.at_least = ${f.minResponsibility}` : sql`c.responsibility_level >= ${f.minResponsibility}`);
  if (f.after) where.push(sql`(${d}.sort_name > ${f.after.sortName} or (${d}.sort_name = ${f.after.sortName} and ${d}.holder_id > ${f.after.holderId}))`);
  const driver =
    from === 'cert'
      ? sql`recruiting_certifications d join register_entries e on e.holder_id = d.holder_id`
      : from === 'responsibility'
        ? sql`recruiting_responsibility d join register_entries e on e.holder_id = d.holder_id`
        : from === 'level'
          ? sql`register_levels d join register_entries e on e.holder_id = d.holder_id`
          : sql`register_entries e`;
  const rows = await sql<CandidateRow>`
    select e.holder_id as "holderId", ${d}.sort_name as "sortName", e.name, e.country, e.credentials, c.certifications,
      c.responsibility_level as "responsibilityLevel"
    from ${driver}
      left join recruiting_candidates c on c.holder_id = e.holder_id
    ${where.length ? sql`where ${sql.join(where, sql` and `)}` : sql``}
    order by ${d}.sort_name, ${d}.holder_id
    limit ${f.limit}`.execute(db);
  return rows.rows.map((r) => ({ ...r, responsibilityLevel: r.responsibilityLevel === null ? null : Number(r.responsibilityLevel) }));
}

/** Whether a holder is in the register now (the only people an organisation may contact). */
export const isListed = async (q: Q, holderId: string) => !!(await q.selectFrom('register_entries').select('holder_id').where('holder_id', '=', holderId).executeTakeFirst());

/** Holders who chose to list something for candidate search, after `after` (id order). */
export const optedInAfter = (q: Q, after: string, limit: number) =>
  q
    .selectFrom('register_listings')
    .select('holder_id')
    .where('holder_id', '>', after)
    .where((eb) => eb.or([eb('list_certifications', '=', 1), eb('list_responsibility', '=', 1)]))
    .orderBy('holder_id')
    .limit(limit)
    .execute();
