import {
  CaseFrameworkPackage,
  GetSchemeQuery,
  ImportSchemeFrameworkBody,
  ImportSchemeFrameworkQuery,
  SchemeDetail,
  SchemeList,
  SchemeParams,
  SchemeVersionParams,
  SchemeVersionReview,
  SchemeVersionSummary,
  UploadSchemeVersionBody,
} from '../../../contracts/schemes-api.js';
import { ExportSchemeFrameworkQuery } from '../../../contracts/site.js';
import { CheckSchemeDraftBody, GetSchemeVersionQuery, SaveSchemeDraftBody, SchemeDraftCheck, SchemeVersionFile } from '../../../contracts/scheme-drafts.js';
import { contextOf } from '../../platform/http/auth-hook.js';
import { sendHtml } from '../../platform/http/compress.js';
import { type ZodApp, access, errorResponses, publicAccess } from '../../platform/http/zod-app.js';
import { frameworkHtml, prefersHtml } from './framework-page.js';
import type { SchemesService } from './schemes.service.js';

const tags = ['schemes'];

/** HTTP for schemes: schemas, guards and one service call each. */
export function schemesRoutes(app: ZodApp, schemes: SchemesService): void {
  app.get('/api/v1/schemes', {
    schema: { operationId: 'listSchemes', tags, summary: 'Schemes with their version in force (and drafts, for scheme administrators)', ...access({ scope: 'schemes:read' }), response: { 200: SchemeList, ...errorResponses } },
  }, async (req) => schemes.list(contextOf(req)));

  app.get('/api/v1/schemes/:schemeId', {
    schema: { operationId: 'getScheme', tags, summary: 'A scheme with the content of its current published version (or of ?versionId=)', ...access({ scope: 'schemes:read' }), params: SchemeParams, querystring: GetSchemeQuery, response: { 200: SchemeDetail, ...errorResponses } },
  }, async (req) => schemes.get(contextOf(req), req.params.schemeId, req.query.versionId));

  app.post('/api/v1/schemes/:schemeId/versions', {
    schema: {
      operationId: 'uploadSchemeVersion',
      tags,
      summary: 'Upload a new version as a draft; answers the diff and the impact on current members',
      description: 'The body is a scheme file (schemes/scheme.schema.json). Problems come back as details.issues [{path, message}].',
      ...access({ scope: 'admin', roles: ['scheme_admin'] }),
      params: SchemeParams,
      body: UploadSchemeVersionBody,
      response: { 201: SchemeVersionReview, ...errorResponses },
    },
  }, async (req, reply) => reply.status(201).send(await schemes.upload(contextOf(req), req.params.schemeId, req.body)));

  app.get('/api/v1/schemes/:schemeId/versions/:versionId', {
    schema: {
      operationId: 'getSchemeVersion',
      tags,
      summary: 'A version’s scheme file exactly as stored (drafts for scheme administrators); ?download=true as an attachment',
      description: 'The ETag is the version’s sha256; saveSchemeDraft takes it as the revision of a draft.',
      ...access({ scope: 'schemes:read' }),
      params: SchemeVersionParams,
      querystring: GetSchemeVersionQuery,
      response: { 200: SchemeVersionFile, ...errorResponses },
    },
  }, async (req, reply) => {
    const { head, content, key } = await schemes.versionFile(contextOf(req), req.params.schemeId, req.params.versionId);
    reply.header('etag', `"${head.sha256}"`).header('content-type', 'application/json; charset=utf-8');
    if (req.query.download === 'true') reply.header('content-disposition', `attachment; filename="${`${key}-${head.label}`.replace(/[^A-Za-z0-9.-]/g, '_')}.json"`);
    // The stored text itself, so the bytes match the version's sha256.
    return reply.send(content as unknown as Record<string, unknown>);
  });

  app.post('/api/v1/schemes/:schemeId/drafts/check', {
    schema: {
      operationId: 'checkSchemeDraft',
      tags,
      summary: 'Check a scheme as an upload would, without saving it: every problem by field path',
      ...access({ scope: 'admin', roles: ['scheme_admin'] }),
      params: SchemeParams,
      body: CheckSchemeDraftBody,
      response: { 200: SchemeDraftCheck, ...errorResponses },
    },
  }, async (req) => schemes.checkDraft(contextOf(req), req.params.schemeId, req.body.content));

  app.post('/api/v1/schemes/:schemeId/drafts', {
    schema: {
      operationId: 'saveSchemeDraft',
      tags,
      summary: 'Save a draft: a new one (201), or new content for a draft at the revision you loaded (200); answers the diff and impact',
      description: 'Checked as an upload is (details.issues [{path, message}]). A draft saved by someone else since your revision, or a published version, answers 409 CONFLICT.',
      ...access({ scope: 'admin', roles: ['scheme_admin'] }),
      params: SchemeParams,
      body: SaveSchemeDraftBody,
      response: { 200: SchemeVersionReview, 201: SchemeVersionReview, ...errorResponses },
    },
  }, async (req, reply) => {
    const { created, review } = await schemes.saveDraft(contextOf(req), req.params.schemeId, req.body);
    return reply.status(created ? 201 : 200).send(review);
  });

  app.get('/api/v1/schemes/:schemeId/versions/:versionId/impact', {
    schema: { operationId: 'getSchemeVersionImpact', tags, summary: 'The diff and impact of a version against the version in force', ...access({ scope: 'admin', roles: ['scheme_admin'] }), params: SchemeVersionParams, response: { 200: SchemeVersionReview, ...errorResponses } },
  }, async (req) => schemes.impact(contextOf(req), req.params.schemeId, req.params.versionId));

  app.post('/api/v1/schemes/:schemeId/versions/:versionId/publish', {
    schema: { operationId: 'publishSchemeVersion', tags, summary: 'Publish a draft: it becomes the version in force and can no longer change', ...access({ scope: 'admin', roles: ['scheme_admin'] }), params: SchemeVersionParams, response: { 200: SchemeVersionSummary, ...errorResponses } },
  }, async (req) => schemes.publish(contextOf(req), req.params.schemeId, req.params.versionId));

  // Public: credentials align to its items by this URL (credentials/issuing/achievement.ts), so anyone who
  // follows an alignment must be able to open it: a browser gets a page, a program the CASE JSON.
  app.get('/api/v1/schemes/:schemeId/framework/case', {
    schema: {
      operationId: 'exportSchemeFramework',
      tags,
      summary: 'The framework of the version in force as a CASE 1.0-style package (stable identifiers); open to anyone',
      description: 'A browser (Accept preferring text/html) or ?format=html gets the framework as a readable page, each item at #<identifier>; otherwise JSON.',
      ...publicAccess,
      params: SchemeParams,
      querystring: ExportSchemeFrameworkQuery,
      response: { 200: CaseFrameworkPackage, ...errorResponses },
    },
  }, async (req, reply) => {
    const pkg = await schemes.exportFramework(contextOf(req), req.params.schemeId);
    const html = req.query.format === 'html' || (req.query.format === undefined && prefersHtml(req.headers.accept));
    reply.header('vary', 'Accept').header('access-control-allow-origin', '*').header('cache-control', 'public, max-age=300');
    if (html) return sendHtml(req, reply, frameworkHtml(pkg, `${req.url.split('?')[0]}?format=json`));
    return reply.header('content-disposition', `attachment; filename="${req.params.schemeId.replace(/[^A-Za-z0-9-]/g, '_')}-framework-case.json"`).send(pkg);
  });

  app.post('/api/v1/schemes/:schemeId/framework/case', {
    schema: {
      operationId: 'importSchemeFramework',
      tags,
      summary: 'Import a CASE package as the framework of a new draft; answers the diff and the impact on current members',
      description: 'The draft is the version in force with its framework replaced; ids stay stable. Problems come back as details.issues [{path, message}].',
      ...access({ scope: 'admin', roles: ['scheme_admin'] }),
      params: SchemeParams,
      querystring: ImportSchemeFrameworkQuery,
      body: ImportSchemeFrameworkBody,
      response: { 201: SchemeVersionReview, ...errorResponses },
    },
  }, async (req, reply) => reply.status(201).send(await schemes.importFramework(contextOf(req), req.params.schemeId, req.body, req.query.version)));
}
