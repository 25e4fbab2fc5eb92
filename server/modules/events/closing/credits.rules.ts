import type { CpdActivityType } from '../../../../contracts/cpd-types.js';
import { cpdActivityTypes } from '../../../../contracts/cpd-types.js';
import type { EventCredit } from '../../cpd/event-credits.js';

/*
 * What closing an event (or one session) credits, as a pure function of the programme and the live
 * check-ins. Attending: one 'event' activity per session a person was checked into on that session's list.
 * When the event keeps session lists, a door check-in alone credits nothing (it shows someone came, not
 * what they sat through). An event without session lists (a chapter meeting, a webinar) credits each door
 * day with the hours of that day's scheduled sessions, as one activity; a day without sessions has no
 * hours to credit. Speaking: each confirmed speaker with an account, per session they spoke at, the
 * session's hours plus preparation (below); guests without an account have no CPD log to credit.
 */

/**
 * Preparation counted for a talk, in hours per hour spoken. The rule sets (schemes/cpd/*.json) cap speaking
 * with the rest of "giving back" and bound each activity (at most 15 points), but say nothing of
 * preparation, so it is set here: two hours per hour, the common practice of professional bodies that
 * credit presenting; the engine's per-activity maximum still applies.
 */
export const PREPARATION_PER_HOUR = 2;

export type ClosingSession = { id: string; title: string; starts_at: string; ends_at: string; cpd_type: string; cpd_quarters: number; status: string; closed_at: string | null };
export type ClosingList = { id: string; kind: 'door' | 'session'; day: string | null; session_id: string | null };
export type ClosingCheckin = { list_id: string; registration_id: string };
export type ClosingRegistration = { id: string; user_id: string };
export type ClosingSpeaker = { session_id: string; user_id: string };
export type ClosingEvent = { id: string; title: string; time_zone: string };

/** What one person was credited for: session ids, "door:<day>" for door days and "speaking:<session id>". */
export type AttendancePlan = { userId: string; registrationId: string; items: string[] };

export type ClosingPlan = { credits: EventCredit[]; people: Map<string, AttendancePlan> };

/** The calendar day of an instant in a time zone (YYYY-MM-DD). */
export function dayIn(timeZone: string, iso: string): string {
  const f = dayFormats.get(timeZone) ?? new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  dayFormats.set(timeZone, f);
  return f.format(new Date(iso));
}
/** Formatters are slow to make and cheap to use: one per time zone. */
const dayFormats = new Map<string, Intl.DateTimeFormat>();

const typeOf = (t: string): CpdActivityType => ((cpdActivityTypes as readonly string[]).includes(t) ? (t as CpdActivityType) : 'event');

/**
 * The credits of one close. `only` limits it to one session (closing a session); otherwise every scheduled
 * session and door day counts. Keys are stable, so the cpd module's (provider, key) index gives each once.
 */
