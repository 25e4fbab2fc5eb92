import type { JsonObject } from '../../credentials/document-loader.js';
import { type IssuerProfile, buildOpenBadgeCredential } from '../../credentials/issuing/open-badge.js';
import { statusEntry } from '../../credentials/status/status-list.js';

/*
 * The unsigned Open Badges 3.0 credential of attendance: the same OpenBadgeCredential shape as a level
 * credential (holder named by a salted e-mail hash, a revocation entry), with an Achievement of its own per
 * event. Its achievementType is an extension term, "ext:Attendance": the OB 3.0 vocabulary is open to
 * terms prefixed ext:, and none of its values means attending (level credentials are "Certification").
 * The sessions attended are its evidence (one Evidence per session, with the time and hours) and the
 * hours its creditsEarned.
 */

export const ATTENDANCE_ACHIEVEMENT_TYPE = 'ext:Attendance';

export type AttendedItem = { title: string; startsAt: string | null; endsAt: string | null; quarters: number };

export type AttendanceCredentialInput = {
  id: string;
  issuer: IssuerProfile;
  publicUrl: string;
  event: { slug: string; title: string; startsOn: string; endsOn: string; timeZone: string; venue: string | null };
  holder: { email: string; salt: string; did?: string };
  items: AttendedItem[];
  status: { listUrl: string; index: number };
  issuedAt: Date;
};

const hoursText = (q: number) => `${q / 4} hour${q === 4 ? '' : 's'}`;

/** "10–11 March 2027" style dates of an event, in plain words. */
export function eventDates(startsOn: string, endsOn: string): string {
  const f = (d: string, o: Intl.DateTimeFormatOptions) => new Date(`${d}T12:00:00Z`).toLocaleDateString('en-GB', { ...o, timeZone: 'UTC' });
  if (startsOn === endsOn) return f(startsOn, { day: 'numeric', month: 'long', year: 'numeric' });
  return `${f(startsOn, { day: 'numeric', month: 'long' })} to ${f(endsOn, { day: 'numeric', month: 'long', year: 'numeric' })}`;
}

/** When a session ran, in the event's time zone: "10 March 2027, 09:00 to 10:00". */
export function sessionTime(item: AttendedItem, timeZone: string): string {
  if (!item.startsAt) return '';
  const d = new Date(item.startsAt);
  const day = d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone });
  const t = (iso: string) => new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone });
  return item.endsAt ? `${day}, ${t(item.startsAt)} to ${t(item.endsAt)}` : day;
}

export function buildAttendanceCredential(input: AttendanceCredentialInput): JsonObject {
  const { event } = input;
  const quarters = input.items.reduce((a, i) => a + i.quarters, 0);
  const dates = eventDates(event.startsOn, event.endsOn);
  const doc = buildOpenBadgeCredential({
    id: `urn:uuid:${input.id}`,
    issuer: input.issuer,
    achievement: {
      id: `${input.publicUrl}/events/${encodeURIComponent(event.slug)}#attendance`,
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
    type: ['Evidence'],
    name: i.title,
    description: [sessionTime(i, event.timeZone), hoursText(i.quarters)].filter(Boolean).join(' · '),
  }));
  return doc;
}
