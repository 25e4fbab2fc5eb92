/*
 * Dates and times in an event's own zone: a list's day and the time an "already in" answer names are the
 * ones people at the venue read on the wall clock. Formatters are made once per zone.
 */

const dates = new Map<string, Intl.DateTimeFormat>();
const times = new Map<string, Intl.DateTimeFormat>();

function formatter(cache: Map<string, Intl.DateTimeFormat>, timeZone: string, make: (tz: string) => Intl.DateTimeFormat) {
  let f = cache.get(timeZone);
  if (!f) {
    f = make(timeZone);
    cache.set(timeZone, f);
  }
  return f;
}

/** The calendar day (YYYY-MM-DD) of an instant in a zone. */
export const localDay = (iso: string, timeZone: string) =>
  formatter(dates, timeZone, (tz) => new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' })).format(new Date(iso));

/** "09:14": the wall-clock time of an instant in a zone. */
export const localTime = (iso: string, timeZone: string) =>
  formatter(times, timeZone, (tz) => new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })).format(new Date(iso));

/** "Wednesday 10 March" for a YYYY-MM-DD day. */
export const dayName = (day: string) => new Date(`${day}T12:00:00Z`).toLocaleDateString('en-GB', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' });

/** Every day from `from` to `to` (YYYY-MM-DD, inclusive). */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`) && out.length < 366; t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}
