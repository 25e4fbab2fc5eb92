// Fetching what a status entry points at, for every status type: through the injected resolver (which
// fetches under the remote rules), with the reason kept when it fails, since "could not be loaded"
// alone does not tell a person whether to retry or to ask the issuer.
import type { DocumentLoader, JsonObject, Resolver } from '../../document-loader.js';

/** What every status check works with: the credential's issuer, the time, and how to fetch and load documents. */
export type StatusContext = { issuerId: string; now: Date; resolve?: Resolver; loader: DocumentLoader };

export type Loaded = { doc: JsonObject } | { error: string };

export async function loadStatusDocument(resolve: Resolver | undefined, url: string): Promise<Loaded> {
  if (!resolve) return { error: 'nothing is fetched here' };
  try {
    const doc = await resolve(url);
    return doc && typeof doc === 'object' && !Array.isArray(doc) ? { doc } : { error: 'no document was found there' };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // The remote resolver says "Unable to load <url>: <why>"; the reason names the URL already.
    return { error: message.startsWith(`Unable to load ${url}: `) ? message.slice(`Unable to load ${url}: `.length) : message };
  }
}

