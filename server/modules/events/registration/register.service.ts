import type { MyRegistration, RegisterBody, RegistrationOptions, WaitingEntry } from '../../../../contracts/events-registration.js';
import type { Db, Tx } from '../../../db/database.js';
import type { RegistrationSource } from '../../../db/schema-events.js';
import { audit } from '../../../platform/audit.js';
import { type Platform, type RequestContext, auditCtx, requireActor } from '../../../platform/context.js';
import { DomainError } from '../../../platform/errors.js';
import { queueMail } from '../../../platform/mail/outbox.js';
import { sealingSecret } from '../../../platform/sealed.js';
import { sha256 } from '../../../platform/secrets.js';
import { signCheckInCode } from '../codes.js';
import { type TicketRow, closedReason, inZone, lockTicketType, placesLeft, ticketFull, ticketNotFull } from './capacity.js';
import { queueWaitlistCheck } from './offers.js';
import { addToWaitingList, standing } from './waitlist.js';
import { createRegistration } from './tickets.js';
import { type EventRow, cancelUntil, eventSummary, myRegistrationViews, publicEvent, waitingViews } from './views.js';

/*
 * Registering: a signed-in member in one click (name and address from the account), cancelling until the
 * event's cut-off, the waiting list of a full ticket type (offers are made by offers.ts) and claiming an
 * offered place by its link. Guests (by name and address) are guest.service.ts.
 */

export type Person = { userId: string; name: string; email: string };

