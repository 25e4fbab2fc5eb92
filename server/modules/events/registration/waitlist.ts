import type { Tx } from '../../../db/database.js';
import { audit } from '../../../platform/audit.js';
import { type RequestContext, auditCtx } from '../../../platform/context.js';
import { newId } from '../../../platform/ids.js';
import type { TicketRow } from './capacity.js';

/* Joining a waiting list, shared by members (signed in) and guests (by name and address). */

type Who = { userId: string; name: string; email: string };

/** What a person already holds at an event: a confirmed registration (its reference) or a live waiting-list place. */
export async function standing(tx: Tx, eventId: string, userId: string): Promise<{ reference: string | null } | null> {
  const reg = await tx.selectFrom('event_registrations').select('reference').where('event_id', '=', eventId).where('user_id', '=', userId).where('status', '=', 'confirmed').executeTakeFirst();
  if (reg) return { reference: reg.reference };
  const wait = await tx.selectFrom('event_waitlist').select('id').where('event_id', '=', eventId).where('user_id', '=', userId).where('status', 'in', ['waiting', 'offered']).executeTakeFirst();
  return wait ? { reference: null } : null;
}

/** Adds the person to the end of a full ticket type's waiting list, with the audit entry; answers the entry's id. */
export async function addToWaitingList(
  tx: Tx,
  ctx: RequestContext,
  e: { id: string },
  ticket: TicketRow,
  who: Who,
  body: { organisationName?: string; shareWithExhibitors?: boolean },
  now: Date,
): Promise<string> {
  const at = now.toISOString();
  const id = newId();
  await tx
    .insertInto('event_waitlist')
    .values({ id, event_id: e.id, ticket_type_id: ticket.id, user_id: who.userId, name: who.name, email: who.email, organisation_name: body.organisationName || null, share_with_exhibitors: body.shareWithExhibitors ? 1 : 0, status: 'waiting', offer_token_hash: null, offered_at: null, offer_expires_at: null, registration_id: null, created_at: at, updated_at: at })
    .execute();
  await audit(tx, auditCtx(ctx), { action: 'event.waitlist_joined', subjectType: 'event_waitlist', subjectId: id, details: { eventId: e.id, ticketTypeId: ticket.id } }, now);
  return id;
}
