// did:web identifiers from the public URL (W3C did:web method): the host, with a port
// percent-encoded as %3A, then each path segment after a ':'. The DID document lives at
// /.well-known/did.json for a bare host, or at <path>/did.json when the site has a path.

/** The did:web identifier for a public URL such as https://guild.example:8443/scheme. */
export function didWebFromUrl(publicUrl: string): string {
  const url = new URL(publicUrl);
  const host = url.port ? `${url.hostname}%3A${url.port}` : url.hostname;
  const segments = url.pathname.split('/').filter(Boolean).map((s) => encodeURIComponent(decodeURIComponent(s)));
  return ['did:web', host, ...segments].join(':');
}

/** Where a did:web DID document is published (https, as the method requires; http only for localhost). */
export function didWebDocumentUrl(did: string): string {
  if (!did.startsWith('did:web:')) throw new Error(`Not a did:web identifier: ${did}`);
  const [host, ...segments] = did.slice('did:web:'.length).split('#')[0]!.split(':');
  const hostname = decodeURIComponent(host!);
  const scheme = /^(localhost|127\.0\.0\.1)(:\d+)?$/.test(hostname) ? 'http' : 'https';
  const path = segments.length ? `/${segments.map(decodeURIComponent).join('/')}` : '/.well-known';
  return `${scheme}://${hostname}${path}/did.json`;
}
