import { useState } from 'react';
import { Problems, useAction } from '../../../components/actions.js';
import { TextareaField } from '../../../components/controls.js';
import { Submit } from '../../../components/forms.js';
import type { Lead } from './api.js';

/** A note kept on one named lead, saved on its own. */
export function LeadNote({ lead, save }: { lead: Lead; save: (note: string) => Promise<Lead> }) {
  const [note, setNote] = useState(lead.note ?? '');
  const [saved, setSaved] = useState<string | null>(null);
  const action = useAction(`lead-note-${lead.id}-`);
  return (
    <form
      className="form"
      noValidate
      onSubmit={action.run(async () => {
        const l = await save(note);
        setNote(l.note ?? '');
        setSaved('Note saved.');
      })}
    >
      <Problems action={action} labels={{ note: `Note on ${lead.name}` }} />
      <TextareaField {...action.at('note')} label={`Note on ${lead.name}`} value={note} onChange={(v) => { setNote(v); setSaved(null); }} maxLength={1000} />
      <Submit busy={action.busy} className="button button-small">
        Save the note<span className="visually-hidden"> on {lead.name}</span>
      </Submit>
      <span role="status" className="hint">{saved}</span>
    </form>
  );
}
