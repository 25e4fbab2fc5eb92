import type { Tx } from '../../db/database.js';
import { createRegistration } from '../../modules/events/registration/tickets.js';
import { provisionUser } from '../../modules/accounts/provision.js';
import { OFFER_HOURS } from '../../modules/events/registration/offers.js';
import { systemActor } from '../../platform/audit.js';
import type { Platform } from '../../platform/context.js';
import { newId } from '../../platform/ids.js';
import { randomToken, sha256 } from '../../platform/secrets.js';
import type { DemoEvents } from './types.js';

/*
 * Registrations of the demo's events, as if people had registered over the past weeks (no mail is queued):
 * this year's conference has the demo members (member@ with an agenda), ~250 guests and its small ticket
 * type filled, with a waiting list of five guests, the first offered the place one holder freed; last year's
 * has ~150 registrations for events/checkin's demo to check in. Reproducible: a seeded generator.
 */

const given = ['Priya', 'Tom', 'Ingrid', 'Kofi', 'Lena', 'Marco', 'Aylin', 'Sven', 'Chiara', 'Jamal', 'Yuki', 'Bea', 'Omar', 'Freya', 'Tariq', 'Nina'];
const family = ['Andersen', 'Okafor', 'Brennan', 'Schneider', 'Ito', 'Moreau', 'Shah', 'Jensen', 'Romano', 'Clarke', 'Yilmaz', 'Lopez', 'Hughes', 'Fischer'];
const organisations = ['Northwind Traders', 'Contoso Ltd', 'Fabrikam', 'Tailspin Toys', 'Adatum', 'Litware', null, null];

