import type { z } from 'zod';
import type {
  CandidatePage,
  ContactCandidateBody,
  ContactReports,
  ReceivedMessages,
  ReplyToContactBody,
  ReportContactAbuseBody,
  SearchCandidatesQuery,
  SentMessages,
  SetOrganisationMessagingBody,
} from '../../../../contracts/organisations-recruiting.js';
import type { Db, Tx } from '../../../db/database.js';
import type { StoredCredential } from '../../register/register.repository.js';
import { audit } from '../../../platform/audit.js';
import { type Platform, type RequestContext, auditCtx, requireActor, requireRole } from '../../../platform/context.js';
import { DomainError } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import { queueMail } from '../../../platform/mail/outbox.js';
import { randomToken, sha256 } from '../../../platform/secrets.js';
import { organisationRoles, requireOrganisationRole } from '../membership.js';
import { isListed, searchCandidateRows } from './candidates.repository.js';
import { allowanceOf, certificationKey, decodeCandidateCursor, encodeCandidateCursor } from './candidates.rules.js';

/** Messages an organisation may relay in any 24 hours: enough for a recruiter's day, too few for a mailing. */
export const CONTACT_LIMIT_PER_DAY = 20;
const DAY_MS = 86_400_000;

const invalid = (path: string, message: string) => new DomainError('VALIDATION_FAILED', message, { issues: [{ path, message }] });

