import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { accountsSchema } from '../../components/schemas.js';
import { ApiError, accounts } from '../../api.js';
import { Page } from '../../components/Page.js';
import { ErrorSummary, Field, Status, Submit, useForm } from '../../components/forms.js';
import { Loading } from '../../components/guards.js';
import { useSession } from '../../components/session.js';

const ResendVerificationBody = accountsSchema('ResendVerificationBody');

type State = { kind: 'checking' } | { kind: 'done' } | { kind: 'failed'; message: string; invalid: boolean } | { kind: 'missing' };

/** Opens the link from the confirmation mail: posts its token once and says what happened. */
export function VerifyEmailPage() {
  const [params] = useSearchParams();
  const token = params.get('token');
  const { user, refresh } = useSession();
  const [state, setState] = useState<State>(token ? { kind: 'checking' } : { kind: 'missing' });
  const posted = useRef<string | null>(null);

  useEffect(() => {
    // Tokens are single use: never post the same one twice (development mode runs effects twice).
    if (!token || posted.current === token) return;
    posted.current = token;
    accounts
      .verifyEmail(token)
      .then(() => {
        setState({ kind: 'done' });
        void refresh();
      })
      .catch((err) =>
        setState({
          kind: 'failed',
          invalid: err instanceof ApiError && (err.code === 'INVALID_TOKEN' || err.code === 'VALIDATION_FAILED'),
          message: err instanceof ApiError && err.code !== 'VALIDATION_FAILED' ? err.message : 'This confirmation link is not valid. Ask for a new one.',
        }),
      );
  }, [token, refresh]);

  const title = state.kind === 'done' ? 'E-mail address confirmed' : state.kind === 'checking' ? 'Confirming your e-mail address' : 'This link did not work';
  return (
    <Page title={title} narrow>
      <Status message={state.kind === 'done' ? 'Thank you: your e-mail address is confirmed.' : null} className="status-success" />
      {state.kind === 'checking' ? <Loading what="Checking your link" /> : null}
      {state.kind === 'done' ? <p>{user ? <Link to="/account">Go to your account</Link> : <Link to="/sign-in">Sign in to continue</Link>}</p> : null}
      {state.kind === 'missing' ? <p>The link has no confirmation code. Open the link from the e-mail exactly as it was sent, or ask for a new one below.</p> : null}
      {state.kind === 'failed' ? (
        <p className="banner banner-warning">{state.invalid ? 'Confirmation links work once and expire after 48 hours. This one has expired or was already used.' : state.message}</p>
      ) : null}
      {state.kind === 'failed' || state.kind === 'missing' ? <ResendForm /> : null}
    </Page>
  );
}

function ResendForm() {
  const form = useForm({ email: '' });
  const [sent, setSent] = useState<string | null>(null);
  const onSubmit = form.submit(async (v) => {
    setSent((await accounts.resendVerification(v.email)).message);
  }, ResendVerificationBody);
  return (
    <section aria-labelledby="resend-title" className="panel">
      <h2 id="resend-title">Get a new link</h2>
      <Status message={sent} className="status-success" />
      <form onSubmit={onSubmit} noValidate className="form">
        <ErrorSummary form={form} labels={{ email: 'E-mail address' }} />
        <Field {...form.field('email')} label="E-mail address" type="email" autoComplete="email" spellCheck={false} required />
        <Submit busy={form.submitting}>Send a new link</Submit>
      </form>
      <p>
        Already confirmed? <Link to="/sign-in">Sign in</Link>
      </p>
    </section>
  );
}
