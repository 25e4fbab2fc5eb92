import './events-core.css';
import { useEffect, useState } from 'react';
import { Page } from '../../../components/Page.js';
import { messageOf } from '../../../components/actions.js';
import { ErrorSummary, Field, Status, Submit, useForm } from '../../../components/forms.js';
import { SelectField } from '../../../components/controls.js';
import { ManageNav } from '../ManageNav.js';
import { useEventParams } from '../params.js';
import { EventForm, type EventValues, eventBody } from './EventForm.js';
import { type ManagedEventView, eventsCore } from './api.js';

type Setter = (e: ManagedEventView) => void;

const valuesOf = (e: ManagedEventView): EventValues => ({
  title: e.title,
  summary: e.summary,
  kind: e.kind,
  format: e.format,
  startsOn: e.startsOn,
  endsOn: e.endsOn,
  timeZone: e.timeZone,
  venueName: e.venueName ?? '',
  venueAddress: e.venueAddress ?? '',
  joinUrl: e.joinUrl ?? '',
});

/** A small add form of one part (room, track, ticket type, team member). */
function AddPart({ id, title, labels, initial, toBody, send, children }: {
  id: string;
  title: string;
  labels: Record<string, string>;
  initial: Record<string, string>;
  toBody: (v: Record<string, string>) => Record<string, unknown>;
  send: (body: Record<string, unknown>) => Promise<void>;
  children: (form: ReturnType<typeof useForm<Record<string, string>>> & { at: (name: string) => ReturnType<ReturnType<typeof useForm>['field']> & { value: string } }) => React.ReactNode;
}) {
  const form = useForm(initial, `${id}-`);
  const at = (name: string) => ({ ...form.field(name), value: form.values[name] ?? '' });
  const onSubmit = form.submit(async (v) => {
    await send(toBody(v));
    form.reset();
  });
  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label={title}>
      <ErrorSummary form={form} labels={labels} />
      <div className="inline-form">{children({ ...form, at })}</div>
      <Submit busy={form.submitting}>{title}</Submit>
    </form>
  );
}

