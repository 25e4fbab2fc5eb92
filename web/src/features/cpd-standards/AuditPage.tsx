import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, type CpdAudit, type FieldErrors, cpdStandards, portfolio } from '../../api.js';
import { HintError, ProblemLinks, Status, Submit, describedBy } from '../../components/forms.js';
import { formatDate } from '../../components/format.js';
import { Loading } from '../../components/guards.js';
import { Page } from '../../components/Page.js';
import { hasRole, useSession } from '../../components/session.js';
import { auditStatusText } from './AuditsPage.js';

type Item = CpdAudit['items'][number];
type Evidence = { id: string; title: string; kind: string };

const itemHeading = (i: Item) => `${i.title} (${formatDate(i.occurredOn)}, ${i.hours} hours)`;

/** A focusable summary of a failed submit; each problem links to its field. */
function Problems({ errors, failure, attempt, labels }: { errors: FieldErrors; failure: string | null; attempt: number; labels: Record<string, string> }) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  useEffect(() => {
    if (attempt > 0) ref.current?.focus();
  }, [attempt]);
  const items = Object.entries(errors).filter(([, m]) => m.length > 0);
  if (!items.length && !failure) return null;
  return (
    <div className="error-summary" ref={ref} tabIndex={-1} role="alert" aria-labelledby={titleId}>
      <h2 id={titleId}>There is a problem</h2>
      {failure && !items.length ? <p>{failure}</p> : null}
      <ProblemLinks items={items} prefix="" labels={labels} />
    </div>
  );
}

