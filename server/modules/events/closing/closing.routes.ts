import { z } from 'zod';
import { Attendance, AttendanceParams, AttendanceQuery, CloseEventParams, CloseResult, CloseSessionParams } from '../../../../contracts/events-closing.js';
import { contextOf } from '../../../platform/http/auth-hook.js';
import { type ZodApp, access, errorResponses } from '../../../platform/http/zod-app.js';
import { organiserRoles } from '../access.js';
import type { ClosingService } from './closing.service.js';

const tags = ['events'];
const organiser = access({ scope: 'events:write', roles: organiserRoles });

/** HTTP for closing events and sessions, attendance views, certificates and credentials of attendance. */
export function closingRoutes(app: ZodApp, s: ClosingService): void {
  app.post('/api/v1/events/:eventId/close', {
    schema: {
      operationId: 'closeEvent',
      tags,
      summary: 'Close an event: credit CPD for the sessions each person was checked into and for speaking, then issue credentials of attendance (again later: only what is new)',
      ...organiser,
      params: CloseEventParams,
      response: { 200: CloseResult, ...errorResponses },
    },
  }, async (req) => s.closeEvent(contextOf(req), req.params.eventId));

  app.post('/api/v1/events/:eventId/sessions/:sessionId/close', {
    schema: {
      operationId: 'closeSession',
      tags,
      summary: 'Close one session: credit CPD to the people checked into it and to its confirmed speakers',
      ...organiser,
      params: CloseSessionParams,
      response: { 200: CloseResult, ...errorResponses },
    },
  }, async (req) => s.closeSession(contextOf(req), req.params.eventId, req.params.sessionId));

  app.get('/api/v1/events/:eventId/attendance', {
    schema: {
      operationId: 'getAttendance',
      tags,
      summary: "Attendance: your own (sessions, hours, credits, credential and certificate links), or with view=everyone an organiser's table of every attendee",
      ...access({ scope: 'events:read' }),
      params: AttendanceParams,
      querystring: AttendanceQuery,
      response: { 200: Attendance, ...errorResponses },
    },
  }, async (req) => s.attendance(contextOf(req), req.params.eventId, req.query.view));

  app.get('/api/v1/events/:eventId/attendance/csv', {
    schema: {
      operationId: 'exportAttendance',
      tags,
      summary: 'Every attendee as CSV (RFC 4180): door days, sessions, credited hours, credential',
      ...organiser,
      params: CloseEventParams,
      response: { 200: z.string().describe('text/csv'), ...errorResponses },
    },
  }, async (req, reply) => {
    const { name, csv } = await s.attendanceCsv(contextOf(req), req.params.eventId);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(csv);
  });

  app.get('/api/v1/events/:eventId/attendance/certificate', {
    schema: {
      operationId: 'getAttendanceCertificate',
      tags,
      summary: 'Your certificate of attendance (PDF): the sessions you attended and the hours; refused to anyone never checked in',
      ...access({ scope: 'events:read', owner: 'self' }),
      params: AttendanceParams,
      response: { 200: z.any().describe('application/pdf'), ...errorResponses },
    },
  }, async (req, reply) => {
    const { name, pdf } = await s.certificate(contextOf(req), req.params.eventId);
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="${name}.pdf"`).header('cache-control', 'private, no-store').send(Buffer.from(pdf));
  });

  app.get('/api/v1/events/:eventId/attendance/credential', {
    schema: {
      operationId: 'downloadAttendanceCredential',
      tags,
      summary: 'Your signed Open Badges 3.0 credential of attendance (JSON-LD), which verifies on /verify',
      ...access({ scope: 'events:read', owner: 'self' }),
      params: AttendanceParams,
      response: { 200: z.any().describe('application/ld+json'), ...errorResponses },
    },
  }, async (req, reply) => {
    const { name, json } = await s.credential(contextOf(req), req.params.eventId);
    return reply.type('application/ld+json; charset=utf-8').header('content-disposition', `attachment; filename="${name}.json"`).send(json);
  });
}
