import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ApiError, type VerifyAnswer, verification } from '../../api.js';
import { MAX_IMAGE_UPLOAD_BYTES, MAX_UPLOAD_BYTES } from '../../../../contracts/upload-limits.js';
import { Page } from '../../components/Page.js';
import { useServerValue } from '../../ssr/data.js';
import { ErrorSummary, Field, HintError, Status, Submit, describedBy, useForm } from '../../components/forms.js';
import { useSession } from '../../components/session.js';
import { PresentationVerdict, Verdict } from './Verdict.js';
import { type Sample, Samples } from './Samples.js';
import './verify.css';

type Method = 'paste' | 'upload' | 'link';
const labels = { text: 'Credential', file: 'File', url: 'Link' };
const methods: Array<[Method, string]> = [
  ['paste', 'Paste the credential or presentation (JSON or VC-JWT)'],
  ['upload', 'Upload a file (.json, .jwt, or a badge picture .png or .svg)'],
  ['link', 'Give a link to a credential of this body'],
];

/** Server problems named at body.credential, body.jwt or body.presentation belong to the text box. */
function remap(err: unknown): never {
  if (!(err instanceof ApiError)) throw err;
  const fields = { ...err.fields };
  for (const k of ['credential', 'jwt', 'presentation']) {
    if (fields[k]) fields.text = [...(fields.text ?? []), ...(fields[k] ?? [])];
    delete fields[k];
  }
  throw new ApiError(err.status, err.code, err.message, err.details, fields);
}

const isPresentation = (x: Record<string, unknown>) => {
  const type = x['type'];
  return type === 'VerifiablePresentation' || (Array.isArray(type) && type.includes('VerifiablePresentation'));
};

