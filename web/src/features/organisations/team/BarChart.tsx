import { AxisBottom } from '@visx/axis';
import { Group } from '@visx/group';
import { scaleBand, scaleLinear } from '@visx/scale';
import { Bar } from '@visx/shape';

export type BarDatum = { key: string; label: string; count: number; tone?: 'ok' | 'warn' | 'bad' | 'plain' };

const W = 420;
const ROW = 30;
const LEFT = 150;
const RIGHT = 40;
const BOTTOM = 26;

/**
 * A horizontal bar chart drawn with visx, with the table of the same numbers beside it. The picture
 * is hidden from screen readers (the table says everything it says); every bar carries its label and
 * number in text, so colour never carries meaning alone.
 */
export function BarChart({ id, title, summary, bars, unit }: { id: string; title: string; summary: string; bars: BarDatum[]; unit: string }) {
  const height = Math.max(1, bars.length) * ROW + BOTTOM;
  const max = Math.max(1, ...bars.map((b) => b.count));
  const y = scaleBand<string>({ domain: bars.map((b) => b.key), range: [0, height - BOTTOM], padding: 0.2 });
  const x = scaleLinear<number>({ domain: [0, max], range: [0, W - LEFT - RIGHT], nice: true });
  return (
    <figure className="team-chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>
        <strong>{title}</strong> <span className="hint">{summary}</span>
      </figcaption>
      <div className="team-chart-body">
        {bars.length ? (
          <svg viewBox={`0 0 ${W} ${height}`} width="100%" aria-hidden="true" focusable="false" className="team-chart-svg">
            <Group left={LEFT}>
              {bars.map((b) => {
                const top = y(b.key) ?? 0;
                const w = x(b.count);
                return (
                  <g key={b.key}>
                    <text x={-8} y={top + y.bandwidth() / 2} textAnchor="end" dominantBaseline="middle" className="team-chart-label">
                      {b.label}
                    </text>
                    <Bar x={0} y={top} width={Math.max(w, 1)} height={y.bandwidth()} className={`team-bar team-bar-${b.tone ?? 'plain'}`} />
                    <text x={w + 6} y={top + y.bandwidth() / 2} dominantBaseline="middle" className="team-chart-label">
                      {b.count}
                    </text>
                  </g>
                );
              })}
              <AxisBottom top={height - BOTTOM} scale={x} numTicks={Math.min(5, max)} tickFormat={(v) => String(v)} tickClassName="team-chart-tick" />
            </Group>
          </svg>
        ) : null}
        <table className="table-compact team-chart-table">
          <thead>
            <tr>
              <th scope="col">{title}</th>
              <th scope="col">{unit}</th>
            </tr>
          </thead>
          <tbody>
            {bars.length === 0 ? (
              <tr>
                <td colSpan={2}>None</td>
              </tr>
            ) : (
              bars.map((b) => (
                <tr key={b.key}>
                  <th scope="row">{b.label}</th>
                  <td>{b.count}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
