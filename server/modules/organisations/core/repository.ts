import type { Db, Tx } from '../../../db/database.js';
import type { OrganisationDomainsTable, OrganisationInvitesTable, OrganisationRole, OrganisationsTable } from '../../../db/schema-organisations.js';
import { accountsRepository } from '../../accounts/accounts.repository.js';

type Q = Db | Tx;
const accounts = accountsRepository();

/** Queries of organisations, their domains, people and invitations; every one names the organisation. */
export const coreRepository = {
  byId: (q: Q, id: string) => q.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst(),
  bySlug: (q: Q, slug: string) => q.selectFrom('organisations').selectAll().where('slug', '=', slug).executeTakeFirst(),
  insert: (q: Q, row: OrganisationsTable) => q.insertInto('organisations').values(row).execute(),
  update: (q: Q, id: string, patch: Partial<OrganisationsTable>) => q.updateTable('organisations').set(patch).where('id', '=', id).execute(),

  /** Organisations with who requested them; staff see every one, others those they work for or asked for. */
  list: (q: Q, opts: { status?: OrganisationsTable['status']; userId?: string }) => {
    let s = q
      .selectFrom('organisations as o')
      .leftJoin('users as r', 'r.id', 'o.requested_by')
      .select(['o.id', 'o.slug', 'o.name', 'o.country', 'o.status', 'o.created_at', 'o.requested_by', 'r.name as requester_name', 'r.email as requester_email'])
      .orderBy('o.name')
      .orderBy('o.id')
      .limit(500);
    if (opts.status) s = s.where('o.status', '=', opts.status);
    if (opts.userId) {
      const userId = opts.userId;
      s = s.where((eb) =>
        eb.or([eb('o.requested_by', '=', userId), eb.exists(eb.selectFrom('organisation_members as m').select('m.user_id').whereRef('m.organisation_id', '=', 'o.id').where('m.user_id', '=', userId))]),
      );
    }
    return s.execute();
  },
  rolesIn: (q: Q, userId: string) => q.selectFrom('organisation_members').select(['organisation_id', 'role']).where('user_id', '=', userId).execute(),

  domains: (q: Q, organisationId: string) => q.selectFrom('organisation_domains').selectAll().where('organisation_id', '=', organisationId).orderBy('domain').execute(),
  domain: (q: Q, organisationId: string, domain: string) =>
    q.selectFrom('organisation_domains').selectAll().where('organisation_id', '=', organisationId).where('domain', '=', domain).executeTakeFirst(),
  domainByToken: (q: Q, tokenHash: string) => q.selectFrom('organisation_domains').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst(),
  insertDomain: (q: Q, row: OrganisationDomainsTable) => q.insertInto('organisation_domains').values(row).execute(),
  updateDomain: (q: Q, organisationId: string, domain: string, patch: Partial<OrganisationDomainsTable>) =>
    q.updateTable('organisation_domains').set(patch).where('organisation_id', '=', organisationId).where('domain', '=', domain).execute(),
  deleteDomain: (q: Q, organisationId: string, domain: string) => q.deleteFrom('organisation_domains').where('organisation_id', '=', organisationId).where('domain', '=', domain).execute(),
  /** Another organisation that verified the domain already: a domain is verified for one organisation only. */
  verifiedElsewhere: (q: Q, organisationId: string, domain: string) =>
    q.selectFrom('organisation_domains').select('organisation_id').where('domain', '=', domain).where('organisation_id', '!=', organisationId).where('verified_at', 'is not', null).executeTakeFirst(),

  people: (q: Q, organisationId: string) =>
    q
      .selectFrom('organisation_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.user_id', 'u.name', 'u.email', 'm.role', 'm.added_at'])
      .where('m.organisation_id', '=', organisationId)
      .orderBy('u.name')
      .orderBy('m.user_id')
      .execute(),
  member: (q: Q, organisationId: string, userId: string) =>
    q.selectFrom('organisation_members').selectAll().where('organisation_id', '=', organisationId).where('user_id', '=', userId).executeTakeFirst(),
  countAdmins: async (q: Q, organisationId: string) =>
    Number(
      (await q.selectFrom('organisation_members').select((eb) => eb.fn.countAll().as('n')).where('organisation_id', '=', organisationId).where('role', '=', 'admin').executeTakeFirstOrThrow()).n,
    ),
  updateMember: (q: Q, organisationId: string, userId: string, role: OrganisationRole) =>
    q.updateTable('organisation_members').set({ role }).where('organisation_id', '=', organisationId).where('user_id', '=', userId).execute(),
  deleteMember: (q: Q, organisationId: string, userId: string) => q.deleteFrom('organisation_members').where('organisation_id', '=', organisationId).where('user_id', '=', userId).execute(),

  /**
   * Puts a person on an organisation's staff (or changes their role there) and grants the global
   * employer_admin role, which says "works for an organisation"; the role inside decides the rest.
   */
  async addMember(q: Q, organisationId: string, userId: string, role: OrganisationRole, by: string | null, now: Date) {
    const at = now.toISOString();
    await q
      .insertInto('organisation_members')
      .values({ organisation_id: organisationId, user_id: userId, role, added_by: by, added_at: at })
      .onConflict((oc) => oc.columns(['organisation_id', 'user_id']).doUpdateSet({ role }))
      .execute();
    await accounts.grantRole(q, userId, 'employer_admin', by, at);
  },
  /** Takes employer_admin away from someone who no longer works for any organisation. */
  async dropEmployerRoleIfNone(q: Q, userId: string) {
    const left = await q.selectFrom('organisation_members').select('organisation_id').where('user_id', '=', userId).executeTakeFirst();
    if (!left) await accounts.revokeRole(q, userId, 'employer_admin');
  },

  invites: (q: Q, organisationId: string) => q.selectFrom('organisation_invites').selectAll().where('organisation_id', '=', organisationId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(200).execute(),
  invite: (q: Q, organisationId: string, id: string) => q.selectFrom('organisation_invites').selectAll().where('organisation_id', '=', organisationId).where('id', '=', id).executeTakeFirst(),
  inviteByToken: (q: Q, tokenHash: string) => q.selectFrom('organisation_invites').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst(),
  insertInvite: (q: Q, row: OrganisationInvitesTable) => q.insertInto('organisation_invites').values(row).execute(),
  updateInvite: (q: Q, organisationId: string, id: string, patch: { accepted_at?: string; accepted_by?: string; revoked_at?: string }) =>
    q.updateTable('organisation_invites').set(patch).where('organisation_id', '=', organisationId).where('id', '=', id).execute(),
  userByEmail: (q: Q, email: string) => accounts.findUserByEmail(q, email),
  userById: (q: Q, id: string) => accounts.findUserById(q, id),
};

