import type { FastifyRequest } from 'fastify';
import type { Role } from '../../../contracts/accounts.js';
import { ApplicationParams, ApplicationView } from '../../../contracts/applications.js';
import type { Config } from '../../config.js';
import { DomainError } from '../../platform/errors.js';
import { contextOf } from '../../platform/http/auth-hook.js';
import { asAnswered, redirectToSignIn, renderPage, sendPage } from '../../platform/http/pages.js';
import type { ZodApp } from '../../platform/http/zod-app.js';
import type { ApplicationsService } from './applications.service.js';

/** The roles the app's route for /assess/:id admits (web/src/App.tsx); anyone else is shown its refusal. */
const workbenchRoles: readonly Role[] = ['assessor', 'scheme_admin'];

/** The view exactly as getApplication sends it, so the page hydrates with the value a fetch would have given it. */
const asSent = asAnswered(ApplicationView);

/**
 * The caller's own view of the application, as getApplication answers them (the same service, with the
 * request's actor, so every check the API makes applies); undefined when it refuses or fails (the page then
 * asks the API itself and shows the API's answer, as after a navigation).
 */
async function viewFor(req: FastifyRequest, applications: ApplicationsService, id: string): Promise<ApplicationView | undefined> {
  if (!ApplicationParams.safeParse({ applicationId: id }).success) return undefined;
  try {
    return asSent(await applications.get(contextOf(req), id));
  } catch (error) {
    if (error instanceof DomainError) req.log.info({ code: error.code }, 'the workbench was rendered without the application');
    else req.log.error({ err: error }, 'the workbench was rendered without the application');
    return undefined;
  }
}

/**
 * GET /assess/:id, the assessor's workbench, rendered on the server with the signed-in caller's view of the
 * application (decision 0019) and hydrated by the app, so a phone paints it without waiting for the script,
 * the session check and the application's request.
 */
export function applicationsPages(app: ZodApp, config: Config, applications: ApplicationsService): void {
  app.get('/assess/:id', { config: { page: true }, schema: { hide: true } }, async (req, reply) => {
    if (!req.actor) return redirectToSignIn(req, reply);
    const { id } = req.params as { id: string };
    const staff = workbenchRoles.some((r) => req.actor?.roles.has(r));
    const view = staff ? await viewFor(req, applications, id) : undefined;
    // The document title the page itself sets for what it shows.
    const title = !staff ? 'Not available to you' : view?.assessment ? `Assess: ${view.applicant.name}, ${view.levelName}` : 'Assess an application';
    const html = await renderPage(req, config, {
      url: req.url,
      title: `${title} – Guildhall`,
      module: 'src/features/assess/WorkbenchPage.tsx',
      mode: 'app',
      values: view ? { [`assess:${id}`]: view } : {},
    });
    return sendPage(req, reply, html);
  });
}
