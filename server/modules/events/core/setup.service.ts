import type { z } from 'zod';
import type { ManagedEvent, RoomBody, TeamBody, TicketTypeBody, TrackBody } from '../../../../contracts/events.js';
import type { Tx } from '../../../db/database.js';
import { audit } from '../../../platform/audit.js';
import { type Platform, type RequestContext, auditCtx } from '../../../platform/context.js';
import { DomainError } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import { requireEventAccess } from '../access.js';
import { touchEvent } from '../revision.js';
import { eventRow, invalid } from './checks.js';
import { isDate } from '../time.js';
import { managedEvent } from './views.js';

type Room = z.output<typeof RoomBody>;
type Track = z.output<typeof TrackBody>;
type Ticket = z.output<typeof TicketTypeBody>;
type PartTable = 'event_rooms' | 'event_tracks' | 'event_ticket_types';

const words: Record<PartTable, { one: string; audit: string }> = {
  event_rooms: { one: 'room', audit: 'room' },
  event_tracks: { one: 'track', audit: 'track' },
  event_ticket_types: { one: 'ticket type', audit: 'ticket_type' },
};

/** What still uses a room, track or ticket type, named for the refusal to remove it; null when nothing does. */
async function userOf(tx: Tx, table: PartTable, id: string): Promise<string | null> {
  if (table === 'event_ticket_types') {
    const n = await tx.selectFrom('event_registrations').select((eb) => eb.fn.countAll<number>().as('n')).where('ticket_type_id', '=', id).executeTakeFirstOrThrow();
    return Number(n.n) ? `${Number(n.n)} registration${Number(n.n) === 1 ? '' : 's'} hold it` : null;
  }
  const session = await tx
    .selectFrom('event_sessions')
    .select('title')
    .where(table === 'event_rooms' ? 'room_id' : 'track_id', '=', id)
    .orderBy('starts_at')
    .executeTakeFirst();
  return session ? `the session “${session.title}” uses it` : null;
}

function ticketRow(b: Partial<Ticket>, days: { starts_on: string; ends_on: string }) {
  for (const d of b.days ?? []) {
    if (!isDate(d) || d < days.starts_on || d > days.ends_on) throw invalid('days', `${d} is not one of the event's days (${days.starts_on} to ${days.ends_on})`);
  }
  return {
    ...(b.name !== undefined ? { name: b.name } : {}),
    ...(b.kind !== undefined ? { kind: b.kind } : {}),
    ...(b.priceMinor !== undefined ? { price_minor: b.priceMinor } : {}),
    ...(b.currency !== undefined ? { currency: b.currency } : {}),
    ...(b.capacity !== undefined ? { capacity: b.capacity } : {}),
    ...(b.days !== undefined ? { days: b.days?.length ? JSON.stringify([...new Set(b.days)].sort()) : null } : {}),
    ...(b.public !== undefined ? { public: b.public ? 1 : 0 } : {}),
  };
}

