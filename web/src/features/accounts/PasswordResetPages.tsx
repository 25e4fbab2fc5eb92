import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { accountsSchema } from '../../components/schemas.js';
import { accounts } from '../../api.js';
import { Page } from '../../components/Page.js';
import { ErrorSummary, Field, Status, Submit, useForm } from '../../components/forms.js';
import { useSession } from '../../components/session.js';

const RequestPasswordResetBody = accountsSchema('RequestPasswordResetBody');
const NewPasswordBody = accountsSchema('ResetPasswordBody', (s) => s.pick({ password: true }));

/** Asks for a reset link; the answer is the same whether or not the address has an account. */
export function ForgotPasswordPage() {
  const form = useForm({ email: '' });
  const [sent, setSent] = useState<string | null>(null);
  const onSubmit = form.submit(async (v) => {
    setSent((await accounts.requestPasswordReset(v)).message);
  }, RequestPasswordResetBody);
  return (
    <Page title="Reset your password" narrow lead="Enter the e-mail address of your account and we will send you a link to choose a new password.">
      <Status message={sent ? <>{sent} The link works once, within one hour.</> : null} className="status-success" />
      <form onSubmit={onSubmit} noValidate className="form">
        <ErrorSummary form={form} labels={{ email: 'E-mail address' }} />
        <Field {...form.field('email')} label="E-mail address" type="email" autoComplete="email" spellCheck={false} required />
        <Submit busy={form.submitting}>Send reset link</Submit>
      </form>
      <p>
        Remembered it? <Link to="/sign-in">Sign in</Link>
      </p>
    </Page>
  );
}

/** Chooses a new password with the mailed token; all sessions end, so the user signs in again. */
export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const form = useForm({ password: '' });
  const navigate = useNavigate();
  const { refresh } = useSession();
  const onSubmit = form.submit(async (v) => {
    const { revokedApiTokens: revoked } = await accounts.resetPassword({ token, password: v.password });
    // Every session of that account has ended; ask the API whether this browser's was one of them.
    void refresh();
    const tokens = revoked.length ? ` Your API tokens were revoked with the old password (${revoked.map((t) => `${t.name}, ${t.prefix}…`).join('; ')}); create new ones on your account page where you still need them.` : '';
    navigate('/sign-in', { state: { flash: `Your password has been changed. Sign in with your new password.${tokens}` } });
  }, NewPasswordBody);
  const expired = form.error?.code === 'INVALID_TOKEN' || (form.error?.code === 'VALIDATION_FAILED' && Object.keys(form.errors).some((k) => k === 'token'));

  if (!token) {
    return (
      <Page title="Choose a new password" narrow>
        <p>This page needs the link from your password-reset e-mail.</p>
        <p>
          <Link to="/forgot-password">Ask for a reset link</Link>
        </p>
      </Page>
    );
  }
  return (
    <Page title="Choose a new password" narrow lead="After you change it, every device signed in to your account is signed out.">
      <form onSubmit={onSubmit} noValidate className="form">
        <ErrorSummary form={{ ...form, errors: expired ? {} : form.errors }} labels={{ password: 'New password' }}>
          {expired ? (
            <p>
              <Link to="/forgot-password">Ask for a new reset link</Link>
            </p>
          ) : null}
        </ErrorSummary>
        <Field {...form.field('password')} label="New password" type="password" autoComplete="new-password" required hint="At least 12 characters. A few unrelated words make a strong password." />
        <Submit busy={form.submitting} busyText="Saving…">
          Change password
        </Submit>
      </form>
    </Page>
  );
}
