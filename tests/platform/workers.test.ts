import { afterEach, describe, expect, it } from 'vitest';
import { PoolError, WorkerPool } from '../../server/platform/workers.js';

const fixture = new URL('./fixtures/pool-worker.ts', import.meta.url);
let pools: WorkerPool[] = [];
const pool = (o: Partial<ConstructorParameters<typeof WorkerPool>[1]> = {}) => {
  const p = new WorkerPool(fixture, { size: 1, maxQueue: 4, deadlineMs: 2_000, host: { double: (x: number) => x * 2 }, ...o });
  pools.push(p);
  return p;
};
afterEach(async () => {
  await Promise.all(pools.map((p) => p.close()));
  pools = [];
});

describe('the worker pool', () => {
  it('answers tasks, their failures, and calls into the main thread', async () => {
    const p = pool();
    expect(await p.run('echo', { a: [1, 'two'] })).toEqual({ a: [1, 'two'] });
    await expect(p.run('fail', null)).rejects.toThrow('it went wrong');
    expect(await p.run('ask', { x: 21 })).toBe('host said 42');
    await expect(p.run('nothing', null)).rejects.toThrow('No task nothing');
  });

  it('stops a task at its deadline while the event loop runs on, then answers the next on a new thread', async () => {
    const p = pool({ deadlineMs: 300 });
    await p.run('echo', 1); // the thread has started
    let turns = 0;
    const ticker = setInterval(() => turns++, 10);
    const started = Date.now();
    const err = await p.run('spin', { ms: 60_000 }).catch((e: unknown) => e);
    clearInterval(ticker);
    expect(err).toBeInstanceOf(PoolError);
    expect(err).toMatchObject({ code: 'POOL_DEADLINE', message: 'The task did not finish within 300 ms.' });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(turns).toBeGreaterThan(10);
    expect(await p.run('echo', 'after')).toBe('after');
  });

  it('refuses tasks beyond the queue at once, runs the rest in turn, and refuses everything once closed', async () => {
    const p = pool({ maxQueue: 2 });
    const runs = [p.run('spin', { ms: 50 }), p.run('echo', 2), p.run('echo', 3)];
    const outcomes = await Promise.allSettled(runs);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect((outcomes[2] as PromiseRejectedResult).reason).toMatchObject({ code: 'POOL_BUSY' });
    expect(p.load).toEqual({ running: 0, queued: 0 });
    await p.close();
    await expect(p.run('echo', 4)).rejects.toMatchObject({ code: 'POOL_CLOSED' });
  });
});

describe('a worker that cannot start', () => {
  it('fails the waiting tasks with the reason instead of starting threads in a loop', async () => {
    const p = new WorkerPool(new URL('./fixtures/no-such-worker.ts', import.meta.url), { size: 1, maxQueue: 4, deadlineMs: 2_000 });
    pools.push(p);
    await expect(p.run('echo', 1)).rejects.toThrow(/The worker thread could not start/);
    expect(p.load).toEqual({ running: 0, queued: 0 });
  }, 60_000); // a thread's start (loading the TypeScript loader) is slow on a busy machine
});
