import { type FormEvent, type ReactNode, useRef, useState } from 'react';
import type { ZodType } from 'zod';
import { ApiError, type FieldErrors } from '../api.js';
import { ErrorSummary, HintError, describedBy } from './forms.js';
import { type Schema, loaded } from './schemas.js';

/*
 * Pieces the application, assessment, reference and nomination forms share: a small form runner whose field names are the
 * API's issue paths ("scores.1.score"), so an error from the server lands beside the control it is about.
 */

/** "scores[1].score" and "scores.1.score" name the same field; the pages use the dotted form. */
export const fieldKey = (path: string) => path.replace(/\[(\d+)\]/g, '.$1');

/** Issues of a contract schema for a body, keyed by their full dotted path. */
export function issuesOf(schema: ZodType, body: unknown): FieldErrors {
  const r = schema.safeParse(body);
  const out: FieldErrors = {};
  if (r.success) return out;
  for (const i of r.error.issues) {
    const key = i.path.map(String).join('.');
    out[key] ??= [i.message];
  }
  return out;
}

/** What went wrong, in words, for banners outside forms. */
export const messageOf = (err: unknown) => (err instanceof ApiError ? err.message : 'Something went wrong. Try again.');

/**
 * One form's state: errors by field, the overall error and whether it is being sent. `run` checks the body
 * against the contract first, then calls the API; failures focus the error summary. `mapKey` turns an issue
 * path of the body into the name of the control it is about, when the two differ.
 */
export function useAction(prefix: string, mapKey: (key: string) => string = (k) => k) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  // Set at once, so a second click while the contract schema loads does not send twice.
  const running = useRef(false);

  const remap = (found: FieldErrors) => {
    const out: FieldErrors = {};
    for (const [k, v] of Object.entries(found)) out[mapKey(fieldKey(k))] = [...(out[mapKey(fieldKey(k))] ?? []), ...v];
    return out;
  };

  const fail = (found: FieldErrors, err: ApiError | null) => {
    setErrors(found);
    setError(err);
    setAttempt((n) => n + 1);
  };

  const run = (action: () => Promise<void>, check?: { schema: Schema; body: unknown }) => async (e?: FormEvent) => {
    e?.preventDefault();
    if (running.current) return;
    running.current = true;
    try {
      const checker = await loaded(check?.schema);
      const found = remap(check && checker ? issuesOf(checker, check.body) : {});
      if (Object.keys(found).length) return fail(found, null);
      setErrors({});
      setError(null);
      setBusy(true);
      await action();
    } catch (err) {
      const apiErr = err instanceof ApiError ? err : new ApiError(0, 'UNEXPECTED', 'Something went wrong. Try again.', {}, {});
      fail(remap(apiErr.fields), apiErr);
    } finally {
      running.current = false;
      setBusy(false);
    }
  };

  /** The id of a field's control and its first error. */
  const at = (name: string) => ({ id: prefix + name, error: errors[name]?.[0] });

  return { errors, error, busy, attempt, prefix, run, at };
}
export type Action = ReturnType<typeof useAction>;

/** The error summary of a useAction form. */
export function Problems({ action, labels }: { action: Action; labels: Record<string, string> }) {
  return <ErrorSummary form={action} labels={labels} />;
}

/** A titled card section with an id for in-page links. */
export function Section({ id, title, children, className }: { id: string; title: string; children: ReactNode; className?: string }) {
  return (
    <section aria-labelledby={`${id}-title`} className={className ?? 'card'}>
      <h2 id={`${id}-title`} tabIndex={-1}>
        {title}
      </h2>
      {children}
    </section>
  );
}

/** A checkbox with its error, for statements that must be confirmed. */
export function Check({ action, name, checked, onChange, label }: { action: Action; name: string; checked: boolean; onChange: (v: boolean) => void; label: string }) {
  const { id, error } = action.at(name);
  return (
    <div className={error ? 'field field-error' : 'field'}>
      <HintError id={id} error={error} />
      <div className="checkbox">
        <input type="checkbox" id={id} checked={checked} onChange={(e) => onChange(e.target.checked)} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, undefined, error)} />
        <label htmlFor={id}>{label}</label>
      </div>
    </div>
  );
}
