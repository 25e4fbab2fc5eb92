import type { Db, Tx } from '../../db/database.js';
import type { OrganisationRole } from '../../db/schema-organisations.js';
import { type Actor, type RequestContext, requireActor } from '../../platform/context.js';
import { DomainError } from '../../platform/errors.js';

/*
 * The one gate of every organisation-scoped operation: the caller's role inside that organisation. A
 * person who is not on the organisation's staff is told it was not found (the same answer as for an id
 * that does not exist), so ids of other organisations reveal nothing. System and scheme administrators
 * pass only where an operation says so (`staff: true`), for administering organisations themselves.
 */

export const organisationRoles: readonly OrganisationRole[] = ['admin', 'hr', 'line_manager'];

/** The caller's role in the organisation, or null. Only active organisations count unless `anyStatus`. */
export async function organisationRoleOf(q: Db | Tx, organisationId: string, userId: string, anyStatus = false): Promise<OrganisationRole | null> {
  const row = await q
    .selectFrom('organisation_members as m')
    .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
    .select(['m.role', 'o.status'])
    .where('m.organisation_id', '=', organisationId)
    .where('m.user_id', '=', userId)
    .executeTakeFirst();
  if (!row) return null;
  if (!anyStatus && row.status !== 'active') return null;
  return row.role;
}

export type OrganisationCaller = { actor: Actor; role: OrganisationRole | null; staff: boolean };

/**
 * The actor if they hold one of `roles` in the organisation (or are a system or scheme administrator and
 * `staff` is allowed). NOT_FOUND when they are not on its staff at all; FORBIDDEN naming the roles when
 * they are, in another role.
 */
export async function requireOrganisationRole(
  q: Db | Tx,
  ctx: RequestContext,
  organisationId: string,
  roles: readonly OrganisationRole[],
  opts: { staff?: boolean; anyStatus?: boolean } = {},
): Promise<OrganisationCaller> {
  const actor = requireActor(ctx);
  const staff = !!opts.staff && (actor.roles.has('system_admin') || actor.roles.has('scheme_admin'));
  const role = await organisationRoleOf(q, organisationId, actor.userId, opts.anyStatus || staff);
  if (role && roles.includes(role)) return { actor, role, staff };
  if (staff) return { actor, role, staff };
  if (!role) throw new DomainError('NOT_FOUND', 'The organisation was not found.');
  throw new DomainError('FORBIDDEN', `This needs the ${roles.map((r) => r.replace('_', ' ')).join(' or ')} role in this organisation.`, { requiredOrganisationRoles: roles });
}

/** The organisations the user works for, with their role in each (active ones only). */
export async function organisationsOf(q: Db | Tx, userId: string) {
  return q
    .selectFrom('organisation_members as m')
    .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
    .select(['o.id', 'o.name', 'o.slug', 'm.role'])
    .where('m.user_id', '=', userId)
    .where('o.status', '=', 'active')
    .orderBy('o.name')
    .execute();
}
