import QRCode from 'qrcode';
import type { Selectable } from 'kysely';
import type { MyRegistration, WaitingEntry } from '../../../../contracts/events-registration.js';
import type { Db, Tx } from '../../../db/database.js';
import type { EventRegistrationsTable, EventWaitlistTable, EventsTable } from '../../../db/schema-events.js';
import { DomainError } from '../../../platform/errors.js';
import { signCheckInCode } from '../codes.js';

/* What members are shown of their registrations and waiting-list places. */

export type EventRow = Selectable<EventsTable>;
type RegistrationRow = Selectable<EventRegistrationsTable>;
type WaitRow = Selectable<EventWaitlistTable>;

/** An event by its id or its slug (pages know the slug); NOT_FOUND for a draft or unknown one. */
export async function publicEvent(q: Db | Tx, ref: string): Promise<EventRow> {
  const e = await q.selectFrom('events').selectAll().where((w) => w.or([w('id', '=', ref), w('slug', '=', ref)])).executeTakeFirst();
  if (!e || e.status === 'draft') throw new DomainError('NOT_FOUND', 'The event was not found.');
  return e;
}

export const eventSummary = (e: EventRow) => ({
  id: e.id,
  slug: e.slug,
  title: e.title,
  startsOn: e.starts_on,
  endsOn: e.ends_on,
  timeZone: e.time_zone,
  format: e.format,
  venueName: e.venue_name,
});

/** Until when an attendee may cancel: the event's cut-off, or the start of its first day. */
export function cancelUntil(e: Pick<EventRow, 'cancel_cutoff_at' | 'starts_on'>): string {
  return e.cancel_cutoff_at ?? `${e.starts_on}T00:00:00.000Z`;
}

export type ViewDeps = { secret: () => string; now: () => Date };

/** Registrations as their holder sees them: the signed code and its QR picture while confirmed. */
export async function myRegistrationViews(q: Db | Tx, rows: RegistrationRow[], d: ViewDeps): Promise<MyRegistration[]> {
  if (rows.length === 0) return [];
  const events = new Map((await q.selectFrom('events').selectAll().where('id', 'in', [...new Set(rows.map((r) => r.event_id))]).execute()).map((e) => [e.id, e]));
  const tickets = new Map(
    (await q.selectFrom('event_ticket_types').select(['id', 'name', 'currency']).where('id', 'in', [...new Set(rows.map((r) => r.ticket_type_id))]).execute()).map((t) => [t.id, t]),
  );
  const now = d.now().toISOString();
  const out: MyRegistration[] = [];
  for (const r of rows) {
    const e = events.get(r.event_id) as EventRow;
    const t = tickets.get(r.ticket_type_id);
    const live = r.status === 'confirmed';
    const code = live ? signCheckInCode(e, r.id, d.secret()) : null;
    const until = cancelUntil(e);
    out.push({
      id: r.id,
      reference: r.reference,
      status: r.status,
      event: eventSummary(e),
      ticketType: { id: r.ticket_type_id, name: t?.name ?? '' },
      name: r.name,
      organisationName: r.organisation_name,
      shareWithExhibitors: r.share_with_exhibitors === 1,
      feeMinor: r.fee_minor,
      currency: t?.currency ?? 'GBP',
      feePaidAt: r.fee_paid_at,
      code,
      qrSvg: code ? await QRCode.toString(code, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }) : null,
      joinUrl: live && e.format !== 'in_person' ? e.join_url : null,
      cancelUntil: until,
      canCancel: live && now < until,
      createdAt: r.created_at,
    });
  }
  return out;
}

/** Waiting-list entries with their place in the queue (1 = offered next). */
export async function waitingViews(q: Db | Tx, rows: WaitRow[]): Promise<WaitingEntry[]> {
  if (rows.length === 0) return [];
  const names = new Map((await q.selectFrom('event_ticket_types').select(['id', 'name']).where('id', 'in', [...new Set(rows.map((r) => r.ticket_type_id))]).execute()).map((t) => [t.id, t.name]));
  const out: WaitingEntry[] = [];
  for (const r of rows) {
    let position: number | null = null;
    if (r.status === 'waiting') {
      const ahead = await q
        .selectFrom('event_waitlist')
        .select((e) => e.fn.countAll<number>().as('n'))
        .where('ticket_type_id', '=', r.ticket_type_id)
        .where('status', '=', 'waiting')
        .where((w) => w.or([w('created_at', '<', r.created_at), w.and([w('created_at', '=', r.created_at), w('id', '<', r.id)])]))
        .executeTakeFirstOrThrow();
      position = Number(ahead.n) + 1;
    }
    out.push({ id: r.id, ticketTypeId: r.ticket_type_id, ticketTypeName: names.get(r.ticket_type_id) ?? '', status: r.status, position, offerExpiresAt: r.status === 'offered' ? r.offer_expires_at : null });
  }
  return out;
}
