import type { Tx } from '../../db/database.js';

/**
 * Marks an event changed: every part that alters what its public pages or feeds show (sessions, speakers,
 * rooms, tickets, exhibitors) calls this in the same transaction, and caches of the programme are keyed
 * by the revision.
 */
export async function touchEvent(tx: Tx, eventId: string, now: Date): Promise<void> {
  await tx
    .updateTable('events')
    .set((eb) => ({ revision: eb('revision', '+', 1), updated_at: now.toISOString() }))
    .where('id', '=', eventId)
    .execute();
}