function Parts({ e, set, setMessage }: { e: ManagedEventView; set: Setter; setMessage: (m: string) => void }) {
  const remove = (part: 'rooms' | 'tracks' | 'ticket-types', partId: string) => () =>
    eventsCore.removePart(e.id, part, partId).then((x) => {
      set(x);
      setMessage('Removed it.');
    }, (err: unknown) => setMessage(messageOf(err)));
  const add = (part: 'rooms' | 'tracks' | 'ticket-types') => async (body: Record<string, unknown>) => {
    set(await eventsCore.addPart(e.id, part, body));
    setMessage(`Added ${String(body.name)}.`);
  };
  return (
    <>
      <h2>Rooms</h2>
      <ul>
        {e.rooms.map((r) => (
          <li key={r.id}>
            {r.name} ({r.capacity} seats){' '}
            <button type="button" className="button button-secondary button-small" onClick={remove('rooms', r.id)}>
              Remove {r.name}
            </button>
          </li>
        ))}
      </ul>
      <AddPart id="room" title="Add the room" labels={{ name: 'Room name', capacity: 'Capacity' }} initial={{ name: '', capacity: '' }} toBody={(v) => ({ name: v.name, capacity: Number(v.capacity) })} send={add('rooms')}>
        {(f) => (
          <>
            <Field label="Room name" {...f.at('name')} />
            <Field label="Capacity" inputMode="numeric" className="input input-short" {...f.at('capacity')} />
          </>
        )}
      </AddPart>
      <h2>Tracks</h2>
      <ul>
        {e.tracks.map((t) => (
          <li key={t.id}>
            {t.name}{' '}
            <button type="button" className="button button-secondary button-small" onClick={remove('tracks', t.id)}>
              Remove {t.name}
            </button>
          </li>
        ))}
      </ul>
      <AddPart id="track" title="Add the track" labels={{ name: 'Track name' }} initial={{ name: '' }} toBody={(v) => ({ name: v.name })} send={add('tracks')}>
        {(f) => <Field label="Track name" {...f.at('name')} />}
      </AddPart>
      <h2>Ticket types</h2>
      <ul>
        {e.ticketTypes.map((t) => (
          <li key={t.id}>
            {t.name} ({t.kind}, {(t.priceMinor / 100).toFixed(2)} {t.currency}
            {t.capacity ? `, ${t.capacity} places` : ''}){' '}
            <button type="button" className="button button-secondary button-small" onClick={remove('ticket-types', t.id)}>
              Remove {t.name}
            </button>
          </li>
        ))}
      </ul>
      <AddPart
        id="ticket"
        title="Add the ticket type"
        labels={{ name: 'Ticket name', kind: 'Kind', priceMinor: 'Price', capacity: 'Places' }}
        initial={{ name: '', kind: 'member', price: '0', capacity: '' }}
        toBody={(v) => ({ name: v.name, kind: v.kind, priceMinor: Math.round(Number(v.price) * 100), ...(v.capacity ? { capacity: Number(v.capacity) } : {}) })}
        send={add('ticket-types')}
      >
        {(f) => (
          <>
            <Field label="Ticket name" {...f.at('name')} />
            <SelectField id="ticket-kind" label="Kind" value={f.values.kind ?? 'member'} error={f.errors.kind?.[0]} onChange={(v) => f.set('kind', v)}>
              <option value="member">Member</option>
              <option value="non_member">Non-member</option>
              <option value="speaker">Speaker</option>
              <option value="exhibitor">Exhibitor staff</option>
              <option value="day">Day ticket</option>
            </SelectField>
            <Field label="Price (£)" inputMode="decimal" className="input input-short" error={f.errors.priceMinor?.[0]} id="ticket-price" name="price" value={f.values.price ?? ''} onChange={(x) => f.set('price', x.target.value)} />
            <Field label="Places (optional)" inputMode="numeric" className="input input-short" {...f.at('capacity')} />
          </>
        )}
      </AddPart>
      <h2>Team</h2>
      <ul>
        {e.team.map((t) => (
          <li key={`${t.userId}-${t.role}`}>
            {t.name} ({t.email}), {t.role}{' '}
            <button type="button" className="button button-secondary button-small" onClick={() => eventsCore.removeTeam(e.id, t.userId, t.role).then(set, (err: unknown) => setMessage(messageOf(err)))}>
              Remove {t.name} as {t.role}
            </button>
          </li>
        ))}
      </ul>
      <AddPart id="team" title="Add to the team" labels={{ email: 'E-mail', role: 'Role' }} initial={{ email: '', role: 'volunteer' }} toBody={(v) => v} send={async (b) => { set(await eventsCore.addTeam(e.id, b)); setMessage(`Added ${String(b.email)} to the team.`); }}>
        {(f) => (
          <>
            <Field label="E-mail" type="email" {...f.at('email')} />
            <SelectField id="team-role" label="Role" value={f.values.role ?? 'volunteer'} error={f.errors.role?.[0]} onChange={(v) => f.set('role', v)}>
              <option value="volunteer">Volunteer (checks people in)</option>
              <option value="reviewer">Reviewer (scores proposals)</option>
            </SelectField>
          </>
        )}
      </AddPart>
    </>
  );
}

/** /events/manage/:eventId: an event's details, publishing, rooms, tracks, ticket types and team. */
export function ManageEventPage() {
  const { eventId = '' } = useEventParams();
  const [event, setEvent] = useState<ManagedEventView | null>(null);
  const [error, setError] = useState('');
  const [message, setMessage] = useState('');
  const form = useForm<EventValues>({ title: '', summary: '', kind: '', format: '', startsOn: '', endsOn: '', timeZone: '', venueName: '', venueAddress: '', joinUrl: '' }, 'event-');
  const set = (e: ManagedEventView) => {
    setEvent(e);
    form.reset(valuesOf(e));
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: loads once per event
  useEffect(() => {
    eventsCore.get(eventId).then(set, (err: unknown) => setError(messageOf(err)));
  }, [eventId]);
  const onSubmit = form.submit(async (v) => {
    set(await eventsCore.update(eventId, { ...eventBody(v, true), revision: event?.revision ?? 0 }));
    setMessage('Saved.');
  });
  if (!event) return <Page title="Event">{error ? <p role="alert">{error}</p> : <p role="status">Loading…</p>}</Page>;
  return (
    <Page title={event.title}>
      <ManageNav eventId={event.id} title={event.title} />
      <Status message={message} />
      <p>
        Status: <strong>{event.status}</strong>. Public page: <a href={`/events/${encodeURIComponent(event.slug)}`}>/events/{event.slug}</a>
      </p>
      {event.status === 'draft' ? (
        <button type="button" className="button" onClick={() => eventsCore.publish(event.id).then((x) => { set(x); setMessage('Published.'); }, (err: unknown) => setMessage(messageOf(err)))}>
          Publish the event
        </button>
      ) : null}
      <h2>Details</h2>
      <EventForm form={form} onSubmit={onSubmit} action="Save the details" />
      <Parts e={event} set={set} setMessage={setMessage} />
    </Page>
  );
}
