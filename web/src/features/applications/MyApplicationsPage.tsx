import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { type ApplicationRow, applications } from '../../api.js';
import { formatDate } from '../../components/format.js';
import { Page } from '../../components/Page.js';
import { messageOf } from '../../components/actions.js';
import { StateTag } from '../../components/application.js';

/** The member's applications, newest first, each with its state in words. */
export function MyApplicationsPage() {
  const [rows, setRows] = useState<ApplicationRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    applications
      .mine()
      .then((r) => setRows(r.applications))
      .catch((err) => setError(messageOf(err)));
  }, []);
  return (
    <Page title="Your applications" lead="Apply for a level from the eligibility panel of your portfolio when you meet it.">
      {error ? (
        <p className="banner banner-error" role="alert">
          Your applications could not be loaded: {error}
        </p>
      ) : null}
      {!rows && !error ? (
        <p className="loading" role="status">
          Loading your applications…
        </p>
      ) : null}
      {rows && !rows.length ? (
        <p className="empty">
          You have not applied yet. <Link to="/portfolio">See which levels you meet</Link>.
        </p>
      ) : null}
      {rows?.length ? (
        <ul className="application-list">
          {rows.map((a) => (
            <li key={a.id} className="application-item">
              <h2 className="application-title">
                <Link to={`/applications/${encodeURIComponent(a.id)}`}>{a.levelName}</Link>
              </h2>
              <p>
                <StateTag state={a.state} />
              </p>
              <p className="muted-line">
                {a.submittedAt ? `Submitted ${formatDate(a.submittedAt)}` : 'Not submitted'} · updated {formatDate(a.updatedAt)}
                {a.dueAt ? ` · decision expected by ${formatDate(a.dueAt)}` : ''}
              </p>
            </li>
          ))}
        </ul>
      ) : null}
    </Page>
  );
}
