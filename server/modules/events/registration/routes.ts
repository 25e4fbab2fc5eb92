import { z } from 'zod';
import { Ok } from '../../../../contracts/common.js';
import {
  AddRegistrationBody,
  AgendaFeed,
  AgendaItemParams,
  Claimed,
  ClaimOfferBody,
  EventParams,
  EventRefParams,
  EventRegistrationParams,
  FeedParams,
  GuestRegisterBody,
  GuestRegistered,
  JoinWaitingListBody,
  ListRegistrationsQuery,
  MyAgenda,
  MyRegistration,
  MyRegistrations,
  RegisterBody,
  RegistrationOptions,
  RegistrationPage,
  RegistrationParams,
  RegistrationRow,
  WaitingEntry,
  WaitingListView,
} from '../../../../contracts/events-registration.js';
import { contextOf } from '../../../platform/http/auth-hook.js';
import { type ZodApp, access, errorResponses, publicAccess, strictRateLimit } from '../../../platform/http/zod-app.js';
import { organiserRoles } from '../access.js';
import type { AgendaService } from './agenda.service.js';
import type { GuestService } from './guest.service.js';
import type { OrganiserService } from './organiser.service.js';
import type { RegisterService } from './register.service.js';

const tags = ['events'];
const write = access({ scope: 'events:write' });
const mineRead = access({ scope: 'events:read', owner: 'self' });
const mineWrite = access({ scope: 'events:write', owner: 'self' });
const organiserRead = access({ scope: 'events:read', roles: organiserRoles });
const organiserWrite = access({ scope: 'events:write', roles: organiserRoles });

