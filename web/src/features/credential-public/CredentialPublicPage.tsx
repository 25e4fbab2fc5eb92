import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, type PublicCredential, type VerificationResult, applications, publicCredentials, verification } from '../../api.js';
import { formatDate } from '../../components/format.js';
import { Page } from '../../components/Page.js';
import { hasRole, useSession } from '../../components/session.js';
import { KeepAndShare, local } from '../../components/KeepAndShare.js';
import { useServerValue } from '../../ssr/data.js';
import { VerdictLine } from './VerdictLine.js';
import './credential-public.css';

const statusWords: Record<PublicCredential['status'], string> = { active: 'Active', suspended: 'Suspended', lapsed: 'Lapsed', revoked: 'Revoked' };
const statusMeaning: Record<PublicCredential['status'], string> = {
  active: 'The credential is current.',
  suspended: 'The credential is suspended: it is not valid until the holder is reinstated.',
  lapsed: 'The credential has lapsed: it is no longer valid.',
  revoked: 'The credential has been revoked: it is no longer valid.',
};

/** What the server renders the page with (the same the page loads for itself after a navigation). */
export type CredentialPageData =
  | { credential: PublicCredential; verification: VerificationResult | null; holder: boolean; badge?: string }
  | { error: { notFound: boolean; message: string } };

/** The public page of one credential (no sign-in): what it is, whether it stands, and how to check, keep and share it. */
export function CredentialPublicPage() {
  const { credentialId = '' } = useParams();
  const served = useServerValue<CredentialPageData>(`credential:${credentialId}`);
  const [c, setC] = useState<PublicCredential | null>(served && 'credential' in served ? served.credential : null);
  const [verdict, setVerdict] = useState<VerificationResult | null>(served && 'credential' in served ? served.verification : null);
  const [error, setError] = useState<{ notFound: boolean; message: string } | null>(served && 'error' in served ? served.error : null);
  const { user } = useSession();
  const member = hasRole(user, 'member');
  // Whether the signed-in member holds this credential: only its holder is offered "Add to LinkedIn".
  const [holder, setHolder] = useState(served && 'credential' in served ? served.holder : false);
  const loaded = useRef(served ? credentialId : null);
  // The level's badge as a data: address when the server rendered the page (no request for it); its link otherwise.
  const servedBadge = served && 'credential' in served ? served.badge : undefined;
  useEffect(() => {
    if (loaded.current === credentialId) return;
    setHolder(false);
    if (!member) return;
    let live = true;
    applications
      .credentials()
      .then((r) => live && setHolder(r.credentials.some((k) => k.id === credentialId)))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [member, credentialId]);
  useEffect(() => {
    if (loaded.current === credentialId) return;
    loaded.current = null;
    setC(null);
    setVerdict(null);
    setError(null);
    publicCredentials
      .get(credentialId)
      .then(setC)
      .catch((err) => setError({ notFound: err instanceof ApiError && err.status === 404, message: err instanceof Error ? err.message : String(err) }));
    verification
      .byId(credentialId)
      .then(setVerdict)
      .catch(() => setVerdict(null));
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
        <img className="public-credential-badge" src={servedBadge ?? local(c.links.badge)} alt="" width={160} height={160} />
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
      {verdict ? <VerdictLine result={verdict} /> : null}
      <p>
        <Link className="button" to={local(c.links.verify)}>
          Verify this credential
        </Link>
      </p>
      <p>The verification checks the issuer’s signature and whether the credential has been suspended or revoked, and says why if it fails.</p>

      <h2>Keep and share it</h2>
      <KeepAndShare c={c} holder={holder} />
    </Page>
  );
}