export function planCredits(
  input: { event: ClosingEvent; sessions: ClosingSession[]; lists: ClosingList[]; checkins: ClosingCheckin[]; registrations: ClosingRegistration[]; speakers: ClosingSpeaker[]; provider: string },
  only: string | null = null,
): ClosingPlan {
  const { event } = input;
  const held = input.sessions.filter((s) => s.status === 'scheduled' && (only === null || s.id === only));
  const sessionById = new Map(held.map((s) => [s.id, s]));
  const listById = new Map(input.lists.map((l) => [l.id, l]));
  const regById = new Map(input.registrations.map((r) => [r.id, r]));
  const sessionLists = input.lists.some((l) => l.kind === 'session');
  const credits: EventCredit[] = [];
  const people = new Map<string, AttendancePlan>();
  const note = (userId: string, registrationId: string, item: string) => {
    const p = people.get(userId) ?? { userId, registrationId, items: [] };
    if (!p.items.includes(item)) p.items.push(item);
    people.set(userId, p);
  };
  const dayQuarters = programme(event.time_zone, input.sessions, input.lists).perDay;

  for (const c of input.checkins) {
    const list = listById.get(c.list_id);
    const reg = regById.get(c.registration_id);
    if (!list || !reg) continue;
    if (list.kind === 'session') {
      const s = list.session_id ? sessionById.get(list.session_id) : undefined;
      if (!s) continue;
      note(reg.user_id, reg.id, s.id);
      if (s.cpd_quarters > 0)
        credits.push({
          memberId: reg.user_id,
          key: creditKey(event.id, reg.user_id, s.id),
          type: typeOf(s.cpd_type),
          title: `${s.title} (${event.title})`,
          occurredOn: dayIn(event.time_zone, s.starts_at),
          quarters: s.cpd_quarters,
          provider: input.provider,
          details: { eventName: event.title, sessions: s.title },
        });
    } else if (list.day) {
      // Door check-ins are noted (they make someone an attendee) but credit only when there are no session lists.
      if (only !== null) continue;
      note(reg.user_id, reg.id, `door:${list.day}`);
      const q = dayQuarters.get(list.day) ?? 0;
      if (!sessionLists && q > 0)
        credits.push({
          memberId: reg.user_id,
          key: creditKey(event.id, reg.user_id, `door:${list.day}`),
          type: 'event',
          title: `${event.title}, ${list.day}`,
          occurredOn: list.day,
          quarters: q,
          provider: input.provider,
          details: { eventName: event.title },
        });
    }
  }

  for (const sp of input.speakers) {
    const s = sessionById.get(sp.session_id);
    if (!s || s.cpd_quarters <= 0) continue;
    const p = people.get(sp.user_id);
    if (p) p.items.includes(`speaking:${s.id}`) || p.items.push(`speaking:${s.id}`);
    else people.set(sp.user_id, { userId: sp.user_id, registrationId: '', items: [`speaking:${s.id}`] });
    credits.push({
      memberId: sp.user_id,
      key: `event:${event.id}:speaking:${s.id}:${sp.user_id}`,
      type: 'speaking',
      title: `Speaking: ${s.title} (${event.title})`,
      occurredOn: dayIn(event.time_zone, s.starts_at),
      quarters: speakingQuarters(s.cpd_quarters),
      provider: input.provider,
      details: { eventName: event.title },
    });
  }
  return { credits, people };
}

/** The CPD key of an attended item (a session id or "door:<day>"): what a close credits it under and an undo withdraws. */
export const creditKey = (eventId: string, userId: string, item: string) =>
  item.startsWith('door:') ? `event:${eventId}:door:${item.slice(5)}:${userId}` : `event:${eventId}:session:${item}:${userId}`;

/** A talk's credit: the time spoken plus its preparation. */
export const speakingQuarters = (spoken: number) => spoken * (1 + PREPARATION_PER_HOUR);

/** Hours (attending, speaking) of a person's credited items, from the programme. */
export function quartersOf(items: readonly string[], sessions: ReadonlyMap<string, { cpd_quarters: number }>, doorDayQuarters: ReadonlyMap<string, number>, doorCredits: boolean) {
  let attended = 0;
  let speaking = 0;
  for (const it of items) {
    if (it.startsWith('speaking:')) speaking += speakingQuarters(sessions.get(it.slice(9))?.cpd_quarters ?? 0);
    else if (it.startsWith('door:')) attended += doorCredits ? (doorDayQuarters.get(it.slice(5)) ?? 0) : 0;
    else attended += sessions.get(it)?.cpd_quarters ?? 0;
  }
  return { attended, speaking };
}

/** The programme's hours: sessions by id, each day's scheduled hours, and whether door days credit them (no session lists). */
export function programme<S extends Pick<ClosingSession, 'id' | 'starts_at' | 'status' | 'cpd_quarters'>>(timeZone: string, sessions: readonly S[], lists: ReadonlyArray<{ kind: string }>) {
  const byId = new Map(sessions.map((s) => [s.id, s]));
  const perDay = new Map<string, number>();
  for (const s of sessions) if (s.status === 'scheduled') perDay.set(dayIn(timeZone, s.starts_at), (perDay.get(dayIn(timeZone, s.starts_at)) ?? 0) + s.cpd_quarters);
  const doorCredits = !lists.some((l) => l.kind === 'session');
  return { byId, perDay, doorCredits, doorQuarters: (d: string) => (doorCredits ? (perDay.get(d) ?? 0) : 0) };
}

/** A person's recorded items (the JSON of event_attendance.sessions). */
export const itemsOf = (row: { sessions: string } | undefined): string[] => (row ? (JSON.parse(row.sessions) as string[]) : []);
