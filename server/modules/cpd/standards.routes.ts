import type { FastifyRequest } from 'fastify';
import { AddTargetedAuditBody } from '../../../contracts/audit-draw.js';
import { z } from 'zod';
import {
  AddCpdProviderCodeBody,
  AddCpdProviderUserBody,
  CpdAudit,
  CpdAuditItemParams,
  CpdAuditList,
  CpdAuditParams,
  CpdAuditSampleResult,
  CpdImport,
  CpdImportList,
  CpdImportParams,
  CpdProvider,
  CpdProviderCode,
  CpdProviderList,
  CpdProviderParams,
  CpdProviderUserParams,
  CreateCpdProviderBody,
  ExportCpdQuery,
  ImportCpdCreditsBody,
  ListCpdAuditsQuery,
  ReviewAuditActivityBody,
  RunCpdAuditSampleBody,
  SubmitAuditEvidenceBody,
  SuspendCpdProviderBody,
} from '../../../contracts/cpd-standards.js';
import { DomainError } from '../../platform/errors.js';
import { formatBytes } from '../../platform/files/storage.js';
import { contextOf } from '../../platform/http/auth-hook.js';
import { parseBody } from '../../platform/http/input-guard.js';
import { readMultipart } from '../../platform/http/multipart.js';
import { type ZodApp, access, errorResponses } from '../../platform/http/zod-app.js';
import type { AuditsService } from './audits.service.js';
import { type CpdRecord, type ExportService, recordCsv } from './export.service.js';
import type { ImportInput, ImportsService } from './imports.service.js';

const tags = ['cpd'];
const uploadErrors = { ...errorResponses, 413: errorResponses[400], 415: errorResponses[400] };
const csvTypes = new Set(['text/csv', 'application/csv', 'text/plain', 'application/vnd.ms-excel', 'application/octet-stream']);

/** importCpdCredits' input: multipart with one CSV part "file" (and optionally "providerId"), or JSON rows. */
async function importInput(req: FastifyRequest, maxBytes: number): Promise<ImportInput> {
  if (!req.isMultipart()) {
    return { kind: 'json', body: parseBody(ImportCpdCreditsBody, req.body ?? {}) };
  }
  const form = await readMultipart(req, {
    maxFileBytes: maxBytes,
    tooLarge: `The file is larger than the limit of ${formatBytes(maxBytes)}; split it into several files.`,
    checkFile: (part) =>
      csvTypes.has(part.mimetype) && (!part.filename || /\.(csv|txt)$/i.test(part.filename))
        ? null
        : new DomainError('UNSUPPORTED_FILE_TYPE', `Send a CSV file (text/csv), not ${part.mimetype}${part.filename ? ` (${part.filename})` : ''}.`, { field: 'file' }),
  });
  if (!form.file) throw new DomainError('VALIDATION_FAILED', 'Attach a CSV file in the part named "file".', { issues: [{ path: 'body.file', message: 'Attach a CSV file' }] });
  const bytes = form.file.bytes;
  const fileName = form.file.filename || null;
  const providerId = form.fields.providerId?.[0];
  if (bytes.includes(0)) throw new DomainError('UNSUPPORTED_FILE_TYPE', 'The file is not text; send a CSV file.', { field: 'file' });
  return { kind: 'csv', bytes, fileName, ...(providerId ? { providerId } : {}) };
}

export type StandardsServices = {
  imports: ImportsService;
  audits: AuditsService;
  exports: ExportService;
  /** The record as a PDF, drawn off the event loop. */
  recordPdf: (record: CpdRecord) => Promise<Uint8Array>;
};

