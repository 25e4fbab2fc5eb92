import { expect } from 'vitest';
import { type Browser, type Json, lastMail, signedInUser } from '../support/accounts.js';
import type { TestApp } from '../support/app.js';

/** The token of a `/organisations/<kind>/<token>` link in the newest mail to an address. */
export async function linkToken(app: TestApp, to: string, kind: 'invites' | 'domains'): Promise<string> {
  const m = await lastMail(app, to);
  const found = new RegExp(`/organisations/${kind}/([A-Za-z0-9_%-]+)`).exec(m.text_body);
  if (!found?.[1]) throw new Error(`no /organisations/${kind}/ link in:\n${m.text_body}`);
  return decodeURIComponent(found[1]);
}

/**
 * An active organisation created by a scheme administrator, whose first administrator (signed in, with the
 * given e-mail) accepted the mailed invitation. `staff` is the scheme administrator's browser.
 */
export async function activeOrganisation(app: TestApp, staff: Browser, opts: { name: string; adminEmail: string; country?: string }): Promise<{ id: string; slug: string; admin: Browser & { id: string } }> {
  const res = await staff.req({ method: 'POST', url: '/api/v1/organisations', payload: { name: opts.name, country: opts.country ?? 'GB', adminEmail: opts.adminEmail } });
  expect(res.statusCode, res.body).toBe(201);
  const org = res.json() as Json;
  const admin = await signedInUser(app, opts.adminEmail);
  const token = await linkToken(app, opts.adminEmail, 'invites');
  const accepted = await admin.req({ method: 'POST', url: '/api/v1/organisation-invites/accept', payload: { token } });
  expect(accepted.statusCode, accepted.body).toBe(200);
  return { id: org.id, slug: org.slug, admin };
}