export function registerService(p: Platform) {
  const db = p.database.db;
  const secret = () => sealingSecret(p.config, (m) => p.logger.warn(m));
  const deps = { secret, now: () => p.clock.now() };
  const link = (path: string) => `${p.config.publicUrl}${path}`;

  async function openEvent(q: Db | Tx, ref: string, now: Date): Promise<EventRow> {
    const e = await publicEvent(q, ref);
    const why = closedReason(e, now);
    if (why) throw new DomainError('CONFLICT', `Registration is closed: ${why}`, { closed: true });
    return e;
  }

  async function person(q: Db | Tx, userId: string): Promise<Person> {
    const u = await q.selectFrom('users').select(['id', 'name', 'email']).where('id', '=', userId).executeTakeFirstOrThrow();
    return { userId: u.id, name: u.name, email: u.email };
  }

  /**
   * Registers a person on a ticket type of an open event in the caller's transaction, within its
   * capacity, with the audit entry and the confirmation mail. `claimLink` for a guest's light account.
   */
  async function registerIn(
    tx: Tx,
    ctx: RequestContext,
    e: EventRow,
    ticket: TicketRow,
    who: Person,
    body: { organisationName?: string; shareWithExhibitors?: boolean },
    source: RegistrationSource,
    fee: number,
    now: Date,
    opts: { claimLink?: string | null; heldPlace?: boolean } = {},
  ) {
    if (!opts.heldPlace) {
      const left = await placesLeft(tx, ticket, now);
      if (left === 0) throw ticketFull(ticket);
    }
    const reg = await createRegistration(
      tx,
      { eventId: e.id, userId: who.userId, ticketTypeId: ticket.id, name: who.name, email: who.email, organisationName: body.organisationName || null, shareWithExhibitors: body.shareWithExhibitors ?? false, feeMinor: fee, source },
      now,
    );
    await audit(tx, auditCtx(ctx), { action: 'event.registered', subjectType: 'event_registration', subjectId: reg.id, details: { eventId: e.id, ticketTypeId: ticket.id, userId: who.userId, source } }, now);
    await queueMail(
      tx,
      who.email,
      'event_registered',
      { name: who.name, eventTitle: e.title, ticketName: ticket.name, reference: reg.reference, when: e.starts_on === e.ends_on ? e.starts_on : `${e.starts_on} to ${e.ends_on}`, link: link(`/events/${e.slug}/ticket`), claimLink: opts.claimLink ?? null, checkInCode: signCheckInCode(e, reg.id, secret()) },
      now,
    );
    return reg;
  }

  const publicTicket = (t: TicketRow) => {
    if (t.public !== 1) throw new DomainError('FORBIDDEN', `The ${t.name} ticket is given by the organisers only: choose another ticket type.`, { field: 'ticketTypeId' });
    return t;
  };

  async function mine(q: Db | Tx, userId: string, eventId?: string) {
    let r = q.selectFrom('event_registrations').selectAll().where('user_id', '=', userId);
    let w = q.selectFrom('event_waitlist').selectAll().where('user_id', '=', userId).where('status', 'in', ['waiting', 'offered']);
    if (eventId) {
      r = r.where('event_id', '=', eventId);
      w = w.where('event_id', '=', eventId);
    }
    const regs = await r.orderBy('created_at', 'desc').execute();
    const waits = await w.orderBy('created_at').execute();
    return { regs: await myRegistrationViews(q, regs, deps), waits, waiting: await waitingViews(q, waits) };
  }

  return {
    /** The event's ticket types with places left, and the caller's own registration (public). */
    async options(ctx: RequestContext, ref: string): Promise<RegistrationOptions> {
      const now = p.clock.now();
      const e = await publicEvent(db, ref);
      const tickets = await db.selectFrom('event_ticket_types').selectAll().where('event_id', '=', e.id).where('public', '=', 1).orderBy('position').execute();
      const waits = tickets.length
        ? await db.selectFrom('event_waitlist').select(['ticket_type_id']).select((x) => x.fn.countAll<number>().as('n')).where('ticket_type_id', 'in', tickets.map((t) => t.id)).where('status', '=', 'waiting').groupBy('ticket_type_id').execute()
        : [];
      const waiting = new Map(waits.map((w) => [w.ticket_type_id, Number(w.n)]));
      const ticketTypes = [];
      for (const t of tickets) {
        ticketTypes.push({ id: t.id, name: t.name, kind: t.kind, priceMinor: t.price_minor, currency: t.currency, capacity: t.capacity, remaining: await placesLeft(db, t, now), waiting: waiting.get(t.id) ?? 0 });
      }
      const own = ctx.actor ? await mine(db, ctx.actor.userId, e.id) : null;
      const why = closedReason(e, now);
      return { event: eventSummary(e), open: !why, closedReason: why, ticketTypes, mine: own?.regs[0] ?? null, waiting: own?.waiting ?? [], signedIn: !!ctx.actor };
    },

    /** A signed-in member registers in one click: name and address from the account. */
    async register(ctx: RequestContext, ref: string, body: RegisterBody): Promise<MyRegistration> {
      const actor = requireActor(ctx);
      const now = p.clock.now();
      const id = await db.transaction().execute(async (tx) => {
        const e = await openEvent(tx, ref, now);
        const ticket = publicTicket(await lockTicketType(tx, e.id, body.ticketTypeId));
        return (await registerIn(tx, ctx, e, ticket, await person(tx, actor.userId), body, 'self', ticket.price_minor, now)).id;
      });
      p.nudgeJobs();
      const row = await db.selectFrom('event_registrations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      return (await myRegistrationViews(db, [row], deps))[0] as MyRegistration;
    },

    /** The caller's registrations and waiting-list places, newest first. */
    async listMine(ctx: RequestContext) {
      const actor = requireActor(ctx);
      const { regs, waits, waiting } = await mine(db, actor.userId);
      const events = new Map((waits.length ? await db.selectFrom('events').selectAll().where('id', 'in', waits.map((w) => w.event_id)).execute() : []).map((e) => [e.id, e]));
      return { registrations: regs, waiting: waiting.map((w, i) => ({ ...w, event: eventSummary(events.get((waits[i] as { event_id: string }).event_id) as EventRow) })) };
    },

    /** The attendee cancels until the cut-off; their place goes to the waiting list. */
    async cancel(ctx: RequestContext, registrationId: string): Promise<MyRegistration> {
      const actor = requireActor(ctx);
      const now = p.clock.now();
      const at = now.toISOString();
      await db.transaction().execute(async (tx) => {
        const r = await tx.selectFrom('event_registrations').selectAll().where('id', '=', registrationId).where('user_id', '=', actor.userId).executeTakeFirst();
        if (!r) throw new DomainError('NOT_FOUND', 'The registration was not found.');
        if (r.status === 'cancelled') throw new DomainError('CONFLICT', 'This registration is already cancelled.');
        const e = await tx.selectFrom('events').selectAll().where('id', '=', r.event_id).executeTakeFirstOrThrow();
        const until = cancelUntil(e);
        if (at >= until) throw new DomainError('CONFLICT', `Cancellations closed on ${inZone(until, e.time_zone)}: ask the organisers.`, { cutoff: until });
        await lockTicketType(tx, r.event_id, r.ticket_type_id);
        await tx.updateTable('event_registrations').set({ status: 'cancelled', cancelled_at: at, updated_at: at }).where('id', '=', r.id).execute();
        await tx.deleteFrom('event_agenda_items').where('registration_id', '=', r.id).execute();
        await tx.deleteFrom('event_agenda_feeds').where('registration_id', '=', r.id).execute();
        await audit(tx, auditCtx(ctx), { action: 'event.registration_cancelled', subjectType: 'event_registration', subjectId: r.id, details: { eventId: r.event_id, ticketTypeId: r.ticket_type_id } }, now);
        await queueWaitlistCheck(tx, r.ticket_type_id, now);
      });
      p.nudgeJobs();
      const row = await db.selectFrom('event_registrations').selectAll().where('id', '=', registrationId).executeTakeFirstOrThrow();
      return (await myRegistrationViews(db, [row], deps))[0] as MyRegistration;
    },

    /** Joins the waiting list of a full ticket type; answers the place in the queue. */
    async joinWaitingList(ctx: RequestContext, ref: string, body: RegisterBody): Promise<WaitingEntry> {
      const actor = requireActor(ctx);
      const now = p.clock.now();
      const id = await db.transaction().execute(async (tx) => {
        const e = await openEvent(tx, ref, now);
        const ticket = publicTicket(await lockTicketType(tx, e.id, body.ticketTypeId));
        if ((await placesLeft(tx, ticket, now)) !== 0) throw ticketNotFull(ticket);
        const held = await standing(tx, e.id, actor.userId);
        if (held?.reference) throw new DomainError('CONFLICT', `You are already registered for this event (reference ${held.reference}).`);
        if (held) throw new DomainError('CONFLICT', 'You are already on this event’s waiting list.');
        return addToWaitingList(tx, ctx, e, ticket, await person(tx, actor.userId), body, now);
      });
      const row = await db.selectFrom('event_waitlist').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      return (await waitingViews(db, [row]))[0] as WaitingEntry;
    },

    /** Leaves the event's waiting list; a place offered to the caller goes to the next person. */
    async leaveWaitingList(ctx: RequestContext, ref: string) {
      const actor = requireActor(ctx);
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        const e = await publicEvent(tx, ref);
        const w = await tx.selectFrom('event_waitlist').selectAll().where('event_id', '=', e.id).where('user_id', '=', actor.userId).where('status', 'in', ['waiting', 'offered']).executeTakeFirst();
        if (!w) throw new DomainError('NOT_FOUND', 'You are not on this event’s waiting list.');
        await tx.updateTable('event_waitlist').set({ status: 'left', offer_token_hash: null, updated_at: now.toISOString() }).where('id', '=', w.id).execute();
        await audit(tx, auditCtx(ctx), { action: 'event.waitlist_left', subjectType: 'event_waitlist', subjectId: w.id, details: { eventId: e.id, wasOffered: w.status === 'offered' } }, now);
        if (w.status === 'offered') await queueWaitlistCheck(tx, w.ticket_type_id, now);
      });
      p.nudgeJobs();
      return { status: 'ok' as const };
    },

    /** Claims a place offered from the waiting list, by the mailed link's token (no sign-in: guests have no password). */
    async claimOffer(ctx: RequestContext, token: string) {
      const now = p.clock.now();
      const invalid = () => new DomainError('INVALID_TOKEN', 'This claim link has expired or was already used. If you are still on the waiting list, you will be mailed when another place frees.');
      const out = await db.transaction().execute(async (tx) => {
        const w = await tx.selectFrom('event_waitlist').selectAll().where('offer_token_hash', '=', sha256(token)).executeTakeFirst();
        if (!w || w.status !== 'offered' || !w.offer_expires_at || w.offer_expires_at <= now.toISOString()) throw invalid();
        const e = await tx.selectFrom('events').selectAll().where('id', '=', w.event_id).executeTakeFirstOrThrow();
        const ticket = await lockTicketType(tx, e.id, w.ticket_type_id);
        const who = await person(tx, w.user_id);
        // A guest who joined by name and address has no password: their confirmation says how to set one.
        const light = !(await tx.selectFrom('users').select('password_hash').where('id', '=', w.user_id).executeTakeFirstOrThrow()).password_hash;
        const claimLink = light ? link('/forgot-password') : null;
        const reg = await registerIn(tx, ctx, e, ticket, { ...who, name: w.name }, { organisationName: w.organisation_name ?? undefined, shareWithExhibitors: w.share_with_exhibitors === 1 }, 'waitlist', ticket.price_minor, now, { heldPlace: true, claimLink });
        const done = await tx.updateTable('event_waitlist').set({ status: 'claimed', offer_token_hash: null, registration_id: reg.id, updated_at: now.toISOString() }).where('id', '=', w.id).where('status', '=', 'offered').executeTakeFirst();
        if (Number(done.numUpdatedRows) !== 1) throw invalid();
        return { reference: reg.reference, slug: e.slug, title: e.title, claimLink };
      });
      p.nudgeJobs();
      return { status: 'registered' as const, reference: out.reference, eventSlug: out.slug, accountLink: out.claimLink, message: `The place is yours: you are registered for ${out.title} (reference ${out.reference}). Your confirmation is on its way by e-mail.` };
    },

    registerIn,
    openEvent,
    publicTicket,
  };
}

export type RegisterService = ReturnType<typeof registerService>;
