import { Fragment, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, type MailFull, admin } from '../../api.js';
import { Page } from '../../components/Page.js';
import { formatTime } from '../../components/format.js';

const statusText = { pending: 'Waiting to be sent', sent: 'Sent', failed: 'Failed' } as const;
const urlPattern = /(https?:\/\/[^\s<>"]+)/g;

/** Mail text with its links clickable; links to this site stay inside the app. */
function Linkified({ text }: { text: string }) {
  // Each piece is keyed by where it starts in the text, which is unique and stable.
  const pieces: Array<{ at: number; part: string; isUrl: boolean }> = [];
  let at = 0;
  text.split(urlPattern).forEach((part, i) => {
    pieces.push({ at, part, isUrl: i % 2 === 1 });
    at += part.length;
  });
  return (
    <>
      {pieces.map(({ at, part, isUrl }) => {
        if (!isUrl) return <Fragment key={at}>{part}</Fragment>;
        let url: URL | null = null;
        try {
          url = new URL(part);
        } catch {
          url = null;
        }
        if (url && url.origin === window.location.origin) {
          return (
            <Link key={at} to={url.pathname + url.search + url.hash}>
              {part}
            </Link>
          );
        }
        return (
          <a key={at} href={part} rel="noreferrer noopener">
            {part}
          </a>
        );
      })}
    </>
  );
}

export function MailMessagePage() {
  const { id = '' } = useParams();
  const [message, setMessage] = useState<MailFull | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    admin
      .getDevMail(id)
      .then((m) => live && setMessage(m))
      .catch((err) => live && setError(err instanceof ApiError ? err.message : 'The message could not be loaded.'));
    return () => {
      live = false;
    };
  }, [id]);

  return (
    <Page title={message ? message.subject : error ? 'Message not available' : 'Message'}>
      <p>
        <Link to="/dev/mailbox">Back to the mailbox</Link>
      </p>
      {error ? <p className="banner banner-error">{error}</p> : null}
      {!message && !error ? <p role="status">Loading the message…</p> : null}
      {message ? (
        <article className="mail" aria-label="Message">
          <dl className="mail-headers">
            <div>
              <dt>To</dt>
              <dd>{message.to}</dd>
            </div>
            <div>
              <dt>Written</dt>
              <dd>{formatTime(message.createdAt)}</dd>
            </div>
            <div>
              <dt>Status</dt>
              <dd>
                {statusText[message.status]}
                {message.lastError ? ` (${message.lastError})` : ''}
              </dd>
            </div>
          </dl>
          <div className="mail-body">
            <Linkified text={message.text} />
          </div>
        </article>
      ) : null}
    </Page>
  );
}
