import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError, type FieldErrors, type RegisterPage as ResultPage, register } from '../../api.js';
import { ErrorSummary, Field, HintError, Status, Submit, describedBy, useForm } from '../../components/forms.js';
import { Page } from '../../components/Page.js';
import { useSession } from '../../components/session.js';
import { useServerValue } from '../../ssr/data.js';
import { RegisterResult } from './RegisterResult.js';

const labels = { q: 'Name', level: 'Level', country: 'Country', credentialId: 'Credential id' };
type Criteria = Record<keyof typeof labels, string>;
const keys = Object.keys(labels) as Array<keyof Criteria>;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The API's query for the search in an address: the criteria and the cursor. The page number (and
 * anything else in the address) is the page's own; the API refuses keys it does not know.
 */
const queryOf = (params: URLSearchParams) => Object.fromEntries([...params].filter(([k]) => k === 'cursor' || k in labels));

/** What the server rendered the page with (server/modules/register/register.pages.ts). */
type Served = { page: ResultPage } | { errors: FieldErrors } | { error: string };
type Levels = { levels: Array<{ id: string; name: string }> };

const criteriaOf = (params: URLSearchParams): Criteria => ({ q: params.get('q') ?? '', level: params.get('level') ?? '', country: params.get('country') ?? '', credentialId: params.get('credentialId') ?? '' });

/** The same checks the API makes, so most mistakes are explained before a request is sent. */
function problems(c: Criteria): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (keys.every((k) => !c[k].trim())) out.q = ['Enter a name, choose a level or a country, or give a credential id'];
  if (c.country.trim() && !/^[A-Za-z]{2}$/.test(c.country.trim())) out.country = ['Use a two-letter country code such as GB'];
  if (c.credentialId.trim() && !UUID.test(c.credentialId.trim())) out.credentialId = ['A credential id looks like 0190a5b2-7c1e-7abc-8def-0123456789ab'];
  return out;
}

/** The URL of a search: the criteria given, the page's cursor and its number. */
function paramsOf(c: Criteria, cursor?: string, page?: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keys) if (c[k].trim()) out[k] = k === 'country' ? c[k].trim().toUpperCase() : c[k].trim();
  if (cursor) Object.assign(out, { cursor, page: String(page ?? 2) });
  return out;
}

/** The API's problems with the form's fields; null when a problem lies elsewhere (a damaged cursor). */
function fieldProblems(err: unknown): FieldErrors | null {
  if (!(err instanceof ApiError)) return null;
  const mine = Object.entries(err.fields).filter(([k]) => k in labels);
  return mine.length ? Object.fromEntries(mine) : null;
}

/** The words for a failed search: the API's own about the address (a damaged cursor), else a general one. */
const failure = (err: unknown) => (err instanceof ApiError ? (Object.values(err.fields)[0]?.[0] ?? err.message) : 'The register could not be searched; try again.');

/**
 * An empty answer. A credential id searched for may belong to a holder who is not listed: the
 * verification of that id answers for the credential without naming anyone, so it is offered instead.
 */
function NoMatch({ credentialId }: { credentialId: string }) {
  if (credentialId && UUID.test(credentialId)) {
    return (
      <div className="empty">
        <p>No listed holder has this credential id. Its holder may have chosen not to be listed in the register.</p>
        <p>
          <Link to={`/verify?credential=${encodeURIComponent(credentialId)}`}>Verify credential {credentialId}</Link>: the verification says whether it is genuine and
          current, without naming the holder.
        </p>
      </div>
    );
  }
  return <p className="empty">No listed holder matches this search. Only members who chose to be listed appear here; an employer can still check a credential id they were given.</p>;
}

/**
 * The public register: anyone may search it without signing in. The URL holds the search, so a result
 * can be shared and the browser's back button returns to the previous page of results. The server
 * renders the first page (decision 0019): the form is a plain GET form and the pages are links, so
 * the register works before, and without, the app's script.
 */
