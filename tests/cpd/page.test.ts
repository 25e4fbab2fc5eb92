// GET /cpd rendered on the server with the member's own CPD (decision 0019): the totals, the log's first
// page, tracked credentials and the plan arrive as HTML, with the values the API answers in the data block
// the app hydrates from. The suite's global setup (tests/support/web-build.ts) builds the web app.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Browser, type Json, call, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { workItem, withDefaultScheme } from '../portfolio/support.js';

let app: TestApp;
let alice: Browser & { id: string };
let bob: Browser & { id: string };
let staff: Browser & { id: string };
const HOSTILE = '</script><script>alert(1)</script> $& Retro';

const activity = (title: string, occurredOn = '2026-10-01') => ({
  type: 'self-study',
  title,
  occurredOn,
  hours: 2,
  provider: null,
  learned: 'Something worth keeping',
  apply: 'In the next review',
  details: { material: 'A handbook' },
  evidenceIds: [],
});

async function ok(b: Browser, opts: Parameters<Browser['req']>[0]): Promise<Json> {
  const res = await b.req(opts);
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json();
}

beforeAll(async () => {
  app = await testApp();
  await withDefaultScheme(app);
  alice = await signedInUser(app, 'alice@example.org', ['member']);
  bob = await signedInUser(app, 'bob@example.org', ['member']);
  staff = await signedInUser(app, 'staff@example.org', ['scheme_admin']);
  // More activities than the first page holds, the newest a hostile title.
  for (let i = 1; i <= 21; i++) {
    await ok(alice, { method: 'POST', url: '/api/v1/me/cpd/activities', payload: activity(`Alice study ${String(i).padStart(2, '0')}`, `2026-09-${String(i).padStart(2, '0')}`) });
  }
  await ok(alice, { method: 'POST', url: '/api/v1/me/cpd/activities', payload: activity(HOSTILE, '2026-10-02') });
  await ok(alice, { method: 'POST', url: '/api/v1/me/cpd/tracked-credentials', payload: { name: 'Alice Project Professional', issuer: 'A PM institute', ruleSetKey: 'project-management', cycleStart: '2026-01-01' } });
  await ok(alice, { method: 'PUT', url: '/api/v1/me/cpd/plan', payload: { goals: [{ text: 'Alice leads a problem review', by: null, done: false }], planned: [], reminders: [] } });
  const item = await ok(alice, { method: 'POST', url: '/api/v1/me/portfolio/items', payload: workItem() });
  await ok(alice, { method: 'POST', url: '/api/v1/me/evidence', payload: { title: 'Alice evidence link', url: 'https://example.org/alice', itemIds: [item.item.id] } });
  await ok(bob, { method: 'POST', url: '/api/v1/me/cpd/activities', payload: activity('Bob reads a book') });
}, 60_000);
afterAll(async () => {
  await app?.close();
});

