import type { PublicEvent, PublicEventList } from '../../../../contracts/events.js';
import type { Db } from '../../../db/database.js';
import type { EventsTable, ExhibitorTier } from '../../../db/schema-events.js';
import type { Platform } from '../../../platform/context.js';
import { DomainError } from '../../../platform/errors.js';
import { type Precompressed, precompress } from '../../../platform/http/precompressed.js';
import { programmeIcs } from './feed.js';
import { type EventHead, eventHeads } from './heads.js';
import { eventSummaries, factsOf, partsOf, sessionsOf, summaryOf } from './views.js';

/*
 * What anyone may read of published (and closed or cancelled) events: the list, and one event's programme
 * by day with its speakers, sponsors and exhibitors. Never the join link, never speakers' addresses.
 */

const tiers: ExhibitorTier[] = ['platinum', 'gold', 'silver', 'bronze', 'supporter'];
const shown = ['published', 'closed', 'cancelled'] as const;
const notFound = () => new DomainError('NOT_FOUND', 'No event has this address.');

/** The whole public programme of one event (the slow path: the answer is cached by revision). */
export async function buildPublicEvent(db: Db, e: EventsTable): Promise<PublicEvent> {
  const zone = e.time_zone;
  const [parts, sessions, exhibitors, body] = await Promise.all([
    partsOf(db, e.id),
    sessionsOf(db, e.id, zone, false),
    db.selectFrom('event_exhibitors').select(['name', 'kind', 'tier', 'stand', 'website', 'description']).where('event_id', '=', e.id).orderBy('name').execute(),
    db.selectFrom('bodies').select('name').orderBy('created_at').executeTakeFirst(),
  ]);
  const rooms = new Map(parts.rooms.map((r, i) => [r.id, { name: r.name, position: i }]));
  const tracks = new Map(parts.tracks.map((t) => [t.id, t.name]));
  const days = new Map<string, PublicEvent['days'][number]['sessions']>();
  const speakers = new Map<string, { name: string; bio: string | null; sessions: string[] }>();
  const roomOrder = (id: string | null) => (id ? (rooms.get(id)?.position ?? 99) : 99);
  const ordered = [...sessions].sort((a, b) => a.startsAt.utc.localeCompare(b.startsAt.utc) || roomOrder(a.roomId) - roomOrder(b.roomId) || a.id.localeCompare(b.id));
  for (const s of ordered) {
    const day = s.startsAt.local.slice(0, 10);
    const live = s.speakers.filter((x) => x.status !== 'declined');
    for (const x of live) {
      const key = x.userId ?? x.email;
      const known = speakers.get(key) ?? { name: x.name, bio: x.bio, sessions: [] };
      known.sessions.push(s.id);
      speakers.set(key, known);
    }
    days.set(day, [
      ...(days.get(day) ?? []),
      {
        id: s.id,
        title: s.title,
        abstract: s.abstract,
        format: s.format,
        room: s.roomId ? (rooms.get(s.roomId)?.name ?? null) : null,
        track: s.trackId ? (tracks.get(s.trackId) ?? null) : null,
        startsAt: s.startsAt,
        endsAt: s.endsAt,
        cpdHours: s.cpdHours,
        speakers: live.map((x) => ({ name: x.name, bio: x.bio })),
      },
    ]);
  }
  return {
    ...factsOf(e),
    status: e.status,
    organizer: body?.name ?? 'Guildhall',
    registrationOpensAt: e.registration_opens_at,
    registrationClosesAt: e.registration_closes_at,
    rooms: parts.rooms.map((r) => ({ name: r.name, capacity: r.capacity })),
    tracks: parts.tracks.map((t) => ({ name: t.name, description: t.description })),
    tickets: parts.ticketTypes.filter((t) => t.public).map((t) => ({ name: t.name, kind: t.kind, priceMinor: t.priceMinor, currency: t.currency })),
    days: [...days].map(([date, list]) => ({ date, sessions: list })),
    speakers: [...speakers.values()].sort((a, b) => a.name.localeCompare(b.name)),
    exhibitors: tiers.map((tier) => ({ tier, organisations: exhibitors.filter((x) => x.tier === tier).map(({ tier: _t, ...x }) => x) })).filter((t) => t.organisations.length),
    revision: e.revision,
  };
}

