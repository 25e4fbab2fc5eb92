// GET /register rendered on the server (decision 0019): the search in the address runs as the API runs
// it, and its results, or the problems with it, arrive as HTML that works without a script. The suite's
// global setup (tests/support/web-build.ts) builds the web app whose markup the server renders.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { holder, list, schemeVersion } from './support.js';

let app: TestApp;
const HOSTILE = '<script>alert(1)</script> $& Blackwood';
let unlistedCredential: string;

beforeAll(async () => {
  app = await testApp();
  const versionId = await schemeVersion(app);
  const zoe = await holder(app, versionId, { email: 'zoe@example.org', name: 'Zoë Fairweather', country: 'IE', levels: ['professional'] });
  await list(app, zoe.id);
  const ray = await holder(app, versionId, { email: 'ray@example.org', name: 'Ray Fairhurst', country: 'GB', levels: ['member'], status: 'suspended' });
  await list(app, ray.id);
  const hostile = await holder(app, versionId, { email: 'hostile@example.org', name: HOSTILE, country: 'GB' });
  await list(app, hostile.id);
  // Not listed: never shown, whatever is searched.
  unlistedCredential = (await holder(app, versionId, { email: 'zach@example.org', name: 'Zach Fairbanks', country: 'IE' })).credentialIds[0] as string;
  // More holders of one name than a page holds, for the next-page link.
  for (let i = 1; i <= 21; i++) {
    const h = await holder(app, versionId, { email: `quill${i}@example.org`, name: `Holder ${String(i).padStart(2, '0')} Quill`, country: 'GB' });
    await list(app, h.id);
  }
}, 60_000);
afterAll(async () => {
  await app?.close();
});

async function page(url: string): Promise<string> {
  const res = await call(app, { method: 'GET', url, headers: { accept: 'text/html' } });
  expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
  expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  return res.body;
}
/** The rendered app (#root), without the data it was rendered with. */
const root = (html: string) => html.slice(html.indexOf('<div id="root">'), html.indexOf('<script type="application/json" id="server-data">'));
/** Each holder on the page, as the heading of their entry names them. */
const holders = (html: string) => [...root(html).matchAll(/<h3 class="user-name">([^<]*)<\/h3>/g)].map((m) => m[1]);

describe('the register page', () => {
  it('lists the holders the search finds, with each credential, its level and its status; never an unlisted holder', async () => {
    const html = await page('/register?q=fair&level=&country=&credentialId=');
    expect(html).toContain('<title>Public register – Guildhall</title>');
    expect(holders(html)).toEqual(['Ray Fairhurst', 'Zoë Fairweather']);
    const body = root(html);
    expect(body).toMatch(/Ray Fairhurst[\s\S]*<strong>Member<\/strong> \(MITSMG\)[\s\S]*<span class="tag tag-warn">Suspended<\/span>/);
    expect(body).toMatch(/Zoë Fairweather[\s\S]*Ireland[\s\S]*<strong>Professional<\/strong> \(PITSMG\)[\s\S]*<span class="tag tag-ok">Active<\/span>/);
    expect(html).not.toContain('Fairbanks');
    expect(html).not.toContain('@example.org');
    // The form is filled in as searched, and the app hydrates the page with the same answer.
    expect(body).toMatch(/<input type="search"[^>]*name="q" value="fair"/);
    expect(html).toContain('<script type="application/json" id="server-data">');
    expect(html).toContain('"register:q=fair\\u0026level=\\u0026country=\\u0026credentialId=":{"page":{"results":[');
  });

  it('is a plain GET form that names each field as the address does', async () => {
    const body = root(await page('/register'));
    expect(body).toMatch(/<form [^>]*action="\/register" method="get"/);
    for (const name of ['q', 'level', 'country', 'credentialId']) expect(body).toMatch(new RegExp(`<(input|select) [^>]*name="${name}"`));
    // An empty search is the empty form: no results, no problems.
    expect(body).not.toContain('There is a problem');
    expect(body).not.toContain('id="register-results"');
    expect(body).toMatch(/<option value="professional">Professional<\/option>/);
  });

  it('shows the problems with a search beside its fields, as the form does, instead of an error', async () => {
    const body = root(await page('/register?q=&country=xyz&credentialId=42'));
    expect(body).toContain('There is a problem');
    expect(body).toMatch(/id="register-country-error"><span class="visually-hidden">Error: <\/span>Use a two-letter country code such as GB<\/p>/);
    expect(body).toContain('A credential id looks like 0190a5b2-7c1e-7abc-8def-0123456789ab');
    expect(body).toMatch(/<input [^>]*aria-invalid="true"[^>]*name="country" value="xyz"/);
    // The API's own problems too: a query without a letter, a damaged cursor.
    expect(root(await page('/register?q=%21%21'))).toContain('Enter a name with at least one letter or digit');
    expect(root(await page('/register?q=fair&cursor=nonsense'))).toContain('This cursor is damaged or belongs to another search; start the search again');
  });

  it('offers the verification of a credential id whose holder is not listed, without naming them', async () => {
    const body = root(await page(`/register?credentialId=${unlistedCredential}`));
    expect(body).toContain('No listed holder has this credential id.');
    expect(body).toContain(`href="/verify?credential=${unlistedCredential}"`);
    expect(body).not.toContain('Fairbanks');
  });

  it('links the next page, with its cursor in the address, and renders it', async () => {
    const first = await page('/register?q=quill');
    expect(holders(first)).toHaveLength(20);
    const next = /<a class="button button-secondary" rel="next" href="([^"]+)"[^>]*>Next page<\/a>/.exec(root(first))?.[1];
    expect(next).toMatch(/^\/register\?q=quill&amp;cursor=[^&]+&amp;page=2$/);
    const second = await page((next as string).replaceAll('&amp;', '&'));
    expect(holders(second)).toEqual(['Holder 21 Quill']);
    expect(root(second)).toMatch(/<h2 id="register-results">Results(<!-- -->)?, page 2<\/h2>/);
    expect(root(second)).toMatch(/<a class="button button-secondary" href="\/register\?q=quill"[^>]*>First page<\/a>/);
    expect(root(second)).not.toContain('Next page');
  });

  it('renders a name as text: markup and replacement patterns in it stay as typed', async () => {
    const html = await page('/register?q=blackw');
    expect(holders(html)).toEqual(['&lt;script&gt;alert(1)&lt;/script&gt; $&amp; Blackwood']);
    expect(html).not.toContain('<script>alert(1)');
    // In the embedded data too, where nothing may close the script element.
    expect(html).toContain('\\u003cscript\\u003ealert(1)\\u003c/script\\u003e $\\u0026 Blackwood');
    expect(html.match(/<div id="root">/g)).toHaveLength(1);
  });
});
