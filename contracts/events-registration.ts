import { z } from 'zod';
import './messages.js';

/*
 * events/registration: registerForEvent (a signed-in member), registerGuestForEvent and
 * joinWaitingListAsGuest (name and e-mail, no sign-in), getRegistrationOptions, listMyRegistrations, cancelRegistration, joinWaitingList,
 * leaveWaitingList, claimWaitingListOffer, getMyAgenda, addToAgenda, removeFromAgenda, the agenda feed's
 * secret link (createAgendaFeed, revokeAgendaFeed, getAgendaFeed), the badge PDF; organisers'
 * listRegistrations (and its CSV), markRegistrationPaid, addRegistration and listWaitingList.
 */

const id = (what: string) => z.string({ error: `Give ${what} (text)` }).min(1, `Give ${what}`).max(100, 'Use at most 100 characters');
const email = z.email({ message: 'Enter an e-mail address such as name@example.org' }).max(254, 'Use at most 254 characters').transform((e) => e.toLowerCase());
const organisationName = z.string({ error: 'Give the organisation name as text' }).trim().max(200, 'Use at most 200 characters').optional();
const share = z.boolean({ error: 'shareWithExhibitors is true or false' }).optional();

export const EventParams = z.strictObject({ eventId: id('the event id') });
/** The event's id or its slug (the public pages know the slug). */
export const EventRefParams = z.strictObject({ eventId: id('the event id or slug') });
export const RegistrationParams = z.strictObject({ registrationId: id('the registration id') });
export const EventRegistrationParams = z.strictObject({ eventId: id('the event id'), registrationId: id('the registration id') });
export const AgendaItemParams = z.strictObject({ registrationId: id('the registration id'), sessionId: id('the session id') });
export const FeedParams = z.strictObject({ feedToken: z.string().min(1, 'Give the feed token').max(200, 'Use at most 200 characters') });

export const RegisterBody = z.strictObject({
  ticketTypeId: id('the ticket type (ticketTypeId)'),
  organisationName,
  /** Off unless ticked: exhibitors who scan the badge are given the name and address. */
  shareWithExhibitors: share,
});
export type RegisterBody = z.infer<typeof RegisterBody>;

export const GuestRegisterBody = z.strictObject({
  ticketTypeId: id('the ticket type (ticketTypeId)'),
  name: z.string({ error: 'Give your name' }).trim().min(1, 'Give your name').max(200, 'Use at most 200 characters'),
  email,
  organisationName,
  shareWithExhibitors: share,
});
export type GuestRegisterBody = z.infer<typeof GuestRegisterBody>;

export const JoinWaitingListBody = RegisterBody;
export const ClaimOfferBody = z.strictObject({ token: z.string({ error: 'Give the claim token from the mailed link' }).min(10, 'Give the claim token from the mailed link').max(200, 'Use at most 200 characters') });

export const TicketOption = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  priceMinor: z.number(),
  currency: z.string(),
  capacity: z.number().nullable(),
  /** Places left (null: no limit); 0 means the waiting list is open. */
  remaining: z.number().nullable(),
  waiting: z.number(),
});
export type TicketOption = z.infer<typeof TicketOption>;

export const EventSummary = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  timeZone: z.string(),
  format: z.string(),
  venueName: z.string().nullable(),
});

export const WaitingEntry = z.object({
  id: z.string(),
  ticketTypeId: z.string(),
  ticketTypeName: z.string(),
  status: z.enum(['waiting', 'offered', 'claimed', 'expired', 'left']),
  /** 1 for the next person to be offered a place; null once offered or done. */
  position: z.number().nullable(),
  offerExpiresAt: z.string().nullable(),
});
export type WaitingEntry = z.infer<typeof WaitingEntry>;

export const MyRegistration = z.object({
  id: z.string(),
  reference: z.string(),
  status: z.enum(['confirmed', 'cancelled']),
  event: EventSummary,
  ticketType: z.object({ id: z.string(), name: z.string() }),
  name: z.string(),
  organisationName: z.string().nullable(),
  shareWithExhibitors: z.boolean(),
  feeMinor: z.number(),
  currency: z.string(),
  feePaidAt: z.string().nullable(),
  /** The signed check-in code (what the QR code holds), and the QR code as SVG. */
  code: z.string().nullable(),
  qrSvg: z.string().nullable(),
  /** An online event's join link: only for a confirmed registration. */
  joinUrl: z.string().nullable(),
  /** Until when the attendee may cancel (null: until the event starts). */
  cancelUntil: z.string().nullable(),
  canCancel: z.boolean(),
  createdAt: z.string(),
});
export type MyRegistration = z.infer<typeof MyRegistration>;
export const MyRegistrations = z.object({ registrations: z.array(MyRegistration), waiting: z.array(WaitingEntry.extend({ event: EventSummary })) });

