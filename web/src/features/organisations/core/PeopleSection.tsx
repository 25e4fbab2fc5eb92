import { useCallback, useEffect, useState } from 'react';
import { Section, messageOf } from '../../../components/actions.js';
import { SelectField } from '../../../components/controls.js';
import { ErrorSummary, Field, Submit, useForm } from '../../../components/forms.js';
import { formatDate } from '../../../components/format.js';
import { useSession } from '../../../components/session.js';
import { type OrganisationRoleName, type People, organisations, roleNames } from '../api.js';
import type { Announce } from './SettingsPage.js';

const labels = { email: 'E-mail address', role: 'Role' };
const roleOptions = Object.entries(roleNames) as Array<[OrganisationRoleName, string]>;

/** The organisation's people and their roles; administrators invite, change roles, remove and revoke invitations. */
export function PeopleSection({ organisationId, admin, announce }: { organisationId: string; admin: boolean; announce: Announce }) {
  const { user } = useSession();
  const [data, setData] = useState<People | null>(null);
  const [error, setError] = useState<string | null>(null);
  const form = useForm({ email: '', role: 'hr' }, 'invite-');
  const load = useCallback(async () => {
    try {
      setData(await organisations.people(organisationId));
    } catch (err) {
      setError(messageOf(err));
    }
  }, [organisationId]);
  useEffect(() => {
    void load();
  }, [load]);

  const onInvite = form.submit(async (v) => {
    setData(await organisations.invite(organisationId, v.email, v.role as OrganisationRoleName));
    form.reset();
    announce(`An invitation is on its way to ${v.email}.`);
  });
  async function change(what: string, run: () => Promise<People>) {
    try {
      setData(await run());
      announce(what);
    } catch (err) {
      announce(messageOf(err), true);
    }
  }

  return (
    <Section id="people" title="People">
      {error ? <p className="banner banner-error">{error}</p> : null}
      {data ? (
        <div className="table-wrap">
          <table className="org-people">
            <caption className="visually-hidden">People of the organisation and their roles</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">E-mail</th>
                <th scope="col">Role</th>
                <th scope="col">Since</th>
                {admin ? <th scope="col">Actions</th> : null}
              </tr>
            </thead>
            <tbody>
              {data.people.map((p) => (
                <tr key={p.userId}>
                  <td>{p.name}</td>
                  <td>{p.email}</td>
                  <td>
                    {admin ? (
                      <select
                        className="input"
                        aria-label={`Role of ${p.name}`}
                        value={p.role}
                        onChange={(e) => void change(`${p.name} is now ${roleNames[e.target.value as OrganisationRoleName]}.`, () => organisations.changeRole(organisationId, p.userId, e.target.value as OrganisationRoleName))}
                      >
                        {roleOptions.map(([value, label]) => (
                          <option key={value} value={value}>
                            {label}
                          </option>
                        ))}
                      </select>
                    ) : (
                      roleNames[p.role]
                    )}
                  </td>
                  <td>{formatDate(p.addedAt)}</td>
                  {admin ? (
                    <td>
                      <button type="button" className="button button-small button-danger" onClick={() => void change(`${p.name} is removed.`, () => organisations.removePerson(organisationId, p.userId))}>
                        {p.userId === user?.id ? 'Leave' : 'Remove'}
                        <span className="visually-hidden"> {p.name}</span>
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {!data && !error ? <p role="status">Loading people…</p> : null}
      {admin && data ? (
        <>
          <h3>Invitations</h3>
          {data.invites.length === 0 ? <p className="empty">No invitations.</p> : null}
          {data.invites.length ? (
            <ul className="link-list">
              {data.invites.map((i) => (
                <li key={i.id}>
                  {i.email} — {roleNames[i.role]}, {i.state === 'pending' ? `until ${formatDate(i.expiresAt)}` : i.state}{' '}
                  {i.state === 'pending' ? (
                    <button type="button" className="button button-small button-secondary" onClick={() => void change(`The invitation to ${i.email} is revoked.`, () => organisations.revokeInvite(organisationId, i.id))}>
                      Revoke<span className="visually-hidden"> the invitation to {i.email}</span>
                    </button>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : null}
          <form className="form" onSubmit={onInvite} noValidate>
            <h3>Invite a colleague</h3>
            <ErrorSummary form={form} labels={labels} />
            <Field label={labels.email} type="email" autoComplete="off" required {...form.field('email')} />
            <SelectField id="invite-role" label={labels.role} hint="Administrators manage the organisation; HR and line managers see their team" value={form.values.role} error={form.errors.role?.[0]} onChange={(v) => form.set('role', v)}>
              {roleOptions.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </SelectField>
            <Submit busy={form.submitting}>Send the invitation</Submit>
          </form>
        </>
      ) : null}
    </Section>
  );
}
