/*
 * The arithmetic of the reports, pure: the period's months, percentiles, and an application's stays in each
 * state from its recorded moves. The SQL only counts and groups; what needs ordering per item happens here.
 */

export const MAX_MONTHS = 120;

/** The months from `from` to `to` (dates YYYY-MM-DD), as YYYY-MM. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const endY = Number(to.slice(0, 4));
  const endM = Number(to.slice(5, 7));
  while (y < endY || (y === endY && m <= endM)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

/** The default period: from the first of the month eleven months before `now` to `now`'s day. */
export function defaultPeriod(now: Date): { from: string; to: string } {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1));
  return { from: start.toISOString().slice(0, 10), to: now.toISOString().slice(0, 10) };
}

/**
 * The p-th percentile (0..1) of sorted values by linear interpolation between the closest ranks (as
 * PostgreSQL's percentile_cont and spreadsheets' PERCENTILE.INC): the median of an even count is the mean of the
 * middle two. Null for no values.
 */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const pos = (sorted.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export const round1 = (n: number | null): number | null => (n === null ? null : Math.round(n * 10) / 10);

/** Median and 90th percentile of `values` (any order), rounded to one decimal. */
export function spread(values: number[]): { median: number | null; p90: number | null } {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: round1(percentile(sorted, 0.5)), p90: round1(percentile(sorted, 0.9)) };
}

export const percent = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);

/** A change of an application's state as the audit log records it. */
export interface Move {
  applicationId: string;
  at: string;
  from: string;
  to: string;
}

/** One spell of an application in a state: from entering it to leaving it (null while it is still there). */
export interface Stay {
  state: string;
  enteredAt: string;
  leftAt: string | null;
}

/**
 * The stays of applications from their moves, ordered by application and time. An application begins as a draft
 * when created (`createdAt`), so its first stay starts then; each move ends one stay and starts the next.
 */
export function staysOf(moves: readonly Move[], createdAt: ReadonlyMap<string, string>): Stay[] {
  const out: Stay[] = [];
  let current: { id: string; state: string; since: string } | null = null;
  for (const m of moves) {
    if (!current || current.id !== m.applicationId) {
      if (current) out.push({ state: current.state, enteredAt: current.since, leftAt: null });
      const created = createdAt.get(m.applicationId);
      current = { id: m.applicationId, state: m.from, since: created ?? m.at };
    }
    out.push({ state: current.state, enteredAt: current.since, leftAt: m.at });
    current = { id: m.applicationId, state: m.to, since: m.at };
  }
  if (current) out.push({ state: current.state, enteredAt: current.since, leftAt: null });
  return out;
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
export const hoursBetween = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / HOUR_MS;

/** Cumulative counts at each month's end from per-month additions and removals; earlier months fold into `before`. */
export function runningTotals(months: readonly string[], before: number, added: ReadonlyMap<string, number>, removed: ReadonlyMap<string, number>): number[] {
  let total = before;
  return months.map((m) => {
    total += (added.get(m) ?? 0) - (removed.get(m) ?? 0);
    return total;
  });
}
