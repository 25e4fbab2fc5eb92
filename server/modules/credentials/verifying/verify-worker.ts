// The worker side of verification (verification.service.ts): JSON-LD canonicalisation and signature
// checks of credentials and presentations given by strangers, off the event loop. Documents (DID
// documents, keys, status lists) are resolved by the main thread, which holds our own and the fetch cache.
import { serveTasks } from '../../../platform/workers.js';
import type { JsonObject } from '../document-loader.js';
import { BakingError, unbake } from '../baking.js';
import { verifyPresentation } from './verify-presentation.js';
import { verifyCredential } from './verify.js';

type Host = (name: string, ...args: unknown[]) => Promise<unknown>;
const resolverOf = (host: Host) => async (url: string) => (await host('resolve', url)) as JsonObject | null;
// A related resource's bytes, fetched by the main thread under the remote rules (a Buffer arrives as a Uint8Array).
const bytesOf = (host: Host) => async (url: string) => (await host('bytes', url)) as Uint8Array | null;

serveTasks({
  // A badge picture's baked credential: reading a 2 MB PNG (framing, CRCs) takes tens of milliseconds.
  unbake: (p: { bytes: Uint8Array }) => {
    try {
      return { text: unbake(p.bytes)?.text ?? null };
    } catch (error) {
      if (error instanceof BakingError) return { error: error.message };
      throw error;
    }
  },
  // A JSON credential's verdict comes back without the credential, which the main thread still holds (one copy less).
  credential: async (p: { input: JsonObject | string; now: string; ownDid?: string }, host: Host) => {
    const v = await verifyCredential(p.input, { now: new Date(p.now), resolve: resolverOf(host), fetchBytes: bytesOf(host), ownDid: p.ownDid });
    return v.format === 'vc-jwt' ? v : { ...v, credential: null };
  },
  presentation: (p: { vp: JsonObject; now: string; challenge?: string; domain?: string; pasted?: boolean; ownDid?: string }, host: Host) =>
    verifyPresentation(p.vp, { now: new Date(p.now), resolve: resolverOf(host), fetchBytes: bytesOf(host), challenge: p.challenge, domain: p.domain, pasted: p.pasted, ownDid: p.ownDid }),
});
