import { useState } from 'react';
import { ApiError } from '../../../api.js';
import { Problems, useAction } from '../../../components/actions.js';
import { SelectField } from '../../../components/controls.js';
import { Field, Submit } from '../../../components/forms.js';
import { type OrganisationStand, type Person, standsApi } from './api.js';

const OTHER = 'other';
const labels = { person: 'Who', email: 'Their e-mail address', name: 'Their name (if they have no account yet)' };

/**
 * Puts someone on a stand: one of the organisation's people (its members and confirmed staff), or anyone
 * by e-mail address; someone without an account also needs a name, and gets a light account.
 */
export function AddStaffForm({ stand, people, changed }: { stand: OrganisationStand; people: Person[]; changed: (message: string) => Promise<void> }) {
  const [who, setWho] = useState('');
  const [other, setOther] = useState({ email: '', name: '' });
  const byHand = who === OTHER;
  // With a person chosen from the list, a problem with their address is a problem with the choice.
  const adding = useAction(`add-${stand.exhibitor.id}-`, (k) => (byHand ? k : 'person'));
  const chosen = people.find((p) => p.userId === who);
  return (
    <form
      className="form"
      noValidate
      onSubmit={adding.run(async () => {
        if (!byHand && !chosen) throw new ApiError(400, 'VALIDATION_FAILED', 'Choose who to add', {}, { person: ['Choose a person, or “Someone else”'] });
        const body = chosen ? { email: chosen.email } : { email: other.email.trim(), ...(other.name.trim() ? { name: other.name.trim() } : {}) };
        const added = await standsApi.addStaff(stand, body);
        setWho('');
        setOther({ email: '', name: '' });
        await changed(`${added.name} is on the stand with ticket ${added.reference}; it is mailed to them with the check-in code.`);
      })}
    >
      <h3>Add a member of staff</h3>
      <Problems action={adding} labels={labels} />
      <SelectField {...adding.at('person')} label={labels.person} hint="Your organisation’s people and the staff whose employment it confirmed." value={who} onChange={setWho}>
        <option value="">Choose a person</option>
        {people.map((p) => (
          <option key={p.userId} value={p.userId}>
            {p.name} ({p.email})
          </option>
        ))}
        <option value={OTHER}>Someone else (type their details)</option>
      </SelectField>
      {byHand ? (
        <>
          <Field {...adding.at('email')} label={labels.email} type="email" autoComplete="off" value={other.email} onChange={(e) => setOther({ ...other, email: e.target.value })} />
          <Field {...adding.at('name')} label={labels.name} autoComplete="off" value={other.name} onChange={(e) => setOther({ ...other, name: e.target.value })} />
        </>
      ) : null}
      <Submit busy={adding.busy} busyText="Adding…">
        Add to the stand<span className="visually-hidden"> at {stand.event.title}</span>
      </Submit>
    </form>
  );
}
