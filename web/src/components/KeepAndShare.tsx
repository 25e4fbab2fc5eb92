import type { PublicCredential } from '../api.js';

/** Same-origin links stay relative, so they work (and pass the CSP) whatever host serves the page. */
export const local = (url: string) => {
  try {
    const u = new URL(url);
    return `${u.pathname}${u.search}`;
  } catch {
    return url;
  }
};

/**
 * The downloads of a credential, and "Add to LinkedIn" for its holder only: a visitor adding someone
 * else's credential to their own profile is the one use of that link to rule out.
 */
export function KeepAndShare({ c, holder, label }: { c: PublicCredential; holder: boolean; label?: string }) {
  if (!c.credential) return <p role="status">The verifiable credential is being signed; the downloads appear here in a minute.</p>;
  const what = label ? <span className="visually-hidden"> {label}</span> : null;
  return (
    <ul className="link-list">
      <li>
        <a href={local(c.links.pdf)}>Download the certificate (PDF){what}</a>
      </li>
      <li>
        <a href={local(c.links.jsonld)}>Download the verifiable credential (JSON-LD, for a wallet){what}</a>
      </li>
      <li>
        <a href={local(c.links.jwt)}>Download the verifiable credential (VC-JWT){what}</a>
      </li>
      <li>
        <a href={local(c.links.bakedPng)}>Download the badge picture with the credential inside (PNG){what}</a>
      </li>
      <li>
        <a href={local(c.links.bakedSvg)}>Download the badge picture with the credential inside (SVG){what}</a>
      </li>
      {holder ? (
        <li>
          <a href={c.links.linkedIn} rel="noopener noreferrer" target="_blank">
            Add to LinkedIn profile{what}
            <span className="visually-hidden"> (opens in a new tab)</span>
          </a>
        </li>
      ) : null}
    </ul>
  );
}
