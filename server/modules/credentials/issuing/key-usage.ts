import type { Db } from '../../../db/database.js';

/** What one issuer key signed: credentials of each kind, first and last use. */
export type KeyUsage = { credentials: number; attendanceCredentials: number; statusLists: number; firstUsedAt: string | null; lastUsedAt: string | null };

const earliest = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a < b ? a : b);
const latest = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a > b ? a : b);

/**
 * Counts what each key signed, from the stored credentials (level credentials and credentials of
 * attendance record their key). Status lists are not stored signed: each is signed when served, by the
 * key that signs now, so that key is credited with every list.
 */
export async function keyUsage(db: Db, currentKeyId: string | null): Promise<Map<string, KeyUsage>> {
  const [levels, attendance, lists] = await Promise.all([
    db
      .selectFrom('issued_credentials')
      .select((eb) => ['key_id', eb.fn.countAll().as('n'), eb.fn.min('issued_at').as('first'), eb.fn.max('issued_at').as('last')])
      .groupBy('key_id')
      .execute(),
    db
      .selectFrom('event_attendance_credentials')
      .select((eb) => ['key_id', eb.fn.countAll().as('n'), eb.fn.min('issued_at').as('first'), eb.fn.max('issued_at').as('last')])
      .groupBy('key_id')
      .execute(),
    db.selectFrom('status_lists').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  const out = new Map<string, KeyUsage>();
  const entry = (id: string) => {
    const u = out.get(id) ?? { credentials: 0, attendanceCredentials: 0, statusLists: 0, firstUsedAt: null, lastUsedAt: null };
    out.set(id, u);
    return u;
  };
  for (const [rows, field] of [[levels, 'credentials'], [attendance, 'attendanceCredentials']] as const) {
    for (const r of rows) {
      const u = entry(r.key_id);
      u[field] = Number(r.n);
      u.firstUsedAt = earliest(u.firstUsedAt, r.first as string | null);
      u.lastUsedAt = latest(u.lastUsedAt, r.last as string | null);
    }
  }
  if (currentKeyId) entry(currentKeyId).statusLists = Number(lists.n);
  return out;
}
