import type { Tx } from '../../db/database.js';
import { ensureLists, listsOf } from '../../modules/events/checkin/lists.js';
import { ticketDays } from '../../modules/events/checkin/roster.js';
import { localDay } from '../../modules/events/time.js';
import { audit, systemActor } from '../../platform/audit.js';
import { newId } from '../../platform/ids.js';
import type { DemoEvents } from './types.js';

/*
 * Last year's check-ins, so that closing it credits real sessions: most registered people came through
 * the door on the days their ticket admits, and most of those went to a session in several time slots
 * (some were at the door only; a few never came). Deterministic: picks follow each person's position.
 */
export async function seedDemoCheckins(tx: Tx, events: DemoEvents, now: Date): Promise<void> {
  const event = await tx.selectFrom('events').select(['id', 'starts_on', 'ends_on', 'time_zone', 'created_by']).where('id', '=', events.pastConferenceId).executeTakeFirst();
  if (!event) return;
  await ensureLists(tx, event, now);
  const lists = await listsOf(tx, event.id);
  const registrations = await tx
    .selectFrom('event_registrations as r')
    .innerJoin('event_ticket_types as t', 't.id', 'r.ticket_type_id')
    .select(['r.id', 't.days'])
    .where('r.event_id', '=', event.id)
    .where('r.status', '=', 'confirmed')
    .orderBy('r.id')
    .execute();
  const sessions = lists.filter((l) => l.kind === 'session' && l.session_status === 'scheduled' && l.starts_at && l.ends_at);
  // Sessions grouped by their start time: one choice per time slot.
  const slots = new Map<string, typeof sessions>();
  for (const s of sessions) slots.set(s.starts_at as string, [...(slots.get(s.starts_at as string) ?? []), s]);
  const firstStart = new Map<string, number>();
  for (const s of sessions) {
    const day = localDay(s.starts_at as string, event.time_zone);
    firstStart.set(day, Math.min(firstStart.get(day) ?? Number.POSITIVE_INFINITY, Date.parse(s.starts_at as string)));
  }
  const checkins: Array<{ list: string; registration: string; at: number; scanner: string }> = [];
  registrations.forEach((r, i) => {
    if (i % 12 === 11) return; // registered, never came
    const doorOnly = i % 9 === 4;
    for (const day of ticketDays(r.days, event)) {
      const door = lists.find((l) => l.kind === 'door' && l.day === day);
      const opens = firstStart.get(day) ?? Date.parse(`${day}T08:00:00Z`);
      if (!door || (day !== event.starts_on && i % 5 === 0)) continue; // some came on the first day only
      checkins.push({ list: door.id, registration: r.id, at: opens - 45 * 60_000 + (i % 40) * 60_000, scanner: `scanner ${(i % 4) + 1}` });
      if (doorOnly) continue;
      [...slots.entries()].forEach(([start, inSlot], k) => {
        if (localDay(start, event.time_zone) !== day || (i + k) % 3 === 0) return;
        const s = inSlot[(i + k) % inSlot.length];
        if (s) checkins.push({ list: s.id, registration: r.id, at: Date.parse(start) + ((i % 12) - 4) * 60_000, scanner: `session scanner ${(k % 3) + 1}` });
      });
    }
  });
  const recorded = now.toISOString();
  for (let from = 0; from < checkins.length; from += 200) {
    const batch = checkins.slice(from, from + 200).map((c) => ({ ...c, id: newId(), nonce: newId(), scannedAt: new Date(c.at).toISOString() }));
    await tx
      .insertInto('event_checkins')
      .values(batch.map((c) => ({ id: c.id, event_id: event.id, list_id: c.list, registration_id: c.registration, nonce: c.nonce, scanner: c.scanner, by_user_id: event.created_by, scanned_at: c.scannedAt, recorded_at: recorded, offline: 0, undone_at: null, undone_by: null, undo_reason: null })))
      .execute();
    await tx
      .insertInto('event_checkin_scans')
      .values(
        batch.map((c) => ({
          nonce: c.nonce,
          event_id: event.id,
          list_id: c.list,
          registration_id: c.registration,
          checkin_id: c.id,
          outcome: 'accepted' as const,
          reason: null,
          answer: JSON.stringify({ outcome: 'accepted', reason: null, message: 'Checked in.', registrationId: c.registration, name: null, ticket: null, checkinId: c.id, listId: c.list, nonce: c.nonce, scannedAt: c.scannedAt, replayed: false }),
          scanner: c.scanner,
          by_user_id: event.created_by,
          scanned_at: c.scannedAt,
          recorded_at: recorded,
          offline: 0,
        })),
      )
      .execute();
  }
  await audit(tx, systemActor, { action: 'events.checked_in', subjectType: 'event', subjectId: event.id, details: { demo: true, checkins: checkins.length } }, now);
}
