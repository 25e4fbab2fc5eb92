import { type FormEvent, useEffect, useRef, useState } from 'react';
import { type CpdActivityType, cpdTypeSpecs, reflectionPrompts } from '../../../../contracts/cpd-types.js';
import { ApiError, type CpdActivity, type FieldErrors } from '../../api.js';
import { Field, ProblemLinks, Submit } from '../../components/forms.js';
import { cpdSchema, loaded } from '../../components/schemas.js';
import { ChoiceGroup, Dialog, SelectField, TextareaField } from '../../components/controls.js';
import { localToday } from '../../components/format.js';
import { type Values, emptyValues, fieldFor, labelsFor, toBody, toValues, typeOptions } from './activityValues.js';

const CpdActivityBody = cpdSchema('CpdActivityBody');

export type EvidenceOption = { id: string; title: string };

/**
 * Logs or edits one CPD activity in a modal dialog, showing only the chosen type's own fields. A credited
 * activity (provider or event) shows what was credited read-only: only the reflection and evidence change.
 */
export function ActivityDialog({
  activity,
  initial,
  evidence,
  onSave,
  onClose,
}: {
  activity: CpdActivity | null;
  /** For a new activity: values to start from (a planned activity's, from a reminder's link). */
  initial?: Values;
  evidence: EvidenceOption[];
  onSave: (body: ReturnType<typeof toBody>) => Promise<void>;
  onClose: () => void;
}) {
  const [values, setValues] = useState<Values>(() => (activity ? toValues(activity) : { ...emptyValues('training', localToday()), ...initial }));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const summary = useRef<HTMLDivElement>(null);
  const p = 'cpd-act-';
  const type = values.type as CpdActivityType;
  const spec = cpdTypeSpecs[type];
  const locked = !!activity && (activity.verified || activity.auditStatus !== null);
  const labels = labelsFor(type);

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
    disabled: locked && !['learned', 'apply'].includes(name),
    onChange: (e: { target: { value: string } }) => set(name)(e.target.value),
    ...extra,
  });

  function collect(issues: Array<{ path: string; message: string }>): FieldErrors {
    const out: FieldErrors = {};
    for (const i of issues) {
      const f = fieldFor(i.path);
      if (!out[f]) out[f] = [i.message];
    }
    return out;
  }

  // The contract's schema loads while the dialog is filled in, so submitting does not wait for it.
  useEffect(() => {
    CpdActivityBody().catch(() => {});
  }, []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const body = toBody(values);
    const parsed = (await loaded(CpdActivityBody))?.safeParse(body) ?? { success: true as const };
    setFailure(null);
    const found = parsed.success ? {} : collect(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
    if (parsed.success && !locked && body.occurredOn > localToday()) found.occurredOn = ['This date is in the future; log an activity once it has happened'];
    if (Object.keys(found).length) {
      setErrors(found);
      setAttempt((n) => n + 1);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await onSave(body);
    } catch (err) {
      const apiErr = err instanceof ApiError ? err : new ApiError(0, 'UNEXPECTED', 'Something went wrong. Try again.', {}, {});
      const mapped: FieldErrors = {};
      for (const [k, m] of Object.entries(apiErr.fields)) mapped[fieldFor(k)] = m;
      setErrors(mapped);
      setFailure(apiErr.message);
      setAttempt((n) => n + 1);
    } finally {
      setBusy(false);
    }
  }

  const problems = Object.entries(errors);
  return (
    <Dialog title={activity ? 'Edit this activity' : 'Log a CPD activity'} onClose={onClose} wide>
      <form onSubmit={submit} noValidate className="form">
        {problems.length || failure ? (
          <div className="error-summary" ref={summary} tabIndex={-1} role="alert" aria-labelledby={`${p}summary`}>
            <h3 id={`${p}summary`}>There is a problem</h3>
            {failure && !problems.length ? <p>{failure}</p> : null}
            <ProblemLinks items={problems} prefix={p} labels={labels} />
          </div>
        ) : null}
        {locked ? (
          <p className="banner banner-warning">
            {activity?.verified ? 'Credited by its provider: what was credited cannot change.' : 'Part of an audit: what was claimed cannot change.'} You can add or change your reflection and evidence.
          </p>
        ) : null}

        {activity ? (
          <p>
            <strong>{spec.label}</strong>
          </p>
        ) : (
          <SelectField id={`${p}type`} label={labels.type!} hint="The form shows the fields this type needs." value={type} error={errors.type?.[0]} onChange={set('type')}>
            {typeOptions.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </SelectField>
        )}
        <p className="hint">{spec.hint}.</p>
        <Field {...text('title')} autoComplete="off" />
        <Field {...text('occurredOn', { type: 'date', className: 'input input-medium', hint: 'The day it happened (or ended).' })} />
        <Field {...text('hours', { inputMode: 'decimal', className: 'input input-short', hint: 'In quarter hours: 1, 1.25, 1.5 or 1.75. One hour is one point.' })} />
        <Field {...text('provider', { label: spec.providerLabel })} />
        {spec.fields.map((f) => (
          <Field key={f.name} {...text(`d_${f.name}`, { label: f.required ? f.label : `${f.label} (optional)`, hint: f.hint, type: f.kind === 'url' ? 'url' : 'text' })} />
        ))}

        <details className="prompts">
          <summary>Questions to help you reflect</summary>
          <ul>
            {reflectionPrompts.map((q) => (
              <li key={q}>{q}</li>
            ))}
          </ul>
        </details>
        <TextareaField id={`${p}learned`} label={labels.learned!} value={values.learned ?? ''} error={errors.learned?.[0]} onChange={set('learned')} maxLength={4000} />
        <TextareaField id={`${p}apply`} label={labels.apply!} value={values.apply ?? ''} error={errors.apply?.[0]} onChange={set('apply')} maxLength={4000} />
        {evidence.length ? (
          <ChoiceGroup
            id={`${p}evidenceIds`}
            label="Evidence (optional)"
            hint="Attach evidence already in your portfolio, so an audit finds it at once."
            value={values.evidenceIds ?? ''}
            error={errors.evidenceIds?.[0]}
            onChange={set('evidenceIds')}
            options={evidence.map((e) => ({ value: e.id, label: e.title }))}
            multiple
          />
        ) : (
          <p className="hint">Evidence you add to your portfolio can be attached here.</p>
        )}
        <div className="button-row">
          <Submit busy={busy} busyText="Saving…">
            {activity ? 'Save changes' : 'Log activity'}
          </Submit>
          <button type="button" className="button button-secondary" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
