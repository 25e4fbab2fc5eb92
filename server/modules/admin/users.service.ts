import type { z } from 'zod';
import type { ListUsersQuery, Role } from '../../../contracts/accounts.js';
import { audit } from '../../platform/audit.js';
import { type Platform, type RequestContext, auditCtx, requireRole } from '../../platform/context.js';
import { DomainError, notFound } from '../../platform/errors.js';
import type { AccountsRepository } from '../accounts/accounts.repository.js';
import { revokeAllApiTokens } from '../accounts/index.js';

/** System administrators list users, grant and revoke roles, and disable accounts. */
export function usersAdminService(p: Platform, repo: AccountsRepository) {
  const db = p.database.db;

  async function summaryOf(userId: string) {
    const u = await repo.findUserById(db, userId);
    if (!u) throw notFound('User');
    return {
      id: u.id,
      email: u.email,
      name: u.name,
      status: u.status,
      emailVerified: u.email_verified_at !== null,
      roles: (await repo.rolesOf(db, u.id)) as Role[],
      createdAt: u.created_at,
    };
  }

  return {
    async list(ctx: RequestContext, query: z.output<typeof ListUsersQuery>) {
      requireRole(ctx, ['system_admin']);
      const { total, users, roleRows } = await repo.listUsers(db, query);
      const byUser = new Map<string, Role[]>();
      for (const r of roleRows) byUser.set(r.user_id, [...(byUser.get(r.user_id) ?? []), r.role as Role]);
      return {
        total,
        users: users.map((u) => ({
          id: u.id,
          email: u.email,
          name: u.name,
          status: u.status,
          emailVerified: u.email_verified_at !== null,
          roles: (byUser.get(u.id) ?? []).sort(),
          createdAt: u.created_at,
        })),
      };
    },

    async grantRole(ctx: RequestContext, userId: string, role: Role) {
      const a = requireRole(ctx, ['system_admin']);
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        if (!(await repo.findUserById(tx, userId))) throw notFound('User');
        await repo.grantRole(tx, userId, role, a.userId, now.toISOString());
        await audit(tx, auditCtx(ctx), { action: 'role.granted', subjectType: 'user', subjectId: userId, details: { role } }, now);
      });
      return summaryOf(userId);
    },

    /** Refuses to remove the last system administrator, which would lock everyone out. */
    async revokeRole(ctx: RequestContext, userId: string, role: Role) {
      requireRole(ctx, ['system_admin']);
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        if (!(await repo.findUserById(tx, userId))) throw notFound('User');
        if (role === 'system_admin' && (await repo.countRole(tx, 'system_admin')) <= 1 && (await repo.rolesOf(tx, userId)).includes('system_admin')) {
          throw new DomainError('CONFLICT', 'This is the last system administrator; grant the role to someone else first.');
        }
        await repo.revokeRole(tx, userId, role);
        await audit(tx, auditCtx(ctx), { action: 'role.revoked', subjectType: 'user', subjectId: userId, details: { role } }, now);
      });
      return summaryOf(userId);
    },

    async setStatus(ctx: RequestContext, userId: string, status: 'active' | 'disabled') {
      const a = requireRole(ctx, ['system_admin']);
      if (a.userId === userId && status === 'disabled') throw new DomainError('CONFLICT', 'You cannot disable your own account.');
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        if (!(await repo.findUserById(tx, userId))) throw notFound('User');
        await repo.updateUser(tx, userId, { status, updated_at: now.toISOString() });
        if (status === 'disabled') {
          // Disabling ends the account's sessions and API tokens for good: re-enabling restores neither.
          await repo.deleteSessionsOf(tx, userId);
          const revoked = await revokeAllApiTokens(tx, repo, userId, 'account_disabled', auditCtx(ctx), now);
          await audit(tx, auditCtx(ctx), { action: 'account.disabled', subjectType: 'user', subjectId: userId, details: { revokedApiTokens: revoked.length } }, now);
        } else await audit(tx, auditCtx(ctx), { action: 'account.enabled', subjectType: 'user', subjectId: userId }, now);
      });
      return summaryOf(userId);
    },
  };
}
