import type { CheckInAnswer, CheckInReason } from '../../../../contracts/events-checkin.js';
import { parseCheckInCode } from '../../../../contracts/checkin-code.js';
import type { AuditEntry } from '../../../platform/audit.js';
import { DomainError } from '../../../platform/errors.js';
import type { EventCaller } from '../access.js';
import { verifyCheckInCode } from '../codes.js';
import { dayName, localTime } from '../time.js';
import { type ListRow, dayOfList } from './lists.js';
import { ticketDays } from './roster.js';

/*
 * What a scan means, apart from how it is read and written: the two ways of recording a scan (scan.ts through
 * the query builder, scan-sqlite.ts as one synchronous SQLite transaction) share these, so they give the
 * same answers to the same scans.
 */

export type ScanInput = {
  listId: string;
  code?: string;
  reference?: string;
  nonce: string;
  scanner: string;
  scannedAt: string;
  offline: boolean;
};

export type Registration = { id: string; event_id: string; reference: string; name: string; status: string; ticket: string; days: string | null };

/** Whom a code or reference points at before it is looked up, or why it names no one of this event. */
export type Target = { reference: string } | { registrationId: string } | { otherEvent: string; code: string } | 'unknown_code' | 'not_this_event';

/** "K7QD3WXA", " k7qd-3wxa " → "K7QD-3WXA". */
export function normalReference(typed: string): string {
  const s = typed.trim().toUpperCase().replace(/[\s-]/g, '');
  return s.length === 8 ? `${s.slice(0, 4)}-${s.slice(4)}` : typed.trim().toUpperCase();
}

export function targetOf(input: ScanInput, event: { id: string; publicKey: string }): Target {
  if (input.reference !== undefined) return { reference: normalReference(input.reference) };
  const code = input.code ?? '';
  const parsed = verifyCheckInCode(code, event.publicKey);
  if (!parsed) {
    // Another event's genuine code is told apart from a made-up one: its own event's key signed it (checked by otherEventVerdict).
    const other = parseCheckInCode(code);
    return other && other.eventId !== event.id ? { otherEvent: other.eventId, code } : 'unknown_code';
  }
  return parsed.eventId === event.id ? { registrationId: parsed.registrationId } : 'not_this_event';
}

export const otherEventVerdict = (code: string, theirKey: string | undefined) => (theirKey && verifyCheckInCode(code, theirKey) ? 'not_this_event' : 'unknown_code');

/** A registration found by its id (from a code) belongs to this event or is refused as another's. */
export const ofThisEvent = (r: Registration | undefined, eventId: string) => (!r ? 'unknown_code' : r.event_id === eventId ? r : 'not_this_event');

/** The list scanned into, checked: it is this event's and its session is not cancelled. */
export function requireScanList(list: ListRow | undefined, eventId: string, publicKey: string | undefined): asserts list is ListRow {
  if (!publicKey || !list || list.event_id !== eventId) {
    throw new DomainError('NOT_FOUND', 'The check-in list was not found at this event: reload the check-in page to get its lists.', { fields: { listId: ['No such list at this event.'] } });
  }
  if (list.session_status === 'cancelled') throw new DomainError('CONFLICT', 'The session of this list was cancelled: choose another list.', { fields: { listId: ['The session was cancelled.'] } });
}

/** An offline scan keeps the time it was made; a clock running ahead is not believed. */
export const scanTime = (input: ScanInput, now: Date) => (Date.parse(input.scannedAt) < now.getTime() ? new Date(input.scannedAt).toISOString() : now.toISOString());

function refusal(reason: CheckInReason, who: Registration | null, extra: string): string {
  const name = who?.name ?? '';
  switch (reason) {
    case 'unknown_code':
      return 'Unknown code: it is not a code of this event, or no registration has it.';
    case 'not_this_event':
      return 'Not this event: the code belongs to another event.';
    case 'cancelled':
      return `Cancelled: ${name}'s registration was cancelled.`;
    case 'wrong_day':
      return `Wrong day: ${name}'s ticket (${who?.ticket ?? ''}) admits ${extra}.`;
    case 'already_in':
      return `Already in: ${name} checked in at ${extra}.`;
  }
}

