import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, type PublicCredential, publicCredentials } from '../../api.js';
import { formatDate } from '../../components/format.js';
import { Page } from '../../components/Page.js';
import './credential-public.css';

const statusWords: Record<PublicCredential['status'], string> = { active: 'Active', suspended: 'Suspended', lapsed: 'Lapsed', revoked: 'Revoked' };
const statusMeaning: Record<PublicCredential['status'], string> = {
  active: 'The credential is current.',
  suspended: 'The credential is suspended: it is not valid until the holder is reinstated.',
  lapsed: 'The credential has lapsed: it is no longer valid.',
  revoked: 'The credential has been revoked: it is no longer valid.',
};

/** Same-origin links stay relative, so they work (and pass the CSP) whatever host serves the page. */
const local = (url: string) => {
  try {
    const u = new URL(url);
    return `${u.pathname}${u.search}`;
  } catch {
    return url;
  }
};

/** The public page of one credential (no sign-in): what it is, whether it stands, and how to check, keep and share it. */
export function CredentialPublicPage() {
  const { credentialId = '' } = useParams();
  const [c, setC] = useState<PublicCredential | null>(null);
  const [error, setError] = useState<{ notFound: boolean; message: string } | null>(null);
  useEffect(() => {
    setC(null);
    setError(null);
    publicCredentials
      .get(credentialId)
      .then(setC)
      .catch((err) => setError({ notFound: err instanceof ApiError && err.status === 404, message: err instanceof Error ? err.message : String(err) }));
  }, [credentialId]);

  if (error) {
    return (
      <Page title={error.notFound ? 'Credential not found' : 'Credential'} narrow>
        <p className="banner banner-error" role="alert">
          {error.message}
        </p>
        <p>
          <Link to="/register">Search the public register</Link> or <Link to="/verify">verify a credential</Link>.
        </p>
      </Page>
    );
  }
  if (!c) {
    return (
      <Page title="Credential" narrow>
        <p className="loading" role="status">
          Loading the credential…
        </p>
      </Page>
    );
  }
  const heading = `${c.levelName}${c.postNominals ? ` (${c.postNominals})` : ''}`;
  return (
    <Page title={`${heading} – credential`} heading={heading} lead={`A credential awarded by ${c.issuer.name}.`}>
      <div className="public-credential">
        <img className="public-credential-badge" src={local(c.links.badge)} alt="" width={160} height={160} />
        <dl className="facts public-credential-facts">
          <div>
            <dt>Holder</dt>
            <dd>{c.holderName ?? 'Not shown: the holder has not chosen to be listed in the public register.'}</dd>
          </div>
          <div>
            <dt>Status</dt>
            <dd>
              <span className={c.status === 'active' ? 'tag tag-ok' : 'tag tag-failed'}>{statusWords[c.status]}</span> {statusMeaning[c.status]}
              {c.status !== 'active' ? ` Since ${formatDate(c.statusChangedAt)}.` : ''}
            </dd>
          </div>
          <div>
            <dt>Awarded</dt>
            <dd>{formatDate(c.awardedAt)}</dd>
          </div>
          <div>
            <dt>Review due</dt>
            <dd>{formatDate(c.reviewAt)}</dd>
          </div>
          <div>
            <dt>Issued by</dt>
            <dd>
              <a href={c.issuer.url}>{c.issuer.name}</a> <span className="public-credential-id">({c.issuer.id})</span>
            </dd>
          </div>
          <div>
            <dt>Credential id</dt>
            <dd className="public-credential-id">{c.id}</dd>
          </div>
        </dl>
      </div>

      <h2>Check it</h2>
      <p>
        <Link className="button" to={local(c.links.verify)}>
          Verify this credential
        </Link>
      </p>
      <p>The verification checks the issuer’s signature and whether the credential has been suspended or revoked, and says why if it fails.</p>

      <h2>Keep and share it</h2>
      {c.credential ? (
        <ul className="link-list">
          <li>
            <a href={local(c.links.pdf)}>Download the certificate (PDF)</a>
          </li>
          <li>
            <a href={local(c.links.jsonld)}>Download the verifiable credential (JSON-LD, for a wallet)</a>
          </li>
          <li>
            <a href={local(c.links.jwt)}>Download the verifiable credential (VC-JWT)</a>
          </li>
          <li>
            <a href={c.links.linkedIn} rel="noopener noreferrer" target="_blank">
              Add to LinkedIn profile<span className="visually-hidden"> (opens in a new tab)</span>
            </a>
          </li>
        </ul>
      ) : (
        <p role="status">The verifiable credential is being signed; the downloads appear here in a minute.</p>
      )}
    </Page>
  );
}
