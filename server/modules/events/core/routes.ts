import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  CreateEventBody,
  EventParams,
  EventSlugParams,
  ManagedEvent,
  ManagedEventList,
  ManagedSession,
  PartialRoomBody,
  PartialTicketTypeBody,
  PartialTrackBody,
  PublicEvent,
  PublicEventList,
  ReasonBody,
  RoomBody,
  RoomParams,
  SessionBody,
  SessionParams,
  TeamBody,
  TeamParams,
  TicketTypeBody,
  TicketTypeParams,
  TrackBody,
  TrackParams,
  UpdateEventBody,
  UpdateSessionBody,
} from '../../../../contracts/events.js';
import { contextOf } from '../../../platform/http/auth-hook.js';
import { sendPrecompressed } from '../../../platform/http/precompressed.js';
import { type ZodApp, access, errorResponses, publicAccess } from '../../../platform/http/zod-app.js';
import type { EventsService } from './events.service.js';
import type { PublicEventsService } from './public.service.js';
import type { SessionsService } from './sessions.service.js';
import type { SetupService } from './setup.service.js';

const tags = ['events'];
const organiserRoles = ['event_organiser', 'system_admin'] as const;
const write = access({ scope: 'events:write', roles: [...organiserRoles] });
const read = access({ scope: 'events:read', roles: [...organiserRoles] });
const managed = { 200: ManagedEvent, ...errorResponses };