function answerOf(input: ScanInput, scannedAt: string, who: Registration | null, outcome: CheckInAnswer['outcome'], reason: CheckInReason | null, message: string, checkinId: string | null): CheckInAnswer {
  return {
    outcome,
    reason,
    message,
    registrationId: who?.id ?? null,
    name: who?.name ?? null,
    ticket: who?.ticket ?? null,
    checkinId,
    listId: input.listId,
    nonce: input.nonce,
    scannedAt,
    replayed: false,
  };
}

/** The refusal a scan gets before anything is written (no one, cancelled, wrong day), or whom to check in. */
export function verdictOf(input: ScanInput, scannedAt: string, who: Registration | 'unknown_code' | 'not_this_event', list: ListRow, event: EventCaller['event']): { refused: CheckInAnswer } | { admit: Registration } {
  const refused = (answer: CheckInAnswer) => ({ refused: answer });
  if (who === 'unknown_code' || who === 'not_this_event') return refused(answerOf(input, scannedAt, null, 'refused', who, refusal(who, null, ''), null));
  if (who.status === 'cancelled') return refused(answerOf(input, scannedAt, who, 'refused', 'cancelled', refusal('cancelled', who, ''), null));
  const day = dayOfList(list, event.time_zone);
  const days = ticketDays(who.days, event);
  if (days.includes(day)) return { admit: who };
  const when = days.length ? `on ${days.map(dayName).join(', ')} only` : 'on no day of this event';
  return refused(answerOf(input, scannedAt, who, 'refused', 'wrong_day', refusal('wrong_day', who, when), null));
}

export const acceptedAnswer = (input: ScanInput, scannedAt: string, who: Registration, checkinId: string) =>
  answerOf(input, scannedAt, who, 'accepted', null, `Checked in: ${who.name} (${who.ticket}).`, checkinId);

/** "Already in: … checked in at 09:14 by scanner 3" (with the day when it was another day). */
export function alreadyInAnswer(input: ScanInput, scannedAt: string, who: Registration, live: { scanned_at: string; scanner: string } | undefined, timeZone: string): CheckInAnswer {
  const sameDay = live && live.scanned_at.slice(0, 10) === scannedAt.slice(0, 10);
  const text = live ? `${localTime(live.scanned_at, timeZone)}${sameDay ? '' : ` on ${live.scanned_at.slice(0, 10)}`} by ${live.scanner}` : 'an earlier scan';
  return answerOf(input, scannedAt, who, 'refused', 'already_in', refusal('already_in', who, text), null);
}

/** The answer a nonce got the first time, replayed; null when the nonce is new. */
export function replayed(row: { event_id: string; answer: string } | undefined, eventId: string): CheckInAnswer | null {
  if (!row) return null;
  if (row.event_id !== eventId) throw new DomainError('VALIDATION_FAILED', 'This nonce was already used for a scan at another event: make a new nonce for every scan.', { fields: { nonce: ['Already used at another event.'] } });
  return { ...(JSON.parse(row.answer) as CheckInAnswer), replayed: true };
}

export const checkinRow = (id: string, list: ListRow, who: Registration, input: ScanInput, userId: string, scannedAt: string, now: Date) => ({
  id,
  event_id: list.event_id,
  list_id: list.id,
  registration_id: who.id,
  nonce: input.nonce,
  scanner: input.scanner,
  by_user_id: userId,
  scanned_at: scannedAt,
  recorded_at: now.toISOString(),
  offline: input.offline ? 1 : 0,
  undone_at: null,
  undone_by: null,
  undo_reason: null,
});

export const scanRow = (input: ScanInput, eventId: string, userId: string, a: CheckInAnswer, now: Date) => ({
  nonce: input.nonce,
  event_id: eventId,
  list_id: input.listId,
  registration_id: a.registrationId,
  checkin_id: a.checkinId,
  outcome: a.outcome,
  reason: a.reason,
  answer: JSON.stringify(a),
  scanner: input.scanner,
  by_user_id: userId,
  scanned_at: a.scannedAt,
  recorded_at: now.toISOString(),
  offline: input.offline ? 1 : 0,
});

export const checkedInEntry = (list: ListRow, who: Registration, input: ScanInput, scannedAt: string, checkinId: string): AuditEntry => ({
  action: 'events.checked_in',
  subjectType: 'event_registration',
  subjectId: who.id,
  details: { eventId: list.event_id, listId: list.id, checkinId, nonce: input.nonce, scanner: input.scanner, scannedAt, offline: input.offline },
});
