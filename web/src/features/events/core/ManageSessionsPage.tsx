import './events-core.css';
import { useEffect, useState } from 'react';
import { Page } from '../../../components/Page.js';
import { messageOf } from '../../../components/actions.js';
import { SelectField, TextareaField } from '../../../components/controls.js';
import { ErrorSummary, Field, Status, Submit, useForm } from '../../../components/forms.js';
import { ManageNav } from '../ManageNav.js';
import { useEventParams } from '../params.js';
import { type ManagedEventView, type ManagedSessionView, clockOf, dayName, eventsCore } from './api.js';

type Values = { title: string; abstract: string; format: string; roomId: string; trackId: string; day: string; startTime: string; endTime: string; capacity: string; cpdHours: string; speakers: string };
const empty = (day: string): Values => ({ title: '', abstract: '', format: 'talk', roomId: '', trackId: '', day, startTime: '', endTime: '', capacity: '', cpdHours: '', speakers: '' });
const labels: Record<string, string> = { title: 'Title', abstract: 'Abstract', format: 'Format', roomId: 'Room', trackId: 'Track', day: 'Day', startTime: 'Starts', endTime: 'Ends', capacity: 'Places', cpdHours: 'CPD hours', speakers: 'Speakers' };

/** "Name <address>" or a member's address, one a line. */
/** A speaker as the organiser sees them: named, and marked until they have confirmed. */
const speakerLabel = (x: { name: string; status: 'invited' | 'confirmed' | 'declined' }) => (x.status === 'confirmed' ? x.name : `${x.name} (${x.status})`);

function speakersOf(text: string) {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const m = /^(.*)<([^>]+)>$/.exec(l);
      return m ? { name: (m[1] as string).trim(), email: (m[2] as string).trim() } : { email: l };
    });
}

const valuesOf = (s: ManagedSessionView): Values => ({
  title: s.title,
  abstract: s.abstract,
  format: s.format,
  roomId: s.roomId ?? '',
  trackId: s.trackId ?? '',
  day: s.startsAt.local.slice(0, 10),
  startTime: clockOf(s.startsAt.local),
  endTime: clockOf(s.endsAt.local),
  capacity: s.capacity ? String(s.capacity) : '',
  cpdHours: String(s.cpdHours),
  speakers: s.speakers.map((x) => (x.userId ? x.email : `${x.name} <${x.email}>`)).join('\n'),
});

