import type { FastifyRequest } from 'fastify';
import { type RegisterPage, SearchRegisterQuery } from '../../../contracts/register.js';
import type { Config } from '../../config.js';
import { DomainError } from '../../platform/errors.js';
import { renderPage, sendPage } from '../../platform/http/pages.js';
import type { ZodApp } from '../../platform/http/zod-app.js';
import type { RegisterService } from './register.service.js';

/** The search form's fields (web/src/features/register/RegisterPage.tsx): problems with them are shown beside them. */
const fields = ['q', 'level', 'country', 'credentialId'] as const;

/** What the page reads for the search in its URL (useServerValue(`register:<query>`)). */
export type ServedSearch = { page: RegisterPage } | { errors: Record<string, string[]> } | { error: string };

/** A query parameter as one raw string (the first, if repeated); '' when absent. */
function raw(query: unknown, key: string): string {
  const v = (query as Record<string, unknown> | null)?.[key];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first : '';
}

/** Problems named by field (`querystring.country` → country) as the page shows them; the rest as one message. */
function served(issues: Array<{ path: string; message: string }>, fallback: string): ServedSearch {
  const errors: Record<string, string[]> = {};
  for (const i of issues) {
    const field = i.path.replace(/^querystring\./, '');
    if ((fields as readonly string[]).includes(field)) errors[field] = [...(errors[field] ?? []), i.message];
  }
  return Object.keys(errors).length ? { errors } : { error: issues[0]?.message ?? fallback };
}

/**
 * The search in the address, as searchRegister runs it: a page of results, or the problems with the
 * criteria (never a JSON error: the page shows them, as the form does); undefined for an empty search.
 */
async function searchOf(req: FastifyRequest, register: RegisterService): Promise<ServedSearch | undefined> {
  const criteria = Object.fromEntries(fields.map((k) => [k, raw(req.query, k)]));
  if (fields.every((k) => !criteria[k])) return undefined;
  const cursor = raw(req.query, 'cursor');
  const parsed = SearchRegisterQuery.safeParse({ ...criteria, ...(cursor ? { cursor } : {}) });
  if (!parsed.success) return served(parsed.error.issues.map((i) => ({ path: String(i.path[0] ?? ''), message: i.message })), 'Check the search.');
  try {
    return { page: JSON.parse(await register.searchJson(parsed.data)) as RegisterPage };
  } catch (error) {
    if (error instanceof DomainError && error.code === 'VALIDATION_FAILED') {
      return served((error.details as { issues?: Array<{ path: string; message: string }> }).issues ?? [], error.message);
    }
    req.log.error({ err: error }, 'the register page was rendered without its results');
    return { error: 'The register could not be searched; try again.' };
  }
}

/**
 * GET /register rendered on the server (decision 0019) and hydrated by the app: the form, its problems
 * and a page of results arrive as HTML, and the form and the page links work without any script.
 */
export function registerPages(app: ZodApp, config: Config, register: RegisterService): void {
  // The same limit as the search API: the page must not be a faster way to copy the register.
  const max = Math.max(1, Math.floor(config.rateLimitPerMinute / 10));
  app.get('/register', { config: { page: true, rateLimit: { max, timeWindow: '1 minute' } }, schema: { hide: true } }, async (req, reply) => {
    const query = new URLSearchParams(req.url.split('?')[1] ?? '').toString();
    const levels = register.levels().catch((error: unknown) => {
      // The page asks for them itself, as after a navigation.
      req.log.warn({ err: error }, 'the register page was rendered without its levels');
      return undefined;
    });
    const [levelList, search] = await Promise.all([levels, searchOf(req, register)]);
    const values: Record<string, unknown> = levelList ? { 'register:levels': levelList } : {};
    if (search) values[`register:${query}`] = search;
    const html = await renderPage(req, config, { url: req.url, title: 'Public register – Guildhall', module: 'src/features/register/RegisterPage.tsx', mode: 'app', values });
    return sendPage(req, reply, html);
  });
}