/** HTTP for provider imports, providers, audits and the member's export. */
export function standardsRoutes(app: ZodApp, s: StandardsServices, uploadLimitBytes: number): void {
  app.post('/api/v1/cpd/imports', {
    bodyLimit: 4 * 1_048_576,
    schema: {
      operationId: 'importCpdCredits',
      tags,
      summary: 'Credit CPD to members from an approved provider: a CSV file or JSON rows, checked as a whole',
      description:
        'multipart/form-data with one part `file` (CSV, UTF-8, header `member_email` or `member_id` or `credential_id`, `activity_code`, `date`, optional `hours`, optional `row_key`) and optionally `providerId`; or JSON {providerId?, rows:[{memberEmail|memberId|credentialId, activityCode, date, hours?, rowKey?}]}. ' +
        'If any row is wrong nothing is credited and the report names every problem by row and column (status rejected). The same file sent again answers the earlier import (200, repeated); a row credited before (same provider and row_key, or member, code and date) is credited once. Up to 1,000 rows are done within the request (201); larger files run as a job (202): follow getCpdImport for progress. Session users of a provider, or Bearer tokens with cpd:import.',
      ...access({ scope: 'cpd:import', owner: 'object' }),
      response: { 200: CpdImport, 201: CpdImport, 202: CpdImport, ...uploadErrors },
    },
  }, async (req, reply) => {
    const r = await s.imports.start(contextOf(req), await importInput(req, uploadLimitBytes));
    return reply.status(!r.created ? 200 : r.import.status === 'done' || r.import.status === 'rejected' ? 201 : 202).send(r.import);
  });

  app.get('/api/v1/cpd/imports', {
    schema: { operationId: 'listCpdImports', tags, summary: 'Recent imports of your providers (all providers for a scheme administrator), newest first', ...access({ scope: 'cpd:import', orScope: 'admin', roles: ['scheme_admin'], owner: 'object' }), response: { 200: CpdImportList, ...errorResponses } },
  }, async (req) => s.imports.list(contextOf(req)));

  app.get('/api/v1/cpd/imports/:importId', {
    schema: { operationId: 'getCpdImport', tags, summary: 'One import: status, progress (processed of total) and the per-row report', ...access({ scope: 'cpd:import', orScope: 'admin', roles: ['scheme_admin'], owner: 'object' }), params: CpdImportParams, response: { 200: CpdImport, ...errorResponses } },
  }, async (req) => s.imports.get(contextOf(req), req.params.importId));

  app.get('/api/v1/cpd/providers', {
    schema: { operationId: 'listCpdProviders', tags, summary: 'Approved CPD providers you import for (all, with their users, for a scheme administrator) and their codes', ...access({ scope: 'cpd:import', orScope: 'admin', roles: ['scheme_admin'], owner: 'object' }), response: { 200: CpdProviderList, ...errorResponses } },
  }, async (req) => s.imports.providers(contextOf(req)));

  app.post('/api/v1/cpd/providers', {
    schema: { operationId: 'createCpdProvider', tags, summary: 'Approve a CPD provider (scheme administrator)', ...access({ scope: 'admin', roles: ['scheme_admin'] }), body: CreateCpdProviderBody, response: { 201: CpdProvider, ...errorResponses } },
  }, async (req, reply) => reply.status(201).send(await s.imports.createProvider(contextOf(req), req.body)));

  app.post('/api/v1/cpd/providers/:providerId/codes', {
    schema: { operationId: 'addCpdProviderCode', tags, summary: 'Add an activity code a provider may credit (scheme administrator)', ...access({ scope: 'admin', roles: ['scheme_admin'] }), params: CpdProviderParams, body: AddCpdProviderCodeBody, response: { 201: CpdProviderCode, ...errorResponses } },
  }, async (req, reply) => reply.status(201).send(await s.imports.addCode(contextOf(req), req.params.providerId, req.body)));

  app.post('/api/v1/cpd/providers/:providerId/users', {
    schema: {
      operationId: 'addCpdProviderUser',
      tags,
      summary: 'Let an account import for a provider (scheme administrator)',
      ...access({ scope: 'admin', roles: ['scheme_admin'] }),
      params: CpdProviderParams,
      body: AddCpdProviderUserBody,
      response: { 201: z.object({ id: z.string(), name: z.string(), email: z.string() }), ...errorResponses },
    },
  }, async (req, reply) => reply.status(201).send(await s.imports.addUser(contextOf(req), req.params.providerId, req.body)));

  app.delete('/api/v1/cpd/providers/:providerId/users/:userId', {
    schema: {
      operationId: 'removeCpdProviderUser',
      tags,
      summary: 'Stop an account importing for a provider (scheme administrator); its earlier imports stand',
      ...access({ scope: 'admin', roles: ['scheme_admin'] }),
      params: CpdProviderUserParams,
      response: { 200: z.object({ status: z.literal('ok') }), ...errorResponses },
    },
  }, async (req) => s.imports.removeUser(contextOf(req), req.params.providerId, req.params.userId));

  app.post('/api/v1/cpd/providers/:providerId/suspend', {
    schema: {
      operationId: 'suspendCpdProvider',
      tags,
      summary: 'Suspend an approved provider (scheme administrator): its users cannot import until it is reactivated; credits given stand',
      ...access({ scope: 'admin', roles: ['scheme_admin'] }),
      params: CpdProviderParams,
      body: SuspendCpdProviderBody,
      response: { 200: CpdProvider, ...errorResponses },
    },
  }, async (req) => s.imports.setStatus(contextOf(req), req.params.providerId, 'suspended', req.body.reason));

  app.post('/api/v1/cpd/providers/:providerId/reactivate', {
    schema: { operationId: 'reactivateCpdProvider', tags, summary: 'Approve a suspended provider again (scheme administrator)', ...access({ scope: 'admin', roles: ['scheme_admin'] }), params: CpdProviderParams, response: { 200: CpdProvider, ...errorResponses } },
  }, async (req) => s.imports.setStatus(contextOf(req), req.params.providerId, 'approved', null));

  app.post('/api/v1/cpd/audits/sample', {
    schema: {
      operationId: 'startAuditDraw',
      tags,
      summary: 'Draw the year’s CPD audit: a random sample of holders (default 5%, repeatable from the seed) plus targeted cases',
      ...access({ scope: 'admin', roles: ['scheme_admin'] }),
      body: RunCpdAuditSampleBody,
      response: { 200: CpdAuditSampleResult, ...errorResponses },
    },
  }, async (req) => s.audits.runSample(contextOf(req), req.body));

  app.post('/api/v1/cpd/audits/targeted', {
    schema: {
      operationId: 'addTargetedAudit',
      tags,
      summary: 'Audit one holder on purpose, with the reason they are told (scheme administrator); once a year per credential',
      ...access({ scope: 'admin', roles: ['scheme_admin'] }),
      body: AddTargetedAuditBody,
      response: { 201: CpdAudit, ...errorResponses },
    },
  }, async (req, reply) => reply.status(201).send(await s.audits.addTargeted(contextOf(req), req.body)));

  app.get('/api/v1/cpd/audits', {
    schema: { operationId: 'listCpdAudits', tags, summary: 'CPD audits: your own, or all of them for assessors and scheme administrators; filter by status', ...access({ scope: 'cpd:read', orScope: 'admin', roles: ['assessor', 'scheme_admin'], owner: 'object' }), querystring: ListCpdAuditsQuery, response: { 200: CpdAuditList, ...errorResponses } },
  }, async (req) => s.audits.list(contextOf(req), req.query));

  app.get('/api/v1/cpd/audits/:auditId', {
    schema: { operationId: 'getCpdAudit', tags, summary: 'One audit: which activities need which evidence by when, and the decisions', ...access({ scope: 'cpd:read', orScope: 'admin', roles: ['assessor', 'scheme_admin'], owner: 'object' }), params: CpdAuditParams, response: { 200: CpdAudit, ...errorResponses } },
  }, async (req) => s.audits.view(contextOf(req), req.params.auditId));

  app.post('/api/v1/cpd/audits/:auditId/evidence', {
    schema: {
      operationId: 'submitAuditEvidence',
      tags,
      summary: 'Answer your audit: evidence from your portfolio and a note for every activity, before the due date',
      ...access({ scope: 'cpd:write', owner: 'object' }),
      params: CpdAuditParams,
      body: SubmitAuditEvidenceBody,
      response: { 200: CpdAudit, ...errorResponses },
    },
  }, async (req) => s.audits.submit(contextOf(req), req.params.auditId, req.body));

  app.post('/api/v1/cpd/audits/:auditId/items/:activityId/review', {
    schema: {
      operationId: 'reviewAuditActivity',
      tags,
      summary: 'Accept or reject one audited activity with reasons (assessor); a rejected activity counts 0',
      ...access({ scope: 'admin', roles: ['assessor', 'scheme_admin'] }),
      params: CpdAuditItemParams,
      body: ReviewAuditActivityBody,
      response: { 200: CpdAudit, ...errorResponses },
    },
  }, async (req) => s.audits.review(contextOf(req), req.params.auditId, req.params.activityId, req.body));

  app.get('/api/v1/me/cpd/export', {
    schema: {
      operationId: 'exportCpdRecord',
      tags,
      summary: 'Your whole CPD record as JSON, CSV (the activities, RFC 4180) or PDF',
      ...access({ scope: 'cpd:read', owner: 'self' }),
      querystring: ExportCpdQuery,
      response: { 200: z.any().describe('the record in the format asked for'), ...errorResponses },
    },
  }, async (req, reply) => {
    const format = req.query.format;
    const record = await s.exports.record(contextOf(req), format);
    const name = `cpd-record-${record.exportedAt.slice(0, 10)}`;
    reply.header('cache-control', 'private, no-store').header('x-content-type-options', 'nosniff');
    if (format === 'csv') return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(recordCsv(record));
    if (format === 'pdf') return reply.type('application/pdf').header('content-disposition', `attachment; filename="${name}.pdf"`).send(Buffer.from(await s.recordPdf(record)));
    return reply.type('application/json; charset=utf-8').header('content-disposition', `attachment; filename="${name}.json"`).send(JSON.stringify(record));
  });
}
