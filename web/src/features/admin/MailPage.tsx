import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ApiError, type UndeliveredMails, admin } from '../../api.js';
import { Page } from '../../components/Page.js';
import { formatTime } from '../../components/format.js';

type Show = 'all' | 'failed' | 'pending';
const shows: Array<{ value: Show; label: string }> = [
  { value: 'all', label: 'Failed and long-pending' },
  { value: 'failed', label: 'Failed only' },
  { value: 'pending', label: 'Long-pending only' },
];

/**
 * Mail that did not go out: failed (refused by the mail server, or not delivered within the retry
 * window) and mail still pending after a while. Failed mail can be re-sent one by one or all at once.
 */
export function MailPage() {
  const [params, setParams] = useSearchParams();
  const show = (shows.find((s) => s.value === params.get('show'))?.value ?? 'all') as Show;
  const [data, setData] = useState<UndeliveredMails | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setData(await admin.listUndeliveredMail(show === 'all' ? {} : { status: show }));
      setError(null);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Undelivered mail could not be loaded.');
    }
  }, [show]);

  useEffect(() => {
    setData(null);
    void load();
  }, [load]);

  async function resend(id: string, to: string) {
    setBusy(id);
    try {
      await admin.resendMail(id);
      setNotice(`The message to ${to} is queued again.`);
      await load();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'The message could not be re-sent.');
    } finally {
      setBusy(null);
    }
  }

  async function resendAll() {
    setBusy('all');
    try {
      const r = await admin.resendFailedMail();
      setNotice(r.resent === 1 ? 'One failed message is queued again.' : `${r.resent} failed messages are queued again.`);
      await load();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Failed mail could not be re-sent.');
    } finally {
      setBusy(null);
    }
  }

  return (
    <Page
      title="Undelivered mail"
      lead="Mail the server could not deliver. Temporary trouble (the mail server unreachable, busy or slow) is retried for three days; a refusal by the mail server fails at once. Re-send failed mail once its cause is mended."
    >
      <form className="form form-inline" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="mail-show">Show</label>
          <select id="mail-show" className="input input-medium" value={show} onChange={(e) => setParams(e.target.value === 'all' ? {} : { show: e.target.value })}>
            {shows.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
      </form>
      <p role="status" className={notice ? 'banner' : 'visually-hidden'}>
        {notice ?? ''}
      </p>
      {error ? <p className="banner banner-error">{error}</p> : null}
      {!data && !error ? <p className="loading" role="status">Loading undelivered mail…</p> : null}
      {data ? (
        <>
          <p>
            {data.failed === 0 ? 'No message failed' : data.failed === 1 ? 'One message failed' : `${data.failed} messages failed`};{' '}
            {data.longPending === 0 ? 'none is' : data.longPending === 1 ? 'one is' : `${data.longPending} are`} still pending after {data.pendingAfterMinutes} minutes.
          </p>
          {data.failed > 0 ? (
            <p>
              <button type="button" className="button" onClick={resendAll} disabled={busy !== null}>
                {busy === 'all' ? 'Re-sending…' : 'Re-send all failed mail'}
              </button>
            </p>
          ) : null}
          {data.messages.length === 0 ? <p className="empty">No undelivered mail.</p> : null}
          {data.messages.length ? (
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a table that scrolls sideways must be reachable by keyboard to be scrolled
            <section className="table-wrap" aria-labelledby="mail-caption" tabIndex={0}>
              <table className="audit-table">
                <caption id="mail-caption" className="visually-hidden">
                  Undelivered mail
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Queued</th>
                    <th scope="col">To</th>
                    <th scope="col">Subject</th>
                    <th scope="col">State</th>
                    <th scope="col">Attempts</th>
                    <th scope="col">Last attempt</th>
                    <th scope="col">Reason</th>
                    <th scope="col">
                      <span className="visually-hidden">Action</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.messages.map((m) => (
                    <tr key={m.id}>
                      <td className="nowrap">{formatTime(m.createdAt)}</td>
                      <td>{m.to}</td>
                      <td>{m.subject}</td>
                      <td>{m.status === 'failed' ? 'Failed' : 'Pending'}</td>
                      <td>{m.attempts}</td>
                      <td className="nowrap">{m.lastAttemptAt ? formatTime(m.lastAttemptAt) : 'Not yet'}</td>
                      <td className="details-cell">{m.lastError ?? '—'}</td>
                      <td>
                        {m.status === 'failed' ? (
                          <button type="button" className="button button-secondary" onClick={() => resend(m.id, m.to)} disabled={busy !== null} aria-label={`Re-send “${m.subject}” to ${m.to}`}>
                            {busy === m.id ? 'Re-sending…' : 'Re-send'}
                          </button>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ) : null}
        </>
      ) : null}
    </Page>
  );
}
