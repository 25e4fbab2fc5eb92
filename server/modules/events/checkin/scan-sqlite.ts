import type SQLite from 'better-sqlite3';
import type { CheckInAnswer } from '../../../../contracts/events-checkin.js';
import type { Db, DbHandle } from '../../../db/database.js';
import { auditRow, sqliteAuditWriter } from '../../../platform/audit.js';
import { type RequestContext, auditCtx, requireActor } from '../../../platform/context.js';
import { newId } from '../../../platform/ids.js';
import { type EventCaller, eventAccessOf, eventCallerColumns, isOrganiser } from '../access.js';
import { type ListRow, listByIdQuery } from './lists.js';
import { registrationQuery } from './scan.js';
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
 * The door rush on SQLite: a whole scan (access, nonce, list, registration, check-in, audit entry, scan log)
 * as ONE synchronous transaction of prepared statements (a savepoint in a transaction shared by the scans of
 * one turn of the event loop: see sqliteScan). With one connection, the query-builder path holds it across
 * awaits, so twenty scanners queued behind each other's transactions and paid the builder's cost on nine
 * statements each. Here no other request can run in the middle of a scan, so the checks read
 * before the writes still hold when the writes are made: exactly once per nonce and one live check-in per
 * person and list follow from the order of the statements (the unique indexes stay as the last guard: a
 * broken rule throws and the whole scan is rolled back). The SELECTs are the query builder's, compiled once.
 */

type Statements = ReturnType<typeof statementsOf>;

const insertSql = (table: string, row: object) => {
  const cols = Object.keys(row);
  return `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`;
};

function statementsOf(sqlite: SQLite.Database, db: Db) {
  const prepare = (q: { compile(): { sql: string } }) => sqlite.prepare(q.compile().sql);
  const none = '';
  const sample = scanRowSample();
  return {
    event: prepare(db.selectFrom('events').select([...eventCallerColumns, 'checkin_public_key']).where('id', '=', none)),
    team: prepare(db.selectFrom('event_team').select('role').where('event_id', '=', none).where('user_id', '=', none)),
    replay: prepare(db.selectFrom('event_checkin_scans').select(['event_id', 'answer']).where('nonce', '=', none)),
    list: prepare(listByIdQuery(db, none)),
    registration: prepare(registrationQuery(db).where('r.id', '=', none)),
    byReference: prepare(registrationQuery(db).where('r.event_id', '=', none).where('r.reference', '=', none)),
    publicKey: prepare(db.selectFrom('events').select('checkin_public_key').where('id', '=', none)).pluck(),
    live: prepare(db.selectFrom('event_checkins').select(['scanned_at', 'scanner']).where('list_id', '=', none).where('registration_id', '=', none).where('undone_at', 'is', null)),
    insertCheckin: sqlite.prepare(insertSql('event_checkins', sample.checkin)),
    insertAudit: sqliteAuditWriter(sqlite),
    insertScan: sqlite.prepare(insertSql('event_checkin_scans', sample.scan)),
  };
}

/** Rows of each kind the scan writes, for their column names. */
function scanRowSample() {
  const input: ScanInput = { listId: '', nonce: '', scanner: '', scannedAt: '', offline: false };
  const list = { id: '', event_id: '' } as ListRow;
  const who = { id: '', name: '', ticket: '' } as Registration;
  const now = new Date(0);
  const answer = acceptedAnswer(input, '', who, '');
  return {
    checkin: checkinRow('', list, who, input, '', '', now),
    scan: scanRow(input, '', '', answer, now),
  };
}

function resolve(s: Statements, event: { id: string; publicKey: string }, input: ScanInput): Registration | 'unknown_code' | 'not_this_event' {
  const target = targetOf(input, event);
  if (typeof target === 'string') return target;
  if ('reference' in target) return (s.byReference.get(event.id, target.reference) as Registration | undefined) ?? 'unknown_code';
  if ('otherEvent' in target) return otherEventVerdict(target.code, s.publicKey.get(target.otherEvent) as string | undefined);
  return ofThisEvent(s.registration.get(target.registrationId) as Registration | undefined, event.id);
}