export const RegistrationOptions = z.object({
  event: EventSummary,
  open: z.boolean(),
  /** Why registration is closed, in words (null when open). */
  closedReason: z.string().nullable(),
  ticketTypes: z.array(TicketOption),
  /** The caller's registration and waiting-list entries for this event, when signed in. */
  mine: MyRegistration.nullable(),
  waiting: z.array(WaitingEntry),
  signedIn: z.boolean(),
});
export type RegistrationOptions = z.infer<typeof RegistrationOptions>;

/**
 * The answer to a guest's registration or waiting-list request: the same words whatever the address (a new
 * guest, a guest before, an account with a password); what happened is told by mail to the address alone.
 */
export const GuestRegistered = z.object({ status: z.literal('accepted'), message: z.string() });
/** `accountLink`: the claimant has no password yet (a guest); this page sets one, to open their ticket page. */
export const Claimed = z.object({ status: z.literal('registered'), reference: z.string(), eventSlug: z.string(), accountLink: z.string().nullable(), message: z.string() });

export const AgendaSession = z.object({
  id: z.string(),
  title: z.string(),
  format: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  room: z.string().nullable(),
  track: z.string().nullable(),
  capacity: z.number().nullable(),
  taken: z.number(),
  chosen: z.boolean(),
});
export const MyAgenda = z.object({
  registrationId: z.string(),
  event: EventSummary,
  sessions: z.array(AgendaSession),
  /** Whether a feed link exists (its address is shown only when made). */
  hasFeed: z.boolean(),
});
export type MyAgenda = z.infer<typeof MyAgenda>;
export const AgendaFeed = z.object({ url: z.string() });

export const registrationStatuses = ['confirmed', 'cancelled'] as const;
export const ListRegistrationsQuery = z.strictObject({
  q: z.string().trim().max(200, 'Use at most 200 characters').optional(),
  ticketTypeId: z.string().max(100, 'Use at most 100 characters').optional(),
  status: z.enum(registrationStatuses, { error: 'Use the status confirmed or cancelled' }).optional(),
  page: z.coerce.number({ error: 'page is a number from 1' }).int('page is a whole number').min(1, 'page starts at 1').max(100_000, 'page is at most 100000').optional(),
});
export type ListRegistrationsQuery = z.infer<typeof ListRegistrationsQuery>;

export const RegistrationRow = z.object({
  id: z.string(),
  reference: z.string(),
  status: z.enum(registrationStatuses),
  name: z.string(),
  email: z.string(),
  organisationName: z.string().nullable(),
  ticketType: z.object({ id: z.string(), name: z.string() }),
  source: z.string(),
  feeMinor: z.number(),
  currency: z.string(),
  feePaidAt: z.string().nullable(),
  shareWithExhibitors: z.boolean(),
  createdAt: z.string(),
});
export type RegistrationRow = z.infer<typeof RegistrationRow>;
export const RegistrationPage = z.object({ registrations: z.array(RegistrationRow), total: z.number(), page: z.number(), pageSize: z.number(), ticketTypes: z.array(TicketOption) });

export const AddRegistrationBody = z.strictObject({
  ticketTypeId: id('the ticket type (ticketTypeId)'),
  name: z.string({ error: 'Give the name' }).trim().min(1, 'Give the name').max(200, 'Use at most 200 characters'),
  email,
  organisationName,
  /** Free of charge (a comp or speaker's ticket); otherwise the ticket's price is due. */
  complimentary: z.boolean({ error: 'complimentary is true or false' }).optional(),
});
export type AddRegistrationBody = z.infer<typeof AddRegistrationBody>;

export const WaitingListRow = WaitingEntry.extend({ name: z.string(), email: z.string(), joinedAt: z.string() });
export const WaitingListView = z.object({ entries: z.array(WaitingListRow) });
