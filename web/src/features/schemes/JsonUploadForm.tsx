import { type FormEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import type { SchemeVersionReview } from '../../../../contracts/schemes-api.js';
import { ApiError } from '../../api.js';
import { problemsOf } from './describe.js';

const message = (err: unknown) => (err instanceof ApiError ? err.message : 'Something went wrong. Try again.');

/**
 * A form that reads one JSON file and sends it to make a draft version: unreadable JSON and every problem the
 * server names (by path) are listed in a focused error summary; the review it answers goes to `onReview`.
 */
export function JsonUploadForm({
  id,
  label,
  hint,
  what,
  submitLabel = 'Upload and compare',
  send,
  onReview,
}: {
  /** Prefix of the element ids; unique on the page. */
  id: string;
  label: string;
  hint: ReactNode;
  /** What the file is, in "Choose a … (.json) to upload". */
  what: string;
  submitLabel?: string;
  send: (content: unknown) => Promise<SchemeVersionReview>;
  onReview: (review: SchemeVersionReview | null) => Promise<void> | void;
}) {
  const [problems, setProblems] = useState<Array<{ path: string; message: string }>>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (failure || problems.length) alertRef.current?.focus();
  }, [failure, problems]);

  async function upload(e: FormEvent) {
    e.preventDefault();
    const file = fileRef.current?.files?.[0];
    setProblems([]);
    setFailure(null);
    await onReview(null);
    if (!file) return setFailure(`Choose ${what} (.json) to upload.`);
    let content: unknown;
    try {
      content = JSON.parse(await file.text());
    } catch (err) {
      return setFailure(`The file is not valid JSON: ${err instanceof Error ? err.message : 'it could not be read'}.`);
    }
    setBusy(true);
    try {
      const review = await send(content);
      setBusy(false);
      await onReview(review);
    } catch (err) {
      setProblems(err instanceof ApiError ? problemsOf(err.details) : []);
      setFailure(message(err));
      setBusy(false);
    }
  }

  return (
    <form onSubmit={upload} noValidate className="form">
      {failure || problems.length ? (
        <div className="error-summary" ref={alertRef} tabIndex={-1} role="alert" aria-labelledby={`${id}-problem`}>
          <h3 id={`${id}-problem`}>There is a problem</h3>
          <p>{problems.length ? `The file has ${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}; fix ${problems.length === 1 ? 'it' : 'them'} and upload it again:` : failure}</p>
          {problems.length ? (
            <ul className="problem-list">
              {problems.map((p) => (
                <li key={`${p.path}-${p.message}`}>
                  <code>{p.path}</code>: {p.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <div className="field">
        <label htmlFor={`${id}-file`}>{label}</label>
        <p className="hint" id={`${id}-file-hint`}>
          {hint}
        </p>
        <input id={`${id}-file`} ref={fileRef} type="file" accept=".json,application/json" className="input" aria-describedby={`${id}-file-hint`} />
      </div>
      <button type="submit" className="button" disabled={busy}>
        {busy ? 'Checking…' : submitLabel}
      </button>
    </form>
  );
}
