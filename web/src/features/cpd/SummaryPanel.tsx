import type { CpdSummary } from '../../api.js';

type Entry = CpdSummary['credentials'][number];
type Period = NonNullable<Entry['evaluation']['year']>;

const pct = (counted: number, required: number | null) => (required ? Math.min(100, Math.round((counted / required) * 100)) : 100);

/** A progress bar with its text equivalent beside it; the bar itself is named by that text. */
function Progress({ id, label, counted, required, unit }: { id: string; label: string; counted: number; required: number | null; unit: string }) {
  const text = required === null ? `${counted} ${unit} counted ${label} (no minimum)` : `${counted} of ${required} ${unit} ${label} (${pct(counted, required)}%)`;
  return (
    <div className="cpd-progress">
      <p id={id}>{text}</p>
      {required !== null ? <progress aria-labelledby={id} max={required} value={Math.min(counted, required)} /> : null}
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
      {e.year ? <Progress id={`${base}-year`} label={`in year ${e.year.index + 1} of the cycle`} counted={e.year.counted} required={e.year.required} unit={unit} /> : null}
      <Progress id={`${base}-cycle`} label="this cycle" counted={e.cycle.counted} required={e.cycle.required} unit={unit} />
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
