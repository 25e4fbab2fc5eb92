import type { Selectable } from 'kysely';
import type { GoalSuggestion, OfferSponsorshipBody, Sponsorship, SuggestCpdGoalBody } from '../../../../contracts/organisations-sponsorship.js';
import type { Db, Tx } from '../../../db/database.js';
import type { CpdGoalSuggestionsTable, SponsorshipsTable } from '../../../db/schema-organisations.js';
import { audit } from '../../../platform/audit.js';
import { type Platform, type RequestContext, auditCtx, requireActor } from '../../../platform/context.js';
import { DomainError, notFound } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import { queueMail } from '../../../platform/mail/outbox.js';
import { schemeOfVersion } from '../../applications/applications.repository.js';
import { loadApplication } from '../../applications/applications.store.js';
import { type Application, feeDue } from '../../applications/applications.types.js';
import { appendPlanGoal } from '../../cpd/plan-goals.js';
import type { OrganisationDeps } from '../deps.js';
import { requireOrganisationRole } from '../membership.js';
import { type TicketPort, checkTicketOffer, eventTicketPort, requireTicketPayable, ticketView } from './tickets.js';

/*
 * An organisation pays for its staff's development: an application fee or an event ticket it offers to pay
 * (the member accepts or declines; the organisation's admin marks it paid, which marks the application's or
 * the ticket's fee paid in the same transaction), and development goals it suggests into the member's CPD plan. Only members whose employment
 * with the organisation is confirmed and not ended may be offered either: the link the member asked for and
 * the organisation confirmed (consent to a team view is about sight of data, not about paying).
 */

type SponsorshipRow = Selectable<SponsorshipsTable>;
type SuggestionRow = Selectable<CpdGoalSuggestionsTable>;
const offerers = ['admin', 'hr'] as const;
const suggesters = ['admin', 'hr', 'line_manager'] as const;
/** States after which there is no fee left to pay. */
const closedStates: readonly Application['state'][] = ['awarded', 'declined', 'withdrawn'];

const invalid = (path: string, message: string) => new DomainError('VALIDATION_FAILED', `${path}: ${message}`, { issues: [{ path, message }] });

/** Whether the member's employment with the organisation is confirmed and current. */
async function isStaff(q: Db | Tx, organisationId: string, memberId: string): Promise<boolean> {
  const row = await q
    .selectFrom('employment_links')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('member_id', '=', memberId)
    .where('status', '=', 'confirmed')
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return !!row;
}

