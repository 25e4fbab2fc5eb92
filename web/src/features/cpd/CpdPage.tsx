import { Suspense, lazy, useCallback, useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { CPD_LOG_PAGE_SIZE as PAGE_SIZE } from '../../../../contracts/cpd-types.js';
import { ApiError, type CpdActivity, type CpdActivityPage, type CpdPlan, type CpdRuleSetInfo, type CpdSummary, type TrackedCredential, cpd, portfolio } from '../../api.js';
import { Status } from '../../components/forms.js';
import { Page } from '../../components/Page.js';
import { SelectField } from '../../components/controls.js';
import { useServerValue } from '../../ssr/data.js';
import type { EvidenceOption } from './ActivityDialog.js';
import { typeLabel, typeOptions } from './activityValues.js';
import { PlanSection } from './PlanSection.js';
import { SummaryPanel } from './SummaryPanel.js';
import { TrackedSection } from './TrackedSection.js';
import { useHydrated } from './useHydrated.js';

// The dialog loads when first opened: most visits read the log and the totals without logging.
const ActivityDialog = lazy(() => import('./ActivityDialog.js').then((m) => ({ default: m.ActivityDialog })));

const message = (err: unknown) => (err instanceof ApiError ? err.message : 'Something went wrong. Try again.');
type Open = { activity: CpdActivity | null; initial?: Record<string, string> } | null;

/** A plan reminder's link (/cpd?log=planned&title=…&type=…&hours=…, or ?log=new) opens the log form, filled in from the plan. */
function linkedLog(params: URLSearchParams): Open {
  const log = params.get('log');
  if (log === 'new') return { activity: null };
  if (log !== 'planned') return null;
  const type = params.get('type') ?? '';
  return { activity: null, initial: { ...(typeOptions.some((o) => o.value === type) ? { type } : {}), title: params.get('title') ?? '', hours: params.get('hours') ?? '' } };
}

/** The member's CPD: one log, totals per credential and rule set with their reasons, tracked credentials and the plan. */
export function CpdPage() {
  // What the server rendered the page with (server/modules/cpd/cpd.pages.ts), on the first page only; the
  // first page of the log, unfiltered. Whatever it did not send is fetched below, as after a navigation.
  const served = useRef({
    summary: useServerValue<CpdSummary>('cpd:summary'),
    ruleSets: useServerValue<{ items: CpdRuleSetInfo[] }>('cpd:ruleSets')?.items,
    tracked: useServerValue<{ items: TrackedCredential[] }>('cpd:tracked')?.items,
    plan: useServerValue<CpdPlan>('cpd:plan'),
    evidence: useServerValue<EvidenceOption[]>('cpd:evidence'),
    log: useServerValue<CpdActivityPage>('cpd:log'),
  }).current;
  const hydrated = useHydrated();
  const [summary, setSummary] = useState<CpdSummary | null>(served.summary ?? null);
  const [page, setPage] = useState<CpdActivityPage | null>(served.log ?? null);
  const [ruleSets, setRuleSets] = useState<CpdRuleSetInfo[]>(served.ruleSets ?? []);
  const [tracked, setTracked] = useState<TrackedCredential[]>(served.tracked ?? []);
  const [plan, setPlan] = useState<CpdPlan | null>(served.plan ?? null);
  const [evidence, setEvidence] = useState<EvidenceOption[]>(served.evidence ?? []);
  const [filter, setFilter] = useState<{ year: string; type: string; page: number }>({ year: '', type: '', page: 1 });
  const [params, setParams] = useSearchParams();
  // The server renders no dialog: a link's dialog opens once the page is hydrated.
  const [open, setOpen] = useState<Open>(() => (hydrated ? linkedLog(params) : null));
  const linkWaits = useRef(!hydrated);
  const logServed = useRef(served.log !== undefined);
  const [status, setStatus] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  const loadLog = useCallback(
    async (f = filter) => setPage(await cpd.list({ year: f.year ? Number(f.year) : undefined, type: f.type || undefined, page: f.page, pageSize: PAGE_SIZE })),
    [filter],
  );
  const refresh = useCallback(async () => {
    const [s, t] = await Promise.all([cpd.summary(), cpd.tracked()]);
    setSummary(s);
    setTracked(t.items);
  }, []);

  useEffect(() => {
    if (!hydrated || !linkWaits.current) return;
    linkWaits.current = false;
    setOpen(linkedLog(params));
  }, [hydrated, params]);

  useEffect(() => {
    let live = true;
    (async () => {
      try {
        // Only what the server did not send: each value is set only when fetched here.
        const [s, r, t, pl, ev] = await Promise.all([
          served.summary ? undefined : cpd.summary(),
          served.ruleSets ? undefined : cpd.ruleSets().then((x) => x.items),
          served.tracked ? undefined : cpd.tracked().then((x) => x.items),
          served.plan ? undefined : cpd.plan(),
          served.evidence ? undefined : portfolio.get().then((pf) => pf.evidence.map((e) => ({ id: e.id, title: e.title }))),
        ]);
        if (!live) return;
        if (s) setSummary(s);
        if (r) setRuleSets(r);
        if (t) setTracked(t);
        if (pl) setPlan(pl);
        if (ev) setEvidence(ev);
      } catch (err) {
        if (live) setLoadError(message(err));
      }
    })();
    return () => {
      live = false;
    };
  }, [served]);

  useEffect(() => {
    // The server sent the unfiltered first page, which is what the filters start at.
    if (logServed.current) {
      logServed.current = false;
      return;
    }
    loadLog(filter).catch((err) => setLoadError(message(err)));
  }, [filter, loadLog]);

  async function changed(text: string) {
    await Promise.all([refresh(), loadLog()]);
    setStatus(text);
  }

  const titles = new Map((page?.items ?? []).map((a) => [a.id, `“${a.title}” (${a.occurredOn})`]));
  // The browser's year, not the server's: the choice appears once the page is hydrated.
  const thisYear = hydrated ? new Date().getFullYear() : null;
  const years = thisYear === null ? [] : Array.from({ length: 6 }, (_, i) => String(thisYear - i));
  const pages = page ? Math.max(1, Math.ceil(page.total / PAGE_SIZE)) : 1;

  return (
    <Page title="CPD" heading="Continual professional development" lead="Log each activity once. Every credential you hold or track counts it by its own rules, and every total says why.">
      <Status message={status} />
      {loadError ? (
        <p className="banner banner-error" role="alert">
          {loadError}
        </p>
      ) : null}
      <div className="button-row">
        <button type="button" className="button" onClick={() => setOpen({ activity: null })}>
          Log an activity
        </button>
        <a className="button button-secondary" href="/api/v1/me/cpd/export?format=pdf" download>
          Export as PDF
        </a>
        <a className="button button-secondary" href="/api/v1/me/cpd/export?format=csv" download>
          Export as CSV
        </a>
        <Link className="button button-secondary" to="/cpd/audits">
          Audits and all exports
        </Link>
      </div>
      {summary ? <SummaryPanel summary={summary} titles={titles} /> : <p className="loading">Loading your totals…</p>}

      <section aria-labelledby="cpd-log-title" className="section">
        <h2 id="cpd-log-title">Your log</h2>
        <div className="queue-filters">
          <SelectField id="cpd-filter-year" label="Year" value={filter.year} onChange={(v) => setFilter({ ...filter, year: v, page: 1 })}>
            <option value="">All years</option>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </SelectField>
          <SelectField id="cpd-filter-type" label="Type" value={filter.type} onChange={(v) => setFilter({ ...filter, type: v, page: 1 })}>
            <option value="">All types</option>
            {typeOptions.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </SelectField>
        </div>
        {!page ? (
          <p className="loading">Loading your log…</p>
        ) : page.items.length === 0 ? (
          <p className="empty">No activities {filter.year || filter.type ? 'match these filters' : 'logged yet'}.</p>
        ) : (
          <ul className="item-list">
            {page.items.map((a) => (
              <li key={a.id} className="item">
                <p className="item-title">
                  {a.title} {a.verified ? <span className="tag tag-ok">Verified</span> : null} {a.auditStatus ? <span className="tag tag-warn">Audit: {a.auditStatus}</span> : null}
                </p>
                <p className="item-detail">
                  {typeLabel(a.type)} · {a.occurredOn} · {a.hours} {a.hours === 1 ? 'hour' : 'hours'}
                  {a.provider ? ` · ${a.provider}` : ''}
                  {a.evidenceIds.length ? ` · ${a.evidenceIds.length} evidence` : ''}
                </p>
                {!a.learned ? <p className="item-notice">Add your reflection: what you learned and how you will use it.</p> : null}
                <div className="item-actions">
                  <button type="button" className="button button-secondary button-small" onClick={() => setOpen({ activity: a })}>
                    Edit<span className="visually-hidden"> {a.title}</span>
                  </button>
                  {a.auditStatus === null ? (
                    <button
                      type="button"
                      className="button button-danger button-small"
                      onClick={async () => {
                        if (!window.confirm(`Delete “${a.title}”?`)) return;
                        try {
                          await cpd.remove(a.id);
                          await changed(`Deleted “${a.title}”.`);
                        } catch (err) {
                          setStatus(message(err));
                        }
                      }}
                    >
                      Delete<span className="visually-hidden"> {a.title}</span>
                    </button>
                  ) : null}
                </div>
              </li>
            ))}
          </ul>
        )}
        {page && pages > 1 ? (
          <nav className="pager" aria-label="Pages of your log">
            <button type="button" className="button button-secondary button-small" disabled={filter.page <= 1} onClick={() => setFilter({ ...filter, page: filter.page - 1 })}>
              Newer
            </button>
            <span>
              Page {filter.page} of {pages}
            </span>
            <button type="button" className="button button-secondary button-small" disabled={filter.page >= pages} onClick={() => setFilter({ ...filter, page: filter.page + 1 })}>
              Older
            </button>
          </nav>
        ) : null}
      </section>

      <TrackedSection tracked={tracked} ruleSets={ruleSets} onChanged={changed} />
      {plan ? (
        <PlanSection
          initial={plan}
          onSaved={(pl) => {
            setPlan(pl);
            setStatus('Your plan is saved.');
          }}
        />
      ) : null}

      <Suspense fallback={null}>
      {open ? (
        <ActivityDialog
          activity={open.activity}
          initial={open.initial}
          evidence={evidence}
          onClose={() => {
            setOpen(null);
            if (params.has('log')) setParams({}, { replace: true });
          }}
          onSave={async (body) => {
            if (open.activity) await cpd.update(open.activity.id, body);
            else await cpd.log(body);
            setOpen(null);
            if (params.has('log')) setParams({}, { replace: true });
            await changed(open.activity ? `Saved “${body.title}”.` : `Logged “${body.title}”.`);
          }}
        />
      ) : null}
      </Suspense>
    </Page>
  );
}
