import { createHmac } from 'node:crypto';
import type { Lead, LeadResult } from '../../../../contracts/events-exhibitors.js';
import type { Db, Tx } from '../../../db/database.js';
import { csvField, safeCell } from '../../cpd/csv.js';
import { audit } from '../../../platform/audit.js';
import { type Platform, type RequestContext, auditCtx } from '../../../platform/context.js';
import { DomainError, notFound } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import { sealingSecret } from '../../../platform/sealed.js';
import { verifyCheckInCode } from '../codes.js';
import { requireStandStaff } from './gate.js';
import { leadCounts } from './views.js';

/*
 * Badges scanned at a stand. Only an attendee who chose to share their contact with exhibitors is named:
 * the lead keeps the registration, and name, e-mail and organisation are read from it while the choice
 * stands (withdrawing it turns the lead into a count). Anyone else leaves a keyed digest, which counts
 * them once and names no one.
 */

/** A typed reference as people type it: any case, with or without its hyphen or spaces. */
export function normaliseReference(text: string): string | null {
  const s = text.toUpperCase().replace(/[\s-]/g, '');
  return /^[A-Z0-9]{8}$/.test(s) ? `${s.slice(0, 4)}-${s.slice(4)}` : null;
}

/** The count row's digest of one visitor at one stand: keyed, so it cannot be joined back to a registration. */
export const leadDigest = (secret: string, exhibitorId: string, registrationId: string) =>
  createHmac('sha256', secret).update(`event-lead\u0000${exhibitorId}\u0000${registrationId}`).digest('base64url');

type LeadRow = { id: string; name: string; email: string; organisation_name: string | null; note: string | null; scanned_at: string };
const leadOf = (r: LeadRow): Lead => ({ id: r.id, name: r.name, email: r.email, organisationName: r.organisation_name, note: r.note, scannedAt: r.scanned_at });

/** Named leads of a stand: only attendees who still share. */
const namedLeads = (q: Db | Tx, exhibitorId: string) =>
  q
    .selectFrom('event_leads as l')
    .innerJoin('event_registrations as r', 'r.id', 'l.registration_id')
    .select(['l.id', 'r.name', 'r.email', 'r.organisation_name', 'l.note', 'l.scanned_at'])
    .where('l.exhibitor_id', '=', exhibitorId)
    .where('r.share_with_exhibitors', '=', 1);

