import os from 'node:os';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/database.js';
import type { Job } from '../../db/schema.js';
import type { Clock } from '../clock.js';
import { newId } from '../ids.js';
import { isDatabaseUnavailable } from '../../db/availability.js';
import { claimNext, completeJob, enqueue, failJob, releaseJob, renewLease, setProgress } from './queue.js';

export type JobContext = {
  job: Job;
  payload: unknown;
  /** Whether this is the job's last permitted attempt (so a handler can record a final failure). */
  lastAttempt: boolean;
  /**
   * Records progress and, when given, a checkpoint (any JSON: a cursor, counts so far) that a later attempt
   * receives as `resume`. Report the checkpoint after the work it describes has committed. Throws
   * JobLeaseLost when another worker has taken the job over, so the handler stops.
   */
  progress: (done: number, total: number, message?: string, checkpoint?: unknown) => Promise<void>;
  /** The checkpoint the previous attempt saved (after a failure, a crash or a takeover), or null. */
  resume: unknown;
  /** Aborted when this worker has lost the job's lease to another: a handler may stop early. */
  signal: AbortSignal;
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
  /** How long a claimed job stays this worker's without a heartbeat (default 30 s). */
  leaseMs?: number;
  /** How often the lease of the job in hand is renewed (default a third of the lease). */
  heartbeatMs?: number;
};

/** The job was taken over by another worker after this one's lease lapsed. */
export class JobLeaseLost extends Error {
  constructor(jobId: string) {
    super(`Job ${jobId} was taken over by another worker (its lease lapsed)`);
    this.name = 'JobLeaseLost';
  }
}

/** The longest the worker waits between tries while the database is unavailable. */
const MAX_OUTAGE_WAIT_MS = 10_000;

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
  const leaseMs = opts.leaseMs ?? 30_000;
  const heartbeatMs = opts.heartbeatMs ?? Math.max(10, Math.floor(leaseMs / 3));
  let running = false;
  let outage = 0; // loop passes in a row that failed because the database is unavailable
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
    const lease = new AbortController();
    // The heartbeat keeps the job this worker's while the handler runs, however long a step takes; if
    // the process stops, the lease lapses within leaseMs and another worker (or this one restarted) takes over.
    let beating: Promise<void> | null = null;
    const heartbeat = setInterval(() => {
      if (beating) return;
      beating = renewLease(opts.db, job.id, id, opts.clock.now(), leaseMs)
        .then((held) => {
          if (!held && !lease.signal.aborted) {
            log.warn('job lease lost: another worker took the job over');
            lease.abort(new JobLeaseLost(job.id));
          }
        })
        .catch((err) => log.warn({ err: err instanceof Error ? err.message : String(err) }, 'job heartbeat failed; will try again'))
        .finally(() => {
          beating = null;
        });
    }, heartbeatMs);
    heartbeat.unref();
    try {
      await handler({
        job,
        payload: JSON.parse(job.payload),
        lastAttempt: job.attempts >= job.max_attempts,
        resume: job.checkpoint ? JSON.parse(job.checkpoint) : null,
        signal: lease.signal,
        progress: async (done, total, message, checkpoint) => {
          if (!(await setProgress(opts.db, job.id, { done, total, message }, opts.clock.now(), { workerId: id, leaseMs }, checkpoint))) {
            lease.abort(new JobLeaseLost(job.id));
            throw new JobLeaseLost(job.id);
          }
        },
      });
      clearInterval(heartbeat);
      await beating;
      await completeJob(opts.db, job.id, id, opts.clock.now());
      log.debug('job done');
    } catch (err) {
      clearInterval(heartbeat);
      await beating;
      const message = err instanceof Error ? err.message : String(err);
      if (err instanceof JobLeaseLost || lease.signal.aborted) {
        log.warn('job left to the worker that took it over');
      } else if (isDatabaseUnavailable(err)) {
        // Not the job's fault: back in the queue without counting the attempt. If this write fails too, the
        // lease lapses and the job is taken over once the database is back.
        await releaseJob(opts.db, job, id, message, opts.clock.now(), pollMs);
        log.warn({ err: message }, 'job interrupted: the database is unavailable; it will run again');
      } else {
        const outcome = await failJob(opts.db, job, id, message, opts.clock.now());
        log[outcome === 'failed' ? 'error' : 'warn']({ err }, `job ${outcome === 'failed' ? 'failed for good' : 'will retry'}`);
      }
    }
    return true;
  }

  async function loop(): Promise<void> {
    while (running) {
      try {
        await enqueueSchedules();
        while (running && (await runOne()));
        if (outage > 0) opts.logger.info('the database answers again; the job worker carries on');
        outage = 0;
      } catch (err) {
        if (isDatabaseUnavailable(err)) {
          if (outage === 0) opts.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'the database is unavailable; the job worker waits and tries again');
          outage++;
        } else {
          opts.logger.error({ err }, 'job worker loop error');
        }
      }
      if (!running) break;
      // While the database is away, wait longer each time (up to 10 s) instead of failing every poll.
      const wait = outage > 0 ? Math.min(MAX_OUTAGE_WAIT_MS, Math.max(pollMs, 250 * 2 ** outage)) : pollMs;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, wait);
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
