import { useState } from 'react';
import { accountsSchema } from '../../components/schemas.js';
import { type CurrentUser, accounts } from '../../api.js';
import { ErrorSummary, Field, Status, Submit, useForm } from '../../components/forms.js';
import { useSession } from '../../components/session.js';

const UpdateProfileBody = accountsSchema('UpdateProfileBody');

const labels = { name: 'Full name', country: 'Country' };
const regionNames = new Intl.DisplayNames(['en-GB'], { type: 'region' });

function countryName(code: string): string | null {
  if (!/^[A-Z]{2}$/.test(code)) return null;
  try {
    const n = regionNames.of(code);
    return n && n !== code ? n : null;
  } catch {
    return null;
  }
}

/** Name and country; an empty country clears it. */
export function ProfileForm({ user }: { user: CurrentUser }) {
  const form = useForm({ name: user.name, country: user.country ?? '' }, 'profile-');
  const { setUser } = useSession();
  const [saved, setSaved] = useState<string | null>(null);
  const toBody = (v: { name: string; country: string }) => ({ name: v.name, country: v.country.trim() ? v.country.trim().toUpperCase() : null });

  const onSubmit = form.submit(async (v) => {
    setSaved(null);
    const next = await accounts.updateProfile(toBody(v));
    setUser(next);
    setSaved('Your profile is saved.');
  }, UpdateProfileBody, toBody);

  const country = countryName(form.values.country.trim().toUpperCase());
  return (
    <section aria-labelledby="profile-title" className="card">
      <h2 id="profile-title">Profile</h2>
      <Status message={saved} className="status-success" />
      <form
        onSubmit={onSubmit}
        noValidate
        className="form"
      >
        <ErrorSummary form={form} labels={labels} />
        <Field {...form.field('name')} label={labels.name} autoComplete="name" required />
        <Field
          {...form.field('country')}
          label={labels.country}
          autoComplete="country"
          maxLength={2}
          className="input input-short"
          hint={<>Two-letter code, such as GB or IE. Leave empty to remove it.{country ? <> ({country})</> : null}</>}
        />
        <Submit busy={form.submitting} busyText="Saving…">
          Save profile
        </Submit>
      </form>
    </section>
  );
}
