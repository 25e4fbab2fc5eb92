import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, type FieldErrors, register } from '../../../api.js';
import { type CandidatePage, recruiting, type SentMessages } from './client.js';
import { Field, HintError, Status, Submit, describedBy } from '../../../components/forms.js';
import { formatDate } from '../../../components/format.js';
import { Page } from '../../../components/Page.js';
import { useOrganisationParams } from '../params.js';
import { OrganisationNav } from '../OrganisationNav.js';

type Candidate = CandidatePage['results'][number];
const empty = { level: '', country: '', certification: '', minResponsibility: '' };
const first = (f: FieldErrors, k: string) => f[k]?.[0] ?? f[`querystring.${k}`]?.[0] ?? f[`body.${k}`]?.[0];

/** Employers' candidate search, the "get in touch" form and the organisation's sent messages with replies. */
export function CandidatesPage() {
  const { organisationId = '' } = useOrganisationParams();
  const [levels, setLevels] = useState<Array<{ id: string; name: string }>>([]);
  const [criteria, setCriteria] = useState(empty);
  const [page, setPage] = useState<CandidatePage | null>(null);
  const [cursors, setCursors] = useState<string[]>([]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [writingTo, setWritingTo] = useState<Candidate | null>(null);
  const [sent, setSent] = useState<SentMessages | null>(null);
  const resultsRef = useRef<HTMLHeadingElement>(null);

  const loadSent = useCallback(() => {
    recruiting
      .sent(organisationId)
      .then(setSent)
      .catch((err) => setError(err instanceof ApiError ? err.message : 'Your sent messages could not be loaded.'));
  }, [organisationId]);
  useEffect(() => {
    register.levels().then((l) => setLevels(l.levels), () => setLevels([]));
    loadSent();
  }, [loadSent]);

  async function run(cursor?: string) {
    setBusy(true);
    setErrors({});
    setError(null);
    try {
      const p = await recruiting.search(organisationId, { ...criteria, ...(cursor ? { cursor } : {}) });
      setPage(p);
      requestAnimationFrame(() => resultsRef.current?.focus());
    } catch (err) {
      if (err instanceof ApiError) {
        setErrors(err.fields);
        setError(err.message);
      } else setError('The search failed; try again.');
    } finally {
      setBusy(false);
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    setCursors([]);
    void run();
  }

  const set = (k: keyof typeof empty) => (e: { target: { value: string } }) => setCriteria({ ...criteria, [k]: e.target.value });
  const a = sent?.allowance;

  return (
    <Page title="Candidates" lead="Find holders listed in the public register. Certifications and responsibility levels show only for holders who chose to list them; e-mail addresses are never shown unless a holder replies to you.">
      <OrganisationNav organisationId={organisationId} />
      <form onSubmit={submit} className="form-inline" noValidate aria-label="Search candidates">
        <div className={first(errors, 'level') ? 'field field-error' : 'field'}>
          <label htmlFor="cand-level">Level</label>
          <HintError id="cand-level" error={first(errors, 'level')} />
          <select id="cand-level" className="input" value={criteria.level} onChange={set('level')} aria-describedby={describedBy('cand-level', undefined, first(errors, 'level'))}>
            <option value="">Any level</option>
            {levels.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
        </div>
        <Field id="cand-country" label="Country" hint="Two letters, such as GB" className="input input-short" value={criteria.country} onChange={set('country')} error={first(errors, 'country')} maxLength={2} autoComplete="off" />
        <Field id="cand-certification" label="Certification" hint="Full title, such as ITIL 4 Foundation" value={criteria.certification} onChange={set('certification')} error={first(errors, 'certification')} />
        <div className={first(errors, 'minResponsibility') ? 'field field-error' : 'field'}>
          <label htmlFor="cand-resp">Responsibility level</label>
          <HintError id="cand-resp" error={first(errors, 'minResponsibility')} />
          <select id="cand-resp" className="input" value={criteria.minResponsibility} onChange={set('minResponsibility')} aria-describedby={describedBy('cand-resp', undefined, first(errors, 'minResponsibility'))}>
            <option value="">Any</option>
            {[1, 2, 3, 4, 5, 6, 7].map((n) => (
              <option key={n} value={String(n)}>
                {n} or above
              </option>
            ))}
          </select>
        </div>
        <Submit busy={busy} busyText="Searching…">
          Search
        </Submit>
      </form>
      {error ? (
        <p className="banner banner-error form-after" role="alert">
          {error}
        </p>
      ) : null}
      {page ? (
        <section aria-labelledby="cand-results" className="section">
          <h2 id="cand-results" ref={resultsRef} tabIndex={-1}>
            Results
          </h2>
          {page.results.length ? (
            <ul className="mail-list">
              {page.results.map((c) => (
                <li key={c.candidateId} className="mail-item">
                  <h3 className="user-name">{c.name}</h3>
                  <p className="mail-meta">
                    {c.country ? `${c.country} · ` : ''}
                    {c.credentials.map((cr) => `${cr.levelName} (${cr.status})`).join(', ')}
                  </p>
                  {c.certifications?.length ? <p className="mail-meta">Certifications: {c.certifications.join(', ')}</p> : null}
                  {c.responsibilityLevel ? <p className="mail-meta">Responsibility level {c.responsibilityLevel} in a current role</p> : null}
                  <button type="button" className="button button-small button-secondary" aria-expanded={writingTo?.candidateId === c.candidateId} onClick={() => setWritingTo(writingTo?.candidateId === c.candidateId ? null : c)}>
                    Get in touch<span className="visually-hidden"> with {c.name}</span>
                  </button>
                  {writingTo?.candidateId === c.candidateId ? (
                    <ContactForm
                      organisationId={organisationId}
                      candidate={c}
                      onSent={() => {
                        loadSent();
                      }}
                    />
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p className="empty">No listed holder matches. Fewer filters may find more.</p>
          )}
          <div className="pager">
            {cursors.length ? (
              <button
                type="button"
                className="button button-secondary"
                onClick={() => {
                  const prev = cursors.slice(0, -1);
                  setCursors(prev);
                  void run(prev.at(-1));
                }}
              >
                Previous page
              </button>
            ) : null}
            {page.nextCursor ? (
              <button
                type="button"
                className="button button-secondary"
                onClick={() => {
                  const next = page.nextCursor as string;
                  setCursors([...cursors, next]);
                  void run(next);
                }}
              >
                Next page
              </button>
            ) : null}
          </div>
        </section>
      ) : null}
      <section aria-labelledby="cand-sent" className="section">
        <h2 id="cand-sent">Sent messages</h2>
        {a ? (
          <p className="result-count">
            {a.suspended
              ? 'Scheme administrators have suspended your organisation’s messaging.'
              : `${a.sent} of ${a.limit} messages sent in the last 24 hours${a.sent >= a.limit && a.resetsAt ? `; you can send again from ${new Date(a.resetsAt).toLocaleString('en-GB')}` : ''}.`}
          </p>
        ) : null}
        {sent?.messages.length ? (
          <ul className="mail-list">
            {sent.messages.map((m) => (
              <li key={m.id} className="mail-item">
                <p className="mail-subject">
                  {m.subject} — to {m.candidateName}
                </p>
                <p className="mail-meta">
                  Sent {formatDate(m.sentAt)} by {m.sentBy}
                </p>
                <p className="mail-body">{m.body}</p>
                {m.reply ? (
                  <div className="banner">
                    <p>
                      <strong>Reply</strong> from {m.candidateName} (<a href={`mailto:${m.reply.email}`}>{m.reply.email}</a>), {formatDate(m.reply.repliedAt)}:
                    </p>
                    <p className="mail-body">{m.reply.body}</p>
                  </div>
                ) : (
                  <p className="muted-line">No reply yet.</p>
                )}
              </li>
            ))}
          </ul>
        ) : sent ? (
          <p className="empty">No messages sent yet.</p>
        ) : null}
      </section>
    </Page>
  );
}

function ContactForm({ organisationId, candidate, onSent }: { organisationId: string; candidate: Candidate; onSent: () => void }) {
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = `contact-${candidate.candidateId}`;

  async function send(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setError(null);
    try {
      await recruiting.contact(organisationId, candidate.candidateId, { subject, body });
      setDone(`Sent. ${candidate.name} gets your message by e-mail; you will see their reply and address below if they answer.`);
      setSubject('');
      setBody('');
      onSent();
    } catch (err) {
      if (err instanceof ApiError) {
        setErrors(err.fields);
        setError(err.message);
      } else setError('Sending failed; try again.');
    } finally {
      setBusy(false);
    }
  }

  const bodyError = first(errors, 'body');
  return (
    <form onSubmit={send} className="form card form-after" noValidate aria-label={`Message to ${candidate.name}`}>
      <Status message={done} />
      {error && !Object.keys(errors).length ? (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      ) : null}
      <Field id={`${id}-subject`} label="Subject" value={subject} onChange={(e) => setSubject(e.target.value)} error={first(errors, 'subject')} maxLength={150} />
      <div className={bodyError ? 'field field-error' : 'field'}>
        <label htmlFor={`${id}-body`}>Message</label>
        <HintError id={`${id}-body`} hint="At least 20 characters. Guildhall relays it by e-mail with a link to report abuse." error={bodyError} />
        <textarea id={`${id}-body`} className="input" rows={6} value={body} maxLength={5000} aria-invalid={bodyError ? true : undefined} aria-describedby={describedBy(`${id}-body`, 'hint', bodyError)} onChange={(e) => setBody(e.target.value)} />
      </div>
      <Submit busy={busy}>Send message</Submit>
    </form>
  );
}