/** The member's answer: for every activity, evidence from the portfolio and a note, sent together. */
function AnswerForm({ audit, evidence, onDone }: { audit: CpdAudit; evidence: Evidence[]; onDone: (a: CpdAudit) => void }) {
  const [chosen, setChosen] = useState<Record<string, string[]>>({});
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const labels = Object.fromEntries(audit.items.flatMap((i) => [[`ev-${i.activityId}`, i.title], [`note-${i.activityId}`, `${i.title}, note`]]));

  const toggle = (activityId: string, id: string, on: boolean) =>
    setChosen((c) => ({ ...c, [activityId]: on ? [...(c[activityId] ?? []), id] : (c[activityId] ?? []).filter((x) => x !== id) }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const found: FieldErrors = {};
    for (const i of audit.items) if (!(chosen[i.activityId]?.length || notes[i.activityId]?.trim())) found[`ev-${i.activityId}`] = ['Choose evidence or explain in a note'];
    if (Object.keys(found).length) {
      setErrors(found);
      setFailure(null);
      setAttempt((n) => n + 1);
      return;
    }
    setBusy(true);
    try {
      onDone(
        await cpdStandards.submitEvidence(audit.id, {
          items: audit.items.map((i) => ({ activityId: i.activityId, evidenceIds: chosen[i.activityId] ?? [], ...(notes[i.activityId]?.trim() ? { note: notes[i.activityId]!.trim() } : {}) })),
        }),
      );
    } catch (err) {
      const apiErr = err instanceof ApiError ? err : new ApiError(0, 'UNEXPECTED', 'Something went wrong. Try again.', {}, {});
      // The API names items by position: items[2].evidenceIds[0] → the third activity's evidence.
      const mapped: FieldErrors = {};
      for (const [k, m] of Object.entries(apiErr.fields)) {
        const at = /^items\[(\d+)\]\.(\w+)/.exec(k);
        const item = at ? audit.items[Number(at[1])] : undefined;
        const key = item ? `${at![2] === 'note' ? 'note' : 'ev'}-${item.activityId}` : k;
        mapped[key] = [...(mapped[key] ?? []), ...m];
      }
      setErrors(mapped);
      setFailure(apiErr.message);
      setAttempt((n) => n + 1);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={submit} noValidate>
      <Problems errors={errors} failure={failure} attempt={attempt} labels={labels} />
      <p>
        For every activity below, choose evidence from your portfolio, add a note, or both; then send them together before {formatDate(audit.dueAt)}.{' '}
        <Link to="/portfolio">Add evidence to your portfolio</Link> first if it is not there yet.
      </p>
      {audit.items.map((i) => {
        const evId = `ev-${i.activityId}`;
        const noteId = `note-${i.activityId}`;
        const err = errors[evId]?.[0];
        return (
          <fieldset key={i.activityId} className={err ? 'field field-error' : 'field'}>
            <legend>{itemHeading(i)}</legend>
            <HintError id={evId} hint={`Evidence needed: ${i.evidenceRequested}`} error={err} />
            {evidence.length ? (
              <div className="checkboxes" id={evId} tabIndex={-1} aria-describedby={describedBy(evId, true, err)}>
                {evidence.map((e) => (
                  <label className="checkbox" key={e.id}>
                    <input type="checkbox" checked={chosen[i.activityId]?.includes(e.id) ?? false} onChange={(ev) => toggle(i.activityId, e.id, ev.target.checked)} />
                    <span>
                      {e.title} ({e.kind === 'file' ? 'file' : 'link'})
                    </span>
                  </label>
                ))}
              </div>
            ) : (
              <p id={evId} tabIndex={-1}>
                Your portfolio has no evidence yet.
              </p>
            )}
            <label htmlFor={noteId}>Note (optional)</label>
            <textarea id={noteId} className="input" rows={3} value={notes[i.activityId] ?? ''} onChange={(ev) => setNotes((n) => ({ ...n, [i.activityId]: ev.target.value }))} />
          </fieldset>
        );
      })}
      <Submit busy={busy} busyText="Sending…">
        Send evidence
      </Submit>
    </form>
  );
}

/** An assessor's decision on one activity: accept, or reject with reasons. */
function ReviewItem({ audit, item, onDone }: { audit: CpdAudit; item: Item; onDone: (a: CpdAudit) => void }) {
  const [decision, setDecision] = useState<'' | 'accept' | 'reject'>(item.decision ?? '');
  const [reasons, setReasons] = useState(item.reasons ?? '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const p = `r-${item.activityId}-`;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const found: FieldErrors = {};
    if (!decision) found[`${p}decision`] = ['Choose accept or reject'];
    if (decision === 'reject' && !reasons.trim()) found[`${p}reasons`] = ['Give the reasons for rejecting this activity'];
    if (Object.keys(found).length) {
      setErrors(found);
      setAttempt((n) => n + 1);
      return;
    }
    setBusy(true);
    try {
      onDone(await cpdStandards.review(audit.id, item.activityId, { decision: decision as 'accept' | 'reject', reasons: reasons.trim() }));
      setErrors({});
      setFailure(null);
    } catch (err) {
      const apiErr = err instanceof ApiError ? err : new ApiError(0, 'UNEXPECTED', 'Something went wrong. Try again.', {}, {});
      setErrors(Object.fromEntries(Object.entries(apiErr.fields).map(([k, m]) => [`${p}${k}`, m])));
      setFailure(apiErr.message);
      setAttempt((n) => n + 1);
    } finally {
      setBusy(false);
    }
  }
  const decisionErr = errors[`${p}decision`]?.[0];
  const reasonsErr = errors[`${p}reasons`]?.[0];
  return (
    <form className="form" onSubmit={submit} noValidate aria-label={`Decision on ${item.title}`}>
      <Problems errors={errors} failure={failure} attempt={attempt} labels={{ [`${p}decision`]: 'Decision', [`${p}reasons`]: 'Reasons' }} />
      <fieldset className={decisionErr ? 'field field-error' : 'field'} id={`${p}decision`} tabIndex={-1} aria-describedby={describedBy(`${p}decision`, undefined, decisionErr)}>
        <legend>Decision</legend>
        <HintError id={`${p}decision`} error={decisionErr} />
        <div className="choices choices-row">
          {(['accept', 'reject'] as const).map((d) => (
            <label className="checkbox" key={d}>
              <input type="radio" name={`${p}decision`} value={d} checked={decision === d} onChange={() => setDecision(d)} />
              <span>{d === 'accept' ? 'Accept' : 'Reject'}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className={reasonsErr ? 'field field-error' : 'field'}>
        <label htmlFor={`${p}reasons`}>Reasons</label>
        <HintError id={`${p}reasons`} hint="Needed when you reject; the member reads them." error={reasonsErr} />
        <textarea id={`${p}reasons`} className="input" rows={2} value={reasons} aria-invalid={reasonsErr ? true : undefined} aria-describedby={describedBy(`${p}reasons`, true, reasonsErr)} onChange={(e) => setReasons(e.target.value)} />
      </div>
      <Submit busy={busy} busyText="Saving…" className="button button-secondary">
        Save decision
      </Submit>
    </form>
  );
}

/** One audit: for the member, what is needed by when and the answer form; for reviewers, a decision per activity. */
export function AuditPage() {
  const { id = '' } = useParams();
  const { user } = useSession();
  const [audit, setAudit] = useState<CpdAudit | null>(null);
  const [evidence, setEvidence] = useState<Evidence[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const mine = audit !== null && audit.memberId === user?.id;

  useEffect(() => {
    cpdStandards
      .audit(id)
      .then(setAudit)
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : 'The audit could not be loaded.'));
  }, [id]);
  useEffect(() => {
    if (mine && audit?.status === 'requested')
      portfolio
        .get()
        .then((v) => setEvidence(v.evidence.map((e) => ({ id: e.id, title: e.title, kind: e.kind }))))
        .catch(() => {});
  }, [mine, audit?.status]);

  if (error) return <Page title="CPD audit" lead={error} />;
  if (!audit) return <Loading what="Loading the audit" />;
  const reviewer = !mine && hasRole(user, 'assessor', 'scheme_admin') && (audit.status === 'submitted' || audit.status === 'in_review');
  const title = mine ? `Your ${audit.year} CPD audit` : `${audit.year} CPD audit of ${audit.memberName}`;
  return (
    <Page title={title} lead={`${auditStatusText[audit.status]}. ${audit.status === 'requested' ? `Evidence is due by ${formatDate(audit.dueAt)}.` : ''}`}>
      <Status message={message} />
      {audit.reasonDetail ? <p>Why: {audit.reasonDetail}.</p> : null}
      {mine && audit.status === 'requested' ? (
        <AnswerForm
          audit={audit}
          evidence={evidence}
          onDone={(a) => {
            setAudit(a);
            setMessage('Thank you: your evidence was sent. An assessor will review it.');
          }}
        />
      ) : (
        audit.items.map((i) => (
          <section className="section" key={i.activityId} aria-labelledby={`h-${i.activityId}`}>
            <h2 id={`h-${i.activityId}`}>{itemHeading(i)}</h2>
            <p>Evidence needed: {i.evidenceRequested}</p>
            {i.evidence.length ? (
              <ul>
                {i.evidence.map((e) => (
                  <li key={e.id}>{e.kind === 'link' && e.url ? <a href={e.url}>{e.title}</a> : <a href={`/api/v1/evidence/${encodeURIComponent(e.id)}/file`}>{e.title}</a>}</li>
                ))}
              </ul>
            ) : (
              <p>No evidence attached.</p>
            )}
            {i.memberNote ? <p>Member's note: {i.memberNote}</p> : null}
            {i.decision ? (
              <p>
                <strong>{i.decision === 'accept' ? 'Accepted' : 'Rejected'}</strong>
                {i.reasons ? `: ${i.reasons}` : ''}
              </p>
            ) : null}
            {reviewer ? (
              <ReviewItem
                audit={audit}
                item={i}
                onDone={(a) => {
                  setAudit(a);
                  setMessage(a.status === 'passed' || a.status === 'failed' ? `Audit decided: ${auditStatusText[a.status]}.` : `Decision on ${i.title} saved.`);
                }}
              />
            ) : null}
          </section>
        ))
      )}
      <p>{mine ? <Link to="/cpd/audits">All your audits</Link> : <Link to="/cpd/audits/review">All audits</Link>}</p>
    </Page>
  );
}
