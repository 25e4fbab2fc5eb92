import { randomInt } from 'node:crypto';
import type { Tx } from '../../../db/database.js';
import type { RegistrationSource } from '../../../db/schema-events.js';
import { DomainError } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';

/*
 * The one writer of event_registrations rows. Other parts give tickets through createRegistration (an
 * exhibitor's staff, a confirmed speaker); the checks of who may register and capacity belong to the
 * caller (registration's own service for members and guests).
 */

// No 0/O, 1/I/L: a reference is read aloud and typed at a door.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A new short reference, e.g. `K7QD-3WXA`. */
export function newReference(): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}

export type NewRegistration = {
  eventId: string;
  userId: string;
  ticketTypeId: string;
  name: string;
  email: string;
  organisationName: string | null;
  shareWithExhibitors: boolean;
  feeMinor: number;
  source: RegistrationSource;
};

/** The columns a registration takes from its request, whether new or a cancelled one confirmed again. */
function detailsOf(r: NewRegistration, at: string) {
  return {
    ticket_type_id: r.ticketTypeId,
    status: 'confirmed' as const,
    name: r.name,
    email: r.email,
    organisation_name: r.organisationName,
    share_with_exhibitors: r.shareWithExhibitors ? 1 : 0,
    fee_minor: r.feeMinor,
    fee_paid_at: r.feeMinor === 0 ? at : null,
    source: r.source,
    cancelled_at: null,
  };
}

/**
 * Inserts a confirmed registration with a reference unique within its event; returns its id and reference.
 * Someone who cancelled and registers again gets their row back (one row a person an event), with its
 * reference kept and the new ticket's details.
 */
export async function createRegistration(tx: Tx, r: NewRegistration, now: Date): Promise<{ id: string; reference: string }> {
  const at = now.toISOString();
  const old = await tx.selectFrom('event_registrations').select(['id', 'reference', 'status']).where('event_id', '=', r.eventId).where('user_id', '=', r.userId).executeTakeFirst();
  if (old) {
    if (old.status === 'confirmed') throw new DomainError('CONFLICT', `This person is already registered for the event (reference ${old.reference}).`, { reference: old.reference });
    await tx
      .updateTable('event_registrations')
      .set({ ...detailsOf(r, at), updated_at: at })
      .where('id', '=', old.id)
      .execute();
    return { id: old.id, reference: old.reference };
  }
  let reference = newReference();
  // 31^8 references an event: a repeat is rare, and checked before the insert (a unique violation would end a PostgreSQL transaction).
  while (await tx.selectFrom('event_registrations').select('id').where('event_id', '=', r.eventId).where('reference', '=', reference).executeTakeFirst()) {
    reference = newReference();
  }
  const id = newId();
  await tx
    .insertInto('event_registrations')
    .values({
      id,
      event_id: r.eventId,
      user_id: r.userId,
      reference,
      ...detailsOf(r, at),
      created_at: at,
      updated_at: at,
    })
    .execute();
  return { id, reference };
}
