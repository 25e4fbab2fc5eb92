import { Group } from '@visx/group';
import { Bar, LinePath } from '@visx/shape';

/*
 * The reports' two pictures, drawn with visx: bars by category and series by month. Both are hidden from
 * screen readers (the figure's caption sums them up and the table beside them holds every number), every bar
 * and line carries its label and value in text, and lines differ by dash as well as colour.
 */

const W = 600;

// Scales by hand rather than @visx/scale: its d3 dependencies would cost this page about 9 KB of its budget.
const linear = (max: number, from: number, to: number) => (v: number) => from + ((to - from) * v) / max;
/** Up to about four round steps from 0 to at least `max` (1, 2 or 5 times a power of ten). */
function niceTicks(max: number): number[] {
  const raw = max / 4;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? raw;
  const top = Math.ceil(max / step) * step;
  const out: number[] = [];
  for (let t = 0; t <= top + step / 2; t += step) out.push(t);
  return out;
}
const fmt = (n: number) => n.toLocaleString('en-GB', { maximumFractionDigits: 1 });

export type BarItem = { key: string; label: string; value: number | null; note?: string };

/** Horizontal bars, one a row, longest to the full width; a missing value draws no bar and says "none". */
export function Bars({ items, unit }: { items: BarItem[]; unit: string }) {
  const ROW = 28;
  const LEFT = 190;
  const height = Math.max(1, items.length) * ROW;
  const max = Math.max(1, ...items.map((i) => i.value ?? 0));
  const x = linear(max, 0, W - LEFT - 110);
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
  const ticks = niceTicks(Math.max(1, ...series.flatMap((s) => s.values)));
  const y = linear(ticks.at(-1) ?? 1, H - m.bottom, m.top);
  // Months as equal bands with a fifth of each as the gap; a line's points sit at the bands' centres.
  const slot = (W - m.left - m.right) / Math.max(1, months.length);
  const bandWidth = slot * 0.8;
  const bandX = (i: number) => m.left + i * slot + slot * 0.1;
  const centre = (i: number) => bandX(i) + bandWidth / 2;
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
        ? series[0]?.values.map((v, i) => <Bar key={months[i]} x={bandX(i)} y={y(v)} width={bandWidth} height={Math.max(0, H - m.bottom - y(v))} className="report-bar" />)
        : series.map((s, si) => (
            <g key={s.key}>
              <LinePath data={s.values} x={(_, i) => centre(i)} y={(v) => y(v)} className={`report-line report-line-${si % 5}`} strokeDasharray={dashes[si % 5]} />
              <text x={centre(last) + 6} y={y(s.values[last] ?? 0)} dominantBaseline="middle" className="report-label">
                {s.label} {fmt(s.values[last] ?? 0)}
              </text>
            </g>
          ))}
      {months.length > 0 ? (
        <>
          <text x={bandX(0)} y={H - 8} className="report-label">
            {months[0]}
          </text>
          {last > 0 ? (
            <text x={bandX(last) + bandWidth} y={H - 8} textAnchor="end" className="report-label">
              {months[last]}
            </text>
          ) : null}
        </>
      ) : null}
      <line x1={m.left} x2={W - m.right} y1={H - m.bottom} y2={H - m.bottom} className="report-axis" />
    </svg>
  );
}
