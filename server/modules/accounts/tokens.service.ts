import type { z } from 'zod';
import { type ApiScope, type CreateApiTokenBody, scopeNeeds } from '../../../contracts/accounts.js';
import type { ApiToken } from '../../db/schema.js';
import { audit } from '../../platform/audit.js';
import { type Platform, type RequestContext, auditCtx, requireActor } from '../../platform/context.js';
import { DomainError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
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

/** API tokens for integrations: shown once, stored hashed, limited by scopes. */
export function tokensService(p: Platform, repo: AccountsRepository) {
  const db = p.database.db;
  return {
    async create(ctx: RequestContext, body: z.output<typeof CreateApiTokenBody>) {
      const a = requireActor(ctx);
      if (a.via !== 'session') throw new DomainError('FORBIDDEN', 'Create API tokens from a signed-in browser session.');
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
