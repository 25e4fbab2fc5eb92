import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { ApiError } from '../../../api.js';
import { type ContactReports, recruiting } from './client.js';
import { Field, Status, Submit } from '../../../components/forms.js';
import { formatDate } from '../../../components/format.js';
import { Page } from '../../../components/Page.js';

type Report = ContactReports['reports'][number];

/** Scheme administrators: reports of organisations' messages, and suspending an organisation's messaging. */
export function ContactReportsPage() {
  const [data, setData] = useState<ContactReports | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const load = useCallback(() => {
    recruiting
      .reports()
      .then(setData)
      .catch((err) => setError(err instanceof ApiError ? err.message : 'The reports could not be loaded.'));
  }, []);
  useEffect(load, [load]);

  return (
    <Page title="Reported messages" lead="Members’ reports of messages organisations sent them through candidate search, newest first.">
      <Status message={done} />
      {error ? (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      ) : null}
      {data && !data.reports.length ? <p className="empty">No reports.</p> : null}
      {data?.reports.length ? (
        <ul className="mail-list">
          {data.reports.map((r) => (
            <ReportItem
              key={r.id}
              r={r}
              onChanged={(m) => {
                setDone(m);
                load();
              }}
            />
          ))}
        </ul>
      ) : null}
    </Page>
  );
}

function ReportItem({ r, onChanged }: { r: Report; onChanged: (message: string) => void }) {
  const [reason, setReason] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setFieldError(undefined);
    setError(null);
    try {
      const suspended = !r.messagingSuspended;
      await recruiting.setMessaging(r.organisationId, suspended ? { suspended, reason } : { suspended });
      onChanged(suspended ? `${r.organisationName} can no longer message members.` : `${r.organisationName} can message members again.`);
    } catch (err) {
      if (err instanceof ApiError && err.fields.reason) setFieldError(err.fields.reason[0]);
      else setError(err instanceof ApiError ? err.message : 'That did not work; try again.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className="mail-item">
      <h2 className="mail-subject">
        {r.organisationName}: “{r.message.subject}”
      </h2>
      <p className="mail-meta">
        Reported {formatDate(r.createdAt)} {r.via === 'link' ? 'from the mail’s link' : 'by the member, signed in'}; sent {formatDate(r.message.sentAt)} by {r.message.senderName}
      </p>
      <p>
        <strong>Reason:</strong> {r.reason}
      </p>
      <details>
        <summary>The message</summary>
        <p className="mail-body">{r.message.body}</p>
      </details>
      {error ? (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      ) : null}
      <form onSubmit={submit} className="form" noValidate aria-label={`Messaging of ${r.organisationName}`}>
        {r.messagingSuspended ? (
          <p className="tag tag-failed">Messaging suspended</p>
        ) : (
          <Field id={`suspend-${r.id}`} label="Reason for suspending" value={reason} onChange={(e) => setReason(e.target.value)} error={fieldError} />
        )}
        <Submit busy={busy} className={r.messagingSuspended ? 'button button-secondary' : 'button button-danger'}>
          {r.messagingSuspended ? 'Restore messaging' : 'Suspend messaging'}
          <span className="visually-hidden"> of {r.organisationName}</span>
        </Submit>
      </form>
    </li>
  );
}
