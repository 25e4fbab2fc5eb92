import type { Role } from '../../../contracts/accounts.js';
import type { Db, Tx } from '../../db/database.js';
import { type RequestContext, requireActor, requireRole } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';

/** Who may act on another member's privacy: scheme and system administrators. */
export const privacyStaff: readonly Role[] = ['scheme_admin', 'system_admin'];

/**
 * The member a privacy operation is about: the caller, or (for an administrator) the member named.
 * Anyone else naming another member is refused for want of the role.
 */
export async function memberOf(q: Db | Tx, ctx: RequestContext, memberId: string | undefined): Promise<{ id: string; actorId: string; onBehalf: boolean }> {
  const actor = requireActor(ctx);
  if (!memberId || memberId === actor.userId) return { id: actor.userId, actorId: actor.userId, onBehalf: false };
  requireRole(ctx, privacyStaff);
  const row = await q.selectFrom('users').select('id').where('id', '=', memberId).executeTakeFirst();
  if (!row) throw notFound('The member');
  return { id: row.id, actorId: actor.userId, onBehalf: true };
}

/** Whether the caller may see a privacy object of `ownerId` (their own, or staff). */
export function maySee(ctx: RequestContext, ownerId: string): boolean {
  const actor = requireActor(ctx);
  return actor.userId === ownerId || privacyStaff.some((r) => actor.roles.has(r));
}