const page = (url: string, who?: Browser) => call(app, { method: 'GET', url, headers: { accept: 'text/html' }, ...(who ? { cookies: { gh_session: who.cookie } } : {}) });
/** The rendered app (#root), without the data it was rendered with. */
const root = (html: string) => html.slice(html.indexOf('<div id="root">'), html.indexOf('<script type="application/json" id="server-data">'));
/** The page's text as a reader sees it: no tags, entities decoded, spaces collapsed. */
const text = (html: string) =>
  root(html)
    .replace(/<!-- -->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
/** Every script element's opening tag: the app's module and the data block, never inline code. */
const scripts = (html: string) => [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
/** The values the page was rendered with, as the app reads them. */
const values = (html: string): Json => JSON.parse(/<script type="application\/json" id="server-data">([^<]*)<\/script>/.exec(html)?.[1] ?? 'null').values;

describe('the CPD page, rendered on the server', () => {
  it('holds the member’s totals, the first page of the log, tracked credentials and the plan in its HTML', async () => {
    const res = await page('/cpd', alice);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.body).toContain('<title>CPD – Guildhall</title>');
    const body = root(res.body);
    expect(body).toMatch(/<h1 tabindex="-1">Continual professional development<\/h1>/);
    expect(text(res.body)).toContain('22 activities logged; 44 hours in 2026. Each credential counts them by its own rules.');
    expect(body).toMatch(/<h3 id="cpd-[^"]+-title">Alice Project Professional/);
    expect(body).toContain('<p class="item-title">Alice study 21');
    expect(text(res.body)).toContain('Page 1 of 2');
    // The first page is the newest 20: the two oldest wait for the next page.
    expect(body).not.toContain('Alice study 01');
    expect(body).not.toContain('Alice study 02');
    expect(body).toContain('value="Alice leads a problem review"');
    expect(body).not.toContain('Loading');
    // Complete as sent: no part of it waits for an inline script (the CSP allows none) to be revealed.
    expect(scripts(res.body)).toEqual([expect.stringMatching(/^<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js">$/), '<script type="application/json" id="server-data">']);
    expect(body).not.toContain('<template');
    // The log form is not rendered; its evidence choices travel in the data.
    expect(body).not.toContain('<dialog');
    expect(values(res.body)['cpd:evidence']).toEqual([{ id: expect.any(String), title: 'Alice evidence link' }]);
  });

  it('embeds each value exactly as its API operation answers it', async () => {
    const served = values((await page('/cpd', alice)).body);
    const api = async (url: string) => ok(alice, { method: 'GET', url });
    expect(Object.keys(served).sort()).toEqual(['cpd:evidence', 'cpd:log', 'cpd:plan', 'cpd:ruleSets', 'cpd:summary', 'cpd:tracked']);
    expect(served['cpd:summary']).toEqual(await api('/api/v1/me/cpd/summary'));
    expect(served['cpd:log']).toEqual(await api('/api/v1/me/cpd/activities?page=1&pageSize=20'));
    expect(served['cpd:log'].items).toHaveLength(20);
    expect(served['cpd:ruleSets']).toEqual(await api('/api/v1/cpd/rule-sets'));
    expect(served['cpd:tracked']).toEqual(await api('/api/v1/me/cpd/tracked-credentials'));
    expect(served['cpd:plan']).toEqual(await api('/api/v1/me/cpd/plan'));
    expect(served['cpd:plan'].updatedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('renders a title as text: markup and replacement patterns stay as typed, in the HTML and the data', async () => {
    const html = (await page('/cpd', alice)).body;
    expect(root(html)).toContain('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; $&amp; Retro');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e $\\u0026 Retro');
    expect(html.match(/<div id="root">/g)).toHaveLength(1);
  });

  it('sends a visitor who is not signed in to sign in, and back to the same address', async () => {
    const res = await page('/cpd?log=planned&title=Course%20A&hours=7.5');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/sign-in?next=${encodeURIComponent('/cpd?log=planned&title=Course%20A&hours=7.5')}`);
    expect(res.body).not.toContain('Alice');
  });

  it('shows another member only their own CPD', async () => {
    const html = (await page('/cpd', bob)).body;
    expect(root(html)).toContain('Bob reads a book');
    expect(html).not.toContain('Alice');
    expect(values(html)['cpd:log'].total).toBe(1);
  });

  it('gives a signed-in non-member the app’s refusal and none of the data', async () => {
    // Every account is a member when provisioned; this one has had the role taken away.
    await app.platform.database.db.deleteFrom('user_roles').where('user_id', '=', staff.id).where('role', '=', 'member').execute();
    const res = await page('/cpd', staff);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(text(res.body)).toContain('This page is for members.');
    expect(res.body).toContain('<title>Not available to you – Guildhall</title>');
    expect(values(res.body)).toEqual({});
    expect(res.body).not.toContain('Alice');
  });

  it('leaves a value that fails to load to the browser, and renders the rest', async () => {
    const spy = vi.spyOn(app.services.cpd, 'plan').mockRejectedValueOnce(new Error('the plan is away'));
    try {
      const res = await page('/cpd', alice);
      expect(res.statusCode).toBe(200);
      const served = values(res.body);
      expect(served).not.toHaveProperty('cpd:plan');
      expect(served).toHaveProperty('cpd:summary');
      expect(root(res.body)).toContain('Alice study 21');
      expect(root(res.body)).not.toContain('Alice leads a problem review');
    } finally {
      spy.mockRestore();
    }
  });

  it('renders the page behind a plan reminder’s link, whose dialog the browser opens', async () => {
    const res = await page(`/cpd?${new URLSearchParams({ log: 'planned', title: 'Problem management course', type: 'training', hours: '7.5' })}`, alice);
    expect(res.statusCode).toBe(200);
    expect(root(res.body)).toContain('Alice study 21');
    expect(root(res.body)).not.toContain('<dialog');
    expect(values(res.body)).toHaveProperty('cpd:log');
  });
});
