import type { Platform } from '../../platform/context.js';
import type { ZodApp } from '../../platform/http/zod-app.js';
import type { JobHandler, Schedule } from '../../platform/jobs/worker.js';
import { DAY } from '../../platform/clock.js';
import type { IssuerService } from '../credentials/issuing/issuer.service.js';
import { HEAD_JOB, signTodaysHead } from './heads.js';
import { auditHeadRoutes } from './routes.js';

/** The audit log's signed heads (public routes and the daily job that signs them). */
export function registerAuditLog(app: ZodApp, p: Platform, issuer: Pick<IssuerService, 'signingKey'>) {
  auditHeadRoutes(app, p.database.db);
  const jobHandlers: Record<string, JobHandler> = {
    [HEAD_JOB]: async () => {
      await signTodaysHead(p.database.db, issuer.signingKey, p.clock.now());
    },
  };
  const jobSchedules: Schedule[] = [{ name: HEAD_JOB, kind: HEAD_JOB, everyMs: DAY }];
  return { jobHandlers, jobSchedules, signTodaysHead: () => signTodaysHead(p.database.db, issuer.signingKey, p.clock.now()) };
}
