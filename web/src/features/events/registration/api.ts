import type { z } from 'zod';
import type {
  AgendaFeed,
  Claimed,
  GuestRegistered,
  MyAgenda,
  MyRegistration,
  MyRegistrations,
  RegistrationOptions,
  RegistrationPage,
  RegistrationRow,
  WaitingEntry,
  WaitingListView,
} from '../../../../../contracts/events-registration.js';
import { call, query } from '../../../api.js';

export type { MyAgenda, MyRegistration, RegistrationOptions, RegistrationRow, WaitingEntry };
export type RegistrationList = z.infer<typeof RegistrationPage>;
export type WaitingList = z.infer<typeof WaitingListView>;

const seg = encodeURIComponent;
const ev = (ref: string) => `/api/v1/events/${seg(ref)}`;
const mine = (id: string) => `/api/v1/me/event-registrations/${seg(id)}`;
type Choice = { ticketTypeId: string; organisationName?: string; shareWithExhibitors?: boolean };
export type Filters = { q?: string; ticketTypeId?: string; status?: string; page?: number };

/** events/registration's calls (contracts/events-registration.ts). */
export const registration = {
  options: (ref: string) => call<RegistrationOptions>('GET', `${ev(ref)}/registration-options`),
  register: (ref: string, body: Choice) => call<MyRegistration>('POST', `${ev(ref)}/registrations`, body),
  registerGuest: (ref: string, body: Choice & { name: string; email: string }) => call<z.infer<typeof GuestRegistered>>('POST', `${ev(ref)}/guest-registrations`, body),
  joinWaitingList: (ref: string, body: Choice) => call<WaitingEntry>('POST', `${ev(ref)}/waiting-list`, body),
  joinWaitingListAsGuest: (ref: string, body: Choice & { name: string; email: string }) => call<z.infer<typeof GuestRegistered>>('POST', `${ev(ref)}/guest-waiting-list`, body),
  leaveWaitingList: (ref: string) => call<unknown>('DELETE', `${ev(ref)}/waiting-list`),
  claim: (token: string) => call<z.infer<typeof Claimed>>('POST', '/api/v1/event-waiting-list/claim', { token }),
  mine: () => call<z.infer<typeof MyRegistrations>>('GET', '/api/v1/me/event-registrations'),
  cancel: (id: string) => call<MyRegistration>('POST', `${mine(id)}/cancel`),
  badgeUrl: (id: string) => `${mine(id)}/badge`,
  agenda: (id: string) => call<MyAgenda>('GET', `${mine(id)}/agenda`),
  addSession: (id: string, sessionId: string) => call<MyAgenda>('PUT', `${mine(id)}/agenda/${seg(sessionId)}`),
  removeSession: (id: string, sessionId: string) => call<MyAgenda>('DELETE', `${mine(id)}/agenda/${seg(sessionId)}`),
  makeFeed: (id: string) => call<z.infer<typeof AgendaFeed>>('POST', `${mine(id)}/agenda-feed`),
  revokeFeed: (id: string) => call<unknown>('DELETE', `${mine(id)}/agenda-feed`),
  // Organisers
  list: (eventId: string, f: Filters) => call<RegistrationList>('GET', `${ev(eventId)}/registrations${query(f)}`),
  csvUrl: (eventId: string, f: Filters) => `${ev(eventId)}/registrations.csv${query({ ...f, page: undefined })}`,
  markPaid: (eventId: string, id: string) => call<RegistrationRow>('POST', `${ev(eventId)}/registrations/${seg(id)}/paid`),
  add: (eventId: string, body: { ticketTypeId: string; name: string; email: string; organisationName?: string; complimentary?: boolean }) => call<RegistrationRow>('POST', `${ev(eventId)}/registrations/manual`, body),
  waitingList: (eventId: string) => call<WaitingList>('GET', `${ev(eventId)}/waiting-list`),
};

/** "£250.00", or "Free". */
export function price(minor: number, currency: string): string {
  if (minor === 0) return 'Free';
  return new Intl.NumberFormat('en-GB', { style: 'currency', currency }).format(minor / 100);
}

/** A time in the event's own zone. */
export function inZone(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone }).format(new Date(iso));
}
