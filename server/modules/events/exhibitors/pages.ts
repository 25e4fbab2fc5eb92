import { EventSlugParams, type PublicExhibitorList } from '../../../../contracts/events-exhibitors.js';
import type { Config } from '../../../config.js';
import { DomainError } from '../../../platform/errors.js';
import { renderPage, sendPage } from '../../../platform/http/pages.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import type { ExhibitorsService } from './exhibitors.service.js';

/** What the page reads with useServerValue (web/src/features/events/exhibitors/PublicExhibitorsPage.tsx). */
export type ServedExhibitors = { list: PublicExhibitorList } | { error: string };

/**
 * GET /events/:slug/exhibitors, a published event's sponsors and exhibitors by tier, rendered on the server
 * (decision 0019) as a static page: readable on a phone before any script, and indexable.
 */
export function exhibitorPages(app: ZodApp, config: Config, x: ExhibitorsService): void {
  app.get('/events/:slug/exhibitors', { config: { page: true }, schema: { hide: true, params: EventSlugParams } }, async (req, reply) => {
    const slug = req.params.slug;
    let value: ServedExhibitors;
    let title = 'Event not found – Guildhall';
    try {
      const list = await x.listPublic(slug);
      value = { list };
      title = `Sponsors and exhibitors: ${list.event.title} – Guildhall`;
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'NOT_FOUND')) throw error;
      value = { error: 'No published event has this address.' };
    }
    const html = await renderPage(req, config, { url: req.url, title, module: 'src/features/events/exhibitors/PublicExhibitorsPage.tsx', mode: 'static', values: { [`exhibitors:${slug}`]: value } });
    return sendPage(req, reply, html, 'list' in value ? 200 : 404);
  });
}
