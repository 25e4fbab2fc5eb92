import { Link, useNavigate, useSearchParams } from 'react-router';
import { registerImport } from '../../api/registerImport.js';
import { ErrorSummary, Field, Submit, useForm } from '../../components/forms.js';
import { Page } from '../../components/Page.js';
import { accountsSchema } from '../../components/schemas.js';
import { useSession } from '../../components/session.js';

const NewPasswordBody = accountsSchema('ResetPasswordBody', (s) => s.pick({ password: true }));

/** An imported holder's first visit, from the invitation's link: choose a password and be signed in. */
export function ClaimPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const form = useForm({ password: '' });
  const navigate = useNavigate();
  const { refresh } = useSession();
  const onSubmit = form.submit(async (v) => {
    await registerImport.claim({ token, password: v.password });
    await refresh();
    navigate('/', { state: { flash: 'Your account is ready and you are signed in. Your credential is on your account; you are not listed in the public register until you choose to be.' } });
  }, NewPasswordBody);
  const expired = form.error?.code === 'INVALID_TOKEN';

  if (!token) {
    return (
      <Page title="Claim your account" narrow>
        <p>This page needs the link from your invitation e-mail.</p>
      </Page>
    );
  }
  return (
    <Page title="Claim your account" narrow lead="Your credential has come across from the body’s earlier register. Choose a password to sign in and see it.">
      <form onSubmit={onSubmit} noValidate className="form">
        <ErrorSummary form={{ ...form, errors: expired ? {} : form.errors }} labels={{ password: 'Password' }}>
          {expired ? (
            <p>
              <Link to="/sign-in">Sign in</Link> if you have claimed your account already, or ask the body for a new invitation.
            </p>
          ) : null}
        </ErrorSummary>
        <Field {...form.field('password')} label="Password" type="password" autoComplete="new-password" required hint="At least 12 characters. A few unrelated words make a strong password." />
        <Submit busy={form.submitting} busyText="Saving…">
          Claim my account
        </Submit>
      </form>
    </Page>
  );
}
