import { type ReactNode, useEffect, useRef } from 'react';
import { HintError, describedBy } from './forms.js';

/*
 * Form controls the shared Field does not cover (select, textarea, checkbox, a group of choices) with the same
 * markup: label, hint and error tied to the control by aria-describedby, the error before the control.
 */

type Common = { id: string; label: string; hint?: ReactNode; error?: string | undefined };

/** A labelled select. */
export function SelectField({ id, label, hint, error, value, onChange, children }: Common & { value: string; onChange: (v: string) => void; children: ReactNode }) {
  return (
    <div className={error ? 'field field-error' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <HintError id={id} hint={hint} error={error} />
      <select id={id} className="input" value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)}>
        {children}
      </select>
    </div>
  );
}

/** A labelled multi-line text box. */
export function TextareaField({ id, label, hint, error, value, onChange, maxLength }: Common & { value: string; onChange: (v: string) => void; maxLength?: number }) {
  return (
    <div className={error ? 'field field-error' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <HintError id={id} hint={hint} error={error} />
      <textarea id={id} className="input" rows={4} value={value} maxLength={maxLength} onChange={(e) => onChange(e.target.value)} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} />
    </div>
  );
}

/** One checkbox with its label beside it. */
export function CheckboxField({ id, label, hint, checked, onChange }: Omit<Common, 'error'> & { checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <div className="field">
      <div className="checkbox">
        <input type="checkbox" id={id} checked={checked} onChange={(e) => onChange(e.target.checked)} aria-describedby={hint ? `${id}-hint` : undefined} />
        <label htmlFor={id}>{label}</label>
      </div>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/**
 * A fieldset of radio buttons or checkboxes; `id` is given to the first input so an error summary link can focus it.
 * Multiple choice values are kept comma-separated.
 */
export function ChoiceGroup({
  id,
  label,
  hint,
  error,
  value,
  onChange,
  options,
  multiple,
  className,
}: Common & { value: string; onChange: (v: string) => void; options: Array<{ value: string; label: ReactNode }>; multiple?: boolean; className?: string }) {
  const chosen = new Set(value.split(',').filter(Boolean));
  const toggle = (v: string, on: boolean) => {
    if (!multiple) return onChange(v);
    const next = new Set(chosen);
    if (on) next.add(v);
    else next.delete(v);
    onChange(options.map((o) => o.value).filter((x) => next.has(x)).join(','));
  };
  return (
    <fieldset className={error ? 'field field-error' : 'field'} aria-describedby={describedBy(id, hint, error)}>
      <legend>{label}</legend>
      <HintError id={id} hint={hint} error={error} />
      <div className={className ?? 'choices'}>
        {options.map((o, i) => (
          <div className="checkbox" key={o.value}>
            <input
              type={multiple ? 'checkbox' : 'radio'}
              id={i === 0 ? id : `${id}-${o.value}`}
              name={id}
              value={o.value}
              checked={chosen.has(o.value)}
              onChange={(e) => toggle(o.value, e.target.checked)}
            />
            <label htmlFor={i === 0 ? id : `${id}-${o.value}`}>{o.label}</label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

/**
 * A modal dialog on the native <dialog> element: focus moves into it and stays there, Escape closes it, and
 * focus returns to whatever opened it.
 */
export function Dialog({ title, onClose, children, wide }: { title: string; onClose: () => void; children: ReactNode; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => {
      opener?.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className={wide ? 'dialog dialog-wide' : 'dialog'}
      aria-labelledby="dialog-title"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <div className="dialog-head">
        <h2 id="dialog-title">{title}</h2>
        <button type="button" className="button button-secondary button-small" onClick={onClose}>
          Close<span className="visually-hidden"> the dialog</span>
        </button>
      </div>
      {children}
    </dialog>
  );
}
