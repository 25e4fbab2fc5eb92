import type { Platform } from '../../platform/context.js';
import type { ZodApp } from '../../platform/http/zod-app.js';
import type { SchemesService } from '../schemes/schemes.service.js';
import { registerJobHandlers, registerSchedules } from './register.jobs.js';
import { registerPages } from './register.pages.js';
import { registerRepository } from './register.repository.js';
import { registerRoutes } from './register.routes.js';
import { registerSearch } from './register.search.js';
import { registerService } from './register.service.js';

/**
 * Keeps the register's search index in step: call inside the transaction of any write that changes
 * what the register shows of a holder (a credential awarded or its status changed, a name or a
 * country changed).
 */
export { refreshRegisterEntry } from './register.repository.js';

/** The public register (its API and its server-rendered page), members' listing choice and employers' bulk checks; the weekly check of its index. */
export function registerRegister(app: ZodApp, p: Platform, schemes: Pick<SchemesService, 'inForce'>) {
  const register = registerService(p, registerRepository, registerSearch(p.database), schemes);
  registerRoutes(app, p.config, register);
  registerPages(app, p.config, register);
  return { service: register, jobHandlers: registerJobHandlers(p.database.db, p.clock), jobSchedules: registerSchedules };
}
