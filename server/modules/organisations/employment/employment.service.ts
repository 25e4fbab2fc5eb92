import type { Selectable } from 'kysely';
import type { EmploymentLink, EmploymentRequest, LinkEmploymentBody } from '../../../../contracts/organisations-employment.js';
import type { WorkItem } from '../../../../contracts/portfolio.js';
import type { Db, Tx } from '../../../db/database.js';
import type { EmploymentLinksTable } from '../../../db/schema-organisations.js';
import { audit } from '../../../platform/audit.js';
import { type Platform, type RequestContext, auditCtx, requireActor } from '../../../platform/context.js';
import { DomainError, notFound } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import { queueMail } from '../../../platform/mail/outbox.js';
import { requireOrganisationRole } from '../membership.js';
import { queueOrganisationEvent } from '../webhooks/events.js';
import { matchesConfirmation } from './queries.js';

/*
 * A member links a work item of their portfolio to an organisation; the organisation's admin or hr confirms
 * or disputes the period and responsibility level in one click. What was confirmed is stored beside the
 * link, so a later edit of the item shows as "changed since confirmed"; ending the link keeps it.
 */

type LinkRow = Selectable<EmploymentLinksTable>;
const deciders = ['admin', 'hr'] as const;

const invalid = (path: string, message: string) => new DomainError('VALIDATION_FAILED', `${path}: ${message}`, { issues: [{ path, message }] });

async function workItemsOf(q: Db | Tx, memberId: string, itemIds: string[]): Promise<Map<string, WorkItem>> {
  if (itemIds.length === 0) return new Map();
  const rows = await q.selectFrom('portfolio_items').select(['id', 'kind', 'data']).where('member_id', '=', memberId).where('id', 'in', itemIds).execute();
  return new Map(rows.filter((r) => r.kind === 'work').map((r) => [r.id, { ...(JSON.parse(r.data) as WorkItem), id: r.id }]));
}

function viewOf(l: LinkRow, organisationName: string, item: WorkItem | undefined): EmploymentLink {
  const confirmed =
    l.status === 'confirmed' && l.confirmed_start_on !== null
      ? { roleTitle: l.confirmed_role_title ?? '', startOn: l.confirmed_start_on, endOn: l.confirmed_end_on, responsibilityLevel: l.confirmed_level ?? 0 }
      : null;
  return {
    id: l.id,
    itemId: l.item_id,
    organisation: { id: l.organisation_id, name: organisationName },
    status: l.status,
    requestedAt: l.requested_at,
    decidedAt: l.decided_at,
    disputeReason: l.dispute_reason,
    endedAt: l.ended_at,
    claim: item ? { roleTitle: item.roleTitle, employer: item.employer, startOn: item.startOn, endOn: item.endOn, responsibilityLevel: item.responsibilityLevel } : null,
    confirmed,
    changedSinceConfirmed: confirmed !== null && (!item || !matchesConfirmation(item, confirmed)),
  };
}