/** HTTP for organising events (organisers only) and for reading published ones (anyone). */
export function coreRoutes(app: ZodApp, events: EventsService, setup: SetupService, sessions: SessionsService, pub: PublicEventsService): void {
  app.post('/api/v1/events', {
    schema: { operationId: 'createEvent', tags, summary: 'Create an event as a draft (event organisers)', description: "Days are in the event's IANA time zone; a slug is made from the title.", ...write, body: CreateEventBody, response: { 201: ManagedEvent, ...errorResponses } },
  }, async (req, reply) => reply.status(201).send(await events.create(contextOf(req), req.body)));

  app.get('/api/v1/events', {
    schema: { operationId: 'listManagedEvents', tags, summary: 'Every event, drafts too, newest first (event organisers)', ...read, response: { 200: ManagedEventList, ...errorResponses } },
  }, async (req) => events.list(contextOf(req)));

  app.get('/api/v1/events/:eventId', {
    schema: { operationId: 'getManagedEvent', tags, summary: 'One event with its rooms, tracks, ticket types, team and sessions (event organisers)', ...read, params: EventParams, response: managed },
  }, async (req) => events.get(contextOf(req), req.params.eventId));

  app.patch('/api/v1/events/:eventId', {
    schema: { operationId: 'updateEvent', tags, summary: "Change an event's details, naming the revision you read (a later change is a conflict)", ...write, params: EventParams, body: UpdateEventBody, response: managed },
  }, async (req) => events.update(contextOf(req), req.params.eventId, req.body));

  app.post('/api/v1/events/:eventId/publish', {
    schema: { operationId: 'publishEvent', tags, summary: 'Publish an event: its pages and feed become public', ...write, params: EventParams, response: managed },
  }, async (req) => events.publish(contextOf(req), req.params.eventId));

  app.post('/api/v1/events/:eventId/cancel', {
    schema: { operationId: 'cancelEvent', tags, summary: 'Cancel an event (it stays listed as cancelled)', ...write, params: EventParams, body: ReasonBody, response: managed },
  }, async (req) => events.cancel(contextOf(req), req.params.eventId, req.body?.reason));

  // Rooms, tracks and ticket types: add, change, remove (refused while something uses one).
  const part = <P extends z.ZodObject>(
    name: string,
    path: string,
    params: P,
    idOf: (p: z.output<P>) => string,
    add: z.ZodType,
    change: z.ZodType,
    ops: {
      add: (c: ReturnType<typeof contextOf>, e: string, b: never) => Promise<ManagedEvent>;
      update: (c: ReturnType<typeof contextOf>, e: string, id: string, b: never) => Promise<ManagedEvent>;
      remove: (c: ReturnType<typeof contextOf>, e: string, id: string) => Promise<ManagedEvent>;
    },
  ) => {
    const cap = name.replace(/(^|\s)\w/g, (m) => m.trim().toUpperCase()).replace(/\s/g, '');
    app.post(`/api/v1/events/:eventId/${path}`, {
      schema: { operationId: `add${cap}`, tags, summary: `Add a ${name} to an event`, ...write, params: EventParams, body: add, response: managed },
    }, async (req) => ops.add(contextOf(req), req.params.eventId, req.body as never));
    app.patch(`/api/v1/events/:eventId/${path}/:${Object.keys(params.shape).find((k) => k !== 'eventId')}`, {
      schema: { operationId: `update${cap}`, tags, summary: `Change a ${name} of an event`, ...write, params, body: change, response: managed },
    }, async (req) => ops.update(contextOf(req), (req.params as { eventId: string }).eventId, idOf(req.params as z.output<P>), req.body as never));
    app.delete(`/api/v1/events/:eventId/${path}/:${Object.keys(params.shape).find((k) => k !== 'eventId')}`, {
      schema: { operationId: `remove${cap}`, tags, summary: `Remove a ${name} nothing uses any more`, ...write, params, response: managed },
    }, async (req) => ops.remove(contextOf(req), (req.params as { eventId: string }).eventId, idOf(req.params as z.output<P>)));
  };
  part('room', 'rooms', RoomParams, (p) => p.roomId, RoomBody, PartialRoomBody, { add: setup.addRoom, update: setup.updateRoom, remove: setup.removeRoom });
  part('track', 'tracks', TrackParams, (p) => p.trackId, TrackBody, PartialTrackBody, { add: setup.addTrack, update: setup.updateTrack, remove: setup.removeTrack });
  part('ticket type', 'ticket-types', TicketTypeParams, (p) => p.ticketTypeId, TicketTypeBody, PartialTicketTypeBody, { add: setup.addTicketType, update: setup.updateTicketType, remove: setup.removeTicketType });

  app.post('/api/v1/events/:eventId/team', {
    schema: { operationId: 'addEventTeamMember', tags, summary: 'Make a member a volunteer (checks people in) or reviewer (scores proposals) of an event', ...write, params: EventParams, body: TeamBody, response: managed },
  }, async (req) => setup.addTeamMember(contextOf(req), req.params.eventId, req.body));

  app.delete('/api/v1/events/:eventId/team/:userId/:role', {
    schema: { operationId: 'removeEventTeamMember', tags, summary: "Take a volunteer's or reviewer's part in an event away", ...write, params: TeamParams, response: managed },
  }, async (req) => setup.removeTeamMember(contextOf(req), req.params.eventId, req.params.userId, req.params.role));

  const session = { 200: ManagedSession, ...errorResponses };
  app.post('/api/v1/events/:eventId/sessions', {
    schema: {
      operationId: 'addSession',
      tags,
      summary: 'Add a session to the programme (room and speaker clashes are refused, naming the clash)',
      description: "Day, start and end are in the event's time zone. CPD hours default to the session's length in quarter hours. Speakers: members by their account's e-mail, guests by name and e-mail.",
      ...write,
      params: EventParams,
      body: SessionBody,
      response: { 201: ManagedSession, ...errorResponses },
    },
  }, async (req, reply) => reply.status(201).send(await sessions.add(contextOf(req), req.params.eventId, req.body)));

  app.patch('/api/v1/events/:eventId/sessions/:sessionId', {
    schema: { operationId: 'updateSession', tags, summary: 'Change a session (checked for clashes again)', ...write, params: SessionParams, body: UpdateSessionBody, response: session },
  }, async (req) => sessions.update(contextOf(req), req.params.eventId, req.params.sessionId, req.body));

  app.post('/api/v1/events/:eventId/sessions/:sessionId/cancel', {
    schema: { operationId: 'cancelSession', tags, summary: 'Take a session off the programme', ...write, params: SessionParams, body: ReasonBody, response: session },
  }, async (req) => sessions.cancel(contextOf(req), req.params.eventId, req.params.sessionId, req.body?.reason));

  // The public reads answer text made once per revision (public.service.ts), not serialised per request.
  app.get('/api/v1/public/events', {
    schema: { operationId: 'listPublicEvents', tags, summary: 'Published events: upcoming first, then past (no sign-in)', ...publicAccess, response: { 200: PublicEventList, ...errorResponses } },
  }, async () => pub.list());

  // Precompressed, with an ETag per encoding, revalidated on each use (304 while the revision stands), so a change shows at once.
  app.get('/api/v1/public/events/:slug', {
    schema: { operationId: 'getPublicEvent', tags, summary: "An event's public programme by day, track and room, its speakers, sponsors and exhibitors (no sign-in)", description: "Times are given in UTC and in the event's zone.", ...publicAccess, params: EventSlugParams, response: { 200: PublicEvent, ...errorResponses } },
  }, async (req, reply) => sendPrecompressed(req, reply.type('application/json; charset=utf-8').header('cache-control', 'public, no-cache'), await pub.json(req.params.slug)));

  // The feed: documented under the API, and at the address beside the event's page that calendars subscribe to.
  const feed = async (req: FastifyRequest<{ Params: { slug: string } }>, reply: FastifyReply) =>
    sendPrecompressed(
      req,
      reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', `inline; filename="${req.params.slug.replace(/[^a-z0-9-]/g, '')}.ics"`)
        .header('cache-control', 'public, max-age=300'),
      await pub.ics(req.params.slug),
    );
  app.get('/api/v1/public/events/:slug/programme.ics', {
    schema: { operationId: 'getProgrammeFeed', tags, summary: 'The whole programme as an iCalendar feed (no sign-in)', description: 'Also at /events/{slug}/programme.ics.', ...publicAccess, params: EventSlugParams, response: { 200: z.string().describe('text/calendar'), ...errorResponses } },
  }, feed);
  app.get('/events/:slug/programme.ics', { schema: { hide: true, params: EventSlugParams } }, feed);
}
