import { useCallback, useEffect, useId, useState } from 'react';
import type { Attendance, CloseResult, EveryoneAttendance } from '../../../../../contracts/events-closing.js';
import { ApiError, call } from '../../../api.js';
import { Status } from '../../../components/forms.js';
import { formatTime } from '../../../components/format.js';
import { Loading } from '../../../components/guards.js';
import { Page } from '../../../components/Page.js';
import { ManageNav } from '../ManageNav.js';
import { useEventParams } from '../params.js';

const messageOf = (err: unknown) => (err instanceof ApiError ? err.message : 'Something went wrong. Try again.');

/** Credentials of attendance issued so far, as a bar named by its text (the issuing runs as a job). */
function Progress({ due, issued }: { due: number; issued: number }) {
  const id = useId();
  return (
    <div className="cpd-progress">
      <p id={id}>
        Credentials of attendance: {issued.toLocaleString('en-GB')} of {due.toLocaleString('en-GB')} issued
      </p>
      <progress aria-labelledby={id} max={Math.max(1, due)} value={issued} />
    </div>
  );
}

/** /events/manage/:eventId/attendance: close the event or one session, follow the credentials, see who attended. */
export function AttendanceManagePage() {
  const { eventId = '' } = useEventParams();
  const [data, setData] = useState<EveryoneAttendance | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string>('');
  const [busy, setBusy] = useState<string | null>(null);
  const base = `/api/v1/events/${encodeURIComponent(eventId)}`;

  const load = useCallback(async () => {
    try {
      setData((await call<Attendance>('GET', `${base}/attendance?view=everyone`)).everyone);
    } catch (err) {
      setError(messageOf(err));
    }
  }, [base]);
  useEffect(() => {
    void load();
  }, [load]);
  // While credentials are being issued, look again every two seconds.
  const issuing = data !== null && data.event.closedAt !== null && data.credentials.issued < data.credentials.due;
  useEffect(() => {
    if (!issuing) return;
    const t = setTimeout(() => void load(), 2000);
    return () => clearTimeout(t);
  }, [issuing, load]);

  async function close(sessionId: string | null, what: string) {
    setBusy(sessionId ?? 'event');
    setMessage('');
    try {
      const r = await call<CloseResult>('POST', sessionId ? `${base}/sessions/${encodeURIComponent(sessionId)}/close` : `${base}/close`);
      setMessage(`${what} closed: ${r.newCredits} new CPD credit${r.newCredits === 1 ? '' : 's'} for ${r.membersCredited} member${r.membersCredited === 1 ? '' : 's'}.`);
      await load();
    } catch (err) {
      setMessage(messageOf(err));
    } finally {
      setBusy(null);
    }
  }

  if (error) {
    return (
      <Page title="Close and attendance">
        <ManageNav eventId={eventId} />
        <p className="banner banner-error">{error}</p>
      </Page>
    );
  }
  if (!data) return <Loading what="Loading the attendance" />;
  const titles = new Map(data.sessions.map((s) => [s.id, s.title]));
  return (
    <Page title={`Close and attendance: ${data.event.title}`} heading="Close and attendance">
      <ManageNav eventId={eventId} title={data.event.title} />
      <section className="section" aria-labelledby="close-h">
        <h2 id="close-h">Close the event</h2>
        <p>
          Closing credits CPD to everyone for the sessions they were checked into, and to confirmed speakers for their talks with preparation, then issues each attendee a
          credential and a certificate of attendance. Close again after a late scan: only what is new is credited.
        </p>
        {data.event.closedAt ? <p>Closed on {formatTime(data.event.closedAt)}.</p> : null}
        <button type="button" className="button" disabled={busy !== null} onClick={() => void close(null, data.event.title)}>
          {busy === 'event' ? 'Closing…' : data.event.closedAt ? 'Close again' : 'Close the event'}
        </button>
        {data.event.closedAt ? <Progress due={data.credentials.due} issued={data.credentials.issued} /> : null}
        <Status message={message} />
      </section>

      <section className="section" aria-labelledby="sessions-h">
        <h2 id="sessions-h">Sessions</h2>
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a table that scrolls sideways must be reachable by keyboard to be scrolled */}
        <section className="table-wrap" tabIndex={0} aria-labelledby="sessions-caption">
          <table className="table-compact">
            <caption id="sessions-caption" className="visually-hidden">
              Sessions, their check-ins and closing
            </caption>
            <thead>
              <tr>
                <th scope="col">Session</th>
                <th scope="col">Starts</th>
                <th scope="col">Checked in</th>
                <th scope="col">Closed</th>
              </tr>
            </thead>
            <tbody>
              {data.sessions.map((s) => (
                <tr key={s.id}>
                  <td>{s.title}</td>
                  <td>{formatTime(s.startsAt)}</td>
                  <td>{s.checkedIn}</td>
                  <td>
                    {s.closedAt ? (
                      formatTime(s.closedAt)
                    ) : (
                      <button type="button" className="button button-small" disabled={busy !== null} onClick={() => void close(s.id, s.title)}>
                        {busy === s.id ? 'Closing…' : <>Close<span className="visually-hidden"> {s.title}</span></>}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </section>

      <section className="section" aria-labelledby="people-h">
        <h2 id="people-h">Attendees</h2>
        <p>
          <a href={`${base}/attendance/csv`} download>
            Download the attendance as CSV
          </a>
        </p>
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a table that scrolls sideways must be reachable by keyboard to be scrolled */}
        <section className="table-wrap" tabIndex={0} aria-labelledby="people-caption">
          <table className="table-compact">
            <caption id="people-caption" className="visually-hidden">
              Attendees, where they were checked in and the hours credited
            </caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Door</th>
                <th scope="col">Sessions</th>
                <th scope="col">Hours credited</th>
                <th scope="col">Credential</th>
              </tr>
            </thead>
            <tbody>
              {data.people.map((r) => (
                <tr key={r.userId}>
                  <td>
                    {r.name}
                    <br />
                    <small>{r.reference}</small>
                  </td>
                  <td>{r.doorDays.join(', ') || 'Not checked in'}</td>
                  <td>{r.sessionIds.map((s) => titles.get(s) ?? s).join(', ') || 'None'}</td>
                  <td>
                    {r.attendedHours}
                    {r.speakingHours ? ` (+${r.speakingHours} speaking)` : ''}
                  </td>
                  <td>{r.credentialId ? <a href={`/verify?credential=${encodeURIComponent(r.credentialId)}`}>Verify</a> : 'None'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </section>
    </Page>
  );
}
