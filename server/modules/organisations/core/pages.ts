import type { Config } from '../../../config.js';
import { DomainError } from '../../../platform/errors.js';
import { jsonForScript, renderPage, sendPage } from '../../../platform/http/pages.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { SlugParams } from '../../../../contracts/organisations.js';
import type { organisationsService } from './organisations.service.js';

type Profile = Awaited<ReturnType<ReturnType<typeof organisationsService>['publicProfile']>>;

/** The organisation as schema.org describes one: only what the public page shows. */
function schemaOrg(o: Profile, url: string, publicUrl: string): string {
  const data = {
    '@context': 'https://schema.org',
    '@type': 'Organization',
    name: o.name,
    url: o.website ?? url,
    ...(o.website ? { sameAs: [url] } : {}),
    ...(o.description ? { description: o.description } : {}),
    ...(o.logoUrl ? { logo: `${publicUrl}${o.logoUrl}` } : {}),
    address: { '@type': 'PostalAddress', addressCountry: o.country },
  };
  return `<script type="application/ld+json">${jsonForScript(data)}</script>`;
}

/**
 * GET /orgs/:slug, an active organisation's public profile, rendered on the server (decision 0019) as a
 * static page anyone may read and search engines index. Staff pages live under /organisations/:id.
 */
export function corePages(app: ZodApp, config: Config, orgs: ReturnType<typeof organisationsService>): void {
  app.get('/orgs/:slug', { config: { page: true }, schema: { hide: true, params: SlugParams } }, async (req, reply) => {
    const slug = req.params.slug;
    let value: { profile: Profile } | { error: string; notFound: boolean };
    let head = '';
    let title = 'Organisation not found – Guildhall';
    try {
      const profile = await orgs.publicProfile(slug);
      value = { profile };
      head = schemaOrg(profile, `${config.publicUrl}/orgs/${encodeURIComponent(slug)}`, config.publicUrl);
      title = `${profile.name} – Guildhall`;
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'NOT_FOUND')) throw error;
      value = { error: 'No organisation has this address on Guildhall.', notFound: true };
    }
    const html = await renderPage(req, config, { url: req.url, title, module: 'src/features/organisations/core/PublicProfilePage.tsx', mode: 'static', values: { [`organisation:${slug}`]: value }, head });
    return sendPage(req, reply, html, 'profile' in value ? 200 : 404);
  });
}
