import type { AddRegistrationBody, ListRegistrationsQuery, RegistrationRow } from '../../../../contracts/events-registration.js';
import type { Db, Tx } from '../../../db/database.js';
import { audit } from '../../../platform/audit.js';
import { type Platform, type RequestContext, auditCtx } from '../../../platform/context.js';
import { DomainError } from '../../../platform/errors.js';
import { provisionUser } from '../../accounts/provision.js';
import { toCsv } from '../../cpd/csv.js';
import { requireEventAccess } from '../access.js';
import { lockTicketType, placesLeft } from './capacity.js';
import type { RegisterService } from './register.service.js';
import { waitingViews } from './views.js';

/*
 * The organisers' side: the registrations of an event (searched, filtered, paged, and as CSV), fees marked
 * paid, a registration added by hand (a speaker's or a complimentary ticket), and the waiting list.
 */

export const PAGE_SIZE = 50;

export function organiserService(p: Platform, reg: RegisterService) {
  const db = p.database.db;

  function filtered(q: Db | Tx, eventId: string, f: ListRegistrationsQuery) {
    let s = q.selectFrom('event_registrations as r').innerJoin('event_ticket_types as t', 't.id', 'r.ticket_type_id').where('r.event_id', '=', eventId);
    if (f.status) s = s.where('r.status', '=', f.status);
    if (f.ticketTypeId) s = s.where('r.ticket_type_id', '=', f.ticketTypeId);
    const words = (f.q ?? '').toLowerCase().split(/\s+/).filter(Boolean).slice(0, 5);
    for (const w of words) {
      const like = `%${w.replace(/[%_\\]/g, '')}%`; // wildcards dropped: LIKE escaping differs by dialect
      s = s.where((x) => x.or([x(x.fn('lower', ['r.name']), 'like', like), x('r.email', 'like', like), x(x.fn('lower', ['r.reference']), 'like', like), x(x.fn('lower', ['r.organisation_name']), 'like', like)]));
    }
    return s;
  }

  const columns = ['r.id', 'r.reference', 'r.status', 'r.name', 'r.email', 'r.organisation_name', 'r.ticket_type_id', 't.name as ticket_name', 't.currency', 'r.source', 'r.fee_minor', 'r.fee_paid_at', 'r.share_with_exhibitors', 'r.created_at'] as const;

  const rowOf = (r: { id: string; reference: string; status: 'confirmed' | 'cancelled'; name: string; email: string; organisation_name: string | null; ticket_type_id: string; ticket_name: string; currency: string; source: string; fee_minor: number; fee_paid_at: string | null; share_with_exhibitors: number; created_at: string }): RegistrationRow => ({
    id: r.id,
    reference: r.reference,
    status: r.status,
    name: r.name,
    email: r.email,
    organisationName: r.organisation_name,
    ticketType: { id: r.ticket_type_id, name: r.ticket_name },
    source: r.source,
    feeMinor: r.fee_minor,
    currency: r.currency,
    feePaidAt: r.fee_paid_at,
    shareWithExhibitors: r.share_with_exhibitors === 1,
    createdAt: r.created_at,
  });

  return {
    async list(ctx: RequestContext, eventId: string, f: ListRegistrationsQuery) {
      await requireEventAccess(db, ctx, eventId, 'organise');
      const page = f.page ?? 1;
      const [rows, total, tickets] = await Promise.all([
        filtered(db, eventId, f).select(columns).orderBy('r.created_at').orderBy('r.id').limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE).execute(),
        filtered(db, eventId, f).select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
        db.selectFrom('event_ticket_types').selectAll().where('event_id', '=', eventId).orderBy('position').execute(),
      ]);
      const now = p.clock.now();
      const ticketTypes = [];
      for (const t of tickets) ticketTypes.push({ id: t.id, name: t.name, kind: t.kind, priceMinor: t.price_minor, currency: t.currency, capacity: t.capacity, remaining: await placesLeft(db, t, now), waiting: 0 });
      return { registrations: rows.map(rowOf), total: Number(total.n), page, pageSize: PAGE_SIZE, ticketTypes };
    },

    /** Every matching registration as CSV; cells a spreadsheet would run as formulas are made inert. */
    async csv(ctx: RequestContext, eventId: string, f: ListRegistrationsQuery): Promise<string> {
      await requireEventAccess(db, ctx, eventId, 'organise');
      const rows = (await filtered(db, eventId, f).select(columns).orderBy('r.created_at').orderBy('r.id').execute()).map(rowOf);
      return toCsv([
        ['Reference', 'Status', 'Name', 'E-mail', 'Organisation', 'Ticket', 'Source', 'Fee', 'Currency', 'Paid at', 'Shares contact with exhibitors', 'Registered at'],
        ...rows.map((r) => [r.reference, r.status, r.name, r.email, r.organisationName, r.ticketType.name, r.source, (r.feeMinor / 100).toFixed(2), r.currency, r.feePaidAt, r.shareWithExhibitors ? 'yes' : 'no', r.createdAt]),
      ]);
    },

    async markPaid(ctx: RequestContext, eventId: string, registrationId: string): Promise<RegistrationRow> {
      await requireEventAccess(db, ctx, eventId, 'organise');
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        const r = await tx.selectFrom('event_registrations').selectAll().where('id', '=', registrationId).where('event_id', '=', eventId).executeTakeFirst();
        if (!r) throw new DomainError('NOT_FOUND', 'The registration was not found in this event.');
        if (r.fee_paid_at) throw new DomainError('CONFLICT', `The fee was already marked paid on ${r.fee_paid_at.slice(0, 10)}.`);
        if (r.status !== 'confirmed') throw new DomainError('CONFLICT', 'This registration is cancelled.');
        await tx.updateTable('event_registrations').set({ fee_paid_at: now.toISOString(), updated_at: now.toISOString() }).where('id', '=', r.id).where('fee_paid_at', 'is', null).execute();
        await audit(tx, auditCtx(ctx), { action: 'event.registration_paid', subjectType: 'event_registration', subjectId: r.id, details: { eventId, feeMinor: r.fee_minor } }, now);
      });
      return rowOf(await db.selectFrom('event_registrations as r').innerJoin('event_ticket_types as t', 't.id', 'r.ticket_type_id').select(columns).where('r.id', '=', registrationId).executeTakeFirstOrThrow());
    },

    /** An organiser registers someone by hand, on any of the event's ticket types (a speaker's, a comp). */
    async add(ctx: RequestContext, eventId: string, body: AddRegistrationBody): Promise<RegistrationRow> {
      const { event } = await requireEventAccess(db, ctx, eventId, 'organise');
      const now = p.clock.now();
      const id = await db.transaction().execute(async (tx) => {
        const e = await tx.selectFrom('events').selectAll().where('id', '=', event.id).executeTakeFirstOrThrow();
        const ticket = await lockTicketType(tx, e.id, body.ticketTypeId);
        const user = await tx.selectFrom('users').select(['id', 'name', 'email', 'password_hash']).where('email', '=', body.email).executeTakeFirst();
        const userId = user?.id ?? (await provisionUser(tx, { email: body.email, name: body.name, roles: [], verified: false }, auditCtx(ctx), now));
        const source = ticket.kind === 'speaker' ? 'speaker' : ticket.kind === 'exhibitor' ? 'exhibitor' : 'organiser';
        const claimLink = user?.password_hash ? null : `${p.config.publicUrl}/forgot-password`;
        const r = await reg.registerIn(tx, ctx, e, ticket, { userId, name: body.name.trim(), email: body.email }, body, source, body.complimentary ? 0 : ticket.price_minor, now, { claimLink });
        return r.id;
      });
      p.nudgeJobs();
      return rowOf(await db.selectFrom('event_registrations as r').innerJoin('event_ticket_types as t', 't.id', 'r.ticket_type_id').select(columns).where('r.id', '=', id).executeTakeFirstOrThrow());
    },

    async waitingList(ctx: RequestContext, eventId: string) {
      await requireEventAccess(db, ctx, eventId, 'organise');
      const rows = await db.selectFrom('event_waitlist').selectAll().where('event_id', '=', eventId).orderBy('created_at').orderBy('id').execute();
      const views = await waitingViews(db, rows);
      return { entries: views.map((v, i) => ({ ...v, name: (rows[i] as { name: string }).name, email: (rows[i] as { email: string }).email, joinedAt: (rows[i] as { created_at: string }).created_at })) };
    },
  };
}

export type OrganiserService = ReturnType<typeof organiserService>;
