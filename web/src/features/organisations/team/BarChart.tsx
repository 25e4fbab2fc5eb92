import { Group } from '@visx/group';
import { Bar } from '@visx/shape';

export type BarDatum = { key: string; label: string; count: number; tone?: 'ok' | 'warn' | 'bad' | 'plain' };

const W = 420;
const ROW = 30;
const LEFT = 150;
const RIGHT = 40;
const BOTTOM = 4;

/**
 * A horizontal bar chart drawn with visx, with the table of the same numbers beside it. The picture
 * is hidden from screen readers (the table says everything it says); every bar carries its label and
 * number in text, so colour never carries meaning alone.
 */
export function BarChart({ id, title, summary, bars, unit }: { id: string; title: string; summary: string; bars: BarDatum[]; unit: string }) {
  const height = Math.max(1, bars.length) * ROW + BOTTOM;
  const max = Math.max(1, ...bars.map((b) => b.count));
  // One band per bar with a fifth of it as the gap; bars start at zero and the longest fills the width.
  const band = ROW * 0.8;
  const y = (i: number) => i * ROW + ROW * 0.1;
  const x = (n: number) => (n / max) * (W - LEFT - RIGHT);
  return (
    <figure className="team-chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>
        <strong>{title}</strong> <span className="hint">{summary}</span>
      </figcaption>
      <div className="team-chart-body">
        {bars.length ? (
          <svg viewBox={`0 0 ${W} ${height}`} width="100%" aria-hidden="true" focusable="false" className="team-chart-svg">
            <Group left={LEFT}>
              {bars.map((b, i) => {
                const top = y(i);
                const w = x(b.count);
                return (
                  <g key={b.key}>
                    <text x={-8} y={top + band / 2} textAnchor="end" dominantBaseline="middle" className="team-chart-label">
                      {b.label}
                    </text>
                    <Bar x={0} y={top} width={Math.max(w, 1)} height={band} className={`team-bar team-bar-${b.tone ?? 'plain'}`} />
                    <text x={w + 6} y={top + band / 2} dominantBaseline="middle" className="team-chart-label">
                      {b.count}
                    </text>
                  </g>
                );
              })}
              <line x1={0} x2={0} y1={0} y2={height - BOTTOM} className="team-chart-axis" />
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
