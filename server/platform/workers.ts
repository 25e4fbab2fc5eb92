// Work that can take long (canonicalising a stranger's credential, drawing a PDF) runs on worker
// threads so that the event loop keeps answering: a small pool per kind of work, a bounded queue in
// front of it (a full queue is refused at once), and a deadline per task after which the thread is
// stopped and replaced. A task may call back into the main thread for what only it has (our
// database, the fetch cache) through `host` functions. The worker side is `serveTasks`.
import os from 'node:os';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { DomainError } from './errors.js';

/**
 * Code for `new Worker(code, { eval: true })` that loads the module at `moduleUrl`. Run from TypeScript
 * (tsx: the server, tests), it registers tsx's loader first, as bin/guildhall.js does; a compiled build
 * loads the .js file directly.
 */
export function workerBootstrap(moduleUrl: URL): string {
  const href = moduleUrl.href;
  return href.endsWith('.ts')
    ? `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(href)}); });`
    : `import(${JSON.stringify(href)});`;
}

/** The module `name` (without extension) beside `base`, as the running code is (.ts under tsx, .js built). */
export const siblingModule = (base: string, name: string): URL => new URL(`./${name}${base.endsWith('.ts') ? '.ts' : '.js'}`, base);

export type PoolErrorCode = 'POOL_BUSY' | 'POOL_DEADLINE' | 'POOL_CLOSED';
/** A task the pool did not finish: refused (queue full, closed) or stopped at its deadline. */
export class PoolError extends Error {
  constructor(
    public readonly code: PoolErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PoolError';
  }
}

type HostFn = (...args: never[]) => unknown;
export type PoolOptions = {
  /** Threads (default: one per core beyond the first, at least one), started on first use. */
  size?: number;
  /** Tasks waiting for a thread beyond which new ones are refused (POOL_BUSY). */
  maxQueue: number;
  /** A task running longer is stopped (POOL_DEADLINE); one waiting longer for a thread is refused (POOL_BUSY). */
  deadlineMs: number;
  /** Functions of the main thread a task may call. */
  host?: Record<string, HostFn>;
};

type Task = { id: number; name: string; payload: unknown; resolve: (v: unknown) => void; reject: (e: Error) => void; queued: number; timer?: NodeJS.Timeout };
type Slot = { worker: Worker; ready: boolean; task?: Task };
type FromWorker =
  | { type: 'ready' }
  | { type: 'done'; id: number; ok: true; value: unknown }
  | { type: 'done'; id: number; ok: false; error: string }
  | { type: 'call'; id: number; callId: number; name: string; args: unknown[] };

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private readonly size: number;
  private nextId = 1;
  private closed = false;
  /** Since when some thread has been ready: time spent waiting for the threads to start is not held against a task. */
  private readySince = Number.POSITIVE_INFINITY;

  constructor(
    private readonly moduleUrl: URL,
    private readonly options: PoolOptions,
  ) {
    this.size = Math.max(1, options.size ?? os.availableParallelism() - 1);
  }

  get deadlineMs(): number {
    return this.options.deadlineMs;
  }

  /** Tasks running and waiting. */
  get load(): { running: number; queued: number } {
    return { running: this.slots.filter((s) => s.task).length, queued: this.queue.length };
  }

  /** Starts the threads now rather than on first use (a listening server, so the first task does not wait for them). */
  start(): void {
    this.fill();
  }

  /** Runs the worker's handler `name` on `payload`; answers its result (structured-cloned). */
  run<T>(name: string, payload: unknown): Promise<T> {
    if (this.closed) return Promise.reject(new PoolError('POOL_CLOSED', 'The server is stopping.'));
    if (this.queue.length >= this.options.maxQueue) return Promise.reject(new PoolError('POOL_BUSY', 'Too many tasks are waiting.'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, name, payload, resolve: resolve as (v: unknown) => void, reject, queued: Date.now() });
      this.fill();
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.queue.splice(0)) t.reject(new PoolError('POOL_CLOSED', 'The server is stopping.'));
    await Promise.all(this.slots.splice(0).map((s) => {
      if (s.task) this.finish(s, new PoolError('POOL_CLOSED', 'The server is stopping.'));
      return s.worker.terminate();
    }));
  }

  private fill(): void {
    while (!this.closed && this.slots.length < this.size) this.spawn();
  }

  private spawn(): void {
    const worker = new Worker(workerBootstrap(this.moduleUrl), { eval: true });
    worker.unref(); // an idle pool does not keep the process alive
    const slot: Slot = { worker, ready: false };
    this.slots.push(slot);
    worker.on('message', (m: FromWorker) => this.onMessage(slot, m));
    worker.on('error', (e) => this.replace(slot, e));
    worker.on('exit', () => this.replace(slot, new Error('The worker thread stopped.')));
  }

  private replace(slot: Slot, error: Error): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    this.slots.splice(i, 1);
    if (!this.slots.some((s) => s.ready)) this.readySince = Number.POSITIVE_INFINITY;
    if (slot.task) this.finish(slot, error);
    void slot.worker.terminate();
    if (!slot.ready) {
      // A thread that failed before it was ready would fail again: the waiting tasks fail now, and the
      // next task tries a new thread, rather than threads being started in a loop.
      for (const t of this.queue.splice(0)) t.reject(new Error(`The worker thread could not start: ${error.message}`));
      return;
    }
    if (this.queue.length) {
      this.fill();
      this.pump();
    }
  }

  private finish(slot: Slot, error: Error | null, value?: unknown): void {
    const t = slot.task;
    if (!t) return;
    slot.task = undefined;
    clearTimeout(t.timer);
    if (error) t.reject(error);
    else t.resolve(value);
  }

  private pump(): void {
    const now = Date.now();
    // Tasks that waited past the deadline are refused rather than started late.
    while (this.queue[0] && now - Math.max(this.queue[0].queued, this.readySince) > this.options.deadlineMs) this.queue.shift()!.reject(new PoolError('POOL_BUSY', 'The task waited too long for a thread.'));
    for (const slot of this.slots) {
      if (!slot.ready || slot.task) continue;
      const t = this.queue.shift();
      if (!t) return;
      slot.task = t;
      t.timer = setTimeout(() => {
        if (slot.task !== t) return;
        this.replace(slot, new PoolError('POOL_DEADLINE', `The task did not finish within ${this.options.deadlineMs} ms.`));
      }, this.options.deadlineMs);
      slot.worker.postMessage({ type: 'task', id: t.id, name: t.name, payload: t.payload });
    }
  }

  private onMessage(slot: Slot, m: FromWorker): void {
    if (m.type === 'ready') {
      slot.ready = true;
      this.readySince = Math.min(this.readySince, Date.now());
      this.pump();
      return;
    }
    if (m.type === 'call') {
      const fn = this.options.host?.[m.name];
      const reply = (ok: boolean, value: unknown) => {
        if (slot.task?.id === m.id) slot.worker.postMessage(ok ? { type: 'reply', callId: m.callId, ok, value } : { type: 'reply', callId: m.callId, ok, error: value });
      };
      if (!fn) {
        reply(false, `No host function ${m.name}`);
        return;
      }
      Promise.resolve()
        .then(() => (fn as (...a: unknown[]) => unknown)(...m.args))
        .then((v) => reply(true, v), (e: unknown) => reply(false, e instanceof Error ? e.message : String(e)));
      return;
    }
    if (slot.task?.id !== m.id) return;
    this.finish(slot, m.ok ? null : new Error(m.error), m.ok ? m.value : undefined);
    this.pump();
  }
}

