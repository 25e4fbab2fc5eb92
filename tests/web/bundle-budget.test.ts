import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/*
 * What a first visit to each page of the web app downloads: the entry chunk and its static imports, then the
 * page's own chunk and its static imports, read from Vite's build manifest. Issue #13 aims at no more than
 * 100 KB of compressed JavaScript for any page, no page bringing another feature's code, and a build without
 * warnings. The app is built here into a temporary folder (web/dist may be in use by a running server).
 */

const root = path.resolve(import.meta.dirname, '../..');
const web = path.join(root, 'web');
const budget = 100 * 1024;

type ManifestChunk = { file: string; src?: string; isEntry?: boolean; isDynamicEntry?: boolean; imports?: string[]; dynamicImports?: string[] };
/** `via`: the lazily loaded router a feature routes its own pages with (OrganisationRoutes, EventRoutes), or the /admin/ pages' (AdminRoutes). */
type Route = { path: string; page: string | null; via?: string };

let out = '';
let manifest: Record<string, ManifestChunk> = {};
const modulesOf = new Map<string, string[]>();
const warnings: string[] = [];

beforeAll(async () => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'guildhall-web-'));
  const { build, createLogger } = await import('vite');
  const logger = createLogger('warn');
  // A production bundle whatever the test runner set (see scripts/build-web.mjs).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: path.join(web, 'vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
      customLogger: { ...logger, warn: (m) => void warnings.push(m), warnOnce: (m) => void warnings.push(m) },
      // Timing notes depend on how busy the machine is, not on the app; they are not what this test is about.
      build: { outDir: out, rolldownOptions: { checks: { bundlerTimings: false } } },
      plugins: [
        {
          name: 'record-chunk-modules',
          generateBundle(_options, bundle) {
            for (const chunk of Object.values(bundle)) if (chunk.type === 'chunk') modulesOf.set(chunk.fileName, chunk.moduleIds);
          },
        },
      ],
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  // Where the production build writes it too (web/dist/.vite/manifest.json): server-side rendering reads it.
  manifest = JSON.parse(fs.readFileSync(path.join(out, '.vite', 'manifest.json'), 'utf8'));
}, 120_000);

afterAll(() => {
  if (out) fs.rmSync(out, { recursive: true, force: true });
});

