import type { Db, Tx } from '../../db/database.js';
import { DomainError } from '../../platform/errors.js';
import { type Slot, clashesOf, speakerKey } from './clash.rules.js';

/** The event's scheduled sessions as slots, with their speakers (declined ones do not count). */
export async function slotsOf(q: Db | Tx, eventId: string): Promise<Slot[]> {
  const sessions = await q
    .selectFrom('event_sessions')
    .select(['id', 'title', 'room_id', 'starts_at', 'ends_at'])
    .where('event_id', '=', eventId)
    .where('status', '=', 'scheduled')
    .execute();
  const speakers = await q.selectFrom('event_speakers').select(['session_id', 'user_id', 'email']).where('event_id', '=', eventId).where('status', '!=', 'declined').execute();
  const bySession = new Map<string, string[]>();
  for (const s of speakers) bySession.set(s.session_id, [...(bySession.get(s.session_id) ?? []), speakerKey({ userId: s.user_id, email: s.email })]);
  return sessions.map((s) => ({ id: s.id, title: s.title, roomId: s.room_id, startsAt: s.starts_at, endsAt: s.ends_at, speakers: bySession.get(s.id) ?? [] }));
}

/** Refuses (CONFLICT) a session placed where it clashes, naming the first clash. */
export async function refuseClashes(q: Db | Tx, eventId: string, candidate: Slot, speakerName: (key: string) => string = (k) => k.replace(/^(user|email):/, '')): Promise<void> {
  const clash = clashesOf(candidate, await slotsOf(q, eventId))[0];
  if (!clash) return;
  const message =
    clash.kind === 'room'
      ? `The room is taken at that time by “${clash.title}”. Choose another room or time.`
      : `${speakerName(clash.speaker ?? '')} is already speaking at that time in “${clash.title}”. Choose another time.`;
  throw new DomainError('CONFLICT', message, { clash });
}
