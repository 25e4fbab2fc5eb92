// The worker side of BatchSigner: signs the chunks it is sent with a ProofSigner of its own, kept
// while the key and creation time stay the same (its proof hash), over the thread's expansion shapes,
// kept for the thread's life.
import { parentPort } from 'node:worker_threads';
import { keyFromJwk, type WorkerJob } from './batch-sign.js';
import { createDocumentLoader, type JsonObject } from '../document-loader.js';
import { ProofSigner, threadShapes } from './proof-hash.js';

let signer: { tag: string; signer: ProofSigner } | undefined;
const loader = createDocumentLoader();

parentPort?.on('message', async ({ job, items }: { job: WorkerJob; items: JsonObject[] }) => {
  try {
    const tag = `${job.key.id} ${job.created}`;
    if (signer?.tag !== tag) signer = { tag, signer: new ProofSigner({ keyObject: keyFromJwk(job.key.privateJwk) }, { verificationMethod: job.key.id, created: job.created }, loader, threadShapes()) };
    const signed: JsonObject[] = [];
    for (const item of items) signed.push(await signer.signer.sign(item));
    parentPort?.postMessage({ signed });
  } catch (error) {
    parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
