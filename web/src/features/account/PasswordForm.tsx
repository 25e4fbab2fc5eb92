import { useState } from 'react';
import { ChangePasswordBody } from '../../../../contracts/accounts.js';
import { accounts } from '../../api.js';
import { ErrorSummary, Field, Status, Submit, useForm } from '../../components/forms.js';

const labels = { currentPassword: 'Current password', newPassword: 'New password' };

/** Changes the password; the API signs out every other session. */
export function PasswordForm() {
  const form = useForm({ currentPassword: '', newPassword: '' }, 'password-');
  const [saved, setSaved] = useState<string | null>(null);
  const onSubmit = form.submit(async (v) => {
    setSaved(null);
    await accounts.changePassword(v);
    form.reset();
    setSaved('Your password is changed. Any other devices signed in to your account were signed out.');
  }, ChangePasswordBody);
  return (
    <section aria-labelledby="password-title" className="card">
      <h2 id="password-title">Change password</h2>
      <Status message={saved} className="status-success" />
      <form onSubmit={onSubmit} noValidate className="form">
        <ErrorSummary form={form} labels={labels} />
        <Field {...form.field('currentPassword')} label={labels.currentPassword} type="password" autoComplete="current-password" required />
        <Field {...form.field('newPassword')} label={labels.newPassword} type="password" autoComplete="new-password" required hint="At least 12 characters." />
        <Submit busy={form.submitting} busyText="Changing…">
          Change password
        </Submit>
      </form>
    </section>
  );
}
