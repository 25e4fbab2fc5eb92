import { type ReactNode, useEffect, useRef, useState } from 'react';
import type { Scheme } from '../../../../../contracts/scheme.js';
import type { SchemeVersionReview, SchemeVersionSummary } from '../../../../../contracts/schemes-api.js';
import { ApiError, schemes } from '../../../api.js';
import { Field } from '../../../components/forms.js';
import { problemsOf } from '../describe.js';
import { idOfPath, nextLabel, type Path, problemMap, setAt } from './edit.js';
import { CapsSection, LevelsSection, PointsSection } from './sections.js';

type Editing = { scheme: Scheme; versionId?: string; revision?: string };
type Problem = { path: string; message: string };

const CHECK_DELAY_MS = 400;

/**
 * A draft edited as a form, section by section. Each change is checked by the server's own validation
 * (checkSchemeDraft) a moment after typing stops, with the message under the field it is about. Saving
 * creates the draft or updates it at the revision loaded; a save by someone else meanwhile is refused, not lost.
 */
export function SchemeEditor({
  schemeId,
  current,
  drafts,
  onReview,
  children,
}: {
  schemeId: string;
  current: Scheme | null;
  drafts: SchemeVersionSummary[];
  onReview: (review: SchemeVersionReview | null) => Promise<void> | void;
  /** The review of the saved draft, with its publish button. */
  children?: ReactNode;
}) {
  const [editing, setEditing] = useState<Editing | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [checking, setChecking] = useState(false);
  const [failure, setFailure] = useState<{ message: string; conflict: boolean } | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const checks = useRef(0);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const failureRef = useRef<HTMLDivElement>(null);

  const content = editing?.scheme;
  useEffect(() => {
    if (!content) return;
    const n = ++checks.current;
    setChecking(true);
    const t = setTimeout(() => {
      schemes
        .checkDraft(schemeId, content)
        .then((r) => {
          if (n === checks.current) setProblems(r.problems);
        })
        .catch(() => {})
        .finally(() => {
          if (n === checks.current) setChecking(false);
        });
    }, CHECK_DELAY_MS);
    return () => clearTimeout(t);
  }, [schemeId, content]);

  useEffect(() => {
    if (failure) failureRef.current?.focus();
  }, [failure]);

  function begin(next: Editing) {
    setEditing(next);
    setFailure(null);
    setSaved(null);
    setProblems([]);
    void onReview(null);
    // Focus moves to the form's heading once it renders.
    setTimeout(() => headingRef.current?.focus(), 0);
  }

  async function openDraft(versionId: string) {
    try {
      const d = await schemes.get(schemeId, versionId);
      begin({ scheme: d.content as unknown as Scheme, versionId, revision: d.version.sha256 });
    } catch (err) {
      setFailure({ message: err instanceof ApiError ? err.message : 'The draft could not be loaded.', conflict: false });
    }
  }

  const change = (path: Path, value: unknown) => {
    setSaved(null);
    setEditing((e) => (e ? { ...e, scheme: setAt(e.scheme, path, value) } : e));
  };

  async function save() {
    if (!editing) return;
    setSaving(true);
    setFailure(null);
    try {
      const review = await schemes.saveDraft(schemeId, { versionId: editing.versionId, revision: editing.revision, content: editing.scheme as unknown as Record<string, unknown> });
      setEditing((e) => (e ? { ...e, versionId: review.version.id, revision: review.version.sha256 } : e));
      setSaved(`Draft ${review.version.label} is saved (number ${review.version.number}). Its changes and what they mean for members are below.`);
      await onReview(review);
    } catch (err) {
      const conflict = err instanceof ApiError && err.status === 409;
      if (err instanceof ApiError && err.status === 400) setProblems(problemsOf(err.details));
      setFailure({ message: err instanceof ApiError ? err.message : 'The draft could not be saved. Try again.', conflict });
    } finally {
      setSaving(false);
    }
  }

  const byPath = problemMap(problems);
  return (
    <section aria-labelledby="editor-title" className="card">
      <h2 id="editor-title">Edit a draft</h2>
      <p>Change the numbers of the scheme here; structural changes (new levels, rules or entries) go through a JSON file. Nothing changes for members until you publish.</p>
      <div className="button-row">
        {current ? (
          <button type="button" className="button button-secondary" onClick={() => begin({ scheme: { ...structuredClone(current), version: nextLabel(current.version) } })}>
            Start a new draft from version {current.version}
          </button>
        ) : null}
        {drafts.map((d) => (
          <button key={d.id} type="button" className="button button-secondary" onClick={() => openDraft(d.id)}>
            Edit draft {d.label}
            <span className="visually-hidden"> (number {d.number})</span>
          </button>
        ))}
      </div>
      {editing ? (
        <form
          className="form scheme-editor"
          noValidate
          aria-labelledby="editing-title"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <h3 id="editing-title" ref={headingRef} tabIndex={-1}>
            {editing.versionId ? `Editing draft ${editing.scheme.version}` : `New draft ${editing.scheme.version}`}
          </h3>
          {failure ? (
            <div className="error-summary" role="alert" tabIndex={-1} ref={failureRef}>
              <p>{failure.message}</p>
              {failure.conflict && editing.versionId ? (
                <button type="button" className="button button-secondary" onClick={() => openDraft(editing.versionId!)}>
                  Load the latest saved draft
                </button>
              ) : null}
            </div>
          ) : null}
          <Field
            id={idOfPath('version')}
            label="Version label"
            hint="Such as 2026.2; shown to members and on credentials."
            error={byPath.get('version')}
            className="input input-medium"
            value={editing.scheme.version}
            onChange={(e) => change(['version'], e.target.value)}
          />
          <LevelsSection scheme={editing.scheme} problems={byPath} onChange={change} />
          <PointsSection scheme={editing.scheme} problems={byPath} onChange={change} />
          <CapsSection scheme={editing.scheme} problems={byPath} onChange={change} />
          <div className="editor-footer">
            <p role="status" aria-live="polite">
              {checking ? 'Checking…' : problems.length ? `${problems.length} ${problems.length === 1 ? 'problem' : 'problems'} to fix before saving.` : 'Checked: no problems.'}
              {saved ? ` ${saved}` : ''}
            </p>
            {problems.length && !checking ? (
              <ul className="problem-list">
                {problems.map((p) => (
                  <li key={`${p.path}-${p.message}`}>
                    <a href={`#${idOfPath(p.path)}`}>{p.path}</a>: {p.message}
                  </li>
                ))}
              </ul>
            ) : null}
            <button type="submit" className="button" disabled={saving}>
              {saving ? 'Saving…' : 'Save draft and compare'}
            </button>
          </div>
        </form>
      ) : null}
      {children}
    </section>
  );
}
