import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeXml } from '../../server/modules/credentials/issuing/badge.js';
import { type Json, signIn } from '../support/accounts.js';
import type { TestApp } from '../support/app.js';
import { award, holder, issuingApp } from './support.js';

// The public pages of credentials as the server renders them (decision 0019): complete without a script.
let app: TestApp & { versionId: string };
beforeAll(async () => {
  app = await issuingApp();
});
afterAll(() => app.close());

const page = (url: string, cookie?: string) => app.app.inject({ method: 'GET', url, headers: { accept: 'text/html', ...(cookie ? { cookie: `gh_session=${cookie}` } : {}) } });
/** The page's text as a reader without scripts sees it: no tags, entities decoded, spaces collapsed. */
const text = (html: string) =>
  (/<div id="root">([\s\S]*)<\/div>/.exec(html)?.[1] ?? '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, ' ');
/** Every script element's opening tag: the page may carry data blocks, never inline code. */
const scripts = (html: string) => [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);

async function issued(levelId = 'member', status: 'active' | 'suspended' = 'active') {
  const email = `p${Math.random().toString(36).slice(2, 8)}@example.org`;
  const holderId = await holder(app, email);
  const id = await award(app, holderId, levelId, { status });
  app.clock.advance(60_000);
  await app.worker.drain();
  return { id, holderId, email };
}

describe('a credential’s public page, rendered on the server', () => {
  it('holds the level, the status and the verification verdict in its HTML, and runs no app script', async () => {
    const { id } = await issued('professional');
    const res = await page(`/credentials/${id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const words = text(res.body);
    expect(res.body).toMatch(/<h1 tabindex="-1">Professional \(PITSMG\)<\/h1>/);
    expect(words).toContain('Status Active The credential is current.');
    expect(words).toContain('Valid credential Every check passed: the credential is genuine');
    expect(words).toMatch(/Passed, Signature: ✓ Valid eddsa-rdfc-2022 signature by did:web:guild\.example#key-1/);
    expect(words).not.toContain('undefined');
    expect(words).toContain(`Credential id ${id}`);
    expect(res.body).toContain(`<title>Professional (PITSMG) – credential – Guildhall</title>`);
    // Only the enhance script and data blocks: the app's bundle is not part of this page.
    const tags = scripts(res.body);
    expect(tags.filter((t) => !/type="application\/ld\+json"/.test(t))).toEqual([expect.stringMatching(/^<script type="module" src="\/assets\/enhance-[\w-]+\.js">$/)]);
    expect(res.body).not.toMatch(/modulepreload/);
    // Its styles come inline (no round trip before the first paint), allowed by the CSP by their hash alone.
    expect(res.body).not.toMatch(/<link rel="stylesheet"[^>]*\/assets\//);
    const css = /<style>([\s\S]*?)<\/style>/.exec(res.body)?.[1] ?? '';
    expect(css).toContain('.public-credential-badge');
    expect(css).toContain('.site-header');
    const hash = createHash('sha256').update(css).digest('base64');
    expect(res.headers['content-security-policy']).toContain(`style-src 'self' 'sha256-${hash}';`);
    expect(res.body.match(/<style>/g)).toHaveLength(1);
    const ld = JSON.parse(/<script type="application\/ld\+json">([^<]*)<\/script>/.exec(res.body)?.[1] ?? 'null') as Json;
    expect(ld).toMatchObject({ '@type': 'EducationalOccupationalCredential', name: 'Professional (PITSMG)', recognizedBy: { name: 'IT Service Management Guild' } });
    expect(res.body).not.toContain('needs JavaScript');
    // The level's badge comes inside the page, the same picture as /badges/professional.svg: no request for it.
    const src = /<img class="public-credential-badge" src="(data:image\/svg\+xml,[^"]+)"/.exec(res.body)?.[1] ?? '';
    const badge = await app.app.inject({ method: 'GET', url: '/badges/professional.svg' });
    expect(decodeURIComponent(src.slice('data:image/svg+xml,'.length).replace(/&#x27;/g, "'").replace(/&amp;/g, '&'))).toBe(badge.body);
    expect(res.body).not.toContain('rel="preload" as="image"');
  });

  it('says when a credential does not stand, and that its verification fails', async () => {
    const { id } = await issued('member', 'suspended');
    const words = text((await page(`/credentials/${id}`)).body);
    expect(words).toContain('Status Suspended The credential is suspended');
    expect(words).toContain('Not valid 1 of 5 checks failed (revocation and suspension). The reasons are below. Do not rely on this credential.');
    expect(words).toMatch(/Failed, Revocation and suspension: ✗ [^.]*suspended/i);
  });

  it('escapes a holder’s name (markup and replacement patterns stay text) and names the holder only when listed', async () => {
    const name = `<script>alert(1)</script> A $$ B $& C $\` D $' E $1 F $<x> G`;
    const { id, holderId } = await issued();
    await app.platform.database.db.updateTable('users').set({ name }).where('id', '=', holderId).execute();
    expect(text((await page(`/credentials/${id}`)).body)).toContain('Holder Not shown');
    await app.platform.database.db.insertInto('register_listings').values({ holder_id: holderId, listed: 1, show_country: 0, updated_at: app.clock.now().toISOString() }).execute();
    const res = await page(`/credentials/${id}`);
    expect(text(res.body)).toContain(`Holder ${name}`);
    expect(res.body).not.toContain('<script>alert(1)');
    expect(res.body).toContain(`content="${escapeXml(name)}: Member (MITSMG) — IT Service Management Guild"`);
    expect(res.body.match(/<\/head>/g)).toHaveLength(1);
    expect(res.body.match(/<div id="root">/g)).toHaveLength(1);
  });

  it('offers "Add to LinkedIn" to the signed-in holder only, and shows their own header', async () => {
    const { id, email } = await issued();
    expect((await page(`/credentials/${id}`)).body).not.toContain('Add to LinkedIn');
    const me = await signIn(app, email);
    const res = await page(`/credentials/${id}`, me.cookie);
    expect(res.body).toContain('Add to LinkedIn profile');
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(text(res.body)).toContain('Account');
    expect(text(res.body)).not.toContain('Sign in');
    const other = await issued();
    const another = await page(`/credentials/${other.id}`, me.cookie);
    expect(another.body).not.toContain('Add to LinkedIn');
  });

  it('answers 404 with a readable page for an unknown id', async () => {
    const res = await page('/credentials/0190a5b2-7c1e-7abc-8def-0123456789ab');
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('<h1 tabindex="-1">Credential not found</h1>');
    expect(text(res.body)).toMatch(/No credential has the id/);
    expect(res.headers['cache-control']).toBe('no-cache');
  });
});

describe('/verify, rendered on the server and then hydrated', () => {
  it('shows the verdict on ?credential= in the HTML and hands the app the same answer', async () => {
    const { id } = await issued();
    const res = await page(`/verify?credential=${id}`);
    expect(res.statusCode).toBe(200);
    const words = text(res.body);
    expect(words).toContain('✓ Valid credential');
    expect(words).toContain('Verify another credential');
    const data = JSON.parse(/<script type="application\/json" id="server-data">([^<]*)<\/script>/.exec(res.body)?.[1] ?? 'null') as Json;
    expect(data.url).toBe(`/verify?credential=${id}`);
    expect(data.values[`verify:${id}`].result.verified).toBe(true);
    // The app's own script hydrates it: present, with the page's chunk preloaded.
    expect(res.body).toMatch(/<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js"><\/script>/);
    expect(res.body).toMatch(/<link rel="modulepreload" crossorigin href="\/assets\/VerifyPage-[\w-]+\.js" \/>/);
    expect(/<style>[\s\S]*\.verdict-title[\s\S]*<\/style>/.test(res.body)).toBe(true);
    // A response that is not a rendered page allows no inline style at all.
    const api = await app.app.inject({ method: 'GET', url: `/api/v1/verify?credential=${id}` });
    expect(api.headers['content-security-policy']).not.toContain('sha256-');
    const shell = await app.app.inject({ method: 'GET', url: '/sign-in', headers: { accept: 'text/html' } });
    expect(shell.headers['content-security-policy']).toContain("style-src 'self';");
  });

  it('says an unknown id is not ours, and renders the plain form without one', async () => {
    const unknown = await page('/verify?credential=0190a5b2-7c1e-7abc-8def-0123456789ab');
    expect(text(unknown.body)).toContain('No credential of this body has that id.');
    const plain = await page('/verify');
    expect(text(plain.body)).toContain('Give the credential');
    expect(text(plain.body)).not.toContain('Valid credential');
  });

  it('keeps data that could close its element inert', async () => {
    const res = await page(`/verify?credential=${encodeURIComponent('</script><script>alert(1)</script>')}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('</script><script>alert(1)');
    expect(res.body).toContain('\\u003c/script\\u003e');
  });
});
