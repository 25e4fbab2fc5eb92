import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { CurrentUser } from '../../../contracts/accounts.js';
import type { Config } from '../../config.js';
import { currentUserOf } from '../current-user.js';
import { escapeXml } from '../escape.js';
import { sendHtml } from './compress.js';
import { compiledSerializer } from './serializer.js';
import { sendNotBuilt, webDist } from './web.js';

/**
 * Public pages rendered on the server (decision 0019): the web app's own components render to HTML here,
 * so a page is readable before (and without) any script. `app` pages then load the app, which hydrates
 * the HTML; `static` pages load only the enhance script (the header's disclosures) and stay plain HTML.
 */
export type PageRender = {
  /** The path and query the browser asked for; the app renders the route it names. */
  url: string;
  /** The whole document title, as the page's own Page component sets it ("… – Guildhall"). */
  title: string;
  /** The page's module in web/, as Vite's manifest names it: its CSS (and for `app` its script) is linked. */
  module: string;
  mode: 'app' | 'static';
  /** What the page's useServerValue(key) reads. */
  values: Record<string, unknown>;
  /** More of <head>: Open Graph tags, schema.org data. Already escaped. */
  head?: string;
};

type ManifestChunk = { file: string; css?: string[]; imports?: string[]; isEntry?: boolean };
type Manifest = Record<string, ManifestChunk>;
type ServerData = { url: string; mode: 'app' | 'static'; user: CurrentUser | null; values: Record<string, unknown> };
type Build = {
  stamp: number;
  template: string;
  manifest: Manifest;
  render: ((data: ServerData) => Promise<string>) | null;
  /** Each page module's stylesheets, inlined as one <style> element, with the hash the CSP names. */
  styles: Map<string, { tag: string; hash: string }>;
};

const serverEntry = path.resolve(webDist, '../dist-server/entry-server.js');
let cached: Build | null = null;
let render: Build['render'] | undefined;

/**
 * The built template and manifest, reread when web/dist is rebuilt, and the server renderer; null when the
 * app is not built. Without the renderer (a build from before it existed), pages are the app's plain shell.
 */
async function loadBuild(): Promise<Build | null> {
  let stamp: number;
  try {
    stamp = fs.statSync(path.join(webDist, 'index.html')).mtimeMs;
  } catch {
    return null;
  }
  if (cached?.stamp === stamp) return cached;
  const template = fs.readFileSync(path.join(webDist, 'index.html'), 'utf8');
  let manifest: Manifest = {};
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(webDist, '.vite', 'manifest.json'), 'utf8')) as Manifest;
  } catch {
    // An older build has no manifest: no page CSS to link, and the shell renders the page in the browser.
  }
  // Imported once per process, by its plain URL: its lazy chunks import it back by that URL, and a second
  // instance would hold a second copy of every React context. A rebuilt app's markup needs a restart;
  // its template and manifest (which name the hashed files) are reread at once.
  if (render === undefined && fs.existsSync(serverEntry)) {
    render = ((await import(pathToFileURL(serverEntry).href)) as { render: NonNullable<Build['render']> }).render;
  }
  cached = { stamp, template, manifest, render: fs.existsSync(serverEntry) ? (render ?? null) : null, styles: new Map() };
  return cached;
}

/** Loads the renderer ahead of the first page (a start-up hook), so no visitor waits for it. */
export async function warmPages(): Promise<boolean> {
  try {
    return (await loadBuild()) !== null;
  } catch {
    return false;
  }
}

/** Where the CSP of each rendered page's response comes from: the hash of its inline stylesheet. */
const inlineStyles = new WeakMap<FastifyRequest, string>();

/**
 * The app's stylesheet and the page's own, as one <style> element: a phone then paints the page from the
 * HTML alone, without another round trip for CSS before the first paint. The CSP allows exactly this
 * element by its hash (sendPage), so no other inline style is allowed.
 */
function inlineStyle(build: Build, module: string, files: string[]): { tag: string; hash: string } | null {
  const known = build.styles.get(module);
  if (known) return known;
  let css: string;
  try {
    css = files.map((f) => fs.readFileSync(path.join(webDist, f), 'utf8')).join('\n');
  } catch {
    return null;
  }
  const style = { tag: `<style>${css.replace(/<\/style/gi, '<\\/style')}</style>`, hash: '' };
  style.hash = `'sha256-${createHash('sha256').update(style.tag.slice(7, -8)).digest('base64')}'`;
  build.styles.set(module, style);
  return style;
}


/** JSON inside <script type="application/json">: nothing in it can close the element or start a comment. */
export const jsonForScript = (value: unknown) =>
  JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

