import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  AchievementParams,
  CredentialParams,
  DownloadQuery,
  HolderDid,
  IssuerKeyParams,
  IssuerKeys,
  LevelBadgeParams,
  LinkHolderDidBody,
  PublicCredential,
  StatusChange,
  StatusChangeBody,
  StatusListParams,
} from '../../../contracts/credentials.js';
import { contextOf } from '../../platform/http/auth-hook.js';
import { type ZodApp, access, errorResponses, publicAccess } from '../../platform/http/zod-app.js';
import type { IssuerService } from './issuing/issuer.service.js';
import type { IssuingService } from './issuing/issuing.service.js';
import type { PublicService } from './public/public.service.js';
import type { StatusService } from './status/status.service.js';

const tags = ['credentials'];
const document = z.any().describe('a JSON-LD document');
const sendJson = (reply: FastifyReply, type: string, body: unknown, cache: string) =>
  reply.type(type).header('cache-control', cache).header('access-control-allow-origin', '*').send(typeof body === 'string' ? body : JSON.stringify(body));

type Services = { issuer: IssuerService; status: StatusService; issuing: IssuingService; pub: PublicService; publicUrl: string };

export function credentialsRoutes(app: ZodApp, s: Services): void {
  const { issuer, status, issuing, pub } = s;

  // did:web: /.well-known/did.json for a bare host; <path>/did.json when PUBLIC_URL or the kept DID has a
  // path (which a proxy in front strips, so it arrives here as /did.json). Answered whatever the Host, so
  // a former address pointed at this site (DNS or a proxy) keeps serving the DID document after a move.
  const didHasPath = issuer.did.slice('did:web:'.length).includes(':');
  const didPaths = ['/.well-known/did.json', ...(new URL(s.publicUrl).pathname.replace(/\/+$/, '') || didHasPath ? ['/did.json'] : [])];
  for (const url of didPaths) {
    app.get(url, {
      schema: { operationId: url === '/did.json' ? 'getIssuerDidDocumentAtPath' : 'getIssuerDidDocument', tags, summary: 'The issuer’s DID document (did:web): every signing key, retired ones too, so what they signed verifies', ...publicAccess, response: { 200: document } },
    }, async (_req, reply) => sendJson(reply, 'application/did+ld+json', await issuer.didDocument(), 'public, max-age=60')); // a new key is seen within a minute
  }

  app.get('/issuer', {
    schema: { operationId: 'getIssuerProfile', tags, summary: 'The body as an Open Badges 3.0 issuer Profile (JSON-LD)', ...publicAccess, response: { 200: document } },
  }, async (_req, reply) => sendJson(reply, 'application/ld+json', await issuer.profileDocument(), 'public, max-age=300'));

  app.get('/issuer/image.svg', { schema: { hide: true } }, async (_req, reply) =>
    reply.type('image/svg+xml').header('cache-control', 'public, max-age=3600').send(await pub.issuerImage()));

  app.get('/status/:listId', {
    schema: {
      operationId: 'getStatusList',
      tags,
      summary: 'A signed BitstringStatusListCredential (revocation or suspension)',
      description: 'Signed again after every change; an answer may be cached for 30 seconds. Send If-None-Match with the ETag to be answered 304 when unchanged.',
      ...publicAccess,
      params: StatusListParams,
      response: { 200: document, 304: z.null(), ...errorResponses },
    },
  }, async (req, reply) => {
    const list = await status.listDocument(req.params.listId);
    if (!list) return reply.status(404).send({ error: { code: 'NOT_FOUND', message: `No status list has the id "${req.params.listId}".`, details: {} } });
    reply.header('etag', list.etag);
    if (req.headers['if-none-match'] === list.etag) return reply.status(304).header('cache-control', 'public, max-age=30').send();
    return sendJson(reply, 'application/vc', list.json, 'public, max-age=30');
  });

  app.get('/badges/:levelFile', {
    schema: { operationId: 'getLevelBadge', tags, summary: 'A level’s badge image (SVG)', ...publicAccess, params: LevelBadgeParams, response: { 200: z.any().describe('image/svg+xml'), ...errorResponses } },
  }, async (req, reply) => {
    const svg = await pub.badge(req.params.levelFile.replace(/\.svg$/, ''));
    if (!svg) return reply.status(404).send({ error: { code: 'NOT_FOUND', message: 'No level of the scheme in force has this id.', details: {} } });
    return reply.type('image/svg+xml').header('cache-control', 'public, max-age=3600').header('access-control-allow-origin', '*').send(svg);
  });

  app.get('/achievements/:schemeId/:levelId', {
    schema: { operationId: 'getAchievement', tags, summary: 'A level as an Open Badges 3.0 Achievement (JSON-LD)', ...publicAccess, params: AchievementParams, response: { 200: document, ...errorResponses } },
  }, async (req, reply) => {
    const a = await pub.achievement(req.params.schemeId, req.params.levelId);
    if (!a) return reply.status(404).send({ error: { code: 'NOT_FOUND', message: 'No level of the scheme in force has this id.', details: {} } });
    return sendJson(reply, 'application/ld+json', a, 'public, max-age=300');
  });

  app.get('/api/v1/credentials/:credentialId', {
    schema: {
      operationId: 'getCredential',
      tags,
      summary: 'A credential, publicly: level, status, dates, the verifiable credential and links to download and share it',
      description: 'The holder’s name is given only when they chose to be listed in the public register (or to the holder).',
      ...publicAccess,
      params: CredentialParams,
      response: { 200: PublicCredential, ...errorResponses },
    },
  }, async (req) => pub.get(contextOf(req), req.params.credentialId));

  app.get('/api/v1/credentials/:credentialId/download', {
    schema: {
      operationId: 'downloadCredential',
      tags,
      summary: 'Download a credential as JSON-LD (application/vc), VC-JWT (application/vc+jwt), a PDF certificate, or its badge picture (PNG or SVG) with the credential baked in',
      ...publicAccess,
      params: CredentialParams,
      querystring: DownloadQuery,
      response: { 200: z.any().describe('the credential file'), ...errorResponses, 503: errorResponses[409] },
    },
  }, async (req, reply) => {
    const d = await pub.download(contextOf(req), req.params.credentialId, req.query.format);
    // A PDF may carry the holder's name for the holder only, so it is not stored by shared caches.
    return reply
      .type(d.contentType)
      .header('content-disposition', `attachment; filename="${d.filename}"`)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', req.query.format === 'pdf' ? 'private, no-store' : 'public, max-age=60')
      .send(typeof d.body === 'string' ? d.body : Buffer.from(d.body));
  });

  for (const [op, verb, fn] of [
    ['suspendCredential', 'suspend', status.suspend],
    ['reinstateCredential', 'reinstate', status.reinstate],
    ['revokeCredential', 'revoke', status.revoke],
  ] as const) {
    app.post(`/api/v1/credentials/:credentialId/${verb}`, {
      schema: {
        operationId: op,
        tags,
        summary: `${verb[0]!.toUpperCase()}${verb.slice(1)} a credential, with a reason (scheme administrators); its status list bit flips at once`,
        ...access({ scope: 'admin', roles: ['scheme_admin'] }),
        params: CredentialParams,
        body: StatusChangeBody,
        response: { 200: StatusChange, ...errorResponses },
      },
    }, async (req) => fn(contextOf(req), req.params.credentialId, req.body.reason));
  }

  app.get('/api/v1/admin/issuer-keys', {
    schema: { operationId: 'listIssuerKeys', tags, summary: 'The issuer’s signing keys (public halves) and which one signs now (system administrators)', ...access({ scope: 'admin', roles: ['system_admin'] }), response: { 200: IssuerKeys, ...errorResponses } },
  }, async (req) => issuer.listKeys(contextOf(req)));

  app.post('/api/v1/admin/issuer-keys', {
    schema: {
      operationId: 'rotateIssuerKey',
      tags,
      summary: 'Add a new signing key that signs from now on (system administrators); credentials signed with older keys still verify',
      ...access({ scope: 'admin', roles: ['system_admin'] }),
      response: { 200: IssuerKeys, ...errorResponses },
    },
  }, async (req) => issuer.rotate(contextOf(req)));

  app.post('/api/v1/admin/issuer-keys/:number/retire', {
    schema: {
      operationId: 'retireIssuerKey',
      tags,
      summary: 'Retire a signing key (system administrators): it signs nothing new but stays in the DID document, so credentials it signed still verify',
      description: 'Refused (409) for a key already retired and for the only key that signs; add a new key first.',
      ...access({ scope: 'admin', roles: ['system_admin'] }),
      params: IssuerKeyParams,
      response: { 200: IssuerKeys, ...errorResponses },
    },
  }, async (req) => issuer.retire(contextOf(req), req.params.number));

  app.get('/api/v1/me/holder-did', {
    schema: { operationId: 'getHolderDid', tags, summary: 'The DID you linked to be named in your credentials', ...access({ scope: 'account:read', owner: 'self' }), response: { 200: HolderDid, ...errorResponses } },
  }, async (req) => issuing.holderDid(contextOf(req)));

  app.put('/api/v1/me/holder-did', {
    schema: {
      operationId: 'linkHolderDid',
      tags,
      summary: 'Link your DID (did:key or did:web): credentials issued from now on name it as their subject',
      ...access({ scope: 'account:write', owner: 'self' }),
      body: LinkHolderDidBody,
      response: { 200: HolderDid, ...errorResponses },
    },
  }, async (req) => issuing.linkHolderDid(contextOf(req), req.body.did));

  app.delete('/api/v1/me/holder-did', {
    schema: { operationId: 'unlinkHolderDid', tags, summary: 'Unlink your DID (credentials already issued keep it)', ...access({ scope: 'account:write', owner: 'self' }), response: { 200: HolderDid, ...errorResponses } },
  }, async (req) => issuing.unlinkHolderDid(contextOf(req)));

  app.get('/credentials/:credentialId/share.png', {
    // Part of the credential's page (as the page itself, not in the API's description): the picture a
    // link preview shows, PNG 1200 × 630. The page's og:image names it with ?v=<version>; that version's
    // answer may be cached for good, since a changed picture has a new version.
    schema: { hide: true, params: CredentialParams, querystring: z.strictObject({ v: z.string().max(40).optional() }) },
  }, async (req, reply) => {
    const { version, png } = await pub.shareImage(req.params.credentialId);
    const etag = `"${version}"`;
    const cache = req.query.v === version ? 'public, max-age=31536000, immutable' : 'public, max-age=300';
    reply.header('etag', etag).header('cache-control', cache).header('access-control-allow-origin', '*');
    if (req.headers['if-none-match'] === etag) return reply.status(304).send(null);
    return reply.type('image/png').send(await png);
  });
}
