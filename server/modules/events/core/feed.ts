import ical, { ICalCalendarMethod } from 'ical-generator';
import type { PublicEvent } from '../../../../contracts/events.js';

/**
 * The whole programme as an iCalendar feed (RFC 5545): one VEVENT per scheduled session, its UID stable
 * for the session (so a calendar updates it rather than adding a copy), times in UTC, the room as its
 * LOCATION, the abstract and speakers as its DESCRIPTION and the event's page as its URL. DTSTAMP is the
 * event's last change, so the same revision always gives the same text.
 */
export function programmeIcs(event: PublicEvent, pageUrl: string, stamp: string, host: string): string {
  const cal = ical({ name: event.title, prodId: { company: 'Guildhall', product: 'events', language: 'EN' }, method: ICalCalendarMethod.PUBLISH, url: pageUrl });
  for (const day of event.days) {
    for (const s of day.sessions) {
      const who = s.speakers.map((x) => x.name).join(', ');
      cal.createEvent({
        id: `session-${s.id}@${host}`,
        start: new Date(s.startsAt.utc),
        end: new Date(s.endsAt.utc),
        stamp: new Date(stamp),
        summary: s.title,
        description: [s.abstract, who ? `Speakers: ${who}` : '', s.track ? `Track: ${s.track}` : ''].filter(Boolean).join('\n\n'),
        ...(s.room ? { location: [s.room, event.venueName].filter(Boolean).join(', ') } : {}),
        url: `${pageUrl}#session-${s.id}`,
      });
    }
  }
  return cal.toString();
}
