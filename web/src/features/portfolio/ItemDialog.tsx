import { type FormEvent, useEffect, useRef, useState } from 'react';
import type { Scheme } from '../../../../contracts/scheme.js';
import { ApiError, type FieldErrors } from '../../api.js';
import { localToday } from '../../components/format.js';
import { Field, ProblemLinks, Submit } from '../../components/forms.js';
import { loaded, portfolioSchema } from '../../components/schemas.js';
import { CheckboxField, ChoiceGroup, Dialog, SelectField, TextareaField } from '../../components/controls.js';
import { type ItemKind, contributionLabels, kindNames } from '../../components/portfolio-items.js';
import { type Values, emptyValues, fieldFor, labels, oneOff, toItem, toValues } from './itemValues.js';
import type { PortfolioItem } from './types.js';

const PortfolioItemSchema = portfolioSchema('PortfolioItem');

/** Issues from the contract schema or the API, keyed by form field. */
function collect(issues: Array<{ path: string; message: string }>, kind: string): FieldErrors {
  const out: FieldErrors = {};
  for (const i of issues) {
    const f = fieldFor(i.path, kind);
    if (!out[f]) out[f] = [monthWords(f, i.message)];
  }
  return out;
}

/** A job is entered by month: the contract's words about dates are said about months there. */
function monthWords(field: string, message: string): string {
  if (field !== 'startMonth' && field !== 'endMonth') return message;
  if (/before the start/.test(message)) return 'The end month is before the start month';
  if (/future/.test(message)) return message.replace('This date is', 'This month is');
  if (/YYYY-MM-DD|not a calendar date|Fill this in/.test(message)) return 'Enter the month as YYYY-MM, such as 2021-03';
  return message.replace(/date/g, 'month');
}

/**
 * Adds or edits one portfolio item in a modal dialog. `onSave` gets the checked item; an ApiError it throws
 * shows field by field. `hypothetical` says plainly that the item will not be saved.
 */
