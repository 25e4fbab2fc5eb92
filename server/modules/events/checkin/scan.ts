import type { CheckInAnswer } from '../../../../contracts/events-checkin.js';
import type { Db, Tx } from '../../../db/database.js';
import { audit } from '../../../platform/audit.js';
import { type RequestContext, auditCtx } from '../../../platform/context.js';
import { DomainError } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import { requireEventAccess } from '../access.js';
import { type ListRow, listById } from './lists.js';
import { registrationColumns } from './roster.js';
import {
  type Registration,
  type ScanInput,
  acceptedAnswer,
  alreadyInAnswer,
  checkedInEntry,
  checkinRow,
  ofThisEvent,
  otherEventVerdict,
  replayed,
  requireScanList,
  scanRow,
  scanTime,
  targetOf,
  verdictOf,
} from './scan-rules.js';

/*
 * One scan through the query builder (PostgreSQL, and SQLite while a query-builder transaction holds the
 * connection): who the code or reference names, whether they may come in through this list, and the
 * check-in. Each nonce is recorded once in the scan log with the answer it got; the same nonce again gets
 * that answer again (a retry after a lost reply), never a second check-in. Scanners racing for one person
 * meet at the partial unique index on live check-ins: the insert that loses does nothing and is answered
 * "already in". scan-sqlite.ts does the same as one synchronous transaction.
 */

// An event's check-in key never changes: scanners' requests read it from here after the first.
const publicKeys = new Map<string, string>();

async function publicKeyOf(db: Db, eventId: string): Promise<string | undefined> {
  const known = publicKeys.get(eventId);
  if (known) return known;
  const row = await db.selectFrom('events').select('checkin_public_key').where('id', '=', eventId).executeTakeFirst();
  if (row) publicKeys.set(eventId, row.checkin_public_key);
  return row?.checkin_public_key;
}

export const registrationQuery = (db: Db) =>
  db.selectFrom('event_registrations as r').innerJoin('event_ticket_types as t', 't.id', 'r.ticket_type_id').select(registrationColumns);

/** Whom a scan names, or why it names no one of this event. */
async function resolve(db: Db, event: { id: string; publicKey: string }, input: ScanInput): Promise<Registration | 'unknown_code' | 'not_this_event'> {
  const target = targetOf(input, event);
  if (typeof target === 'string') return target;
  if ('reference' in target) return (await registrationQuery(db).where('r.event_id', '=', event.id).where('r.reference', '=', target.reference).executeTakeFirst()) ?? 'unknown_code';
  if ('otherEvent' in target) return otherEventVerdict(target.code, await publicKeyOf(db, target.otherEvent));
  return ofThisEvent(await registrationQuery(db).where('r.id', '=', target.registrationId).executeTakeFirst(), event.id);
}

const replayOf = async (q: Db | Tx, eventId: string, nonce: string) =>
  replayed(await q.selectFrom('event_checkin_scans').select(['event_id', 'answer']).where('nonce', '=', nonce).executeTakeFirst(), eventId);

class Retry extends Error {}

export async function checkIn(db: Db, ctx: RequestContext, eventId: string, input: ScanInput, now: Date): Promise<CheckInAnswer> {
  const caller = await requireEventAccess(db, ctx, eventId, 'checkin');
  const earlier = await replayOf(db, eventId, input.nonce);
  if (earlier) return earlier;
  const [publicKey, list] = await Promise.all([publicKeyOf(db, eventId), listById(db, input.listId)]);
  requireScanList(list, eventId, publicKey);
  const scannedAt = scanTime(input, now);
  const who = await resolve(db, { id: eventId, publicKey: publicKey as string }, input);
  const verdict = verdictOf(input, scannedAt, who, list, caller.event);
  if ('admit' in verdict) return record(db, ctx, caller.actor.userId, list, verdict.admit, input, scannedAt, caller.event.time_zone, now);
  return logScan(db, eventId, caller.actor.userId, input, verdict.refused, now);
}

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
      const made = await tx.insertInto('event_checkins').values(checkinRow(checkinId, list, who, input, userId, scannedAt, now)).onConflict((oc) => oc.doNothing()).returning('id').executeTakeFirst();
      let answer: CheckInAnswer;
      if (made) {
        answer = acceptedAnswer(input, scannedAt, who, checkinId);
        await audit(tx, auditCtx(ctx), checkedInEntry(list, who, input, scannedAt, checkinId), now);
      } else {
        // The same nonce raced in from a retry (replay its answer), or someone else's scan of this person won.
        if (await tx.selectFrom('event_checkins').select('id').where('nonce', '=', input.nonce).executeTakeFirst()) throw new Retry();
        const live = await tx.selectFrom('event_checkins').select(['scanned_at', 'scanner']).where('list_id', '=', list.id).where('registration_id', '=', who.id).where('undone_at', 'is', null).executeTakeFirst();
        answer = alreadyInAnswer(input, scannedAt, who, live, timeZone);
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
