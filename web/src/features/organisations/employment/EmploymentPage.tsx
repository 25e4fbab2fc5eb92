import { useCallback, useEffect, useState } from 'react';
import { Status } from '../../../components/forms.js';
import { TextareaField } from '../../../components/controls.js';
import { messageOf } from '../../../components/actions.js';
import { formatDate } from '../../../components/format.js';
import { Page } from '../../../components/Page.js';
import { type EmploymentRequest, employment, periodText } from './api.js';
import { useOrganisationParams } from '../params.js';
import { OrganisationNav } from '../OrganisationNav.js';

const statusWords: Record<EmploymentRequest['status'], string> = { pending: 'Waiting', confirmed: 'Confirmed', disputed: 'Disputed' };
const statusTag: Record<EmploymentRequest['status'], string> = { pending: 'tag tag-pending', confirmed: 'tag tag-ok', disputed: 'tag tag-failed' };

/** The organisation's employment requests: confirm or dispute each in one click, and what was answered before. */
export function EmploymentPage() {
  const { organisationId = '' } = useOrganisationParams();
  const [pending, setPending] = useState<EmploymentRequest[] | null>(null);
  const [history, setHistory] = useState<EmploymentRequest[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const [p, all] = await Promise.all([employment.requests(organisationId, 'pending'), employment.requests(organisationId, 'all')]);
      setPending(p.requests);
      setHistory(all.requests.filter((r) => r.status !== 'pending'));
    } catch (err) {
      setError(messageOf(err));
    }
  }, [organisationId]);
  useEffect(() => {
    void load();
  }, [load]);

  const answered = async (message: string) => {
    setDone(message);
    setError(null);
    await load();
  };

  return (
    <Page title="Employment" lead="Members who work here ask you to confirm the period and responsibility level of their role. A confirmation counts as a referee’s when they apply.">
      <OrganisationNav organisationId={organisationId} />
      <Status message={done} className="status-success" />
      {error ? (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      ) : null}
      <section aria-labelledby="employment-pending-title" className="section">
        <h2 id="employment-pending-title">Waiting for you</h2>
        {pending === null && !error ? <p className="loading">Loading requests…</p> : null}
        {pending?.length === 0 ? <p className="empty">No requests are waiting.</p> : null}
        {pending?.length ? (
          <ul className="item-list">
            {pending.map((r) => (
              <PendingRequest key={r.id} organisationId={organisationId} request={r} onAnswered={answered} onError={setError} />
            ))}
          </ul>
        ) : null}
      </section>
      <section aria-labelledby="employment-history-title" className="section">
        <h2 id="employment-history-title">Answered</h2>
        {history.length ? (
          <ul className="item-list">
            {history.map((r) => (
              <li key={r.id} className="item">
                <p className="item-title">
                  {r.member.name}: {r.confirmed?.roleTitle ?? r.claim?.roleTitle ?? 'a deleted work item'} <span className={statusTag[r.status]}>{statusWords[r.status]}</span>
                </p>
                <p className="item-detail">
                  {r.confirmed ? `Confirmed ${periodText(r.confirmed)}` : r.claim ? periodText(r.claim) : ''}
                  {r.decidedAt ? ` · answered on ${formatDate(r.decidedAt)}` : ''}
                  {r.endedAt ? ` · left on ${formatDate(r.endedAt)}` : ''}
                  {r.changedSinceConfirmed ? ' · the member changed the claim since' : ''}
                </p>
                {r.disputeReason ? <p className="item-detail">Reason: {r.disputeReason}</p> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="empty">Nothing answered yet.</p>
        )}
      </section>
    </Page>
  );
}

function PendingRequest({ organisationId, request: r, onAnswered, onError }: { organisationId: string; request: EmploymentRequest; onAnswered: (m: string) => Promise<void>; onError: (m: string) => void }) {
  const [disputing, setDisputing] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const who = `${r.member.name}, ${r.claim?.roleTitle ?? 'work item'}`;
  const act = async (work: () => Promise<unknown>, message: string) => {
    setBusy(true);
    try {
      await work();
      await onAnswered(message);
    } catch (err) {
      const e = err as { fields?: Record<string, string[]> };
      if (e.fields?.reason) setReasonError(e.fields.reason[0]);
      else onError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <li className="item">
      <p className="item-title">
        {r.member.name}: {r.claim ? `${r.claim.roleTitle} at ${r.claim.employer}` : 'a deleted work item'}
      </p>
      <p className="item-detail">
        {r.claim ? periodText(r.claim) : ''} · asked on {formatDate(r.requestedAt)}
      </p>
      <div className="item-actions">
        <button type="button" className="button button-small" disabled={busy || !r.claim} onClick={() => act(() => employment.confirm(organisationId, r.id), `Confirmed: ${who}.`)}>
          Confirm<span className="visually-hidden"> {who}</span>
        </button>
        <button type="button" className="button button-secondary button-small" aria-expanded={disputing} onClick={() => setDisputing(!disputing)}>
          Dispute<span className="visually-hidden"> {who}</span>
        </button>
      </div>
      {disputing ? (
        <form
          className="form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!reason.trim()) {
              setReasonError('Say why the claim is disputed');
              return;
            }
            void act(() => employment.dispute(organisationId, r.id, reason), `Disputed: ${who}.`);
          }}
        >
          <TextareaField id={`dispute-${r.id}`} label="Why is the claim not right?" hint="The member sees this reason." value={reason} onChange={setReason} error={reasonError} maxLength={2000} />
          <button type="submit" className="button button-small" disabled={busy}>
            Dispute this claim
          </button>
        </form>
      ) : null}
    </li>
  );
}
