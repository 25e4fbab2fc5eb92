import { type FormEvent, type InputHTMLAttributes, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import type { ZodType } from 'zod';
import { ApiError, type FieldErrors } from '../api.js';
import { type Schema, loaded } from './schemas.js';

/** Runs a contract schema in the browser so the form shows the same messages the API would. */
export function validate(schema: ZodType, values: unknown): FieldErrors {
  const r = schema.safeParse(values);
  if (r.success) return {};
  const out: FieldErrors = {};
  for (const issue of r.error.issues) {
    const key = String(issue.path[0] ?? '');
    if (!out[key]) out[key] = [issue.message];
  }
  return out;
}

/**
 * State of one form: values, field errors, the overall error, and whether it is being sent.
 * `initialErrors` are problems the server already found (a page it rendered, decision 0019).
 */
export function useForm<V extends Record<string, string>>(initial: V, prefix = '', initialErrors: FieldErrors = {}) {
  const [values, setValues] = useState<V>(initial);
  const [errors, setErrors] = useState<FieldErrors>(initialErrors);
  const [error, setError] = useState<ApiError | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [attempt, setAttempt] = useState(0);
  // Set at once (state waits for a render), so a second click while the schema loads sends nothing twice.
  const busy = useRef(false);
  // The form's schema, fetched at the first change so that it is usually here by the time of submitting.
  const schemaOf = useRef<Schema | undefined>(undefined);

  const warmed = useRef(false);

  const set = (name: keyof V, value: string) => {
    if (schemaOf.current && !warmed.current) {
      warmed.current = true;
      schemaOf.current().catch(() => {
        warmed.current = false;
      });
    }
    setValues((v) => ({ ...v, [name]: value }));
  };

  /** Props that tie an input to its value and error. */
  const field = (name: keyof V & string) => ({
    id: prefix + name,
    name,
    value: values[name],
    error: errors[name]?.[0],
    onChange: (e: { target: { value: string } }) => set(name, e.target.value),
  });

  /**
   * Validates (optionally, against the request body `toBody` makes of the values) and runs the action;
   * failures land in errors/error and focus the summary.
   */
  const submit = (action: (values: V) => Promise<void>, schema?: Schema, toBody: (v: V) => unknown = (v) => v) => {
    schemaOf.current = schema;
    return async (e: FormEvent) => {
      e.preventDefault();
      if (busy.current) return;
      busy.current = true;
      try {
        const checker = await loaded(schema);
        const found = checker ? validate(checker, toBody(values)) : {};
        setError(null);
        setErrors(found);
        if (Object.keys(found).length) {
          setAttempt((n) => n + 1);
          return;
        }
        setSubmitting(true);
        await action(values);
      } catch (err) {
        const apiErr = err instanceof ApiError ? err : new ApiError(0, 'UNEXPECTED', 'Something went wrong. Try again.', {}, {});
        setErrors(apiErr.fields);
        setError(apiErr);
        setAttempt((n) => n + 1);
      } finally {
        busy.current = false;
        setSubmitting(false);
      }
    };
  };

  const reset = (next: V = initial, nextErrors: FieldErrors = {}) => {
    setValues(next);
    setErrors(nextErrors);
    setError(null);
  };

  return { values, set, field, errors, error, setError, submitting, attempt, submit, reset, prefix };
}

export type Form = ReturnType<typeof useForm>;

type FieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value'> & {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: string;
  value: string;
  onChange: (e: { target: { value: string } }) => void;
};

/** The ids a control's aria-describedby names: its hint and its error, when present. */
export const describedBy = (id: string, hint?: ReactNode, error?: string) =>
  [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

/** A control's hint and error message, with the ids that describedBy names. */
export function HintError({ id, hint, error }: { id: string; hint?: ReactNode; error?: string | undefined }) {
  return (
    <>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="error-message" id={`${id}-error`}>
          <span className="visually-hidden">Error: </span>
          {error}
        </p>
      ) : null}
    </>
  );
}

/** A labelled input with its hint and error tied by aria-describedby. */
export function Field({ id, label, hint, error, className, ...input }: FieldProps) {
  return (
    <div className={error ? 'field field-error' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <HintError id={id} hint={hint} error={error} />
      <input {...input} id={id} className={className ?? 'input'} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} />
    </div>
  );
}

/**
 * "There is a problem": shown after a failed submit and focused so keyboard and screen-reader users
 * land on it; each field problem links to its input.
 */
export function ErrorSummary({ form, labels, children }: { form: Pick<Form, 'error' | 'errors' | 'attempt' | 'prefix'>; labels: Record<string, string>; children?: ReactNode }) {
  const { error, errors, attempt, prefix } = form;
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const items = Object.entries(errors).filter(([, m]) => m.length > 0);
  const show = items.length > 0 || error !== null;
  useEffect(() => {
    if (attempt > 0) ref.current?.focus();
  }, [attempt]);
  if (!show) return null;
  return (
    <div className="error-summary" ref={ref} tabIndex={-1} role="alert" aria-labelledby={titleId}>
      <h2 id={titleId}>There is a problem</h2>
      {error && !(items.length > 0 && (error.code === 'VALIDATION_FAILED' || items.some(([, m]) => m.includes(error.message)))) ? <p>{error.message}</p> : null}
      <ProblemLinks items={items} prefix={prefix} labels={labels} />
      {children}
    </div>
  );
}

/** The field problems of a form as links that move focus to each field (id = prefix + field name). */
export function ProblemLinks({ items, prefix, labels }: { items: Array<[string, string[]]>; prefix: string; labels: Record<string, string> }) {
  if (!items.length) return null;
  return (
    <ul>
      {items.map(([name, messages]) => (
        <li key={name}>
          <a
            href={`#${prefix}${name}`}
            onClick={(e) => {
              e.preventDefault();
              document.getElementById(prefix + name)?.focus();
            }}
          >
            {labels[name] ? `${labels[name]}: ` : ''}
            {messages[0]}
          </a>
        </li>
      ))}
    </ul>
  );
}

/** A polite live region; it stays in the page so screen readers announce new messages in it. */
export function Status({ message, className }: { message: ReactNode; className?: string }) {
  return (
    <div role="status" className={message ? `status ${className ?? ''}`.trim() : 'status-empty'}>
      {message}
    </div>
  );
}

/** A submit button that is disabled and says so while the form is being sent. */
export function Submit({ busy, children, busyText, className }: { busy: boolean; children: ReactNode; busyText?: string; className?: string }) {
  return (
    <button type="submit" className={className ?? 'button'} disabled={busy}>
      {busy ? (busyText ?? 'Sending…') : children}
    </button>
  );
}
