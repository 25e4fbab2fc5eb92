import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { Problems, Section, messageOf, useAction } from '../../../components/actions.js';
import { Field, Status, Submit } from '../../../components/forms.js';
import { Page } from '../../../components/Page.js';
import { formatDate } from '../../../components/format.js';
import { ManageNav } from '../ManageNav.js';
import { useEventParams } from '../params.js';
import { type Filters, type RegistrationList, type WaitingList, price, registration } from './api.js';
import { ErrorBanner } from './ErrorBanner.js';
import './registration.css';

const addLabels = { ticketTypeId: 'Ticket', name: 'Name', email: 'E-mail address', organisationName: 'Organisation' };

/** /events/manage/:eventId/registrations: search and page through registrations, mark fees paid, add by hand, the waiting list. */
export function ManageRegistrationsPage() {
  const { eventId = '' } = useEventParams();
  const [filters, setFilters] = useState<Filters>({});
  const [q, setQ] = useState('');
  const [list, setList] = useState<RegistrationList | null>(null);
  const [waiting, setWaiting] = useState<WaitingList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const [add, setAdd] = useState({ ticketTypeId: '', name: '', email: '', organisationName: '', complimentary: false });
  const action = useAction('add-');

  const load = useCallback(async () => {
    try {
      const [l, w] = await Promise.all([registration.list(eventId, filters), registration.waitingList(eventId)]);
      setList(l);
      setWaiting(w);
    } catch (err) {
      setError(messageOf(err));
    }
  }, [eventId, filters]);
  useEffect(() => {
    void load();
  }, [load]);

  const search = (e: FormEvent) => {
    e.preventDefault();
    setFilters((f) => ({ ...f, q: q.trim() || undefined, page: 1 }));
  };
  const markPaid = async (id: string, who: string) => {
    try {
      await registration.markPaid(eventId, id);
      setMessage(`Marked ${who}’s fee paid.`);
      await load();
    } catch (err) {
      setError(messageOf(err));
    }
  };
  const submitAdd = action.run(async () => {
    const r = await registration.add(eventId, { ticketTypeId: add.ticketTypeId, name: add.name, email: add.email, ...(add.organisationName.trim() ? { organisationName: add.organisationName.trim() } : {}), complimentary: add.complimentary });
    setMessage(`Registered ${r.name} (reference ${r.reference}).`);
    setAdd({ ticketTypeId: add.ticketTypeId, name: '', email: '', organisationName: '', complimentary: add.complimentary });
    await load();
  });
  const pages = list ? Math.max(1, Math.ceil(list.total / list.pageSize)) : 1;

  return (
    <Page title="Registrations">
      <ManageNav eventId={eventId} />
      <Status message={message} />
      <ErrorBanner error={error} />
      <Section id="reg-list" title={list ? `Registrations (${list.total})` : 'Registrations'}>
        <form className="form-inline" onSubmit={search} aria-label="Search registrations">
          <Field id="reg-q" label="Search by name, e-mail, reference or organisation" value={q} onChange={(e) => setQ(e.target.value)} />
          <div className="field">
            <label htmlFor="reg-ticket">Ticket</label>
            <select id="reg-ticket" className="input" value={filters.ticketTypeId ?? ''} onChange={(e) => setFilters((f) => ({ ...f, ticketTypeId: e.target.value || undefined, page: 1 }))}>
              <option value="">Any ticket</option>
              {list?.ticketTypes.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="reg-status">Status</label>
            <select id="reg-status" className="input" value={filters.status ?? ''} onChange={(e) => setFilters((f) => ({ ...f, status: e.target.value || undefined, page: 1 }))}>
              <option value="">Any status</option>
              <option value="confirmed">Confirmed</option>
              <option value="cancelled">Cancelled</option>
            </select>
          </div>
          <button type="submit" className="button">
            Search
          </button>
        </form>
        <p>
          <a href={registration.csvUrl(eventId, filters)}>Download these registrations (CSV)</a>
        </p>
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a table that scrolls sideways must be reachable by keyboard to be scrolled */}
        <section className="table-wrap" aria-labelledby="reg-caption" tabIndex={0}>
          <table className="registrations-table">
            <caption id="reg-caption" className="visually-hidden">
              Registrations, page {list?.page ?? 1} of {pages}
            </caption>
            <thead>
              <tr>
                <th scope="col">Reference</th>
                <th scope="col">Name</th>
                <th scope="col">Ticket</th>
                <th scope="col">Status</th>
                <th scope="col">Fee</th>
              </tr>
            </thead>
            <tbody>
              {list?.registrations.map((r) => (
                <tr key={r.id}>
                  <td>{r.reference}</td>
                  <td>
                    {r.name}
                    <br />
                    <small>{r.email}</small>
                    {r.organisationName ? (
                      <>
                        <br />
                        <small>{r.organisationName}</small>
                      </>
                    ) : null}
                  </td>
                  <td>{r.ticketType.name}</td>
                  <td>{r.status === 'confirmed' ? 'Confirmed' : 'Cancelled'}</td>
                  <td>
                    {price(r.feeMinor, r.currency)}
                    {r.feeMinor > 0 ? (r.feePaidAt ? ` · paid ${formatDate(r.feePaidAt)}` : ' · unpaid') : ''}
                    {r.feeMinor > 0 && !r.feePaidAt && r.status === 'confirmed' ? (
                      <>
                        {' '}
                        <button type="button" className="button button-small" onClick={() => markPaid(r.id, r.name)}>
                          Mark paid<span className="visually-hidden"> for {r.name}</span>
                        </button>
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        {pages > 1 ? (
          <nav aria-label="Pages of registrations" className="item-actions">
            <button type="button" className="button button-secondary button-small" disabled={(list?.page ?? 1) <= 1} onClick={() => setFilters((f) => ({ ...f, page: (f.page ?? 1) - 1 }))}>
              Previous page
            </button>
            <span>
              Page {list?.page} of {pages}
            </span>
            <button type="button" className="button button-secondary button-small" disabled={(list?.page ?? 1) >= pages} onClick={() => setFilters((f) => ({ ...f, page: (f.page ?? 1) + 1 }))}>
              Next page
            </button>
          </nav>
        ) : null}
      </Section>
      <Section id="reg-add" title="Add a registration by hand">
        <form onSubmit={submitAdd} noValidate>
          <Problems action={action} labels={addLabels} />
          <div className="field">
            <label htmlFor="add-ticketTypeId">Ticket</label>
            <select id="add-ticketTypeId" className="input" value={add.ticketTypeId} onChange={(e) => setAdd({ ...add, ticketTypeId: e.target.value })}>
              <option value="">Choose a ticket</option>
              {list?.ticketTypes.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name} ({price(t.priceMinor, t.currency)})
                </option>
              ))}
            </select>
          </div>
          <Field {...action.at('name')} label="Name" value={add.name} onChange={(e) => setAdd({ ...add, name: e.target.value })} />
          <Field {...action.at('email')} label="E-mail address" type="email" value={add.email} onChange={(e) => setAdd({ ...add, email: e.target.value })} />
          <Field {...action.at('organisationName')} label="Organisation (optional)" value={add.organisationName} onChange={(e) => setAdd({ ...add, organisationName: e.target.value })} />
          <div className="field">
            <div className="checkbox">
              <input type="checkbox" id="add-complimentary" checked={add.complimentary} onChange={(e) => setAdd({ ...add, complimentary: e.target.checked })} />
              <label htmlFor="add-complimentary">Complimentary (no fee)</label>
            </div>
          </div>
          <Submit busy={action.busy}>Register them</Submit>
        </form>
      </Section>
      <Section id="reg-waiting" title="Waiting list">
        {waiting && waiting.entries.length === 0 ? <p className="empty">Nobody is waiting.</p> : null}
        <ol className="item-list">
          {waiting?.entries.map((w) => (
            <li key={w.id} className="item">
              <p className="item-title">
                {w.name} ({w.email}) · {w.ticketTypeName}
              </p>
              <p className="item-detail">
                {w.status === 'waiting' ? `Waiting, number ${w.position}` : w.status === 'offered' ? `Offered a place until ${formatDate(w.offerExpiresAt ?? '')}` : w.status[0]?.toUpperCase() + w.status.slice(1)} · joined {formatDate(w.joinedAt)}
              </p>
            </li>
          ))}
        </ol>
      </Section>
    </Page>
  );
}
