import type { z } from 'zod';
import { type CreateEventBody, type ManagedEvent, type UpdateEventBody, reservedSlugs } from '../../../../contracts/events.js';
import type { Tx } from '../../../db/database.js';
import type { EventsTable } from '../../../db/schema-events.js';
import { audit } from '../../../platform/audit.js';
import { type Platform, type RequestContext, auditCtx, requireRole } from '../../../platform/context.js';
import { DomainError } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import { sealingSecret } from '../../../platform/sealed.js';
import { randomToken } from '../../../platform/secrets.js';
import { organiserRoles, requireEventAccess } from '../access.js';
import { newCheckInKey } from '../codes.js';
import { slugOf } from '../../organisations/core/rules.js';
import { checkDays, checkZone, eventRow, instantOf, invalid } from './checks.js';
import { utcToLocal } from '../time.js';
import { eventSummaries, managedEvent, summaryOf } from './views.js';

type CreateBody = z.output<typeof CreateEventBody>;
type UpdateBody = z.output<typeof UpdateEventBody>;

/** A slug from an event's title, never one of the events' own page words. */
export function eventSlugOf(title: string): string {
  // slugOf names a too-short result after organisations; a leading letter keeps every title's own words.
  const s = slugOf(`x ${title}`);
  const base = s.startsWith('x-') && s.length > 3 ? s.slice(2) : 'event';
  return (reservedSlugs as readonly string[]).includes(base) ? `${base}-event` : base;
}

/** Online events need a join link, in-person ones a venue (hybrid both). */
function checkPlace(row: Pick<EventsTable, 'format' | 'venue_name' | 'join_url'>) {
  if (row.format !== 'online' && !row.venue_name) throw invalid('venueName', 'Give the venue of an in-person or hybrid event');
  if (row.format !== 'in_person' && !row.join_url) throw invalid('joinUrl', 'Give the join link of an online or hybrid event');
}

/** The event's days, zone, place and registration window as they would be stored, checked. */
function detailsOf(b: Partial<CreateBody>, current: EventsTable | null) {
  const zone = checkZone(b.timeZone ?? current?.time_zone ?? '');
  const startsOn = b.startsOn ?? current?.starts_on ?? '';
  const endsOn = b.endsOn ?? current?.ends_on ?? '';
  checkDays(startsOn, endsOn);
  // A window given as wall clock is re-read in the (possibly new) zone; one left out keeps its instant.
  const keep = (field: keyof CreateBody, col: keyof EventsTable) => (b[field] !== undefined ? instantOf(field, b[field] as string | null, zone) : ((current?.[col] as string | null) ?? null));
  const opens = keep('registrationOpensAt', 'registration_opens_at');
  const closes = keep('registrationClosesAt', 'registration_closes_at');
  if (opens && closes && closes <= opens) throw invalid('registrationClosesAt', 'Registration must close after it opens');
  return {
    time_zone: zone,
    starts_on: startsOn,
    ends_on: endsOn,
    registration_opens_at: opens,
    registration_closes_at: closes,
    cancel_cutoff_at: keep('cancelCutoffAt', 'cancel_cutoff_at'),
  };
}

