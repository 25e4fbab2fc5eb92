import { expect } from 'vitest';
import type { OrganisationRole } from '../../server/db/schema-organisations.js';
import { newId } from '../../server/platform/ids.js';
import { type Browser, type Json, signedInUser } from '../support/accounts.js';
import type { TestApp } from '../support/app.js';
import { workItem } from '../portfolio/support.js';
import { insertOrganisation } from './fixtures.js';

/* Organisations and their staff written directly (the core part's operations are tested on their own). */

export const organisation = (app: TestApp, name: string, status: 'active' | 'requested' | 'suspended' = 'active'): Promise<string> => insertOrganisation(app, name, { status });

/** A signed-in person with `role` in the organisation. */
export async function staffOf(app: TestApp, organisationId: string, email: string, role: OrganisationRole): Promise<Browser & { id: string }> {
  const b = await signedInUser(app, email, ['employer_admin']);
  await app.platform.database.db.insertInto('organisation_members').values({ organisation_id: organisationId, user_id: b.id, role, added_by: null, added_at: app.clock.now().toISOString() }).execute();
  return b;
}

/** Adds a portfolio item through the API and answers its id. */
export async function addItem(b: Browser, item: Json = workItem()): Promise<string> {
  const res = await b.req({ method: 'POST', url: '/api/v1/me/portfolio/items', payload: item });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().item.id;
}

export async function linkJob(b: Browser, itemId: string, organisationId: string): Promise<Json> {
  const res = await b.req({ method: 'POST', url: '/api/v1/me/employment-links', payload: { itemId, organisationId } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

export async function confirmJob(b: Browser, organisationId: string, linkId: string): Promise<Json> {
  const res = await b.req({ method: 'POST', url: `/api/v1/organisations/${organisationId}/employment/${linkId}/confirm` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
