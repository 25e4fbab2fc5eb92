import { newId } from '../../server/platform/ids.js';
import type { TestApp } from '../support/app.js';
import { insertEvent, insertRegistration } from './fixtures.js';

/*
 * events/exhibitors in the authorisation matrix: an exhibitor of an event (the one already in `ids`, or a
 * new one) whose staff are the owner and the spare person, and one named lead (the spare person's badge,
 * shared), so that the stand's operations succeed for its staff and organisers and are refused to others.
 */
export async function exhibitorMatrixFixtures(app: TestApp, people: { owner: { id: string; email: string }; spare: { id: string; email: string }; systemAdmin: { id: string } }, eventId?: string) {
  const db = app.platform.database.db;
  const at = app.clock.now().toISOString();
  const event = eventId ? null : await insertEvent(app, { createdBy: people.systemAdmin.id, title: 'Matrix Summit' });
  const id = eventId ?? (event?.id as string);
  const exhibitorId = newId();
  await db.insertInto('event_exhibitors').values({ id: exhibitorId, event_id: id, organisation_id: null, name: 'Matrix Stand', kind: 'exhibitor', tier: 'gold', stand: 'M1', logo_sha256: null, website: null, description: null, created_at: at, updated_at: at }).execute();
  const ticket = await db.selectFrom('event_ticket_types').select('id').where('event_id', '=', id).executeTakeFirstOrThrow();
  const fixture = event ?? { id, tickets: { member: ticket.id, non_member: ticket.id, speaker: ticket.id, exhibitor: ticket.id, day: ticket.id }, slug: '', rooms: [], tracks: [], sessions: [], publicKey: '' };
  for (const u of [people.owner, people.spare]) {
    const held = await db.selectFrom('event_registrations').select(['id', 'reference']).where('event_id', '=', id).where('user_id', '=', u.id).executeTakeFirst();
    const reg = held ?? (await insertRegistration(app, fixture, u, { shareWithExhibitors: true }));
    await db.insertInto('event_exhibitor_staff').values({ exhibitor_id: exhibitorId, user_id: u.id, event_id: id, registration_id: reg.id, ticket_made: 0, added_by: people.systemAdmin.id, added_at: at }).execute();
  }
  const spareReg = await db.selectFrom('event_registrations').select(['id', 'reference']).where('event_id', '=', id).where('user_id', '=', people.spare.id).executeTakeFirstOrThrow();
  const leadId = newId();
  await db.insertInto('event_leads').values({ id: leadId, exhibitor_id: exhibitorId, registration_id: spareReg.id, note: null, scanned_by: people.owner.id, scanned_at: at, updated_at: at }).execute();
  const slug = (await db.selectFrom('events').select('slug').where('id', '=', id).executeTakeFirstOrThrow()).slug;
  return { eventId: id, eventSlug: slug, exhibitorId, leadId, reference: spareReg.reference };
}
