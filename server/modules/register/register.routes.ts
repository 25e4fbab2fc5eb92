import type { FastifyRequest } from 'fastify';
import {
  CheckCredentialsBody,
  CredentialChecks,
  RegisterLevels,
  RegisterListing,
  RegisterPage,
  SearchRegisterQuery,
  UpdateRegisterListingBody,
} from '../../../contracts/register.js';
import type { Config } from '../../config.js';
import { contextOf } from '../../platform/http/auth-hook.js';
import { type ZodApp, access, errorResponses, publicAccess } from '../../platform/http/zod-app.js';
import { sha256 } from '../../platform/secrets.js';
import type { RegisterService } from './register.service.js';

const tags = ['register'];

/** Bulk checks are counted per API token (or per session), so one employer's integration cannot starve another. */
function callerKey(req: FastifyRequest): string {
  const auth = req.headers.authorization;
  if (auth) return `token:${sha256(auth).slice(0, 32)}`;
  const session = req.cookies.gh_session;
  return session ? `session:${sha256(session).slice(0, 32)}` : `ip:${req.ip}`;
}

/**
 * HTTP for the public register and employer checks. Both are limited to a tenth of the general rate
 * (60 a minute at the default of 600): enough for a person searching or an integration checking 500
 * ids a call, and slow for anyone copying the whole register.
 */
export function registerRoutes(app: ZodApp, config: Config, register: RegisterService): void {
  const max = Math.max(1, Math.floor(config.rateLimitPerMinute / 10));

  // The service answers JSON text built from the stored entries, so the response serialiser is bypassed.
  app.get('/api/v1/register', {
    config: { rateLimit: { max, timeWindow: '1 minute' } },
    schema: {
      operationId: 'searchRegister',
      tags,
      summary: 'Search the public register by name, level, country or credential id (no sign-in)',
      description:
        'Lists only holders who chose to be listed and hold at least one credential; every credential shows its status as it is (active, suspended, lapsed or revoked). Give at least one of q, level, country or credentialId. Pages follow nextCursor.',
      ...publicAccess,
      querystring: SearchRegisterQuery,
      response: { 200: RegisterPage, ...errorResponses },
    },
  }, async (req, reply) => reply.type('application/json; charset=utf-8').send((await register.searchJson(req.query)) as never));

  app.get('/api/v1/register/levels', {
    schema: { operationId: 'listRegisterLevels', tags, summary: 'The credential levels to filter the register by', ...publicAccess, response: { 200: RegisterLevels, ...errorResponses } },
  }, async () => register.levels());

  app.get('/api/v1/me/register-listing', {
    schema: { operationId: 'getRegisterListing', tags, summary: 'Whether you are listed in the public register, and what it shows of you', ...access({ scope: 'account:read', owner: 'self' }), response: { 200: RegisterListing, ...errorResponses } },
  }, async (req) => register.listing(contextOf(req)));

  app.put('/api/v1/me/register-listing', {
    schema: {
      operationId: 'updateRegisterListing',
      tags,
      summary: 'Choose to be listed in the public register (or not), and whether to show your country',
      ...access({ scope: 'account:write', owner: 'self' }),
      body: UpdateRegisterListingBody,
      response: { 200: RegisterListing, ...errorResponses },
    },
  }, async (req) => register.updateListing(contextOf(req), req.body));

  app.post('/api/v1/register/checks', {
    config: { rateLimit: { max, timeWindow: '1 minute', keyGenerator: callerKey } },
    schema: {
      operationId: 'checkCredentials',
      tags,
      summary: 'Check up to 500 credential ids at once (API token with register:read, or an employer administrator)',
      description:
        'One answer per id, in the order given. A credential is confirmed by its id (level, status, dates) whether or not its holder is listed; the holder’s name is given only when they chose to be listed in the public register.',
      ...access({ scope: 'register:read', anyToken: true, roles: ['employer_admin', 'scheme_admin', 'system_admin'] }),
      body: CheckCredentialsBody,
      response: { 200: CredentialChecks, ...errorResponses },
    },
  }, async (req) => register.check(contextOf(req), req.body));
}
