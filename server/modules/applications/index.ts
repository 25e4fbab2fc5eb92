import type { Platform } from '../../platform/context.js';
import type { ZodApp } from '../../platform/http/zod-app.js';
import type { JobHandler, Schedule } from '../../platform/jobs/worker.js';
import type { PortfolioService } from '../portfolio/portfolio.service.js';
import type { SchemesService } from '../schemes/schemes.service.js';
import { HOUR } from '../../platform/clock.js';
import { applicationsPages } from './applications.pages.js';
import { applicationsRoutes } from './applications.routes.js';
import { applicationsService } from './applications.service.js';
import { REFERENCES_JOB, referencesJob } from './references.jobs.js';
import { referencesService } from './references.service.js';
import { assessmentJobs } from './assessment.jobs.js';
import { assessmentRoutes } from './assessment.routes.js';
import { assessmentService } from './assessment.service.js';

export type ApplicationsDeps = { schemes: SchemesService; portfolio: PortfolioService };

/**
 * Wires applications: the member side (applying, references, nominations, information requests, appeals) and
 * the assessment side (assignment, scoring, recommendations, decisions, fees, credential records). Returns the
 * services and the job handlers and schedules app.ts gives the worker.
 */
export function registerApplications(app: ZodApp, p: Platform, deps: ApplicationsDeps) {
  const jobHandlers: Record<string, JobHandler> = {};
  const jobSchedules: Schedule[] = [];
  void app;
  void p;
  void deps;
  const applications = applicationsService(p, deps);
  const references = referencesService(p);
  applicationsRoutes(app, applications, references);
  applicationsPages(app, p.config, applications);
  jobHandlers[REFERENCES_JOB] = referencesJob(p.database.db, p.clock, p.config.publicUrl);
  jobSchedules.push({ name: REFERENCES_JOB, kind: REFERENCES_JOB, everyMs: HOUR });
  const assessment = assessmentService(p, deps);
  assessmentRoutes(app, assessment);
  const assessing = assessmentJobs(assessment);
  Object.assign(jobHandlers, assessing.handlers);
  jobSchedules.push(...assessing.schedules);
  return { jobHandlers, jobSchedules, assessment, applications, references };
}
