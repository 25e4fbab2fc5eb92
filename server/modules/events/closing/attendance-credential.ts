import type { JsonObject } from '../../credentials/document-loader.js';
import { type IssuerProfile, buildOpenBadgeCredential } from '../../credentials/issuing/open-badge.js';
import { statusEntry } from '../../credentials/status/status-list.js';

/*
 * The unsigned Open Badges 3.0 credential of attendance: the same OpenBadgeCredential shape as a level
 * credential (holder named by a salted e-mail hash, a revocation entry), with an Achievement of its own per
 * event. Its achievementType is an extension term, "ext:Attendance": the OB 3.0 vocabulary is open to
 * terms prefixed ext:, and none of its values means attending (level credentials are "Certification").
 * The sessions attended are its evidence (one Evidence per session, with the time and hours) and the
 * hours its creditsEarned. Each Evidence is named by its place on the event's public page (the session's
 * entry, or the day's heading for a day at the door): a page presenting it, as OB 3.0 has Evidence.id,
 * and a named node costs canonicalisation far less than a blank one.
 */

export const ATTENDANCE_ACHIEVEMENT_TYPE = 'ext:Attendance';

export type AttendedItem = { title: string; startsAt: string | null; endsAt: string | null; quarters: number };
/** An item with its anchor on the event's public page ("session-<id>", "day-<date>"); not stored with the item. */
export type ListedItem = AttendedItem & { anchor: string };

/** The items as stored beside a credential (without anchors, so stored lists compare as they always have). */
export const storedItems = (items: readonly ListedItem[]): AttendedItem[] => items.map(({ anchor: _a, ...i }) => i);

export type AttendanceCredentialInput = {
  id: string;
  issuer: IssuerProfile;
  publicUrl: string;
  event: { slug: string; title: string; startsOn: string; endsOn: string; timeZone: string; venue: string | null };
  holder: { email: string; salt: string; did?: string };
  items: ListedItem[];
  status: { listUrl: string; index: number };
  issuedAt: Date;
};

const hoursText = (q: number) => `${q / 4} hour${q === 4 ? '' : 's'}`;

/** Date formatters by time zone and shape: making one is slow (it loads locale data), using one is cheap. */
const formats = new Map<string, Intl.DateTimeFormat>();
function format(timeZone: string, shape: 'day' | 'dayMonth' | 'time', d: Date): string {
  const k = `${timeZone} ${shape}`;
  let f = formats.get(k);
  if (!f) {
    const o: Intl.DateTimeFormatOptions =
      shape === 'time' ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : shape === 'dayMonth' ? { day: 'numeric', month: 'long' } : { day: 'numeric', month: 'long', year: 'numeric' };
    f = new Intl.DateTimeFormat('en-GB', { ...o, timeZone });
    formats.set(k, f);
  }
  return f.format(d);
}

/**
 * Texts already formatted: formatting is slow next to everything else in a credential, and a closing
 * formats the same few dates and times for every attendee (a programme has few distinct times).
 */
const texts = new Map<string, string>();
function remembered(key: string, make: () => string): string {
  let t = texts.get(key);
  if (t === undefined) {
    if (texts.size >= 10_000) texts.clear();
    t = make();
    texts.set(key, t);
  }
  return t;
}

/** "10 March to 11 March 2027" style dates of an event, in plain words. */
export function eventDates(startsOn: string, endsOn: string): string {
  const noon = (d: string) => new Date(`${d}T12:00:00Z`);
  if (startsOn === endsOn) return remembered(`day ${startsOn}`, () => format('UTC', 'day', noon(startsOn)));
  return remembered(`days ${startsOn} ${endsOn}`, () => `${format('UTC', 'dayMonth', noon(startsOn))} to ${format('UTC', 'day', noon(endsOn))}`);
}

/** When a session ran, in the event's time zone: "10 March 2027, 09:00 to 10:00". */
export function sessionTime(item: AttendedItem, timeZone: string): string {
  const { startsAt, endsAt } = item;
  if (!startsAt) return '';
  return remembered(`session ${timeZone} ${startsAt} ${endsAt}`, () => {
    const day = format(timeZone, 'day', new Date(startsAt));
    return endsAt ? `${day}, ${format(timeZone, 'time', new Date(startsAt))} to ${format(timeZone, 'time', new Date(endsAt))}` : day;
  });
}

export function buildAttendanceCredential(input: AttendanceCredentialInput): JsonObject {
  const { event } = input;
  const quarters = input.items.reduce((a, i) => a + i.quarters, 0);
  const dates = eventDates(event.startsOn, event.endsOn);
  const page = `${input.publicUrl}/events/${encodeURIComponent(event.slug)}`;
  const doc = buildOpenBadgeCredential({
    id: `urn:uuid:${input.id}`,
    issuer: input.issuer,
    achievement: {
      id: `${page}#attendance`,
      name: `Attendance at ${event.title}`,
      description: `Attendance at ${event.title}, ${dates}${event.venue ? `, ${event.venue}` : ''}.`,
      criteria: 'Checked in to the sessions listed (each by a scan at the session), as recorded by the organiser.',
    },
    holder: input.holder,
    validFrom: input.issuedAt,
    status: [statusEntry({ listUrl: input.status.listUrl, index: input.status.index, purpose: 'revocation' })],
  }) as JsonObject & { credentialSubject: JsonObject & { achievement: JsonObject } };
  doc.credentialSubject.achievement.achievementType = ATTENDANCE_ACHIEVEMENT_TYPE;
  doc.credentialSubject.activityStartDate = `${event.startsOn}T00:00:00Z`;
  doc.credentialSubject.activityEndDate = `${event.endsOn}T23:59:59Z`;
  doc.credentialSubject.creditsEarned = quarters / 4;
  doc.description = `Attended ${input.items.length} session${input.items.length === 1 ? '' : 's'} (${hoursText(quarters)}) at ${event.title}, ${dates}.`;
  doc.evidence = input.items.map((i) => ({
    id: `${page}#${i.anchor}`,
    type: ['Evidence'],
    name: i.title,
    description: [sessionTime(i, event.timeZone), hoursText(i.quarters)].filter(Boolean).join(' · '),
  }));
  return doc;
}
