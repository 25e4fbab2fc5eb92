import { useState } from 'react';
import { ApiError } from '../../../api.js';
import { Problems, useAction } from '../../../components/actions.js';
import { Field, Submit } from '../../../components/forms.js';
import { type Exhibitor, exhibitorsApi, kindNames, tierNames } from './api.js';
import { ExhibitorForm } from './ExhibitorForm.js';

const staffLabels = { email: 'E-mail address', name: 'Name (if they have no account yet)' };

/** One exhibitor on the organiser's page: its details, logo and staff. */
export function ExhibitorCard({ eventId, x, changed }: { eventId: string; x: Exhibitor; changed: (message: string) => Promise<void> }) {
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [staff, setStaff] = useState({ email: '', name: '' });
  const logo = useAction(`logo-${x.id}-`);
  const adding = useAction(`staff-${x.id}-`);
  const removing = useAction(`remove-${x.id}-`);
  const p = `x-${x.id}-`;
  return (
    <li className="item">
      {x.logoUrl ? <img className="exhibitor-logo" src={x.logoUrl} alt={`${x.name} logo`} /> : null}
      <h3 className="item-title">{x.name}</h3>
      <p className="item-detail">
        {tierNames[x.tier]} · {kindNames[x.kind]}
        {x.stand ? ` · stand ${x.stand}` : ''}
        {x.organisationName ? ` · ${x.organisationName}` : ''} · {x.namedLeads} named and {x.countedLeads} counted leads
      </p>
      <div className="button-row">
        <button type="button" className="button button-secondary button-small" aria-expanded={editing} onClick={() => setEditing(!editing)}>
          {editing ? 'Close' : 'Change'}
          <span className="visually-hidden"> {x.name}</span>
        </button>
        {confirming ? (
          <button
            type="button"
            className="button button-danger button-small"
            onClick={removing.run(async () => {
              await exhibitorsApi.remove(eventId, x.id);
              await changed(`Removed ${x.name}.`);
            })}
          >
            Confirm: remove {x.name} and its leads
          </button>
        ) : (
          <button type="button" className="button button-quiet button-small" onClick={() => setConfirming(true)}>
            Remove<span className="visually-hidden"> {x.name}</span>
          </button>
        )}
      </div>
      <Problems action={removing} labels={{}} />
      {editing ? (
        <>
          <ExhibitorForm
            prefix={p}
            initial={{ name: x.name, kind: x.kind, tier: x.tier, stand: x.stand ?? '', website: x.website ?? '', description: x.description ?? '' }}
            submitText="Save the details"
            onSubmit={async (body) => {
              await exhibitorsApi.update(eventId, x.id, body);
              setEditing(false);
              await changed(`Saved ${body.name}.`);
            }}
          />
          <form
            className="form"
            noValidate
            onSubmit={logo.run(async () => {
              if (!file) throw new ApiError(400, 'VALIDATION_FAILED', 'Choose a PNG or JPEG file', {}, { file: ['Choose a PNG or JPEG file'] });
              await exhibitorsApi.uploadLogo(eventId, x.id, file);
              await changed(`The logo of ${x.name} is saved.`);
            })}
          >
            <Problems action={logo} labels={{ file: 'Logo' }} />
            <div className={logo.errors.file ? 'field field-error' : 'field'}>
              <label htmlFor={`logo-${x.id}-file`}>Logo</label>
              <p className="hint" id={`logo-${x.id}-file-hint`}>
                PNG or JPEG, at most 1 MB
              </p>
              {logo.errors.file ? (
                <p className="error-message" id={`logo-${x.id}-file-error`}>
                  <span className="visually-hidden">Error: </span>
                  {logo.errors.file[0]}
                </p>
              ) : null}
              <input id={`logo-${x.id}-file`} type="file" accept="image/png,image/jpeg" aria-describedby={`logo-${x.id}-file-hint`} onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
            </div>
            <Submit busy={logo.busy}>Upload the logo</Submit>
          </form>
        </>
      ) : null}
      <h4>Stand staff</h4>
      {x.staff.length === 0 ? <p className="empty">No staff yet.</p> : null}
      <ul className="item-list">
        {x.staff.map((s) => (
          <li key={s.userId}>
            {s.name} ({s.email}), ticket {s.reference}{' '}
            <button
              type="button"
              className="button button-quiet button-small"
              onClick={removing.run(async () => {
                await exhibitorsApi.removeStaff(eventId, x.id, s.userId);
                await changed(`${s.name} is no longer on the staff of ${x.name}.`);
              })}
            >
              Take off the stand<span className="visually-hidden"> ({s.name})</span>
            </button>
          </li>
        ))}
      </ul>
      <form
        className="form"
        noValidate
        onSubmit={adding.run(async () => {
          await exhibitorsApi.addStaff(eventId, x.id, { email: staff.email.trim(), ...(staff.name.trim() ? { name: staff.name.trim() } : {}) });
          setStaff({ email: '', name: '' });
          await changed(`${staff.email.trim()} is on the staff of ${x.name}; their ticket is mailed to them.`);
        })}
      >
        <Problems action={adding} labels={staffLabels} />
        <Field {...adding.at('email')} label={staffLabels.email} type="email" autoComplete="off" value={staff.email} onChange={(e) => setStaff({ ...staff, email: e.target.value })} />
        <Field {...adding.at('name')} label={staffLabels.name} value={staff.name} onChange={(e) => setStaff({ ...staff, name: e.target.value })} />
        <Submit busy={adding.busy}>
          Add to the stand<span className="visually-hidden"> of {x.name}</span>
        </Submit>
      </form>
    </li>
  );
}
