import type { Db, Tx } from '../../../db/database.js';
import { type AuditContext, audit } from '../../../platform/audit.js';
import { DomainError } from '../../../platform/errors.js';

/*
 * What organisations may know and do of a member's event tickets, to pay one (organisations/sponsorship,
 * kind 'event_ticket'): the port that crosses from organisations into events. Organisations never write
 * event_registrations themselves; a sponsor's payment goes through markTicketPaidBySponsor in the caller's
 * transaction, so the sponsorship and the registration's fee change together.
 */

export type SponsorableTicket = {
  registrationId: string;
  userId: string;
  eventTitle: string;
  eventSlug: string;
  ticketName: string;
  reference: string;
  status: 'confirmed' | 'cancelled';
  feeMinor: number;
  fee: { amount: number; currency: string } | null;
  feePaidAt: string | null;
};

const base = (q: Db | Tx) =>
  q
    .selectFrom('event_registrations as r')
    .innerJoin('events as e', 'e.id', 'r.event_id')
    .innerJoin('event_ticket_types as t', 't.id', 'r.ticket_type_id')
    .select(['r.id', 'r.user_id', 'r.reference', 'r.status', 'r.fee_minor', 'r.fee_paid_at', 'e.title', 'e.slug', 't.name', 't.currency']);

type Row = Awaited<ReturnType<ReturnType<typeof base>['executeTakeFirstOrThrow']>>;

const view = (r: Row): SponsorableTicket => ({
  registrationId: r.id,
  userId: r.user_id,
  eventTitle: r.title,
  eventSlug: r.slug,
  ticketName: r.name,
  reference: r.reference,
  status: r.status,
  feeMinor: r.fee_minor,
  fee: r.fee_minor > 0 ? { amount: r.fee_minor / 100, currency: r.currency } : null,
  feePaidAt: r.fee_paid_at,
});

/** Whether a ticket still has a fee for anyone to pay, or why not. */
export function ticketPayable(t: SponsorableTicket): string | null {
  if (t.status !== 'confirmed') return 'This registration is cancelled: there is no fee to pay.';
  if (!t.fee) return 'This ticket is free: there is no fee to pay.';
  if (t.feePaidAt) return `This ticket’s fee was already paid on ${t.feePaidAt.slice(0, 10)}.`;
  return null;
}

/** Event tickets by their registration ids (any state). */
export async function ticketsByIds(q: Db | Tx, registrationIds: string[]): Promise<Map<string, SponsorableTicket>> {
  if (registrationIds.length === 0) return new Map();
  const rows = await base(q).where('r.id', 'in', registrationIds).execute();
  return new Map(rows.map((r) => [r.id, view(r)]));
}

/** The members' confirmed tickets with a fee not yet paid, soonest event first. */
export async function unpaidTicketsOf(q: Db | Tx, userIds: string[]): Promise<SponsorableTicket[]> {
  if (userIds.length === 0) return [];
  const rows = await base(q).where('r.user_id', 'in', userIds).where('r.status', '=', 'confirmed').where('r.fee_minor', '>', 0).where('r.fee_paid_at', 'is', null).orderBy('e.starts_on').orderBy('r.id').limit(2000).execute();
  return rows.map(view);
}

/** Marks a ticket's fee paid by an organisation, with the audit entry naming it; refused if nothing is left to pay. */
export async function markTicketPaidBySponsor(tx: Tx, registrationId: string, sponsor: { organisationId: string; name: string; userId: string }, by: AuditContext, now: Date): Promise<void> {
  const t = (await ticketsByIds(tx, [registrationId])).get(registrationId);
  const why = t ? ticketPayable(t) : 'The registration was not found.';
  if (why) throw new DomainError('CONFLICT', why);
  const at = now.toISOString();
  const done = await tx.updateTable('event_registrations').set({ fee_paid_at: at, updated_at: at }).where('id', '=', registrationId).where('status', '=', 'confirmed').where('fee_paid_at', 'is', null).executeTakeFirst();
  if (Number(done.numUpdatedRows) !== 1) throw new DomainError('CONFLICT', 'This ticket’s fee was paid meanwhile.');
  await audit(tx, by, { action: 'event.registration_paid', subjectType: 'event_registration', subjectId: registrationId, details: { feeMinor: t?.feeMinor ?? 0, sponsor: { organisationId: sponsor.organisationId, name: sponsor.name } } }, now);
}
