import type { Platform } from '../../platform/context.js';
import type { ZodApp } from '../../platform/http/zod-app.js';
import { registerSchemes } from '../schemes/index.js';
import { portfolioRepository } from './portfolio.repository.js';
import { portfolioRoutes } from './portfolio.routes.js';
import { portfolioService } from './portfolio.service.js';

/** Wires schemes and portfolios together: impact previews read every portfolio; eligibility reads the scheme in force. */
export function registerPortfolio(app: ZodApp, p: Platform) {
  const repo = portfolioRepository(p.database);
  const schemes = registerSchemes(app, p, () => repo.portfolioBatches(p.database.db));
  const portfolio = portfolioService(p, repo, schemes);
  portfolioRoutes(app, portfolio, p.config.uploadLimitBytes);
  return { schemes, portfolio };
}