export function leadsService(p: Platform) {
  const db = p.database.db;
  let key: string | null = null;
  const digestOf = (exhibitorId: string, registrationId: string) => {
    key ??= sealingSecret(p.config, (m) => p.logger.warn(m));
    return leadDigest(key, exhibitorId, registrationId);
  };

  /** The registration a badge names, or a clear refusal: a made-up or foreign code, an unknown reference, a cancelled ticket. */
  async function registrationOf(q: Db | Tx, event: { id: string }, text: string) {
    const keyRow = await q.selectFrom('events').select('checkin_public_key').where('id', '=', event.id).executeTakeFirstOrThrow();
    let where: { id: string } | { reference: string };
    if (text.includes('.')) {
      const code = verifyCheckInCode(text, keyRow.checkin_public_key);
      if (!code || code.eventId !== event.id) throw new DomainError('VALIDATION_FAILED', 'This is not a badge of this event: its code is not signed by the event.', { issues: [{ path: 'body.code', message: 'Not a badge of this event' }] });
      where = { id: code.registrationId };
    } else {
      const reference = normaliseReference(text);
      if (!reference) throw new DomainError('VALIDATION_FAILED', 'Type the reference printed on the badge, such as K7QD-3WXA, or scan its code.', { issues: [{ path: 'body.code', message: 'Not a badge reference' }] });
      where = { reference };
    }
    let r = q.selectFrom('event_registrations').select(['id', 'status', 'share_with_exhibitors']).where('event_id', '=', event.id);
    r = 'id' in where ? r.where('id', '=', where.id) : r.where('reference', '=', where.reference);
    const reg = await r.executeTakeFirst();
    if (!reg) throw new DomainError('NOT_FOUND', 'No attendee of this event has this badge.');
    if (reg.status !== 'confirmed') throw new DomainError('CONFLICT', 'This badge belongs to a cancelled registration.');
    return reg;
  }

  return {
    async record(ctx: RequestContext, eventId: string, exhibitorId: string, text: string): Promise<LeadResult> {
      const { actor, event } = await requireStandStaff(db, ctx, eventId, exhibitorId);
      if (event.status === 'cancelled') throw new DomainError('CONFLICT', 'The event was cancelled.');
      const now = p.clock.now();
      const at = now.toISOString();
      const reg = await registrationOf(db, event, text);
      return db.transaction().execute(async (tx) => {
        let outcome: 'named' | 'counted';
        let repeat: boolean;
        let lead: Lead | null = null;
        if (reg.share_with_exhibitors) {
          outcome = 'named';
          const found = await tx.selectFrom('event_leads').select('id').where('exhibitor_id', '=', exhibitorId).where('registration_id', '=', reg.id).executeTakeFirst();
          repeat = !!found;
          const id = found?.id ?? newId();
          if (!found) {
            await tx
              .insertInto('event_leads')
              .values({ id, exhibitor_id: exhibitorId, registration_id: reg.id, note: null, scanned_by: actor.userId, scanned_at: at, updated_at: at })
              .onConflict((oc) => oc.columns(['exhibitor_id', 'registration_id']).doNothing())
              .execute();
          }
          lead = leadOf(await namedLeads(tx, exhibitorId).where('l.registration_id', '=', reg.id).executeTakeFirstOrThrow());
        } else {
          outcome = 'counted';
          const digest = digestOf(exhibitorId, reg.id);
          const found = await tx.selectFrom('event_lead_counts').select('digest').where('exhibitor_id', '=', exhibitorId).where('digest', '=', digest).executeTakeFirst();
          repeat = !!found;
          if (!found) {
            await tx
              .insertInto('event_lead_counts')
              .values({ exhibitor_id: exhibitorId, digest, scanned_on: at.slice(0, 10) })
              .onConflict((oc) => oc.columns(['exhibitor_id', 'digest']).doNothing())
              .execute();
          }
        }
        // The audit names no attendee: a scan of someone who does not share must leave no trace of who.
        if (!repeat) await audit(tx, auditCtx(ctx), { action: 'event.lead_recorded', subjectType: 'event_exhibitor', subjectId: exhibitorId, details: { eventId, outcome } }, now);
        const c = (await leadCounts(tx, [exhibitorId])).get(exhibitorId) ?? { named: 0, counted: 0 };
        return { outcome, repeat, lead, named: c.named, counted: c.counted };
      });
    },

    async list(ctx: RequestContext, eventId: string, exhibitorId: string) {
      const { exhibitor } = await requireStandStaff(db, ctx, eventId, exhibitorId);
      const leads = (await namedLeads(db, exhibitorId).orderBy('l.scanned_at', 'desc').orderBy('l.id').execute()).map(leadOf);
      const c = (await leadCounts(db, [exhibitorId])).get(exhibitorId) ?? { named: 0, counted: 0 };
      return { exhibitor: { id: exhibitor.id, name: exhibitor.name }, leads, counted: c.counted };
    },

    async note(ctx: RequestContext, eventId: string, exhibitorId: string, leadId: string, note: string) {
      await requireStandStaff(db, ctx, eventId, exhibitorId);
      const row = await namedLeads(db, exhibitorId).where('l.id', '=', leadId).executeTakeFirst();
      if (!row) throw notFound('The lead');
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        await tx.updateTable('event_leads').set({ note: note || null, updated_at: now.toISOString() }).where('id', '=', leadId).execute();
        await audit(tx, auditCtx(ctx), { action: 'event.lead_noted', subjectType: 'event_lead', subjectId: leadId, details: { eventId, exhibitorId } }, now);
      });
      return leadOf({ ...row, note: note || null });
    },

    /** The named leads as CSV (RFC 4180; cells a spreadsheet would run as formulas defused). */
    async csv(ctx: RequestContext, eventId: string, exhibitorId: string): Promise<{ name: string; text: string }> {
      const { exhibitor, event } = await requireStandStaff(db, ctx, eventId, exhibitorId);
      const leads = await namedLeads(db, exhibitorId).orderBy('l.scanned_at').orderBy('l.id').execute();
      const row = (cells: string[]) => `${cells.map((x) => csvField(safeCell(x))).join(',')}\r\n`;
      let text = row(['Name', 'E-mail', 'Organisation', 'Scanned at (UTC)', 'Note']);
      for (const l of leads) text += row([l.name, l.email, l.organisation_name ?? '', l.scanned_at, l.note ?? '']);
      const slugPart = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'exhibitor';
      return { name: `leads-${slugPart(event.slug)}-${slugPart(exhibitor.name)}`, text };
    },
  };
}
export type LeadsService = ReturnType<typeof leadsService>;
