import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Ok } from '../../../contracts/common.js';
import {
  EligibilityResult,
  EvidenceLinkBody,
  EvidenceParams,
  EvidenceSummary,
  ItemParams,
  PortfolioItemBody,
  PortfolioView,
  SavedItem,
  WhatIfBody,
} from '../../../contracts/portfolio-api.js';
import { DomainError } from '../../platform/errors.js';
import { formatBytes } from '../../platform/files/storage.js';
import { contextOf } from '../../platform/http/auth-hook.js';
import { parseBody } from '../../platform/http/input-guard.js';
import { readMultipart } from '../../platform/http/multipart.js';
import { type ZodApp, access, errorResponses } from '../../platform/http/zod-app.js';
import type { EvidenceInput, PortfolioService } from './portfolio.service.js';

const tags = ['portfolio'];
const uploadErrors = { ...errorResponses, 413: errorResponses[400], 415: errorResponses[400] };

const invalid = (issues: Array<{ path: string; message: string }>) =>
  new DomainError('VALIDATION_FAILED', `${issues[0]?.path}: ${issues[0]?.message}`, { issues });

/** Reads uploadEvidence's body: multipart (title, itemIds, one file) or a JSON link. */
async function evidenceInput(req: FastifyRequest, maxBytes: number): Promise<EvidenceInput> {
  if (!req.isMultipart()) {
    return parseBody(EvidenceLinkBody, req.body ?? {});
  }
  const { file: upload, fields } = await readMultipart(req, { maxFileBytes: maxBytes, tooLarge: `The file is larger than the limit of ${formatBytes(maxBytes)}.` });
  const file = upload?.bytes ?? null;
  const title = fields.title?.[0]?.trim() ?? '';
  const itemIds = (fields.itemIds ?? []).flatMap((v) => v.split(',')).map((s) => s.trim()).filter(Boolean);
  const issues = [
    ...(file ? [] : [{ path: 'body.file', message: 'Attach one file (PDF, PNG or JPEG)' }]),
    ...(title ? [] : [{ path: 'body.title', message: 'Give the evidence a title' }]),
    ...(title.length > 200 ? [{ path: 'body.title', message: 'Use at most 200 characters' }] : []),
    ...(itemIds.length ? [] : [{ path: 'body.itemIds', message: 'Attach the evidence to at least one item' }]),
  ];
  if (issues.length) throw invalid(issues);
  return { title, itemIds, file: file! };
}

/** HTTP for the member's own portfolio, evidence and eligibility. */
export function portfolioRoutes(app: ZodApp, portfolio: PortfolioService, uploadLimitBytes: number): void {
  app.get('/api/v1/me/portfolio', {
    schema: { operationId: 'getPortfolio', tags, summary: 'Your portfolio items, their notices and your evidence', ...access({ scope: 'account:read', owner: 'self' }), response: { 200: PortfolioView, ...errorResponses } },
  }, async (req) => portfolio.view(contextOf(req)));

  app.post('/api/v1/me/portfolio/items', {
    schema: { operationId: 'addPortfolioItem', tags, summary: 'Add an item; the server assigns its id', ...access({ scope: 'account:write', owner: 'self' }), body: PortfolioItemBody, response: { 201: SavedItem, ...errorResponses } },
  }, async (req, reply) => reply.status(201).send(await portfolio.add(contextOf(req), req.body)));

  app.put('/api/v1/me/portfolio/items/:itemId', {
    schema: { operationId: 'updatePortfolioItem', tags, summary: 'Replace one of your items', ...access({ scope: 'account:write', owner: 'self' }), params: ItemParams, body: PortfolioItemBody, response: { 200: SavedItem, ...errorResponses } },
  }, async (req) => portfolio.update(contextOf(req), req.params.itemId, req.body));

  app.delete('/api/v1/me/portfolio/items/:itemId', {
    schema: { operationId: 'deletePortfolioItem', tags, summary: 'Delete one of your items (its evidence stays)', ...access({ scope: 'account:write', owner: 'self' }), params: ItemParams, response: { 200: Ok, ...errorResponses } },
  }, async (req) => portfolio.remove(contextOf(req), req.params.itemId));

  app.post('/api/v1/me/evidence', {
    schema: {
      operationId: 'uploadEvidence',
      tags,
      summary: 'Add evidence to one or several of your items: a file (multipart) or a link (JSON)',
      description:
        'multipart/form-data with fields `title`, `itemIds` (repeated or comma-separated) and one part `file` (PDF, PNG or JPEG by content, at most 10 MB); or a JSON body {title, url, itemIds}.',
      ...access({ scope: 'account:write', owner: 'self' }),
      response: { 201: EvidenceSummary, ...uploadErrors },
    },
  }, async (req, reply) => reply.status(201).send(await portfolio.addEvidence(contextOf(req), await evidenceInput(req, uploadLimitBytes))));

  app.get('/api/v1/evidence/:evidenceId/file', {
    schema: {
      operationId: 'getEvidenceFile',
      tags,
      summary: 'The bytes of an evidence file (its owner, assessors and administrators)',
      ...access({ scope: 'account:read', orScope: 'admin', roles: ['assessor', 'scheme_admin', 'system_admin'], owner: 'object' }),
      params: EvidenceParams,
      response: { 200: z.any().describe('the file, with its sniffed media type'), ...errorResponses },
    },
  }, async (req, reply) => {
    const f = await portfolio.evidenceFile(contextOf(req), req.params.evidenceId);
    const ext = f.mediaType === 'application/pdf' ? 'pdf' : f.mediaType === 'image/png' ? 'png' : 'jpg';
    const name = `${f.title.replace(/[^\w .-]+/g, '').trim().slice(0, 80) || 'evidence'}.${ext}`;
    return reply
      .type(f.mediaType)
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .send(f.bytes);
  });

  // getEligibility answers JSON text (cached per member in the service), so it bypasses the response serialiser.
  app.get('/api/v1/me/eligibility', {
    schema: { operationId: 'getEligibility', tags, summary: 'Your saved portfolio against the scheme version in force, today', ...access({ scope: 'account:read', owner: 'self' }), response: { 200: EligibilityResult, ...errorResponses } },
  }, async (req, reply) => reply.type('application/json; charset=utf-8').send((await portfolio.eligibilityJson(contextOf(req))) as never));

  app.post('/api/v1/me/eligibility/what-if', {
    schema: { operationId: 'evaluateWhatIf', tags, summary: 'As getEligibility with hypothetical items added (or saved ones left out); saves nothing', ...access({ scope: 'account:read', owner: 'self' }), body: WhatIfBody, response: { 200: EligibilityResult, ...errorResponses } },
  }, async (req) => portfolio.whatIf(contextOf(req), req.body));
}