export function sponsorshipService(p: Platform, deps: Pick<OrganisationDeps, 'applications'>, tickets: TicketPort = eventTicketPort) {
  const db = p.database.db;
  const link = (path: string) => `${p.config.publicUrl}${path}`;

  async function names(q: Db | Tx, orgIds: string[], userIds: string[]) {
    const [orgs, users] = await Promise.all([
      orgIds.length ? q.selectFrom('organisations').select(['id', 'name']).where('id', 'in', orgIds).execute() : [],
      userIds.length ? q.selectFrom('users').select(['id', 'name']).where('id', 'in', userIds).execute() : [],
    ]);
    return { org: new Map(orgs.map((o) => [o.id, o.name])), user: new Map(users.map((u) => [u.id, u.name])) };
  }

  async function sponsorshipViews(q: Db | Tx, rows: SponsorshipRow[]): Promise<Sponsorship[]> {
    const n = await names(q, [...new Set(rows.map((r) => r.organisation_id))], [...new Set(rows.map((r) => r.member_id))]);
    const ticketOf = await tickets.ticketsByIds(q, rows.flatMap((r) => (r.event_registration_id ? [r.event_registration_id] : [])));
    const out: Sponsorship[] = [];
    for (const r of rows) {
      const loaded = r.application_id ? await loadApplication(q, r.application_id) : null;
      const app = loaded?.app;
      const scheme = app ? (await schemeOfVersion(q, app.schemeVersionId)).scheme : null;
      const t = r.event_registration_id ? ticketOf.get(r.event_registration_id) : undefined;
      out.push({
        id: r.id,
        kind: r.kind,
        organisation: { id: r.organisation_id, name: n.org.get(r.organisation_id) ?? '' },
        member: { id: r.member_id, name: n.user.get(r.member_id) ?? 'Unknown' },
        application: r.application_id
          ? {
              id: r.application_id,
              levelName: scheme?.levels.find((l) => l.id === app?.levelId)?.name ?? app?.levelId ?? '',
              state: app?.state ?? 'unknown',
              fee: app ? feeDue(app) : null,
              feePaidAt: app?.feePaidAt ?? null,
            }
          : null,
        ticket: t ? ticketView(t) : null,
        note: r.note,
        status: r.status,
        offeredAt: r.offered_at,
        answeredAt: r.answered_at,
        paidAt: r.paid_at,
        canMarkPaid: r.status === 'accepted' && (t ? tickets.ticketPayable(t) === null : app?.state === 'awaiting_fee'),
      });
    }
    return out;
  }

  async function suggestionViews(q: Db | Tx, rows: SuggestionRow[]): Promise<GoalSuggestion[]> {
    const n = await names(q, [...new Set(rows.map((r) => r.organisation_id))], [...new Set(rows.map((r) => r.member_id))]);
    return rows.map((r) => ({
      id: r.id,
      organisation: { id: r.organisation_id, name: n.org.get(r.organisation_id) ?? '' },
      member: { id: r.member_id, name: n.user.get(r.member_id) ?? 'Unknown' },
      text: r.text,
      by: r.by_on,
      status: r.status,
      suggestedAt: r.suggested_at,
      answeredAt: r.answered_at,
    }));
  }

  const oneSponsorship = async (id: string) => (await sponsorshipViews(db, [await db.selectFrom('sponsorships').selectAll().where('id', '=', id).executeTakeFirstOrThrow()]))[0] as Sponsorship;
  const oneSuggestion = async (id: string) => (await suggestionViews(db, [await db.selectFrom('cpd_goal_suggestions').selectAll().where('id', '=', id).executeTakeFirstOrThrow()]))[0] as GoalSuggestion;

  /** The member answers an offer made to them (NOT_FOUND for anyone else's). */
  async function answerOffer(ctx: RequestContext, sponsorshipId: string, status: 'accepted' | 'declined'): Promise<Sponsorship> {
    const actor = requireActor(ctx);
    const now = p.clock.now();
    await db.transaction().execute(async (tx) => {
      const s = await tx.selectFrom('sponsorships').selectAll().where('id', '=', sponsorshipId).where('member_id', '=', actor.userId).executeTakeFirst();
      if (!s) throw notFound('The sponsorship offer');
      if (s.status !== 'offered') throw new DomainError('CONFLICT', `This offer is already ${s.status}.`);
      if (status === 'accepted' && s.event_registration_id) await requireTicketPayable(tx, tickets, s.event_registration_id, 'Decline the offer instead.');
      if (status === 'accepted' && s.application_id) {
        const loaded = await loadApplication(tx, s.application_id);
        if (!loaded || closedStates.includes(loaded.app.state) || loaded.app.feePaidAt) throw new DomainError('CONFLICT', 'The application has no fee left to pay; decline the offer instead.');
      }
      await tx.updateTable('sponsorships').set({ status, answered_at: now.toISOString() }).where('id', '=', s.id).where('status', '=', 'offered').execute();
      await audit(tx, auditCtx(ctx), { action: `sponsorship.${status}`, subjectType: 'sponsorship', subjectId: s.id, details: { organisationId: s.organisation_id, applicationId: s.application_id, registrationId: s.event_registration_id } }, now);
    });
    return oneSponsorship(sponsorshipId);
  }

  async function answerGoal(ctx: RequestContext, suggestionId: string, status: 'accepted' | 'declined'): Promise<GoalSuggestion> {
    const actor = requireActor(ctx);
    const now = p.clock.now();
    await db.transaction().execute(async (tx) => {
      const s = await tx.selectFrom('cpd_goal_suggestions').selectAll().where('id', '=', suggestionId).where('member_id', '=', actor.userId).executeTakeFirst();
      if (!s) throw notFound('The suggested goal');
      if (s.status !== 'suggested') throw new DomainError('CONFLICT', `This goal is already ${s.status}.`);
      if (status === 'accepted') await appendPlanGoal(tx, actor.userId, { text: s.text, by: s.by_on }, now);
      await tx.updateTable('cpd_goal_suggestions').set({ status, answered_at: now.toISOString() }).where('id', '=', s.id).where('status', '=', 'suggested').execute();
      await audit(tx, auditCtx(ctx), { action: `cpd_goal.${status}`, subjectType: 'cpd_goal_suggestion', subjectId: s.id, details: { organisationId: s.organisation_id } }, now);
    });
    return oneSuggestion(suggestionId);
  }

  return {
    /** offerSponsorship: pay an application's fee or an event ticket of a member on the organisation's confirmed staff. */
    async offer(ctx: RequestContext, organisationId: string, body: OfferSponsorshipBody): Promise<Sponsorship> {
      const now = p.clock.now();
      const id = newId();
      await db.transaction().execute(async (tx) => {
        const { actor } = await requireOrganisationRole(tx, ctx, organisationId, offerers);
        const org = await tx.selectFrom('organisations').select('name').where('id', '=', organisationId).executeTakeFirstOrThrow();
        const row = { id, organisation_id: organisationId, note: body.note ?? null, status: 'offered' as const, offered_by: actor.userId, offered_at: now.toISOString(), answered_at: null, paid_at: null, paid_by: null };
        if (body.kind === 'event_ticket') {
          const t = await checkTicketOffer(tx, tickets, organisationId, body.registrationId, (m) => isStaff(tx, organisationId, m));
          await tx.insertInto('sponsorships').values({ ...row, member_id: t.userId, kind: 'event_ticket', application_id: null, event_registration_id: t.registrationId }).execute();
          await audit(tx, auditCtx(ctx), { action: 'sponsorship.offered', subjectType: 'sponsorship', subjectId: id, details: { organisationId, registrationId: t.registrationId, memberId: t.userId, fee: t.fee } }, now);
          const member = await tx.selectFrom('users').select(['name', 'email']).where('id', '=', t.userId).executeTakeFirstOrThrow();
          await queueMail(tx, member.email, 'ticket_sponsorship_offered', { name: member.name, organisationName: org.name, eventTitle: t.eventTitle, link: link('/account/employment') }, now);
          return;
        }
        const loaded = await loadApplication(tx, body.applicationId);
        // Someone else's application is answered as if it did not exist, like an unknown id.
        if (!loaded || !(await isStaff(tx, organisationId, loaded.app.applicantId)))
          throw invalid('body.applicationId', 'No application of a member whose employment your organisation confirmed has this id');
        const app = loaded.app;
        const fee = feeDue(app);
        if (!fee) throw invalid('body.applicationId', 'This application has no fee to pay');
        if (closedStates.includes(app.state) || app.feePaidAt) throw new DomainError('CONFLICT', 'This application has no fee left to pay.');
        const taken = await tx.selectFrom('sponsorships').select(['status', 'organisation_id']).where('application_id', '=', app.id).where('status', 'in', ['offered', 'accepted', 'paid']).executeTakeFirst();
        if (taken) throw new DomainError('CONFLICT', taken.organisation_id === organisationId ? `Your organisation has already offered to pay this fee (${taken.status}).` : 'Another organisation already offers to pay this fee.');
        await tx.insertInto('sponsorships').values({ ...row, member_id: app.applicantId, kind: 'application_fee', application_id: app.id, event_registration_id: null }).execute();
        await audit(tx, auditCtx(ctx), { action: 'sponsorship.offered', subjectType: 'sponsorship', subjectId: id, details: { organisationId, applicationId: app.id, memberId: app.applicantId, fee } }, now);
        const [member, scheme] = await Promise.all([tx.selectFrom('users').select(['name', 'email']).where('id', '=', app.applicantId).executeTakeFirstOrThrow(), schemeOfVersion(tx, app.schemeVersionId)]);
        const levelName = scheme.scheme.levels.find((l) => l.id === app.levelId)?.name ?? app.levelId;
        await queueMail(tx, member.email, 'sponsorship_offered', { name: member.name, organisationName: org.name, levelName, link: link('/account/employment') }, now);
      });
      p.nudgeJobs();
      return oneSponsorship(id);
    },

    /** listSponsorships: the organisation's offers, newest first. */
    async list(ctx: RequestContext, organisationId: string): Promise<{ sponsorships: Sponsorship[] }> {
      await requireOrganisationRole(db, ctx, organisationId, offerers);
      const rows = await db.selectFrom('sponsorships').selectAll().where('organisation_id', '=', organisationId).orderBy('offered_at', 'desc').orderBy('id', 'desc').limit(500).execute();
      return { sponsorships: await sponsorshipViews(db, rows) };
    },

    /** markSponsorshipPaid (admin): the application's fee is marked paid, naming the organisation, in one transaction. */
    async markPaid(ctx: RequestContext, organisationId: string, sponsorshipId: string): Promise<Sponsorship> {
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        const { actor } = await requireOrganisationRole(tx, ctx, organisationId, ['admin']);
        const s = await tx.selectFrom('sponsorships').selectAll().where('id', '=', sponsorshipId).where('organisation_id', '=', organisationId).executeTakeFirst();
        if (!s) throw notFound('The sponsorship');
        if (s.status !== 'accepted') throw new DomainError('CONFLICT', s.status === 'offered' ? 'The member has not accepted the offer yet.' : `This sponsorship is ${s.status}; only an accepted one can be marked paid.`);
        const org = await tx.selectFrom('organisations').select('name').where('id', '=', organisationId).executeTakeFirstOrThrow();
        const sponsor = { organisationId, name: org.name, userId: actor.userId };
        if (s.event_registration_id) await tickets.markTicketPaidBySponsor(tx, s.event_registration_id, sponsor, auditCtx(ctx), now);
        if (s.application_id) {
          const loaded = await loadApplication(tx, s.application_id);
          if (loaded?.app.state !== 'awaiting_fee') throw new DomainError('CONFLICT', 'The fee is due once the application is approved; mark it paid then.');
          await deps.applications.assessment.markFeePaidBySponsor(tx, s.application_id, sponsor, auditCtx(ctx), now);
        }
        await tx.updateTable('sponsorships').set({ status: 'paid', paid_at: now.toISOString(), paid_by: actor.userId }).where('id', '=', s.id).execute();
        await audit(tx, auditCtx(ctx), { action: 'sponsorship.paid', subjectType: 'sponsorship', subjectId: s.id, details: { organisationId, applicationId: s.application_id, registrationId: s.event_registration_id } }, now);
      });
      p.nudgeJobs();
      return oneSponsorship(sponsorshipId);
    },

    /** listSponsorableMembers: the members on the organisation's confirmed staff, with their open applications and unpaid event tickets. */
    async members(ctx: RequestContext, organisationId: string) {
      await requireOrganisationRole(db, ctx, organisationId, suggesters);
      const people = await db
        .selectFrom('employment_links as l')
        .innerJoin('users as u', 'u.id', 'l.member_id')
        .select(['u.id', 'u.name'])
        .distinct()
        .where('l.organisation_id', '=', organisationId)
        .where('l.status', '=', 'confirmed')
        .where('l.ended_at', 'is', null)
        .orderBy('u.name')
        .limit(1000)
        .execute();
      const ids = people.map((x) => x.id);
      const apps = ids.length
        ? await db.selectFrom('applications').select(['id', 'applicant_id', 'level_id', 'state', 'scheme_version_id']).where('applicant_id', 'in', ids).where('state', 'not in', [...closedStates, 'draft']).execute()
        : [];
      const unpaid = await tickets.unpaidTicketsOf(db, ids);
      const levelNames = new Map<string, string>();
      for (const a of apps) {
        const key = `${a.scheme_version_id} ${a.level_id}`;
        if (!levelNames.has(key)) levelNames.set(key, (await schemeOfVersion(db, a.scheme_version_id)).scheme.levels.find((l) => l.id === a.level_id)?.name ?? a.level_id);
      }
      return {
        members: people.map((m) => ({
          id: m.id,
          name: m.name,
          applications: apps.filter((a) => a.applicant_id === m.id).map((a) => ({ id: a.id, levelName: levelNames.get(`${a.scheme_version_id} ${a.level_id}`) ?? a.level_id, state: a.state })),
          tickets: unpaid.filter((t) => t.userId === m.id).map(ticketView),
        })),
      };
    },

    /** listMySponsorships: offers made to the member, newest first. */
    async listMine(ctx: RequestContext): Promise<{ sponsorships: Sponsorship[] }> {
      const actor = requireActor(ctx);
      const rows = await db.selectFrom('sponsorships').selectAll().where('member_id', '=', actor.userId).orderBy('offered_at', 'desc').orderBy('id', 'desc').limit(200).execute();
      return { sponsorships: await sponsorshipViews(db, rows) };
    },
    accept: (ctx: RequestContext, id: string) => answerOffer(ctx, id, 'accepted'),
    decline: (ctx: RequestContext, id: string) => answerOffer(ctx, id, 'declined'),

    /** suggestCpdGoal: a development goal for a member on the organisation's confirmed staff; mailed to them. */
    async suggestGoal(ctx: RequestContext, organisationId: string, body: SuggestCpdGoalBody): Promise<GoalSuggestion> {
      const now = p.clock.now();
      const id = newId();
      await db.transaction().execute(async (tx) => {
        const { actor } = await requireOrganisationRole(tx, ctx, organisationId, suggesters);
        if (!(await isStaff(tx, organisationId, body.memberId))) throw invalid('body.memberId', 'No member whose employment your organisation confirmed has this id');
        await tx.insertInto('cpd_goal_suggestions').values({ id, organisation_id: organisationId, member_id: body.memberId, text: body.text, by_on: body.by ?? null, status: 'suggested', suggested_by: actor.userId, suggested_at: now.toISOString(), answered_at: null }).execute();
        await audit(tx, auditCtx(ctx), { action: 'cpd_goal.suggested', subjectType: 'cpd_goal_suggestion', subjectId: id, details: { organisationId, memberId: body.memberId } }, now);
        const [member, org] = await Promise.all([
          tx.selectFrom('users').select(['name', 'email']).where('id', '=', body.memberId).executeTakeFirstOrThrow(),
          tx.selectFrom('organisations').select('name').where('id', '=', organisationId).executeTakeFirstOrThrow(),
        ]);
        await queueMail(tx, member.email, 'cpd_goal_suggested', { name: member.name, organisationName: org.name, goal: body.text, link: link('/account/employment') }, now);
      });
      p.nudgeJobs();
      return oneSuggestion(id);
    },

    /** listGoalSuggestions: the organisation's suggestions, newest first. */
    async listGoals(ctx: RequestContext, organisationId: string): Promise<{ suggestions: GoalSuggestion[] }> {
      await requireOrganisationRole(db, ctx, organisationId, suggesters);
      const rows = await db.selectFrom('cpd_goal_suggestions').selectAll().where('organisation_id', '=', organisationId).orderBy('suggested_at', 'desc').orderBy('id', 'desc').limit(500).execute();
      return { suggestions: await suggestionViews(db, rows) };
    },

    /** listMyGoalSuggestions: goals suggested to the member, newest first. */
    async listMyGoals(ctx: RequestContext): Promise<{ suggestions: GoalSuggestion[] }> {
      const actor = requireActor(ctx);
      const rows = await db.selectFrom('cpd_goal_suggestions').selectAll().where('member_id', '=', actor.userId).orderBy('suggested_at', 'desc').orderBy('id', 'desc').limit(200).execute();
      return { suggestions: await suggestionViews(db, rows) };
    },
    acceptGoal: (ctx: RequestContext, id: string) => answerGoal(ctx, id, 'accepted'),
    declineGoal: (ctx: RequestContext, id: string) => answerGoal(ctx, id, 'declined'),
  };
}
export type SponsorshipService = ReturnType<typeof sponsorshipService>;
