import { type ReactNode, useState } from 'react';
import type { RevokedApiToken } from '../../../../contracts/accounts.js';
import { accounts } from '../../api.js';
import { ErrorSummary, Field, Status, Submit, useForm } from '../../components/forms.js';
import { accountsSchema } from '../../components/schemas.js';

const ChangePasswordBody = accountsSchema('ChangePasswordBody');

const labels = { currentPassword: 'Current password', newPassword: 'New password' };

/** Changes the password; the API signs out every other session and revokes every API token, and says which. */
export function PasswordForm({ onChanged }: { onChanged?: (revoked: RevokedApiToken[]) => void }) {
  const form = useForm({ currentPassword: '', newPassword: '' }, 'password-');
  const [saved, setSaved] = useState<ReactNode>(null);
  const onSubmit = form.submit(async (v) => {
    setSaved(null);
    const { revokedApiTokens: revoked } = await accounts.changePassword(v);
    form.reset();
    setSaved(
      <>
        <p>Your password is changed. Any other devices signed in to your account were signed out.</p>
        {revoked.length ? (
          <>
            <p>{revoked.length === 1 ? 'This API token was revoked with your old password' : `These ${revoked.length} API tokens were revoked with your old password`}; create new ones below where you still need them:</p>
            <ul>
              {revoked.map((t) => (
                <li key={t.id}>
                  {t.name} <code>{t.prefix}…</code>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </>,
    );
    onChanged?.(revoked);
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
