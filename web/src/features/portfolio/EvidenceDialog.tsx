import { type FormEvent, useEffect, useRef, useState } from 'react';
import { EVIDENCE_MAX_BYTES } from '../../../../contracts/evidence-limits.js';
import { ApiError, type FieldErrors, portfolio } from '../../api.js';
import { formatSize } from '../../components/format.js';
import { Field, ProblemLinks, Submit } from '../../components/forms.js';
import { loaded, portfolioApiSchema } from '../../components/schemas.js';
import { ChoiceGroup, Dialog } from '../../components/controls.js';
import type { EvidenceSummary } from './types.js';

const EvidenceLinkBody = portfolioApiSchema('EvidenceLinkBody');

const labels: Record<string, string> = { how: 'Evidence', file: 'File to upload', url: 'Web address', title: 'Title' };
const accept = '.pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg';

/**
 * Attaches evidence to one item: a file (PDF, PNG or JPEG up to 10 MB; the server checks the content, not the
 * name, and its refusal is shown as it is) or a link.
 */
export function EvidenceDialog({
  itemId,
  itemTitle,
  others,
  onDone,
  onClose,
}: {
  itemId: string;
  itemTitle: string;
  /** The member's other items, which the same evidence may support too. */
  others: Array<{ id: string; title: string }>;
  onDone: (e: EvidenceSummary) => void;
  onClose: () => void;
}) {
  const [how, setHow] = useState('file');
  const [also, setAlso] = useState('');
  const [title, setTitle] = useState('');
  const [url, setUrl] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const summary = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (attempt > 0) summary.current?.focus();
  }, [attempt]);

  const fail = (found: FieldErrors, message: string | null) => {
    setErrors(found);
    setFailure(message);
    setAttempt((n) => n + 1);
  };

  // The contract's schema loads while the dialog is filled in, so submitting does not wait for it.
  useEffect(() => {
    EvidenceLinkBody().catch(() => {});
  }, []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const itemIds = [itemId, ...also.split(',').filter(Boolean)];
    const found: FieldErrors = {};
    if (!title.trim()) found.title = ['Give the evidence a title'];
    if (how === 'file') {
      if (!file) found.file = ['Choose a file to upload'];
      else if (file.size > EVIDENCE_MAX_BYTES) found.file = [`The file is ${formatSize(file.size)}; the most is 10 MB`];
    } else {
      const r = (await loaded(EvidenceLinkBody))?.safeParse({ title, url, itemIds });
      if (r && !r.success) for (const i of r.error.issues) found[String(i.path[0])] ??= [i.message];
    }
    if (Object.keys(found).length) return fail(found, null);
    setBusy(true);
    setErrors({});
    setFailure(null);
    try {
      const saved = how === 'file' && file ? await portfolio.uploadEvidence(file, title.trim(), itemIds) : await portfolio.addEvidenceLink({ title: title.trim(), url, itemIds });
      onDone(saved);
    } catch (err) {
      const apiErr = err instanceof ApiError ? err : new ApiError(0, 'UNEXPECTED', 'Something went wrong. Try again.', {}, {});
      const fields = { ...apiErr.fields };
      // A refused file (wrong type, too large) may come without a field name: it is about the file.
      if (how === 'file' && !Object.keys(fields).length && apiErr.status >= 400 && apiErr.status < 500) fields.file = [apiErr.message];
      fail(fields, apiErr.message);
    } finally {
      setBusy(false);
    }
  }

  const problems = Object.entries(errors);
  return (
    <Dialog title={`Add evidence for “${itemTitle}”`} onClose={onClose}>
      <form onSubmit={submit} noValidate className="form">
        {problems.length || failure ? (
          <div className="error-summary" ref={summary} tabIndex={-1} role="alert" aria-labelledby="evidence-summary">
            <h3 id="evidence-summary">There is a problem</h3>
            {failure && !problems.length ? <p>{failure}</p> : null}
            <ProblemLinks items={problems} prefix="evidence-" labels={labels} />
          </div>
        ) : null}
        <ChoiceGroup
          id="evidence-how"
          label="What kind of evidence?"
          value={how}
          onChange={setHow}
          className="choices choices-row"
          options={[
            { value: 'file', label: 'Upload a file' },
            { value: 'link', label: 'Add a link' },
          ]}
        />
        <Field id="evidence-title" name="title" label={labels.title ?? 'Title'} value={title} error={errors.title?.[0]} onChange={(e) => setTitle(e.target.value)} hint="For example: ITIL 4 Foundation certificate." />
        {how === 'file' ? (
          <div className={errors.file ? 'field field-error' : 'field'}>
            <label htmlFor="evidence-file">File to upload</label>
            <p className="hint" id="evidence-file-hint">
              A PDF, PNG or JPEG of at most 10 MB. We check what the file contains, not its name.
            </p>
            {errors.file ? (
              <p className="error-message" id="evidence-file-error">
                <span className="visually-hidden">Error: </span>
                {errors.file[0]}
              </p>
            ) : null}
            <input
              id="evidence-file"
              type="file"
              className="input"
              accept={accept}
              aria-describedby={errors.file ? 'evidence-file-hint evidence-file-error' : 'evidence-file-hint'}
              aria-invalid={errors.file ? true : undefined}
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          </div>
        ) : (
          <Field id="evidence-url" name="url" type="url" label={labels.url ?? 'Web address'} value={url} error={errors.url?.[0]} onChange={(e) => setUrl(e.target.value)} hint="A full address such as https://example.org/certificate." />
        )}
        {others.length ? (
          <ChoiceGroup
            id="evidence-also"
            label="Does it support other items too? (optional)"
            multiple
            value={also}
            onChange={setAlso}
            options={others.map((o) => ({ value: o.id, label: o.title }))}
          />
        ) : null}
        <div className="button-row">
          <Submit busy={busy} busyText={how === 'file' ? 'Uploading…' : 'Saving…'}>
            {how === 'file' ? 'Upload evidence' : 'Add link'}
          </Submit>
          <button type="button" className="button button-secondary" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
