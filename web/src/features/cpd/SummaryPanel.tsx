import type { CpdSummary } from '../../api.js';

type Entry = CpdSummary['credentials'][number];
type Period = NonNullable<Entry['evaluation']['year']>;

/**
 * How far a period is towards meeting its rules, as the engine judges it: `shortfall` already counts
 * category minimums, so 33 of 20 with a minimum 2 short is 90%, not 100%.
 */
const done = (required: number, shortfall: number) => Math.max(0, required - shortfall);
const pct = (required: number, shortfall: number) => (required > 0 ? Math.min(100, Math.floor((done(required, shortfall) / required) * 100)) : shortfall > 0 ? 0 : 100);

/** A progress bar with its text equivalent beside it; the bar itself is named by that text. */
function Progress({ id, label, period, unit }: { id: string; label: string; period: Period; unit: string }) {
  const { counted, required, shortfall } = period;
  const minimumsShort = period.categories.some((c) => c.shortfall > 0);
  let text: string;
  if (required === null) text = `${counted} ${unit} counted ${label} (no minimum)${shortfall ? `: ${shortfall} short of a category minimum` : ''}`;
  else {
    const verdict = shortfall === 0 ? 'met' : counted >= required && minimumsShort ? `${shortfall} short of a category minimum` : `${shortfall} short`;
    text = `${counted} of ${required} ${unit} ${label}: ${verdict} (${pct(required, shortfall)}%)`;
  }
  const max = required ?? (shortfall ? counted + shortfall : 0);
  return (
    <div className="cpd-progress">
      <p id={id}>{text}</p>
      {max > 0 ? <progress aria-labelledby={id} max={max} value={Math.min(max, required === null ? counted : done(required, shortfall))} /> : null}
    </div>
  );
}

function PeriodDetails({ period, open }: { period: Period; open?: boolean }) {
  return (
    <details open={open}>
      <summary>
        <span className="category-name">
          {period.label} ({period.start} to {period.end})
        </span>{' '}
        <span className="category-points">
          {period.counted} counted{period.earned !== period.counted ? ` of ${period.earned} earned` : ''}
          {period.shortfall ? `, ${period.shortfall} short` : period.required !== null ? ', met' : ''}
        </span>
      </summary>
      <ul className="explain">
        {period.lines.map((l, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: lines are plain text and may repeat
          <li key={i}>{l}</li>
        ))}
      </ul>
      <ul className="explain">
        {period.categories
          .filter((c) => c.earned > 0 || c.minimum !== null)
          .flatMap((c) => c.lines.slice(1))
          .map((l, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: lines are plain text and may repeat
            <li key={i}>{l}</li>
          ))}
      </ul>
    </details>
  );
}

/** One credential's CPD under its own rule set: progress, the explanation of every total, and the forecast. */
function CredentialCard({ entry, titles }: { entry: Entry; titles: Map<string, string> }) {
  const { credential: c, evaluation: e } = entry;
  const unit = e.ruleSet.unit;
  const base = `cpd-${c.id}`;
  return (
    <section className="card cpd-card" aria-labelledby={`${base}-title`}>
      <h3 id={`${base}-title`}>
        {c.name} <span className="muted-line">· {c.issuer}</span>
      </h3>
      <p className="muted-line">
        {e.ruleSet.name} · cycle {e.cycle.index + 1}: {e.cycle.start} to {e.cycle.end}
        {c.kind === 'body' && c.status !== 'active' ? ` · ${c.status}` : ''}
      </p>
      {e.year ? <Progress id={`${base}-year`} label={`in year ${e.year.index + 1} of the cycle`} period={e.year} unit={unit} /> : null}
      <Progress id={`${base}-cycle`} label="this cycle" period={e.cycle} unit={unit} />
      <p className={e.forecast.onTrack ? 'cpd-forecast' : 'cpd-forecast cpd-forecast-short'}>
        <strong>{e.forecast.onTrack ? 'On track. ' : 'Not on track yet. '}</strong>
        {e.forecast.message}
      </p>
      <h4>Why these totals</h4>
      <PeriodDetails period={e.cycle} open />
      {e.years.map((y) => (
        <PeriodDetails key={y.index} period={y} />
      ))}
      {e.activityLines.length ? (
        <details>
          <summary>
            <span className="category-name">Activities that count less here ({e.activityLines.length})</span>
          </summary>
          <ul className="explain">
            {e.activityLines.map((l) => (
              <li key={l.activityId}>
                {titles.get(l.activityId) ?? 'An activity'}: {l.earned} earned, {l.counted} counted: {l.reason}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}

/** Totals for every credential the member holds or tracks, each under its own rule set. */
export function SummaryPanel({ summary, titles }: { summary: CpdSummary; titles: Map<string, string> }) {
  return (
    <section aria-labelledby="cpd-summary-title">
      <h2 id="cpd-summary-title">Your totals</h2>
      <p>
        {summary.activityCount} activities logged; {summary.earnedThisYear} hours in {summary.asOf.slice(0, 4)}. Each credential counts them by its own rules.
      </p>
      {summary.credentials.length === 0 ? (
        <p className="empty">You hold no credential yet. Track a credential from another body below to see how your activities count towards it.</p>
      ) : (
        summary.credentials.map((entry) => <CredentialCard key={`${entry.credential.kind}-${entry.credential.id}`} entry={entry} titles={titles} />)
      )}
    </section>
  );
}
