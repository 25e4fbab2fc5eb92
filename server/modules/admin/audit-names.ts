// What an audit entry is about, in words: the audit log stores ids (it must not copy personal data that
// may later be erased), and the page names them when it is read. One batched query per subject type on
// the page; a type without a namer, or a row since deleted, stays unnamed and the page shows its id.
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';

type Namer = (db: Db, ids: string[]) => Promise<Array<{ id: string; name: string }>>;

const namers: Record<string, Namer> = {
  user: (db, ids) => db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute(),
  credential: async (db, ids) =>
    (await db.selectFrom('credentials as c').innerJoin('users as u', 'u.id', 'c.holder_id').select(['c.id', 'c.level_name', 'u.name']).where('c.id', 'in', ids).execute()).map((r) => ({
      id: r.id,
      name: `${r.level_name} credential of ${r.name}`,
    })),
  application: async (db, ids) =>
    (await db.selectFrom('applications as a').innerJoin('users as u', 'u.id', 'a.applicant_id').select(['a.id', 'a.level_id', 'u.name']).where('a.id', 'in', ids).execute()).map((r) => ({
      id: r.id,
      name: `Application of ${r.name} (${r.level_id})`,
    })),
  scheme: (db, ids) => db.selectFrom('schemes').select(['id', 'name']).where('id', 'in', ids).execute(),
  scheme_version: async (db, ids) =>
    (await db.selectFrom('scheme_versions as v').innerJoin('schemes as s', 's.id', 'v.scheme_id').select(['v.id', 'v.label', 's.name']).where('v.id', 'in', ids).execute()).map((r) => ({
      id: r.id,
      name: `${r.name}, version ${r.label}`,
    })),
  api_token: async (db, ids) =>
    (await db.selectFrom('api_tokens as t').innerJoin('users as u', 'u.id', 't.user_id').select(['t.id', 't.name', 'u.name as owner']).where('t.id', 'in', ids).execute()).map((r) => ({
      id: r.id,
      name: `API token “${r.name}” of ${r.owner}`,
    })),
  issuer_key: async (db, ids) => (await db.selectFrom('issuer_keys').select(['id', 'number']).where('id', 'in', ids).execute()).map((r) => ({ id: r.id, name: `Issuer key ${r.number}` })),
  organisation: (db, ids) => db.selectFrom('organisations').select(['id', 'name']).where('id', 'in', ids).execute(),
  event: async (db, ids) => (await db.selectFrom('events').select(['id', 'title']).where('id', 'in', ids).execute()).map((r) => ({ id: r.id, name: r.title })),
  cpd_provider: (db, ids) => db.selectFrom('cpd_providers').select(['id', 'name']).where('id', 'in', ids).execute(),
  cpd_activity: async (db, ids) =>
    (await db.selectFrom('cpd_activities as a').innerJoin('users as u', 'u.id', 'a.member_id').select(['a.id', 'a.title', 'u.name']).where('a.id', 'in', ids).execute()).map((r) => ({
      id: r.id,
      name: `CPD activity “${r.title}” of ${r.name}`,
    })),
  cpd_audit: async (db, ids) =>
    (await db.selectFrom('cpd_audits as a').innerJoin('users as u', 'u.id', 'a.member_id').select(['a.id', 'a.year', 'u.name']).where('a.id', 'in', ids).execute()).map((r) => ({
      id: r.id,
      name: `CPD audit ${r.year} of ${r.name}`,
    })),
  cpd_import: async (db, ids) =>
    (await db.selectFrom('cpd_imports').select(['id', 'file_name']).where('id', 'in', ids).execute()).map((r) => ({ id: r.id, name: r.file_name ? `CPD import of ${r.file_name}` : 'CPD import' })),
};

export const namedSubjectTypes = Object.keys(namers);

const key = (type: string, id: string) => `${type}\u0000${id}`;

/** Names for the given subjects, by `type` and `id`; what cannot be named is absent. */
export async function subjectNames(db: Db, subjects: Array<{ type: string | null; id: string | null }>): Promise<(type: string | null, id: string | null) => string | null> {
  const byType = new Map<string, Set<string>>();
  for (const s of subjects) {
    if (!s.type || !s.id || !namers[s.type]) continue;
    byType.set(s.type, (byType.get(s.type) ?? new Set()).add(s.id));
  }
  const names = new Map<string, string>();
  await Promise.all(
    [...byType].map(async ([type, ids]) => {
      for (const r of await namers[type]!(db, [...ids])) names.set(key(type, r.id), r.name);
    }),
  );
  return (type, id) => (type && id ? (names.get(key(type, id)) ?? null) : null);
}

/** Ids of people whose name or e-mail contains the text (case-insensitive), for the audit log's person filter. */
export function peopleMatching(db: Db, text: string) {
  const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .selectFrom('users')
    .select('id')
    .where((eb) => eb.or([eb(sql`lower(name)`, 'like', sql`${pattern} escape '\\'`), eb(sql`lower(email)`, 'like', sql`${pattern} escape '\\'`)]));
}