/** HTTP for events/registration: attendees (under /me and the event), guests, and organisers. */
export function registrationRoutes(app: ZodApp, s: { reg: RegisterService; guest: GuestService; agenda: AgendaService; organiser: OrganiserService; badge: (ctx: ReturnType<typeof contextOf>, id: string) => Promise<{ pdf: Uint8Array; reference: string }> }): void {
  const { reg, agenda, organiser } = s;
  const ev = '/api/v1/events/:eventId';
  const mine = '/api/v1/me/event-registrations/:registrationId';

  app.get(`${ev}/registration-options`, {
    schema: { operationId: 'getRegistrationOptions', tags, summary: 'An event’s public ticket types with places left, and the caller’s own registration when signed in (the event by id or slug)', ...publicAccess, params: EventRefParams, response: { 200: RegistrationOptions, ...errorResponses } },
  }, async (req) => reg.options(contextOf(req), req.params.eventId));

  app.post(`${ev}/registrations`, {
    schema: { operationId: 'registerForEvent', tags, summary: 'Register for an event in one click, with the name and address of your account', ...write, params: EventRefParams, body: RegisterBody, response: { 201: MyRegistration, ...errorResponses } },
  }, async (req, reply) => reply.status(201).send(await reg.register(contextOf(req), req.params.eventId, req.body)));

  app.post(`${ev}/guest-registrations`, {
    schema: { operationId: 'registerGuestForEvent', tags, summary: 'Register as a guest with a name and an e-mail address (a light account is made, claimable later); the ticket, or a "sign in" note for an address with an account, is e-mailed', ...publicAccess, params: EventRefParams, body: GuestRegisterBody, response: { 202: GuestRegistered, ...errorResponses } },
    config: strictRateLimit,
  }, async (req, reply) => reply.status(202).send(await s.guest.register(contextOf(req), req.params.eventId, req.body)));

  app.post(`${ev}/guest-waiting-list`, {
    schema: { operationId: 'joinWaitingListAsGuest', tags, summary: 'Join a full ticket type’s waiting list as a guest with a name and an e-mail address; the place in the queue, or a "sign in" note, is e-mailed', ...publicAccess, params: EventRefParams, body: GuestRegisterBody, response: { 202: GuestRegistered, ...errorResponses } },
    config: strictRateLimit,
  }, async (req, reply) => reply.status(202).send(await s.guest.joinWaitingList(contextOf(req), req.params.eventId, req.body)));

  app.post(`${ev}/waiting-list`, {
    schema: { operationId: 'joinWaitingList', tags, summary: 'Join the waiting list of a full ticket type; answers your place in the queue', ...write, params: EventRefParams, body: JoinWaitingListBody, response: { 201: WaitingEntry, ...errorResponses } },
  }, async (req, reply) => reply.status(201).send(await reg.joinWaitingList(contextOf(req), req.params.eventId, req.body)));

  app.delete(`${ev}/waiting-list`, {
    schema: { operationId: 'leaveWaitingList', tags, summary: 'Leave the event’s waiting list (a place offered to you goes to the next person)', ...write, params: EventRefParams, response: { 200: Ok, ...errorResponses } },
  }, async (req) => reg.leaveWaitingList(contextOf(req), req.params.eventId));

  app.post('/api/v1/event-waiting-list/claim', {
    schema: { operationId: 'claimWaitingListOffer', tags, summary: 'Claim a place offered from the waiting list, with the mailed link’s token', ...publicAccess, body: ClaimOfferBody, response: { 200: Claimed, ...errorResponses } },
    config: strictRateLimit,
  }, async (req) => reg.claimOffer(contextOf(req), req.body.token));

  app.get('/api/v1/me/event-registrations', {
    schema: { operationId: 'listMyRegistrations', tags, summary: 'Your event registrations (reference, check-in code and its QR code) and waiting-list places', ...mineRead, response: { 200: MyRegistrations, ...errorResponses } },
  }, async (req) => reg.listMine(contextOf(req)));

  app.post(`${mine}/cancel`, {
    schema: { operationId: 'cancelRegistration', tags, summary: 'Cancel your registration (until the event’s cut-off); the place goes to the waiting list', ...mineWrite, params: RegistrationParams, response: { 200: MyRegistration, ...errorResponses } },
  }, async (req) => reg.cancel(contextOf(req), req.params.registrationId));

  app.get(`${mine}/badge`, {
    schema: { operationId: 'getRegistrationBadge', tags, summary: 'Your printable badge (PDF, A6) with the check-in QR code', ...mineRead, params: RegistrationParams, response: { 200: z.any().describe('application/pdf'), ...errorResponses } },
  }, async (req, reply) => {
    const b = await s.badge(contextOf(req), req.params.registrationId);
    return reply.type('application/pdf').header('content-disposition', `inline; filename="badge-${b.reference}.pdf"`).header('cache-control', 'private, no-store').send(Buffer.from(b.pdf));
  });

  app.get(`${mine}/agenda`, {
    schema: { operationId: 'getMyAgenda', tags, summary: 'The event’s sessions with places taken, and those you chose', ...mineRead, params: RegistrationParams, response: { 200: MyAgenda, ...errorResponses } },
  }, async (req) => agenda.agenda(contextOf(req), req.params.registrationId));

  app.put(`${mine}/agenda/:sessionId`, {
    schema: { operationId: 'addToAgenda', tags, summary: 'Add a session to your agenda (within its capacity)', ...mineWrite, params: AgendaItemParams, response: { 200: MyAgenda, ...errorResponses } },
  }, async (req) => agenda.add(contextOf(req), req.params.registrationId, req.params.sessionId));

  app.delete(`${mine}/agenda/:sessionId`, {
    schema: { operationId: 'removeFromAgenda', tags, summary: 'Remove a session from your agenda', ...mineWrite, params: AgendaItemParams, response: { 200: MyAgenda, ...errorResponses } },
  }, async (req) => agenda.remove(contextOf(req), req.params.registrationId, req.params.sessionId));

  app.post(`${mine}/agenda-feed`, {
    schema: { operationId: 'createAgendaFeed', tags, summary: 'A new secret address of your agenda as a calendar feed (the previous one stops working)', ...mineWrite, params: RegistrationParams, response: { 200: AgendaFeed, ...errorResponses } },
  }, async (req) => agenda.createFeed(contextOf(req), req.params.registrationId));

  app.delete(`${mine}/agenda-feed`, {
    schema: { operationId: 'revokeAgendaFeed', tags, summary: 'Turn off your agenda’s calendar feed', ...mineWrite, params: RegistrationParams, response: { 200: Ok, ...errorResponses } },
  }, async (req) => agenda.revokeFeed(contextOf(req), req.params.registrationId));

  app.get('/api/v1/agenda-feeds/:feedToken', {
    schema: { operationId: 'getAgendaFeed', tags, summary: 'A personal agenda as iCalendar, by its secret address', ...publicAccess, params: FeedParams, response: { 200: z.any().describe('text/calendar'), ...errorResponses } },
  }, async (req, reply) => reply.type('text/calendar; charset=utf-8').header('content-disposition', 'inline; filename="agenda.ics"').header('cache-control', 'private, max-age=300').send(await agenda.feed(req.params.feedToken)));

  // Organisers
  const org = '/api/v1/events/:eventId';
  app.get(`${org}/registrations`, {
    schema: { operationId: 'listRegistrations', tags, summary: 'The event’s registrations: search, ticket type, status; paged', ...organiserRead, params: EventParams, querystring: ListRegistrationsQuery, response: { 200: RegistrationPage, ...errorResponses } },
  }, async (req) => organiser.list(contextOf(req), req.params.eventId, req.query));

  app.get(`${org}/registrations.csv`, {
    schema: { operationId: 'exportRegistrations', tags, summary: 'The event’s registrations as CSV (safe to open in a spreadsheet)', ...organiserRead, params: EventParams, querystring: ListRegistrationsQuery, response: { 200: z.any().describe('text/csv'), ...errorResponses } },
  }, async (req, reply) => {
    const text = await organiser.csv(contextOf(req), req.params.eventId, req.query);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="registrations.csv"').header('cache-control', 'private, no-store').send(text);
  });

  app.post(`${org}/registrations/manual`, {
    schema: { operationId: 'addRegistration', tags, summary: 'Register someone by hand (a speaker’s or a complimentary ticket)', ...organiserWrite, params: EventParams, body: AddRegistrationBody, response: { 201: RegistrationRow, ...errorResponses } },
  }, async (req, reply) => reply.status(201).send(await organiser.add(contextOf(req), req.params.eventId, req.body)));

  app.post(`${org}/registrations/:registrationId/paid`, {
    schema: { operationId: 'markRegistrationPaid', tags, summary: 'Mark a registration’s fee paid', ...organiserWrite, params: EventRegistrationParams, response: { 200: RegistrationRow, ...errorResponses } },
  }, async (req) => organiser.markPaid(contextOf(req), req.params.eventId, req.params.registrationId));

  app.get(`${org}/waiting-list`, {
    schema: { operationId: 'listWaitingList', tags, summary: 'The event’s waiting list, in order, with offers and their expiry', ...organiserRead, params: EventParams, response: { 200: WaitingListView, ...errorResponses } },
  }, async (req) => organiser.waitingList(contextOf(req), req.params.eventId));
}
