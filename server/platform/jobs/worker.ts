import os from 'node:os';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/database.js';
import type { Job } from '../../db/schema.js';
import type { Clock } from '../clock.js';
import { newId } from '../ids.js';
import { claimNext, completeJob, enqueue, failJob, setProgress } from './queue.js';

export type JobContext = {
  job: Job;
  payload: unknown;
  /** Whether this is the job's last permitted attempt (so a handler can record a final failure). */
  lastAttempt: boolean;
  /** Records progress and renews the lease, so a long job should report progress regularly. */
  progress: (done: number, total: number, message?: string) => Promise<void>;
};
export type JobHandler = (ctx: JobContext) => Promise<void>;
/** A recurring job: enqueued once per slot of `everyMs` across all processes, by idempotency key. */
export type Schedule = { name: string; kind: string; everyMs: number; payload?: unknown };

export type WorkerOptions = {
  db: Db;
  dialect: 'sqlite' | 'postgres';
  clock: Clock;
  logger: FastifyBaseLogger;
  handlers: Record<string, JobHandler>;
  schedules?: Schedule[];
  pollMs?: number;
  leaseMs?: number;
};

export type Worker = {
  start: () => void;
  /** Stops polling and waits for the job in hand to finish. */
  stop: () => Promise<void>;
  /** Runs due jobs until none is left; returns how many ran. For the CLI and tests. */
  drain: (limit?: number) => Promise<number>;
  /** Wakes the loop now (after an enqueue in this process). */
  nudge: () => void;
  id: string;
};

/** A polling job worker; several processes may run one each against the same database. */
export function createWorker(opts: WorkerOptions): Worker {
  const id = `${os.hostname()}:${process.pid}:${newId().slice(-8)}`;
  const pollMs = opts.pollMs ?? 1000;
  const leaseMs = opts.leaseMs ?? 5 * 60_000;
  let running = false;
  let timer: NodeJS.Timeout | null = null;
  let current: Promise<unknown> = Promise.resolve();
  let wake: (() => void) | null = null;

  async function enqueueSchedules(): Promise<void> {
    const now = opts.clock.now();
    for (const s of opts.schedules ?? []) {
      const slot = new Date(Math.floor(now.getTime() / s.everyMs) * s.everyMs);
      await enqueue(opts.db, s.kind, s.payload ?? {}, now, { idempotencyKey: `schedule:${s.name}@${slot.toISOString()}`, maxAttempts: 3 });
    }
  }

  async function runOne(): Promise<boolean> {
    const job = await claimNext(opts.db, opts.dialect, id, opts.clock.now(), leaseMs);
    if (!job) return false;
    const handler = opts.handlers[job.kind];
    const log = opts.logger.child({ jobId: job.id, jobKind: job.kind, attempt: job.attempts });
    if (job.attempts > job.max_attempts) {
      // Reclaimed after its lease expired on the last permitted attempt: the worker died mid-job
      // (perhaps because of the job). Running it again would exceed max_attempts, so it fails here.
      await failJob(opts.db, job, id, 'The last permitted attempt did not finish (its worker stopped and the lease expired)', opts.clock.now());
      log.error('job abandoned after its last attempt');
      return true;
    }
    if (!handler) {
      await failJob(opts.db, { ...job, attempts: job.max_attempts }, id, `No handler for job kind "${job.kind}"`, opts.clock.now());
      log.error('job has no handler');
      return true;
    }
    try {
      await handler({
        job,
        payload: JSON.parse(job.payload),
        lastAttempt: job.attempts >= job.max_attempts,
        progress: (done, total, message) => setProgress(opts.db, job.id, { done, total, message }, opts.clock.now(), { workerId: id, leaseMs }),
      });
      await completeJob(opts.db, job.id, id, opts.clock.now());
      log.debug('job done');
    } catch (err) {
      const outcome = await failJob(opts.db, job, id, err instanceof Error ? err.message : String(err), opts.clock.now());
      log[outcome === 'failed' ? 'error' : 'warn']({ err }, `job ${outcome === 'failed' ? 'failed for good' : 'will retry'}`);
    }
    return true;
  }

  async function loop(): Promise<void> {
    while (running) {
      try {
        await enqueueSchedules();
        while (running && (await runOne()));
      } catch (err) {
        opts.logger.error({ err }, 'job worker loop error');
      }
      if (!running) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, pollMs);
      });
      wake = null;
    }
  }

  return {
    id,
    start() {
      if (running) return;
      running = true;
      current = loop();
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      wake?.();
      await current;
    },
    async drain(limit = 10_000) {
      await enqueueSchedules();
      let n = 0;
      while (n < limit && (await runOne())) n++;
      return n;
    },
    nudge() {
      wake?.();
    },
  };
}
