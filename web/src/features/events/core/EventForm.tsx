import { SelectField, TextareaField } from '../../../components/controls.js';
import { ErrorSummary, Field, Submit, type useForm } from '../../../components/forms.js';

/** The fields of an event's details, as the create and edit forms share them (values are strings). */
export type EventValues = { title: string; summary: string; kind: string; format: string; startsOn: string; endsOn: string; timeZone: string; venueName: string; venueAddress: string; joinUrl: string };

export const emptyEvent: EventValues = { title: '', summary: '', kind: 'conference', format: 'in_person', startsOn: '', endsOn: '', timeZone: 'Europe/London', venueName: '', venueAddress: '', joinUrl: '' };

export const eventLabels: Record<keyof EventValues, string> = {
  title: 'Title',
  summary: 'Summary',
  kind: 'Kind',
  format: 'Format',
  startsOn: 'First day',
  endsOn: 'Last day',
  timeZone: 'Time zone',
  venueName: 'Venue',
  venueAddress: 'Venue address',
  joinUrl: 'Join link',
};

/** The request body of the values: empty optional fields left out (or cleared, when editing). */
export function eventBody(v: EventValues, editing: boolean): Record<string, unknown> {
  const opt = (s: string) => (s.trim() ? s.trim() : editing ? null : undefined);
  const body: Record<string, unknown> = { title: v.title, summary: v.summary, kind: v.kind, format: v.format, startsOn: v.startsOn, endsOn: v.endsOn, timeZone: v.timeZone.trim(), venueName: opt(v.venueName), venueAddress: opt(v.venueAddress), joinUrl: opt(v.joinUrl) };
  for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
  return body;
}

/** The event details form (create, or edit an event's details). */
export function EventForm({ form, onSubmit, action }: { form: ReturnType<typeof useForm<EventValues>>; onSubmit: (e: React.FormEvent) => void; action: string }) {
  const f = form;
  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <ErrorSummary form={form} labels={eventLabels} />
      <Field label={eventLabels.title} required {...f.field('title')} />
      <TextareaField id={`${form.prefix}summary`} label={eventLabels.summary} value={f.values.summary} error={form.errors.summary?.[0]} onChange={(v) => f.set('summary', v)} maxLength={4000} />
      <SelectField id={`${form.prefix}kind`} label={eventLabels.kind} value={f.values.kind} error={form.errors.kind?.[0]} onChange={(v) => f.set('kind', v)}>
        <option value="conference">Conference</option>
        <option value="chapter_meeting">Chapter meeting</option>
        <option value="webinar">Webinar</option>
        <option value="workshop">Workshop</option>
      </SelectField>
      <SelectField id={`${form.prefix}format`} label={eventLabels.format} value={f.values.format} error={form.errors.format?.[0]} onChange={(v) => f.set('format', v)}>
        <option value="in_person">In person</option>
        <option value="online">Online</option>
        <option value="hybrid">Hybrid</option>
      </SelectField>
      <Field label={eventLabels.startsOn} type="date" required {...f.field('startsOn')} />
      <Field label={eventLabels.endsOn} type="date" required {...f.field('endsOn')} />
      <Field label={eventLabels.timeZone} hint="An IANA name such as Europe/London; every time of the event is in this zone" required {...f.field('timeZone')} />
      <Field label={`${eventLabels.venueName} (in person or hybrid)`} {...f.field('venueName')} />
      <Field label={`${eventLabels.venueAddress} (optional)`} {...f.field('venueAddress')} />
      <Field label={`${eventLabels.joinUrl} (online or hybrid)`} hint="Starting with https://; shown only to registered people" type="url" {...f.field('joinUrl')} />
      <Submit busy={form.submitting}>{action}</Submit>
    </form>
  );
}
