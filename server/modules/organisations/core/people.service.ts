import type { Tx } from '../../../db/database.js';
import type { OrganisationRole, OrganisationsTable } from '../../../db/schema-organisations.js';
import { audit } from '../../../platform/audit.js';
import { type Platform, type RequestContext, auditCtx, requireActor } from '../../../platform/context.js';
import { DomainError, notFound } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import { queueMail } from '../../../platform/mail/outbox.js';
import { randomToken, sha256 } from '../../../platform/secrets.js';
import { requireOrganisationRole } from '../membership.js';
import { coreRepository as repo } from './repository.js';
import { INVITE_DAYS, addDays, inviteState, roleWords } from './rules.js';

/** Where an active organisation's logo is served (the digest in the query makes a new logo a new URL). */
export const logoUrlOf = (o: Pick<OrganisationsTable, 'slug' | 'logo_sha256' | 'status'>) =>
  o.logo_sha256 && o.status === 'active' ? `/orgs/${encodeURIComponent(o.slug)}/logo?v=${o.logo_sha256.slice(0, 12)}` : null;

const invalidInvite = () => new DomainError('INVALID_TOKEN', 'This invitation is not valid: it was used, revoked or has expired. Ask the organisation for a new one.');

/** An organisation's people: invitations by e-mail, roles inside it, leaving. */
export function peopleService(p: Platform) {
  const db = p.database.db;

  async function people(organisationId: string, withInvites: boolean) {
    const now = p.clock.now();
    const [rows, invites] = await Promise.all([repo.people(db, organisationId), withInvites ? repo.invites(db, organisationId) : Promise.resolve([])]);
    return {
      people: rows.map((r) => ({ userId: r.user_id, name: r.name, email: r.email, role: r.role, addedAt: r.added_at })),
      invites: invites.map((i) => ({ id: i.id, email: i.email, role: i.role, createdAt: i.created_at, expiresAt: i.expires_at, state: inviteState(i, now) })),
    };
  }

  /** Refuses a change that would leave the organisation without an administrator. */
  async function keepAnAdmin(tx: Tx, organisationId: string, userId: string) {
    const m = await repo.member(tx, organisationId, userId);
    if (!m) throw notFound('The person');
    if (m.role === 'admin' && (await repo.countAdmins(tx, organisationId)) <= 1) {
      throw new DomainError('CONFLICT', 'This is the organisation’s last administrator; make someone else an administrator first.');
    }
    return m;
  }

  /** An invitation row and its mail, in the caller's transaction; the link carries the only copy of the token. */
  async function queueInvite(tx: Tx, ctx: RequestContext, o: OrganisationsTable, email: string, role: OrganisationRole, now: Date) {
    const a = requireActor(ctx);
    const token = randomToken();
    const id = newId();
    const expires = addDays(now, INVITE_DAYS).toISOString();
    await repo.insertInvite(tx, { id, organisation_id: o.id, email, role, token_hash: sha256(token), invited_by: a.userId, created_at: now.toISOString(), expires_at: expires, accepted_at: null, accepted_by: null, revoked_at: null });
    await queueMail(tx, email, 'organisation_invite', { organisationName: o.name, inviterName: a.name, role: roleWords[role], link: `${p.config.publicUrl}/organisations/invites/${encodeURIComponent(token)}`, expiresOn: expires.slice(0, 10) }, now);
    await audit(tx, auditCtx(ctx), { action: 'organisation.invited', subjectType: 'organisation', subjectId: o.id, details: { inviteId: id, email, role } }, now);
    return id;
  }

  return {
    queueInvite,

    async list(ctx: RequestContext, organisationId: string) {
      const c = await requireOrganisationRole(db, ctx, organisationId, ['admin', 'hr', 'line_manager'], { staff: true });
      return people(organisationId, c.role === 'admin' || c.staff);
    },

    async invite(ctx: RequestContext, organisationId: string, body: { email: string; role: OrganisationRole }) {
      await requireOrganisationRole(db, ctx, organisationId, ['admin']);
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        const o = await repo.byId(tx, organisationId);
        if (!o) throw notFound('The organisation');
        const existing = await repo.userByEmail(tx, body.email);
        if (existing && (await repo.member(tx, organisationId, existing.id))) {
          throw new DomainError('CONFLICT', `${body.email} already works for ${o.name} here; change their role instead.`, { issues: [{ path: 'body.email', message: 'Already on the organisation’s staff' }] });
        }
        await queueInvite(tx, ctx, o, body.email, body.role, now);
      });
      p.nudgeJobs();
      return people(organisationId, true);
    },

    async revokeInvite(ctx: RequestContext, organisationId: string, inviteId: string) {
      await requireOrganisationRole(db, ctx, organisationId, ['admin']);
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        const i = await repo.invite(tx, organisationId, inviteId);
        if (!i) throw notFound('The invitation');
        if (inviteState(i, now) !== 'pending') throw new DomainError('CONFLICT', `This invitation is already ${inviteState(i, now)}.`);
        await repo.updateInvite(tx, organisationId, inviteId, { revoked_at: now.toISOString() });
        await audit(tx, auditCtx(ctx), { action: 'organisation.invite_revoked', subjectType: 'organisation', subjectId: organisationId, details: { inviteId } }, now);
      });
      return people(organisationId, true);
    },

    /** Accepted by the invited address only, signed in (after signing up, if need be), once, within 14 days. */
    async accept(ctx: RequestContext, token: string) {
      const a = requireActor(ctx);
      const now = p.clock.now();
      const out = await db.transaction().execute(async (tx) => {
        const i = await repo.inviteByToken(tx, sha256(token));
        if (!i || inviteState(i, now) !== 'pending') throw invalidInvite();
        if (i.email !== a.email.toLowerCase()) {
          throw new DomainError('FORBIDDEN', `This invitation is for ${i.email}; sign in with that address to accept it.`, { invitedEmail: i.email });
        }
        if (!a.emailVerified) throw new DomainError('EMAIL_NOT_VERIFIED', 'Confirm your e-mail address first, then open the invitation again.');
        const o = await repo.byId(tx, i.organisation_id);
        if (!o || o.status !== 'active') throw invalidInvite();
        await repo.updateInvite(tx, o.id, i.id, { accepted_at: now.toISOString(), accepted_by: a.userId });
        // An administrator who accepts a second invitation stays an administrator.
        const current = await repo.member(tx, o.id, a.userId);
        const role = current?.role === 'admin' ? 'admin' : i.role;
        await repo.addMember(tx, o.id, a.userId, role, i.invited_by, now);
        await audit(tx, auditCtx(ctx), { action: 'organisation.invite_accepted', subjectType: 'organisation', subjectId: o.id, details: { inviteId: i.id, role } }, now);
        return { organisationId: o.id, name: o.name, role };
      });
      return out;
    },

    async changeRole(ctx: RequestContext, organisationId: string, userId: string, role: OrganisationRole) {
      await requireOrganisationRole(db, ctx, organisationId, ['admin']);
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        const m = role === 'admin' ? await repo.member(tx, organisationId, userId) : await keepAnAdmin(tx, organisationId, userId);
        if (!m) throw notFound('The person');
        if (m.role === role) return;
        await repo.updateMember(tx, organisationId, userId, role);
        await audit(tx, auditCtx(ctx), { action: 'organisation.role_changed', subjectType: 'organisation', subjectId: organisationId, details: { userId, from: m.role, to: role } }, now);
      });
      return people(organisationId, true);
    },

    /** An administrator removes someone, or a person leaves; never the last administrator. */
    async remove(ctx: RequestContext, organisationId: string, userId: string) {
      const a = requireActor(ctx);
      const self = a.userId === userId;
      const c = await requireOrganisationRole(db, ctx, organisationId, self ? ['admin', 'hr', 'line_manager'] : ['admin']);
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        const m = await keepAnAdmin(tx, organisationId, userId);
        await repo.deleteMember(tx, organisationId, userId);
        await repo.dropEmployerRoleIfNone(tx, userId);
        await audit(tx, auditCtx(ctx), { action: 'organisation.person_removed', subjectType: 'organisation', subjectId: organisationId, details: { userId, role: m.role, left: self } }, now);
      });
      return people(organisationId, c.role === 'admin');
    },
  };
}

export type PeopleService = ReturnType<typeof peopleService>;
