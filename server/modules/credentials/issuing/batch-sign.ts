// Signing many credentials at once: one ProofSigner (cached proof configuration and expansion
// shapes) on this thread, and the same on worker threads, each pulling chunks from one queue so a
// busy core does not hold the batch back. Output order is input order. A signer may be kept for the
// life of the process (the credentials module keeps one): its threads start on first need and stay,
// with their contexts loaded and shapes expanded, and batches take turns on them.
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { siblingModule, workerBootstrap } from '../../../platform/workers.js';
import { createDocumentLoader, type JsonObject } from '../document-loader.js';
import type { SigningKey } from './keys.js';
import { buildOpenBadgeCredential } from './open-badge.js';
import { ProofSigner, threadShapes, w3cDate } from './proof-hash.js';

export type WorkerJob = { key: Pick<SigningKey, 'id' | 'privateJwk'>; created: string };
type Chunk = { start: number; items: JsonObject[] };

const bootstrap = workerBootstrap(siblingModule(import.meta.url, 'sign-worker'));

/** From this many credentials a kept signer starts its threads: for fewer, starting them costs more than they save. */
export const WORKERS_FROM = 500;

export type BatchSignerOptions = {
  /** Extra threads (default: one per core beyond the first). */
  workers?: number;
  /** Batches smaller than this sign on this thread alone; threads already started help from two chunks up. */
  workersFrom?: number;
};

export class BatchSigner {
  private readonly workers: Worker[] = [];
  private readonly count: number;
  private local: { tag: string; signer: ProofSigner } | undefined;
  /** Batches take turns: a thread answers one batch's chunks at a time. */
  private turn: Promise<unknown> = Promise.resolve();
  private closed = false;

  /** `key`: the key signMany signs with (a kept signer has none and is given one per batch, signWith). */
  constructor(
    private readonly key: SigningKey | null,
    private readonly options: BatchSignerOptions = {},
  ) {
    this.count = options.workers ?? Math.max(0, os.availableParallelism() - 1);
  }

  /** Threads started and alive. */
  get threads(): number {
    return this.workers.length;
  }

  /** Signs every credential with proofs dated `created`; `chunk` credentials go to a thread at a time. */
  signMany(credentials: JsonObject[], created: Date, chunk = 50): Promise<JsonObject[]> {
    if (!this.key) return Promise.reject(new Error('This batch signer has no key of its own: use signWith.'));
    return this.signWith(this.key, credentials, created, { chunk });
  }

  /**
   * signMany with `key`. `total`: how many the whole run signs, when it comes in several batches (the
   * threads start when the run is large, though each batch may be small).
   */
  signWith(key: SigningKey, credentials: JsonObject[], created: Date, opts: { chunk?: number; total?: number } = {}): Promise<JsonObject[]> {
    const run = this.turn.then(() => this.run(credentials, w3cDate(created), opts.chunk ?? 50, key, false, opts.total));
    this.turn = run.catch(() => {});
    return run;
  }

  /**
   * Starts the threads and has each sign a sample with a throwaway key, so contexts are loaded and a
   * credential's shape expanded before the first real batch.
   */
  warm(): Promise<void> {
    const { privateKey } = generateKeyPairSync('ed25519');
    const jwk = privateKey.export({ format: 'jwk' }) as SigningKey['privateJwk'];
    const key = { id: 'did:example:warm#key', privateJwk: jwk, keyObject: privateKey } as SigningKey;
    const sample = buildOpenBadgeCredential({
      id: 'urn:uuid:00000000-0000-4000-8000-000000000000',
      issuer: { id: 'did:example:warm', name: 'Warm', url: 'https://warm.example' },
      achievement: { id: 'https://warm.example/a', name: 'Warm', description: 'Warm', criteria: 'Warm' },
      holder: { email: 'warm@warm.example', salt: 'warm' },
      validFrom: new Date(0),
    });
    const run = this.turn.then(() => this.run(Array.from({ length: this.count + 1 }, () => sample), w3cDate(new Date()), 1, key, true));
    this.turn = run.catch(() => {});
    return run.then(() => {});
  }

  /** Stops the threads; a batch under way fails (its job runs again later) rather than holding the shutdown. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.splice(0).map((w) => w.terminate()));
    await this.turn;
  }

  private start(): void {
    while (!this.closed && this.workers.length < this.count) {
      const w = new Worker(bootstrap, { eval: true });
      w.unref(); // an idle signer does not keep the process alive; a batch refs the threads it uses
      // A thread that fails is dropped; the next batch that needs one starts another.
      const drop = () => this.workers.includes(w) && this.workers.splice(this.workers.indexOf(w), 1);
      w.on('error', drop);
      w.on('exit', drop);
      this.workers.push(w);
    }
  }

  private async run(credentials: JsonObject[], created: string, chunk: number, key: SigningKey, everyThread = false, total = credentials.length): Promise<JsonObject[]> {
    if (this.closed) throw new Error('The batch signer is closed.');
    const large = Math.max(total, credentials.length) >= (this.options.workersFrom ?? 0);
    if (everyThread || large) this.start();
    const helpers = everyThread || large || credentials.length >= 2 * chunk ? [...this.workers] : [];
    const job: WorkerJob = { key: { id: key.id, privateJwk: key.privateJwk }, created };
    const out: JsonObject[] = new Array(credentials.length);
    const queue: Chunk[] = [];
    for (let i = 0; i < credentials.length; i += chunk) queue.push({ start: i, items: credentials.slice(i, i + chunk) });
    const tag = `${key.id} ${created}`;
    if (this.local?.tag !== tag) this.local = { tag, signer: new ProofSigner(key, { verificationMethod: key.id, created }, createDocumentLoader(), threadShapes()) };
    const local = this.local.signer;
    const runLocal = async () => {
      // Warming: every thread takes one sample, this one included.
      for (let c = queue.shift(); c; c = everyThread ? undefined : queue.shift()) {
        if (this.closed) throw new Error('The batch signer was closed.');
        for (const [j, item] of c.items.entries()) out[c.start + j] = await local.sign(item);
        await new Promise<void>((r) => setImmediate(r)); // let the workers' answers in
      }
    };
    const runWorker = (w: Worker) =>
      new Promise<void>((resolve, reject) => {
        let current: Chunk | undefined;
        const done = (error?: Error) => {
          w.off('message', onMessage);
          w.off('error', onError);
          w.off('exit', onExit);
          w.unref();
          if (error) reject(error);
          else resolve();
        };
        const next = () => {
          current = queue.shift();
          if (current) w.postMessage({ job, items: current.items });
          else done();
        };
        const onMessage = (m: { signed?: JsonObject[]; error?: string }) => {
          if (m.error || !m.signed || !current) return done(new Error(`Signing worker failed: ${m.error}`));
          for (const [j, s] of m.signed.entries()) out[current.start + j] = s;
          if (everyThread) done();
          else next();
        };
        const onError = (e: Error) => done(e);
        const onExit = () => done(new Error('The signing worker stopped.'));
        w.ref();
        w.on('message', onMessage);
        w.on('error', onError);
        w.on('exit', onExit);
        next();
      });
    await Promise.all([runLocal(), ...helpers.map(runWorker)]);
    return out;
  }
}

/** A key object for a worker that received the private JWK. */
export const keyFromJwk = (jwk: SigningKey['privateJwk']) => createPrivateKey({ key: jwk, format: 'jwk' });
