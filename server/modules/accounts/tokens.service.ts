import type { z } from 'zod';
import { type ApiScope, type CreateApiTokenBody, type RevokedApiToken, scopeNeeds } from '../../../contracts/accounts.js';
import type { Tx } from '../../db/database.js';
import type { ApiToken } from '../../db/schema.js';
import { type AuditContext, audit } from '../../platform/audit.js';
import { type Platform, type RequestContext, auditCtx, requireActor } from '../../platform/context.js';
import { DomainError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { verifyPassword } from '../../platform/passwords.js';
import { randomToken, sha256 } from '../../platform/secrets.js';
import type { AccountsRepository } from './accounts.repository.js';

const summary = (t: ApiToken) => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  scopes: JSON.parse(t.scopes) as ApiScope[],
  createdAt: t.created_at,
  expiresAt: t.expires_at,
  lastUsedAt: t.last_used_at,
});

/** Why every token of an account was revoked at once. */
export type RevokeAllReason = 'password_reset' | 'password_changed' | 'account_disabled';

/**
 * Revokes every active API token of `userId` in the caller's transaction, one audit entry each, and answers
 * which were revoked. A token stands for its owner's password: whatever replaces or suspends the password
 * (a reset, a change, disabling the account) ends the tokens too, so a re-enabled account starts with none.
 */
export async function revokeAllApiTokens(tx: Tx, repo: AccountsRepository, userId: string, reason: RevokeAllReason, by: AuditContext, now: Date): Promise<RevokedApiToken[]> {
  const revoked = await repo.revokeApiTokensOf(tx, userId, now.toISOString());
  for (const t of revoked)
    await audit(tx, by, { action: 'api_token.revoked', subjectType: 'api_token', subjectId: t.id, details: { userId, reason, name: t.name, prefix: t.prefix } }, now);
  return revoked;
}

/** "name (gh_abcdefg…)" for telling a person which tokens were revoked. */
export const describeToken = (t: RevokedApiToken) => `${t.name} (${t.prefix}…)`;

/** API tokens for integrations: shown once, stored hashed, limited by scopes. */
export function tokensService(p: Platform, repo: AccountsRepository) {
  const db = p.database.db;
  return {
    async create(ctx: RequestContext, body: z.output<typeof CreateApiTokenBody>) {
      const a = requireActor(ctx);
      if (a.via !== 'session') throw new DomainError('FORBIDDEN', 'Create API tokens from a signed-in browser session.');
      const user = await repo.findUserById(db, a.userId);
      if (!user?.password_hash || !(await verifyPassword(user.password_hash, body.currentPassword))) {
        throw new DomainError('INVALID_CREDENTIALS', 'Your current password is incorrect.', { fields: { currentPassword: ['Incorrect password'] } });
      }
      const refused = body.scopes.filter((s) => scopeNeeds[s] && !scopeNeeds[s]?.some((r) => a.roles.has(r)));
      if (refused.length) {
        throw new DomainError('FORBIDDEN', `Your roles do not allow the scope${refused.length > 1 ? 's' : ''} ${refused.join(', ')}.`, { fields: { scopes: refused } });
      }
      const now = p.clock.now();
      const token = `gh_${randomToken(32)}`;
      const row: ApiToken = {
        id: newId(),
        user_id: a.userId,
        name: body.name,
        token_hash: sha256(token),
        prefix: token.slice(0, 10),
        scopes: JSON.stringify([...new Set(body.scopes)]),
        created_at: now.toISOString(),
        expires_at: body.expiresInDays ? new Date(now.getTime() + body.expiresInDays * 86_400_000).toISOString() : null,
        last_used_at: null,
        revoked_at: null,
      };
      await db.transaction().execute(async (tx) => {
        await repo.insertApiToken(tx, row);
        await audit(tx, auditCtx(ctx), { action: 'api_token.created', subjectType: 'api_token', subjectId: row.id, details: { scopes: body.scopes } }, now);
      });
      return { ...summary(row), token };
    },

    async list(ctx: RequestContext) {
      const a = requireActor(ctx);
      return { tokens: (await repo.listApiTokens(db, a.userId)).map(summary) };
    },

    /** Only the owner can revoke; someone else's token id answers not found, revealing nothing. */
    async revoke(ctx: RequestContext, id: string) {
      const a = requireActor(ctx);
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        if (!(await repo.revokeApiToken(tx, a.userId, id, now.toISOString()))) throw notFound('API token');
        await audit(tx, auditCtx(ctx), { action: 'api_token.revoked', subjectType: 'api_token', subjectId: id }, now);
      });
      return { status: 'ok' as const };
    },
  };
}
