import type { CheckInAnswer, CheckInReason } from '../../../../contracts/events-checkin.js';
import { parseCheckInCode } from '../../../../contracts/checkin-code.js';
import type { Db, Tx } from '../../../db/database.js';
import { audit } from '../../../platform/audit.js';
import { type RequestContext, auditCtx } from '../../../platform/context.js';
import { DomainError } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import { requireEventAccess } from '../access.js';
import { verifyCheckInCode } from '../codes.js';
import { type ListRow, dayOfList, listById } from './lists.js';
import { registrationColumns, ticketDays } from './roster.js';
import { dayName, localTime } from '../time.js';

/*
 * One scan: who the code or reference names, whether they may come in through this list, and the check-in.
 * Each nonce is recorded once in the scan log with the answer it got; the same nonce again gets that answer
 * again (a retry after a lost reply), never a second check-in. Scanners racing for one person meet at the
 * partial unique index on live check-ins: the insert that loses does nothing and is answered "already in".
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

type Registration = { id: string; event_id: string; reference: string; name: string; status: string; ticket: string; days: string | null };
// An event's check-in key never changes: scanners' requests read it from here after the first.
const publicKeys = new Map<string, string>();

async function publicKeyOf(db: Db, eventId: string): Promise<string | undefined> {
  const known = publicKeys.get(eventId);
  if (known) return known;
  const row = await db.selectFrom('events').select('checkin_public_key').where('id', '=', eventId).executeTakeFirst();
  if (row) publicKeys.set(eventId, row.checkin_public_key);
  return row?.checkin_public_key;
}

const registrationQuery = (db: Db) =>
  db.selectFrom('event_registrations as r').innerJoin('event_ticket_types as t', 't.id', 'r.ticket_type_id').select(registrationColumns);

/** "K7QD3WXA", " k7qd-3wxa " → "K7QD-3WXA". */
export function normalReference(typed: string): string {
  const s = typed.trim().toUpperCase().replace(/[\s-]/g, '');
  return s.length === 8 ? `${s.slice(0, 4)}-${s.slice(4)}` : typed.trim().toUpperCase();
}

/** Whom a scan names, or why it names no one of this event. */
async function resolve(db: Db, event: { id: string; publicKey: string }, input: ScanInput): Promise<Registration | 'unknown_code' | 'not_this_event'> {
  if (input.reference !== undefined) {
    const r = await registrationQuery(db).where('r.event_id', '=', event.id).where('r.reference', '=', normalReference(input.reference)).executeTakeFirst();
    return r ?? 'unknown_code';
  }
  const code = input.code ?? '';
  const parsed = verifyCheckInCode(code, event.publicKey);
  if (!parsed) {
    // Another event's genuine code is told apart from a made-up one: its own event's key signed it.
    const other = parseCheckInCode(code);
    if (other && other.eventId !== event.id) {
      const theirs = await publicKeyOf(db, other.eventId);
      if (theirs && verifyCheckInCode(code, theirs)) return 'not_this_event';
    }
    return 'unknown_code';
  }
  if (parsed.eventId !== event.id) return 'not_this_event';
  const r = await registrationQuery(db).where('r.id', '=', parsed.registrationId).executeTakeFirst();
  if (!r) return 'unknown_code';
  return r.event_id === event.id ? r : 'not_this_event';
}

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

/** The answer a nonce got the first time, replayed; null when the nonce is new. */
async function replayOf(q: Db | Tx, eventId: string, nonce: string): Promise<CheckInAnswer | null> {
  const row = await q.selectFrom('event_checkin_scans').select(['event_id', 'answer']).where('nonce', '=', nonce).executeTakeFirst();
  if (!row) return null;
  if (row.event_id !== eventId) throw new DomainError('VALIDATION_FAILED', 'This nonce was already used for a scan at another event: make a new nonce for every scan.', { fields: { nonce: ['Already used at another event.'] } });
  return { ...(JSON.parse(row.answer) as CheckInAnswer), replayed: true };
}

/** "09:14 by scanner 3" (with the day when it was another day). */
async function alreadyInText(q: Db | Tx, listId: string, registrationId: string, timeZone: string, scannedAt: string): Promise<string> {
  const live = await q.selectFrom('event_checkins').select(['scanned_at', 'scanner']).where('list_id', '=', listId).where('registration_id', '=', registrationId).where('undone_at', 'is', null).executeTakeFirst();
  if (!live) return 'an earlier scan';
  const sameDay = live.scanned_at.slice(0, 10) === scannedAt.slice(0, 10);
  return `${localTime(live.scanned_at, timeZone)}${sameDay ? '' : ` on ${live.scanned_at.slice(0, 10)}`} by ${live.scanner}`;
}

class Retry extends Error {}

