import { Section } from '../../../components/actions.js';
import { ErrorSummary, Field, Submit, useForm } from '../../../components/forms.js';
import { formatDate } from '../../../components/format.js';
import { type OrganisationView, organisations } from '../api.js';
import type { Announce } from './SettingsPage.js';

const labels = { domain: 'Domain', email: 'Address on that domain' };

/** The organisation's e-mail domains: each verified once an administrator opens the link mailed to an address on it. */
export function DomainsSection({ org, admin, onSaved, announce }: { org: OrganisationView; admin: boolean; onSaved: (o: OrganisationView) => void; announce: Announce }) {
  const form = useForm({ domain: '', email: '' }, 'domain-');
  const onSubmit = form.submit(async (v) => {
    onSaved(await organisations.addDomain(org.id, v.domain, v.email));
    form.reset();
    announce(`We have e-mailed a confirmation link to ${v.email}. Open it while signed in as an administrator of ${org.name}.`);
  });
  async function remove(domain: string) {
    try {
      onSaved(await organisations.removeDomain(org.id, domain));
      announce(`${domain} is removed.`);
    } catch (err) {
      announce(err instanceof Error ? err.message : 'That failed; try again.', true);
    }
  }
  return (
    <Section id="domains" title="E-mail domains">
      {org.domains.length === 0 ? <p className="empty">No domains yet.</p> : null}
      {org.domains.length ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">E-mail domains and whether each is verified</caption>
            <thead>
              <tr>
                <th scope="col">Domain</th>
                <th scope="col">State</th>
                {admin ? <th scope="col">Actions</th> : null}
              </tr>
            </thead>
            <tbody>
              {org.domains.map((d) => (
                <tr key={d.domain}>
                  <td>{d.domain}</td>
                  <td>
                    {d.verified ? <span className="tag tag-ok">Verified {d.verifiedAt ? formatDate(d.verifiedAt) : ''}</span> : <span className="tag tag-pending">Waiting for confirmation{d.pendingEmail ? ` (sent to ${d.pendingEmail})` : ''}</span>}
                  </td>
                  {admin ? (
                    <td>
                      <button type="button" className="button button-small button-secondary" onClick={() => void remove(d.domain)}>
                        Remove<span className="visually-hidden"> {d.domain}</span>
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {admin ? (
        <form className="form" onSubmit={onSubmit} noValidate>
          <h3>Add a domain</h3>
          <ErrorSummary form={form} labels={labels} />
          <Field label={labels.domain} hint="Such as northwind.example" autoComplete="off" required {...form.field('domain')} />
          <Field label={labels.email} hint="We send the confirmation link here; it must be on the domain" type="email" required {...form.field('email')} />
          <Submit busy={form.submitting}>Send the confirmation link</Submit>
        </form>
      ) : null}
    </Section>
  );
}
