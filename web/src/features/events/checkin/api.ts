import type { CheckInAnswer, CheckInBody, CheckInKit, CheckInStatus } from '../../../../../contracts/events-checkin.js';
import { call } from '../../../api.js';

export type { CheckInAnswer, CheckInBody, CheckInKit, CheckInStatus };

const base = (eventId: string) => `/api/v1/events/${encodeURIComponent(eventId)}/checkin`;

/** The check-in API: the kit a scanner loads, scans, the status it polls, and undo. */
export const checkinApi = {
  kit: (eventId: string) => call<CheckInKit>('GET', `${base(eventId)}/kit`),
  scan: (eventId: string, body: CheckInBody) => call<CheckInAnswer>('POST', `${base(eventId)}/scans`, body),
  status: (eventId: string, listId: string) => call<CheckInStatus>('GET', `${base(eventId)}/status?listId=${encodeURIComponent(listId)}`),
  undo: (eventId: string, checkinId: string, reason: string) => call<unknown>('POST', `${base(eventId)}/checkins/${encodeURIComponent(checkinId)}/undo`, { reason }),
};
