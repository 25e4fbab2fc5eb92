/*
 * An event's wall clock, for every part of the module: times are given and shown in the event's IANA time
 * zone and stored as UTC instants. Pure, on Intl alone (no time-zone library); the formatters are kept per
 * zone because making one costs far more than using it.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(zone, f);
  }
  return f;
}

/** Whether `zone` is an IANA time zone this runtime knows (e.g. Europe/London, UTC). */
export function isTimeZone(zone: string): boolean {
  if (!zone || zone.length > 64) return false;
  try {
    formatterOf(zone);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock in `zone` at `instant` as its parts. */
function partsAt(instant: number, zone: string) {
  const parts: Record<string, string> = {};
  for (const p of formatterOf(zone).formatToParts(new Date(instant))) parts[p.type] = p.value;
  return { y: Number(parts.year), mo: Number(parts.month), d: Number(parts.day), h: Number(parts.hour), mi: Number(parts.minute), s: Number(parts.second) };
}

/** How far `zone`'s wall clock is ahead of UTC at `instant`, in milliseconds. */
export function offsetAt(instant: number, zone: string): number {
  const p = partsAt(instant, zone);
  const wall = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s);
  return wall - Math.floor(instant / 1000) * 1000;
}

/** Whether `date` (YYYY-MM-DD) is a real calendar day. */
export function isDate(date: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return false;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(t).toISOString().slice(0, 10) === date;
}

/** Whether `time` (HH:MM) is a real time of day. */
export const isTime = (time: string) => /^([01]\d|2[0-3]):[0-5]\d$/.test(time);

export type LocalResult = { ok: true; utc: string } | { ok: false; problem: string };

/**
 * The UTC instant of a wall-clock `date` and `time` in `zone`. A time the clocks skip (spring forward) is
 * refused by name; a time that happens twice (autumn) is the first of the two.
 */
export function localToUtc(date: string, time: string, zone: string): LocalResult {
  if (!isDate(date)) return { ok: false, problem: `${date} is not a date: give it as YYYY-MM-DD` };
  if (!isTime(time)) return { ok: false, problem: `${time} is not a time of day: give it as HH:MM (00:00 to 23:59)` };
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  // Try the offsets in force just before and just after; the earlier instant that shows this wall clock wins.
  const candidates = [wall - offsetAt(wall - 86_400_000, zone), wall - offsetAt(wall + 86_400_000, zone), wall - offsetAt(wall, zone)].sort((a, b) => a - b);
  for (const c of candidates) if (c + offsetAt(c, zone) === wall) return { ok: true, utc: new Date(c).toISOString() };
  return { ok: false, problem: `${date} ${time} does not exist in ${zone} (the clocks go forward then): choose another time` };
}

/** The wall clock in `zone` at a UTC ISO instant: { date: YYYY-MM-DD, time: HH:MM }. */
export function utcToLocal(iso: string, zone: string): { date: string; time: string } {
  const p = partsAt(Date.parse(iso), zone);
  const two = (n: number) => String(n).padStart(2, '0');
  return { date: `${p.y}-${two(p.mo)}-${two(p.d)}`, time: `${two(p.h)}:${two(p.mi)}` };
}

/** A UTC instant as the API shows it: both the instant and the wall clock in the event's zone. */
export function momentOf(iso: string, zone: string): { utc: string; local: string } {
  const l = utcToLocal(iso, zone);
  return { utc: iso, local: `${l.date}T${l.time}` };
}

/** The days from `startsOn` to `endsOn` inclusive (YYYY-MM-DD). */
export function daysOf(startsOn: string, endsOn: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${startsOn}T00:00:00Z`); t <= Date.parse(`${endsOn}T00:00:00Z`) && out.length < 400; t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/** CPD quarter hours a session of this length is worth by default (rounded to the nearest quarter). */
export const quartersOf = (startsAt: string, endsAt: string) => Math.max(0, Math.round((Date.parse(endsAt) - Date.parse(startsAt)) / 900_000));

/** The calendar day (YYYY-MM-DD) of a UTC instant in `zone`. */
export const localDay = (iso: string, zone: string) => utcToLocal(iso, zone).date;

/** "09:14": the wall-clock time of a UTC instant in `zone`. */
export const localTime = (iso: string, zone: string) => utcToLocal(iso, zone).time;

/** "Wednesday 10 March" for a YYYY-MM-DD day. */
export const dayName = (day: string) => new Date(`${day}T12:00:00Z`).toLocaleDateString('en-GB', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' });

/** A slot as people read it in mail: "Wednesday 10 March 2027, 09:00–10:00 (Europe/London)". */
export function slotLabel(startsAt: string, endsAt: string, zone: string): string {
  const day = new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(startsAt));
  return `${day}, ${localTime(startsAt, zone)}–${localTime(endsAt, zone)} (${zone})`;
}
