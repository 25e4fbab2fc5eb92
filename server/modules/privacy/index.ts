import type { Platform } from '../../platform/context.js';
import { DAY } from '../../platform/clock.js';
import type { ZodApp } from '../../platform/http/zod-app.js';
import type { JobHandler, Schedule } from '../../platform/jobs/worker.js';
import type { CpdStandards } from '../cpd/standards.js';
import { recordPdf } from '../cpd/export.service.js';
import type { RegisterService } from '../register/register.service.js';
import { EXPORT_JOB, exportHandler } from './archive.js';
import { recordChoice } from './consents.repository.js';
import { consentsService } from './consents.service.js';
import { erasureService } from './erasure.service.js';
import { exportsService } from './exports.service.js';
import { privacyRoutes } from './privacy.routes.js';
import { RETENTION_JOB, retentionService } from './retention.js';

/** For the backup's restore: every recorded erasure applied again (idempotent). */
export { reapplyErasures, type ReapplyOptions } from './erasure.service.js';
export type { ErasureRecord } from './erasure.js';

export type PrivacyDeps = { exports: Pick<CpdStandards['exports'], 'record'>; register: Pick<RegisterService, 'followListing'> };

/**
 * Wires privacy: consent records (the register listing recorded as the member changes it), subject-access
 * archives built by a job, erasure, and evidence retention (a daily job with a dry-run report).
 */
export function registerPrivacy(app: ZodApp, p: Platform, deps: PrivacyDeps) {
  const consents = consentsService(p);
  const exports = exportsService(p);
  const erasure = erasureService(p);
  const retention = retentionService(p);
  privacyRoutes(app, { consents, exports, erasure, retention });
  // Listing in the public register is consent too: each change of the choice is recorded with the words.
  deps.register.followListing(async (tx, holderId, now) => {
    const row = await tx.selectFrom('register_listings').select('listed').where('holder_id', '=', holderId).executeTakeFirst();
    await recordChoice(tx, holderId, 'register_listing', row?.listed === 1, now);
  });
  const jobHandlers: Record<string, JobHandler> = {
    [EXPORT_JOB]: exportHandler(p, { cpdRecord: (ctx) => deps.exports.record(ctx, 'pdf'), recordPdf }),
    [RETENTION_JOB]: async () => {
      await retention.purge();
      await exports.expire();
    },
  };
  const jobSchedules: Schedule[] = [{ name: RETENTION_JOB, kind: RETENTION_JOB, everyMs: DAY }];
  return { consents, exports, erasure, retention, jobHandlers, jobSchedules };
}
export type PrivacyModule = ReturnType<typeof registerPrivacy>;