function scanOnce(s: Statements, ctx: RequestContext, eventId: string, input: ScanInput, now: Date): CheckInAnswer {
  const actor = requireActor(ctx);
  const event = s.event.get(eventId) as (EventCaller['event'] & { checkin_public_key: string }) | undefined;
  const team = event && !isOrganiser(actor) ? (s.team.all(eventId, actor.userId) as Array<{ role: string }>) : [];
  const caller = eventAccessOf(actor, event, team, 'checkin');
  const earlier = replayed(s.replay.get(input.nonce) as { event_id: string; answer: string } | undefined, eventId);
  if (earlier) return earlier;
  const list = s.list.get(input.listId) as ListRow | undefined;
  const publicKey = event?.checkin_public_key;
  requireScanList(list, eventId, publicKey);
  const scannedAt = scanTime(input, now);
  const verdict = verdictOf(input, scannedAt, resolve(s, { id: eventId, publicKey: publicKey as string }, input), list, caller.event);
  const userId = caller.actor.userId;
  let answer: CheckInAnswer;
  if ('refused' in verdict) answer = verdict.refused;
  else {
    const who = verdict.admit;
    const live = s.live.get(list.id, who.id) as { scanned_at: string; scanner: string } | undefined;
    if (live) answer = alreadyInAnswer(input, scannedAt, who, live, caller.event.time_zone);
    else {
      const checkinId = newId();
      s.insertCheckin.run(checkinRow(checkinId, list, who, input, userId, scannedAt, now));
      s.insertAudit(auditRow(auditCtx(ctx), checkedInEntry(list, who, input, scannedAt, checkinId), now));
      answer = acceptedAnswer(input, scannedAt, who, checkinId);
    }
  }
  s.insertScan.run(scanRow(input, eventId, userId, answer, now));
  return answer;
}

export type SqliteScan = (ctx: RequestContext, eventId: string, input: ScanInput, now: Date) => Promise<CheckInAnswer | null>;

type Pending = { args: [RequestContext, string, ScanInput, Date]; resolve: (a: CheckInAnswer | null) => void; reject: (e: unknown) => void };

/**
 * The synchronous scan of a SQLite database, or null on PostgreSQL. Scans that arrive in the same turn of the
 * event loop share one transaction, each in a savepoint of its own (a refused or failed scan undoes only
 * itself): a commit costs several times the statements of a scan (as for CPD logs, decision 0004). An answer
 * is given only once its transaction is committed. It answers null (writing nothing) while a query-builder
 * transaction holds the shared connection, which a synchronous transaction would join: the caller then takes
 * the query-builder path (scan.ts). Statements are prepared at the first scan, after the migrations.
 */
export function sqliteScan(handle: DbHandle): SqliteScan | null {
  const sqlite = handle.sqlite;
  if (!sqlite) return null;
  type Outcome = { answer: CheckInAnswer } | { error: unknown };
  let batchOf: ((batch: Pending[]) => Map<Pending, Outcome>) | null = null;
  const prepare = (): ((batch: Pending[]) => Map<Pending, Outcome>) => {
    const s = statementsOf(sqlite, handle.db);
    const one = sqlite.transaction((...args: Pending['args']) => scanOnce(s, ...args));
    const all = sqlite.transaction((batch: Pending[], out: Map<Pending, Outcome>) => {
      for (const b of batch) {
        try {
          out.set(b, { answer: one(...b.args) });
        } catch (error) {
          out.set(b, { error });
        }
      }
    });
    return (batch) => {
      const out = new Map<Pending, Outcome>();
      // IMMEDIATE: the write lock from the start, so another process's write cannot slip between the reads and the writes.
      all.immediate(batch, out);
      return out;
    };
  };
  let pending: Pending[] = [];
  const flush = () => {
    const batch = pending;
    pending = [];
    if (sqlite.inTransaction) {
      for (const b of batch) b.resolve(null);
      return;
    }
    let done: Map<Pending, Outcome>;
    try {
      batchOf ??= prepare();
      done = batchOf(batch);
    } catch (err) {
      // Nothing of the batch was committed: every scan in it fails and may be sent again with its nonce.
      for (const b of batch) b.reject(err);
      return;
    }
    for (const b of batch) {
      const r = done.get(b);
      if (r && 'answer' in r) b.resolve(r.answer);
      else b.reject(r?.error);
    }
  };
  return (...args) =>
    new Promise((resolve, reject) => {
      if (pending.length === 0) setImmediate(flush);
      pending.push({ args, resolve, reject });
    });
}
