import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ApiScope, Role } from '../../../contracts/accounts.js';
import { ErrorBody } from '../../../contracts/common.js';

/** A Fastify instance whose route schemas are zod schemas. */
export type ZodApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

/** The error responses every operation may give, for the OpenAPI document. */
export const errorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  429: ErrorBody,
} as const;

/** Tighter limits for endpoints that guess passwords or send mail. */
export const strictRateLimit = { rateLimit: { max: 20, timeWindow: '1 minute' } };


/**
 * Who may call an operation, declared beside its schema. `access()` answers the OpenAPI `security`
 * requirement (a token's scopes in the bearer entries) and an `x-access` extension (roles, ownership);
 * the auth hook enforces the scopes from this same object, and the authorization test reads it back
 * from the OpenAPI document. Roles and ownership are checked by the services (object by object).
 */
export type AccessRule = {
  /** Anyone, signed in or not (a signed-in caller may see more, e.g. the holder of a credential). */
  public?: boolean;
  /** Only a browser session; API tokens cannot call it. */
  sessionOnly?: boolean;
  /** The scopes a token needs, all of them. */
  scope?: ApiScope | readonly ApiScope[];
  /** Another scope that is enough on its own (a staff view of the same operation). */
  orScope?: ApiScope;
  /** Roles that may call it (beside the owner, if `owner` is given). */
  roles?: readonly Role[];
  /**
   * Whose data: `self` (the caller's own, no one else's id is reachable), `object` (the object named in
   * the path belongs to the caller, or the caller holds one of `roles`).
   */
  owner?: 'self' | 'object';
  /** The assessor role counts only for applications the assessor is assigned to. */
  assigned?: boolean;
  /** A token with the scope may call it whatever its owner's roles; a browser session needs one of `roles`. */
  anyToken?: boolean;
  /** Open to everyone while the site runs in demo mode (the development mailbox); otherwise as declared. */
  openInDemo?: boolean;
};

export type AccessDeclaration = { security: Array<Record<string, string[]>>; 'x-access': AccessRule };

/** The `security` and `x-access` entries of a route schema. Spread it into the schema: `...access({ scope: 'cpd:write' })`. */
export function access(rule: AccessRule): AccessDeclaration {
  if (rule.public) return { security: [], 'x-access': { public: true } };
  if (rule.sessionOnly) return { security: [{ session: [] }], 'x-access': { ...rule, sessionOnly: true } };
  const scope = typeof rule.scope === 'string' ? [rule.scope] : [...(rule.scope ?? [])];
  if (scope.length === 0) throw new Error('access(): an operation open to API tokens names the scope they need');
  const bearer = [{ bearer: scope }, ...(rule.orScope ? [{ bearer: [rule.orScope] }] : [])];
  return { security: [{ session: [] }, ...bearer], 'x-access': { ...rule, scope } };
}

/** Open to everyone, no sign-in. */
export const publicAccess: AccessDeclaration = access({ public: true });
