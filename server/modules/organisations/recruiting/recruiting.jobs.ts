import type { Db } from '../../../db/database.js';
import { type Clock, DAY } from '../../../platform/clock.js';
import type { JobHandler, Schedule } from '../../../platform/jobs/worker.js';
import { optedInAfter, refreshCandidate } from './candidates.repository.js';

/*
 * Candidate search reads certifications and responsibility levels from the portfolio when a holder
 * saves their listing choice. Portfolio edits since then are picked up by this daily run, which
 * rewrites every opted-in holder's rows in batches (one transaction each), so they are at most a day old.
 */
export const CANDIDATES_JOB = 'recruiting.refresh_candidates';
const BATCH = 500;

export const recruitingSchedules: Schedule[] = [{ name: CANDIDATES_JOB, kind: CANDIDATES_JOB, everyMs: DAY }];

export async function refreshCandidates(db: Db, clock: Clock, batch = BATCH): Promise<number> {
  let after = '';
  let done = 0;
  for (;;) {
    const ids = (await optedInAfter(db, after, batch)).map((r) => r.holder_id);
    if (!ids.length) return done;
    await db.transaction().execute(async (tx) => {
      const now = clock.now();
      for (const id of ids) await refreshCandidate(tx, id, now);
    });
    done += ids.length;
    after = ids.at(-1) as string;
  }
}

export function recruitingJobHandlers(db: Db, clock: Clock): Record<string, JobHandler> {
  return {
    [CANDIDATES_JOB]: async () => {
      await refreshCandidates(db, clock);
    },
  };
}
