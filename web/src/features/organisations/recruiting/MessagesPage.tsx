import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { ApiError } from '../../../api.js';
import { type ReceivedMessages, recruiting } from './client.js';
import { HintError, Status, Submit, describedBy } from '../../../components/forms.js';
import { formatDate } from '../../../components/format.js';
import { Page } from '../../../components/Page.js';

type Message = ReceivedMessages['messages'][number];

/** Messages organisations sent the member through Guildhall: reply (which shares the member's address) or report. */
export function MessagesPage() {
  const [data, setData] = useState<ReceivedMessages | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    recruiting
      .mine()
      .then(setData)
      .catch((err) => setError(err instanceof ApiError ? err.message : 'Your messages could not be loaded.'));
  }, []);
  useEffect(load, [load]);
  // The mail's link names one message (#message-<id>): bring it into view once loaded.
  useEffect(() => {
    if (data && location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView();
  }, [data]);

  return (
    <Page title="Messages from employers" lead="Organisations that found you in the public register can write to you through Guildhall. They do not see your e-mail address unless you reply.">
      {error ? (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      ) : null}
      {!data && !error ? (
        <p className="loading" role="status">
          Loading your messages…
        </p>
      ) : null}
      {data && !data.messages.length ? <p className="empty">No organisation has written to you.</p> : null}
      {data?.messages.length ? (
        <ul className="mail-list">
          {data.messages.map((m) => (
            <MessageItem key={m.id} m={m} onChange={load} />
          ))}
        </ul>
      ) : null}
    </Page>
  );
}

function MessageItem({ m, onChange }: { m: Message; onChange: () => void }) {
  const [mode, setMode] = useState<'reply' | 'report' | null>(null);
  const [text, setText] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = `message-${m.id}`;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setFieldError(undefined);
    setError(null);
    try {
      if (mode === 'reply') await recruiting.reply(m.id, { body: text });
      else await recruiting.report({ messageId: m.id, reason: text });
      setDone(mode === 'reply' ? `Reply sent. ${m.organisationName} now has your e-mail address.` : 'Reported. Scheme administrators will review this message.');
      setMode(null);
      setText('');
      onChange();
    } catch (err) {
      if (err instanceof ApiError) {
        const f = err.fields.body?.[0] ?? err.fields.reason?.[0];
        setFieldError(f);
        if (!f) setError(err.message);
      } else setError('That did not work; try again.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className="mail-item" id={id}>
      <h2 className="mail-subject">{m.subject}</h2>
      <p className="mail-meta">
        From {m.senderName} of {m.organisationName}, {formatDate(m.sentAt)}
      </p>
      <p className="mail-body">{m.body}</p>
      {m.reply ? (
        <div className="banner">
          <p>
            <strong>You replied</strong> on {formatDate(m.reply.repliedAt)}:
          </p>
          <p className="mail-body">{m.reply.body}</p>
        </div>
      ) : null}
      {m.reported ? <p className="muted-line">You reported this message.</p> : null}
      <Status message={done} />
      {error ? (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="button-row">
        {!m.reply ? (
          <button type="button" className="button button-small" aria-expanded={mode === 'reply'} onClick={() => setMode(mode === 'reply' ? null : 'reply')}>
            Reply<span className="visually-hidden"> to {m.organisationName}</span>
          </button>
        ) : null}
        {!m.reported ? (
          <button type="button" className="button button-small button-danger" aria-expanded={mode === 'report'} onClick={() => setMode(mode === 'report' ? null : 'report')}>
            Report abuse<span className="visually-hidden">: {m.subject}</span>
          </button>
        ) : null}
      </div>
      {mode ? (
        <form onSubmit={submit} className="form" noValidate>
          <div className={fieldError ? 'field field-error' : 'field'}>
            <label htmlFor={`${id}-text`}>{mode === 'reply' ? 'Your reply' : 'What was wrong'}</label>
            <HintError
              id={`${id}-text`}
              hint={mode === 'reply' ? `Mailed to ${m.senderName} with your e-mail address, so they can write to you directly.` : 'Scheme administrators see the message and your reason; they may stop the organisation writing to members.'}
              error={fieldError}
            />
            <textarea id={`${id}-text`} className="input" rows={5} value={text} maxLength={5000} aria-invalid={fieldError ? true : undefined} aria-describedby={describedBy(`${id}-text`, 'hint', fieldError)} onChange={(e) => setText(e.target.value)} />
          </div>
          <Submit busy={busy}>{mode === 'reply' ? 'Send reply' : 'Send report'}</Submit>
        </form>
      ) : null}
    </li>
  );
}
