import { useState } from 'react';
import { Link } from 'react-router';
import { Page } from '../../../components/Page.js';
import { ErrorSummary, Field, Submit, useForm } from '../../../components/forms.js';
import { TextareaField } from '../../../components/controls.js';
import { type OrganisationView, organisations } from '../api.js';

const labels = { name: 'Organisation name', country: 'Country', website: 'Website', description: 'About the organisation' };

/** Anyone signed in asks for an organisation; a scheme administrator approves it and they become its administrator. */
export function RequestOrganisationPage() {
  const form = useForm({ name: '', country: '', website: '', description: '' }, 'request-');
  const [sent, setSent] = useState<OrganisationView | null>(null);
  const onSubmit = form.submit(async (v) => {
    setSent(
      await organisations.request({
        name: v.name,
        country: v.country,
        ...(v.website.trim() ? { website: v.website.trim() } : {}),
        ...(v.description.trim() ? { description: v.description } : {}),
      }),
    );
  });
  if (sent) {
    return (
      <Page title="Request sent" narrow>
        <p role="status">
          We have your request for {sent.name}. A scheme administrator will look at it and we will e-mail you the decision; once it is approved you are its administrator.
        </p>
        <p>
          <Link to="/">Go to the home page</Link>
        </p>
      </Page>
    );
  }
  return (
    <Page title="Ask for an organisation" lead="Employers use Guildhall to confirm their staff's experience, see what staff choose to share, sponsor development and recruit." narrow>
      <form className="form" onSubmit={onSubmit} noValidate>
        <ErrorSummary form={form} labels={labels} />
        <Field label={labels.name} autoComplete="organization" required {...form.field('name')} />
        <Field label={labels.country} hint="Two letters, such as GB or IE" className="input input-short" autoComplete="country" required {...form.field('country')} />
        <Field label={`${labels.website} (optional)`} hint="Starting with https://" type="url" {...form.field('website')} />
        <TextareaField id="request-description" label={`${labels.description} (optional)`} value={form.values.description} error={form.errors.description?.[0]} onChange={(v) => form.set('description', v)} maxLength={2000} />
        <Submit busy={form.submitting}>Send the request</Submit>
      </form>
    </Page>
  );
}
