import type { Platform } from '../../platform/context.js';
import type { ZodApp } from '../../platform/http/zod-app.js';
import type { JobHandler } from '../../platform/jobs/worker.js';
import type { SchemesService } from '../schemes/schemes.service.js';
import { invitesJob, queueInvites } from './import.invites.js';
import { registerImportRepository } from './import.repository.js';
import { registerImportRoutes } from './import.routes.js';
import { INVITE_JOB, REGISTER_IMPORT_JOB, registerImportJob, registerImportService } from './import.service.js';

export { INVITE_JOB, REGISTER_IMPORT_JOB } from './import.service.js';

/** Wires importing an existing register: the service, its routes and its two jobs (the import, the invitations). */
export function registerRegisterImport(app: ZodApp, p: Platform, schemes: Pick<SchemesService, 'inForce'>) {
  const imports = registerImportService(p, registerImportRepository, schemes, queueInvites);
  registerImportRoutes(app, imports);
  const jobHandlers: Record<string, JobHandler> = {
    [REGISTER_IMPORT_JOB]: registerImportJob(imports),
    [INVITE_JOB]: invitesJob(p, registerImportRepository),
  };
  return { imports, jobHandlers };
}
