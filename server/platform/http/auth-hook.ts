import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Authenticator } from '../../modules/accounts/sessions.js';
import type { Clock } from '../clock.js';
import type { Actor, RequestContext } from '../context.js';
import { DomainError } from '../errors.js';
import { safeEqual } from '../secrets.js';

export const SESSION_COOKIE = 'gh_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

const unsafe = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Resolves the actor of each API request (Bearer token or session cookie) and enforces CSRF:
 * a write made with the session cookie must echo the session's CSRF token in X-CSRF-Token.
 * Bearer requests carry no ambient credentials, so they need no CSRF token.
 */
export function registerAuth(app: FastifyInstance, auth: Authenticator, clock: Clock): void {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/') && !request.url.startsWith('/vc-api/')) return;
    const header = request.headers.authorization;
    if (header) {
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      const actor = m ? await auth.fromBearerToken(m[1] as string, clock.now()) : null;
      if (!actor) throw new DomainError('NOT_AUTHENTICATED', 'The API token is unknown, expired or revoked.');
      request.actor = actor;
      return;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    if (!cookie) return;
    request.actor = await auth.fromSessionToken(cookie, clock.now());
    if (request.actor && unsafe.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !request.actor.csrfToken || !safeEqual(sent, request.actor.csrfToken)) {
        throw new DomainError('CSRF_FAILED', 'Missing or wrong X-CSRF-Token header; reload the page and try again.');
      }
    }
  });
}

/** The use-case context of a request: actor, client address and request id. */
export function contextOf(request: FastifyRequest): RequestContext {
  return {
    actor: request.actor,
    ip: request.ip,
    requestId: String(request.id),
    userAgent: typeof request.headers['user-agent'] === 'string' ? request.headers['user-agent'] : null,
  };
}
