import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { Scheme } from '../../../../contracts/scheme.js';
import { type CredentialRecord, type PublicCredential, applications, portfolio, publicCredentials, schemes } from '../../api.js';
import { formatDate } from '../../components/format.js';
import { Page } from '../../components/Page.js';
import { messageOf } from '../../components/actions.js';
import { KeepAndShare } from '../../components/KeepAndShare.js';
import { NominateForm } from './NominateForm.js';

const statusWords: Record<CredentialRecord['status'], string> = { active: 'Active', suspended: 'Suspended', lapsed: 'Lapsed', revoked: 'Revoked' };

/** The holder's ways to their credential: its public page, the downloads and "Add to LinkedIn". */
function HolderLinks({ record, label }: { record: CredentialRecord; label: string }) {
  const [c, setC] = useState<PublicCredential | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    publicCredentials
      .get(record.id)
      .then((r) => live && setC(r))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [record.id]);
  return (
    <>
      <p>
        <Link to={`/credentials/${encodeURIComponent(record.id)}`}>
          Public page of this credential<span className="visually-hidden"> ({label})</span>
        </Link>{' '}
        <span className="muted-line">Share its address: anyone can check the credential there.</span>
      </p>
      {c ? <KeepAndShare c={c} holder label={`(${label})`} /> : failed ? <p>The downloads are on the public page.</p> : null}
    </>
  );
}

/** The member's credentials; holders of a nominating level can nominate someone for Fellow here. */
export function CredentialsPage() {
  const [rows, setRows] = useState<CredentialRecord[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [levels, setLevels] = useState<Scheme['levels']>([]);
  useEffect(() => {
    applications
      .credentials()
      .then((r) => setRows(r.credentials))
      .catch((err) => setError(messageOf(err)));
    // The scheme says which levels are by nomination and whose holders nominate.
    portfolio
      .eligibility()
      .then((r) => schemes.get(r.schemeVersion.schemeId, r.schemeVersion.id))
      .then((d) => setLevels((d.content as unknown as Scheme).levels))
      .catch(() => setLevels([]));
  }, []);
  const held = new Set((rows ?? []).filter((c) => c.status === 'active').map((c) => c.levelId));
  const nominable = levels.filter((l) => l.requirements.nominations?.fromLevels.some((f) => held.has(f)));
  return (
    <Page title="Your credentials">
      {error ? (
        <p className="banner banner-error" role="alert">
          Your credentials could not be loaded: {error}
        </p>
      ) : null}
      {!rows && !error ? (
        <p className="loading" role="status">
          Loading your credentials…
        </p>
      ) : null}
      {rows && !rows.length ? (
        <p className="empty">
          You hold no credential yet. <Link to="/applications">See your applications</Link>.
        </p>
      ) : null}
      {rows?.length ? (
        <ul className="credential-list">
          {rows.map((c) => (
            <li key={c.id} className="credential">
              <h2 className="credential-title">
                {c.levelName}
                {c.postNominals ? <span className="credential-letters"> ({c.postNominals})</span> : null}
              </h2>
              <dl className="facts">
                <div>
                  <dt>Status</dt>
                  <dd>
                    <span className={c.status === 'active' ? 'tag tag-ok' : 'tag tag-failed'}>{statusWords[c.status]}</span>
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
              </dl>
              <HolderLinks record={c} label={c.levelName} />
              {c.applicationId ? (
                <p>
                  <Link to={`/applications/${encodeURIComponent(c.applicationId)}`}>The application and its decision</Link>
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {nominable.map((l) => (
        <NominateForm key={l.id} level={{ id: l.id, name: l.name }} />
      ))}
    </Page>
  );
}
