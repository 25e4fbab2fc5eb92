import { Link } from 'react-router';
import type { Evaluation } from './types.js';

/** Whole points as people read them ("12.5" only when a rule gives fractions). */
const pts = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0+$/, '').replace(/\.$/, ''));

/**
 * The eligibility of the portfolio as it is (or with hypothetical items in "what if" mode): points per
 * category before and after caps with each explanation line, the level reached, and what the next levels lack.
 */
export function EligibilityPanel({
  result,
  baseline,
  whatIf,
  busy,
  error,
}: {
  result: Evaluation | null;
  /** The saved portfolio's evaluation, shown beside a "what if" answer. */
  baseline: Evaluation | null;
  whatIf: boolean;
  busy: boolean;
  error: string | null;
}) {
  const reachedOrder = result?.reached ? (result.levels.find((l) => l.id === result.reached?.id)?.order ?? -1) : -1;
  const next = result ? result.levels.filter((l) => l.order > reachedOrder) : [];
  // Applying freezes the saved portfolio, so "what if" answers offer no application.
  const canApply = result && !whatIf ? result.levels.filter((l) => l.eligible).sort((a, b) => b.order - a.order) : [];
  return (
    <section aria-labelledby="eligibility-title" className={whatIf ? 'card eligibility eligibility-whatif' : 'card eligibility'} aria-busy={busy}>
      <h2 id="eligibility-title">{whatIf ? 'Eligibility with your “what if” items' : 'Your eligibility'}</h2>
      {whatIf ? <p className="tag tag-whatif">What if: includes items that are not saved</p> : null}
      {error ? (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      ) : null}
      {!result ? (
        <p className="loading">Working out your eligibility…</p>
      ) : (
        <>
          <div role="status" className="reached">
            {result.reached ? (
              <p>
                <span className="reached-label">Level reached:</span> <strong>{result.reached.name}</strong>
                {result.reached.postNominals ? <> ({result.reached.postNominals})</> : null}
              </p>
            ) : (
              <p>
                <span className="reached-label">Level reached:</span> <strong>none yet</strong>
              </p>
            )}
            <p className="muted-line">
              {pts(result.total)} points counted{result.totalEarned !== result.total ? ` of ${pts(result.totalEarned)} earned` : ''}
              {' · '}
              {formatMonths(result.experienceMonths)} of service management experience
              {result.highestResponsibilityLevel ? ` · responsibility level ${result.highestResponsibilityLevel}` : ''}
            </p>
            {whatIf && baseline ? (
              <p className="whatif-compare">
                Your saved portfolio alone: {pts(baseline.total)} points, {baseline.reached ? baseline.reached.name : 'no level yet'} (
                {result.total >= baseline.total ? '+' : '−'}
                {pts(Math.abs(result.total - baseline.total))} points with the “what if” items).
              </p>
            ) : null}
          </div>

          {canApply.length ? (
            <ul className="apply-links">
              {canApply.map((l) => (
                <li key={l.id}>
                  <Link className="button button-small" to={`/applications/new?level=${encodeURIComponent(l.id)}`}>
                    Apply for {l.name}
                  </Link>
                </li>
              ))}
            </ul>
          ) : null}

          <h3>Points by category</h3>
          <ul className="categories">
            {result.categories.map((c) => (
              <li key={c.id}>
                <details>
                  <summary>
                    <span className="category-name">{c.name}</span>{' '}
                    <span className="category-points">
                      {pts(c.counted)} counted
                      {c.earned !== c.counted ? ` of ${pts(c.earned)} earned (capped at ${pts(c.cap ?? 0)})` : c.cap !== null ? ` (cap ${pts(c.cap)})` : ''}
                    </span>
                  </summary>
                  {c.lines.length ? (
                    <ul className="explain">
                      {c.lines.map((line, i) => (
                        // biome-ignore lint/suspicious/noArrayIndexKey: lines are plain text and may repeat
                        <li key={i}>{line}</li>
                      ))}
                    </ul>
                  ) : (
                    <p className="hint">No items count here yet.</p>
                  )}
                </details>
              </li>
            ))}
          </ul>
          {next.length ? (
            <>
              <h3>What the next levels need</h3>
              <ul className="level-gaps">
                {next.map((l) => (
                  <li key={l.id}>
                    <h4>
                      {l.name}
                      {l.postNominals ? ` (${l.postNominals})` : ''}
                    </h4>
                    {l.gaps.length === 0 && l.eligible ? (
                      <p>Your portfolio meets this level. Still needed: {l.steps.join('; ') || 'nothing more'}.</p>
                    ) : (
                      <ul>
                        {l.gaps.map((g) => (
                          <li key={`${g.requirement}-${g.category ?? ''}`}>
                            {g.message}
                            {g.reachedBy ? <> (met by time alone in {formatMonth(g.reachedBy)} if your current role continues)</> : null}
                          </li>
                        ))}
                        {l.eligible ? null : l.steps.map((s) => <li key={s}>{s}</li>)}
                      </ul>
                    )}
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p>You meet the highest level of this scheme.</p>
          )}

          {result.flags.length ? (
            <>
              <h3>Items to look at</h3>
              <ul className="explain">
                {result.flags.map((f) => (
                  <li key={`${f.itemId}-${f.code}`}>{f.message}</li>
                ))}
              </ul>
            </>
          ) : null}
          <p className="hint">
            Judged under {result.scheme.id} version {result.scheme.version} on {result.asOf.slice(0, 10)}.
          </p>
        </>
      )}
    </section>
  );
}

function formatMonths(m: number): string {
  const y = Math.floor(m / 12);
  const r = m % 12;
  const parts = [y ? `${y} ${y === 1 ? 'year' : 'years'}` : '', r ? `${r} ${r === 1 ? 'month' : 'months'}` : ''].filter(Boolean);
  return parts.join(' ') || 'no time';
}

const monthFmt = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
/** "March 2027" from "2027-03". */
export function formatMonth(ym: string): string {
  const d = new Date(`${ym.slice(0, 7)}-01T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? ym : monthFmt.format(d);
}
