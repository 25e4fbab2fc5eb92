import type { AddExhibitorBody, UpdateExhibitorBody } from '../../../../contracts/events-exhibitors.js';
import type { Db, Tx } from '../../../db/database.js';
import type { EventExhibitorsTable } from '../../../db/schema-events.js';
import { audit } from '../../../platform/audit.js';
import { type Platform, type RequestContext, auditCtx } from '../../../platform/context.js';
import { DomainError, notFound } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import { requireEventAccess } from '../access.js';
import { touchEvent } from '../revision.js';
import { byTier, organiserRows, publicCard } from './views.js';

/** PNG or JPEG by content (as organisations' logos): SVG could carry script into the public pages. */
export const EXHIBITOR_LOGO_TYPES = ['image/png', 'image/jpeg'] as const;
export const EXHIBITOR_LOGO_MAX_BYTES = 1024 * 1024;

/** Events whose exhibitors anyone may see. */
const shownStatuses = ['published', 'closed'] as const;

async function checkOrganisation(q: Db | Tx, organisationId: string | null | undefined) {
  if (!organisationId) return;
  const o = await q.selectFrom('organisations').select('status').where('id', '=', organisationId).executeTakeFirst();
  if (!o || o.status !== 'active') {
    throw new DomainError('VALIDATION_FAILED', 'Choose an active organisation, or none.', { issues: [{ path: 'body.organisationId', message: 'No active organisation has this id' }] });
  }
}

