import { useState } from 'react';
import { type WebhookEvent, webhooks } from './webhooks-api.js';
import { messageOf } from '../../../components/actions.js';
import { Field, HintError } from '../../../components/forms.js';
import { allEvents, eventLabels } from './events.js';

/** The form that registers an endpoint; hands back the secret, which is shown once. */
export function NewEndpoint({ organisationId, onCreated }: { organisationId: string; onCreated: (url: string, secret: string) => void }) {
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<WebhookEvent[]>(['credential.suspended', 'credential.revoked', 'credential.lapsed']);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const created = await webhooks.create(organisationId, { url: url.trim(), description, events });
      setUrl('');
      setDescription('');
      onCreated(created.url, created.secret);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  const toggle = (ev: WebhookEvent, on: boolean) => setEvents((list) => (on ? [...list, ev] : list.filter((x) => x !== ev)));
  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="new-endpoint-title">
      <h2 id="new-endpoint-title">Add an endpoint</h2>
      {error ? (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      ) : null}
      <Field id="endpoint-url" label="Endpoint address" hint="A full https address on the public internet, such as https://hooks.example.org/guildhall." type="url" value={url} onChange={(e) => setUrl(e.target.value)} required />
      <Field id="endpoint-description" label="Description (optional)" value={description} onChange={(e) => setDescription(e.target.value)} maxLength={200} />
      <fieldset className="field">
        <legend>Events to send</legend>
        <HintError id="endpoint-events" hint="Credential events are sent only for members who share their credentials with your organisation." />
        {allEvents.map((ev) => (
          <div className="checkbox" key={ev}>
            <input type="checkbox" id={`endpoint-event-${ev}`} checked={events.includes(ev)} onChange={(e) => toggle(ev, e.target.checked)} />
            <label htmlFor={`endpoint-event-${ev}`}>
              {eventLabels[ev]} <code>{ev}</code>
            </label>
          </div>
        ))}
      </fieldset>
      <button type="submit" className="button" disabled={busy}>
        {busy ? 'Adding…' : 'Add endpoint'}
      </button>
    </form>
  );
}
