import { useCallback } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { type CredentialHistory, credentialsConsole } from '../../api/credentialsConsole.js';
import { CheckboxField, ChoiceGroup, TextareaField } from '../../components/controls.js';
import { formatDate, formatTime } from '../../components/format.js';
import { ErrorSummary, Status, Submit, useForm } from '../../components/forms.js';
import { useLoaded } from '../../components/loaded.js';
import { Page } from '../../components/Page.js';
import { credentialsConsoleSchema } from '../../components/schemas.js';
import { statusWords } from './status-words.js';

const ChangeStatusBody = credentialsConsoleSchema('ChangeStatusBody');
const ReissueBody = credentialsConsoleSchema('ReissueBody');
type Entry = CredentialHistory['history'][number];

const actionWords: Record<string, { choice: string; button: string; done: string }> = {
  suspended: { choice: 'Suspend', button: 'Suspend the credential', done: 'suspended' },
  active: { choice: 'Reinstate', button: 'Reinstate the credential', done: 'reinstated' },
  revoked: { choice: 'Revoke (final)', button: 'Revoke the credential for good', done: 'revoked' },
};
const statusLabels = { to: 'Change', reason: 'Reason', confirmRevoke: 'Confirmation' };

/** One line of the history, in words. */
function describe(e: Entry): string {
  switch (e.what) {
    case 'awarded':
      return 'Awarded';
    case 'issued':
      return 'Signed and issued';
    case 'status_changed':
      return `Status changed from ${statusWords[e.from ?? '']?.label.toLowerCase() ?? e.from} to ${statusWords[e.to ?? '']?.label.toLowerCase() ?? e.to}`;
    case 'reissued':
      return 'Re-issued: replaced by a new credential';
    case 'reissued_from':
      return 'Issued to replace an earlier credential';
    default:
      return e.action;
  }
}

/** A credential for scheme administrators: what it is, its history, and what may be done with it now. */
export function CredentialPage() {
  const { id = '' } = useParams();
  const fetch = useCallback(() => credentialsConsole.history(id), [id]);
  const { data, error, done, changed } = useLoaded(fetch);
  const c = data?.credential;
  return (
    <Page title={c ? `${c.levelName}: ${c.holderName}` : 'Credential'}>
      <p>
        <Link to="/admin/credentials">Back to Manage credentials</Link>
      </p>
      <Status message={done} className="status-success" />
      {error ? <p className="banner banner-error">{error}</p> : null}
      {!data && !error ? <p role="status">Loading the credential…</p> : null}
      {data && c ? (
        <>
          <dl className="facts">
            <dt>Holder</dt>
            <dd>
              {c.holderName} ({c.holderEmail})
            </dd>
            <dt>Level</dt>
            <dd>
              {c.levelName}
              {c.postNominals ? ` (${c.postNominals})` : ''}
            </dd>
            <dt>Status</dt>
            <dd>
              <span className={statusWords[c.status]?.tag}>{statusWords[c.status]?.label}</span> since {formatDate(c.statusChangedAt)}
            </dd>
            <dt>Awarded</dt>
            <dd>{formatDate(c.awardedAt)}</dd>
            <dt>Review</dt>
            <dd>{formatDate(c.reviewAt)}</dd>
            <dt>Signed</dt>
            <dd>{c.issuedAt ? `${formatTime(c.issuedAt)}${data.keyNumber ? ` with issuer key ${data.keyNumber}` : ''}` : 'Not yet: the issuing job signs it within a minute'}</dd>
            <dt>Credential id</dt>
            <dd>
              <code>{c.id}</code>
            </dd>
          </dl>
          <p>
            <a href={data.pageUrl}>Its public page</a> · <a href={data.verifyUrl}>Verify it as anyone would</a>
          </p>
          <section className="section" aria-labelledby="history-h">
            <h2 id="history-h">History</h2>
            <ol className="history">
              {data.history.map((e) => (
                <li key={`${e.at} ${e.action} ${e.to ?? ''}`}>
                  <strong>{describe(e)}</strong> <span className="hint">{formatTime(e.at)}</span>
                  {e.by ? ` by ${e.by}` : ''}
                  {e.reason ? <p>Reason: {e.reason}</p> : null}
                  {e.otherCredentialId ? (
                    <p>
                      {e.what === 'reissued' ? 'New credential: ' : 'Earlier credential: '}
                      <Link to={`/admin/credentials/${encodeURIComponent(e.otherCredentialId)}`}>{e.otherCredentialId}</Link>
                    </p>
                  ) : null}
                </li>
              ))}
            </ol>
          </section>
          {data.allowed.length ? <StatusForm key={`${c.status}-${c.statusChangedAt}`} data={data} onDone={changed} /> : <p className="banner banner-warning">This credential has been revoked. Revocation is final: it cannot be reinstated or changed.</p>}
          {data.canReissue ? <ReissueForm id={c.id} /> : null}
        </>
      ) : null}
    </Page>
  );
}