export function RegisterPage() {
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const pageNo = Number(params.get('page') ?? '1') || 1;
  const key = params.toString();
  const served = useServerValue<Served>(`register:${key}`);
  const servedLevels = useServerValue<Levels>('register:levels');
  const form = useForm(criteriaOf(params), 'register-', served && 'errors' in served ? served.errors : undefined);
  const [levels, setLevels] = useState(servedLevels?.levels ?? []);
  const [result, setResult] = useState<{ key: string; page: ResultPage } | null>(served && 'page' in served ? { key, page: served.page } : null);
  const [loadError, setLoadError] = useState<string | null>(served && 'error' in served ? served.error : null);
  const [busy, setBusy] = useState(false);
  // The search the server ran is not run again.
  const loaded = useRef<string | null>(served ? key : null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: once, unless the server gave the levels
  useEffect(() => {
    if (servedLevels) return;
    register
      .levels()
      .then((r) => setLevels(r.levels))
      .catch(() => setLevels([]));
  }, []);

  // Runs the search in the URL when it changes (a shared link, a next page, back and forward).
  // biome-ignore lint/correctness/useExhaustiveDependencies: the URL (key) is the only input
  useEffect(() => {
    if (loaded.current === key) return;
    const c = criteriaOf(params);
    if (keys.every((k) => !c[k])) {
      setResult(null);
      return;
    }
    // An address with mistakes in it (typed, or sent by the form without the app) shows them, as the server does.
    const found = problems(c);
    if (Object.keys(found).length) {
      form.reset(c, found);
      setResult(null);
      return;
    }
    loaded.current = key;
    form.reset(c);
    setBusy(true);
    register
      .search(queryOf(params))
      .then((page) => {
        setResult({ key, page });
        setLoadError(null);
      })
      .catch((err) => {
        const fields = fieldProblems(err);
        if (fields) form.reset(c, fields);
        else setLoadError(failure(err));
      })
      .finally(() => setBusy(false));
  }, [key]);

  const onSubmit = form.submit(async (v) => {
    const found = problems(v);
    if (Object.keys(found).length) throw new ApiError(400, 'VALIDATION_FAILED', 'Check the search', {}, found);
    const next = new URLSearchParams(paramsOf(v));
    const page = await register.search(Object.fromEntries(next));
    loaded.current = next.toString();
    setResult({ key: next.toString(), page });
    setLoadError(null);
    setParams(next);
  });

  const count = result ? result.page.results.length : 0;
  const summary = !result || (count === 0 && !result.page.nextCursor) ? null : `${pageNo > 1 ? `Page ${pageNo}: ` : ''}${count} ${count === 1 ? 'holder' : 'holders'}${result.page.nextCursor ? ', more on the next page' : ''}.`;
  return (
    <Page
      title="Public register"
      lead="Check who holds a credential. The register lists members who chose to appear in it, with every credential they hold and its status today."
    >
      <search aria-label="Search the register">
        {/* Without the app, the browser sends the form as the address the app would make (empty fields are ignored). */}
        <form method="get" action="/register" onSubmit={onSubmit} noValidate className="form">
          <ErrorSummary form={form} labels={labels} />
          <Field {...form.field('q')} type="search" label={labels.q} hint="The start of a given or family name, such as “mull” for Müller." autoComplete="off" />
          <div className={form.errors.level ? 'field field-error' : 'field'}>
            <label htmlFor="register-level">{labels.level}</label>
            <HintError id="register-level" error={form.errors.level?.[0]} />
            <select id="register-level" name="level" className="input input-medium" value={form.values.level} onChange={(e) => form.set('level', e.target.value)} aria-describedby={describedBy('register-level', undefined, form.errors.level?.[0])}>
              <option value="">Any level</option>
              {levels.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
            </select>
          </div>
          <Field {...form.field('country')} label={labels.country} hint="Two-letter code, such as GB or IE." maxLength={2} className="input input-short" autoComplete="off" />
          <Field {...form.field('credentialId')} label={labels.credentialId} hint="Exact, as shown on a certificate or a verification link." className="input input-medium" autoComplete="off" spellCheck={false} />
          <Submit busy={form.submitting} busyText="Searching…">
            Search the register
          </Submit>
        </form>
      </search>
      {loadError ? (
        <p className="banner banner-error" role="alert">
          {loadError}
        </p>
      ) : null}
      <Status message={busy ? 'Searching…' : summary} />
      {result && count === 0 && !result.page.nextCursor ? (
        <NoMatch credentialId={criteriaOf(new URLSearchParams(result.key)).credentialId.trim()} />
      ) : null}
      {result && (count > 0 || result.page.nextCursor) ? (
        <section aria-labelledby="register-results">
          <h2 id="register-results">Results{pageNo > 1 ? `, page ${pageNo}` : ''}</h2>
          {count === 0 ? <p className="empty">No match in this part of the register yet; the next page searches on.</p> : null}
          {count > 0 ? (
            <ul className="mail-list">
              {result.page.results.map((r) => (
                <RegisterResult key={r.credentials[0]?.id ?? r.name} entry={r} />
              ))}
            </ul>
          ) : null}
          <nav aria-label="Pages of results" className="pager">
            {pageNo > 1 ? (
              <Link className="button button-secondary" to={`/register?${new URLSearchParams(paramsOf(criteriaOf(params))).toString()}`}>
                First page
              </Link>
            ) : null}
            {result.page.nextCursor ? (
              <Link className="button button-secondary" rel="next" to={`/register?${new URLSearchParams(paramsOf(criteriaOf(params), result.page.nextCursor, pageNo + 1)).toString()}`}>
                Next page
              </Link>
            ) : null}
          </nav>
        </section>
      ) : null}
      <p className="form-after">
        {user ? <Link to="/account/register">Choose whether you are listed</Link> : <>Members choose whether they are listed, from their account.</>}
      </p>
    </Page>
  );
}
