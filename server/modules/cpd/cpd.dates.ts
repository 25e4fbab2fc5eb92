/*
 * Calendar arithmetic on YYYY-MM-DD strings (UTC), which compare correctly as text. A 29 February start
 * moves to 28 February in years without one, so anniversaries never spill into March.
 */

const DAY_MS = 86_400_000;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const parts = (d: string) => [Number(d.slice(0, 4)), Number(d.slice(5, 7)), Number(d.slice(8, 10))] as const;
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** The day a credential's CPD cycles count from: its award, or an imported holder's own cycle start. */
export const cyclesFrom = (c: { awarded_at: string; cpd_cycles_from?: string | null }): string => c.cpd_cycles_from ?? c.awarded_at.slice(0, 10);

export const isoDay = (t: Date) => t.toISOString().slice(0, 10);

export function addMonths(d: string, months: number): string {
  const [y, m, day] = parts(d);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = total - ny * 12 + 1;
  return `${pad(ny, 4)}-${pad(nm)}-${pad(Math.min(day, daysIn(ny, nm)))}`;
}
export const addYears = (d: string, years: number) => addMonths(d, years * 12);
export const addDays = (d: string, days: number) => isoDay(new Date(Date.parse(`${d}T00:00:00Z`) + days * DAY_MS));
export const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/** The first day a CPD activity may have happened on: no cycle this platform runs reaches further back. */
export const EARLIEST_ACTIVITY_DAY = '1950-01-01';

const isCalendarDay = (d: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return false;
  const t = Date.parse(`${d}T00:00:00Z`);
  return Number.isFinite(t) && isoDay(new Date(t)) === d;
};

/**
 * The one rule for an activity's date, whoever writes it (the member logging or editing, a provider's
 * CSV or JSON import, the demo): a calendar date from EARLIEST_ACTIVITY_DAY to `today`. Null when the
 * date is allowed, else a message that names the allowed range.
 */
export function activityDateProblem(day: string, today: string): string | null {
  const range = `from ${EARLIEST_ACTIVITY_DAY} to today (${today})`;
  if (!isCalendarDay(day)) return `Give the date as YYYY-MM-DD, a calendar date ${range}`;
  if (day < EARLIEST_ACTIVITY_DAY) return `The date ${day} is too early; give a date ${range}`;
  if (day > today) return `The date ${day} is in the future; give a date ${range}, once the activity has happened`;
  return null;
}