/** A chunk and every chunk it imports statically, each once. */
function closure(manifest: Manifest, key: string, seen = new Set<string>()): ManifestChunk[] {
  const chunk = manifest[key];
  if (!chunk || seen.has(key)) return [];
  seen.add(key);
  return [chunk, ...(chunk.imports ?? []).flatMap((k) => closure(manifest, k, seen))];
}

/**
 * The whole HTML document of a page, or null when the web app is not built (the caller falls back).
 * A page whose render throws is logged and served as the app's plain shell, which renders it in the browser.
 */
export async function renderPage(request: FastifyRequest, config: Config, page: PageRender): Promise<string | null> {
  const build = await loadBuild();
  if (!build) return null;
  const user = request.actor ? currentUserOf(request.actor, request.ip, config) : null;
  const data: ServerData = { url: page.url, mode: page.mode, user, values: page.values };
  let body: string | null = null;
  try {
    if (build.render) body = await build.render(data);
  } catch (error) {
    request.log.error({ err: error, url: page.url }, 'server rendering failed; serving the app shell');
  }
  const chunks = closure(build.manifest, page.module);
  const entry = build.manifest['index.html'];
  const have = new Set([...(entry?.css ?? []), ...closure(build.manifest, 'index.html').map((c) => c.file)]);
  const css = [...new Set(chunks.flatMap((c) => c.css ?? []))].filter((f) => !have.has(f));
  let html = build.template;
  const style = body === null ? null : inlineStyle(build, page.module, [...(entry?.css ?? []), ...css]);
  const links = style ? [style.tag] : css.map((f) => `<link rel="stylesheet" href="/${f}" />`);
  if (style) {
    inlineStyles.set(request, style.hash);
    html = html.replace(/\s*<link rel="stylesheet"[^>]*href="\/assets\/[^"]+\.css"[^>]*>/g, '');
  }
  if (body !== null && page.mode === 'static') {
    const enhance = build.manifest['src/enhance.ts'];
    // No app: drop its script and preloads; the enhance script is all the page runs.
    html = html.replace(/\s*<script type="module"[^>]*><\/script>/g, '').replace(/\s*<link rel="modulepreload"[^>]*>/g, '');
    if (enhance) links.push(`<script type="module" src="/${enhance.file}"></script>`);
  } else if (body !== null) {
    // The page's own chunks load beside the app's, so hydration does not wait for a second round trip.
    links.push(...chunks.filter((c) => !have.has(c.file)).map((c) => `<link rel="modulepreload" crossorigin href="/${c.file}" />`));
  }
  const head = [page.head, ...links].filter(Boolean).join('\n    ');
  html = html.replace(/<title>[^<]*<\/title>/, () => `<title>${escapeXml(page.title)}</title>`).replace('</head>', () => `    ${head}\n  </head>`);
  if (body === null) return html;
  const dataScript = page.mode === 'app' ? `<script type="application/json" id="server-data">${jsonForScript(data)}</script>` : '';
  // Replacer functions throughout: the body holds people's names, in which `$&` must stay text.
  return html
    .replace(/\s*<noscript><p>[^<]*<\/p><\/noscript>/, '')
    .replace('<div id="root"></div>', () => `<div id="root">${body}</div>${dataScript}`);
}

/**
 * Sends a page (renderPage's answer; null while the app is not built), compressed as the browser accepts: personal pages (a signed-in visitor's header and CSRF token) are never stored; others
 * are revalidated on every visit, since a credential's status may change at any moment.
 */
export function sendPage(request: FastifyRequest, reply: FastifyReply, html: string | null, status = 200): FastifyReply {
  if (html === null) return sendNotBuilt(reply);
  reply.header('cache-control', request.actor ? 'private, no-store' : 'no-cache').header('vary', 'cookie');
  const hash = inlineStyles.get(request);
  const csp = reply.getHeader('content-security-policy');
  if (hash && typeof csp === 'string') reply.header('content-security-policy', csp.replace("style-src 'self'", () => `style-src 'self' ${hash}`));
  return sendHtml(request, reply, html, status);
}

/** A signed-in page's answer to a visitor without a session: sign in, then come back (as the app's guard does, and without a script). */
export const redirectToSignIn = (request: FastifyRequest, reply: FastifyReply) =>
  reply.header('cache-control', 'no-store').redirect(`/sign-in?next=${encodeURIComponent(request.url)}`, 303);

/**
 * A page value as its API operation answers it: written by the same compiled serializer (the fields its
 * response schema lists, dates as text), so the page hydrates with the value a fetch would have given it.
 */
export function asAnswered<S extends z.ZodType>(schema: S): (value: z.output<S>) => z.output<S> {
  let write: ((data: unknown) => string) | null = null;
  return (value) => {
    // Compiled on first use, as the API's own are: most apps the tests build never render a page.
    write ??= compiledSerializer(schema);
    return JSON.parse(write(value));
  };
}