/** Every route of App.tsx and the source of its lazily loaded page (null: rendered by the shell itself). */
function routes(): Route[] {
  const app = fs.readFileSync(path.join(web, 'src', 'App.tsx'), 'utf8');
  const pages = new Map([...app.matchAll(/const (\w+) = page\(\s*\(\) => import\('\.\/([^']+)\.js'\)/g)].map((m) => [m[1], `src/${m[2]}.tsx`]));
  return app
    .split(/<Route\b/)
    .slice(1)
    .map((part) => {
      const name = [...part.matchAll(/<(\w+)\s*\/>/g)].map((m) => m[1]).find((n) => pages.has(n));
      return { path: /path="([^"]+)"/.exec(part)?.[1] ?? '?', page: name ? (pages.get(name) ?? null) : null };
    });
}

/** The pages a feature's own router (a table of paths and lazily loaded pages) routes, each first loaded through it. */
function featureRoutes(router: string): Route[] {
  const source = fs.readFileSync(path.join(web, router), 'utf8');
  const dir = path.posix.dirname(router);
  const pages = new Map([...source.matchAll(/const (\w+) = page\(\(\) => import\('\.\/([^']+)\.js'\)/g)].map((m) => [m[1], `${dir}/${m[2]}.tsx`]));
  return [...source.matchAll(/\{ path: '([^']+)', Page: (\w+)/g)].map((m) => ({ path: m[1] as string, page: pages.get(m[2] as string) ?? null, via: router }));
}

/** Every page: App.tsx's routes and those of the routers they load. */
const allRoutes = (): Route[] => [
  ...routes(),
  ...featureRoutes('src/features/organisations/OrganisationRoutes.tsx'),
  ...featureRoutes('src/features/events/EventRoutes.tsx'),
  ...featureRoutes('src/AdminRoutes.tsx'),
];

/** A manifest entry and everything it imports statically, as manifest keys. */
function closure(key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const i of manifest[key]?.imports ?? []) closure(i, seen);
  return seen;
}

/** The app's entry; the build's only other entry is the enhance script of pages served without the app. */
const entryKey = () => {
  const keys = Object.keys(manifest).filter((k) => manifest[k]?.isEntry);
  expect(keys.sort()).toEqual(['index.html', 'src/enhance.ts']);
  return 'index.html';
};

/** The chunks (file names) a first load of the route fetches. */
function firstLoad(route: Route): string[] {
  const keys = closure(entryKey());
  if (route.via) closure(route.via, keys);
  if (route.page) {
    expect(manifest[route.page], `${route.page} (${route.path}) is not a chunk of its own: something imports it statically`).toBeDefined();
    closure(route.page, keys);
  }
  return [...keys].map((k) => manifest[k]?.file as string);
}

const gzipped = new Map<string, number>();
const gzipSize = (file: string) => {
  let n = gzipped.get(file);
  if (n === undefined) {
    n = zlib.gzipSync(fs.readFileSync(path.join(out, file)), { level: 9 }).length;
    gzipped.set(file, n);
  }
  return n;
};

/** The feature folder (web/src/features/<name>/) a module or page source belongs to, if any. */
const featureOf = (id: string) => /(?:^|\/)src\/features\/([^/]+)\//.exec(id.replaceAll('\\', '/'))?.[1] ?? null;

describe('web bundle by route', () => {
  it('finds the routes of App.tsx, each page a chunk of its own', () => {
    const all = routes();
    expect(all.length).toBeGreaterThan(20);
    expect(all.filter((r) => r.page !== null).length).toBeGreaterThan(20);
    for (const r of all) if (r.page) expect(manifest[r.page]?.isDynamicEntry, `${r.page} (${r.path})`).toBe(true);
    // The module lists the other checks read came with the build.
    expect(modulesOf.get(manifest[entryKey()]?.file ?? '')?.length).toBeGreaterThan(10);
    // The organisations' own router is read too: every page of its table is a chunk of its own.
    const organisations = featureRoutes('src/features/organisations/OrganisationRoutes.tsx');
    expect(organisations.length).toBeGreaterThan(15);
    for (const r of organisations) expect(manifest[r.page ?? '']?.isDynamicEntry, `${r.page} (${r.path})`).toBe(true);
    const admin = featureRoutes('src/AdminRoutes.tsx');
    expect(admin.length).toBeGreaterThan(5);
    for (const r of admin) expect(manifest[r.page ?? '']?.isDynamicEntry, `${r.page} (${r.path})`).toBe(true);
  });

  it('builds without a warning (chunk size or any other)', () => {
    expect(warnings).toEqual([]);
  });

  it(`fetches at most ${budget / 1024} KB of gzip-compressed JavaScript on the first load of any route`, () => {
    const over: string[] = [];
    for (const r of allRoutes()) {
      const files = firstLoad(r).filter((f) => f.endsWith('.js'));
      const total = files.reduce((n, f) => n + gzipSize(f), 0);
      if (total > budget) over.push(`${r.path}: ${(total / 1024).toFixed(1)} KB in ${files.map((f) => `${path.basename(f)} ${(gzipSize(f) / 1024).toFixed(1)}`).join(', ')}`);
    }
    expect(over).toEqual([]);
  });

  it("brings no other feature's code on a route's first load, and none in the shell", () => {
    const found: string[] = [];
    for (const r of allRoutes()) {
      const own = r.page ? featureOf(r.page) : null;
      for (const file of firstLoad(r)) {
        for (const id of modulesOf.get(file) ?? []) {
          const feature = featureOf(id);
          if (feature && feature !== own) found.push(`${r.path} loads ${path.relative(root, id)} (feature ${feature}) in ${path.basename(file)}`);
        }
      }
    }
    expect(found).toEqual([]);
  });

  it('brings no zod on any first load: forms fetch it with their contract schemas when first used', () => {
    const found = new Set<string>();
    for (const r of allRoutes()) {
      for (const file of firstLoad(r)) {
        const ids = modulesOf.get(file) ?? [];
        if (ids.some((id) => /[\\/]node_modules[\\/]zod[\\/]/.test(id))) found.add(`${r.path}: ${path.basename(file)}`);
      }
    }
    expect([...found]).toEqual([]);
  });

  it('keeps the enhance script (all that a server-rendered credential page runs) small and free of the app', () => {
    const enhance = manifest['src/enhance.ts'];
    expect(enhance?.imports ?? []).toEqual([]);
    expect(gzipSize(enhance?.file as string)).toBeLessThan(2048);
    const ids = modulesOf.get(enhance?.file as string) ?? [];
    expect(ids.filter((id) => /node_modules/.test(id))).toEqual([]);
  });
});