export function ItemDialog({
  kind,
  item,
  scheme,
  hypothetical,
  onSave,
  onClose,
}: {
  kind: ItemKind;
  item: PortfolioItem | null;
  scheme: Scheme;
  hypothetical?: boolean;
  onSave: (item: PortfolioItem) => Promise<void>;
  onClose: () => void;
}) {
  const [values, setValues] = useState<Values>(() => (item ? toValues(item) : emptyValues(kind)));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const [search, setSearch] = useState('');
  const summary = useRef<HTMLDivElement>(null);
  const p = `item-${kind}-`;

  useEffect(() => {
    if (attempt > 0) summary.current?.focus();
  }, [attempt]);

  const set = (name: string) => (v: string) => setValues((old) => ({ ...old, [name]: v }));
  const text = (name: string, extra: Record<string, unknown> = {}) => ({
    id: p + name,
    name,
    label: labels[name] ?? name,
    value: values[name] ?? '',
    error: errors[name]?.[0],
    onChange: (e: { target: { value: string } }) => set(name)(e.target.value),
    ...extra,
  });
  const ctl = (name: string) => ({ id: p + name, label: labels[name] ?? name, value: values[name] ?? '', error: errors[name]?.[0], onChange: set(name) });

  // The contract's schema loads while the dialog is filled in, so submitting does not wait for it.
  useEffect(() => {
    PortfolioItemSchema().catch(() => {});
  }, []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const body = { ...toItem(values, localToday()), id: values.id || `draft-${Date.now()}` };
    const parsed = (await loaded(PortfolioItemSchema))?.safeParse(body) ?? { success: true as const, data: body };
    setFailure(null);
    if (!parsed.success) {
      setErrors(collect(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })), kind));
      setAttempt((n) => n + 1);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await onSave({ ...parsed.data, id: values.id ?? '' } as PortfolioItem);
    } catch (err) {
      const apiErr = err instanceof ApiError ? err : new ApiError(0, 'UNEXPECTED', 'Something went wrong. Try again.', {}, {});
      const found: FieldErrors = {};
      for (const [k, m] of Object.entries(apiErr.fields)) found[fieldFor(k, kind)] = m;
      setErrors(found);
      setFailure(apiErr.message);
      setAttempt((n) => n + 1);
    } finally {
      setBusy(false);
    }
  }

  const one = kindNames[kind].one;
  const title = item ? `Edit this ${one}` : `Add ${kind === 'education' ? '' : 'a '}${hypothetical ? 'hypothetical ' : ''}${one}`;
  const problems = Object.entries(errors);
  const catalogue = scheme.catalogue.filter((c) => !c.retired || c.id === values.catalogueId || c.id === values.qualificationId);
  const q = search.trim().toLowerCase();
  const certs = catalogue.filter((c) => c.kind === 'certification' && (!q || c.name.toLowerCase().includes(q) || c.id === values.catalogueId));

  return (
    <Dialog title={title} onClose={onClose} wide>
      <form onSubmit={submit} noValidate className="form">
        {hypothetical ? <p className="banner banner-warning">This item is only for “what if”: it is not saved to your portfolio.</p> : null}
        {problems.length || failure ? (
          <div className="error-summary" ref={summary} tabIndex={-1} role="alert" aria-labelledby={`${p}summary`}>
            <h3 id={`${p}summary`}>There is a problem</h3>
            {failure && !problems.length ? <p>{failure}</p> : null}
            <ProblemLinks items={problems} prefix={p} labels={labels} />
          </div>
        ) : null}

        {kind === 'education' ? (
          <>
            <SelectField {...ctl('qualificationId')} hint="Pick a recognised qualification, or “Not listed” for any other." onChange={(v) => setValues((o) => ({ ...o, qualificationId: v, title: v ? (scheme.catalogue.find((c) => c.id === v)?.name ?? o.title ?? '') : (o.title ?? '') }))}>
              <option value="">Not listed</option>
              {catalogue
                .filter((c) => c.kind === 'qualification')
                .map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name} ({c.points} points)
                  </option>
                ))}
            </SelectField>
            <Field {...text('title')} />
            <Field {...text('institution')} />
            <ChoiceGroup {...ctl('status')} options={[{ value: 'completed', label: 'Completed' }, { value: 'enrolled', label: 'Studying now' }]} className="choices choices-row" />
            <Field {...text('startedOn', { type: 'date', className: 'input input-medium' })} />
            <Field {...text('awardedOn', { type: 'date', className: 'input input-medium', hint: values.status === 'enrolled' ? 'Leave empty while you are studying.' : undefined })} />
          </>
        ) : null}

        {kind === 'certification' ? (
          <>
            <Field id={`${p}search`} name="search" label="Search the catalogue" value={search} onChange={(e) => setSearch(e.target.value)} hint="Type part of a name, such as ITIL or 20000, to shorten the list below." autoComplete="off" />
            <SelectField {...ctl('catalogueId')} hint={`${certs.length} recognised certifications match.`} onChange={(v) => setValues((o) => ({ ...o, catalogueId: v, title: v && v !== 'other' ? (scheme.catalogue.find((c) => c.id === v)?.name ?? o.title ?? '') : (o.title ?? '') }))}>
              <option value="">Choose a certification</option>
              {certs.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} ({c.points} points)
                </option>
              ))}
              <option value="other">Other certification (not in the catalogue)</option>
            </SelectField>
            {values.catalogueId === 'other' ? <p className="banner banner-warning">An assessor will value this certification; it counts 0 points until then.</p> : null}
            <Field {...text('title')} />
            <Field {...text('issuer')} />
            <Field {...text('awardedOn', { type: 'date', className: 'input input-medium' })} />
          </>
        ) : null}

        {kind === 'work' ? (
          <>
            <Field {...text('employer', { autoComplete: 'organization' })} />
            <Field {...text('roleTitle', { autoComplete: 'organization-title' })} />
            <Field {...text('startMonth', { type: 'month', className: 'input input-medium', hint: 'For example 2021-03.' })} />
            <CheckboxField id={`${p}current`} label="This is my current job" checked={values.current === 'yes'} onChange={(on) => set('current')(on ? 'yes' : '')} />
            {values.current ? null : <Field {...text('endMonth', { type: 'month', className: 'input input-medium', hint: 'The last month you worked there.' })} />}
            <CheckboxField id={`${p}itsm`} label="This was IT service management work" hint="Only service management roles count as experience." checked={values.itsm === 'yes'} onChange={(on) => set('itsm')(on ? 'yes' : '')} />
            <ChoiceGroup
              {...ctl('responsibilityLevel')}
              hint="The level of responsibility you held, from the scheme’s framework."
              options={scheme.framework.responsibilityLevels.map((l) => ({
                value: String(l.level),
                label: (
                  <>
                    <strong>
                      {l.level}. {l.name}
                    </strong>
                    {l.description ? <span className="choice-hint"> — {l.description}</span> : null}
                  </>
                ),
              }))}
            />
            <ChoiceGroup
              {...ctl('skills')}
              multiple
              className="choices choices-columns"
              options={scheme.framework.skills.filter((s) => !s.retired || (values.skills ?? '').split(',').includes(s.id)).map((s) => ({ value: s.id, label: s.name }))}
            />
            <TextareaField {...ctl('description')} maxLength={4000} hint="A few sentences; at most 4000 characters." />
            <fieldset className="field">
              <legend>Referee (optional)</legend>
              <p className="hint">Someone who can confirm this role, such as your manager.</p>
              <Field {...text('refereeName', { label: 'Name', autoComplete: 'off' })} />
              <Field {...text('refereeEmail', { label: 'E-mail address', type: 'email', autoComplete: 'off' })} />
              <Field {...text('refereeRelationship', { label: 'How they know your work', hint: 'For example: line manager 2019–2022.' })} />
            </fieldset>
          </>
        ) : null}

        {kind === 'contribution' ? (
          <>
            <SelectField {...ctl('type')}>
              {Object.entries(contributionLabels).map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </SelectField>
            <Field {...text('title')} />
            {oneOff.has(values.type ?? '') ? (
              <Field {...text('date', { type: 'date', className: 'input input-medium' })} />
            ) : (
              <>
                <Field {...text('startOn', { type: 'date', className: 'input input-medium' })} />
                <CheckboxField id={`${p}current`} label="This is still going on" checked={values.current === 'yes'} onChange={(on) => set('current')(on ? 'yes' : '')} />
                {values.current ? null : <Field {...text('endOn', { type: 'date', className: 'input input-medium' })} />}
              </>
            )}
            {values.type === 'volunteering' ? <Field {...text('hours', { inputMode: 'decimal', className: 'input input-short' })} /> : null}
            <Field {...text('link', { type: 'url', hint: 'Optional: a web page about it, such as https://example.org/talk.' })} />
          </>
        ) : null}

        <div className="button-row">
          <Submit busy={busy} busyText="Saving…">
            {hypothetical ? 'Add to “what if”' : item ? 'Save changes' : `Add ${one}`}
          </Submit>
          <button type="button" className="button button-secondary" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
