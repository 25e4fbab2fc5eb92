import type { Insertable } from 'kysely';
import type { Db } from '../../../db/database.js';
import type { StatusListsTable } from '../../../db/schema.js';
import { newId } from '../../../platform/ids.js';
import { pickFree } from '../../credentials/status/status.service.js';
import { MIN_LIST_LENGTH } from '../../credentials/status/status-list.js';

/*
 * Revocation entries for credentials of attendance come from status lists kept for them alone (their
 * `allocated` is full from the start, so the level credentials' allocation never picks from them).
 */

export type StatusPick = { listId: string; index: number };

/** Free revocation entries for `n` credentials; lists to create are inserted by the caller with the credentials that use them. */
export async function allocateAttendanceStatus(q: Db, n: number, now: Date): Promise<{ picks: StatusPick[]; fresh: Insertable<StatusListsTable>[] }> {
  const lists = await q
    .selectFrom('event_attendance_credentials')
    .select(['revocation_list_id as id', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('revocation_list_id')
    .execute();
  const out: StatusPick[] = [];
  const fresh: Insertable<StatusListsTable>[] = [];
  for (const l of lists) {
    const room = MIN_LIST_LENGTH - Number(l.n);
    if (room <= 0 || out.length >= n) continue;
    const used = new Uint8Array(MIN_LIST_LENGTH);
    for (const r of await q.selectFrom('event_attendance_credentials').select('revocation_index').where('revocation_list_id', '=', l.id).execute()) used[Number(r.revocation_index)] = 1;
    for (const index of pickFree(used, Math.min(room, n - out.length))) out.push({ listId: l.id, index });
  }
  while (out.length < n) {
    const id = newId();
    const at = now.toISOString();
    fresh.push({ id, purpose: 'revocation', length: MIN_LIST_LENGTH, allocated: MIN_LIST_LENGTH, version: 0, changed_at: at, created_at: at });
    for (const index of pickFree(new Uint8Array(MIN_LIST_LENGTH), Math.min(MIN_LIST_LENGTH, n - out.length))) out.push({ listId: id, index });
  }
  return { picks: out, fresh };
}
