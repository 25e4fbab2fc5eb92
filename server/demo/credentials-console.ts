import type { Tx } from '../db/database.js';
import { changeCredentialStatus } from '../modules/credentials/index.js';

const SCHEME_ADMIN_EMAIL = 'scheme@demo.guildhall.test';
const day = 86_400_000;

/**
 * A credential with a past of its own, so the staff console's history has something to tell: suspended by
 * the scheme administrator while a complaint was looked into, and reinstated ten days later (it ends active,
 * as every other demo credential).
 */
export async function seedDemoCredentialHistory(tx: Tx, now: Date): Promise<void> {
  const admin = await tx.selectFrom('users').select('id').where('email', '=', SCHEME_ADMIN_EMAIL).executeTakeFirst();
  const c = await tx
    .selectFrom('credentials as c')
    .innerJoin('users as u', 'u.id', 'c.holder_id')
    .select('c.id')
    .where('c.status', '=', 'active')
    .where('c.level_id', '=', 'professional')
    .orderBy('u.email')
    .limit(1)
    .executeTakeFirst();
  if (!admin || !c) return;
  const by = { actorId: admin.id, ip: null, requestId: null };
  await changeCredentialStatus(tx, c.id, 'suspended', 'A complaint about conduct was received; suspended while it is investigated.', by, new Date(now.getTime() - 30 * day));
  await changeCredentialStatus(tx, c.id, 'active', 'The complaint was investigated and not upheld.', by, new Date(now.getTime() - 20 * day));
}
