import { z } from 'zod';
import {
  ConsentList,
  DataExport,
  DataExportList,
  DataExportParams,
  DownloadQuery,
  EraseMemberBody,
  Erasure,
  ErasureList,
  ExportMyDataBody,
  ListConsentsQuery,
  RetentionReport,
  SetConsentBody,
} from '../../../contracts/privacy.js';
import { contextOf } from '../../platform/http/auth-hook.js';
import { type ZodApp, access, errorResponses } from '../../platform/http/zod-app.js';
import type { ConsentsService } from './consents.service.js';
import type { ErasureService } from './erasure.service.js';
import type { ExportsService } from './exports.service.js';
import { privacyStaff } from './member.js';
import type { RetentionService } from './retention.js';

const tags = ['privacy'];
const roles = [...privacyStaff];
/** A member's own, or a member's named by an administrator. */
const ownOrStaff = (scope: 'account:read' | 'account:write') => access({ scope, orScope: 'admin', roles, owner: 'object' });

export type PrivacyServices = { consents: ConsentsService; exports: ExportsService; erasure: ErasureService; retention: RetentionService };

/** HTTP for consent records, subject-access exports, erasure and the retention report. */
export function privacyRoutes(app: ZodApp, s: PrivacyServices): void {
  app.get('/api/v1/privacy/consents', {
    schema: {
      operationId: 'listConsents',
      tags,
      summary: 'Everything optional a member agreed to (register listing, sharing with organisations, marketing mail): the words, their version, when, and when withdrawn',
      description: 'A member sees their own; a scheme or system administrator names the member with memberId.',
      ...ownOrStaff('account:read'),
      querystring: ListConsentsQuery,
      response: { 200: ConsentList, ...errorResponses },
    },
  }, async (req) => s.consents.list(contextOf(req), req.query.memberId));

  app.post('/api/v1/me/privacy/consents', {
    schema: {
      operationId: 'setConsent',
      tags,
      summary: 'Agree to marketing mail, or withdraw, recorded with the words in force',
      description: 'The register listing follows your listing choice (updateRegisterListing); sharing with an organisation is grantConsent and revokeConsent.',
      ...access({ scope: 'account:write', owner: 'self' }),
      body: SetConsentBody,
      response: { 200: ConsentList, ...errorResponses },
    },
  }, async (req) => s.consents.set(contextOf(req), req.body));

  app.post('/api/v1/privacy/exports', {
    schema: {
      operationId: 'exportMyData',
      tags,
      summary: 'Build one archive of all a member’s data (records as JSON, evidence files, signed credentials, the CPD record PDF, who saw their data)',
      description: 'Runs as a job: follow its progress with getDataExport. The download link works for 7 days. An administrator names the member with memberId.',
      ...ownOrStaff('account:write'),
      body: ExportMyDataBody,
      response: { 202: DataExport, ...errorResponses },
    },
  }, async (req, reply) => reply.code(202).send(await s.exports.request(contextOf(req), req.body.memberId)));

  app.get('/api/v1/privacy/exports', {
    schema: { operationId: 'listDataExports', tags, summary: 'A member’s archives, newest first, with progress and links', ...ownOrStaff('account:read'), querystring: ListConsentsQuery, response: { 200: DataExportList, ...errorResponses } },
  }, async (req) => s.exports.list(contextOf(req), req.query.memberId));

  app.get('/api/v1/privacy/exports/:exportId', {
    schema: { operationId: 'getDataExport', tags, summary: 'One archive: progress while it is built, then its link until it expires', ...ownOrStaff('account:read'), params: DataExportParams, response: { 200: DataExport, ...errorResponses } },
  }, async (req) => s.exports.get(contextOf(req), req.params.exportId));

  app.get('/api/v1/privacy/exports/:exportId/archive', {
    schema: {
      operationId: 'downloadDataExport',
      tags,
      summary: 'The archive as a ZIP file, by the link getDataExport gives, until it expires',
      ...ownOrStaff('account:read'),
      params: DataExportParams,
      querystring: DownloadQuery,
      response: { 200: z.any().describe('application/zip'), ...errorResponses },
    },
  }, async (req, reply) => {
    const { bytes, name } = await s.exports.download(contextOf(req), req.params.exportId, req.query.token);
    reply.header('cache-control', 'private, no-store');
    reply.header('content-disposition', `attachment; filename="${name}"`);
    return reply.type('application/zip').send(bytes);
  });

  app.post('/api/v1/admin/erasures', {
    schema: {
      operationId: 'eraseMember',
      tags,
      summary: 'Erase a member on request: credentials revoked, off the register, evidence and personal fields deleted, a pseudonym in their place',
      description: 'Fees are kept (the law requires it) and said so in the answer. The erasure is recorded apart, so a restore from an older backup applies it again.',
      ...access({ scope: 'admin', roles }),
      body: EraseMemberBody,
      response: { 200: Erasure, ...errorResponses },
    },
  }, async (req) => s.erasure.erase(contextOf(req), req.body));

  app.get('/api/v1/admin/erasures', {
    schema: { operationId: 'listErasures', tags, summary: 'Every erasure, newest first: when, by whom, why and the pseudonym', ...access({ scope: 'admin', roles }), response: { 200: ErasureList, ...errorResponses } },
  }, async (req) => s.erasure.list(contextOf(req)));

  app.get('/api/v1/admin/retention', {
    schema: {
      operationId: 'getRetentionReport',
      tags,
      summary: 'A dry run of the evidence retention job: what it would purge today, what it keeps and why. Writes nothing.',
      ...access({ scope: 'admin', roles }),
      response: { 200: RetentionReport, ...errorResponses },
    },
  }, async (req) => s.retention.dryRun(contextOf(req)));
}
