import type { OrganisationRole } from '../../server/db/schema-organisations.js';
import { newId } from '../../server/platform/ids.js';
import { makeUser } from '../support/accounts.js';
import type { TestApp } from '../support/app.js';
import { schemeVersion } from '../register/support.js';
import { insertOrganisation } from './fixtures.js';

/*
 * Organisations, their staff and members with credentials, CPD states and portfolio items, written
 * straight into the tables (the core part's operations are not needed to test consent).
 */

export const organisation = (app: TestApp, name: string, status: 'active' | 'suspended' = 'active'): Promise<string> => insertOrganisation(app, name, { status });

export async function staff(app: TestApp, organisationId: string, email: string, role: OrganisationRole = 'hr'): Promise<string> {
  const id = await makeUser(app, { email, name: email.split('@')[0], roles: ['employer_admin'] });
  await addStaff(app, organisationId, id, role);
  return id;
}

export async function addStaff(app: TestApp, organisationId: string, userId: string, role: OrganisationRole): Promise<void> {
  await app.platform.database.db.insertInto('organisation_members').values({ organisation_id: organisationId, user_id: userId, role, added_by: null, added_at: app.clock.now().toISOString() }).execute();
}

type MemberSpec = {
  email: string;
  name: string;
  level?: { id: string; name: string; status?: 'active' | 'suspended' | 'lapsed' | 'revoked'; reviewAt?: string };
  cpd?: { status: 'ok' | 'short' | 'grace' | 'suspended' | 'lapsed'; hours?: number; cycleEnd?: string };
  portfolio?: { certifications?: string[]; responsibilityLevel?: number };
};

/** A member with (optionally) a credential, a CPD state for it with logged hours, and portfolio items. */
export async function member(app: TestApp, m: MemberSpec): Promise<{ id: string; credentialId: string | null }> {
  const db = app.platform.database.db;
  const id = await makeUser(app, { email: m.email, name: m.name, roles: ['member'] });
  const now = app.clock.now();
  const at = now.toISOString();
  let credentialId: string | null = null;
  if (m.level) {
    credentialId = newId();
    await db
      .insertInto('credentials')
      .values({ id: credentialId, holder_id: id, application_id: null, scheme_version_id: await schemeVersion(app), level_id: m.level.id, level_name: m.level.name, post_nominals: null, awarded_at: '2025-01-10T00:00:00.000Z', review_at: m.level.reviewAt ?? '2029-01-10T00:00:00.000Z', status: m.level.status ?? 'active', status_changed_at: at, created_at: at })
      .execute();
  }
  if (m.cpd && credentialId) {
    const cycleEnd = m.cpd.cycleEnd ?? '2027-12-31';
    await db
      .insertInto('cpd_credential_states')
      .values({ credential_id: credentialId, member_id: id, cycle_index: 0, cycle_start: '2025-01-10', cycle_end: cycleEnd, status: m.cpd.status, since: at.slice(0, 10), next_check_on: cycleEnd, updated_at: at })
      .execute();
    if (m.cpd.hours) {
      await db
        .insertInto('cpd_activities')
        .values({ id: newId(), member_id: id, type: 'course', title: 'A course', occurred_on: '2026-03-01', quarters: m.cpd.hours * 4, provider: null, learned: null, apply: null, source: 'manual', provider_id: null, import_id: null, row_key: null, activity_code: null, audit_status: null, created_at: at, updated_at: at, deleted_at: null })
        .execute();
    }
  }
  const items: Array<{ kind: string; data: unknown }> = [
    ...(m.portfolio?.certifications ?? []).map((title) => ({ kind: 'certification', data: { kind: 'certification', catalogueId: null, title, issuer: 'Someone', achievedOn: '2020-01-01' } })),
    ...(m.portfolio?.responsibilityLevel ? [{ kind: 'work', data: { kind: 'work', role: 'Engineer', organisation: 'Acme', from: '2019-01', to: null, responsibilityLevel: m.portfolio.responsibilityLevel } }] : []),
  ];
  for (const item of items) {
    const itemId = newId();
    await db.insertInto('portfolio_items').values({ id: itemId, member_id: id, kind: item.kind, data: JSON.stringify({ ...(item.data as object), id: itemId }), created_at: at, updated_at: at }).execute();
  }
  return { id, credentialId };
}
