import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../server/db/database.js';
import { manualClock } from '../../server/platform/clock.js';
import { backoffMs, claimNext, completeJob, enqueue, setProgress } from '../../server/platform/jobs/queue.js';
import { createWorker, type JobHandler } from '../../server/platform/jobs/worker.js';
import { freshDatabase } from '../support/app.js';
import { secondConnection, silentLogger, sleep, waitFor } from './helpers.js';

const T0 = '2026-11-25T10:00:00.000Z';

let database: DbHandle;
let dataDir: string;
let cleanup: () => Promise<void>;
const extra: DbHandle[] = [];

beforeEach(async () => {
  ({ database, dataDir, cleanup } = await freshDatabase());
});
afterEach(async () => {
  for (const h of extra.splice(0)) await h.close();
  await cleanup();
});

const jobRow = (id: string) => database.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const worker = (handlers: Record<string, JobHandler>, clock = manualClock(T0), db = database, extraOpts: { leaseMs?: number; pollMs?: number } = {}) =>
  createWorker({ db: db.db, dialect: db.dialect, clock, logger: silentLogger, handlers, ...extraOpts });

describe('enqueue', () => {
  it('leaves no job when the surrounding transaction rolls back, and keeps it when it commits', async () => {
    await expect(
      database.db.transaction().execute(async (tx) => {
        await enqueue(tx, 'test.kind', { n: 1 }, new Date(T0));
        throw new Error('the action failed');
      }),
    ).rejects.toThrow('the action failed');
    expect(await database.db.selectFrom('jobs').selectAll().execute()).toHaveLength(0);

    const id = await database.db.transaction().execute((tx) => enqueue(tx, 'test.kind', { n: 2 }, new Date(T0)));
    const row = await jobRow(id as string);
    expect(row).toMatchObject({ kind: 'test.kind', status: 'queued', attempts: 0, run_at: T0 });
    expect(JSON.parse(row.payload)).toEqual({ n: 2 });
  });

  it('dedupes by idempotency key: the second enqueue returns null and adds nothing', async () => {
    const first = await enqueue(database.db, 'test.kind', { n: 1 }, new Date(T0), { idempotencyKey: 'once' });
    const second = await enqueue(database.db, 'test.kind', { n: 2 }, new Date(T0), { idempotencyKey: 'once' });
    expect(first).toEqual(expect.any(String));
    expect(second).toBeNull();
    const rows = await database.db.selectFrom('jobs').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(JSON.parse((rows[0] as { payload: string }).payload)).toEqual({ n: 1 });
  });
});

describe('claimNext', () => {
  it('takes due jobs only, earliest run_at first, and never the same job twice', async () => {
    const t = new Date(T0).getTime();
    const later = await enqueue(database.db, 'k', { which: 'later' }, new Date(T0), { runAt: new Date(t + 60_000) });
    const second = await enqueue(database.db, 'k', { which: 'second' }, new Date(T0), { runAt: new Date(t - 1000) });
    const first = await enqueue(database.db, 'k', { which: 'first' }, new Date(T0), { runAt: new Date(t - 5000) });
    const now = new Date(T0);
    const a = await claimNext(database.db, database.dialect, 'w1', now, 300_000);
    const b = await claimNext(database.db, database.dialect, 'w2', now, 300_000);
    const c = await claimNext(database.db, database.dialect, 'w1', now, 300_000);
    expect(a?.id).toBe(first);
    expect(b?.id).toBe(second);
    expect(c).toBeNull();
    expect(a).toMatchObject({ status: 'running', locked_by: 'w1', attempts: 1, locked_until: new Date(t + 300_000).toISOString() });
    const d = await claimNext(database.db, database.dialect, 'w1', new Date(t + 60_000), 300_000);
    expect(d?.id).toBe(later);
  });

  it('reclaims a job whose lease expired, and the stale worker can no longer complete it', async () => {
    const id = (await enqueue(database.db, 'k', {}, new Date(T0))) as string;
    const t = new Date(T0).getTime();
    expect((await claimNext(database.db, database.dialect, 'crashed', new Date(t), 1000))?.id).toBe(id);
    expect(await claimNext(database.db, database.dialect, 'rescuer', new Date(t + 999), 1000)).toBeNull();
    const again = await claimNext(database.db, database.dialect, 'rescuer', new Date(t + 1001), 1000);
    expect(again).toMatchObject({ id, locked_by: 'rescuer', attempts: 2 });
    await completeJob(database.db, id, 'crashed', new Date(t + 1002));
    expect((await jobRow(id)).status).toBe('running');
    await completeJob(database.db, id, 'rescuer', new Date(t + 1003));
    expect(await jobRow(id)).toMatchObject({ status: 'done', locked_by: null, finished_at: new Date(t + 1003).toISOString() });
  });
});

