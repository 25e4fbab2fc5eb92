import { useState } from 'react';
import { Problems, useAction } from '../../../components/actions.js';
import { SelectField, TextareaField } from '../../../components/controls.js';
import { Field, Submit } from '../../../components/forms.js';
import { type ExhibitorBody, type ExhibitorTier, kindNames, tierNames } from './api.js';

const labels = { name: 'Name', kind: 'Kind', tier: 'Tier', stand: 'Stand number', website: 'Website', description: 'Description' };

export type ExhibitorValues = { name: string; kind: ExhibitorBody['kind']; tier: ExhibitorTier; stand: string; website: string; description: string };
export const emptyExhibitor: ExhibitorValues = { name: '', kind: 'exhibitor', tier: 'silver', stand: '', website: '', description: '' };

const bodyOf = (v: ExhibitorValues): ExhibitorBody => ({
  name: v.name,
  kind: v.kind,
  tier: v.tier,
  stand: v.stand.trim() || null,
  website: v.website.trim() || null,
  description: v.description.trim() || null,
});

/** The details of a sponsor or exhibitor, for adding one or changing it. */
export function ExhibitorForm({ prefix, initial, submitText, onSubmit }: { prefix: string; initial: ExhibitorValues; submitText: string; onSubmit: (body: ExhibitorBody) => Promise<void> }) {
  const [v, setV] = useState(initial);
  const action = useAction(prefix);
  return (
    <form
      className="form"
      noValidate
      onSubmit={action.run(async () => {
        await onSubmit(bodyOf(v));
        if (initial === emptyExhibitor) setV(emptyExhibitor);
      })}
    >
      <Problems action={action} labels={labels} />
      <Field {...action.at('name')} label={labels.name} required value={v.name} onChange={(e) => setV({ ...v, name: e.target.value })} maxLength={120} />
      <SelectField {...action.at('kind')} label={labels.kind} value={v.kind} onChange={(x) => setV({ ...v, kind: x as ExhibitorValues['kind'] })}>
        {Object.entries(kindNames).map(([k, name]) => (
          <option key={k} value={k}>
            {name}
          </option>
        ))}
      </SelectField>
      <SelectField {...action.at('tier')} label={labels.tier} value={v.tier} onChange={(x) => setV({ ...v, tier: x as ExhibitorTier })}>
        {Object.entries(tierNames).map(([k, name]) => (
          <option key={k} value={k}>
            {name}
          </option>
        ))}
      </SelectField>
      <Field {...action.at('stand')} label={`${labels.stand} (optional)`} className="input input-short" value={v.stand} onChange={(e) => setV({ ...v, stand: e.target.value })} maxLength={20} />
      <Field {...action.at('website')} label={`${labels.website} (optional)`} hint="Starting with https://" type="url" value={v.website} onChange={(e) => setV({ ...v, website: e.target.value })} />
      <TextareaField {...action.at('description')} label={`${labels.description} (optional)`} value={v.description} onChange={(x) => setV({ ...v, description: x })} maxLength={2000} />
      <Submit busy={action.busy}>{submitText}</Submit>
    </form>
  );
}
