import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useAction, Problems, Section } from '../../components/actions.js';
import { Status, Submit } from '../../components/forms.js';
import { formatDate } from '../../components/format.js';
import { useLoaded } from '../../components/loaded.js';
import { Page } from '../../components/Page.js';
import { privacy } from '../../api/privacy.js';
import { ExportProgress } from './ExportProgress.js';

const POLL_MS = 1000;

/** The member's consents (what, which words, when, withdrawn) and marketing mail choice. */
function Consents() {
  const fetch = useCallback(() => privacy.consents(), []);
  const { data, error, done, changed } = useLoaded(fetch);
  const action = useAction('consent-');
  const marketing = data?.consents.find((c) => c.kind === 'marketing_mail' && c.withdrawnAt === null);
  const text = data?.texts.find((t) => t.purpose === 'marketing_mail');
  const toggle = action.run(async () => {
    await privacy.setConsent({ purpose: 'marketing_mail', agreed: !marketing, textVersion: text?.version });
    await changed(marketing ? 'You will no longer get news by e-mail.' : 'You will get news by e-mail.');
  });
  return (
    <Section id="privacy-consents" title="What you agreed to">
      <Status message={done} className="status-success" />
      {error ? <p className="banner banner-error" role="alert">{error}</p> : null}
      {!data && !error ? <p className="loading" role="status">Loading…</p> : null}
      {data ? (
        <>
          {data.consents.length === 0 ? <p className="empty">You have not agreed to anything optional.</p> : null}
          <ul className="mail-list">
            {data.consents.map((c) => (
              <li key={c.id}>
                <strong>{c.title}</strong>: {c.withdrawnAt ? `agreed ${formatDate(c.agreedAt)}, withdrawn ${formatDate(c.withdrawnAt)}` : `agreed ${formatDate(c.agreedAt)}, in force`}
                <details>
                  <summary>The words you agreed to (version {c.textVersion})</summary>
                  <p>{c.text}</p>
                </details>
              </li>
            ))}
          </ul>
          <form onSubmit={toggle} noValidate>
            <Problems action={action} labels={{}} />
            {text ? <p className="hint">{text.text}</p> : null}
            <Submit busy={action.busy}>{marketing ? 'Stop news by e-mail' : 'Get news by e-mail'}</Submit>
          </form>
          <p>
            Your register listing is recorded as you <Link to="/account/register">choose it</Link>; sharing with an employer on{' '}
            <Link to="/account/sharing">the sharing page</Link>.
          </p>
        </>
      ) : null}
    </Section>
  );
}

/** Asking for a copy of all one's data, following its progress, and the download link. */
function Archive() {
  const fetch = useCallback(() => privacy.exports(), []);
  const { data, error } = useLoaded(fetch);
  const action = useAction('archive-');
  const [latest, setLatest] = useState(data?.exports[0] ?? null);
  useEffect(() => setLatest(data?.exports[0] ?? null), [data]);
  // While the archive is built, its progress is read again every second.
  useEffect(() => {
    if (latest?.status !== 'queued') return;
    const t = setTimeout(() => void privacy.getExport(latest.id).then(setLatest, () => undefined), POLL_MS);
    return () => clearTimeout(t);
  }, [latest]);
  const ask = action.run(async () => {
    setLatest(await privacy.exportData());
  });
  const earlier = data?.exports.slice(1) ?? [];
  return (
    <Section id="privacy-archive" title="A copy of all your data">
      <p>
        One ZIP file with all your records as JSON, your evidence files, your signed credentials, your CPD record as a PDF, and who saw your data. The link works for
        7 days.
      </p>
      {error ? <p className="banner banner-error" role="alert">{error}</p> : null}
      <form onSubmit={ask} noValidate>
        <Problems action={action} labels={{}} />
        <Submit busy={action.busy || latest?.status === 'queued'} busyText="Building…">
          Make an archive of my data
        </Submit>
      </form>
      <div aria-live="polite">{latest ? <ExportProgress item={latest} /> : null}</div>
      {earlier.length ? (
        <details>
          <summary>Earlier archives</summary>
          <ul>
            {earlier.map((e) => (
              <li key={e.id}>
                <ExportProgress item={e} />
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </Section>
  );
}

/** The member's privacy page: consents, and a copy of their data. */
export function PrivacyPage() {
  return (
    <Page title="Your data" lead="What you agreed to, and a copy of everything Guildhall holds about you.">
      <Consents />
      <Archive />
    </Page>
  );
}
