/*
 * Wall-clock times in an event's own zone. Organisers type slots as local times; the tables keep UTC.
 */

/** The zone's offset from UTC, in milliseconds, at the instant `at`. */
function offsetAt(zone: string, at: number): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(at);
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - Math.floor(at / 1000) * 1000;
}

/**
 * `2027-03-10T09:30` in `zone` as a UTC ISO instant. A time skipped by a clock change moves forward by the
 * gap; a time that happens twice is the first of the two.
 */
export function localToUtc(local: string, zone: string): string {
  const [d, t] = local.split('T') as [string, string];
  const [y, mo, da] = d.split('-').map(Number) as [number, number, number];
  const [h, mi] = t.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, mo - 1, da, h, mi);
  const first = wall - offsetAt(zone, wall);
  const second = wall - offsetAt(zone, first);
  return new Date(Math.min(first, second)).toISOString();
}

/** Whether a typed local time exists on the calendar (no 2027-02-30T25:00). */
export function isRealLocalTime(local: string): boolean {
  const at = Date.parse(`${local}:00Z`);
  return Number.isFinite(at) && new Date(at).toISOString().slice(0, 16) === local;
}

/** A slot as people read it in mail: "Wednesday 10 March 2027, 09:00–10:00 (Europe/London)". */
export function slotLabel(startsAt: string, endsAt: string, zone: string): string {
  const day = new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(startsAt));
  const time = (iso: string) => new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
  return `${day}, ${time(startsAt)}–${time(endsAt)} (${zone})`;
}
