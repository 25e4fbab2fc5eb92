import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Page } from '../../../components/Page.js';
import { Section, messageOf } from '../../../components/actions.js';
import { ErrorSummary, Field, Status, Submit, useForm } from '../../../components/forms.js';
import { formatDate } from '../../../components/format.js';
import { type OrganisationRow, type OrganisationStatusName, organisations, statusNames } from '../api.js';

const statuses = Object.keys(statusNames) as OrganisationStatusName[];
const labels = { name: 'Organisation name', country: 'Country', adminEmail: 'First administrator’s e-mail', slug: 'Address name' };

/** System and scheme administrators: every organisation by status, requests to decide, and creating one. */
export function AdminOrganisationsPage() {
  const [params, setParams] = useSearchParams();
  const status = (statuses as string[]).includes(params.get('status') ?? '') ? (params.get('status') as OrganisationStatusName) : undefined;
  const [rows, setRows] = useState<OrganisationRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const load = useCallback(async () => {
    try {
      setRows((await organisations.list(status)).organisations);
      setError(null);
    } catch (err) {
      setError(messageOf(err));
    }
  }, [status]);
  useEffect(() => {
    void load();
  }, [load]);
  const announce = (text: string, isError = false) => setMessage({ text, error: isError });

  const form = useForm({ name: '', country: '', adminEmail: '', slug: '' }, 'create-');
  const onCreate = form.submit(async (v) => {
    const o = await organisations.create({ name: v.name, country: v.country, adminEmail: v.adminEmail, ...(v.slug.trim() ? { slug: v.slug.trim() } : {}) });
    form.reset();
    announce(`${o.name} is created; ${v.adminEmail} is invited as its administrator.`);
    await load();
  });

  return (
    <Page title="Organisations">
      <Status message={message?.text} className={message?.error ? 'status-error' : 'status-success'} />
      <div className="field">
        <label htmlFor="org-status">Show</label>
        <select id="org-status" className="input" value={status ?? ''} onChange={(e) => setParams(e.target.value ? { status: e.target.value } : {})}>
          <option value="">Every status</option>
          {statuses.map((s) => (
            <option key={s} value={s}>
              {statusNames[s]}
            </option>
          ))}
        </select>
      </div>
      {error ? <p className="banner banner-error">{error}</p> : null}
      {!rows && !error ? <p role="status">Loading organisations…</p> : null}
      {rows && rows.length === 0 ? <p className="empty">No organisations{status ? ` are ${statusNames[status].toLowerCase()}` : ' yet'}.</p> : null}
      {rows && rows.length ? (
        <ul className="user-list" aria-label="Organisations">
          {rows.map((o) => (
            <OrganisationItem key={o.id} o={o} announce={announce} reload={load} />
          ))}
        </ul>
      ) : null}
      <Section id="create" title="Create an organisation">
        <form className="form" onSubmit={onCreate} noValidate>
          <ErrorSummary form={form} labels={labels} />
          <Field label={labels.name} required {...form.field('name')} />
          <Field label={labels.country} hint="Two letters, such as GB" className="input input-short" required {...form.field('country')} />
          <Field label={labels.adminEmail} hint="They are invited by e-mail" type="email" required {...form.field('adminEmail')} />
          <Field label={`${labels.slug} (optional)`} hint="The public profile’s address, /orgs/<name>; made from the name if left empty" {...form.field('slug')} />
          <Submit busy={form.submitting}>Create</Submit>
        </form>
      </Section>
    </Page>
  );
}

function OrganisationItem({ o, announce, reload }: { o: OrganisationRow; announce: (t: string, e?: boolean) => void; reload: () => Promise<void> }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const id = `decide-${o.id}`;
  async function decide(approve: boolean) {
    if (!approve && !reason.trim()) {
      announce(`Give a reason for declining ${o.name}.`, true);
      document.getElementById(id)?.focus();
      return;
    }
    setBusy(true);
    try {
      await (approve ? organisations.approve(o.id, reason.trim() || undefined) : organisations.decline(o.id, reason.trim()));
      announce(`${o.name} is ${approve ? 'approved' : 'declined'}.`);
      await reload();
    } catch (err) {
      announce(messageOf(err), true);
    } finally {
      setBusy(false);
    }
  }
  return (
    <li className="user-item">
      <p className="user-name">
        {o.name} <span className="tag">{statusNames[o.status]}</span>
      </p>
      <p className="user-meta">
        {o.country} · since {formatDate(o.createdAt)}
        {o.requestedBy ? ` · requested by ${o.requestedBy.name} (${o.requestedBy.email})` : ''}
      </p>
      {o.status === 'requested' ? (
        <div className="form form-inline">
          <div className="field">
            <label htmlFor={id}>Reason (needed to decline)</label>
            <input id={id} className="input input-medium" value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
          <button type="button" className="button" disabled={busy} onClick={() => void decide(true)}>
            Approve<span className="visually-hidden"> {o.name}</span>
          </button>
          <button type="button" className="button button-danger" disabled={busy} onClick={() => void decide(false)}>
            Decline<span className="visually-hidden"> {o.name}</span>
          </button>
        </div>
      ) : null}
    </li>
  );
}
