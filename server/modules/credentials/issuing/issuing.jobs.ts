import type { JobHandler, Schedule } from '../../../platform/jobs/worker.js';
import { ISSUE_JOB, type IssuingService } from './issuing.service.js';

/** How often the sweep looks for credential records without an issued credential (requestIssue is sooner). */
export const ISSUE_SWEEP_MS = 60_000;

/**
 * `credentials.issue`: payload `{ ids?: string[] }`. With ids, issues those records (requestIssue);
 * without, every record that has none yet (the sweep, which also finds records the demo seed or any
 * other writer left). Progress is reported per chunk, which also renews the job's lease.
 */
export function issuingJobs(issuing: IssuingService): { jobHandlers: Record<string, JobHandler>; jobSchedules: Schedule[] } {
  return {
    jobHandlers: {
      [ISSUE_JOB]: async (ctx) => {
        const payload = (ctx.payload ?? {}) as { ids?: unknown };
        const ids = Array.isArray(payload.ids) ? payload.ids.filter((x): x is string => typeof x === 'string') : undefined;
        await issuing.issuePending({ ids, progress: (done, total) => ctx.progress(done, total, `${done} of ${total} credentials issued`) });
      },
    },
    jobSchedules: [{ name: 'credentials.issue-sweep', kind: ISSUE_JOB, everyMs: ISSUE_SWEEP_MS }],
  };
}
