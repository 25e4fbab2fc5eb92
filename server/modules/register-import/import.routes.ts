import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { ImportRegisterBody, RegisterImport, RegisterImportList, RegisterImportParams } from '../../../contracts/register-import.js';
import { DomainError } from '../../platform/errors.js';
import { formatBytes } from '../../platform/files/storage.js';
import { contextOf } from '../../platform/http/auth-hook.js';
import { parseBody } from '../../platform/http/input-guard.js';
import { readMultipart } from '../../platform/http/multipart.js';
import { type ZodApp, access, errorResponses } from '../../platform/http/zod-app.js';
import type { RegisterImportService, RegisterInput } from './import.service.js';

const tags = ['register-import'];
/** A register of 200,000 holders is about 25 MB of CSV. */
export const REGISTER_FILE_BYTES = 32 * 1_048_576;
const uploadErrors = { ...errorResponses, 413: errorResponses[400], 415: errorResponses[400] };
const csvTypes = new Set(['text/csv', 'application/csv', 'text/plain', 'application/vnd.ms-excel', 'application/octet-stream']);
const staff = access({ scope: 'admin', roles: ['scheme_admin'] });

export function registerImportRoutes(app: ZodApp, s: RegisterImportService): void {
  app.post('/api/v1/register-imports', {
    bodyLimit: REGISTER_FILE_BYTES + 65_536,
    schema: {
      operationId: 'importRegister',
      tags,
      summary: 'Import an existing register of holders from a CSV file: a dry run (the default) reports each row and writes nothing; dryRun=false imports by a job',
      description:
        'multipart/form-data with one part `file`: CSV (UTF-8) with the header `name,email,level,awarded_on,review_on,external_id` and optionally `cpd_cycle_start`, or JSON {rows:[{name, email, level, awardedOn, reviewOn, externalId, cpdCycleStart?}]} (at most 10,000); dates as YYYY-MM-DD; `level` is a level id or name of the scheme in force. ' +
        'A dry run (200) answers the per-row report: rows with problems first, what would be created and what exists already (by external id). ' +
        'With dryRun=false every row must be right (else 400 naming the rows, nothing written); the import then runs as a job (202): follow getRegisterImport for progress. ' +
        'Accounts are created invited (no password; a claim link is mailed in batches), credentials keep their original award date, holders past their review date come in lapsed, and nobody is listed in the public register until they choose to be. ' +
        'A repeated file creates nothing new: each holder is kept by external id.',
      ...staff,
      querystring: z.strictObject({ dryRun: z.enum(['true', 'false']).default('true').describe('true (default): report only') }),
      response: { 200: RegisterImport, 202: RegisterImport, ...uploadErrors },
    },
  }, async (req, reply) => {
    const ctx = contextOf(req);
    const answer = async (reply: FastifyReply, dryRun: 'true' | 'false', input: RegisterInput) => {
      if (dryRun === 'true') return reply.status(200).send(await s.dryRun(ctx, input));
      const r = await s.start(ctx, input);
      return reply.status(r.created ? 202 : 200).send(r.import);
    };
    if (!req.isMultipart()) return answer(reply, req.query.dryRun, { kind: 'json', body: parseBody(ImportRegisterBody, req.body ?? {}), fileName: null });
    const form = await readMultipart(req, {
      maxFileBytes: REGISTER_FILE_BYTES,
      tooLarge: `The file is larger than the limit of ${formatBytes(REGISTER_FILE_BYTES)}; split the register into several files.`,
      checkFile: (part) =>
        csvTypes.has(part.mimetype) && (!part.filename || /\.(csv|txt)$/i.test(part.filename))
          ? null
          : new DomainError('UNSUPPORTED_FILE_TYPE', `Send a CSV file (text/csv), not ${part.mimetype}${part.filename ? ` (${part.filename})` : ''}.`, { field: 'file' }),
    });
    if (!form.file) throw new DomainError('VALIDATION_FAILED', 'Attach the register as a CSV file in the part named "file".', { issues: [{ path: 'body.file', message: 'Attach a CSV file' }] });
    return answer(reply, req.query.dryRun, { kind: 'csv', bytes: form.file.bytes, fileName: form.file.filename || null });
  });

  app.get('/api/v1/register-imports', {
    schema: { operationId: 'listRegisterImports', tags, summary: 'Recent register imports, newest first, with their counts', ...staff, response: { 200: RegisterImportList, ...errorResponses } },
  }, async (req) => s.list(contextOf(req)));

  app.get('/api/v1/register-imports/:registerImportId', {
    schema: { operationId: 'getRegisterImport', tags, summary: 'One register import: status, progress (processed of total rows), counts and invitations sent', ...staff, params: RegisterImportParams, response: { 200: RegisterImport, ...errorResponses } },
  }, async (req) => s.get(contextOf(req), req.params.registerImportId));
}