export function employmentService(p: Platform) {
  const db = p.database.db;
  const link = (path: string) => `${p.config.publicUrl}${path}`;

  /** One of the organisation's links, or NOT_FOUND (another organisation's link is not found either). */
  async function orgLink(q: Db | Tx, organisationId: string, linkId: string): Promise<LinkRow> {
    const row = await q.selectFrom('employment_links').selectAll().where('id', '=', linkId).where('organisation_id', '=', organisationId).executeTakeFirst();
    if (!row) throw notFound('The employment request');
    return row;
  }

  async function requestViews(q: Db | Tx, rows: LinkRow[]): Promise<EmploymentRequest[]> {
    const orgIds = [...new Set(rows.map((r) => r.organisation_id))];
    const memberIds = [...new Set(rows.map((r) => r.member_id))];
    const [orgs, members] = await Promise.all([
      orgIds.length ? q.selectFrom('organisations').select(['id', 'name']).where('id', 'in', orgIds).execute() : [],
      memberIds.length ? q.selectFrom('users').select(['id', 'name']).where('id', 'in', memberIds).execute() : [],
    ]);
    const orgName = new Map(orgs.map((o) => [o.id, o.name]));
    const memberName = new Map(members.map((m) => [m.id, m.name]));
    const items = new Map<string, WorkItem>();
    for (const m of memberIds) for (const [k, v] of await workItemsOf(q, m, rows.filter((r) => r.member_id === m).map((r) => r.item_id))) items.set(`${m} ${k}`, v);
    return rows.map((r) => ({
      ...viewOf(r, orgName.get(r.organisation_id) ?? '', items.get(`${r.member_id} ${r.item_id}`)),
      member: { id: r.member_id, name: memberName.get(r.member_id) ?? 'Unknown' },
    }));
  }

  async function decide(ctx: RequestContext, organisationId: string, linkId: string, outcome: 'confirmed' | 'disputed', reason: string | null): Promise<EmploymentRequest> {
    const actor = requireActor(ctx);
    const now = p.clock.now();
    const at = now.toISOString();
    const row = await db.transaction().execute(async (tx) => {
      await requireOrganisationRole(tx, ctx, organisationId, deciders);
      const l = await orgLink(tx, organisationId, linkId);
      if (l.status !== 'pending') throw new DomainError('CONFLICT', `This request is already ${l.status}.`);
      if (l.ended_at !== null) throw new DomainError('CONFLICT', 'The member ended this link before it was answered.');
      const item = (await workItemsOf(tx, l.member_id, [l.item_id])).get(l.item_id);
      if (!item) throw new DomainError('CONFLICT', 'The member deleted this work item; there is nothing left to confirm.');
      // What was confirmed is the claim as it reads at this moment.
      const confirmed = outcome === 'confirmed' ? { confirmed_start_on: item.startOn, confirmed_end_on: item.endOn, confirmed_level: item.responsibilityLevel, confirmed_role_title: item.roleTitle } : {};
      await tx
        .updateTable('employment_links')
        .set({ status: outcome, decided_at: at, decided_by: actor.userId, dispute_reason: reason, ...confirmed })
        .where('id', '=', l.id)
        .where('status', '=', 'pending')
        .execute();
      await audit(tx, auditCtx(ctx), { action: `employment.${outcome === 'confirmed' ? 'confirmed' : 'disputed'}`, subjectType: 'employment_link', subjectId: l.id, details: { organisationId, memberId: l.member_id, itemId: l.item_id, ...(outcome === 'confirmed' ? { startOn: item.startOn, endOn: item.endOn, responsibilityLevel: item.responsibilityLevel } : { reason }) } }, now);
      return tx.selectFrom('employment_links').selectAll().where('id', '=', l.id).executeTakeFirstOrThrow();
    });
    const [view] = await requestViews(db, [row]);
    return view as EmploymentRequest;
  }

  return {
    /** linkEmployment: the member asks the organisation to confirm one of their work items. */
    async link(ctx: RequestContext, body: LinkEmploymentBody): Promise<EmploymentLink> {
      const actor = requireActor(ctx);
      const now = p.clock.now();
      const at = now.toISOString();
      const id = newId();
      const { organisationName } = await db.transaction().execute(async (tx) => {
        const item = await tx.selectFrom('portfolio_items').select(['id', 'kind', 'data']).where('id', '=', body.itemId).where('member_id', '=', actor.userId).executeTakeFirst();
        if (!item) throw invalid('body.itemId', 'No item of your portfolio has this id; choose one of your work items');
        if (item.kind !== 'work') throw invalid('body.itemId', `Link a work item; this item is ${item.kind === 'education' ? 'an education' : `a ${item.kind}`} item`);
        const org = await tx.selectFrom('organisations').select(['id', 'name']).where('id', '=', body.organisationId).where('status', '=', 'active').executeTakeFirst();
        if (!org) throw invalid('body.organisationId', 'No active organisation has this id; choose one from the list of organisations');
        const open = await tx
          .selectFrom('employment_links')
          .select(['status'])
          .where('member_id', '=', actor.userId)
          .where('item_id', '=', item.id)
          .where('ended_at', 'is', null)
          .where('status', 'in', ['pending', 'confirmed'])
          .executeTakeFirst();
        if (open) throw new DomainError('CONFLICT', `This work item is already linked (${open.status}); end that link before linking it again.`);
        await tx.insertInto('employment_links').values({ id, member_id: actor.userId, item_id: item.id, organisation_id: org.id, status: 'pending', requested_at: at, decided_at: null, decided_by: null, dispute_reason: null, confirmed_start_on: null, confirmed_end_on: null, confirmed_level: null, confirmed_role_title: null, ended_at: null }).execute();
        await audit(tx, auditCtx(ctx), { action: 'employment.link_requested', subjectType: 'employment_link', subjectId: id, details: { organisationId: org.id, itemId: item.id } }, now);
        const work = JSON.parse(item.data) as WorkItem;
        const admins = await tx
          .selectFrom('organisation_members as m')
          .innerJoin('users as u', 'u.id', 'm.user_id')
          .select(['u.email', 'u.name'])
          .where('m.organisation_id', '=', org.id)
          .where('m.role', '=', 'admin')
          .execute();
        for (const a of admins)
          await queueMail(tx, a.email, 'employment_confirmation_requested', { name: a.name, organisationName: org.name, memberName: actor.name, roleTitle: work.roleTitle, link: link(`/organisations/${org.id}/employment`) }, now);
        await queueOrganisationEvent(tx, { type: 'employment.confirmation_requested', organisationId: org.id, memberId: actor.userId, data: { linkId: id, roleTitle: work.roleTitle, startOn: work.startOn, endOn: work.endOn, responsibilityLevel: work.responsibilityLevel } }, now);
        return { organisationName: org.name };
      });
      p.nudgeJobs();
      const row = await db.selectFrom('employment_links').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      return viewOf(row, organisationName, (await workItemsOf(db, actor.userId, [row.item_id])).get(row.item_id));
    },

    /** listMyEmploymentLinks: the member's links, newest first, each with the item as it is now. */
    async listMine(ctx: RequestContext): Promise<{ links: EmploymentLink[] }> {
      const actor = requireActor(ctx);
      const rows = await db.selectFrom('employment_links').selectAll().where('member_id', '=', actor.userId).orderBy('requested_at', 'desc').orderBy('id', 'desc').execute();
      return { links: await requestViews(db, rows) };
    },

    /** listLinkableOrganisations: the active organisations a member may link a job to. */
    async linkable(ctx: RequestContext) {
      requireActor(ctx);
      return { organisations: await db.selectFrom('organisations').select(['id', 'name', 'country']).where('status', '=', 'active').orderBy('name').limit(500).execute() };
    },

    /** endEmployment: the member has left; a confirmation stays confirmed, a pending request is withdrawn. */
    async end(ctx: RequestContext, linkId: string): Promise<EmploymentLink> {
      const actor = requireActor(ctx);
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        const l = await tx.selectFrom('employment_links').selectAll().where('id', '=', linkId).where('member_id', '=', actor.userId).executeTakeFirst();
        if (!l) throw notFound('The employment link');
        if (l.ended_at !== null) throw new DomainError('CONFLICT', 'This link has already ended.');
        await tx.updateTable('employment_links').set({ ended_at: now.toISOString() }).where('id', '=', l.id).execute();
        await audit(tx, auditCtx(ctx), { action: 'employment.ended', subjectType: 'employment_link', subjectId: l.id, details: { organisationId: l.organisation_id, status: l.status } }, now);
      });
      const row = await db.selectFrom('employment_links').selectAll().where('id', '=', linkId).executeTakeFirstOrThrow();
      return (await requestViews(db, [row]))[0] as EmploymentLink;
    },

    /** listEmploymentRequests: the organisation's requests (pending by default), oldest pending first. */
    async listRequests(ctx: RequestContext, organisationId: string, status: 'pending' | 'confirmed' | 'disputed' | 'all'): Promise<{ requests: EmploymentRequest[] }> {
      await requireOrganisationRole(db, ctx, organisationId, deciders);
      let q = db.selectFrom('employment_links').selectAll().where('organisation_id', '=', organisationId);
      if (status !== 'all') q = q.where('status', '=', status);
      // A pending request the member withdrew (ended) is no longer anyone's to answer.
      if (status === 'pending') q = q.where('ended_at', 'is', null);
      const rows = await q.orderBy('requested_at', status === 'pending' ? 'asc' : 'desc').orderBy('id').limit(500).execute();
      return { requests: await requestViews(db, rows) };
    },

    confirm: (ctx: RequestContext, organisationId: string, linkId: string) => decide(ctx, organisationId, linkId, 'confirmed', null),
    dispute: (ctx: RequestContext, organisationId: string, linkId: string, reason: string) => decide(ctx, organisationId, linkId, 'disputed', reason),
  };
}
export type EmploymentService = ReturnType<typeof employmentService>;
