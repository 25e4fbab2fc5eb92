import type { z } from 'zod';
import type { Tx } from '../../../db/database.js';
import { DomainError } from '../../../platform/errors.js';
import type { SponsoredTicket } from '../../../../contracts/organisations-sponsorship.js';
import { type SponsorableTicket, markTicketPaidBySponsor, ticketPayable, ticketsByIds, unpaidTicketsOf } from '../../events/registration/sponsored.js';

/*
 * Event tickets an organisation pays (kind 'event_ticket'). Events are wired after organisations, so the
 * few functions organisations may call of events come through this port (events/registration/sponsored.ts)
 * rather than a service passed in; organisations never write events' tables.
 */

export type TicketPort = {
  ticketsByIds: typeof ticketsByIds;
  unpaidTicketsOf: typeof unpaidTicketsOf;
  ticketPayable: typeof ticketPayable;
  markTicketPaidBySponsor: typeof markTicketPaidBySponsor;
};

export const eventTicketPort: TicketPort = { ticketsByIds, unpaidTicketsOf, ticketPayable, markTicketPaidBySponsor };

const invalid = (message: string) => new DomainError('VALIDATION_FAILED', `body.registrationId: ${message}`, { issues: [{ path: 'body.registrationId', message }] });

/**
 * Checks an offer to pay a member's ticket: the registration is a staff member's (anything else is "no such
 * ticket", as an unknown id would be), still confirmed, with a fee unpaid, and not already offered by anyone.
 * Answers the ticket.
 */
export async function checkTicketOffer(tx: Tx, port: TicketPort, organisationId: string, registrationId: string, isStaff: (memberId: string) => Promise<boolean>) {
  const t = (await port.ticketsByIds(tx, [registrationId])).get(registrationId);
  if (!t || !(await isStaff(t.userId))) throw invalid('No event ticket of a member whose employment your organisation confirmed has this id');
  if (!t.fee) throw invalid('This ticket has no fee to pay');
  const why = port.ticketPayable(t);
  if (why) throw new DomainError('CONFLICT', why);
  const taken = await tx.selectFrom('sponsorships').select(['status', 'organisation_id']).where('event_registration_id', '=', registrationId).where('status', 'in', ['offered', 'accepted', 'paid']).executeTakeFirst();
  if (taken) throw new DomainError('CONFLICT', taken.organisation_id === organisationId ? `Your organisation has already offered to pay this ticket (${taken.status}).` : 'Another organisation already offers to pay this ticket.');
  return t;
}

/** Refuses accepting or paying for a ticket with nothing left to pay (cancelled, or paid some other way). */
export async function requireTicketPayable(tx: Tx, port: TicketPort, registrationId: string, answer: string): Promise<void> {
  const t = (await port.ticketsByIds(tx, [registrationId])).get(registrationId);
  const why = t ? port.ticketPayable(t) : 'The registration was not found.';
  if (why) throw new DomainError('CONFLICT', `${why} ${answer}`);
}

/** A ticket as the contract shows it (without the holder's id, which the sponsorship names already). */
export const ticketView = (t: SponsorableTicket): z.infer<typeof SponsoredTicket> => ({
  registrationId: t.registrationId,
  eventTitle: t.eventTitle,
  eventSlug: t.eventSlug,
  ticketName: t.ticketName,
  reference: t.reference,
  status: t.status,
  fee: t.fee,
  feePaidAt: t.feePaidAt,
});
