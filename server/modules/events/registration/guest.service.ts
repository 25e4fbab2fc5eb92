import type { GuestRegisterBody } from '../../../../contracts/events-registration.js';
import type { Tx } from '../../../db/database.js';
import { audit } from '../../../platform/audit.js';
import { type Platform, type RequestContext, auditCtx } from '../../../platform/context.js';
import { queueMail } from '../../../platform/mail/outbox.js';
import { sha256 } from '../../../platform/secrets.js';
import { provisionUser } from '../../accounts/provision.js';
import { type TicketRow, lockTicketType, placesLeft, ticketFull, ticketNotFull } from './capacity.js';
import type { RegisterService } from './register.service.js';
import { type EventRow, waitingViews } from './views.js';
import { addToWaitingList, standing } from './waitlist.js';

/*
 * Guests register, or join a full ticket's waiting list, with a name and an address. The answer is the same
 * words and status whatever the address, so the form cannot be used to learn who has an account:
 * - a new address gets a light account without a password, the place (or the queue number) and its mail;
 * - an address of a light account (a guest before) is registered the same way, or, if it already holds a
 *   place or a queue number there, is mailed what it holds;
 * - an address with a password registers nothing; it is mailed "sign in to take the place".
 * The place itself is only ever shown in the mail. Notices that can repeat (the last two) are limited per
 * address, so the form cannot be used to flood someone's mailbox; new registrations are once an event.
 */

/** The answer to every guest request that passed validation and capacity. */
export const GUEST_ANSWER = 'Thank you. Check your e-mail: we have sent what happens next to the address you gave.';
/** Notices an address may be sent by guest forms in a day; more are dropped silently. */
export const GUEST_NOTICES_PER_DAY = 3;
const NOTICES = ['event_guest_has_account', 'event_guest_already'] as const;

type Want = 'register' | 'wait';

export function guestService(p: Platform, reg: RegisterService) {
  const db = p.database.db;
  const link = (path: string) => `${p.config.publicUrl}${path}`;

  /** Whether another notice may go to the address today (counted from the outbox, so restarts keep the count). */
  async function noticeAllowed(tx: Tx, email: string, now: Date): Promise<boolean> {
    const since = new Date(now.getTime() - 86_400_000).toISOString();
    const row = await tx.selectFrom('outbox').select((x) => x.fn.countAll<number>().as('n')).where('to_address', '=', email).where('template', 'in', [...NOTICES]).where('created_at', '>', since).executeTakeFirstOrThrow();
    return Number(row.n) < GUEST_NOTICES_PER_DAY;
  }

  /** The address's owner is told, at most a few times a day, instead of anything being registered. */
  async function notify(tx: Tx, ctx: RequestContext, e: EventRow, user: { id: string; name: string; email: string }, holds: string | null, now: Date) {
    const page = link(`/events/${e.slug}/register`);
    const sent = await noticeAllowed(tx, user.email, now);
    if (sent && holds === null) await queueMail(tx, user.email, 'event_guest_has_account', { name: user.name, eventTitle: e.title, link: page }, now);
    if (sent && holds !== null) await queueMail(tx, user.email, 'event_guest_already', { name: user.name, eventTitle: e.title, holds, link: page }, now);
    await audit(tx, auditCtx(ctx), { action: 'event.guest_request_notified', subjectType: 'user', subjectId: user.id, details: { eventId: e.id, mailed: sent, emailHash: sha256(user.email).slice(0, 16) } }, now);
  }

  async function request(ctx: RequestContext, ref: string, body: GuestRegisterBody, want: Want) {
    const now = p.clock.now();
    await db.transaction().execute(async (tx) => {
      const e = await reg.openEvent(tx, ref, now);
      const ticket = reg.publicTicket(await lockTicketType(tx, e.id, body.ticketTypeId));
      // Capacity is about the ticket, not the address: the same refusal for everyone.
      const left = await placesLeft(tx, ticket, now);
      if (want === 'register' && left === 0) throw ticketFull(ticket);
      if (want === 'wait' && left !== 0) throw ticketNotFull(ticket);
      const user = await tx.selectFrom('users').select(['id', 'name', 'email', 'password_hash']).where('email', '=', body.email).executeTakeFirst();
      if (user?.password_hash) return notify(tx, ctx, e, user, null, now);
      if (user) {
        const held = await standing(tx, e.id, user.id);
        if (held) return notify(tx, ctx, e, user, held.reference ? `This address is already registered (reference ${held.reference}).` : 'This address is already on the waiting list.', now);
      }
      const userId = user?.id ?? (await provisionUser(tx, { email: body.email, name: body.name, roles: [], verified: false }, auditCtx(ctx), now));
      const who = { userId, name: body.name.trim(), email: body.email };
      if (want === 'register') {
        await reg.registerIn(tx, ctx, e, ticket, who, body, 'guest', ticket.price_minor, now, { claimLink: link('/forgot-password') });
        return;
      }
      await joinQueue(tx, ctx, e, ticket, who, body, now);
    });
    p.nudgeJobs();
    return { status: 'accepted' as const, message: GUEST_ANSWER };
  }

  async function joinQueue(tx: Tx, ctx: RequestContext, e: EventRow, ticket: TicketRow, who: { userId: string; name: string; email: string }, body: GuestRegisterBody, now: Date) {
    const id = await addToWaitingList(tx, ctx, e, ticket, who, body, now);
    const row = await tx.selectFrom('event_waitlist').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const position = (await waitingViews(tx, [row]))[0]?.position ?? 1;
    await queueMail(tx, who.email, 'event_waitlist_joined', { name: who.name, eventTitle: e.title, ticketName: ticket.name, position, link: link('/forgot-password') }, now);
  }

  return {
    /** registerGuestForEvent: a place for a new or light account, a "sign in" mail for an account with a password. */
    register: (ctx: RequestContext, ref: string, body: GuestRegisterBody) => request(ctx, ref, body, 'register'),
    /** joinWaitingListAsGuest: the same, on a full ticket's waiting list. */
    joinWaitingList: (ctx: RequestContext, ref: string, body: GuestRegisterBody) => request(ctx, ref, body, 'wait'),
  };
}

export type GuestService = ReturnType<typeof guestService>;
