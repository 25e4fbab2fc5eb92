import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { markIfUnavailable } from '../../server/db/availability.js';
import type { DbHandle } from '../../server/db/database.js';
import { manualClock } from '../../server/platform/clock.js';
import { enqueue } from '../../server/platform/jobs/queue.js';
import { createWorker, type JobHandler } from '../../server/platform/jobs/worker.js';
import { freshDatabase } from '../support/app.js';
import { secondConnection, silentLogger, sleep, waitFor } from './helpers.js';

// Leases of seconds, renewed by a heartbeat while the handler runs: a job whose process stopped is taken over
// by another worker after the lease, a live long job never is, and the new holder resumes from the checkpoint.

const T0 = '2026-11-25T10:00:00.000Z';
const LEASE = 30_000;

let database: DbHandle;
let other: DbHandle;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  let dataDir: string;
  ({ database, dataDir, cleanup } = await freshDatabase());
  other = await secondConnection(database, dataDir);
});
afterEach(async () => {
  await other.close();
  await cleanup();
});

const jobRow = (id: string) => database.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const progressOf = async (id: string) => JSON.parse((await jobRow(id)).progress ?? 'null') as { done: number; total: number } | null;

describe('job leases', () => {
  it('a job whose holder stopped heartbeating is taken over after the lease, resumes at its checkpoint, and the old holder cannot write', async () => {
    const clock = manualClock(T0);
    const steps: string[] = [];
    let unfreeze!: () => void;
    const frozen = new Promise<void>((r) => {
      unfreeze = r;
    });
    let staleError: unknown = null;
    // Five steps; each reports progress with the checkpoint "steps done so far".
    const stepped = (who: string, frozenAfter?: number): JobHandler => async ({ progress, resume }) => {
      const from = (resume as { step: number } | null)?.step ?? 0;
      for (let step = from + 1; step <= 5; step++) {
        steps.push(`${who}${step}`);
        await progress(step, 5, `step ${step} of 5`, { step });
        if (step === frozenAfter) {
          await frozen; // the process hangs (or is gone): no heartbeat, no progress
          try {
            await progress(step + 1, 5, 'too late', { step: step + 1 });
          } catch (err) {
            staleError = err;
            throw err;
          }
        }
      }
    };
    // A's heartbeat never fires within the test: it stands for a process that stopped.
    const a = createWorker({ db: database.db, dialect: database.dialect, clock, logger: silentLogger, handlers: { work: stepped('a', 2) }, leaseMs: LEASE, heartbeatMs: 3_600_000 });
    const b = createWorker({ db: other.db, dialect: other.dialect, clock, logger: silentLogger, handlers: { work: stepped('b') }, leaseMs: LEASE });
    const id = (await enqueue(database.db, 'work', {}, clock.now())) as string;

    const aDrain = a.drain();
    await waitFor(() => steps.includes('a2'), 5000, 'worker a to reach step 2');
    await waitFor(async () => (await progressOf(id))?.done === 2, 5000, 'the checkpoint of step 2');
    expect(await jobRow(id)).toMatchObject({ status: 'running', locked_by: a.id, locked_until: new Date(Date.parse(T0) + LEASE).toISOString() });

    clock.advance(LEASE - 1);
    expect(await b.drain()).toBe(0); // still a's
    clock.advance(2);
    expect(await b.drain()).toBe(1); // the lease lapsed: b takes over and finishes
    expect(steps).toEqual(['a1', 'a2', 'b3', 'b4', 'b5']);
    let row = await jobRow(id);
    expect(row).toMatchObject({ status: 'done', attempts: 2, locked_by: null });
    expect(JSON.parse(row.progress as string)).toMatchObject({ done: 5, total: 5 });
    expect(JSON.parse(row.checkpoint as string)).toEqual({ step: 5 });

    unfreeze(); // a wakes up: its next write is refused and it leaves the job alone
    expect(await aDrain).toBe(1);
    expect((staleError as Error | null)?.name).toBe('JobLeaseLost');
    row = await jobRow(id);
    expect(row).toMatchObject({ status: 'done', attempts: 2, locked_by: null });
    expect(JSON.parse(row.progress as string)).toMatchObject({ done: 5, total: 5 });
  });

  it('a long job whose holder keeps heartbeating is never taken over, however long it runs', async () => {
    const clock = manualClock(T0);
    const expectedUntil = () => new Date(clock.now().getTime() + LEASE).toISOString();
    let stolen = 0;
    let id = '';
    const a = createWorker({
      db: database.db,
      dialect: database.dialect,
      clock,
      logger: silentLogger,
      leaseMs: LEASE,
      heartbeatMs: 15,
      handlers: {
        long: async () => {
          // Four minutes of manual time, 20 s at a time, without one progress report: only the heartbeat renews.
          for (let k = 0; k < 12; k++) {
            clock.advance(20_000);
            await waitFor(async () => (await jobRow(id)).locked_until === expectedUntil(), 5000, 'the heartbeat to renew the lease');
            stolen += await b.drain();
          }
        },
      },
    });
    const b = createWorker({ db: other.db, dialect: other.dialect, clock, logger: silentLogger, leaseMs: LEASE, handlers: { long: async () => { stolen += 100; } } });
    id = (await enqueue(database.db, 'long', {}, clock.now())) as string;
    expect(await a.drain()).toBe(1);
    expect(stolen).toBe(0);
    expect(await jobRow(id)).toMatchObject({ status: 'done', attempts: 1, locked_by: null });
  });

  it('the heartbeat stops with the job: a finished job is not renewed and a failed one is retried by whoever is free', async () => {
    const clock = manualClock(T0);
    let runs = 0;
    const handlers: Record<string, JobHandler> = {
      flaky: async () => {
        runs++;
        await sleep(40); // several heartbeats
        if (runs === 1) throw new Error('first try fails');
      },
    };
    const a = createWorker({ db: database.db, dialect: database.dialect, clock, logger: silentLogger, handlers, leaseMs: LEASE, heartbeatMs: 5 });
    const b = createWorker({ db: other.db, dialect: other.dialect, clock, logger: silentLogger, handlers, leaseMs: LEASE, heartbeatMs: 5 });
    const id = (await enqueue(database.db, 'flaky', {}, clock.now())) as string;
    expect(await a.drain()).toBe(1);
    await sleep(30);
    expect(await jobRow(id)).toMatchObject({ status: 'queued', attempts: 1, locked_by: null, locked_until: null, last_error: 'first try fails' });
    clock.advance(5_000);
    expect(await b.drain()).toBe(1);
    await sleep(30);
    expect(await jobRow(id)).toMatchObject({ status: 'done', attempts: 2, locked_by: null, locked_until: null });
    expect(runs).toBe(2);
  });

  it('a job interrupted because the database went away goes back to the queue without counting the attempt', async () => {
    const clock = manualClock(T0);
    let runs = 0;
    const handlers: Record<string, JobHandler> = {
      fragile: async () => {
        runs++;
        // As the driver throws it when the connection drops mid-job.
        if (runs === 1) throw markIfUnavailable(new Error('Connection terminated unexpectedly'));
      },
    };
    const a = createWorker({ db: database.db, dialect: database.dialect, clock, logger: silentLogger, handlers, leaseMs: LEASE });
    const id = (await enqueue(database.db, 'fragile', {}, clock.now(), { maxAttempts: 1 })) as string;
    expect(await a.drain()).toBe(1);
    expect(await jobRow(id)).toMatchObject({ status: 'queued', attempts: 0, locked_by: null, last_error: 'Connection terminated unexpectedly', run_at: new Date(Date.parse(T0) + 1000).toISOString() });
    clock.advance(1000);
    expect(await a.drain()).toBe(1);
    expect(await jobRow(id)).toMatchObject({ status: 'done', attempts: 1 });
    expect(runs).toBe(2);
  });
});
