import { sql } from 'kysely';
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
  await q.deleteFrom('recruiting_candidates').where('holder_id', '=', holderId).execute();
  const listing = await q.selectFrom('register_listings').select(['listed', 'list_certifications', 'list_responsibility']).where('holder_id', '=', holderId).executeTakeFirst();
  if (!listing?.listed || (!listing.list_certifications && !listing.list_responsibility)) return false;
  const items = await q.selectFrom('portfolio_items').select(['kind', 'data']).where('member_id', '=', holderId).where('kind', 'in', ['certification', 'work']).execute();
  const certifications = listing.list_certifications ? certificationsOf(items) : [];
  const level = listing.list_responsibility ? currentResponsibility(items, now.toISOString().slice(0, 10)) : null;
  await q
    .insertInto('recruiting_candidates')
    .values({ holder_id: holderId, responsibility_level: level, certifications: JSON.stringify(certifications.map((c) => c.title)), updated_at: now.toISOString() })
    .execute();
  if (certifications.length) await q.insertInto('recruiting_certifications').values(certifications.map((c) => ({ cert_key: c.key, holder_id: holderId }))).execute();
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
  listCertifications: number | null;
  listResponsibility: number | null;
};

export type CandidateFilters = { level?: string; country?: string; certificationKey?: string; minResponsibility?: number; after: CandidateCursor | null; limit: number };

/**
 * Listed holders in register order (sort name, id) matching every filter given. Each filter narrows by
 * an indexed lookup on the holder (their level row, their certification row, their candidate row); the
 * walk follows register_entries_sort_idx, or register_levels_search_idx when a level is given.
 */
export async function searchCandidateRows(db: Db, f: CandidateFilters): Promise<CandidateRow[]> {
  let q = db
    .selectFrom('register_entries as e')
    .innerJoin('register_listings as l', 'l.holder_id', 'e.holder_id')
    .leftJoin('recruiting_candidates as c', 'c.holder_id', 'e.holder_id')
    .select([
      'e.holder_id as holderId',
      'e.sort_name as sortName',
      'e.name',
      'e.country',
      'e.credentials',
      'c.certifications',
      'c.responsibility_level as responsibilityLevel',
      'l.list_certifications as listCertifications',
      'l.list_responsibility as listResponsibility',
    ]);
  if (f.level) {
    const level = f.level;
    q = q.where((eb) => eb.exists(eb.selectFrom('register_levels as rl').select(sql`1`.as('one')).whereRef('rl.holder_id', '=', 'e.holder_id').where('rl.level_id', '=', level)));
  }
  if (f.country) q = q.where('e.country', '=', f.country);
  if (f.certificationKey) {
    const key = f.certificationKey;
    q = q.where('l.list_certifications', '=', 1).where((eb) => eb.exists(eb.selectFrom('recruiting_certifications as rc').select(sql`1`.as('one')).whereRef('rc.holder_id', '=', 'e.holder_id').where('rc.cert_key', '=', key)));
  }
  if (f.minResponsibility) q = q.where('l.list_responsibility', '=', 1).where('c.responsibility_level', '>=', f.minResponsibility);
  if (f.after) {
    const a = f.after;
    q = q.where((eb) => eb.or([eb('e.sort_name', '>', a.sortName), eb.and([eb('e.sort_name', '=', a.sortName), eb('e.holder_id', '>', a.holderId)])]));
  }
  return (await q.orderBy('e.sort_name').orderBy('e.holder_id').limit(f.limit).execute()) as CandidateRow[];
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
