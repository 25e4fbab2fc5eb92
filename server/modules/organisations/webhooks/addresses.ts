import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { DomainError } from '../../../platform/errors.js';
import { privateAddressReason } from '../../credentials/verifying/remote-resolver.js';

/** The verifier's connect-time lookup: every DNS answer is checked, and the socket uses the very address checked. */
export { publicOnlyLookup } from '../../credentials/verifying/remote-resolver.js';

/*
 * Endpoint addresses obey the verifier's rules for its fetches: https only, and never a private,
 * loopback or link-local address (privateAddressReason of the verifier). A name is checked when the
 * endpoint is saved and again at every connection (publicOnlyLookup), so a name that later resolves to
 * 127.0.0.1 is refused at delivery time.
 */

/**
 * For tests and the benchmark only (a receiver on 127.0.0.1 over plain http). Never set from
 * configuration: an organisation's endpoint must not make the server call into its own network.
 */
export const webhookNetwork = { allowLocalForTests: false };

const named = /^(localhost|.*\.localhost|.*\.local|.*\.internal)$/i;

/** Why the URL cannot be an endpoint, or null. Checks the scheme and a literal or well-known local host only. */
export function endpointUrlProblem(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'url must be a full https address such as https://hooks.example.org/guildhall';
  }
  if (url.username || url.password) return 'url must not carry a user name or password; put the credentials in the path or rely on the signature';
  if (webhookNetwork.allowLocalForTests) return url.protocol === 'https:' || url.protocol === 'http:' ? null : 'url must start with https://';
  if (url.protocol !== 'https:') return 'url must start with https:// (deliveries are sent over https only)';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) {
    const why = privateAddressReason(host);
    return why ? `url points at ${host}, ${why}; give a public address` : null;
  }
  if (named.test(host) || !host.includes('.')) return `url names ${host}, a local host name; give a public address`;
  return null;
}

/** Refuses a URL (naming the problem), and a name that resolves to a private address now. */
export async function checkEndpointUrl(raw: string, lookup: typeof dnsLookup = dnsLookup): Promise<void> {
  const problem = endpointUrlProblem(raw);
  if (problem) throw new DomainError('VALIDATION_FAILED', problem, { field: 'url' });
  if (webhookNetwork.allowLocalForTests) return;
  const host = new URL(raw).hostname;
  if (isIP(host.replace(/^\[|\]$/g, ''))) return;
  const answers = await new Promise<LookupAddress[]>((resolve) => {
    // A name that does not resolve yet is accepted: it is checked again before every delivery.
    const timer = setTimeout(() => resolve([]), 3000);
    lookup(host, { all: true }, (err, list) => {
      clearTimeout(timer);
      resolve(err ? [] : list);
    });
  });
  for (const a of answers) {
    const why = privateAddressReason(a.address);
    if (why) throw new DomainError('VALIDATION_FAILED', `url names ${host}, which resolves to ${a.address} (${why}); give a public address`, { field: 'url' });
  }
}
