import { useCallback, useEffect, useRef, useState } from 'react';
import type { Scheme } from '../../../../contracts/scheme.js';
import type { SchemeDetail, SchemeSummary, SchemeVersionReview } from '../../../../contracts/schemes-api.js';
import { ApiError, schemes } from '../../api.js';
import { Status } from '../../components/forms.js';
import { formatDate } from '../../components/format.js';
import { Page } from '../../components/Page.js';
import { Dialog } from '../../components/controls.js';
import { CaseFramework } from './CaseFramework.js';
import { JsonUploadForm } from './JsonUploadForm.js';
import { SchemeContent } from './SchemeContent.js';
import { VersionReview } from './VersionReview.js';
import { SchemeEditor } from './editor/SchemeEditor.js';

const message = (err: unknown) => (err instanceof ApiError ? err.message : 'Something went wrong. Try again.');

/**
 * The scheme administrator's page: the version in force, readable; uploading a new version as a JSON file with
 * its problems listed by path; the diff and impact preview of a draft; publishing it after a confirmation.
 */
export function SchemePage() {
  // undefined while loading; null when the body has no scheme yet.
  const [summary, setSummary] = useState<SchemeSummary | null | undefined>(undefined);
  const [detail, setDetail] = useState<SchemeDetail | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const { schemes: list } = await schemes.list();
      const first = list[0] ?? null;
      setSummary(first);
      setDetail(first?.current ? await schemes.get(first.id) : null);
    } catch (err) {
      setLoadError(message(err));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const title = 'Recognition scheme';
  if (loadError)
    return (
      <Page title={title}>
        <p className="banner banner-error" role="alert">
          The scheme could not be loaded: {loadError}
        </p>
      </Page>
    );
  if (summary === undefined)
    return (
      <Page title={title}>
        <p className="loading">Loading the scheme…</p>
      </Page>
    );
  if (summary === null)
    return (
      <Page title={title}>
        <p>This body has no recognition scheme yet.</p>
      </Page>
    );

  return (
    <Page title={summary.name} lead={(detail?.content as { description?: string } | undefined)?.description}>
      <Status message={status} className="status-success" />
      <dl className="facts">
        <div>
          <dt>Version in force</dt>
          <dd>{detail ? `${detail.version.label} (number ${detail.version.number})` : 'none published yet'}</dd>
        </div>
        {detail?.version.publishedAt ? (
          <div>
            <dt>Published</dt>
            <dd>{formatDate(detail.version.publishedAt)}</dd>
          </div>
        ) : null}
        <div>
          <dt>Drafts</dt>
          <dd>{summary.drafts.length}</dd>
        </div>
      </dl>
      {detail ? (
        <p>
          <a href={schemes.versionFileUrl(summary.id, detail.version.id)} download>
            Download version {detail.version.label} as JSON
          </a>
        </p>
      ) : null}
      <NewVersion
        summary={summary}
        current={detail ? (detail.content as unknown as Scheme) : null}
        onUploaded={load}
        onPublished={async (label) => {
          await load();
          setStatus(`Version ${label} is published and now in force.`);
        }}
      />
      {detail ? <SchemeContent scheme={detail.content as unknown as Scheme} /> : null}
    </Page>
  );
}

function NewVersion({ summary, current, onUploaded, onPublished }: { summary: SchemeSummary; current: Scheme | null; onUploaded: () => Promise<void>; onPublished: (label: string) => Promise<void> }) {
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The review on show, and which section made it: it appears next to the form it came from.
  const [review, setReview] = useState<SchemeVersionReview | null>(null);
  const [from, setFrom] = useState<'scheme' | 'case' | 'editor'>('scheme');
  const [confirming, setConfirming] = useState(false);
  const [publishError, setPublishError] = useState<string | null>(null);
  const alertRef = useRef<HTMLParagraphElement>(null);
  const reviewRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (failure) alertRef.current?.focus();
  }, [failure]);
  useEffect(() => {
    if (review) reviewRef.current?.focus();
  }, [review]);

  const showFrom = (origin: 'scheme' | 'case' | 'editor') => async (next: SchemeVersionReview | null) => {
    setFailure(null);
    setFrom(origin);
    setReview(next);
    if (next) await onUploaded();
  };

  async function reviewDraft(versionId: string) {
    setFailure(null);
    try {
      setFrom('scheme');
      setReview(await schemes.impact(summary.id, versionId));
    } catch (err) {
      setFailure(message(err));
    }
  }

  async function publish() {
    if (!review) return;
    setBusy(true);
    setPublishError(null);
    try {
      await schemes.publish(summary.id, review.version.id);
      const label = review.version.label;
      setConfirming(false);
      setReview(null);
      await onPublished(label);
    } catch (err) {
      setPublishError(message(err));
    } finally {
      setBusy(false);
    }
  }

  const reviewBlock = review ? (
    <div className="review">
      <h3 ref={reviewRef} tabIndex={-1}>
        Review of version {review.version.label}
      </h3>
      <VersionReview review={review} />
      <div className="button-row">
        <button type="button" className="button" onClick={() => setConfirming(true)}>
          Publish version {review.version.label}
        </button>
      </div>
    </div>
  ) : null;

  return (
    <>
    <SchemeEditor key={summary.current?.id ?? 'none'} schemeId={summary.id} current={current} drafts={summary.drafts} onReview={showFrom('editor')}>
      {from === 'editor' ? reviewBlock : null}
    </SchemeEditor>
    <section aria-labelledby="upload-title" className="card">
      <h2 id="upload-title">New version</h2>
      <JsonUploadForm
        id="scheme"
        label="Scheme file"
        what="a scheme file"
        hint={
          <>
            A JSON file following the published scheme JSON Schema (<code>schemes/scheme.schema.json</code>). It is checked and compared with the version in force; nothing changes until you
            publish it.
          </>
        }
        send={(content) => schemes.upload(summary.id, content)}
        onReview={showFrom('scheme')}
      />
      {failure ? (
        <p className="banner banner-error" role="alert" tabIndex={-1} ref={alertRef}>
          {failure}
        </p>
      ) : null}
      {summary.drafts.length ? (
        <>
          <h3>Drafts not yet published</h3>
          <ul className="link-list">
            {summary.drafts.map((d) => (
              <li key={d.id}>
                Version {d.label} (number {d.number}, uploaded {formatDate(d.createdAt)}){' '}
                <button type="button" className="button button-secondary button-small" onClick={() => reviewDraft(d.id)}>
                  Review<span className="visually-hidden"> version {d.label} (number {d.number})</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {from === 'scheme' ? reviewBlock : null}
    </section>
    {summary.current ? (
      <CaseFramework schemeId={summary.id} onReview={showFrom('case')}>
        {from === 'case' ? reviewBlock : null}
      </CaseFramework>
    ) : null}
      {confirming && review ? (
        <Dialog title={`Publish version ${review.version.label}?`} onClose={() => setConfirming(false)}>
          <p>
            It comes into force at once: eligibility is worked out under it from now on ({review.impact.higher} members move up, {review.impact.lower} move down). Published versions
            cannot be changed; applications already made stay under their own version.
          </p>
          {publishError ? (
            <p className="banner banner-error" role="alert">
              {publishError}
            </p>
          ) : null}
          <div className="button-row">
            <button type="button" className="button" disabled={busy} onClick={publish}>
              {busy ? 'Publishing…' : 'Publish'}
            </button>
            <button type="button" className="button button-secondary" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </Dialog>
      ) : null}
    </>
  );
}