describe('worker', () => {
  it('retries a failing handler with backoff until max_attempts, then marks it failed with the last error', async () => {
    const clock = manualClock(T0);
    let calls = 0;
    const lastFlags: boolean[] = [];
    const w = worker({
      flaky: async ({ lastAttempt }) => {
        calls++;
        lastFlags.push(lastAttempt);
        throw new Error(`boom ${calls}`);
      },
    }, clock);
    const id = (await enqueue(database.db, 'flaky', {}, clock.now(), { maxAttempts: 3 })) as string;

    expect(await w.drain()).toBe(1);
    let row = await jobRow(id);
    expect(row).toMatchObject({ status: 'queued', attempts: 1, last_error: 'boom 1', locked_by: null });
    const delay1 = new Date(row.run_at).getTime() - clock.now().getTime();
    expect(delay1).toBeGreaterThanOrEqual(0.8 * 2000);
    expect(delay1).toBeLessThanOrEqual(1.2 * 2000);

    // Not due yet: nothing runs until the clock reaches run_at.
    clock.advance(delay1 - 1);
    expect(await w.drain()).toBe(0);
    clock.advance(1);
    expect(await w.drain()).toBe(1);
    row = await jobRow(id);
    expect(row).toMatchObject({ status: 'queued', attempts: 2, last_error: 'boom 2' });
    const delay2 = new Date(row.run_at).getTime() - clock.now().getTime();
    expect(delay2).toBeGreaterThanOrEqual(0.8 * 4000);
    expect(delay2).toBeLessThanOrEqual(1.2 * 4000);

    clock.advance(delay2);
    expect(await w.drain()).toBe(1);
    row = await jobRow(id);
    expect(row).toMatchObject({ status: 'failed', attempts: 3, last_error: 'boom 3', finished_at: clock.now().toISOString() });
    clock.advance(3_600_000);
    expect(await w.drain()).toBe(0);
    expect(calls).toBe(3);
    expect(lastFlags).toEqual([false, false, true]);
  });

  it('a job that succeeds on a retry ends done, with its payload passed each time', async () => {
    const clock = manualClock(T0);
    const seen: unknown[] = [];
    const w = worker({ once: async ({ payload }) => { seen.push(payload); if (seen.length === 1) throw new Error('transient'); } }, clock);
    const id = (await enqueue(database.db, 'once', { to: 'x' }, clock.now())) as string;
    await w.drain();
    clock.advance(2400);
    await w.drain();
    expect(seen).toEqual([{ to: 'x' }, { to: 'x' }]);
    expect(await jobRow(id)).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('does not run a job again when its worker died during the last permitted attempt', async () => {
    const clock = manualClock(T0);
    const id = (await enqueue(database.db, 'fragile', {}, clock.now(), { maxAttempts: 2 })) as string;
    let runs = 0;
    const w = worker({ fragile: async () => { runs++; throw new Error('crash'); } }, clock, database, { leaseMs: 1000 });
    await w.drain(); // attempt 1 fails normally
    clock.advance(3000);
    expect(await claimNext(database.db, database.dialect, 'dies', clock.now(), 1000)).toMatchObject({ id, attempts: 2 }); // attempt 2: the worker dies
    clock.advance(1001);
    expect(await w.drain()).toBe(1);
    expect(runs).toBe(1);
    const row = await jobRow(id);
    expect(row).toMatchObject({ status: 'failed', attempts: 3 });
    expect(row.last_error).toMatch(/last permitted attempt did not finish/);
  });

  it('fails a job with no handler at once, naming the kind', async () => {
    const id = (await enqueue(database.db, 'nobody.handles', {}, new Date(T0))) as string;
    await worker({}).drain();
    expect(await jobRow(id)).toMatchObject({ status: 'failed', last_error: 'No handler for job kind "nobody.handles"' });
  });

  it('records progress reported by the handler', async () => {
    const id = (await enqueue(database.db, 'long', {}, new Date(T0))) as string;
    let during: string | null = null;
    await worker({
      long: async ({ progress, job }) => {
        await progress(2, 5, 'two of five');
        during = (await jobRow(job.id)).progress;
        await progress(5, 5);
      },
    }).drain();
    expect(JSON.parse(during as unknown as string)).toEqual({ done: 2, total: 5, message: 'two of five' });
    const row = await jobRow(id);
    expect(row.status).toBe('done');
    expect(JSON.parse(row.progress as string)).toMatchObject({ done: 5, total: 5 });
  });

  it('reporting progress renews the lease, so a live long job is not taken over', async () => {
    const clock = manualClock(T0);
    const id = (await enqueue(database.db, 'long', {}, clock.now())) as string;
    let takenOver: unknown = 'not checked';
    await worker({
      long: async ({ progress }) => {
        clock.advance(800);
        await progress(1, 2);
        clock.advance(800); // 1.6 s after the claim: past the first lease, within the renewed one
        takenOver = await claimNext(database.db, database.dialect, 'other', clock.now(), 1000);
      },
    }, clock, database, { leaseMs: 1000 }).drain();
    expect(takenOver).toBeNull();
    expect(await jobRow(id)).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('a progress report from a worker that lost its lease changes nothing', async () => {
    const id = (await enqueue(database.db, 'k', {}, new Date(T0))) as string;
    const t = new Date(T0).getTime();
    await claimNext(database.db, database.dialect, 'old', new Date(t), 1000);
    await claimNext(database.db, database.dialect, 'new', new Date(t + 2000), 1000);
    await setProgress(database.db, id, { done: 1, total: 1 }, new Date(t + 2100), { workerId: 'old', leaseMs: 60_000 });
    expect(await jobRow(id)).toMatchObject({ locked_by: 'new', locked_until: new Date(t + 3000).toISOString(), progress: null });
  });

  it('enqueues a schedule once per slot, even from two workers on separate connections', async () => {
    const other = await secondConnection(database, dataDir);
    extra.push(other);
    const clock = manualClock('2026-11-25T06:00:00.000Z');
    let runs = 0;
    const handlers = { 'test.tick': async () => { runs++; } };
    const schedules = [{ name: 'tick', kind: 'test.tick', everyMs: 3_600_000 }];
    const a = createWorker({ db: database.db, dialect: database.dialect, clock, logger: silentLogger, handlers, schedules });
    const b = createWorker({ db: other.db, dialect: other.dialect, clock, logger: silentLogger, handlers, schedules });
    await Promise.all([a.drain(), b.drain(), a.drain(), b.drain()]);
    clock.advance(59 * 60_000); // still the same hour slot
    await Promise.all([a.drain(), b.drain()]);
    expect(runs).toBe(1);
    clock.advance(60_000); // next slot
    await Promise.all([b.drain(), a.drain()]);
    expect(runs).toBe(2);
    const keys = (await database.db.selectFrom('jobs').select('idempotency_key').where('kind', '=', 'test.tick').orderBy('run_at').execute()).map((r) => r.idempotency_key);
    expect(keys).toEqual(['schedule:tick@2026-11-25T06:00:00.000Z', 'schedule:tick@2026-11-25T07:00:00.000Z']);
  });

  it('several workers on separate connections drain 200 jobs, each run exactly once', async () => {
    const handles = [database, await secondConnection(database, dataDir), await secondConnection(database, dataDir)];
    extra.push(...handles.slice(1));
    const clock = manualClock(T0);
    await database.db.transaction().execute(async (tx) => {
      for (let i = 0; i < 200; i++) await enqueue(tx, 'count', { i }, clock.now());
    });
    const runs = new Map<number, number>();
    const byWorker = new Map<string, number>();
    const workers = handles.flatMap((h, k) =>
      [0, 1].map((j) =>
        worker({
          count: async ({ payload }) => {
            const i = (payload as { i: number }).i;
            runs.set(i, (runs.get(i) ?? 0) + 1);
            byWorker.set(`${k}.${j}`, (byWorker.get(`${k}.${j}`) ?? 0) + 1);
            await sleep(Math.random() < 0.5 ? 0 : 1); // let the others interleave
          },
        }, clock, h),
      ),
    );
    const counts = await Promise.all(workers.map((w) => w.drain()));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(200);
    expect(runs.size).toBe(200);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    expect(byWorker.size).toBeGreaterThan(1); // the work really was shared
    const statuses = await database.db.selectFrom('jobs').select(['status', 'attempts']).execute();
    expect(statuses.every((s) => s.status === 'done' && s.attempts === 1)).toBe(true);
  });

  it('stop() waits for the job in hand to finish', async () => {
    const events: string[] = [];
    const w = createWorker({
      db: database.db,
      dialect: database.dialect,
      clock: { now: () => new Date() },
      logger: silentLogger,
      pollMs: 20,
      handlers: {
        slow: async () => {
          events.push('started');
          await sleep(300);
          events.push('finished');
        },
      },
    });
    const id = (await enqueue(database.db, 'slow', {}, new Date())) as string;
    w.start();
    await waitFor(() => events.includes('started'), 5000, 'the slow job to start');
    const t = Date.now();
    await w.stop();
    events.push('stopped');
    expect(events).toEqual(['started', 'finished', 'stopped']);
    expect(Date.now() - t).toBeGreaterThanOrEqual(200);
    expect((await jobRow(id)).status).toBe('done');
  });

  it('a started worker picks up a job enqueued later when nudged, without waiting for its poll', async () => {
    const done: string[] = [];
    const w = createWorker({
      db: database.db,
      dialect: database.dialect,
      clock: { now: () => new Date() },
      logger: silentLogger,
      pollMs: 60_000,
      handlers: { quick: async ({ job }) => { done.push(job.id); } },
    });
    w.start();
    await sleep(50);
    const id = (await enqueue(database.db, 'quick', {}, new Date())) as string;
    w.nudge();
    await waitFor(() => done.includes(id), 2000, 'the nudged job');
    await w.stop();
  });
});

describe('backoffMs', () => {
  const attempt = fc.integer({ min: 1, max: 60 });
  const unit = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

  it('stays within ±20% of 2^attempt seconds, capped at an hour', () => {
    fc.assert(
      fc.property(attempt, unit, (a, r) => {
        const base = Math.min(3_600_000, 1000 * 2 ** a);
        const ms = backoffMs(a, () => r);
        return ms >= Math.floor(0.8 * base) && ms <= Math.ceil(1.2 * base) && ms <= 1.2 * 3_600_000;
      }),
    );
  });

  it('is monotone in the attempt for the same jitter (so in expectation too)', () => {
    fc.assert(fc.property(attempt, unit, (a, r) => backoffMs(a, () => r) <= backoffMs(a + 1, () => r)));
  });

  it('uses the jitter: low and high random draws give different delays below the cap', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 10 }), (a) => backoffMs(a, () => 0) < backoffMs(a, () => 0.999)));
  });
});
