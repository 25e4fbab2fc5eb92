import { EventSlugParams, type PublicEvent, reservedSlugs } from '../../../../contracts/events.js';
import type { Config } from '../../../config.js';
import { escapeXml } from '../../../platform/escape.js';
import { DomainError } from '../../../platform/errors.js';
import { jsonForScript, renderPage, sendPage } from '../../../platform/http/pages.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import type { PublicEventsService } from './public.service.js';

const statusOf = { published: 'EventScheduled', closed: 'EventScheduled', cancelled: 'EventCancelled', draft: 'EventScheduled' } as const;
const modeOf = { in_person: 'OfflineEventAttendanceMode', online: 'OnlineEventAttendanceMode', hybrid: 'MixedEventAttendanceMode' } as const;

/** The event as schema.org describes one (https://schema.org/Event): the sessions as sub-events, speakers as performers. */
export function eventJsonLd(e: PublicEvent, url: string): Record<string, unknown> {
  const place = e.venueName ? { '@type': 'Place', name: e.venueName, address: e.venueAddress ?? e.venueName } : null;
  const virtual = e.format !== 'in_person' ? { '@type': 'VirtualLocation', url } : null;
  const location = [place, virtual].filter(Boolean);
  const sessions = e.days.flatMap((d) => d.sessions);
  const sessionPlace = (room: string | null) => (room && e.venueName ? { '@type': 'Place', name: `${room}, ${e.venueName}`, address: e.venueAddress ?? e.venueName } : (location[0] ?? undefined));
  return {
    '@context': 'https://schema.org',
    '@type': 'Event',
    name: e.title,
    description: e.summary,
    url,
    startDate: sessions[0]?.startsAt.utc ?? e.startsOn,
    endDate: sessions.map((s) => s.endsAt.utc).sort().at(-1) ?? e.endsOn,
    eventStatus: `https://schema.org/${statusOf[e.status]}`,
    eventAttendanceMode: `https://schema.org/${modeOf[e.format]}`,
    location: location.length === 1 ? location[0] : location,
    organizer: { '@type': 'Organization', name: e.organizer },
    performer: e.speakers.map((s) => ({ '@type': 'Person', name: s.name })),
    subEvent: sessions.map((s) => ({
      '@type': 'Event',
      name: s.title,
      description: s.abstract,
      url: `${url}#session-${s.id}`,
      startDate: s.startsAt.utc,
      endDate: s.endsAt.utc,
      eventAttendanceMode: `https://schema.org/${modeOf[e.format]}`,
      ...(sessionPlace(s.room) ? { location: sessionPlace(s.room) } : {}),
      performer: s.speakers.map((x) => ({ '@type': 'Person', name: x.name })),
    })),
  };
}

/** Open Graph tags and the schema.org data of an event's page. */
function headOf(e: PublicEvent, url: string): string {
  const meta = (property: string, content: string) => `<meta property="${property}" content="${escapeXml(content)}" />`;
  return [
    `<link rel="canonical" href="${escapeXml(url)}" />`,
    `<meta name="description" content="${escapeXml(e.summary.slice(0, 300))}" />`,
    meta('og:type', 'website'),
    meta('og:title', e.title),
    meta('og:description', e.summary.slice(0, 300)),
    meta('og:url', url),
    `<link rel="alternate" type="text/calendar" title="${escapeXml(`${e.title}: programme`)}" href="${escapeXml(`${url}/programme.ics`)}" />`,
    `<script type="application/ld+json">${jsonForScript(eventJsonLd(e, url))}</script>`,
  ].join('\n    ');
}

/**
 * GET /events and GET /events/:slug rendered on the server (decision 0019) as static pages anyone may read
 * without a script and search engines index. The events' own page words (/events/manage, …) are the app's.
 */
export function corePages(app: ZodApp, config: Config, pub: PublicEventsService): void {
  app.get('/events', { config: { page: true }, schema: { hide: true } }, async (req, reply) => {
    const html = await renderPage(req, config, { url: req.url, title: 'Events – Guildhall', module: 'src/features/events/core/PublicEventsPage.tsx', mode: 'static', values: { 'events:list': await pub.list() } });
    return sendPage(req, reply, html);
  });

  app.get('/events/:slug', { config: { page: true }, schema: { hide: true, params: EventSlugParams } }, async (req, reply) => {
    const slug = req.params.slug;
    if ((reservedSlugs as readonly string[]).includes(slug)) return reply.callNotFound();
    const url = `${config.publicUrl}/events/${encodeURIComponent(slug)}`;
    let value: { event: PublicEvent } | { error: string };
    let head = '';
    let title = 'Event not found – Guildhall';
    try {
      const event = await pub.event(slug);
      value = { event };
      head = headOf(event, url);
      title = `${event.title} – Guildhall`;
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'NOT_FOUND')) throw error;
      value = { error: 'No event has this address.' };
    }
    const html = await renderPage(req, config, { url: req.url, title, module: 'src/features/events/core/PublicEventPage.tsx', mode: 'static', values: { [`event:${slug}`]: value }, head });
    return sendPage(req, reply, html, 'event' in value ? 200 : 404);
  });
}
