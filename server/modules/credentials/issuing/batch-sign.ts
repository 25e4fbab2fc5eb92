// Signing many credentials at once: one ProofSigner (cached proof configuration and expansion
// shapes) on this thread, and the same on worker threads, each pulling chunks from one queue so a
// busy core does not hold the batch back. Output order is input order.
import { createPrivateKey } from 'node:crypto';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { siblingModule, workerBootstrap } from '../../../platform/workers.js';
import { createDocumentLoader, type JsonObject } from '../document-loader.js';
import type { SigningKey } from './keys.js';
import { ProofSigner, w3cDate } from './proof-hash.js';

export type WorkerJob = { key: Pick<SigningKey, 'id' | 'privateJwk'>; created: string };
type Chunk = { start: number; items: JsonObject[] };

const bootstrap = workerBootstrap(siblingModule(import.meta.url, 'sign-worker'));

export class BatchSigner {
  private readonly workers: Worker[] = [];

  /** `workers` extra threads (default: one per core beyond the first). */
  constructor(private readonly key: SigningKey, options: { workers?: number } = {}) {
    const count = options.workers ?? Math.max(0, os.availableParallelism() - 1);
    for (let i = 0; i < count; i++) this.workers.push(new Worker(bootstrap, { eval: true }));
  }

  /** Signs every credential with proofs dated `created`; `chunk` credentials go to a thread at a time. */
  async signMany(credentials: JsonObject[], created: Date, chunk = 50): Promise<JsonObject[]> {
    const job: WorkerJob = { key: { id: this.key.id, privateJwk: this.key.privateJwk }, created: w3cDate(created) };
    const out: JsonObject[] = new Array(credentials.length);
    const queue: Chunk[] = [];
    for (let i = 0; i < credentials.length; i += chunk) queue.push({ start: i, items: credentials.slice(i, i + chunk) });
    const local = new ProofSigner(this.key, { verificationMethod: this.key.id, created: job.created }, createDocumentLoader());
    const runLocal = async () => {
      for (let c = queue.shift(); c; c = queue.shift()) {
        for (const [j, item] of c.items.entries()) out[c.start + j] = await local.sign(item);
        await new Promise<void>((r) => setImmediate(r)); // let the workers' answers in
      }
    };
    const runWorker = (w: Worker) =>
      new Promise<void>((resolve, reject) => {
        let current: Chunk | undefined;
        const next = () => {
          current = queue.shift();
          if (current) w.postMessage({ job, items: current.items });
          else {
            w.off('message', onMessage);
            w.off('error', reject);
            resolve();
          }
        };
        const onMessage = (m: { signed?: JsonObject[]; error?: string }) => {
          if (m.error || !m.signed || !current) return reject(new Error(`Signing worker failed: ${m.error}`));
          for (const [j, s] of m.signed.entries()) out[current.start + j] = s;
          next();
        };
        w.on('message', onMessage);
        w.once('error', reject);
        next();
      });
    await Promise.all([runLocal(), ...this.workers.map(runWorker)]);
    return out;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** A key object for a worker that received the private JWK. */
export const keyFromJwk = (jwk: SigningKey['privateJwk']) => createPrivateKey({ key: jwk, format: 'jwk' });