export async function checkIn(db: Db, ctx: RequestContext, eventId: string, input: ScanInput, now: Date): Promise<CheckInAnswer> {
  const caller = await requireEventAccess(db, ctx, eventId, 'checkin');
  const earlier = await replayOf(db, eventId, input.nonce);
  if (earlier) return earlier;
  const [publicKey, list] = await Promise.all([publicKeyOf(db, eventId), listById(db, input.listId)]);
  if (!publicKey || !list || list.event_id !== eventId) {
    throw new DomainError('NOT_FOUND', 'The check-in list was not found at this event: reload the check-in page to get its lists.', { fields: { listId: ['No such list at this event.'] } });
  }
  if (list.session_status === 'cancelled') throw new DomainError('CONFLICT', 'The session of this list was cancelled: choose another list.', { fields: { listId: ['The session was cancelled.'] } });
  // An offline scan keeps the time it was made; a clock running ahead is not believed.
  const scannedAt = Date.parse(input.scannedAt) < now.getTime() ? new Date(input.scannedAt).toISOString() : now.toISOString();
  const timeZone = caller.event.time_zone;
  const who = await resolve(db, { id: eventId, publicKey }, input);
  let answer: CheckInAnswer;
  if (who === 'unknown_code' || who === 'not_this_event') answer = answerOf(input, scannedAt, null, 'refused', who, refusal(who, null, ''), null);
  else if (who.status === 'cancelled') answer = answerOf(input, scannedAt, who, 'refused', 'cancelled', refusal('cancelled', who, ''), null);
  else {
    const day = dayOfList(list, timeZone);
    const days = ticketDays(who.days, caller.event);
    if (!days.includes(day)) {
      const when = days.length ? `on ${days.map(dayName).join(', ')} only` : 'on no day of this event';
      answer = answerOf(input, scannedAt, who, 'refused', 'wrong_day', refusal('wrong_day', who, when), null);
    } else return record(db, ctx, caller.actor.userId, list, who, input, scannedAt, timeZone, now);
  }
  return logScan(db, eventId, caller.actor.userId, input, answer, now);
}

const scanRow = (input: ScanInput, eventId: string, userId: string, a: CheckInAnswer, now: Date) => ({
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

/** A refused scan: logged once by its nonce (a concurrent retry that logged first is replayed). */
async function logScan(db: Db, eventId: string, userId: string, input: ScanInput, answer: CheckInAnswer, now: Date): Promise<CheckInAnswer> {
  const inserted = await db.insertInto('event_checkin_scans').values(scanRow(input, eventId, userId, answer, now)).onConflict((oc) => oc.doNothing()).returning('nonce').executeTakeFirst();
  return inserted ? answer : ((await replayOf(db, eventId, input.nonce)) ?? answer);
}

/** The check-in itself, its scan log row and its audit entry, in one transaction. */
async function record(db: Db, ctx: RequestContext, userId: string, list: ListRow, who: Registration, input: ScanInput, scannedAt: string, timeZone: string, now: Date): Promise<CheckInAnswer> {
  try {
    return await db.transaction().execute(async (tx) => {
      const checkinId = newId();
      const made = await tx
        .insertInto('event_checkins')
        .values({
          id: checkinId,
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
        })
        .onConflict((oc) => oc.doNothing())
        .returning('id')
        .executeTakeFirst();
      let answer: CheckInAnswer;
      if (made) {
        answer = answerOf(input, scannedAt, who, 'accepted', null, `Checked in: ${who.name} (${who.ticket}).`, checkinId);
        await audit(tx, auditCtx(ctx), { action: 'events.checked_in', subjectType: 'event_registration', subjectId: who.id, details: { eventId: list.event_id, listId: list.id, checkinId, nonce: input.nonce, scanner: input.scanner, scannedAt, offline: input.offline } }, now);
      } else {
        // The same nonce raced in from a retry (replay its answer), or someone else's scan of this person won.
        if (await tx.selectFrom('event_checkins').select('id').where('nonce', '=', input.nonce).executeTakeFirst()) throw new Retry();
        answer = answerOf(input, scannedAt, who, 'refused', 'already_in', refusal('already_in', who, await alreadyInText(tx, list.id, who.id, timeZone, scannedAt)), null);
      }
      const logged = await tx.insertInto('event_checkin_scans').values(scanRow(input, list.event_id, userId, answer, now)).onConflict((oc) => oc.doNothing()).returning('nonce').executeTakeFirst();
      if (!logged) throw new Retry();
      return answer;
    });
  } catch (err) {
    if (!(err instanceof Retry)) throw err;
    const earlier = await replayOf(db, list.event_id, input.nonce);
    if (!earlier) throw new DomainError('CONFLICT', 'The scan is being recorded by another request with the same nonce: send it again.');
    return earlier;
  }
}
