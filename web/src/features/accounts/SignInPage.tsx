import { useState } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { accountsSchema } from '../../components/schemas.js';
import { ApiError, accounts } from '../../api.js';
import { Page } from '../../components/Page.js';
import { ErrorSummary, Field, Status, Submit, useForm } from '../../components/forms.js';
import { useSession } from '../../components/session.js';

const SignInBody = accountsSchema('SignInBody');

const labels = { email: 'E-mail address', password: 'Password' };

/** Only same-site paths are followed after sign-in, so a crafted link cannot send users elsewhere. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function SignInPage() {
  const form = useForm({ email: '', password: '' });
  const { user, mailbox, setUser } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const flash = (useLocation().state as { flash?: string } | null)?.flash ?? null;
  const [resend, setResend] = useState<{ busy: boolean; message: string | null; error: string | null }>({ busy: false, message: null, error: null });

  const onSubmit = form.submit(async (v) => {
    setResend({ busy: false, message: null, error: null });
    const user = await accounts.signIn(v);
    setUser(user);
    // Someone who works for an organisation starts at it (its team view, when it is their only one).
    const home = user.roles.includes('employer_admin') ? '/organisations' : '/';
    navigate(params.get('next') ? safeNext(params.get('next')) : home, { replace: true });
  }, SignInBody);

  async function sendNewLink() {
    const email = (form.error?.details.email as string | undefined) ?? form.values.email;
    setResend({ busy: true, message: null, error: null });
    try {
      const r = await accounts.resendVerification(email);
      setResend({ busy: false, message: r.message, error: null });
      // The problem is dealt with: drop the summary (and the button that had focus) and start from the top.
      form.setError(null);
      document.querySelector<HTMLElement>('main h1')?.focus();
    } catch (err) {
      setResend({ busy: false, message: null, error: err instanceof ApiError ? err.message : 'Sending failed; try again.' });
    }
  }

  const code = form.error?.code;
  return (
    <Page title="Sign in" narrow>
      <Status message={resend.message ?? flash} className="status-success" />
      {user ? (
        <p className="banner banner-info">
          You are signed in as {user.email}. <Link to="/account">Go to your account</Link>, or sign in below as someone else.
        </p>
      ) : null}
      <form onSubmit={onSubmit} noValidate className="form">
        <ErrorSummary form={form} labels={labels}>
          {code === 'EMAIL_NOT_VERIFIED' ? (
            <div className="summary-action">
              <button type="button" className="button button-secondary" onClick={sendNewLink} disabled={resend.busy}>
                {resend.busy ? 'Sending…' : 'Send a new link'}
              </button>
              {resend.error ? <p className="error-message">{resend.error}</p> : null}
            </div>
          ) : null}
          {code === 'TOO_MANY_ATTEMPTS' || code === 'INVALID_CREDENTIALS' ? (
            <p>
              <Link to="/forgot-password">Reset your password</Link>
            </p>
          ) : null}
        </ErrorSummary>
        <Field {...form.field('email')} label={labels.email} type="email" autoComplete="username" spellCheck={false} required />
        <Field {...form.field('password')} label={labels.password} type="password" autoComplete="current-password" required />
        <Submit busy={form.submitting} busyText="Signing in…">
          Sign in
        </Submit>
      </form>
      {mailbox && !user ? (
        <p className="banner banner-info">
          Trying Guildhall out? The demo sign-ins (such as admin@demo.guildhall.test) and their password are printed in the console where the site was started.
        </p>
      ) : null}
      <ul className="link-list">
        <li>
          <Link to="/forgot-password">Forgotten your password?</Link>
        </li>
        <li>
          New here? <Link to="/sign-up">Create an account</Link>
        </li>
      </ul>
    </Page>
  );
}