// The answers are kept as bytes, compressed once in each encoding a browser may ask for: a request then
// costs no serialising, no compressing and (Brotli) ~4 KB on the wire instead of ~35 KB.
type Cached = { revision: number; json: Precompressed; event: PublicEvent; updatedAt: string; ics?: Promise<Precompressed> };

/**
 * The public pages' reads. One event's programme is built once per revision (every change that shows
 * bumps it, revision.ts) and kept as its JSON text, compressed, so a request costs one indexed read of
 * the slug's revision; on SQLite not even that while no event changed (heads.ts).
 */
export function publicEventsService(p: Platform) {
  const db = p.database.db;
  const cache = new Map<string, Cached>();
  // One build per (event, revision) even when many requests miss at once, as after an organiser's change.
  const building = new Map<string, Promise<Cached>>();
  // On SQLite, heads come from a cache emptied by any change to an event (heads.ts); else one indexed read.
  let heads: ((slug: string) => EventHead | undefined) | null = null;

  async function head(slug: string): Promise<EventHead | undefined> {
    const sqlite = p.database.sqlite;
    if (sqlite) {
      heads ??= eventHeads(sqlite);
      return heads(slug);
    }
    return db.selectFrom('events').select(['id', 'revision', 'status']).where('slug', '=', slug).executeTakeFirst();
  }

  /** The programme of an event as it is now, with its answers compressed. */
  async function build(id: string): Promise<Cached> {
    const row = await db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound();
    const event = await buildPublicEvent(db, row);
    const fresh: Cached = { revision: row.revision, json: await precompress(Buffer.from(JSON.stringify(event))), event, updatedAt: row.updated_at };
    // Bounded: a slug guessed or a rarely read event falls out before memory grows.
    if (cache.size > 200) cache.delete(cache.keys().next().value as string);
    const held = cache.get(id);
    // A slower build of an older revision never replaces a newer one.
    if (!held || held.revision <= fresh.revision) cache.set(id, fresh);
    return fresh;
  }

  /** The cached programme of a shown event, rebuilt when its revision moved. */
  async function cached(slug: string): Promise<Cached> {
    const h = await head(slug);
    if (!h || !(shown as readonly string[]).includes(h.status)) throw notFound();
    const hit = cache.get(h.id);
    if (hit && hit.revision === h.revision) return hit;
    const key = `${h.id}:${h.revision}`;
    let pending = building.get(key);
    if (!pending) {
      pending = build(h.id).finally(() => building.delete(key));
      building.set(key, pending);
    }
    return pending;
  }

  return {
    /** getPublicEvent, as JSON bytes in each encoding (the route answers them as they are). */
    json: async (slug: string) => (await cached(slug)).json,
    /** getPublicEvent as a value (pages and the feed). */
    event: async (slug: string) => (await cached(slug)).event,

    /** The programme feed (feed.ts), made once per revision like the JSON. */
    async ics(slug: string): Promise<Precompressed> {
      const c = await cached(slug);
      c.ics ??= precompress(Buffer.from(programmeIcs(c.event, `${p.config.publicUrl}/events/${encodeURIComponent(slug)}`, c.updatedAt, new URL(p.config.publicUrl).host)));
      return c.ics;
    },

    /** listPublicEvents: upcoming (soonest first), then past (latest first). */
    async list(): Promise<PublicEventList> {
      const today = p.clock.now().toISOString().slice(0, 10);
      const rows = await eventSummaries(db).where('status', 'in', [...shown]).orderBy('starts_on').orderBy('id').limit(500).execute();
      const all = rows.map(summaryOf).map(({ revision: _r, ...e }) => e);
      return { upcoming: all.filter((e) => e.endsOn >= today), past: all.filter((e) => e.endsOn < today).reverse() };
    },
  };
}

export type PublicEventsService = ReturnType<typeof publicEventsService>;
