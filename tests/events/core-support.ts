import { expect } from 'vitest';
import type { Browser, Json } from '../support/accounts.js';

/** A two-day conference in London in March (UTC until the clocks change on the last Sunday). */
export const conference = (over: Json = {}): Json => ({
  title: 'Service Desk Summit',
  summary: 'Two days on running service desks well.',
  kind: 'conference',
  format: 'in_person',
  startsOn: '2027-03-10',
  endsOn: '2027-03-11',
  timeZone: 'Europe/London',
  venueName: 'Riverside Centre',
  venueAddress: '1 River Street, London',
  ...over,
});

export const talk = (over: Json = {}): Json => ({ title: 'Shift-left in practice', abstract: 'Moving fixes to the first line.', format: 'talk', day: '2027-03-10', startTime: '09:00', endTime: '10:00', ...over });

/** The body of a 2xx answer, failing with the answer otherwise. */
export function ok(res: { statusCode: number; body: string; json: () => Json }, status = 200): Json {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}

/** An event made through the API with one room and one track, published unless said. */
export async function builtEvent(organiser: Browser, over: Json = {}, publish = true) {
  const e = ok(await organiser.req({ method: 'POST', url: '/api/v1/events', payload: conference(over) }), 201);
  const withRoom = ok(await organiser.req({ method: 'POST', url: `/api/v1/events/${e.id}/rooms`, payload: { name: 'Main hall', capacity: 600 } }));
  const withTrack = ok(await organiser.req({ method: 'POST', url: `/api/v1/events/${e.id}/tracks`, payload: { name: 'Practice' } }));
  if (publish) ok(await organiser.req({ method: 'POST', url: `/api/v1/events/${e.id}/publish` }));
  return { id: e.id as string, slug: e.slug as string, roomId: withRoom.rooms[0].id as string, trackId: withTrack.tracks[0].id as string };
}
