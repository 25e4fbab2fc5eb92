import { expect } from 'vitest';
import { newId } from '../../server/platform/ids.js';
import type { Browser, Json } from '../support/accounts.js';
import type { TestApp } from '../support/app.js';

/** A credential of the body awarded to `holderId` on `awardedOn` (its CPD cycle starts that day). */
export async function holdCredential(app: TestApp, versionId: string, holderId: string, awardedOn: string, status: 'active' | 'suspended' = 'active'): Promise<string> {
  const id = newId();
  const at = `${awardedOn}T09:00:00.000Z`;
  await app.platform.database.db
    .insertInto('credentials')
    .values({ id, holder_id: holderId, application_id: null, scheme_version_id: versionId, level_id: 'member', level_name: 'Member', post_nominals: 'MGH', awarded_at: at, review_at: '2035-01-01T00:00:00.000Z', status, status_changed_at: at, created_at: at })
    .execute();
  return id;
}

/** Approves a provider with codes and users through the API, as the scheme administrator would. */
export async function approvedProvider(admin: Browser, slug: string, codes: Json[], userEmails: string[]): Promise<Json> {
  const res = await admin.req({ method: 'POST', url: '/api/v1/cpd/providers', payload: { slug, name: `Provider ${slug}`, contactEmail: `${slug}@example.org` } });
  expect(res.statusCode, res.body).toBe(201);
  const provider = res.json();
  for (const c of codes) {
    const r = await admin.req({ method: 'POST', url: `/api/v1/cpd/providers/${provider.id}/codes`, payload: c });
    expect(r.statusCode, r.body).toBe(201);
  }
  for (const email of userEmails) {
    const r = await admin.req({ method: 'POST', url: `/api/v1/cpd/providers/${provider.id}/users`, payload: { email } });
    expect(r.statusCode, r.body).toBe(201);
  }
  return provider;
}

/** A manual activity of a member, written directly (dates may be any time before today). */
export async function manualActivity(app: TestApp, memberId: string, a: { type?: string; occurredOn: string; hours: number; loggedAt?: string; title?: string }): Promise<string> {
  const id = newId();
  // Logged the day after it happened unless said otherwise.
  const at = a.loggedAt ?? new Date(Date.parse(`${a.occurredOn}T18:00:00.000Z`) + 86_400_000).toISOString();
  await app.platform.database.db
    .insertInto('cpd_activities')
    .values({ id, member_id: memberId, type: a.type ?? 'training', title: a.title ?? `Course on ${a.occurredOn}`, occurred_on: a.occurredOn, quarters: Math.round(a.hours * 4), provider: 'Acme', learned: 'Something', apply: 'Somehow', details: '{}', source: 'manual', verified: 0, provider_id: null, import_id: null, row_key: null, activity_code: null, audit_status: null, created_at: at, updated_at: at, deleted_at: null })
    .execute();
  return id;
}
