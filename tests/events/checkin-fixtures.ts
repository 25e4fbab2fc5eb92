import { randomUUID } from 'node:crypto';
import type { Browser, Json } from '../support/accounts.js';
import type { TestApp } from '../support/app.js';
import type { EventFixture } from './fixtures.js';

/*
 * events/checkin test helpers: the kit as a scanner loads it, and scans with a nonce of their own.
 */

export const checkinBase = (eventId: string) => `/api/v1/events/${encodeURIComponent(eventId)}/checkin`;

export async function kitOf(b: Browser, event: Pick<EventFixture, 'id'>): Promise<Json> {
  const res = await b.req({ method: 'GET', url: `${checkinBase(event.id)}/kit` });
  if (res.statusCode !== 200) throw new Error(`kit: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** The door list of a day, or a session's list. */
export function listOf(kit: Json, which: { day: string } | { sessionId: string }): string {
  const l = (kit.lists as Json[]).find((x) => ('day' in which ? x.kind === 'door' && x.day === which.day : x.sessionId === which.sessionId));
  if (!l) throw new Error(`no list ${JSON.stringify(which)} in ${JSON.stringify(kit.lists)}`);
  return l.id as string;
}

export type Scan = { listId: string; code?: string; reference?: string; nonce?: string; scanner?: string; scannedAt?: string; offline?: boolean };

export function scanBody(app: TestApp, s: Scan): Json {
  return { scanner: 'scanner 1', scannedAt: app.clock.now().toISOString(), nonce: randomUUID(), ...s };
}

export const scan = (app: TestApp, b: Browser, eventId: string, s: Scan) => b.req({ method: 'POST', url: `${checkinBase(eventId)}/scans`, payload: scanBody(app, s) });

/** The event's one door check-in of a registration, for fixtures that need a check-in to undo. */
export async function checkedIn(app: TestApp, b: Browser, event: EventFixture, code: string): Promise<{ listId: string; checkinId: string }> {
  const kit = await kitOf(b, event);
  const listId = listOf(kit, { day: kit.lists[0].day });
  const res = await scan(app, b, event.id, { listId, code });
  const body = res.json();
  if (body.outcome !== 'accepted') throw new Error(`check-in refused: ${res.body}`);
  return { listId, checkinId: body.checkinId };
}
