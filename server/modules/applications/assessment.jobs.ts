import { MINUTE } from '../../platform/clock.js';
import type { JobHandler, Schedule } from '../../platform/jobs/worker.js';
import { ASSIGN_JOB } from './applications.service.js';
import { ASSIGN_SWEEP_JOB, type AssessmentService } from './assessment.service.js';

/*
 * Assignment runs as a job: enqueued when an application reaches an empty seat (submitted, a third assessor
 * needed, appealed, a hand-back), and swept every 15 minutes for anything left waiting because too few
 * assessors were free. Both are safe to run twice: a filled seat is left alone.
 */
export function assessmentJobs(s: AssessmentService): { handlers: Record<string, JobHandler>; schedules: Schedule[] } {
  return {
    handlers: {
      [ASSIGN_JOB]: async ({ payload }) => {
        const id = (payload as { applicationId?: unknown }).applicationId;
        if (typeof id !== 'string') throw new Error('applications.assign needs { applicationId }');
        await s.assign(id);
      },
      [ASSIGN_SWEEP_JOB]: async () => {
        await s.sweep();
      },
    },
    schedules: [{ name: ASSIGN_SWEEP_JOB, kind: ASSIGN_SWEEP_JOB, everyMs: 15 * MINUTE }],
  };
}
