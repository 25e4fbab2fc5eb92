// Our own documents, answered from the database and memory instead of over HTTP: the DID document
// (by DID or by its did:web URL), the issuer profile, and status list credentials under PUBLIC_URL or
// under any address the site had before a move (credentials issued there still point at them).
// Anything else is not ours: null, for the caller's next resolver (remote-resolver.ts) to try.
import { didWebDocumentUrl } from './did-web.js';
import type { JsonObject, Resolver } from './document-loader.js';
import type { IssuerService } from './issuing/issuer.service.js';
import type { StatusService } from './status/status.service.js';

export function ownResolver(
  addresses: string | readonly string[],
  issuer: Pick<IssuerService, 'did' | 'didDocument' | 'profileDocument'>,
  status: Pick<StatusService, 'listDocument'>,
): Resolver {
  const didUrl = didWebDocumentUrl(issuer.did);
  const bases = typeof addresses === 'string' ? [addresses] : [...addresses];
  return async (url: string): Promise<JsonObject | null> => {
    if (url === issuer.did || url === didUrl) return issuer.didDocument();
    for (const base of bases) {
      if (url === `${base}/issuer`) return issuer.profileDocument();
      if (url.startsWith(`${base}/status/`) && !url.includes('#')) {
        const list = await status.listDocument(url.slice(`${base}/status/`.length));
        return list ? list.document : null;
      }
    }
    return null;
  };
}
