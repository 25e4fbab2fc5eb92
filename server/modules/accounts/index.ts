import type { Platform } from '../../platform/context.js';
import type { ZodApp } from '../../platform/http/zod-app.js';
import { accountsRepository } from './accounts.repository.js';
import { accountsRoutes } from './accounts.routes.js';
import { accountsService } from './accounts.service.js';
import { tokensService } from './tokens.service.js';

export { revokeAllApiTokens } from './tokens.service.js';
export { issueClaimToken, claimExpiresOn } from './claim.js';

/** Wires the accounts module: repository → services → routes. */
export function registerAccounts(app: ZodApp, p: Platform) {
  const repo = accountsRepository();
  const accounts = accountsService(p, repo);
  const tokens = tokensService(p, repo);
  accountsRoutes(app, p.config, accounts, tokens);
  return { accounts, tokens, repo };
}