/** Reads pasted text as a JSON credential or presentation, a link or a VC-JWT. */
function bodyOf(text: string) {
  const t = text.trim();
  if (t.startsWith('{')) {
    try {
      const json = JSON.parse(t) as Record<string, unknown>;
      return isPresentation(json) ? { presentation: json } : { credential: json };
    } catch (err) {
      throw new ApiError(400, 'VALIDATION_FAILED', 'The pasted text is not valid JSON.', {}, { text: [`This is not valid JSON: ${(err as Error).message}`] });
    }
  }
  if (/^https?:\/\//i.test(t)) return { url: t };
  return { jwt: t };
}

/** /verify: anyone checks a credential; ?credential=<id> (the certificate's QR code) checks one of ours at once. */
export function VerifyPage() {
  const [params] = useSearchParams();
  const byId = params.get('credential');
  // The server checked ?credential= already when it rendered this page (decision 0019).
  const served = useServerValue<{ result: VerifyAnswer } | { error: string }>(`verify:${byId}`);
  const form = useForm({ method: 'paste', text: '', url: '' }, 'verify-');
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<VerifyAnswer | null>(served && 'result' in served ? served.result : null);
  const [loading, setLoading] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(served && 'error' in served ? served.error : null);
  const checked = useRef(served ? byId : null);
  const verdictRef = useRef<HTMLHeadingElement>(null);
  const [shown, setShown] = useState(0);
  // Demo mode: other issuers' credentials to paste, in the page the server rendered.
  const samples = useServerValue<Sample[]>('verify:samples');
  const { user, mailbox } = useSession();
  const demoSite = user ? user.demo : mailbox;
  const textRef = useRef<HTMLTextAreaElement>(null);
  const [pasted, setPasted] = useState(0);

  useEffect(() => {
    if (shown > 0) verdictRef.current?.focus();
  }, [shown]);

  // After "Paste this sample" the credential field takes focus, with the sample in it, ready to verify.
  useEffect(() => {
    if (pasted > 0) textRef.current?.focus();
  }, [pasted]);
  const paste = (text: string) => {
    form.set('method', 'paste');
    form.set('text', text);
    setPasted((n) => n + 1);
  };

  useEffect(() => {
    if (!byId || checked.current === byId) return;
    checked.current = null;
    setLoading('Checking the credential…');
    setLoadError(null);
    verification
      .byId(byId)
      .then((r) => {
        setResult(r);
        setShown((n) => n + 1);
      })
      .catch((err) => setLoadError(err instanceof ApiError && err.status === 404 ? 'No credential of this body has that id. Check the link, or paste the credential below.' : err instanceof Error ? err.message : 'The check failed; try again.'))
      .finally(() => setLoading(null));
  }, [byId]);

  const method = form.values.method as Method;
  const onSubmit = form.submit(async (v) => {
    setResult(null);
    let r: VerifyAnswer;
    if (v.method === 'upload') {
      if (!file) throw new ApiError(400, 'VALIDATION_FAILED', 'Choose a file.', {}, { file: ['Choose a .json or .jwt file, or a badge picture (.png or .svg)'] });
      r = await verification.upload(file).catch(remap);
    } else if (v.method === 'link') {
      if (!v.url.trim()) throw new ApiError(400, 'VALIDATION_FAILED', 'Give a link.', {}, { url: ['Give the link of a credential, as on its certificate'] });
      r = await verification.verify({ url: v.url.trim() }).catch(remap);
    } else {
      if (!v.text.trim()) throw new ApiError(400, 'VALIDATION_FAILED', 'Paste a credential.', {}, { text: ['Paste a credential as JSON or as a VC-JWT, or a presentation as JSON'] });
      r = await verification.verify(bodyOf(v.text)).catch(remap);
    }
    setResult(r);
    setShown((n) => n + 1);
  });

  const textError = form.errors.text?.[0];
  return (
    <Page title="Verify a credential" lead="Check that a credential is genuine, unchanged since it was signed, in date, and neither revoked nor suspended. Works for this body's credentials and for any Open Badges 3.0 or W3C Verifiable Credential, pasted, uploaded, or baked into its badge picture.">
      <Status message={loading} />
      {loadError ? (
        <p className="banner banner-error" role="alert">
          {loadError}
        </p>
      ) : null}
      {result ? result.format === 'presentation' ? <PresentationVerdict result={result} ref={verdictRef} /> : <Verdict result={result} ref={verdictRef} /> : null}

      <h2>{byId || result ? 'Verify another credential' : 'Give the credential'}</h2>
      <form onSubmit={onSubmit} noValidate className="form">
        <ErrorSummary form={form} labels={labels} />
        <fieldset className="field">
          <legend>How will you give it?</legend>
          <div className="radios">
            {methods.map(([value, label]) => (
              <div className="radio" key={value}>
                <input type="radio" id={`verify-method-${value}`} name="method" value={value} checked={method === value} onChange={() => form.set('method', value)} />
                <label htmlFor={`verify-method-${value}`}>{label}</label>
              </div>
            ))}
          </div>
        </fieldset>
        {method === 'paste' ? (
          <div className={textError ? 'field field-error' : 'field'}>
            <label htmlFor="verify-text">{labels.text}</label>
            <HintError id="verify-text" hint="The whole credential: JSON starting with {, or a VC-JWT starting with eyJ. A verifiable presentation (JSON) is checked with each credential inside it." error={textError} />
            <textarea
              ref={textRef}
              id="verify-text"
              name="text"
              className="input verify-text"
              rows={10}
              spellCheck={false}
              value={form.values.text}
              onChange={(e) => form.set('text', e.target.value)}
              aria-invalid={textError ? true : undefined}
              aria-describedby={describedBy('verify-text', 'hint', textError)}
            />
          </div>
        ) : null}
        {method === 'upload' ? (
          <div className={form.errors.file?.[0] ? 'field field-error' : 'field'}>
            <label htmlFor="verify-file">{labels.file}</label>
            <HintError id="verify-file" hint={`A .json credential or presentation or a .jwt file (at most ${MAX_UPLOAD_BYTES / 1024} KB), or a badge picture with the credential baked in (.png or .svg, at most ${MAX_IMAGE_UPLOAD_BYTES / 1024 / 1024} MB).`} error={form.errors.file?.[0]} />
            <input
              type="file"
              id="verify-file"
              name="file"
              className="input"
              accept=".json,.jwt,.jsonld,.png,.svg,application/json,application/ld+json,text/plain,image/png,image/svg+xml"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
              aria-invalid={form.errors.file?.[0] ? true : undefined}
              aria-describedby={describedBy('verify-file', 'hint', form.errors.file?.[0])}
            />
          </div>
        ) : null}
        {method === 'link' ? (
          <Field {...form.field('url')} label={labels.url} type="url" inputMode="url" spellCheck={false} hint={`The address of the credential's page, as printed on its certificate (it starts with ${window.location.origin}).`} />
        ) : null}
        <Submit busy={form.submitting} busyText="Checking…">
          Verify
        </Submit>
      </form>
      {samples || demoSite ? <Samples samples={samples ?? null} onPaste={paste} /> : null}
    </Page>
  );
}
