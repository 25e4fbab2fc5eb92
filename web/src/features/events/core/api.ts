import type { z } from 'zod';
import type { ManagedEvent, ManagedEventList, ManagedSession, PublicEvent, PublicEventList } from '../../../../../contracts/events.js';
import { call } from '../../../api.js';

/* The events core's client: organisers' operations and the public reads. */

export type ManagedEventView = z.infer<typeof ManagedEvent>;
export type ManagedSessionView = z.infer<typeof ManagedSession>;
export type EventRow = z.infer<typeof ManagedEventList>['events'][number];
export type PublicEventView = z.infer<typeof PublicEvent>;
export type PublicEventListView = z.infer<typeof PublicEventList>;
type Body = Record<string, unknown>;

const seg = encodeURIComponent;
const ev = (id: string, rest = '') => `/api/v1/events/${seg(id)}${rest}`;

export const eventsCore = {
  list: () => call<{ events: EventRow[] }>('GET', '/api/v1/events'),
  create: (body: Body) => call<ManagedEventView>('POST', '/api/v1/events', body),
  get: (id: string) => call<ManagedEventView>('GET', ev(id)),
  update: (id: string, body: Body) => call<ManagedEventView>('PATCH', ev(id), body),
  publish: (id: string) => call<ManagedEventView>('POST', ev(id, '/publish')),
  cancel: (id: string) => call<ManagedEventView>('POST', ev(id, '/cancel'), {}),
  addPart: (id: string, part: 'rooms' | 'tracks' | 'ticket-types', body: Body) => call<ManagedEventView>('POST', ev(id, `/${part}`), body),
  removePart: (id: string, part: 'rooms' | 'tracks' | 'ticket-types', partId: string) => call<ManagedEventView>('DELETE', ev(id, `/${part}/${seg(partId)}`)),
  addTeam: (id: string, body: Body) => call<ManagedEventView>('POST', ev(id, '/team'), body),
  removeTeam: (id: string, userId: string, role: string) => call<ManagedEventView>('DELETE', ev(id, `/team/${seg(userId)}/${seg(role)}`)),
  addSession: (id: string, body: Body) => call<ManagedSessionView>('POST', ev(id, '/sessions'), body),
  updateSession: (id: string, sessionId: string, body: Body) => call<ManagedSessionView>('PATCH', ev(id, `/sessions/${seg(sessionId)}`), body),
  cancelSession: (id: string, sessionId: string) => call<ManagedSessionView>('POST', ev(id, `/sessions/${seg(sessionId)}/cancel`), {}),
  publicList: () => call<PublicEventListView>('GET', '/api/v1/public/events'),
  publicEvent: (slug: string) => call<PublicEventView>('GET', `/api/v1/public/events/${seg(slug)}`),
};

/** "09:00" from an event-zone wall clock "YYYY-MM-DDTHH:MM". */
export const clockOf = (local: string) => local.slice(11, 16);

/** A day as people read it: "Wednesday 10 March 2027" (the date is already the event's own). */
export const dayName = (date: string) => new Date(`${date}T12:00:00Z`).toLocaleDateString('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** The event's days as one phrase. */
export const daysPhrase = (startsOn: string, endsOn: string) => (startsOn === endsOn ? dayName(startsOn) : `${dayName(startsOn)} to ${dayName(endsOn)}`);
