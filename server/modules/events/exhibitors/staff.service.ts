import type { AddStaffBody } from '../../../../contracts/events-exhibitors.js';
import type { Tx } from '../../../db/database.js';
import { audit } from '../../../platform/audit.js';
import { type Platform, type RequestContext, auditCtx, requireActor } from '../../../platform/context.js';
import { DomainError, notFound } from '../../../platform/errors.js';
import { queueMail } from '../../../platform/mail/outbox.js';
import { sealingSecret } from '../../../platform/sealed.js';
import { provisionUser } from '../../accounts/provision.js';
import { isOrganiser } from '../access.js';
import { signCheckInCode } from '../codes.js';
import { createRegistration } from '../registration/tickets.js';
import { requireStandManager } from './gate.js';

/*
 * The people on a stand. Each holds a ticket: the event's exhibitor-staff ticket, made for them (source
 * 'exhibitor'), or the ticket they already had. Someone without an account gets a light one without a
 * password (as guests do), which they take over by setting a password from the mailed link.
 */

/** Cancels the tickets made for a stand's staff (unless the person still staffs another stand) and drops the staff rows. */
export async function releaseStaff(tx: Tx, exhibitorId: string, now: Date, userId?: string): Promise<number> {
  let q = tx.selectFrom('event_exhibitor_staff').selectAll().where('exhibitor_id', '=', exhibitorId);
  if (userId) q = q.where('user_id', '=', userId);
  const rows = await q.execute();
  for (const s of rows) {
    await tx.deleteFrom('event_exhibitor_staff').where('exhibitor_id', '=', exhibitorId).where('user_id', '=', s.user_id).execute();
    const elsewhere = await tx.selectFrom('event_exhibitor_staff').select('user_id').where('registration_id', '=', s.registration_id).executeTakeFirst();
    if (s.ticket_made && !elsewhere) {
      const at = now.toISOString();
      await tx.updateTable('event_registrations').set({ status: 'cancelled', cancelled_at: at, updated_at: at }).where('id', '=', s.registration_id).where('source', '=', 'exhibitor').execute();
    } else if (s.ticket_made && elsewhere) {
      // The ticket stays; the stand that still has the person now answers for it.
      await tx.updateTable('event_exhibitor_staff').set({ ticket_made: 1 }).where('registration_id', '=', s.registration_id).execute();
    }
  }
  return rows.length;
}

export function staffService(p: Platform) {
  const db = p.database.db;

  return {
    async add(ctx: RequestContext, eventId: string, exhibitorId: string, body: AddStaffBody) {
      const { actor, exhibitor, event } = await requireStandManager(db, ctx, eventId, exhibitorId);
      const email = body.email.trim().toLowerCase();
      const ticket = await db.selectFrom('event_ticket_types').select(['id']).where('event_id', '=', eventId).where('kind', '=', 'exhibitor').orderBy('position').executeTakeFirst();
      if (!ticket) throw new DomainError('CONFLICT', 'This event has no exhibitor-staff ticket type: add one (kind "exhibitor") to the event first.');
      const now = p.clock.now();
      const added = await db.transaction().execute(async (tx) => {
        let user = await tx.selectFrom('users').select(['id', 'name', 'email', 'password_hash']).where('email', '=', email).executeTakeFirst();
        if (!user) {
          if (!body.name) throw new DomainError('VALIDATION_FAILED', `${email} has no account yet: give their name too.`, { issues: [{ path: 'body.name', message: 'Give the name of the person' }] });
          const id = await provisionUser(tx, { email, name: body.name, roles: [], verified: false }, auditCtx(ctx), now);
          user = { id, name: body.name, email, password_hash: null };
        }
        const already = await tx.selectFrom('event_exhibitor_staff').select('user_id').where('exhibitor_id', '=', exhibitorId).where('user_id', '=', user.id).executeTakeFirst();
        if (already) throw new DomainError('CONFLICT', `${user.name} is already on the staff of ${exhibitor.name}.`);
        const held = await tx.selectFrom('event_registrations').select(['id', 'reference', 'status']).where('event_id', '=', eventId).where('user_id', '=', user.id).executeTakeFirst();
        if (held?.status === 'cancelled') throw new DomainError('CONFLICT', `${user.name} cancelled their registration for this event; they must register again before joining a stand.`);
        const registration =
          held ??
          (await createRegistration(
            tx,
            { eventId, userId: user.id, ticketTypeId: ticket.id, name: user.name, email: user.email, organisationName: exhibitor.name, shareWithExhibitors: false, feeMinor: 0, source: 'exhibitor' },
            now,
          ));
        await tx
          .insertInto('event_exhibitor_staff')
          .values({ exhibitor_id: exhibitorId, user_id: user.id, event_id: eventId, registration_id: registration.id, ticket_made: held ? 0 : 1, added_by: actor.userId, added_at: now.toISOString() })
          .execute();
        await audit(tx, auditCtx(ctx), { action: 'event.exhibitor_staff_added', subjectType: 'event_exhibitor', subjectId: exhibitorId, details: { eventId, userId: user.id, registrationId: registration.id } }, now);
        const base = p.config.publicUrl;
        const keys = await tx.selectFrom('events').select(['id', 'checkin_private_key']).where('id', '=', eventId).executeTakeFirstOrThrow();
        await queueMail(
          tx,
          user.email,
          'exhibitor_staff_added',
          {
            name: user.name,
            exhibitorName: exhibitor.name,
            eventTitle: event.title,
            reference: registration.reference,
            ticketLink: `${base}/events/${encodeURIComponent(event.slug)}/ticket`,
            checkInCode: signCheckInCode(keys, registration.id, sealingSecret(p.config, (m) => p.logger.warn(m))),
            leadsLink: `${base}/events/${encodeURIComponent(event.slug)}/leads`,
            passwordLink: user.password_hash ? null : `${base}/forgot-password`,
          },
          now,
        );
        return { userId: user.id, name: user.name, email: user.email, reference: registration.reference, ticketMade: !held };
      });
      p.nudgeJobs();
      return added;
    },

    async remove(ctx: RequestContext, eventId: string, exhibitorId: string, userId: string) {
      await requireStandManager(db, ctx, eventId, exhibitorId);
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        const n = await releaseStaff(tx, exhibitorId, now, userId);
        if (n === 0) throw notFound('The staff member');
        await audit(tx, auditCtx(ctx), { action: 'event.exhibitor_staff_removed', subjectType: 'event_exhibitor', subjectId: exhibitorId, details: { eventId, userId } }, now);
      });
      return { status: 'ok' as const };
    },

    /** The stands the caller staffs at one event, by its slug (an organiser: every stand), for the leads page. */
    async mine(ctx: RequestContext, slug: string) {
      const actor = requireActor(ctx);
      const event = await db.selectFrom('events').select(['id', 'slug', 'title', 'status']).where('slug', '=', slug).executeTakeFirst();
      if (!event) throw notFound('The event');
      let q = db.selectFrom('event_exhibitors as x').select(['x.id', 'x.name', 'x.stand']).where('x.event_id', '=', event.id);
      if (!isOrganiser(actor)) q = q.where('x.id', 'in', db.selectFrom('event_exhibitor_staff').select('exhibitor_id').where('user_id', '=', actor.userId).where('event_id', '=', event.id));
      const stands = await q.orderBy('x.name').execute();
      if (event.status === 'draft' && stands.length === 0 && !isOrganiser(actor)) throw notFound('The event');
      return { event: { id: event.id, slug: event.slug, title: event.title }, stands };
    },
  };
}
export type StaffService = ReturnType<typeof staffService>;
