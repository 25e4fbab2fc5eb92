import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Role } from '../../contracts/accounts.js';
import { provisionUser } from '../../server/modules/accounts/provision.js';
import { systemActor } from '../../server/platform/audit.js';
import type { TestApp } from './app.js';

export const PASSWORD = 'a long enough passphrase 2026';

let ipCounter = 0;
/**
 * A fresh client address. The strict per-route rate limit (20 a minute per address) runs on real
 * time, so tests that are not about rate limiting spread their requests over addresses.
 */
export const freshIp = (): string => {
  ipCounter += 1;
  return `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
};

export type Json = Record<string, any>;

/** app.inject with a JSON body and a fresh client address unless one is given. */
export function call(app: TestApp, opts: InjectOptions): Promise<LightMyRequestResponse> {
  return app.app.inject({ remoteAddress: freshIp(), ...opts });
}

/** A confirmed user created directly, as an operator would with the CLI. */
export async function makeUser(
  app: TestApp,
  u: { email: string; name?: string; roles?: Role[]; password?: string; verified?: boolean },
): Promise<string> {
  return provisionUser(
    app.platform.database.db,
    { email: u.email, name: u.name ?? u.email.split('@')[0] ?? 'Someone', roles: u.roles ?? [], password: u.password ?? PASSWORD, verified: u.verified },
    systemActor,
    app.clock.now(),
  );
}

/** A signed-in browser: sends its session cookie and, on writes, its CSRF token. */
export type Browser = {
  cookie: string;
  csrf: string;
  user: Json;
  req: (opts: InjectOptions & { csrf?: string | null }) => Promise<LightMyRequestResponse>;
};

export function sessionCookieOf(res: LightMyRequestResponse): string {
  const c = res.cookies.find((k) => k.name === 'gh_session');
  if (!c) throw new Error(`no gh_session cookie in ${res.statusCode} ${res.body}`);
  return c.value;
}

/** Signs in through the API and returns a browser holding the session. */
export async function signIn(app: TestApp, email: string, password = PASSWORD): Promise<Browser> {
  const res = await call(app, { method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password } });
  expect(res.statusCode, res.body).toBe(200);
  return browser(app, sessionCookieOf(res), res.json());
}

export function browser(app: TestApp, cookie: string, user: Json): Browser {
  const csrf = user.csrfToken as string;
  return {
    cookie,
    csrf,
    user,
    req: ({ csrf: override, headers, ...opts }) => {
      const method = (opts.method ?? 'GET').toUpperCase();
      const token = override === undefined ? (method === 'GET' ? null : csrf) : override;
      return call(app, { ...opts, cookies: { gh_session: cookie }, headers: { ...headers, ...(token ? { 'x-csrf-token': token } : {}) } });
    },
  };
}

/** Creates a confirmed user and signs them in. */
export async function signedInUser(app: TestApp, email: string, roles: Role[] = []): Promise<Browser & { id: string }> {
  const id = await makeUser(app, { email, roles });
  return { ...(await signIn(app, email)), id };
}

/** The newest outbox message to an address. */
export async function lastMail(app: TestApp, to: string) {
  const m = await app.platform.database.db
    .selectFrom('outbox')
    .selectAll()
    .where('to_address', '=', to)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (!m) throw new Error(`no mail to ${to}`);
  return m;
}

export async function mailsTo(app: TestApp, to: string) {
  return app.platform.database.db.selectFrom('outbox').selectAll().where('to_address', '=', to).orderBy('id').execute();
}

/** The token of the `path?token=…` link in a mail's text. */
export function tokenFromText(text: string, path: string): string {
  const m = new RegExp(`${path.replace(/[/]/g, '\\/')}\\?token=([^\\s]+)`).exec(text);
  if (!m?.[1]) throw new Error(`no ${path} link in:\n${text}`);
  return decodeURIComponent(m[1]);
}

/** Audit entries, oldest first, optionally of one action. */
export async function auditEntries(app: TestApp, action?: string) {
  let q = app.platform.database.db.selectFrom('audit_log').selectAll().orderBy('id');
  if (action) q = q.where('action', '=', action);
  return (await q.execute()).map((r) => ({ ...r, details: JSON.parse(r.details) as Json }));
}

/** Asserts the error shape and code of a response. */
export function expectError(res: LightMyRequestResponse, status: number, code: string): Json {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json();
  expect(body).toEqual({ error: { code, message: expect.any(String), details: expect.any(Object) } });
  return body.error;
}
