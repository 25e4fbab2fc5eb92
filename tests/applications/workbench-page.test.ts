// GET /assess/:id rendered on the server (decision 0019): the assessor's workbench arrives as HTML with the
// caller's own view of the application, as getApplication answers them, and nobody else's. The suite's
// global setup (tests/support/web-build.ts) builds the web app whose markup the server renders.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, call, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { workItem } from '../portfolio/support.js';
import { assign, memberWith, submit, view, withDefaultScheme } from './support.js';

let app: TestApp;
let applicant: Browser & { id: string };
let assigned: Browser & { id: string };
let unassigned: Browser & { id: string };
let admin: Browser & { id: string };
let member: Browser & { id: string };
let appId: string;
// The applicant's name and address: in the assigned assessor's page, in no one else's.
const NAME = 'quillfeather';
const EMAIL = `${NAME}@example.org`;

beforeAll(async () => {
  app = await testApp();
  await withDefaultScheme(app);
  applicant = await memberWith(app, EMAIL, [workItem({ referee: undefined })]);
  assigned = await signedInUser(app, 'a1@example.org', ['assessor']);
  unassigned = await signedInUser(app, 'a2@example.org', ['assessor']);
  admin = await signedInUser(app, 'admin@example.org', ['scheme_admin']);
  member = await signedInUser(app, 'other@example.org');
  appId = (await submit(applicant, 'member')).json().id;
  await assign(app, appId, [assigned.id]);
}, 60_000);
afterAll(async () => {
  await app?.close();
});

const get = (b: Browser | null, url: string) => (b ? b.req({ method: 'GET', url, headers: { accept: 'text/html' } }) : call(app, { method: 'GET', url, headers: { accept: 'text/html' } }));

function html(res: LightMyRequestResponse): string {
  expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
  expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  // The caller's own data (and their CSRF token): never kept by a browser or a shared cache.
  expect(res.headers['cache-control']).toBe('private, no-store');
  return res.body;
}
/** The rendered app (#root), without the data it was rendered with, and without React's separators of text. */
const root = (page: string) => page.slice(page.indexOf('<div id="root">'), page.indexOf('<script type="application/json" id="server-data">')).replaceAll('<!-- -->', '');
/** The values the page was rendered with. */
function values(page: string): Record<string, unknown> {
  const m = /<script type="application\/json" id="server-data">([^<]*)<\/script>/.exec(page);
  expect(m, 'the data block').not.toBeNull();
  return (JSON.parse(m?.[1] ?? '{}') as { values: Record<string, unknown> }).values;
}

describe('the workbench page', () => {
  it('shows the assigned assessor the application, with exactly the view the API gives them', async () => {
    const page = html(await get(assigned, `/assess/${appId}`));
    expect(page).toContain(`<title>Assess: ${NAME}, Member – Guildhall</title>`);
    const body = root(page);
    expect(body).toMatch(new RegExp(`<h1 tabindex="-1">Assess: ${NAME}, Member</h1>`));
    expect(body).toContain(`${NAME}, ${EMAIL}`);
    expect(body).toContain('Portfolio and scores');
    expect(body).toMatch(/Your score for /);
    expect(body).not.toContain('Loading');
    // The whole page in place, not behind a fallback for an inline script to swap in (the CSP allows none).
    expect(page).not.toContain('<script>');
    const api = await view(assigned, appId);
    expect(api.statusCode).toBe(200);
    expect(values(page)).toEqual({ [`assess:${appId}`]: api.json() });
  });

  it('shows a scheme administrator their own view: every assessor’s scores, nothing to score', async () => {
    const page = html(await get(admin, `/assess/${appId}`));
    expect(root(page)).toContain(`${NAME}, ${EMAIL}`);
    expect(root(page)).not.toMatch(/Your score for /);
    expect(values(page)).toEqual({ [`assess:${appId}`]: (await view(admin, appId)).json() });
  });

  it('sends a visitor who is not signed in to sign in, and back to the page with its query', async () => {
    const res = await get(null, `/assess/${appId}?from=queue`);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/sign-in?next=${encodeURIComponent(`/assess/${appId}?from=queue`)}`);
    expect(res.body).not.toContain(NAME);
  });

  it('gives an assessor not assigned to it none of the application', async () => {
    const page = html(await get(unassigned, `/assess/${appId}`));
    expect(page).not.toContain(NAME);
    expect(values(page)).toEqual({});
    // The app asks the API itself, and shows its refusal, as after a navigation.
    expect(root(page)).toContain('Loading the application');
    expect(page).toContain('<title>Assess an application – Guildhall</title>');
    expect((await view(unassigned, appId)).statusCode).toBe(404);
  });

  it('gives a member without an assessor’s role, and the applicant, the page’s refusal and no data', async () => {
    for (const b of [member, applicant]) {
      const page = html(await get(b, `/assess/${appId}`));
      expect(page).toContain('<title>Not available to you – Guildhall</title>');
      expect(root(page)).toContain('This page is for assessor or scheme administrators.');
      expect(values(page)).toEqual({});
      expect(page).not.toContain(`"${appId}"`);
    }
    // The applicant's own name is in their header; nothing else of the application is.
    expect(html(await get(member, `/assess/${appId}`))).not.toContain(NAME);
  });

  it('renders an unknown id without data', async () => {
    const page = html(await get(assigned, '/assess/0190a5b2-7c1e-7abc-8def-0123456789ab'));
    expect(values(page)).toEqual({});
    expect(root(page)).toContain('Loading the application');
  });
});
