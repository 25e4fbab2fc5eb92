import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { DEMO_PASSWORD } from '../../server/demo/people.js';
import { heading1, launchBrowser, openPage } from './browser.js';
import { type RunningServer, startServer } from './server.js';
import { type PeerOptions, type SmtpPeer, startSmtpPeer } from '../../tests/support/smtp-peer.js';

/** The password journeys give the accounts they create. */
export const PASSWORD = 'correct horse battery staple';

export { DEMO_PASSWORD };

/**
 * Signs in through the sign-in page (as a demo account unless a password is given) and waits for where
 * it lands: the welcome page, or for someone who works for an organisation its team view (or their list
 * of organisations, when they have several).
 */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  await heading1(page, 'Sign in');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: /^(Welcome|Team$|Your organisations$)/ }).waitFor();
}

/**
 * Sets up, for the enclosing describe block (the web app is built once by global-setup.ts), a Guildhall server on a fresh data
 * folder and Chromium; with `smtp`, a real SMTP peer receives the mail. Torn down after the block.
 */
export function journeyEnvironment(options: { smtp: boolean; demo?: boolean; peer?: PeerOptions }) {
  let server: RunningServer | undefined;
  let smtp: SmtpPeer | undefined;
  let browser: Browser | undefined;
  // Contexts close after the tests, so a failing test can still take its screenshot.
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    if (options.smtp) smtp = await startSmtpPeer(options.peer);
    server = await startServer({ smtpUrl: smtp?.url, demo: options.demo });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
    await smtp?.close();
  });

  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not running (beforeAll failed?)`);
    return value;
  };

  const env = {
    get server() {
      return need(server, 'The server');
    },
    get smtp() {
      return need(smtp, 'The SMTP peer');
    },
    /** A page in a fresh browser context (scripts off with javaScriptEnabled: false); see openPage. */
    async open(viewport?: { width: number; height: number }, options?: { javaScriptEnabled?: boolean }) {
      const opened = await openPage(need(browser, 'Chromium'), env.server.url, viewport, options);
      contexts.push(opened.context);
      return opened;
    },
    /** Signs up and confirms an address through the API and the mail, for journeys that start later. */
    async confirmedAccount(email: string, name: string, password = PASSWORD): Promise<void> {
      const post = (path: string, body: unknown) =>
        fetch(`${env.server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect((await post('/api/v1/auth/sign-up', { email, name, password })).status).toBe(202);
      const { link } = await env.smtp.waitForLink(email, /confirm your e-mail/i);
      expect((await post('/api/v1/auth/verify-email', { token: new URL(link).searchParams.get('token') })).status).toBe(200);
    },
  };
  return env;
}
