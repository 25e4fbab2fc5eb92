import { useCallback, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import type { ApplicationView } from '../../api.js';
import { Status } from '../../components/forms.js';
import { formatDate, formatTime } from '../../components/format.js';
import { Page } from '../../components/Page.js';
import { AppealForm, ConsentControl, RespondForm, WithdrawControl } from './ApplicantForms.js';
import { Section } from '../../components/actions.js';
import { StateTag, formatFee, useApplication } from '../../components/application.js';

const refStatus = { awaiting: 'Waiting for an answer', answered: 'Answered', expired: 'Link expired', cancelled: 'Cancelled' } as const;

/**
 * One application as its applicant follows it: status, referees (status only), questions from the assessor with
 * an answer form, the decision and its reasons, the fee, an appeal, and the timeline.
 */
export function ApplicationPage() {
  const { id = '' } = useParams();
  const flash = (useLocation().state as { flash?: string } | null)?.flash ?? null;
  const [app, setApp, loadError] = useApplication(id);
  const [status, setStatus] = useState<string | null>(flash);

  const done = useCallback((view: ApplicationView, message: string) => {
    setApp(view);
    setStatus(message);
    // The form that was used is gone; carry on from the top of the updated page.
    window.setTimeout(() => document.querySelector<HTMLElement>('main h1')?.focus(), 0);
  }, [setApp]);

  if (loadError || !app) {
    return (
      <Page title="Application">
        {loadError ? (
          <p className="banner banner-error" role="alert">
            The application could not be loaded: {loadError}
          </p>
        ) : (
          <p className="loading" role="status">
            Loading the application…
          </p>
        )}
        <p>
          <Link to="/applications">Your applications</Link>
        </p>
      </Page>
    );
  }

  const { can } = app;
  const openRequests = app.informationRequests.filter((r) => r.response === null);
  return (
    <Page title={`Application for ${app.levelName}`}>
      <Status message={status} className="status-success" />
      <dl className="facts">
        <div>
          <dt>Status</dt>
          <dd>
            <StateTag state={app.state} />
          </dd>
        </div>
        <div>
          <dt>Submitted</dt>
          <dd>{app.submittedAt ? formatDate(app.submittedAt) : 'Not yet'}</dd>
        </div>
        {app.dueAt ? (
          <div>
            <dt>Decision expected by</dt>
            <dd>{formatDate(app.dueAt)}</dd>
          </div>
        ) : null}
        <div>
          <dt>Scheme</dt>
          <dd>{app.schemeVersion.label}</dd>
        </div>
      </dl>

      {can.respond && openRequests.length ? (
        <Section id="requests-open" title="The assessor asks for more" className="card card-attention">
          {openRequests.map((r) => (
            <div key={r.id} className="request">
              <p className="request-question">
                <span className="visually-hidden">Question asked {formatDate(r.askedAt)}: </span>
                {r.question}
              </p>
              <RespondForm app={app} request={r} onDone={done} />
            </div>
          ))}
        </Section>
      ) : null}

      {can.consent ? (
        <Section id="consent" title="Your consent">
          <ConsentControl app={app} onDone={done} />
        </Section>
      ) : null}

      {app.state === 'draft' && app.nominations.required > 0 ? <NominationNext app={app} /> : null}

      {app.decision ? (
        <Section id="decision" title="Decision">
          <p>
            <strong>{app.decision.outcome === 'award' ? `Awarded: ${app.decision.levelName ?? app.levelName}` : 'Declined'}</strong> on {formatDate(app.decision.at)}
            {app.decision.byPanel ? ' by a panel' : ''}.
          </p>
          <h3>Reasons</h3>
          <p className="prose">{app.decision.reasons}</p>
          {app.credentialId ? (
            <p>
              <Link to="/credentials">See your credential</Link>
            </p>
          ) : null}
        </Section>
      ) : null}

      {app.fee ? (
        <Section id="fee" title="Fee">
          <p>
            {formatFee(app.fee)}: {app.fee.paidAt ? `paid, recorded on ${formatDate(app.fee.paidAt)}.` : 'payable once you are approved. The credential is awarded when the body records your payment.'}
          </p>
          {app.fee.paidBy ? <p>Paid by {app.fee.paidBy.name}.</p> : null}
        </Section>
      ) : null}

      {app.appeal || can.appeal ? (
        <Section id="appeal" title="Appeal">
          {app.appeal ? (
            <>
              <p>
                You appealed on {formatDate(app.appeal.at)}: <span className="prose">{app.appeal.grounds}</span>
              </p>
              {app.appeal.upheld === null ? (
                <p>A different assessor is looking at your appeal.</p>
              ) : (
                <>
                  <p>
                    <strong>{app.appeal.upheld ? 'The decision stands.' : 'The decision was overturned.'}</strong>
                  </p>
                  {app.appeal.reasons ? <p className="prose">{app.appeal.reasons}</p> : null}
                  {app.appeal.upheld ? <p>A decision can be appealed once; this one has been.</p> : null}
                </>
              )}
            </>
          ) : (
            <AppealForm app={app} onDone={done} />
          )}
        </Section>
      ) : null}

      <div className="sections">
        <Section id="references" title="Referees">
          {app.references.length ? (
            <ul>
              {app.references.map((r) => (
                <li key={r.id}>
                  {r.refereeName}: {refStatus[r.status]}
                </li>
              ))}
            </ul>
          ) : (
            <p>No referees were asked.</p>
          )}
          <p className="hint">You see whether each referee has answered; their answers go to the assessors only.</p>
        </Section>

        {app.nominations.required > 0 ? (
          <Section id="nominations" title="Nominations">
            <p>
              {app.nominations.received.length} of {app.nominations.required} nominations received; your consent: {app.nominations.consented ? 'given' : 'not yet given'}.
            </p>
            <ul>
              {app.nominations.received.map((n) => (
                <li key={`${n.name}-${n.at}`}>
                  {n.name}, {formatDate(n.at)}
                </li>
              ))}
            </ul>
          </Section>
        ) : null}
      </div>

      {app.informationRequests.some((r) => r.response !== null) ? (
        <Section id="requests" title="Questions answered">
          {app.informationRequests
            .filter((r) => r.response !== null)
            .map((r) => (
              <div key={r.id} className="request">
                <p className="request-question">{r.question}</p>
                <p className="prose">
                  Your answer ({r.respondedAt ? formatDate(r.respondedAt) : ''}): {r.response}
                </p>
              </div>
            ))}
        </Section>
      ) : null}

      <Section id="timeline" title="Timeline">
        <ol className="timeline">
          {app.history.map((h) => (
            <li key={`${h.at}-${h.action}`}>
              <span className="timeline-when">{formatTime(h.at)}</span> {h.label}
            </li>
          ))}
        </ol>
      </Section>

      {can.withdraw ? (
        <div className="withdraw">
          <WithdrawControl app={app} onDone={done} />
        </div>
      ) : null}
      <p>
        <Link to="/applications">All your applications</Link>
      </p>
    </Page>
  );
}

/** A nominee's draft: what is still missing before it can be submitted, or the way on to submitting it. */
function NominationNext({ app }: { app: ApplicationView }) {
  const missing = app.nominations.required - app.nominations.received.length;
  return (
    <Section id="next" title="Submit your application">
      {missing > 0 ? (
        <p>
          Waiting for {missing} more {missing === 1 ? 'nomination' : 'nominations'}. You can submit once {app.nominations.required} current holders have nominated you and you have
          consented.
        </p>
      ) : !app.nominations.consented ? (
        <p>Your nominations are complete. Give your consent above, then submit your application.</p>
      ) : (
        <>
          <p>Your nominations are complete and you have consented. Check what will be sent from your portfolio, then submit.</p>
          <p>
            <Link className="button" to={`/applications/new?level=${encodeURIComponent(app.levelId)}`}>
              Review and submit your application
            </Link>
          </p>
        </>
      )}
    </Section>
  );
}
