import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Authenticator } from '../../modules/accounts/sessions.js';
import type { Clock } from '../clock.js';
import type { Actor, RequestContext } from '../context.js';
import { DomainError } from '../errors.js';
import { safeEqual } from '../secrets.js';
import { isApiUrl } from './security-headers.js';
import type { AccessRule } from './zod-app.js';

export const SESSION_COOKIE = 'gh_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

const unsafe = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const noStore = /\bno-store\b/;

/** The access an operation declared beside its schema (`access()` in zod-app.ts), if any. */
export function accessOf(request: FastifyRequest): AccessRule | undefined {
  return (request.routeOptions.schema as { 'x-access'?: AccessRule } | undefined)?.['x-access'];
}

/**
 * Enforces an operation's declared access for the caller: sign-in, session only, a token's scopes, and the
 * roles of staff-only operations. Ownership (and roles beside it) are the services' to check, object by object.
 */
export function enforceAccess(rule: AccessRule | undefined, actor: Actor | null): void {
  if (!rule || rule.public) return;
  if (!actor) {
    if (rule.openInDemo) return; // the service decides: open in demo mode, else as declared
    throw new DomainError('NOT_AUTHENTICATED', 'Sign in first.');
  }
  const scopes = actor.scopes; // null for a browser session, which is not limited by scopes
  if (scopes) {
    if (rule.sessionOnly) throw new DomainError('FORBIDDEN', 'Do this from a signed-in browser session; an API token cannot.', { sessionOnly: true });
    const all = typeof rule.scope === 'string' ? [rule.scope] : (rule.scope ?? []);
    const missing = all.filter((s) => !scopes.has(s));
    if (missing.length > 0 && !(rule.orScope && scopes.has(rule.orScope))) {
      const needed = missing[0] as string;
      const or = rule.orScope ? ` (or the "${rule.orScope}" scope)` : '';
      throw new DomainError('FORBIDDEN', `This API token lacks the "${needed}" scope${or}.`, { requiredScope: needed, ...(rule.orScope ? { orScope: rule.orScope } : {}) });
    }
  }
  // Operations for some roles only (not also their owner's, and not open in demo mode) are refused here too.
  const roles = rule.roles;
  if (roles && !rule.owner && !rule.openInDemo && !(rule.anyToken && scopes) && !roles.some((r) => actor.roles.has(r))) {
    throw new DomainError('FORBIDDEN', `This needs the ${roles.map((r) => r.replace('_', ' ')).join(' or ')} role.`, { requiredRoles: roles });
  }
}

const unknownToken = () => new DomainError('NOT_AUTHENTICATED', 'The API token is unknown, expired or revoked.');

/** Sets the session's actor on the request; a cookie-authenticated write must echo its CSRF token. */
function withSession(request: FastifyRequest, actor: Actor | null): DomainError | undefined {
  request.actor = actor;
  if (actor && unsafe.has(request.method)) {
    const sent = request.headers['x-csrf-token'];
    if (typeof sent !== 'string' || !actor.csrfToken || !safeEqual(sent, actor.csrfToken)) {
      return new DomainError('CSRF_FAILED', 'Missing or wrong X-CSRF-Token header; reload the page and try again.');
    }
  }
  return undefined;
}

/**
 * Resolves the actor of each API request (Bearer token or session cookie) and enforces CSRF:
 * a write made with the session cookie must echo the session's CSRF token in X-CSRF-Token.
 * Bearer requests carry no ambient credentials, so they need no CSRF token.
 */
export function registerAuth(app: FastifyInstance, auth: Authenticator, clock: Clock): void {
  app.decorateRequest('actor', null);
  // Synchronous when the session is (SQLite): a signed-in request then pays no promise here.
  app.addHook('onRequest', (request, _reply, done) => {
    if (!isApiUrl(request.url)) {
      // A server-rendered page (decision 0019) shows the visitor's own header: the session cookie only, read-only.
      const cookie = (request.routeOptions.config as { page?: boolean } | undefined)?.page ? request.cookies[SESSION_COOKIE] : undefined;
      if (!cookie) return done();
      const found = auth.fromSessionToken(cookie, clock.now());
      const seen = (actor: Actor | null) => {
        request.actor = actor;
        done();
      };
      if (found instanceof Promise) found.then(seen, done);
      else seen(found);
      return;
    }
    const header = request.headers.authorization;
    if (header) {
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      if (!m) throw unknownToken();
      auth.fromBearerToken(m[1] as string, clock.now()).then((actor) => {
        if (!actor) return done(unknownToken());
        request.actor = actor;
        done();
      }, done);
      return;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    if (!cookie) return done();
    const found = auth.fromSessionToken(cookie, clock.now());
    if (found instanceof Promise) found.then((actor) => done(withSession(request, actor)), done);
    else done(withSession(request, found));
  });
  // After every onRequest hook (the rate limiter's too, which is added per route) and before the body is
  // parsed or validated: a caller without access learns nothing from a validation error. Added to each API
  // route that declares a rule other than public (the only ones it can refuse), so public routes, the
  // not-found answer and the web app do not run it; synchronous, a refusal is thrown.
  const checkAccess = (request: FastifyRequest, _reply: unknown, _payload: unknown, done: () => void) => {
    enforceAccess(accessOf(request), request.actor);
    done();
  };
  app.addHook('onRoute', (route) => {
    const rule = (route.schema as { 'x-access'?: AccessRule } | undefined)?.['x-access'];
    if (!rule || rule.public || !isApiUrl(route.url)) return;
    const own = route.preParsing;
    const hooks = own === undefined ? [] : Array.isArray(own) ? own : [own];
    // A HEAD route is made from its GET route's options, hooks included: added once.
    if (!hooks.includes(checkAccess as never)) route.preParsing = [...hooks, checkAccess as never];
  });

  // API answers are not kept by browsers or shared caches: always when signed in (personal data), and
  // when signed out unless the operation chose its own caching (public documents, downloads).
  app.addHook('onSend', (request, reply, payload, done) => {
    if (isApiUrl(request.url)) {
      const chosen = reply.getHeader('cache-control');
      if (typeof chosen !== 'string' || (request.actor && !noStore.test(chosen))) reply.header('cache-control', 'no-store');
    }
    done(null, payload);
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
