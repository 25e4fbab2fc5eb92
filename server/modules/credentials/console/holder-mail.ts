import type { Tx } from '../../../db/database.js';
import { queueMail } from '../../../platform/mail/outbox.js';

const change = { suspended: 'suspended', active: 'reinstated', revoked: 'revoked' } as const;

/** Mails the holder that staff changed their credential's status, with the reason, in the caller's transaction. */
export async function mailStatusChange(tx: Tx, c: { id: string; holder_id: string; level_name: string }, to: keyof typeof change, reason: string, publicUrl: string, now: Date): Promise<void> {
  const h = await tx.selectFrom('users').select(['name', 'email']).where('id', '=', c.holder_id).executeTakeFirstOrThrow();
  await queueMail(tx, h.email, 'credential_status_changed', { name: h.name, levelName: c.level_name, change: change[to], reason, link: `${publicUrl}/credentials/${encodeURIComponent(c.id)}` }, now);
}
