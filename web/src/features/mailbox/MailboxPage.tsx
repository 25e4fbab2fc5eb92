import { type FormEvent, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError, type Mail, admin } from '../../api.js';
import { Page } from '../../components/Page.js';
import { formatTime } from '../../components/format.js';

const statusText = { pending: 'Waiting', sent: 'Sent', failed: 'Failed' } as const;

/** Outgoing mail kept when no SMTP server is configured; newest first, filterable by recipient. */
export function MailboxPage() {
  const [params, setParams] = useSearchParams();
  const to = params.get('to') ?? '';
  const [draft, setDraft] = useState(to);
  const [messages, setMessages] = useState<Mail[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setMessages(null);
    admin
      .listDevMailbox({ to: to || undefined, limit: 100 })
      .then((r) => {
        if (!live) return;
        setMessages(r.messages);
        setError(null);
      })
      .catch((err) => live && setError(err instanceof ApiError ? err.message : 'The mailbox could not be loaded.'));
    return () => {
      live = false;
    };
  }, [to]);

  function filter(e: FormEvent) {
    e.preventDefault();
    setParams(draft.trim() ? { to: draft.trim() } : {});
  }

  return (
    <Page title="Development mailbox" lead="Mail this site would send. It stays here because no mail server is configured, so you can open confirmation and reset links yourself.">
      <search aria-label="Filter mail">
      <form onSubmit={filter} className="form form-inline">
        <div className="field">
          <label htmlFor="mail-to">Recipient</label>
          <input id="mail-to" type="email" className="input input-medium" value={draft} onChange={(e) => setDraft(e.target.value)} autoComplete="off" spellCheck={false} />
        </div>
        <button type="submit" className="button button-secondary">
          Filter
        </button>
      </form>
      </search>
      {error ? <p className="banner banner-error">{error}</p> : null}
      {!error && !messages ? <p role="status">Loading mail…</p> : null}
      {messages && !messages.length ? <p className="empty">No mail{to ? ` to ${to}` : ''} yet.</p> : null}
      {messages?.length ? (
        <ul className="mail-list" aria-label="Messages">
          {messages.map((m) => (
            <li key={m.id} className="mail-item">
              <Link to={`/dev/mailbox/${encodeURIComponent(m.id)}`} className="mail-subject">
                {m.subject}
              </Link>
              <p className="mail-meta">
                To {m.to} · {formatTime(m.createdAt)} · <span className={`tag tag-${m.status}`}>{statusText[m.status]}</span>
              </p>
            </li>
          ))}
        </ul>
      ) : null}
    </Page>
  );
}
