import type { Tx } from '../../db/database.js';
import { systemActor } from '../../platform/audit.js';
import type { Platform } from '../../platform/context.js';
import { credentialsRepository } from '../../modules/credentials/credentials.repository.js';
import { closeInTransaction } from '../../modules/events/closing/close.js';
import type { DemoEvents } from './types.js';

/**
 * Last year's conference closed, as an organiser's close would leave it: CPD credited through the provider
 * path to everyone the check-in demo checked into its sessions (and to its confirmed speakers), attendance
 * recorded, and the credentials of attendance queued as a job, which the worker runs once the server has
 * started (signing inside the seed's transaction would hold it for a second or more).
 */
export async function seedDemoClosing(tx: Tx, events: DemoEvents, now: Date, p: Platform): Promise<void> {
  if (!events.pastConferenceId) return;
  const event = await tx.selectFrom('events').select(['id', 'slug', 'title', 'time_zone', 'closed_at', 'status']).where('id', '=', events.pastConferenceId).executeTakeFirst();
  if (!event || event.status === 'draft' || event.status === 'cancelled') return;
  const bodyName = (await credentialsRepository.body(tx))?.name ?? 'Guildhall';
  await closeInTransaction(p.database, tx, { event, sessionId: null, bodyName, publicUrl: p.config.publicUrl, by: systemActor, now });
}