/**
 * A pool for drawing documents and pictures (one thread beyond the event loop's, a short queue, 20 s a
 * document): `draw` answers what the worker's handler answers, or a 503 in words when it is busy or stopped.
 */
export function drawingPool(moduleUrl: URL, options: Partial<PoolOptions> = {}) {
  const pool = new WorkerPool(moduleUrl, { size: 1, maxQueue: 8, deadlineMs: 20_000, ...options });
  return {
    async draw<T>(name: string, payload: unknown, what: string): Promise<T> {
      try {
        return await pool.run<T>(name, payload);
      } catch (error) {
        if (!(error instanceof PoolError)) throw error;
        if (error.code === 'POOL_DEADLINE') throw new DomainError('UNAVAILABLE', `Drawing ${what} took longer than ${pool.deadlineMs / 1000} s and was stopped.`, { deadlineMs: pool.deadlineMs });
        throw new DomainError('UNAVAILABLE', `The server is busy drawing other documents; ask for ${what} again in a few seconds.`, { retryAfterSeconds: 5 });
      }
    },
    close: () => pool.close(),
  };
}
export type DrawingPool = ReturnType<typeof drawingPool>;

type Handler = (payload: never, host: (name: string, ...args: unknown[]) => Promise<unknown>) => unknown;

/**
 * The worker side: answers the pool's tasks with `handlers`, one task at a time. The thread lowers its
 * own scheduling priority (on Linux a thread's nice value is its own), so that on a busy machine the
 * thread answering requests gets the CPU first.
 */
export function serveTasks(handlers: Record<string, Handler>): void {
  if (isMainThread || !parentPort) return;
  const port = parentPort;
  try {
    os.setPriority(10);
  } catch {
    // not permitted here: the thread keeps its priority
  }
  const calls = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextCall = 1;
  port.on('message', async (m: { type: 'task'; id: number; name: string; payload: unknown } | { type: 'reply'; callId: number; ok: boolean; value?: unknown; error?: string }) => {
    if (m.type === 'reply') {
      const c = calls.get(m.callId);
      calls.delete(m.callId);
      if (m.ok) c?.resolve(m.value);
      else c?.reject(new Error(m.error));
      return;
    }
    const host = (name: string, ...args: unknown[]) =>
      new Promise<unknown>((resolve, reject) => {
        const callId = nextCall++;
        calls.set(callId, { resolve, reject });
        port.postMessage({ type: 'call', id: m.id, callId, name, args });
      });
    try {
      const handler = handlers[m.name];
      if (!handler) throw new Error(`No task ${m.name}`);
      port.postMessage({ type: 'done', id: m.id, ok: true, value: await handler(m.payload as never, host) });
    } catch (error) {
      port.postMessage({ type: 'done', id: m.id, ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  });
  port.postMessage({ type: 'ready' });
}