/** Creating, changing, publishing and cancelling events; organisers' lists. */
export function eventsService(p: Platform) {
  const db = p.database.db;
  const secret = () => sealingSecret(p.config, (m) => p.logger.warn(m));

  async function freeSlug(tx: Tx, title: string): Promise<string> {
    const base = eventSlugOf(title);
    for (let n = 1; n < 50; n++) {
      const s = n === 1 ? base : `${base}-${n}`;
      if (!(await tx.selectFrom('events').select('id').where('slug', '=', s).executeTakeFirst())) return s;
    }
    return `${base}-${randomToken(4).toLowerCase().replace(/[^a-z0-9]/g, '')}`;
  }

  async function setStatus(ctx: RequestContext, eventId: string, to: 'published' | 'cancelled', reason?: string): Promise<ManagedEvent> {
    const { actor } = await requireEventAccess(db, ctx, eventId, 'organise');
    const now = p.clock.now();
    await db.transaction().execute(async (tx) => {
      const row = await eventRow(tx, eventId);
      const allowed = to === 'published' ? ['draft', 'published'] : ['draft', 'published', 'cancelled'];
      if (!allowed.includes(row.status)) throw new DomainError('CONFLICT', `The event is ${row.status}; it cannot be ${to === 'published' ? 'published' : 'cancelled'} now.`);
      if (row.status === to) return;
      if (to === 'published') checkPlace(row);
      await tx.updateTable('events').set({ status: to, revision: row.revision + 1, updated_at: now.toISOString() }).where('id', '=', eventId).execute();
      await audit(tx, auditCtx(ctx), { action: `event.${to}`, subjectType: 'event', subjectId: eventId, details: { by: actor.userId, ...(reason ? { reason } : {}) } }, now);
    });
    return managedEvent(db, eventId);
  }

  return {
    /** createEvent: a draft with its check-in key; the caller is its creator. */
    async create(ctx: RequestContext, body: CreateBody): Promise<ManagedEvent> {
      const actor = requireRole(ctx, organiserRoles);
      const now = p.clock.now();
      const at = now.toISOString();
      const details = detailsOf(body, null);
      const id = newId();
      const key = newCheckInKey(secret(), id);
      const place = { format: body.format, venue_name: body.venueName ?? null, join_url: body.joinUrl ?? null };
      checkPlace(place);
      await db.transaction().execute(async (tx) => {
        const slug = await freeSlug(tx, body.title);
        await tx
          .insertInto('events')
          .values({
            id,
            slug,
            title: body.title,
            summary: body.summary,
            kind: body.kind,
            ...place,
            ...details,
            venue_address: body.venueAddress ?? null,
            status: 'draft',
            checkin_public_key: key.publicKey,
            checkin_private_key: key.sealedPrivateKey,
            revision: 1,
            created_by: actor.userId,
            created_at: at,
            updated_at: at,
            closed_at: null,
          })
          .execute();
        await audit(tx, auditCtx(ctx), { action: 'event.created', subjectType: 'event', subjectId: id, details: { title: body.title, slug } }, now);
      });
      return managedEvent(db, id);
    },

    /** updateEvent: refused (CONFLICT) when the event changed since the caller read `revision`. */
    async update(ctx: RequestContext, eventId: string, body: UpdateBody): Promise<ManagedEvent> {
      await requireEventAccess(db, ctx, eventId, 'organise');
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        const row = await eventRow(tx, eventId);
        const stale = () => new DomainError('CONFLICT', `The event was changed by someone else since you read it (revision ${body.revision}, now ${row.revision}). Reload it and make your change again.`, { revision: row.revision });
        if (row.revision !== body.revision) throw stale();
        const details = detailsOf(body, row);
        const next = {
          ...details,
          ...(body.title !== undefined ? { title: body.title } : {}),
          ...(body.summary !== undefined ? { summary: body.summary } : {}),
          ...(body.kind !== undefined ? { kind: body.kind } : {}),
          ...(body.format !== undefined ? { format: body.format } : {}),
          ...(body.venueName !== undefined ? { venue_name: body.venueName } : {}),
          ...(body.venueAddress !== undefined ? { venue_address: body.venueAddress } : {}),
          ...(body.joinUrl !== undefined ? { join_url: body.joinUrl } : {}),
        };
        if (row.status !== 'draft') checkPlace({ ...row, ...next });
        if (details.starts_on !== row.starts_on || details.ends_on !== row.ends_on || details.time_zone !== row.time_zone) {
          const outside = await outsideSessions(tx, eventId, details);
          if (outside) throw invalid('startsOn', `“${outside}” would fall outside the event's days: move or cancel it first`);
        }
        // The revision read is the guard: two saves from the same read cannot both land.
        const done = await tx
          .updateTable('events')
          .set({ ...next, revision: row.revision + 1, updated_at: now.toISOString() })
          .where('id', '=', eventId)
          .where('revision', '=', body.revision)
          .executeTakeFirst();
        if (Number(done.numUpdatedRows) !== 1) throw stale();
        const { revision: _r, ...changed } = body;
        await audit(tx, auditCtx(ctx), { action: 'event.updated', subjectType: 'event', subjectId: eventId, details: { fields: Object.keys(changed) } }, now);
      });
      return managedEvent(db, eventId);
    },

    publish: (ctx: RequestContext, eventId: string) => setStatus(ctx, eventId, 'published'),
    cancel: (ctx: RequestContext, eventId: string, reason?: string) => setStatus(ctx, eventId, 'cancelled', reason),

    /** listManagedEvents: every event, newest first, for organisers. */
    async list(ctx: RequestContext) {
      requireRole(ctx, organiserRoles);
      const rows = await eventSummaries(db).orderBy('starts_on', 'desc').orderBy('id').limit(500).execute();
      return { events: rows.map(summaryOf) };
    },

    /** getManagedEvent: everything an organiser edits, with the programme. */
    async get(ctx: RequestContext, eventId: string): Promise<ManagedEvent> {
      await requireEventAccess(db, ctx, eventId, 'organise');
      return managedEvent(db, eventId);
    },
  };
}

/** The title of a scheduled session that new days or a new zone would leave outside the event, if any. */
async function outsideSessions(tx: Tx, eventId: string, d: { time_zone: string; starts_on: string; ends_on: string }): Promise<string | null> {
  const sessions = await tx.selectFrom('event_sessions').select(['title', 'starts_at', 'ends_at']).where('event_id', '=', eventId).where('status', '=', 'scheduled').execute();
  for (const s of sessions) {
    const from = utcToLocal(s.starts_at, d.time_zone).date;
    const to = utcToLocal(new Date(Date.parse(s.ends_at) - 1).toISOString(), d.time_zone).date;
    if (from < d.starts_on || to > d.ends_on) return s.title;
  }
  return null;
}

export type EventsService = ReturnType<typeof eventsService>;
