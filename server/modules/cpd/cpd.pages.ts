import type { FastifyRequest } from 'fastify';
import { CpdActivityPage, CpdPlan, CpdRuleSetList, ListCpdActivitiesQuery, TrackedCredentialList } from '../../../contracts/cpd.js';
import { CPD_LOG_PAGE_SIZE } from '../../../contracts/cpd-types.js';
import type { Config } from '../../config.js';
import type { RequestContext } from '../../platform/context.js';
import { contextOf, enforceAccess } from '../../platform/http/auth-hook.js';
import { asAnswered, redirectToSignIn, renderPage, sendPage } from '../../platform/http/pages.js';
import { type AccessRule, type ZodApp, access } from '../../platform/http/zod-app.js';
import type { PortfolioService } from '../portfolio/portfolio.service.js';
import type { CpdService } from './cpd.service.js';

/** The access the API operations the page calls declare (cpd.routes.ts, getPortfolio): checked here too. */
const cpdRead = access({ scope: 'cpd:read', owner: 'self' })['x-access'];
const portfolioRead = access({ scope: 'account:read', owner: 'self' })['x-access'];

type Load = { key: string; rule: AccessRule; load: (ctx: RequestContext) => Promise<unknown> };

function pageLoads(cpd: CpdService, portfolio: Pick<PortfolioService, 'view'>): Load[] {
  const log = asAnswered(CpdActivityPage);
  const ruleSets = asAnswered(CpdRuleSetList);
  const tracked = asAnswered(TrackedCredentialList);
  const plan = asAnswered(CpdPlan);
  // The log's first page with no filters: the page's filters and later pages are the browser's to load.
  const firstPage = ListCpdActivitiesQuery.parse({ page: 1, pageSize: CPD_LOG_PAGE_SIZE });
  return [
    { key: 'cpd:summary', rule: cpdRead, load: async (ctx) => JSON.parse(await cpd.summaryJson(ctx)) },
    { key: 'cpd:ruleSets', rule: cpdRead, load: async (ctx) => ruleSets(await cpd.ruleSets(ctx)) },
    { key: 'cpd:tracked', rule: cpdRead, load: async (ctx) => tracked(await cpd.listTracked(ctx)) },
    { key: 'cpd:plan', rule: cpdRead, load: async (ctx) => plan(await cpd.plan(ctx)) },
    { key: 'cpd:log', rule: cpdRead, load: async (ctx) => log(await cpd.list(ctx, firstPage)) },
    // The log form offers the portfolio's evidence by title: only ids and titles travel.
    { key: 'cpd:evidence', rule: portfolioRead, load: async (ctx) => (await portfolio.view(ctx)).evidence.map((e) => ({ id: e.id, title: e.title })) },
  ];
}

/** Every value the page reads, loaded at once; one that fails is left out and the page fetches it itself. */
async function valuesOf(req: FastifyRequest, loads: Load[]): Promise<Record<string, unknown>> {
  const ctx = contextOf(req);
  const loaded = await Promise.all(
    loads.map(async ({ key, rule, load }) => {
      try {
        enforceAccess(rule, ctx.actor);
        return [key, await load(ctx)] as const;
      } catch (error) {
        req.log.warn({ err: error, value: key }, 'the CPD page was rendered without one of its values');
        return null;
      }
    }),
  );
  return Object.fromEntries(loaded.filter((l) => l !== null));
}

/**
 * GET /cpd rendered on the server with the member's own CPD (decision 0019) and hydrated by the app, so a
 * phone paints the totals and the log from the HTML instead of after the script and six API requests.
 */
export function cpdPages(app: ZodApp, config: Config, cpd: CpdService, portfolio: Pick<PortfolioService, 'view'>): void {
  const loads = pageLoads(cpd, portfolio);
  app.get('/cpd', { config: { page: true }, schema: { hide: true } }, async (req, reply) => {
    if (!req.actor) return redirectToSignIn(req, reply);
    // The app shows the page to members only (web/src/App.tsx); anyone else gets its refusal, with no data.
    const member = req.actor.roles.has('member');
    const values = member ? await valuesOf(req, loads) : {};
    // The document title the page itself sets for what it shows.
    const title = `${member ? 'CPD' : 'Not available to you'} – Guildhall`;
    const html = await renderPage(req, config, { url: req.url, title, module: 'src/features/cpd/CpdPage.tsx', mode: 'app', values });
    return sendPage(req, reply, html);
  });
}
