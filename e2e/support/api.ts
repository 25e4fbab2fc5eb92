import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { SmtpPeer } from '../../tests/support/smtp-peer.js';
import { DEMO_PASSWORD } from '../../server/demo/people.js';

/*
 * What the assessment journeys share: an API session to set up the state a journey starts from through the
 * server's own operations (never SQL), and small page helpers the application pages need.
 */

export type ApiAnswer = { status: number; body: unknown };

export type ApiSession = {
  userId: string;
  name: string;
  /** Any answer, for checking refusals. */
  request: (method: string, path: string, body?: unknown) => Promise<ApiAnswer>;
  /** A 2xx answer's body; anything else fails with the status and the server's message. */
  call: <T = Record<string, unknown>>(method: string, path: string, body?: unknown) => Promise<T>;
};

/** Signs in through the API with the session cookie and CSRF token a browser would hold. */
export async function apiSession(base: string, email: string, password = DEMO_PASSWORD): Promise<ApiSession> {
  const res = await fetch(`${base}/api/v1/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (res.status !== 200) throw new Error(`Signing in ${email} through the API answered ${res.status}: ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const user = (await res.json()) as { id: string; name: string; csrfToken: string };
  const request = async (method: string, path: string, body?: unknown): Promise<ApiAnswer> => {
    const headers: Record<string, string> = { cookie };
    if (method !== 'GET') headers['x-csrf-token'] = user.csrfToken;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const r = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null };
  };
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const a = await request(method, path, body);
    if (a.status < 200 || a.status > 299) throw new Error(`${method} ${path} as ${email} answered ${a.status}: ${JSON.stringify(a.body)}`);
    return a.body as T;
  };
  return { userId: user.id, name: user.name, request, call };
}

type Application = {
  id: string;
  state: string;
  can: Record<string, boolean>;
  history: Array<{ label: string }>;
  assessment: { rubric: { categories: Array<{ id: string }> }; snapshot: { items: Array<Record<string, unknown>> } } | null;
};

export const getApplication = (s: ApiSession, id: string) => s.call<Application>('GET', `/api/v1/applications/${id}`);

/** Waits (polling the API, as the page would show it) until the application reaches `state`. */
export async function waitForState(s: ApiSession, id: string, state: string): Promise<void> {
  await expect.poll(async () => (await getApplication(s, id)).state, { timeout: 30_000, interval: 200 }).toBe(state);
}

/** An assessor scores every category of the rubric "Shown" (2) and recommends, through the API. */
export async function scoreAndRecommend(s: ApiSession, id: string, recommendation: { outcome: 'award' | 'decline'; levelId?: string; reasons: string }): Promise<void> {
  const app = await getApplication(s, id);
  const categories = app.assessment?.rubric.categories ?? [];
  expect(categories.length, `${s.name} sees no rubric on application ${id}`).toBeGreaterThan(0);
  await s.call('PUT', `/api/v1/applications/${id}/scores`, { scores: categories.map((c) => ({ categoryId: c.id, score: 2, notes: '' })) });
  await s.call('POST', `/api/v1/applications/${id}/recommendation`, recommendation);
}

/** The application an assessor was mailed about, by its link (/assess/:id). */
export async function assignedTo(smtp: SmtpPeer, email: string, subject: RegExp): Promise<string> {
  const { link } = await smtp.waitForLink(email, subject, 0, 30_000);
  const id = /\/assess\/([^/?#]+)/.exec(link)?.[1];
  if (!id) throw new Error(`The mail to ${email} matching ${subject} links to ${link}, not to a workbench`);
  return id;
}

/** Everyone who received a mail whose subject matches. */
export const recipientsOf = (smtp: SmtpPeer, subject: RegExp) => smtp.messages.filter((m) => subject.test(m.subject)).flatMap((m) => m.to);

/** A system administrator grants `role` to the account that signs in with `email`. */
export async function grantRole(admin: ApiSession, email: string, role: string): Promise<void> {
  const { users } = await admin.call<{ users: Array<{ id: string; email: string }> }>('GET', `/api/v1/admin/users?q=${encodeURIComponent(email)}`);
  const user = users.find((u) => u.email === email);
  if (!user) throw new Error(`No account signs in with ${email}`);
  await admin.call('PUT', `/api/v1/admin/users/${user.id}/roles/${role}`);
}

export const text = async (l: Locator) => (await l.textContent()) ?? '';
/**
 * Follows a link of the main navigation as a person would: opening the menu on a narrow screen and
 * the Staff group when the link is one of the staff pages.
 */
export async function nav(page: Page, name: string): Promise<void> {
  const menu = page.getByRole('button', { name: 'Menu' });
  if ((await menu.isVisible()) && (await menu.getAttribute('aria-expanded')) !== 'true') await menu.click();
  const main = page.getByRole('navigation', { name: 'Main' });
  const link = main.getByRole('link', { name, exact: true });
  if (!(await link.isVisible())) {
    const staff = main.getByRole('button', { name: 'Staff' });
    if ((await staff.count()) > 0 && (await staff.getAttribute('aria-expanded')) !== 'true') await staff.click();
  }
  await link.click();
}
/** The polite status region that says what the last action did. */
export const said = (page: Page, words: string | RegExp) => page.getByRole('status').filter({ hasText: words }).waitFor();
/** The error summary of a form that was refused, with the message about `field`. */
export const refusedWith = (page: Page, words: string | RegExp) =>
  page.getByRole('alert').filter({ hasText: 'There is a problem' }).getByText(words).first().waitFor();
/** Where the keyboard is now: the focused element's text or label. */
export const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return `${el?.tagName.toLowerCase()} ${el?.getAttribute('aria-label') ?? el?.textContent?.trim().slice(0, 80) ?? ''}`;
  });
