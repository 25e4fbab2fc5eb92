import type { OrganisationRole } from '../../server/db/schema-organisations.js';
import { newId } from '../../server/platform/ids.js';
import type { TestApp } from '../support/app.js';

/*
 * An organisation written straight into its tables, as the core part's operations would leave it, with
 * its staff (user ids by role). Tests of the other parts start from it; the core's own tests use the API.
 */
export async function insertOrganisation(
  app: TestApp,
  name: string,
  opts: { staff?: Array<{ userId: string; role: OrganisationRole }>; status?: 'active' | 'requested' | 'suspended' } = {},
): Promise<string> {
  const db = app.platform.database.db;
  const id = newId();
  const at = app.clock.now().toISOString();
  const status = opts.status ?? 'active';
  const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${id.slice(-6)}`;
  await db
    .insertInto('organisations')
    .values({ id, slug, name, country: 'GB', website: null, description: null, logo_sha256: null, status, requested_by: null, approved_by: null, approved_at: status === 'requested' ? null : at, created_at: at, updated_at: at })
    .execute();
  for (const s of opts.staff ?? []) await db.insertInto('organisation_members').values({ organisation_id: id, user_id: s.userId, role: s.role, added_by: null, added_at: at }).execute();
  return id;
}
