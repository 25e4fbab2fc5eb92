import { DAY, HOUR } from '../../platform/clock.js';
import type { Platform } from '../../platform/context.js';
import type { ZodApp } from '../../platform/http/zod-app.js';
import type { JobHandler, Schedule } from '../../platform/jobs/worker.js';
import { auditsRepository } from './audits.repository.js';
import { auditsService } from './audits.service.js';
import type { CpdService } from './cpd.service.js';
import { exportRepository } from './export.repository.js';
import { exportService } from './export.service.js';
import { importsRepository } from './imports.repository.js';
import { IMPORT_JOB, importJob, importsService } from './imports.service.js';
import { DAILY_JOB, type StandingSteps, dailyJob } from './lapse.job.js';
import type { LapseRepository } from './lapse.repository.js';
import { PLAN_REMINDERS_JOB, planRemindersJob } from './plan-reminders.js';
import { standardsRoutes } from './standards.routes.js';
import { drawingPool, siblingModule } from '../../platform/workers.js';
import type { CpdRecord } from './export.service.js';

export const AUDIT_SAMPLE_JOB = 'cpd.audit-sample';

/**
 * Wires keeping CPD standards: provider imports, audits, the daily standing job (reminders, grace,
 * suspension, lapse, reinstatement), the plan reminders job and the member's export. Returns the services and the job handlers and
 * schedules app.ts gives the worker.
 */
export function registerCpdStandards(app: ZodApp, p: Platform, cpd: CpdService, lapses: LapseRepository, standing: StandingSteps) {
  const imports = importsService(p, importsRepository(p.database), standing.recheckQuietly);
  const audits = auditsService(p, auditsRepository, standing.recheckQuietly);
  const exports = exportService(p, exportRepository, cpd, audits);
  const daily = dailyJob(p, lapses, audits, standing);
  const planReminders = planRemindersJob(p);
  // The record's PDF is drawn on a worker thread: a long record takes seconds to lay out.
  const pdfs = drawingPool(siblingModule(import.meta.url, 'export-worker'));
  app.addHook('onClose', () => pdfs.close());
  const recordPdf = (record: CpdRecord) => pdfs.draw<Uint8Array>('recordPdf', record, 'your CPD record');
  standardsRoutes(app, { imports, audits, exports, recordPdf }, p.config.uploadLimitBytes);
  const jobHandlers: Record<string, JobHandler> = {
    [IMPORT_JOB]: importJob(imports),
    [DAILY_JOB]: daily.handler,
    [PLAN_REMINDERS_JOB]: planReminders.handler,
    // Checked daily; draws once a year (see scheduledSample). A retry of the same job draws the same sample.
    [AUDIT_SAMPLE_JOB]: async (ctx) => {
      await audits.scheduledSample(`yearly-${ctx.job.id}`);
    },
  };
  const jobSchedules: Schedule[] = [
    { name: DAILY_JOB, kind: DAILY_JOB, everyMs: DAY },
    // Hourly, so a reminder goes out early on its day rather than at whatever hour the daily job runs.
    { name: PLAN_REMINDERS_JOB, kind: PLAN_REMINDERS_JOB, everyMs: HOUR },
    { name: AUDIT_SAMPLE_JOB, kind: AUDIT_SAMPLE_JOB, everyMs: DAY },
  ];
  return { imports, audits, exports, daily, standing, planReminders, jobHandlers, jobSchedules };
}
export type CpdStandards = ReturnType<typeof registerCpdStandards>;