/** Rooms, tracks, ticket types and the event's team (volunteers and reviewers). */
export function setupService(p: Platform) {
  const db = p.database.db;

  /** One organiser's change to an event's parts, in a transaction with its audit entry and (when the public pages show it) a new revision. */
  async function change(ctx: RequestContext, eventId: string, action: string, details: Record<string, unknown>, work: (tx: Tx, now: Date) => Promise<void>, shown = true): Promise<ManagedEvent> {
    await requireEventAccess(db, ctx, eventId, 'organise');
    const now = p.clock.now();
    await db.transaction().execute(async (tx) => {
      await work(tx, now);
      if (shown) await touchEvent(tx, eventId, now);
      await audit(tx, auditCtx(ctx), { action, subjectType: 'event', subjectId: eventId, details }, now);
    });
    return managedEvent(db, eventId);
  }

  async function nextPosition(tx: Tx, table: PartTable, eventId: string): Promise<number> {
    const r = await tx.selectFrom(table).select((eb) => eb.fn.max<number>('position').as('m')).where('event_id', '=', eventId).executeTakeFirst();
    return r?.m === null || r?.m === undefined ? 0 : Number(r.m) + 1;
  }

  async function requirePart(tx: Tx, table: PartTable, eventId: string, id: string): Promise<void> {
    const row = await tx.selectFrom(table).select('id').where('id', '=', id).where('event_id', '=', eventId).executeTakeFirst();
    if (!row) throw new DomainError('NOT_FOUND', `The ${words[table].one} was not found in this event.`);
  }

  function remove(ctx: RequestContext, eventId: string, table: PartTable, id: string) {
    return change(ctx, eventId, `event.${words[table].audit}_removed`, { id }, async (tx) => {
      await requirePart(tx, table, eventId, id);
      const user = await userOf(tx, table, id);
      if (user) throw new DomainError('CONFLICT', `The ${words[table].one} cannot be removed: ${user}.`, { usedBy: user });
      await tx.deleteFrom(table).where('id', '=', id).execute();
    });
  }

  return {
    addRoom: (ctx: RequestContext, eventId: string, b: Room) =>
      change(ctx, eventId, 'event.room_added', b, async (tx) => {
        await tx.insertInto('event_rooms').values({ id: newId(), event_id: eventId, name: b.name, capacity: b.capacity, position: await nextPosition(tx, 'event_rooms', eventId) }).execute();
      }),
    updateRoom: (ctx: RequestContext, eventId: string, roomId: string, b: Partial<Room>) =>
      change(ctx, eventId, 'event.room_updated', { id: roomId, ...b }, async (tx) => {
        await requirePart(tx, 'event_rooms', eventId, roomId);
        if (Object.keys(b).length) await tx.updateTable('event_rooms').set(b).where('id', '=', roomId).execute();
      }),
    removeRoom: (ctx: RequestContext, eventId: string, roomId: string) => remove(ctx, eventId, 'event_rooms', roomId),

    addTrack: (ctx: RequestContext, eventId: string, b: Track) =>
      change(ctx, eventId, 'event.track_added', b, async (tx) => {
        await tx.insertInto('event_tracks').values({ id: newId(), event_id: eventId, name: b.name, description: b.description ?? null, position: await nextPosition(tx, 'event_tracks', eventId) }).execute();
      }),
    updateTrack: (ctx: RequestContext, eventId: string, trackId: string, b: Partial<Track>) =>
      change(ctx, eventId, 'event.track_updated', { id: trackId, ...b }, async (tx) => {
        await requirePart(tx, 'event_tracks', eventId, trackId);
        if (Object.keys(b).length) await tx.updateTable('event_tracks').set(b).where('id', '=', trackId).execute();
      }),
    removeTrack: (ctx: RequestContext, eventId: string, trackId: string) => remove(ctx, eventId, 'event_tracks', trackId),

    addTicketType: (ctx: RequestContext, eventId: string, b: Ticket) =>
      change(ctx, eventId, 'event.ticket_type_added', b, async (tx) => {
        const e = await eventRow(tx, eventId);
        const row = ticketRow(b, e);
        const hidden = b.kind === 'speaker' || b.kind === 'exhibitor';
        await tx
          .insertInto('event_ticket_types')
          .values({ id: newId(), event_id: eventId, name: b.name, kind: b.kind, price_minor: b.priceMinor, currency: b.currency ?? 'GBP', capacity: b.capacity ?? null, days: row.days ?? null, public: b.public === undefined ? (hidden ? 0 : 1) : b.public ? 1 : 0, position: await nextPosition(tx, 'event_ticket_types', eventId) })
          .execute();
      }),
    updateTicketType: (ctx: RequestContext, eventId: string, ticketTypeId: string, b: Partial<Ticket>) =>
      change(ctx, eventId, 'event.ticket_type_updated', { id: ticketTypeId, ...b }, async (tx) => {
        await requirePart(tx, 'event_ticket_types', eventId, ticketTypeId);
        const row = ticketRow(b, await eventRow(tx, eventId));
        if (Object.keys(row).length) await tx.updateTable('event_ticket_types').set(row).where('id', '=', ticketTypeId).execute();
      }),
    removeTicketType: (ctx: RequestContext, eventId: string, ticketTypeId: string) => remove(ctx, eventId, 'event_ticket_types', ticketTypeId),

    /** addEventTeamMember: a member (by account e-mail) made a volunteer or reviewer of the event. */
    addTeamMember: (ctx: RequestContext, eventId: string, b: z.output<typeof TeamBody>) =>
      change(ctx, eventId, 'event.team_added', b, async (tx, now) => {
        const user = await tx.selectFrom('users').select('id').where('email', '=', b.email).where('status', '=', 'active').executeTakeFirst();
        if (!user) throw invalid('email', `No member has the account ${b.email}: they need an account first`);
        const actor = ctx.actor?.userId as string;
        const had = await tx.selectFrom('event_team').select('user_id').where('event_id', '=', eventId).where('user_id', '=', user.id).where('role', '=', b.role).executeTakeFirst();
        if (!had) await tx.insertInto('event_team').values({ event_id: eventId, user_id: user.id, role: b.role, added_by: actor, added_at: now.toISOString() }).execute();
      }, false),
    removeTeamMember: (ctx: RequestContext, eventId: string, userId: string, role: 'volunteer' | 'reviewer') =>
      change(ctx, eventId, 'event.team_removed', { userId, role }, async (tx) => {
        const gone = await tx.deleteFrom('event_team').where('event_id', '=', eventId).where('user_id', '=', userId).where('role', '=', role).executeTakeFirst();
        if (!Number(gone.numDeletedRows)) throw new DomainError('NOT_FOUND', `That person is not a ${role} of this event.`);
      }, false),
  };
}

export type SetupService = ReturnType<typeof setupService>;
