import { z } from 'zod';
import {
  AddExhibitorBody,
  AddStaffBody,
  EventExhibitorsParams,
  EventSlugParams,
  Exhibitor,
  ExhibitorList,
  ExhibitorParams,
  ExhibitorStaff,
  ExhibitorStaffParams,
  Lead,
  LeadList,
  LeadParams,
  LeadResult,
  MyStands,
  NoteLeadBody,
  PublicExhibitorList,
  RecordLeadBody,
  UpdateExhibitorBody,
} from '../../../../contracts/events-exhibitors.js';
import { Ok } from '../../../../contracts/common.js';
import { DomainError } from '../../../platform/errors.js';
import { formatBytes } from '../../../platform/files/storage.js';
import { contextOf } from '../../../platform/http/auth-hook.js';
import { readMultipart } from '../../../platform/http/multipart.js';
import { type ZodApp, access, errorResponses, publicAccess } from '../../../platform/http/zod-app.js';
import { organiserRoles } from '../access.js';
import { EXHIBITOR_LOGO_MAX_BYTES, type ExhibitorsService } from './exhibitors.service.js';
import type { LeadsService } from './leads.service.js';
import { releaseStaff, type StaffService } from './staff.service.js';

const tags = ['events'];
const organise = access({ scope: 'events:write', roles: [...organiserRoles] });
const organiseRead = access({ scope: 'events:read', roles: [...organiserRoles] });
/** A stand's staff (checked by the service), organisers, and for staff changes a linked organisation's administrators. */
const standWrite = access({ scope: 'events:write' });
const standRead = access({ scope: 'events:read' });
const uploadErrors = { ...errorResponses, 413: errorResponses[400], 415: errorResponses[400] };