/** /events/manage/:eventId/sessions: the programme editor (times in the event's zone; a clash is the form's error). */
export function ManageSessionsPage() {
  const { eventId = '' } = useEventParams();
  const [event, setEvent] = useState<ManagedEventView | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState('');
  const [message, setMessage] = useState('');
  const form = useForm<Values>(empty(''), 'session-');
  const load = () => eventsCore.get(eventId).then(setEvent, (err: unknown) => setError(messageOf(err)));
  // biome-ignore lint/correctness/useExhaustiveDependencies: loads once per event
  useEffect(() => {
    load();
  }, [eventId]);
  const onSubmit = form.submit(async (v) => {
    const body = {
      title: v.title,
      abstract: v.abstract,
      format: v.format,
      roomId: v.roomId || null,
      trackId: v.trackId || null,
      day: v.day,
      startTime: v.startTime,
      endTime: v.endTime,
      capacity: v.capacity ? Number(v.capacity) : null,
      ...(v.cpdHours ? { cpdHours: Number(v.cpdHours) } : {}),
      speakers: speakersOf(v.speakers),
    };
    const saved = editing ? await eventsCore.updateSession(eventId, editing, body) : await eventsCore.addSession(eventId, body);
    setMessage(`${editing ? 'Saved' : 'Added'} “${saved.title}”.`);
    setEditing(null);
    form.reset(empty(v.day));
    await load();
  });
  if (!event) return <Page title="Programme">{error ? <p role="alert">{error}</p> : <p role="status">Loading…</p>}</Page>;
  const days: string[] = [];
  for (let t = Date.parse(`${event.startsOn}T00:00:00Z`); t <= Date.parse(`${event.endsOn}T00:00:00Z`); t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  const rooms = new Map(event.rooms.map((r) => [r.id, r.name]));
  const f = form;
  return (
    <Page title={`${event.title}: programme`} heading="Programme">
      <ManageNav eventId={event.id} title={event.title} />
      <Status message={message} />
      <p>Times are in {event.timeZone}.</p>
      <div className="table-scroll">
        <table className="session-table">
          <caption className="visually-hidden">Sessions</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Session</th>
              <th scope="col">Room</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {event.sessions.map((s) => (
              <tr key={s.id}>
                <td>
                  {dayName(s.startsAt.local.slice(0, 10))}, {clockOf(s.startsAt.local)}–{clockOf(s.endsAt.local)}
                </td>
                <td>
                  {s.title}
                  {s.status === 'cancelled' ? ' (cancelled)' : ''}
                  {s.speakers.length ? ` — ${s.speakers.map(speakerLabel).join(', ')}` : ''}
                </td>
                <td>{s.roomId ? rooms.get(s.roomId) : 'none'}</td>
                <td>
                  {s.status === 'scheduled' ? (
                    <>
                      <button type="button" className="button button-secondary button-small" onClick={() => { setEditing(s.id); form.reset(valuesOf(s)); document.getElementById('session-title')?.focus(); }}>
                        Edit {s.title}
                      </button>{' '}
                      <button type="button" className="button button-secondary button-small" onClick={() => eventsCore.cancelSession(eventId, s.id).then(() => { setMessage(`Cancelled “${s.title}”.`); return load(); }, (err: unknown) => setMessage(messageOf(err)))}>
                        Cancel {s.title}
                      </button>
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{editing ? 'Edit the session' : 'Add a session'}</h2>
      <form className="form" onSubmit={onSubmit} noValidate>
        <ErrorSummary form={form} labels={labels} />
        <Field label={labels.title as string} required {...f.field('title')} />
        <TextareaField id="session-abstract" label="Abstract" value={f.values.abstract} error={f.errors.abstract?.[0]} onChange={(v) => f.set('abstract', v)} maxLength={6000} />
        <SelectField id="session-format" label="Format" value={f.values.format} error={f.errors.format?.[0]} onChange={(v) => f.set('format', v)}>
          <option value="talk">Talk</option>
          <option value="panel">Panel</option>
          <option value="workshop">Workshop</option>
          <option value="keynote">Keynote</option>
        </SelectField>
        <SelectField id="session-day" label="Day" value={f.values.day} error={f.errors.day?.[0]} onChange={(v) => f.set('day', v)}>
          <option value="">Choose a day</option>
          {days.map((d) => (
            <option key={d} value={d}>
              {dayName(d)}
            </option>
          ))}
        </SelectField>
        <Field label="Starts" type="time" required {...f.field('startTime')} />
        <Field label="Ends" type="time" required {...f.field('endTime')} />
        <SelectField id="session-roomId" label="Room" value={f.values.roomId} error={f.errors.roomId?.[0]} onChange={(v) => f.set('roomId', v)}>
          <option value="">No room (online)</option>
          {event.rooms.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </SelectField>
        <SelectField id="session-trackId" label="Track" value={f.values.trackId} error={f.errors.trackId?.[0]} onChange={(v) => f.set('trackId', v)}>
          <option value="">No track</option>
          {event.tracks.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </SelectField>
        <Field label="Places (optional)" hint="Leave empty for the room's capacity" inputMode="numeric" {...f.field('capacity')} />
        <Field label="CPD hours (optional)" hint="Leave empty for the session's length, in quarter hours" inputMode="decimal" {...f.field('cpdHours')} />
        <TextareaField id="session-speakers" label="Speakers (optional)" hint="One a line: a member's account e-mail, or a guest as Name <address>" value={f.values.speakers} error={f.errors.speakers?.[0]} onChange={(v) => f.set('speakers', v)} />
        <Submit busy={form.submitting}>{editing ? 'Save the session' : 'Add the session'}</Submit>
        {editing ? (
          <button type="button" className="button button-secondary" onClick={() => { setEditing(null); form.reset(empty('')); }}>
            Stop editing
          </button>
        ) : null}
      </form>
    </Page>
  );
}
