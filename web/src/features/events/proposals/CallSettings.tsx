import { useState } from 'react';
import { Problems, Section, useAction } from '../../../components/actions.js';
import { CheckboxField, TextareaField } from '../../../components/controls.js';
import { Field, Submit } from '../../../components/forms.js';
import { formatTime } from '../../../components/format.js';
import { type Proposals, formatLabels, proposals } from './api.js';

const allFormats = ['talk', 'panel', 'workshop', 'keynote'] as const;

/** The organiser's settings of the call: deadline (UTC), guidance, formats; open, change or close it. */
export function CallSettings({ eventId, data, onDone }: { eventId: string; data: Proposals; onDone: (message: string) => void }) {
  const call = data.call;
  const action = useAction('call-');
  const [closesAt, setClosesAt] = useState(call?.closesAt ? call.closesAt.slice(0, 16) : '');
  const [guidance, setGuidance] = useState(call?.guidance ?? '');
  const [formats, setFormats] = useState<string[]>(call?.formats.length ? call.formats : ['talk']);
  const submit = action.run(async () => {
    await proposals.openCall(eventId, { closesAt: closesAt ? `${closesAt}:00Z` : '', guidance, formats: formats as (typeof allFormats)[number][] });
    onDone('The call for presentations is open.');
  });
  const close = action.run(async () => {
    await proposals.closeCall(eventId);
    onDone('The call for presentations is closed.');
  });
  return (
    <Section id="call" title="Call for presentations">
      <p>{call?.open ? `Open until ${formatTime(call.closesAt ?? '')}.` : call?.status === 'none' ? 'No call has been opened.' : 'Closed.'}</p>
      <form onSubmit={submit} noValidate className="form">
        <Problems action={action} labels={{ closesAt: 'Deadline', guidance: 'Guidance', formats: 'Formats' }} />
        <Field {...action.at('closesAt')} label="Deadline (UTC)" type="datetime-local" value={closesAt} onChange={(e) => setClosesAt(e.target.value)} />
        <TextareaField {...action.at('guidance')} label="Guidance for speakers" value={guidance} onChange={setGuidance} maxLength={5000} />
        <fieldset className="fieldset" id="call-formats">
          <legend>Formats offered</legend>
          {allFormats.map((f) => (
            <CheckboxField key={f} id={`call-format-${f}`} label={formatLabels[f]} checked={formats.includes(f)} onChange={(on) => setFormats((x) => (on ? [...x, f] : x.filter((y) => y !== f)))} />
          ))}
        </fieldset>
        <p className="hint">Proposals may choose any of the event’s tracks ({data.tracks.map((t) => t.name).join(', ') || 'none yet'}).</p>
        <div className="actions">
          <Submit busy={action.busy}>{call?.status === 'open' ? 'Save the call' : 'Open the call'}</Submit>
          {call?.status === 'open' ? (
            <button type="button" className="button button-secondary" onClick={() => close()}>
              Close the call now
            </button>
          ) : null}
        </div>
      </form>
    </Section>
  );
}