export function recruitingService(p: Platform) {
  const db = p.database.db;
  const link = (path: string) => `${p.config.publicUrl.replace(/\/$/, '')}${path}`;

  async function allowance(q: Db | Tx, organisationId: string, now: Date) {
    const since = new Date(now.getTime() - DAY_MS).toISOString();
    const [sent, suspension] = await Promise.all([
      q.selectFrom('contact_messages').select('sent_at').where('organisation_id', '=', organisationId).where('sent_at', '>', since).execute(),
      q.selectFrom('contact_suspensions').select('organisation_id').where('organisation_id', '=', organisationId).executeTakeFirst(),
    ]);
    return allowanceOf(sent.map((s) => s.sent_at), CONTACT_LIMIT_PER_DAY, !!suspension);
  }

  return {
    /** searchCandidates: the organisation's staff; listed holders only, and only what each chose to list. */
    async search(ctx: RequestContext, organisationId: string, query: SearchCandidatesQuery): Promise<CandidatePage> {
      await requireOrganisationRole(db, ctx, organisationId, organisationRoles);
      const after = query.cursor ? decodeCandidateCursor(query.cursor) : null;
      if (query.cursor && !after) throw invalid('querystring.cursor', 'This cursor is damaged; start the search again');
      const key = query.certification ? certificationKey(query.certification) : undefined;
      if (query.certification && !key) throw invalid('querystring.certification', 'Enter a certification title with at least one letter or digit');
      const rows = await searchCandidateRows(db, { level: query.level, country: query.country, certificationKey: key, minResponsibility: query.minResponsibility, after, limit: query.limit + 1 });
      const shown = rows.slice(0, query.limit);
      const last = shown.at(-1);
      return {
        results: shown.map((r) => ({
          candidateId: r.holderId,
          name: r.name,
          country: r.country,
          credentials: JSON.parse(r.credentials) as StoredCredential[],
          certifications: r.certifications ? (JSON.parse(r.certifications) as string[] | null) : null,
          responsibilityLevel: r.responsibilityLevel,
        })),
        nextCursor: rows.length > query.limit && last ? encodeCandidateCursor({ sortName: last.sortName, holderId: last.holderId }) : null,
      };
    },

    /**
     * contactCandidate: relays the message by mail, with a reply link and a report link. The limit is
     * counted inside the transaction that records the message, so a refused message leaves nothing.
     */
    async contact(ctx: RequestContext, organisationId: string, candidateId: string, body: z.output<typeof ContactCandidateBody>) {
      const { actor } = await requireOrganisationRole(db, ctx, organisationId, organisationRoles);
      const now = p.clock.now();
      const id = newId();
      const token = randomToken();
      await db.transaction().execute(async (tx) => {
        if (!(await isListed(tx, candidateId))) throw new DomainError('NOT_FOUND', 'No listed holder has this candidate id; search again.');
        // Two messages sent at once must not both take the last one of the day: on PostgreSQL the
        // organisation's row is locked until commit (SQLite runs one write transaction at a time anyway).
        if (p.database.dialect === 'postgres') await tx.selectFrom('organisations').select('id').where('id', '=', organisationId).forUpdate().execute();
        const a = await allowance(tx, organisationId, now);
        if (a.suspended) throw new DomainError('FORBIDDEN', 'Scheme administrators have suspended this organisation’s messaging after reports of abuse; contact them to restore it.', { messagingSuspended: true });
        if (a.sent >= a.limit)
          throw new DomainError('RATE_LIMITED', `Your organisation has sent ${a.limit} messages in the last 24 hours, the most allowed. You can send again from ${a.resetsAt?.replace('T', ' ').slice(0, 16)} UTC.`, { limit: a.limit, resetsAt: a.resetsAt });
        const [org, member] = await Promise.all([
          tx.selectFrom('organisations').select('name').where('id', '=', organisationId).executeTakeFirstOrThrow(),
          tx.selectFrom('users').select(['name', 'email']).where('id', '=', candidateId).executeTakeFirstOrThrow(),
        ]);
        await tx
          .insertInto('contact_messages')
          .values({ id, organisation_id: organisationId, sender_id: actor.userId, member_id: candidateId, subject: body.subject, body: body.body, token_hash: sha256(token), sent_at: now.toISOString(), reply_body: null, reply_email: null, replied_at: null })
          .execute();
        await queueMail(
          tx,
          member.email,
          'contact_message',
          { name: member.name, organisationName: org.name, senderName: actor.name, subject: body.subject, body: body.body, replyLink: link(`/account/messages#message-${id}`), reportLink: link(`/messages/report?token=${encodeURIComponent(token)}`) },
          now,
        );
        await audit(tx, auditCtx(ctx), { action: 'recruiting.contact_sent', subjectType: 'organisation', subjectId: organisationId, details: { messageId: id, memberId: candidateId } }, now);
      });
      p.nudgeJobs();
      return { id, sentAt: now.toISOString() };
    },

    /** listSentMessages: the organisation's messages, newest first; a member's address only once they replied. */
    async sent(ctx: RequestContext, organisationId: string): Promise<SentMessages> {
      await requireOrganisationRole(db, ctx, organisationId, organisationRoles);
      const rows = await db
        .selectFrom('contact_messages as m')
        .innerJoin('users as u', 'u.id', 'm.member_id')
        .innerJoin('users as s', 's.id', 'm.sender_id')
        .select(['m.id', 'u.name as candidateName', 's.name as sentBy', 'm.subject', 'm.body', 'm.sent_at', 'm.reply_body', 'm.reply_email', 'm.replied_at'])
        .where('m.organisation_id', '=', organisationId)
        .orderBy('m.sent_at', 'desc')
        .orderBy('m.id', 'desc')
        .limit(200)
        .execute();
      return {
        messages: rows.map((r) => ({
          id: r.id,
          candidateName: r.candidateName,
          subject: r.subject,
          body: r.body,
          sentAt: r.sent_at,
          sentBy: r.sentBy,
          reply: r.replied_at && r.reply_body !== null && r.reply_email ? { body: r.reply_body, email: r.reply_email, repliedAt: r.replied_at } : null,
        })),
        allowance: await allowance(db, organisationId, p.clock.now()),
      };
    },

    /** listMyMessages: what organisations sent the signed-in member. */
    async mine(ctx: RequestContext): Promise<ReceivedMessages> {
      const actor = requireActor(ctx);
      const rows = await db
        .selectFrom('contact_messages as m')
        .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
        .innerJoin('users as s', 's.id', 'm.sender_id')
        .select((eb) => [
          'm.id',
          'o.name as organisationName',
          's.name as senderName',
          'm.subject',
          'm.body',
          'm.sent_at',
          'm.reply_body',
          'm.replied_at',
          eb.exists(eb.selectFrom('contact_reports as r').select('r.id').whereRef('r.message_id', '=', 'm.id')).as('reported'),
        ])
        .where('m.member_id', '=', actor.userId)
        .orderBy('m.sent_at', 'desc')
        .orderBy('m.id', 'desc')
        .limit(200)
        .execute();
      return {
        messages: rows.map((r) => ({
          id: r.id,
          organisationName: r.organisationName,
          senderName: r.senderName,
          subject: r.subject,
          body: r.body,
          sentAt: r.sent_at,
          reply: r.replied_at && r.reply_body !== null ? { body: r.reply_body, repliedAt: r.replied_at } : null,
          reported: !!r.reported,
        })),
      };
    },

    /** replyToContact: the member answers once; the sender gets the reply and, with it, the member's address. */
    async reply(ctx: RequestContext, messageId: string, body: z.output<typeof ReplyToContactBody>) {
      const actor = requireActor(ctx);
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        const m = await tx
          .selectFrom('contact_messages as m')
          .innerJoin('users as s', 's.id', 'm.sender_id')
          .select(['m.id', 'm.organisation_id', 'm.subject', 'm.replied_at', 's.email as senderEmail', 's.name as senderName'])
          .where('m.id', '=', messageId)
          .where('m.member_id', '=', actor.userId)
          .executeTakeFirst();
        if (!m) throw new DomainError('NOT_FOUND', 'The message was not found among those sent to you.');
        if (m.replied_at) throw new DomainError('CONFLICT', 'You have already replied to this message; write to the sender directly at the address in their reply mail.');
        const done = await tx.updateTable('contact_messages').set({ reply_body: body.body, reply_email: actor.email, replied_at: now.toISOString() }).where('id', '=', m.id).where('replied_at', 'is', null).executeTakeFirst();
        if (Number(done.numUpdatedRows) !== 1) throw new DomainError('CONFLICT', 'You have already replied to this message.');
        await queueMail(tx, m.senderEmail, 'contact_reply', { name: m.senderName, candidateName: actor.name, candidateEmail: actor.email, subject: m.subject, body: body.body, link: link(`/organisations/${m.organisation_id}/candidates`) }, now);
        await audit(tx, auditCtx(ctx), { action: 'recruiting.contact_replied', subjectType: 'organisation', subjectId: m.organisation_id, details: { messageId } }, now);
      });
      p.nudgeJobs();
      return { status: 'ok' as const };
    },

    /** reportContactAbuse: by the mail's link (no sign-in) or by the signed-in member; one report a message. */
    async report(ctx: RequestContext, body: z.output<typeof ReportContactAbuseBody>) {
      const now = p.clock.now();
      let q = db.selectFrom('contact_messages').select(['id', 'organisation_id']);
      if (body.token) q = q.where('token_hash', '=', sha256(body.token));
      else q = q.where('id', '=', body.messageId ?? '').where('member_id', '=', requireActor(ctx).userId);
      const m = await q.executeTakeFirst();
      if (!m) throw body.token ? new DomainError('INVALID_TOKEN', 'This report link is not valid; open it from the mail again.') : new DomainError('NOT_FOUND', 'The message was not found among those sent to you.');
      await db.transaction().execute(async (tx) => {
        const before = await tx.selectFrom('contact_reports').select('id').where('message_id', '=', m.id).executeTakeFirst();
        if (before) throw new DomainError('CONFLICT', 'This message has already been reported; scheme administrators will look at it.');
        const id = newId();
        await tx.insertInto('contact_reports').values({ id, message_id: m.id, organisation_id: m.organisation_id, reported_by: body.token ? null : (ctx.actor?.userId ?? null), reason: body.reason, created_at: now.toISOString() }).execute();
        await audit(tx, auditCtx(ctx), { action: 'recruiting.contact_reported', subjectType: 'organisation', subjectId: m.organisation_id, details: { messageId: m.id, reportId: id } }, now);
      });
      return { status: 'accepted' as const, message: 'Thank you: scheme administrators will review this message.' };
    },

    /** listContactReports: scheme and system administrators, newest first. */
    async reports(ctx: RequestContext): Promise<ContactReports> {
      requireRole(ctx, ['scheme_admin', 'system_admin']);
      const rows = await db
        .selectFrom('contact_reports as r')
        .innerJoin('contact_messages as m', 'm.id', 'r.message_id')
        .innerJoin('organisations as o', 'o.id', 'r.organisation_id')
        .innerJoin('users as s', 's.id', 'm.sender_id')
        .leftJoin('contact_suspensions as x', 'x.organisation_id', 'r.organisation_id')
        .select(['r.id', 'r.created_at', 'r.reason', 'r.reported_by', 'o.id as organisationId', 'o.name as organisationName', 'x.organisation_id as suspended', 'm.subject', 'm.body', 'm.sent_at', 's.name as senderName'])
        .orderBy('r.created_at', 'desc')
        .orderBy('r.id', 'desc')
        .limit(200)
        .execute();
      return {
        reports: rows.map((r) => ({
          id: r.id,
          createdAt: r.created_at,
          reason: r.reason,
          via: r.reported_by ? ('member' as const) : ('link' as const),
          organisationId: r.organisationId,
          organisationName: r.organisationName,
          messagingSuspended: r.suspended !== null,
          message: { subject: r.subject, body: r.body, sentAt: r.sent_at, senderName: r.senderName },
        })),
      };
    },

    /** setOrganisationMessaging: scheme and system administrators stop (or restore) an organisation's messages. */
    async setMessaging(ctx: RequestContext, organisationId: string, body: z.output<typeof SetOrganisationMessagingBody>) {
      const actor = requireRole(ctx, ['scheme_admin', 'system_admin']);
      const now = p.clock.now();
      if (body.suspended && !body.reason) throw invalid('body.reason', 'Give the reason for suspending this organisation’s messaging');
      await db.transaction().execute(async (tx) => {
        const org = await tx.selectFrom('organisations').select('id').where('id', '=', organisationId).executeTakeFirst();
        if (!org) throw new DomainError('NOT_FOUND', 'The organisation was not found.');
        await tx.deleteFrom('contact_suspensions').where('organisation_id', '=', organisationId).execute();
        if (body.suspended) await tx.insertInto('contact_suspensions').values({ organisation_id: organisationId, reason: body.reason as string, suspended_by: actor.userId, suspended_at: now.toISOString() }).execute();
        await audit(tx, auditCtx(ctx), { action: body.suspended ? 'recruiting.messaging_suspended' : 'recruiting.messaging_restored', subjectType: 'organisation', subjectId: organisationId, details: { reason: body.reason ?? null } }, now);
      });
      return { organisationId, suspended: body.suspended };
    },
  };
}

export type RecruitingService = ReturnType<typeof recruitingService>;