/** HTTP for sponsors and exhibitors, their staff and the leads they gather. */
export function exhibitorRoutes(app: ZodApp, x: ExhibitorsService, staff: StaffService, leads: LeadsService): void {
  const base = '/api/v1/events/:eventId/exhibitors';
  const one = `${base}/:exhibitorId`;

  app.get('/api/v1/public/events/:slug/exhibitors', {
    schema: { operationId: 'listExhibitors', tags, summary: "A published event's sponsors and exhibitors, by tier (highest first)", ...publicAccess, params: EventSlugParams, response: { 200: PublicExhibitorList, ...errorResponses } },
  }, async (req) => x.listPublic(req.params.slug));

  app.get(base, {
    schema: { operationId: 'listEventExhibitors', tags, summary: "An event's exhibitors with their staff and lead counts (organisers)", ...organiseRead, params: EventExhibitorsParams, response: { 200: ExhibitorList, ...errorResponses } },
  }, async (req) => x.listForOrganiser(contextOf(req), req.params.eventId));

  app.post(base, {
    schema: { operationId: 'addExhibitor', tags, summary: 'Add a sponsor or exhibitor: tier, stand, website, description, optionally an organisation (organisers)', ...organise, params: EventExhibitorsParams, body: AddExhibitorBody, response: { 201: Exhibitor, ...errorResponses } },
  }, async (req, reply) => reply.status(201).send(await x.add(contextOf(req), req.params.eventId, req.body)));

  app.patch(one, {
    schema: { operationId: 'updateExhibitor', tags, summary: "Change an exhibitor's details (organisers)", ...organise, params: ExhibitorParams, body: UpdateExhibitorBody, response: { 200: Exhibitor, ...errorResponses } },
  }, async (req) => x.update(contextOf(req), req.params.eventId, req.params.exhibitorId, req.body));

  app.delete(one, {
    schema: { operationId: 'removeExhibitor', tags, summary: 'Remove an exhibitor with its leads; tickets made for its staff are cancelled (organisers)', ...organise, params: ExhibitorParams, response: { 200: Ok, ...errorResponses } },
  }, async (req) => x.remove(contextOf(req), req.params.eventId, req.params.exhibitorId, releaseStaff));

  app.post(`${one}/logo`, {
    schema: {
      operationId: 'uploadExhibitorLogo',
      tags,
      summary: "Replace an exhibitor's logo (organisers)",
      description: `multipart/form-data with one part \`file\`: PNG or JPEG by content, at most ${formatBytes(EXHIBITOR_LOGO_MAX_BYTES)}.`,
      ...organise,
      params: ExhibitorParams,
      response: { 200: Exhibitor, ...uploadErrors },
    },
  }, async (req) =>
    x.setLogo(contextOf(req), req.params.eventId, req.params.exhibitorId, async () => {
      if (!req.isMultipart()) throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'Send the logo as multipart/form-data with one part named "file".');
      const { file } = await readMultipart(req, { maxFileBytes: EXHIBITOR_LOGO_MAX_BYTES, tooLarge: `The logo is larger than the limit of ${formatBytes(EXHIBITOR_LOGO_MAX_BYTES)}.` });
      if (!file) throw new DomainError('VALIDATION_FAILED', 'Attach the logo as a PNG or JPEG file.', { issues: [{ path: 'body.file', message: 'Attach a PNG or JPEG file' }] });
      return file.bytes;
    }));

  app.post(`${one}/staff`, {
    schema: { operationId: 'addExhibitorStaff', tags, summary: 'Put someone on the stand by e-mail: they get an exhibitor-staff ticket and a mail (organisers, or the linked organisation’s administrators)', ...standWrite, params: ExhibitorParams, body: AddStaffBody, response: { 201: ExhibitorStaff, ...errorResponses } },
  }, async (req, reply) => reply.status(201).send(await staff.add(contextOf(req), req.params.eventId, req.params.exhibitorId, req.body)));

  app.delete(`${one}/staff/:userId`, {
    schema: { operationId: 'removeExhibitorStaff', tags, summary: 'Take someone off the stand; a ticket made for the place is cancelled', ...standWrite, params: ExhibitorStaffParams, response: { 200: Ok, ...errorResponses } },
  }, async (req) => staff.remove(contextOf(req), req.params.eventId, req.params.exhibitorId, req.params.userId));

  app.get('/api/v1/me/stands/:slug', {
    schema: { operationId: 'listMyStands', tags, summary: 'The stands you staff at an event (organisers: every stand)', ...standRead, params: EventSlugParams, response: { 200: MyStands, ...errorResponses } },
  }, async (req) => staff.mine(contextOf(req), req.params.slug));

  app.post(`${one}/leads`, {
    schema: { operationId: 'recordLead', tags, summary: "Record a badge scanned at the stand (its code or typed reference): named if the attendee shares their contact, otherwise only counted", ...standWrite, params: ExhibitorParams, body: RecordLeadBody, response: { 200: LeadResult, ...errorResponses } },
  }, async (req) => leads.record(contextOf(req), req.params.eventId, req.params.exhibitorId, req.body.code));

  app.get(`${one}/leads`, {
    schema: { operationId: 'listLeads', tags, summary: "The stand's named leads and how many others were counted (its staff and organisers)", ...standRead, params: ExhibitorParams, response: { 200: LeadList, ...errorResponses } },
  }, async (req) => leads.list(contextOf(req), req.params.eventId, req.params.exhibitorId));

  app.put(`${one}/leads/:leadId/note`, {
    schema: { operationId: 'noteLead', tags, summary: 'Keep a note on a named lead', ...standWrite, params: LeadParams, body: NoteLeadBody, response: { 200: Lead, ...errorResponses } },
  }, async (req) => leads.note(contextOf(req), req.params.eventId, req.params.exhibitorId, req.params.leadId, req.body.note));

  app.get(`${one}/leads.csv`, {
    schema: { operationId: 'exportLeads', tags, summary: "The stand's named leads as CSV", ...standRead, params: ExhibitorParams, response: { 200: z.any().describe('text/csv'), ...errorResponses } },
  }, async (req, reply) => {
    const f = await leads.csv(contextOf(req), req.params.eventId, req.params.exhibitorId);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${f.name}.csv"`).send(f.text);
  });

  app.get('/events/:slug/exhibitors/:exhibitorId/logo', { schema: { hide: true, params: z.strictObject({ slug: z.string().max(120), exhibitorId: z.string().max(100) }) } }, async (req, reply) => {
    const f = await x.logo(req.params.slug, req.params.exhibitorId);
    return reply.type(f.mediaType).header('x-content-type-options', 'nosniff').header('cache-control', 'public, max-age=86400').send(f.bytes);
  });
}
