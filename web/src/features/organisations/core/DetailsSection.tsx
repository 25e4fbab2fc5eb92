import { useState } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../../api.js';
import { Section } from '../../../components/actions.js';
import { TextareaField } from '../../../components/controls.js';
import { ErrorSummary, Field, Submit, useForm } from '../../../components/forms.js';
import { type OrganisationView, organisations } from '../api.js';
import type { Announce } from './SettingsPage.js';

const labels = { name: 'Name', country: 'Country', website: 'Website', description: 'About the organisation', file: 'Logo' };

/** Name, country, website, description and logo; a read-only summary for non-administrators. */
export function DetailsSection({ org, admin, onSaved, announce }: { org: OrganisationView; admin: boolean; onSaved: (o: OrganisationView) => void; announce: Announce }) {
  const form = useForm({ name: org.name, country: org.country, website: org.website ?? '', description: org.description ?? '' }, 'org-');
  const logo = useForm({ file: '' }, 'logo-');
  const [file, setFile] = useState<File | null>(null);
  const onSubmit = form.submit(async (v) => {
    onSaved(await organisations.update(org.id, { name: v.name, country: v.country, website: v.website.trim() || null, description: v.description.trim() || null }));
    announce('The details are saved.');
  });
  const onLogo = logo.submit(async () => {
    if (!file) throw new ApiError(400, 'VALIDATION_FAILED', 'Choose a PNG or JPEG file', {}, { file: ['Choose a PNG or JPEG file'] });
    onSaved(await organisations.uploadLogo(org.id, file));
    announce('The logo is saved.');
  });
  return (
    <Section id="details" title="Details">
      {org.logoUrl ? <img className="org-logo" src={org.logoUrl} alt={`${org.name} logo`} /> : null}
      {org.status === 'active' ? (
        <p>
          Public profile: <Link to={`/orgs/${encodeURIComponent(org.slug)}`}>/orgs/{org.slug}</Link>
        </p>
      ) : (
        <p className="hint">This organisation is {org.status}; it has no public profile.</p>
      )}
      {admin ? (
        <>
          <form className="form" onSubmit={onSubmit} noValidate>
            <ErrorSummary form={form} labels={labels} />
            <Field label={labels.name} required {...form.field('name')} />
            <Field label={labels.country} hint="Two letters, such as GB" className="input input-short" required {...form.field('country')} />
            <Field label={`${labels.website} (optional)`} hint="Starting with https://" type="url" {...form.field('website')} />
            <TextareaField id="org-description" label={`${labels.description} (optional)`} value={form.values.description} error={form.errors.description?.[0]} onChange={(v) => form.set('description', v)} maxLength={2000} />
            <Submit busy={form.submitting}>Save the details</Submit>
          </form>
          <form className="form" onSubmit={onLogo} noValidate>
            <ErrorSummary form={logo} labels={labels} />
            <div className={logo.errors.file ? 'field field-error' : 'field'}>
              <label htmlFor="logo-file">Logo</label>
              <p className="hint" id="logo-file-hint">
                PNG or JPEG, at most 1 MB
              </p>
              {logo.errors.file ? (
                <p className="error-message" id="logo-file-error">
                  <span className="visually-hidden">Error: </span>
                  {logo.errors.file[0]}
                </p>
              ) : null}
              <input id="logo-file" type="file" accept="image/png,image/jpeg" aria-describedby={logo.errors.file ? 'logo-file-hint logo-file-error' : 'logo-file-hint'} onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
            </div>
            <Submit busy={logo.submitting}>Upload the logo</Submit>
          </form>
        </>
      ) : (
        <dl className="facts">
          <dt>Name</dt>
          <dd>{org.name}</dd>
          <dt>Country</dt>
          <dd>{org.country}</dd>
          <dt>Website</dt>
          <dd>{org.website ?? '—'}</dd>
        </dl>
      )}
    </Section>
  );
}
