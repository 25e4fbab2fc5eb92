import type { CheckInKit, CheckInStatus } from '../../../../contracts/events-checkin.js';
import type { Db } from '../../../db/database.js';
import type { RequestContext } from '../../../platform/context.js';
import { DomainError } from '../../../platform/errors.js';
import { requireEventAccess } from '../access.js';
import { ensureLists, listView, listsOf } from './lists.js';
import { kitRevision, rosterOf } from './roster.js';

/** What a scanner loads once (and again when the revision moves): the key, the lists and the roster. */
export async function getCheckInKit(db: Db, ctx: RequestContext, eventId: string, now: Date): Promise<CheckInKit> {
  const caller = await requireEventAccess(db, ctx, eventId, 'checkin');
  const event = await db.selectFrom('events').select(['id', 'title', 'starts_on', 'ends_on', 'time_zone', 'checkin_public_key']).where('id', '=', eventId).executeTakeFirstOrThrow();
  await ensureLists(db, event, now);
  const [lists, roster, revision] = await Promise.all([listsOf(db, eventId), rosterOf(db, event), kitRevision(db, eventId)]);
  return {
    eventId,
    title: event.title,
    timeZone: event.time_zone,
    publicKey: event.checkin_public_key,
    revision,
    organiser: caller.organiser,
    lists: lists.filter((l) => l.session_status !== 'cancelled').map((l) => listView(l, event.time_zone)),
    roster,
  };
}

const RECENT = 20;

/** "Inside now" per list and the latest scans (of one list when given); scanners poll it. */
export async function getCheckInStatus(db: Db, ctx: RequestContext, eventId: string, listId: string | undefined): Promise<CheckInStatus> {
  await requireEventAccess(db, ctx, eventId, 'checkin');
  if (listId) {
    const list = await db.selectFrom('event_checkin_lists').select('event_id').where('id', '=', listId).executeTakeFirst();
    if (!list || list.event_id !== eventId) throw new DomainError('NOT_FOUND', 'The check-in list was not found at this event.', { fields: { listId: ['No such list at this event.'] } });
  }
  let recent = db
    .selectFrom('event_checkin_scans as s')
    .leftJoin('event_registrations as r', 'r.id', 's.registration_id')
    .leftJoin('event_checkins as c', (j) => j.onRef('c.id', '=', 's.checkin_id').on('c.undone_at', 'is', null))
    .select(['s.nonce', 's.list_id', 's.outcome', 's.reason', 'r.name', 's.scanner', 's.scanned_at', 'c.id as live_checkin_id'])
    .where('s.event_id', '=', eventId);
  if (listId) recent = recent.where('s.list_id', '=', listId);
  const [inside, scans, revision] = await Promise.all([
    db
      .selectFrom('event_checkins')
      .select((eb) => ['list_id', eb.fn.countAll<number>().as('n')])
      .where('event_id', '=', eventId)
      .where('undone_at', 'is', null)
      .groupBy('list_id')
      .execute(),
    recent.orderBy('s.recorded_at', 'desc').orderBy('s.nonce').limit(RECENT).execute(),
    kitRevision(db, eventId),
  ]);
  return {
    revision,
    inside: inside.map((x) => ({ listId: x.list_id, count: Number(x.n) })),
    recent: scans.map((s) => ({
      nonce: s.nonce,
      listId: s.list_id,
      outcome: s.outcome,
      reason: s.reason as CheckInStatus['recent'][number]['reason'],
      name: s.name,
      scanner: s.scanner,
      scannedAt: s.scanned_at,
      checkinId: s.live_checkin_id,
    })),
  };
}
