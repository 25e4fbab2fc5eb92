import type { FastifyBaseLogger } from 'fastify';
import type { ApiScope, Role } from '../../contracts/accounts.js';
import type { Config } from '../config.js';
import type { DbHandle } from '../db/database.js';
import type { AuditContext } from './audit.js';
import type { Clock } from './clock.js';
import { DomainError } from './errors.js';
import type { FileStore } from './files/storage.js';

/** Who is acting. Token actors are limited to their scopes; session actors are not. */
export type Actor = {
  userId: string;
  email: string;
  name: string;
  country: string | null;
  emailVerified: boolean;
  roles: ReadonlySet<Role>;
  via: 'session' | 'token';
  sessionId: string | null;
  csrfToken: string | null;
  scopes: ReadonlySet<ApiScope> | null;
};

/** What a use case knows of the request it serves: never HTTP types. */
export type RequestContext = { actor: Actor | null; ip: string | null; requestId: string | null; userAgent: string | null };

export const auditCtx = (ctx: RequestContext): AuditContext => ({ actorId: ctx.actor?.userId ?? null, ip: ctx.ip, requestId: ctx.requestId });

/** The shared platform pieces every module's services are built from. */
export type Platform = {
  config: Config;
  database: DbHandle;
  clock: Clock;
  logger: FastifyBaseLogger;
  files: FileStore;
  /** Wakes the in-process job worker after a commit that enqueued work. */
  nudgeJobs: () => void;
  /** Who the site is: the issuer's kept did:web and every public address it has had (the current one first). */
  site: SiteIdentity;
};

export type SiteIdentity = { issuerDid: string; addresses: readonly string[] };

/**
 * The signed-in actor, or NOT_AUTHENTICATED. A token's scopes are enforced before the service runs, from
 * the access each route declares (`access()` in platform/http/zod-app.ts, checked by the auth hook).
 */
export function requireActor(ctx: RequestContext): Actor {
  const a = ctx.actor;
  if (!a) throw new DomainError('NOT_AUTHENTICATED', 'Sign in first.');
  return a;
}

/** The actor if they hold one of `roles`. */
export function requireRole(ctx: RequestContext, roles: readonly Role[]): Actor {
  const a = requireActor(ctx);
  if (!roles.some((r) => a.roles.has(r))) {
    throw new DomainError('FORBIDDEN', `This needs the ${roles.map((r) => r.replace('_', ' ')).join(' or ')} role.`, { requiredRoles: roles });
  }
  return a;
}

/**
 * Whether the actor may use a scope: always for a browser session, for a token when it carries it. For
 * operations whose answer depends on it (a staff view of the same operation, declared with `orScope`).
 */
export function hasScope(actor: Actor, scope: ApiScope): boolean {
  return !actor.scopes || actor.scopes.has(scope);
}
