/*
 * Periods at month precision. A month index is year × 12 + (month − 1). A period becomes the half-open range of
 * month boundaries [start, end): the start date rounds to the nearest month boundary (a start on the 16th or
 * later counts from the next month) and the end date, being the last day worked, counts its month if it falls on
 * the 15th or later. So 2020-01-01 … 2020-12-31 is 12 months, 2020-01-20 … 2020-03-10 is 1 month, and a current
 * period (end null) runs to today's boundary. Everything after `now` is cut off: the future never counts.
 */

/** A half-open range of month boundaries; `level` is the responsibility level where one applies. */
export interface MonthRange {
  start: number;
  end: number;
  level: number;
}

const digit = (s: string, i: number) => s.charCodeAt(i) - 48;

/** Parses the year, month and day of a YYYY-MM-DD string without allocating. */
function ymd(date: string): [number, number, number] {
  const y = digit(date, 0) * 1000 + digit(date, 1) * 100 + digit(date, 2) * 10 + digit(date, 3);
  const m = digit(date, 5) * 10 + digit(date, 6);
  const d = digit(date, 8) * 10 + digit(date, 9);
  return [y, m, d];
}

/** Month boundary at which a period starting on `date` begins to count. */
export function startBoundary(date: string): number {
  const [y, m, d] = ymd(date);
  return y * 12 + (m - 1) + (d >= 16 ? 1 : 0);
}

/** Month boundary at which a period whose last day is `date` stops counting. */
export function endBoundary(date: string): number {
  const [y, m, d] = ymd(date);
  return y * 12 + (m - 1) + (d >= 15 ? 1 : 0);
}

/** Today as YYYY-MM-DD (UTC). */
export function isoDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** The month range of a period clipped to `nowBoundary`; null when nothing of it counts yet. */
export function toRange(startOn: string, endOn: string | null, nowBoundary: number, level = 0): MonthRange | null {
  const start = startBoundary(startOn);
  const end = endOn === null ? nowBoundary : Math.min(endBoundary(endOn), nowBoundary);
  return end > start ? { start, end, level } : null;
}

/** Total months covered by the ranges, overlaps counted once; optionally only within [from, to). */
export function unionMonths(ranges: readonly MonthRange[], minLevel = 0, from = -Infinity, to = Infinity): number {
  // Ranges are few (a handful of jobs), so a copy and sort per call is cheaper than any index.
  const picked: MonthRange[] = [];
  for (const r of ranges) if (r.level >= minLevel && r.end > from && r.start < to) picked.push(r);
  if (picked.length === 0) return 0;
  picked.sort((a, b) => a.start - b.start);
  let total = 0;
  let curStart = Math.max(picked[0]!.start, from);
  let curEnd = Math.min(picked[0]!.end, to);
  for (let i = 1; i < picked.length; i++) {
    const s = Math.max(picked[i]!.start, from);
    const e = Math.min(picked[i]!.end, to);
    if (s > curEnd) {
      total += curEnd - curStart;
      curStart = s;
      curEnd = e;
    } else if (e > curEnd) curEnd = e;
  }
  return total + (curEnd - curStart);
}

/** Sum of the ranges' lengths, overlaps counted every time (e.g. two committee roles held at once). */
export function sumMonths(ranges: readonly MonthRange[]): number {
  let total = 0;
  for (const r of ranges) total += r.end - r.start;
  return total;
}

/** "7 years", "7.5 years", "1 year 2 months", "5 months". */
export function formatMonths(months: number): string {
  const years = Math.floor(months / 12);
  const rest = months % 12;
  if (rest === 0) return years === 1 ? '1 year' : `${years} years`;
  if (rest === 6 && years > 0) return `${years}.5 years`;
  const m = rest === 1 ? '1 month' : `${rest} months`;
  if (years === 0) return m;
  return `${years === 1 ? '1 year' : `${years} years`} ${m}`;
}

/** YYYY-MM of a month boundary (the month that starts at it). */
export function formatMonthIndex(index: number): string {
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return `${y}-${m < 10 ? '0' : ''}${m}`;
}