function StatusForm({ data, onDone }: { data: CredentialHistory; onDone: (message: string) => Promise<void> }) {
  const form = useForm({ to: data.allowed[0] ?? '', reason: '', confirmRevoke: '' }, 'status-');
  const body = (v: typeof form.values) => ({ to: v.to, reason: v.reason, ...(v.to === 'revoked' ? { confirmRevoke: v.confirmRevoke === 'yes' } : {}) });
  const words = actionWords[form.values.to];
  return (
    <section className="section" aria-labelledby="status-h">
      <h2 id="status-h">Change its status</h2>
      <p>The holder is e-mailed the reason, the change is recorded in the audit log, and anyone who verifies the credential sees the new status at once.</p>
      <form
        className="form"
        noValidate
        onSubmit={form.submit(async (v) => {
          const next = await credentialsConsole.changeStatus(data.credential.id, body(v) as never);
          await onDone(`The credential is ${actionWords[v.to]?.done ?? next.credential.status}. The holder has been e-mailed the reason.`);
        }, ChangeStatusBody, body)}
      >
        <ErrorSummary form={form} labels={statusLabels} />
        <ChoiceGroup id="status-to" label="Change" value={form.values.to} error={form.errors.to?.[0]} onChange={(v) => form.set('to', v)} options={data.allowed.map((a) => ({ value: a, label: actionWords[a]?.choice ?? a }))} />
        <TextareaField id="status-reason" label="Reason (sent to the holder)" hint="At least 3 characters" value={form.values.reason} error={form.errors.reason?.[0]} onChange={(v) => form.set('reason', v)} maxLength={1000} />
        {form.values.to === 'revoked' ? (
          <div className="banner banner-warning">
            <p>Revoking is final: a revoked credential can never be reinstated. To recognise the holder again, a new award is needed.</p>
            {form.errors.confirmRevoke?.[0] ? (
              <p className="error-message">
                <span className="visually-hidden">Error: </span>
                {form.errors.confirmRevoke[0]}
              </p>
            ) : null}
            <CheckboxField id="status-confirmRevoke" label="I understand that revoking is final" checked={form.values.confirmRevoke === 'yes'} onChange={(on) => form.set('confirmRevoke', on ? 'yes' : '')} />
          </div>
        ) : null}
        <Submit busy={form.submitting} busyText="Saving…">
          {words?.button ?? 'Change the status'}
        </Submit>
      </form>
    </section>
  );
}

function ReissueForm({ id }: { id: string }) {
  const navigate = useNavigate();
  const form = useForm({ reason: '' }, 'reissue-');
  return (
    <section className="section" aria-labelledby="reissue-h">
      <h2 id="reissue-h">Re-issue with the holder’s current details</h2>
      <p>After a change of name: a new credential is signed and this one is revoked as superseded. The holder is e-mailed a link to the new one.</p>
      <form
        className="form"
        noValidate
        onSubmit={form.submit(async (v) => {
          const r = await credentialsConsole.reissue(id, v.reason);
          navigate(`/admin/credentials/${encodeURIComponent(r.id)}`);
        }, ReissueBody)}
      >
        <ErrorSummary form={form} labels={{ reason: 'Reason' }} />
        <TextareaField id="reissue-reason" label="Reason" hint="Such as: name changed on marriage" value={form.values.reason} error={form.errors.reason?.[0]} onChange={(v) => form.set('reason', v)} maxLength={1000} />
        <Submit busy={form.submitting} busyText="Re-issuing…" className="button button-secondary">
          Re-issue the credential
        </Submit>
      </form>
    </section>
  );
}
