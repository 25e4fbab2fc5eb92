import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prefersHtml } from '../../server/modules/schemes/framework-page.js';
import { issuingApp, award, holder } from '../credentials/support.js';
import type { Json } from '../support/accounts.js';
import type { TestApp } from '../support/app.js';

// Credentials align to the framework's items by URL; whoever follows one, signed in or not, must land on it.
let app: TestApp & { versionId: string };
let alignment: Json;

beforeAll(async () => {
  app = await issuingApp();
  const id = await award(app, await holder(app, 'aligned@example.org'), 'professional');
  app.clock.advance(60_000);
  await app.worker.drain();
  const vc = (await app.app.inject({ method: 'GET', url: `/api/v1/credentials/${id}` })).json().credential;
  alignment = vc.credentialSubject.achievement.alignment[0];
});
afterAll(() => app?.close());

/** The alignment's target as a stranger's request: no cookie, no token. */
const open = (accept: string, query = '') => {
  const url = new URL(alignment.targetUrl);
  return app.app.inject({ method: 'GET', url: `${url.pathname}${query}`, headers: { accept } });
};

describe("the framework a credential's alignment points at", () => {
  it('opens for anyone as JSON, with the aligned item in it', async () => {
    expect(alignment).toMatchObject({ targetType: 'CFItem', targetCode: expect.any(String) });
    expect(alignment.targetUrl).toMatch(new RegExp(`#${alignment.targetCode}$`));
    const res = await open('application/json');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const item = res.json().CFItems.find((i: Json) => i.identifier === alignment.targetCode);
    expect(item).toMatchObject({ CFItemType: 'Responsibility Level' });
    expect(alignment.targetName).toContain(item.abbreviatedStatement ?? item.fullStatement);
  });

  it('opens for anyone in a browser as a readable page, the aligned item at its fragment', async () => {
    const res = await open('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['vary']).toMatch(/Accept/);
    const html = res.body;
    expect(html).toMatch(/<html lang="en-GB">/);
    expect(html).toContain('<h1>Responsibility levels and ITSM skills</h1>');
    const article = html.match(new RegExp(`<article id="${alignment.targetCode}">(.*?)</article>`))?.[1] ?? '';
    expect(article).toMatch(/<h3><span class="code">L5<\/span> /);
    expect(article).toContain('<dt>Type</dt><dd>Responsibility Level</dd>');
    expect(html).not.toMatch(/<script/);
    expect(html).toMatch(/href="\/api\/v1\/schemes\/[^"]+\/framework\/case\?format=json"/);
    // The link for people who want the JSON in a browser.
    const json = await open('text/html', '?format=json');
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    expect((await open('application/json', '?format=html')).headers['content-type']).toMatch(/^text\/html/);
  });

  it('answers 404 in the error shape for a scheme that does not exist, and refuses an unknown format', async () => {
    const missing = await app.app.inject({ method: 'GET', url: '/api/v1/schemes/nope/framework/case', headers: { accept: 'application/json' } });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('NOT_FOUND');
    const bad = await open('application/json', '?format=xml');
    expect(bad.statusCode).toBe(400);
  });
});

describe('prefersHtml', () => {
  it('reads the Accept header as browsers and programs send it', () => {
    expect(prefersHtml('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8')).toBe(true);
    expect(prefersHtml('application/json')).toBe(false);
    expect(prefersHtml('application/json, text/html')).toBe(false);
    expect(prefersHtml('application/json;q=0.5, text/html')).toBe(true);
    expect(prefersHtml('*/*')).toBe(false);
    expect(prefersHtml(undefined)).toBe(false);
    expect(prefersHtml('text/html;q=0')).toBe(false);
  });
});
