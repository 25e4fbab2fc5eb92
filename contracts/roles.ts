/*
 * Roles and API token scopes as plain values, without zod, so a page can list them without loading the
 * contracts' validators; accounts.ts builds its schemas from these.
 */

export const roles = ['member', 'assessor', 'scheme_admin', 'event_organiser', 'employer_admin', 'system_admin'] as const;
export type Role = (typeof roles)[number];

/** What an API token may be allowed to do; a token never exceeds its owner's roles. */
export const apiScopes = [
  'account:read',
  'account:write',
  'credentials:read',
  'credentials:issue',
  'register:read',
  'schemes:read',
  'cpd:read',
  'cpd:write',
  'cpd:import',
  'organisations:read',
  'organisations:write',
  'events:read',
  'events:write',
  'admin',
] as const;
export type ApiScope = (typeof apiScopes)[number];

/**
 * Scopes that only some roles may put on a token; the rest follow the owner's own rights. Staff operations
 * (administration, schemes, assessment) each still check the owner's role as well. 'cpd:import' is open to
 * anyone: a provider's staff often hold no role, and importing checks that the token's owner imports for an
 * approved provider.
 */
export const scopeNeeds: Partial<Record<ApiScope, readonly Role[]>> = {
  admin: ['system_admin', 'scheme_admin', 'assessor'],
  'credentials:issue': ['scheme_admin', 'system_admin'],
};
