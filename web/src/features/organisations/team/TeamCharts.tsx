import type { TeamFigures } from '../consent/consent-api.js';
import { BarChart, type BarDatum } from './BarChart.js';

const standingTone: Record<string, BarDatum['tone']> = { on_track: 'ok', at_risk: 'warn', suspended: 'bad', lapsed: 'bad' };

/** The team's figures as charts, each with its numbers in a table beside it. */
export function TeamCharts({ figures: f }: { figures: TeamFigures }) {
  return (
    <section aria-labelledby="team-figures">
      <h2 id="team-figures">The team in figures</h2>
      <p>{f.members} members share something with the organisation; each figure counts only those who shared what it needs.</p>
      <div className="team-charts">
        <BarChart id="chart-levels" title="Levels held" unit="Credentials" summary="Credentials in force or suspended, by level." bars={f.levels} />
        <BarChart
          id="chart-standing"
          title="CPD standing"
          unit="Members"
          summary="Each member’s weakest CPD cycle."
          bars={f.standing.map((s) => ({ ...s, tone: standingTone[s.key] }))}
        />
        <BarChart
          id="chart-upcoming"
          title="Next 90 days"
          unit="Count"
          summary="Credentials due for review, and CPD cycles at risk of falling short, in each 30 days."
          bars={f.upcoming.flatMap((u) => [
            { key: `${u.key}-review`, label: `${u.label}: review`, count: u.reviewDue },
            { key: `${u.key}-risk`, label: `${u.label}: at risk`, count: u.atRisk, tone: 'warn' as const },
          ])}
        />
        <BarChart id="chart-responsibility" title="Responsibility levels" unit="Members" summary="The highest level each member claims in their portfolio." bars={f.responsibility} />
        <BarChart id="chart-certifications" title="Certifications" unit="Members" summary="The ten most held." bars={f.certifications} />
      </div>
    </section>
  );
}
