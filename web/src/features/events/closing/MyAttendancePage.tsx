import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { Attendance, MyAttendance } from '../../../../../contracts/events-closing.js';
import { ApiError, call } from '../../../api.js';
import { formatTime } from '../../../components/format.js';
import { Loading } from '../../../components/guards.js';
import { Page } from '../../../components/Page.js';
import { useEventParams } from '../params.js';

/** /events/:slug/attendance: the attendee's sessions and hours, certificate and credential of attendance. */
export function MyAttendancePage() {
  const { slug = '' } = useEventParams();
  const [data, setData] = useState<MyAttendance | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    call<Attendance>('GET', `/api/v1/events/${encodeURIComponent(slug)}/attendance`)
      .then((a) => setData(a.mine))
      .catch((err: unknown) => setError(err instanceof ApiError ? err.message : 'Something went wrong. Try again.'));
  }, [slug]);
  if (error)
    return (
      <Page title="Your attendance">
        <p className="banner banner-error">{error}</p>
      </Page>
    );
  if (!data) return <Loading what="Loading your attendance" />;
  return (
    <Page title={`Your attendance: ${data.event.title}`} heading="Your attendance" lead={data.event.title}>
      {!data.checkedIn ? (
        <p className="banner">You were not checked in at this event, so there is no certificate or credential of attendance for you.</p>
      ) : (
        <>
          <section className="section" aria-labelledby="sessions-h">
            <h2 id="sessions-h">Sessions you attended</h2>
            {data.sessions.length ? (
              <ul>
                {data.sessions.map((s) => (
                  <li key={s.id}>
                    {s.title}, {formatTime(s.startsAt)} ({s.hours} hour{s.hours === 1 ? '' : 's'})
                  </li>
                ))}
              </ul>
            ) : (
              <p>You were checked in at the door, and at no session.</p>
            )}
          </section>
          <section className="section" aria-labelledby="cpd-h">
            <h2 id="cpd-h">CPD credited</h2>
            {data.event.closed ? (
              <>
                <p>
                  {data.hours} hour{data.hours === 1 ? '' : 's'} for attending{data.speakingHours ? `, and ${data.speakingHours} for speaking (preparation included)` : ''}, in your{' '}
                  <Link to="/cpd">CPD log</Link> as verified activities.
                </p>
                <ul>
                  {data.credits.map((c) => (
                    <li key={`${c.type} ${c.title}`}>
                      {c.title}: {c.hours} hour{c.hours === 1 ? '' : 's'}
                    </li>
                  ))}
                </ul>
              </>
            ) : (
              <p>Your CPD is credited when the organisers close the event.</p>
            )}
          </section>
          <section className="section" aria-labelledby="proof-h">
            <h2 id="proof-h">Certificate and credential</h2>
            <ul>
              {data.certificateUrl ? (
                <li>
                  <a href={data.certificateUrl} download>
                    Download your certificate of attendance (PDF)
                  </a>
                </li>
              ) : null}
              {data.credential ? (
                <>
                  <li>
                    <a href={data.credential.downloadUrl} download>
                      Download your credential of attendance (Open Badges 3.0)
                    </a>
                  </li>
                  <li>
                    <a href={data.credential.verifyUrl}>Verify your credential of attendance</a>
                  </li>
                </>
              ) : (
                <li>{data.event.closed ? 'Your credential of attendance is being issued; look again in a minute.' : 'Your credential of attendance is issued when the event is closed.'}</li>
              )}
            </ul>
          </section>
        </>
      )}
    </Page>
  );
}
