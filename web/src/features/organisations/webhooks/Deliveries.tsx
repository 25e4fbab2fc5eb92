import { useCallback, useEffect, useState } from 'react';
import { type WebhookDelivery, type WebhookEndpoint, webhooks } from './webhooks-api.js';
import { messageOf } from '../../../components/actions.js';
import { formatTime } from '../../../components/format.js';
import { deliveryStatusLabels, eventLabels } from './events.js';

const lastLatency = (d: WebhookDelivery) => {
  const a = d.attemptLog[d.attemptLog.length - 1];
  return a ? `${a.latencyMs} ms` : '—';
};

/** The delivery log: newest first, with each delivery's state, last answer and latency, and a re-send button. */
export function Deliveries({ organisationId, endpoints, refresh, onNotice }: { organisationId: string; endpoints: WebhookEndpoint[]; refresh: number; onNotice: (m: string) => void }) {
  const [status, setStatus] = useState('');
  const [rows, setRows] = useState<WebhookDelivery[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const page = await webhooks.deliveries(organisationId, status ? { status } : {});
      setRows(page.deliveries);
      setNext(page.next);
      setError(null);
    } catch (err) {
      setError(messageOf(err));
    }
  }, [organisationId, status]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `refresh` is the parent's signal to reload
  useEffect(() => {
    void load();
  }, [load, refresh]);

  async function resend(d: WebhookDelivery) {
    setBusy(d.id);
    try {
      await webhooks.redeliver(organisationId, d.id);
      onNotice(`Delivery ${d.id} is queued to be sent again.`);
      await load();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(null);
    }
  }

  async function older() {
    if (!next) return;
    try {
      const page = await webhooks.deliveries(organisationId, { ...(status ? { status } : {}), before: next });
      setRows((list) => [...(list ?? []), ...page.deliveries]);
      setNext(page.next);
    } catch (err) {
      setError(messageOf(err));
    }
  }

  const urlOf = (id: string) => endpoints.find((e) => e.id === id)?.url ?? 'a removed endpoint';
  return (
    <section aria-labelledby="deliveries-title">
      <h2 id="deliveries-title">Deliveries</h2>
      <form className="form form-inline" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="delivery-status">Show</label>
          <select id="delivery-status" className="input input-medium" value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">All deliveries</option>
            {Object.entries(deliveryStatusLabels).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <button type="button" className="button button-secondary" onClick={() => void load()}>
          Refresh
        </button>
      </form>
      {error ? <p className="banner banner-error">{error}</p> : null}
      {rows === null && !error ? <p className="loading">Loading deliveries…</p> : null}
      {rows?.length === 0 ? <p className="empty">No deliveries yet.</p> : null}
      {rows?.length ? (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a table that scrolls sideways must be reachable by keyboard to be scrolled
        <section className="table-wrap" aria-labelledby="deliveries-caption" tabIndex={0}>
          <table className="audit-table">
            <caption id="deliveries-caption" className="visually-hidden">
              Webhook deliveries, newest first
            </caption>
            <thead>
              <tr>
                <th scope="col">Queued</th>
                <th scope="col">Event</th>
                <th scope="col">Endpoint</th>
                <th scope="col">State</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last answer</th>
                <th scope="col">Latency</th>
                <th scope="col">
                  <span className="visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((d) => (
                <tr key={d.id}>
                  <td className="nowrap">{formatTime(d.createdAt)}</td>
                  <td>{eventLabels[d.eventType]}</td>
                  <td className="details-cell">{urlOf(d.endpointId)}</td>
                  <td>
                    {deliveryStatusLabels[d.status]}
                    {d.status === 'pending' && d.nextAttemptAt ? <span className="hint"> next try {formatTime(d.nextAttemptAt)}</span> : null}
                  </td>
                  <td>{d.attempts}</td>
                  <td className="details-cell">{d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : ''}{d.lastError ? ` ${d.lastError}` : d.lastStatusCode ? '' : '—'}</td>
                  <td className="nowrap">{lastLatency(d)}</td>
                  <td>
                    <button type="button" className="button button-secondary button-small" onClick={() => resend(d)} disabled={busy !== null} aria-label={`Re-send the ${eventLabels[d.eventType].toLowerCase()} delivery queued ${formatTime(d.createdAt)}`}>
                      {busy === d.id ? 'Re-sending…' : 'Re-send'}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      {next ? (
        <p>
          <button type="button" className="button button-secondary" onClick={() => void older()}>
            Show older deliveries
          </button>
        </p>
      ) : null}
    </section>
  );
}