export async function seedDemoRegistrations(tx: Tx, events: DemoEvents, now: Date, _p: Platform): Promise<void> {
  let seed = 20_270_310;
  const rand = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)] as T;
  const event = events.conferenceId ? await tx.selectFrom('events').select('id').where('id', '=', events.conferenceId).executeTakeFirst() : undefined;
  const past = events.pastConferenceId ? await tx.selectFrom('events').select('id').where('id', '=', events.pastConferenceId).executeTakeFirst() : undefined;
  if (!event && !past) return;
  const members = await tx.selectFrom('users').select(['id', 'name', 'email']).where((w) => w.or([w('email', 'like', '%@members.guildhall.test'), w('email', '=', 'member@demo.guildhall.test')])).orderBy('email').execute();

  // Guests: light accounts with no password, shared by both conferences.
  const guests: Array<{ id: string; name: string; email: string }> = [];
  for (let i = 0; i < 265; i++) {
    const name = `${pick(given)} ${pick(family)}`;
    const email = `${name.toLowerCase().replace(/[^a-z]+/g, '.')}.${i + 1}@guests.guildhall.test`;
    const id = await provisionUser(tx, { email, name, roles: [], verified: false, createdAt: new Date(now.getTime() - (30 + i) * 3_600_000) }, systemActor, now);
    guests.push({ id, name, email });
  }

  async function registerAll(eventId: string, people: Array<{ id: string; name: string; email: string }>, daysAgo: number) {
    const tickets = await tx.selectFrom('event_ticket_types').selectAll().where('event_id', '=', eventId).where('public', '=', 1).orderBy('position').execute();
    const open = tickets.filter((t) => t.capacity === null || t.capacity >= 50);
    if (open.length === 0) return [];
    const made: Array<{ id: string; userId: string }> = [];
    for (const [i, who] of people.entries()) {
      const isMember = who.email.endsWith('guildhall.test') && !who.email.endsWith('@guests.guildhall.test');
      const ticket = open.find((t) => t.kind === (isMember ? 'member' : 'non_member')) ?? pick(open);
      const at = new Date(now.getTime() - (daysAgo - (i % daysAgo)) * 86_400_000);
      const reg = await createRegistration(
        tx,
        { eventId, userId: who.id, ticketTypeId: ticket.id, name: who.name, email: who.email, organisationName: pick(organisations), shareWithExhibitors: rand() < 0.4, feeMinor: ticket.price_minor, source: isMember ? 'self' : 'guest' },
        at,
      );
      // Most fees are paid by now; the organisers still have some to mark.
      if (ticket.price_minor > 0 && rand() < 0.8) await tx.updateTable('event_registrations').set({ fee_paid_at: at.toISOString() }).where('id', '=', reg.id).execute();
      made.push({ id: reg.id, userId: who.id });
    }
    return made;
  }

  if (event) {
    const regs = await registerAll(event.id, [...members, ...guests.slice(0, 250)], 40);
    // Agendas: member@ and about a third of the others, within each session's places.
    const sessions = await tx
      .selectFrom('event_sessions as s')
      .leftJoin('event_rooms as r', 'r.id', 's.room_id')
      .select(['s.id', 's.capacity', 'r.capacity as room_capacity'])
      .where('s.event_id', '=', event.id)
      .where('s.status', '=', 'scheduled')
      .orderBy('s.starts_at')
      .execute();
    const taken = new Map<string, number>();
    const demoMember = members.find((m) => m.email === 'member@demo.guildhall.test');
    for (const r of regs) {
      if (r.userId !== demoMember?.id && rand() > 0.33) continue;
      // member@ has a session in every few, so the agenda page and the feed show something at once.
      const chosen = r.userId === demoMember?.id ? sessions.filter((_, i) => i % 3 === 0).slice(0, 8) : sessions.filter(() => rand() < 0.25).slice(0, 8);
      for (const s of chosen) {
        const cap = s.capacity ?? s.room_capacity ?? Number.POSITIVE_INFINITY;
        if ((taken.get(s.id) ?? 0) >= cap) continue;
        taken.set(s.id, (taken.get(s.id) ?? 0) + 1);
        await tx.insertInto('event_agenda_items').values({ registration_id: r.id, session_id: s.id, added_at: now.toISOString() }).execute();
      }
    }
    // The small ticket type: full, five waiting, the first offered the place someone freed.
    const small = await tx.selectFrom('event_ticket_types').selectAll().where('event_id', '=', event.id).where('public', '=', 1).where('capacity', '<', 50).orderBy('capacity').executeTakeFirst();
    if (small?.capacity) {
      const holders = guests.slice(250, 250 + Math.min(small.capacity, 10));
      for (const who of holders) {
        await createRegistration(tx, { eventId: event.id, userId: who.id, ticketTypeId: small.id, name: who.name, email: who.email, organisationName: null, shareWithExhibitors: false, feeMinor: small.price_minor, source: 'guest' }, now);
      }
      // One holder cancelled: their place is offered to the first person waiting.
      const gone = holders[0] as { id: string };
      await tx.updateTable('event_registrations').set({ status: 'cancelled', cancelled_at: now.toISOString() }).where('event_id', '=', event.id).where('user_id', '=', gone.id).execute();
      const waiting = guests.slice(260, 265);
      for (const [i, who] of waiting.entries()) {
        const at = new Date(now.getTime() - (5 - i) * 3_600_000).toISOString();
        const offered = i === 0;
        await tx
          .insertInto('event_waitlist')
          .values({
            id: newId(),
            event_id: event.id,
            ticket_type_id: small.id,
            user_id: who.id,
            name: who.name,
            email: who.email,
            organisation_name: null,
            share_with_exhibitors: 0,
            status: offered ? 'offered' : 'waiting',
            // A claim link nobody holds: the demo shows the offer, not a usable token.
            offer_token_hash: offered ? sha256(randomToken()) : null,
            offered_at: offered ? now.toISOString() : null,
            offer_expires_at: offered ? new Date(now.getTime() + OFFER_HOURS * 3_600_000).toISOString() : null,
            registration_id: null,
            created_at: at,
            updated_at: at,
          })
          .execute();
      }
    }
  }

  if (past) await registerAll(past.id, [...members, ...guests.slice(0, Math.max(0, 150 - members.length))], 60);
}
