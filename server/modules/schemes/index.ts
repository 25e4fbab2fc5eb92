import type { Platform } from '../../platform/context.js';
import type { ZodApp } from '../../platform/http/zod-app.js';
import { schemesRepository } from './schemes.repository.js';
import { schemesRoutes } from './schemes.routes.js';
import { type PortfolioSource, schemesService } from './schemes.service.js';

/** Wires the schemes module; `portfolios` feeds impact previews (the portfolio module provides it). */
export function registerSchemes(app: ZodApp, p: Platform, portfolios: PortfolioSource) {
  const schemes = schemesService(p, schemesRepository(p.database), portfolios);
  schemesRoutes(app, schemes);
  return schemes;
}
