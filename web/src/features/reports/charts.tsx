import { Group } from '@visx/group';
import { scaleBand, scaleLinear, scalePoint } from '@visx/scale';
import { Bar, LinePath } from '@visx/shape';

/*
 * The reports' two pictures, drawn with visx: bars by category and series by month. Both are hidden from
 * screen readers (the figure's caption sums them up and the table beside them holds every number), every bar
 * and line carries its label and value in text, and lines differ by dash as well as colour.
 */

const W = 600;
const fmt = (n: number) => n.toLocaleString('en-GB', { maximumFractionDigits: 1 });

export type BarItem = { key: string; label: string; value: number | null; note?: string };

/** Horizontal bars, one a row, longest to the full width; a missing value draws no bar and says "none". */
export function Bars({ items, unit }: { items: BarItem[]; unit: string }) {
  const ROW = 28;
  const LEFT = 190;
  const height = Math.max(1, items.length) * ROW;
  const max = Math.max(1, ...items.map((i) => i.value ?? 0));
  const x = scaleLinear({ domain: [0, max], range: [0, W - LEFT - 110] });
  return (
    <svg viewBox={`0 0 ${W} ${height}`} width="100%" aria-hidden="true" focusable="false" className="report-svg">
      <Group left={LEFT}>
        {items.map((b, i) => {
          const top = i * ROW + ROW * 0.1;
          const w = b.value === null ? 0 : x(b.value);
          return (
            <g key={b.key}>
              <text x={-8} y={top + ROW * 0.4} textAnchor="end" dominantBaseline="middle" className="report-label">
                {b.label.length > 28 ? `${b.label.slice(0, 27)}…` : b.label}
              </text>
              {b.value === null ? null : <Bar x={0} y={top} width={Math.max(w, 1)} height={ROW * 0.8} className="report-bar" />}
              <text x={w + 6} y={top + ROW * 0.4} dominantBaseline="middle" className="report-label">
                {b.value === null ? 'none' : `${fmt(b.value)} ${unit}`}
                {b.note ? ` ${b.note}` : ''}
              </text>
            </g>
          );
        })}
        <line x1={0} x2={0} y1={0} y2={height} className="report-axis" />
      </Group>
    </svg>
  );
}

export type Series = { key: string; label: string; values: number[] };
const dashes = ['', '6 4', '2 3', '10 3 2 3', '1 5'];

/** Values by month: bars for one series, lines (dashed differently) for several; the first and last months labelled. */
export function Months({ months, series, kind }: { months: string[]; series: Series[]; kind: 'bars' | 'lines' }) {
  const H = 220;
  const m = { top: 12, right: 130, bottom: 28, left: 48 };
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const y = scaleLinear({ domain: [0, max], range: [H - m.bottom, m.top], nice: true });
  const ticks = y.ticks(4);
  const band = scaleBand({ domain: months, range: [m.left, W - m.right], padding: 0.2 });
  const point = scalePoint({ domain: months, range: [m.left + band.bandwidth() / 2, W - m.right - band.bandwidth() / 2] });
  const last = months.length - 1;
  return (
    <svg viewBox={`0 0 ${W} ${H}`} width="100%" aria-hidden="true" focusable="false" className="report-svg">
      {ticks.map((t) => (
        <g key={t}>
          <line x1={m.left} x2={W - m.right} y1={y(t)} y2={y(t)} className="report-grid" />
          <text x={m.left - 6} y={y(t)} textAnchor="end" dominantBaseline="middle" className="report-label">
            {fmt(t)}
          </text>
        </g>
      ))}
      {kind === 'bars'
        ? series[0]?.values.map((v, i) => <Bar key={months[i]} x={band(months[i]!)} y={y(v)} width={band.bandwidth()} height={Math.max(0, H - m.bottom - y(v))} className="report-bar" />)
        : series.map((s, si) => (
            <g key={s.key}>
              <LinePath data={s.values} x={(_, i) => point(months[i]!) ?? 0} y={(v) => y(v)} className={`report-line report-line-${si % 5}`} strokeDasharray={dashes[si % 5]} />
              <text x={(point(months[last]!) ?? 0) + 6} y={y(s.values[last] ?? 0)} dominantBaseline="middle" className="report-label">
                {s.label} {fmt(s.values[last] ?? 0)}
              </text>
            </g>
          ))}
      {months.length > 0 ? (
        <>
          <text x={band(months[0]!)} y={H - 8} className="report-label">
            {months[0]}
          </text>
          {last > 0 ? (
            <text x={(band(months[last]!) ?? 0) + band.bandwidth()} y={H - 8} textAnchor="end" className="report-label">
              {months[last]}
            </text>
          ) : null}
        </>
      ) : null}
      <line x1={m.left} x2={W - m.right} y1={H - m.bottom} y2={H - m.bottom} className="report-axis" />
    </svg>
  );
}
