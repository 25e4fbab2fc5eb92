import { type FormEvent, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ApiError } from '../../../api.js';
import { recruiting } from './client.js';
import { HintError, Status, Submit, describedBy } from '../../../components/forms.js';
import { Page } from '../../../components/Page.js';

/** The report-abuse link of a relayed message: no sign-in, the token in the link is the key. */
export function ReportPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [reason, setReason] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setFieldError(undefined);
    setError(null);
    try {
      setDone((await recruiting.report({ token, reason })).message);
    } catch (err) {
      if (err instanceof ApiError) {
        const f = err.fields.reason?.[0];
        setFieldError(f);
        if (!f) setError(err.fields.token?.[0] ?? err.message);
      } else setError('The report could not be sent; try again.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title="Report a message" narrow lead="Tell the scheme’s administrators about an unwelcome or abusive message an organisation sent you through Guildhall.">
      <Status message={done} />
      {error ? (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      ) : null}
      {!token ? <p className="banner banner-warning">This page needs the link from the message’s e-mail. Signed in, you can also report from your messages page.</p> : null}
      {token && !done ? (
        <form onSubmit={submit} className="form card" noValidate>
          <div className={fieldError ? 'field field-error' : 'field'}>
            <label htmlFor="report-reason">What was wrong</label>
            <HintError id="report-reason" hint="A sentence is enough." error={fieldError} />
            <textarea id="report-reason" className="input" rows={5} value={reason} maxLength={2000} aria-invalid={fieldError ? true : undefined} aria-describedby={describedBy('report-reason', 'hint', fieldError)} onChange={(e) => setReason(e.target.value)} />
          </div>
          <Submit busy={busy}>Send report</Submit>
        </form>
      ) : null}
    </Page>
  );
}
