import { useState } from 'react';
import { Link } from 'react-router';
import { accountsSchema } from '../../components/schemas.js';
import { accounts } from '../../api.js';
import { Page } from '../../components/Page.js';
import { ErrorSummary, Field, Status, Submit, useForm } from '../../components/forms.js';
import { useSession } from '../../components/session.js';

const SignUpBody = accountsSchema('SignUpBody');

const labels = { name: 'Full name', email: 'E-mail address', password: 'Password' };

/** Create an account; the confirmation link goes by e-mail. */
export function SignUpPage() {
  const form = useForm({ name: '', email: '', password: '' });
  const { mailbox, user } = useSession();
  const [sentTo, setSentTo] = useState<string | null>(null);

  const onSubmit = form.submit(async (v) => {
    await accounts.signUp(v);
    setSentTo(v.email.trim());
  }, SignUpBody);

  return (
    <Page title={sentTo ? 'Check your e-mail' : 'Create an account'} narrow lead={sentTo ? undefined : 'One account for your portfolio, applications, credentials and CPD.'}>
      <Status message={sentTo ? <>We have sent a confirmation link to <strong>{sentTo}</strong>. Open it within 48 hours to finish creating your account.</> : null} className="status-success" />
      {sentTo ? (
        <div className="panel">
          <p>Did not get it? Check your spam folder, or ask for a new link from the sign-in page.</p>
          {mailbox ? (
            <p>
              This site keeps outgoing mail in its <Link to="/dev/mailbox">development mailbox</Link>.
            </p>
          ) : null}
          <p>
            <Link to="/sign-in">Go to sign in</Link>
          </p>
        </div>
      ) : (
        <form onSubmit={onSubmit} noValidate className="form">
          {user ? (
            <p className="banner banner-info">
              You are signed in as {user.email}. You need a new account only for a different e-mail address.
            </p>
          ) : null}
          <ErrorSummary form={form} labels={labels} />
          <Field {...form.field('name')} label={labels.name} autoComplete="name" required />
          <Field {...form.field('email')} label={labels.email} type="email" autoComplete="email" spellCheck={false} required hint="We send a link to confirm it." />
          <Field {...form.field('password')} label={labels.password} type="password" autoComplete="new-password" required hint="At least 12 characters. A few unrelated words make a strong password." />
          <Submit busy={form.submitting} busyText="Creating account…">
            Create account
          </Submit>
          <p className="form-after">
            Already have an account? <Link to="/sign-in">Sign in</Link>
          </p>
        </form>
      )}
    </Page>
  );
}
