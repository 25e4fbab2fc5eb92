import type { FastifyRequest } from 'fastify';
import { CredentialParams } from '../../../../contracts/credentials.js';
import type { Config } from '../../../config.js';
import { DomainError } from '../../../platform/errors.js';
import { contextOf } from '../../../platform/http/auth-hook.js';
import { jsonForScript, renderPage, sendPage, warmPages } from '../../../platform/http/pages.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { escapeXml as escapeHtml } from '../../../platform/escape.js';
import type { OgTags, PublicService } from './public.service.js';
import type { VerificationService } from '../verifying/verification.service.js';
import { demoForeignSamples } from '../../../demo/foreign-samples.js';

type Deps = { pub: PublicService; verification: VerificationService; config: Config };
const page = { page: true };

/** Open Graph and Twitter tags of a credential's page, for link previews (which run no JavaScript). */
export function ogHead(og: OgTags): string {
  const meta = (property: string, content: string) => `<meta property="${property}" content="${escapeHtml(content)}" />`;
  return [
    meta('og:type', 'website'),
    meta('og:site_name', og.siteName),
    meta('og:title', og.title),
    meta('og:description', og.description),
    meta('og:image', og.image.url),
    meta('og:image:type', og.image.type),
    ...(og.image.width && og.image.height ? [meta('og:image:width', String(og.image.width)), meta('og:image:height', String(og.image.height))] : []),
    meta('og:image:alt', og.image.alt),
    meta('og:url', og.url),
    // A wide picture (1200 × 630) is shown large; the seal of a missing credential's page as a summary.
    `<meta name="twitter:card" content="${og.image.width ? 'summary_large_image' : 'summary'}" />`,
    `<meta name="twitter:image:alt" content="${escapeHtml(og.image.alt)}" />`,
    `<link rel="canonical" href="${escapeHtml(og.url)}" />`,
  ].join('\n    ');
}

/** The credential as schema.org describes one, for search engines: only what the public page shows. */
function schemaOrg(c: Awaited<ReturnType<PublicService['get']>>, url: string): string {
  const data = {
    '@context': 'https://schema.org',
    '@type': 'EducationalOccupationalCredential',
    name: c.postNominals ? `${c.levelName} (${c.postNominals})` : c.levelName,
    credentialCategory: 'Professional credential',
    url,
    dateCreated: c.awardedAt,
    recognizedBy: { '@type': 'Organization', name: c.issuer.name, url: c.issuer.url },
  };
  return `<script type="application/ld+json">${jsonForScript(data)}</script>`;
}

/** A DomainError's words for the page (the API's message), or a general one. */
const pageError = (error: unknown) => ({
  notFound: error instanceof DomainError && error.code === 'NOT_FOUND',
  message: error instanceof Error ? error.message : 'The credential could not be read; try again.',
});

/** Our verdict on one of our credentials, or null when it cannot be checked now (the page still shows the rest). */
async function verdictOf(d: Deps, request: FastifyRequest, id: string): Promise<unknown> {
  try {
    return JSON.parse((await d.verification.verifyById(id)).toString('utf8'));
  } catch (error) {
    request.log.warn({ err: error, credentialId: id }, 'the credential page was rendered without its verdict');
    return null;
  }
}

/**
 * The public pages of credentials, rendered on the server (decision 0019): a credential's page (plain
 * HTML, no app script: it must arrive in one round trip on a phone) and /verify (hydrated by the app).
 */
export function credentialPages(app: ZodApp, d: Deps): void {
  // The first visitor after a start should not wait for the renderer's code to load.
  app.addHook('onListen', async () => void (await warmPages()));
  app.get('/credentials/:credentialId', { config: page, schema: { hide: true, params: CredentialParams } }, async (req, reply) => {
    const id = req.params.credentialId;
    const og = await d.pub.ogTags(id);
    let value: unknown;
    let head = ogHead(og);
    // The document's title is the one the page itself sets in the app; link previews read og:title.
    let title = og.found ? 'Credential – Guildhall' : 'Credential not found – Guildhall';
    try {
      const [credential, verification, holder] = await Promise.all([
        d.pub.get(contextOf(req), id),
        verdictOf(d, req, id),
        req.actor ? d.pub.heldBy(id, req.actor.userId) : false,
      ]);
      // The badge travels inside the page (the CSP allows data: images): on a phone it is the largest thing
      // painted, and fetching it took one more round trip after the HTML.
      const svg = await d.pub.badge(credential.levelId).catch(() => null);
      value = { credential, verification, holder, ...(svg ? { badge: `data:image/svg+xml,${encodeURIComponent(svg)}` } : {}) };
      head += `\n    ${schemaOrg(credential, og.url)}`;
      title = `${credential.levelName}${credential.postNominals ? ` (${credential.postNominals})` : ''} – credential – Guildhall`;
    } catch (error) {
      value = { error: pageError(error) };
    }
    const html = await renderPage(req, d.config, {
      url: req.url,
      title,
      module: 'src/features/credential-public/CredentialPublicPage.tsx',
      mode: 'static',
      values: { [`credential:${id}`]: value },
      head,
    });
    // Without a built web app, a bare page still carries the tags and says what the credential is.
    const bare = `<!doctype html>\n<html lang="en-GB">\n  <head>\n    <meta charset="utf-8" />\n    <title>${escapeHtml(og.title)}</title>\n    ${head}\n  </head>\n  <body>\n    <p>${escapeHtml(og.description)}</p>\n  </body>\n</html>\n`;
    return sendPage(req, reply, html ?? bare, og.found ? 200 : 404);
  });

  app.get('/verify', { config: page, schema: { hide: true } }, async (req, reply) => {
    const query = req.query as Record<string, unknown>;
    const id = typeof query['credential'] === 'string' ? query['credential'] : null;
    const values: Record<string, unknown> = {};
    if (id) {
      try {
        values[`verify:${id}`] = { result: JSON.parse((await d.verification.verifyById(id)).toString('utf8')) };
      } catch (error) {
        const e = pageError(error);
        values[`verify:${id}`] = { error: e.notFound ? 'No credential of this body has that id. Check the link, or paste the credential below.' : e.message };
      }
    }
    // Demo mode only: other issuers' credentials a visitor can paste (server/demo/foreign-samples.ts).
    if (d.config.demo) {
      try {
        values['verify:samples'] = await demoForeignSamples();
      } catch (error) {
        req.log.warn({ err: error }, 'the demo samples could not be made; /verify is served without them');
      }
    }
    const html = await renderPage(req, d.config, { url: req.url, title: 'Verify a credential – Guildhall', module: 'src/features/verify/VerifyPage.tsx', mode: 'app', values });
    return sendPage(req, reply, html);
  });
}
