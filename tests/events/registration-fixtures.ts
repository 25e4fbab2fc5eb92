import { randomToken, sha256 } from '../../server/platform/secrets.js';
import type { TestApp } from '../support/app.js';
import { insertEvent, insertRegistration } from './fixtures.js';

/*
 * events/registration's objects for the authorisation matrix: an event with the owner's registration (with
 * a session in its agenda and a feed address) and another person on a full ticket's waiting list; the day
 * ticket has no places, for a guest's waiting list.
 */
export async function registrationMatrixFixtures(app: TestApp, ownerId: string, ownerEmail: string, organiserId: string) {
  const event = await insertEvent(app, { createdBy: organiserId });
  const reg = await insertRegistration(app, event, { id: ownerId, email: ownerEmail });
  const at = app.clock.now().toISOString();
  await app.platform.database.db.insertInto('event_agenda_items').values({ registration_id: reg.id, session_id: event.sessions[0] as string, added_at: at }).execute();
  const feedToken = await agendaFeedToken(app, reg.id);
  // The day ticket is full (no places at all), so a guest may join its waiting list.
  await app.platform.database.db.updateTable('event_ticket_types').set({ capacity: 0 }).where('id', '=', event.tickets.day).execute();
  return {
    values: { eventId: event.id, registrationId: reg.id, sessionId: event.sessions[1] as string, feedToken },
    slug: event.slug,
    bodies: {
      registerForEvent: { ticketTypeId: event.tickets.member },
      registerGuestForEvent: { ticketTypeId: event.tickets.non_member, name: 'Matrix Guest', email: 'matrix-guest@example.org' },
      joinWaitingListAsGuest: { ticketTypeId: event.tickets.day, name: 'Matrix Waiting Guest', email: 'matrix-waiting-guest@example.org' },
      joinWaitingList: { ticketTypeId: event.tickets.member },
      claimWaitingListOffer: { token: 'not-a-real-claim-token-0000' },
      addRegistration: { ticketTypeId: event.tickets.speaker, name: 'Matrix Speaker', email: 'matrix-speaker@example.org', complimentary: true },
    },
    /** Operations that end the owner's objects: run last. */
    destructive: ['cancelRegistration', 'revokeAgendaFeed', 'removeFromAgenda'],
    secrets: [reg.id, reg.reference, feedToken],
  };
}

/** A registration's agenda feed written as createAgendaFeed would; answers the secret token. */
export async function agendaFeedToken(app: TestApp, registrationId: string): Promise<string> {
  const token = randomToken();
  await app.platform.database.db.insertInto('event_agenda_feeds').values({ registration_id: registrationId, token_hash: sha256(token), created_at: app.clock.now().toISOString() }).execute();
  return token;
}
