import { useCallback, useEffect, useState } from 'react';
import { type WebhookEndpoint, type WebhookEvent, webhooks } from './webhooks-api.js';
import { messageOf } from '../../../components/actions.js';
import { formatTime } from '../../../components/format.js';
import { Status } from '../../../components/forms.js';
import { Page } from '../../../components/Page.js';
import { Deliveries } from './Deliveries.js';
import { allEvents, eventLabels } from './events.js';
import { NewEndpoint } from './NewEndpoint.js';
import { useOrganisationParams } from '../params.js';
import { OrganisationNav } from '../OrganisationNav.js';

/**
 * An organisation's webhooks: its https endpoints (events, on or off, secret rotation) and the log of
 * deliveries. A signing secret is shown once, right after the endpoint is added or its secret rotated.
 */
export function WebhooksPage() {
  const { organisationId = '' } = useOrganisationParams();
  const [endpoints, setEndpoints] = useState<WebhookEndpoint[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [refresh, setRefresh] = useState(0);

  const load = useCallback(async () => {
    try {
      setEndpoints((await webhooks.list(organisationId)).endpoints);
      setError(null);
    } catch (err) {
      setError(messageOf(err));
    }
  }, [organisationId]);
  useEffect(() => {
    void load();
  }, [load]);

  async function act(key: string, run: () => Promise<unknown>, done: string) {
    setBusy(key);
    setError(null);
    try {
      await run();
      setNotice(done);
      await load();
      setRefresh((n) => n + 1);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(null);
    }
  }

  const setEvents = (e: WebhookEndpoint, ev: WebhookEvent, on: boolean) => {
    const events = on ? [...e.events, ev] : e.events.filter((x) => x !== ev);
    if (events.length === 0) return setError('An endpoint needs at least one event; switch it off instead.');
    void act(`${e.id}:events`, () => webhooks.update(organisationId, e.id, { events }), `${eventLabels[ev]} ${on ? 'will' : 'will no longer'} be sent to ${e.url}.`);
  };

  return (
    <Page
      title="Webhooks"
      lead="Guildhall tells your systems when something changes: each delivery is an https POST signed by the Standard Webhooks convention (webhook-id, webhook-timestamp, webhook-signature). Failed deliveries are retried for three days; an endpoint that fails for three days is switched off and your admins are told. A delivery may arrive more than once: ignore a webhook-id you have seen."
    >
      <OrganisationNav organisationId={organisationId} />
      <Status message={notice} />
      {error ? (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      ) : null}
      {secret ? (
        <section className="banner" aria-labelledby="secret-title">
          <h2 id="secret-title">Signing secret for {secret.url}</h2>
          <p>Copy it now into the system that receives the deliveries: it is not shown again.</p>
          <p>
            <code data-testid="webhook-secret">
              {secret.secret}
            </code>
          </p>
          <button type="button" className="button button-secondary" onClick={() => setSecret(null)}>
            I have copied it
          </button>
        </section>
      ) : null}
      <section aria-labelledby="endpoints-title">
        <h2 id="endpoints-title">Endpoints</h2>
        {endpoints === null && !error ? <p className="loading">Loading endpoints…</p> : null}
        {endpoints?.length === 0 ? <p className="empty">No endpoints yet.</p> : null}
        {endpoints?.map((e) => (
          <article key={e.id} className="card" aria-labelledby={`endpoint-${e.id}`}>
            <h3 id={`endpoint-${e.id}`}>
              <code>{e.url}</code>
            </h3>
            {e.description ? <p>{e.description}</p> : null}
            <p>
              {e.enabled ? 'On' : 'Off'}
              {e.disabledReason ? `: ${e.disabledReason}` : ''}
              {e.enabled && e.failingSince ? ` — failing since ${formatTime(e.failingSince)}` : ''}
              {e.previousSecretUntil ? ` — the previous secret also signs until ${formatTime(e.previousSecretUntil)}` : ''}
            </p>
            <fieldset className="field">
              <legend>Events sent to this endpoint</legend>
              {allEvents.map((ev) => (
                <div className="checkbox" key={ev}>
                  <input type="checkbox" id={`ev-${e.id}-${ev}`} checked={e.events.includes(ev)} disabled={busy !== null} onChange={(x) => setEvents(e, ev, x.target.checked)} />
                  <label htmlFor={`ev-${e.id}-${ev}`}>{eventLabels[ev]}</label>
                </div>
              ))}
            </fieldset>
            <div className="button-row">
              <button type="button" className="button button-secondary" disabled={busy !== null} onClick={() => act(`${e.id}:toggle`, () => webhooks.update(organisationId, e.id, { enabled: !e.enabled }), `${e.url} is switched ${e.enabled ? 'off' : 'on'}.`)}>
                {e.enabled ? 'Switch off' : 'Switch on'}
                <span className="visually-hidden"> {e.url}</span>
              </button>
              <button
                type="button"
                className="button button-secondary"
                disabled={busy !== null}
                onClick={() =>
                  act(
                    `${e.id}:rotate`,
                    async () => {
                      const r = await webhooks.rotate(organisationId, e.id);
                      setSecret({ url: r.url, secret: r.secret });
                    },
                    `A new secret for ${e.url}; the old one keeps signing beside it for 24 hours.`,
                  )
                }
              >
                Rotate secret<span className="visually-hidden"> of {e.url}</span>
              </button>
              <button
                type="button"
                className="button button-secondary"
                disabled={busy !== null}
                onClick={() => {
                  if (window.confirm(`Remove ${e.url} and its delivery log?`)) void act(`${e.id}:remove`, () => webhooks.remove(organisationId, e.id), `${e.url} is removed.`);
                }}
              >
                Remove<span className="visually-hidden"> {e.url}</span>
              </button>
            </div>
          </article>
        ))}
      </section>
      <NewEndpoint
        organisationId={organisationId}
        onCreated={(url, s) => {
          setSecret({ url, secret: s });
          setNotice(`${url} is added. Copy its signing secret now.`);
          void load();
        }}
      />
      {endpoints ? <Deliveries organisationId={organisationId} endpoints={endpoints} refresh={refresh} onNotice={setNotice} /> : null}
    </Page>
  );
}