/** Sponsors and exhibitors themselves: organisers add, change and remove them; anyone sees them by tier. */
export function exhibitorsService(p: Platform) {
  const db = p.database.db;

  const one = async (q: Db | Tx, eventId: string, exhibitorId: string) => {
    const e = await q.selectFrom('event_exhibitors').selectAll().where('id', '=', exhibitorId).where('event_id', '=', eventId).executeTakeFirst();
    if (!e) throw notFound('The exhibitor');
    return e;
  };
  const view = async (q: Db | Tx, slug: string, e: EventExhibitorsTable) => (await organiserRows(q, slug, [e]))[0] as Awaited<ReturnType<typeof organiserRows>>[number];

  return {
    async add(ctx: RequestContext, eventId: string, body: AddExhibitorBody) {
      const { actor, event } = await requireEventAccess(db, ctx, eventId, 'organise');
      await checkOrganisation(db, body.organisationId);
      const now = p.clock.now();
      const at = now.toISOString();
      const row: EventExhibitorsTable = {
        id: newId(),
        event_id: eventId,
        organisation_id: body.organisationId ?? null,
        name: body.name,
        kind: body.kind,
        tier: body.tier,
        stand: body.stand ?? null,
        logo_sha256: null,
        website: body.website ?? null,
        description: body.description ?? null,
        created_at: at,
        updated_at: at,
      };
      await db.transaction().execute(async (tx) => {
        await tx.insertInto('event_exhibitors').values(row).execute();
        await touchEvent(tx, eventId, now);
        await audit(tx, auditCtx(ctx), { action: 'event.exhibitor_added', subjectType: 'event_exhibitor', subjectId: row.id, details: { eventId, name: row.name, tier: row.tier, by: actor.userId } }, now);
      });
      return view(db, event.slug, row);
    },

    async update(ctx: RequestContext, eventId: string, exhibitorId: string, body: UpdateExhibitorBody) {
      const { event } = await requireEventAccess(db, ctx, eventId, 'organise');
      await one(db, eventId, exhibitorId);
      await checkOrganisation(db, body.organisationId);
      const now = p.clock.now();
      const patch: Partial<EventExhibitorsTable> = { updated_at: now.toISOString() };
      if (body.name !== undefined) patch.name = body.name;
      if (body.kind !== undefined) patch.kind = body.kind;
      if (body.tier !== undefined) patch.tier = body.tier;
      if (body.stand !== undefined) patch.stand = body.stand;
      if (body.website !== undefined) patch.website = body.website;
      if (body.description !== undefined) patch.description = body.description;
      if (body.organisationId !== undefined) patch.organisation_id = body.organisationId;
      await db.transaction().execute(async (tx) => {
        await tx.updateTable('event_exhibitors').set(patch).where('id', '=', exhibitorId).execute();
        await touchEvent(tx, eventId, now);
        await audit(tx, auditCtx(ctx), { action: 'event.exhibitor_updated', subjectType: 'event_exhibitor', subjectId: exhibitorId, details: { eventId, fields: Object.keys(body) } }, now);
      });
      return view(db, event.slug, await one(db, eventId, exhibitorId));
    },

    /** Removes the exhibitor with its leads; tickets made for its staff are cancelled. */
    async remove(ctx: RequestContext, eventId: string, exhibitorId: string, releaseStaff: (tx: Tx, exhibitorId: string, now: Date) => Promise<number>) {
      await requireEventAccess(db, ctx, eventId, 'organise');
      const e = await one(db, eventId, exhibitorId);
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        const staff = await releaseStaff(tx, exhibitorId, now);
        await tx.deleteFrom('event_leads').where('exhibitor_id', '=', exhibitorId).execute();
        await tx.deleteFrom('event_lead_counts').where('exhibitor_id', '=', exhibitorId).execute();
        await tx.deleteFrom('event_exhibitors').where('id', '=', exhibitorId).execute();
        await touchEvent(tx, eventId, now);
        await audit(tx, auditCtx(ctx), { action: 'event.exhibitor_removed', subjectType: 'event_exhibitor', subjectId: exhibitorId, details: { eventId, name: e.name, staff } }, now);
      });
      return { status: 'ok' as const };
    },

    /** A logo (PNG or JPEG by content, at most 1 MB); the file is read only once the caller may set it. */
    async setLogo(ctx: RequestContext, eventId: string, exhibitorId: string, read: () => Promise<Buffer>) {
      const { actor, event } = await requireEventAccess(db, ctx, eventId, 'organise');
      await one(db, eventId, exhibitorId);
      const now = p.clock.now();
      const stored = await p.files.put(await read(), { allowed: EXHIBITOR_LOGO_TYPES, createdBy: actor.userId, now, maxBytes: EXHIBITOR_LOGO_MAX_BYTES });
      await db.transaction().execute(async (tx) => {
        await tx.updateTable('event_exhibitors').set({ logo_sha256: stored.sha256, updated_at: now.toISOString() }).where('id', '=', exhibitorId).execute();
        await touchEvent(tx, eventId, now);
        await audit(tx, auditCtx(ctx), { action: 'event.exhibitor_logo_changed', subjectType: 'event_exhibitor', subjectId: exhibitorId, details: { eventId, sha256: stored.sha256 } }, now);
      });
      return view(db, event.slug, await one(db, eventId, exhibitorId));
    },

    /** The logo of an exhibitor of a published (or closed) event. */
    async logo(slug: string, exhibitorId: string) {
      const row = await db
        .selectFrom('event_exhibitors as x')
        .innerJoin('events as e', 'e.id', 'x.event_id')
        .select(['x.logo_sha256'])
        .where('e.slug', '=', slug)
        .where('e.status', 'in', shownStatuses)
        .where('x.id', '=', exhibitorId)
        .executeTakeFirst();
      const f = row?.logo_sha256 ? await p.files.get(row.logo_sha256) : null;
      if (!f) throw notFound('The logo');
      return f;
    },

    /** Everyone's view: a published event's sponsors and exhibitors by tier. */
    async listPublic(slug: string) {
      const event = await db.selectFrom('events').select(['id', 'slug', 'title']).where('slug', '=', slug).where('status', 'in', shownStatuses).executeTakeFirst();
      if (!event) throw notFound('The event');
      const rows = byTier(await db.selectFrom('event_exhibitors').selectAll().where('event_id', '=', event.id).execute());
      const tiers = [...new Set(rows.map((r) => r.tier))].map((tier) => ({ tier, exhibitors: rows.filter((r) => r.tier === tier).map((r) => publicCard(event.slug, r)) }));
      return { event, tiers };
    },

    /** The organiser's view, with staff and lead counts. */
    async listForOrganiser(ctx: RequestContext, eventId: string) {
      const { event } = await requireEventAccess(db, ctx, eventId, 'organise');
      const rows = await db.selectFrom('event_exhibitors').selectAll().where('event_id', '=', eventId).execute();
      return { event: { id: event.id, slug: event.slug, title: event.title }, exhibitors: await organiserRows(db, event.slug, rows) };
    },

    view,
  };
}
export type ExhibitorsService = ReturnType<typeof exhibitorsService>;
