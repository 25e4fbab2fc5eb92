import type { OrganisationRole } from '../../server/db/schema-organisations.js';
import { newId } from '../../server/platform/ids.js';
import { makeUser } from '../support/accounts.js';
import type { TestApp } from '../support/app.js';
import { insertOrganisation } from './fixtures.js';

export const organisation = (app: TestApp, name: string, staff: Array<{ userId: string; role: OrganisationRole }>, status: 'active' | 'suspended' = 'active'): Promise<string> =>
  insertOrganisation(app, name, { staff, status });

/** A portfolio item written directly (the portfolio's own JSON shape). */
export async function portfolioItem(app: TestApp, memberId: string, data: Record<string, unknown> & { kind: string }): Promise<void> {
  const now = app.clock.now().toISOString();
  const id = newId();
  await app.platform.database.db.insertInto('portfolio_items').values({ id, member_id: memberId, kind: data.kind, data: JSON.stringify({ id, ...data }), created_at: now, updated_at: now }).execute();
}

export const certification = (title: string) => ({ kind: 'certification', catalogueId: null, title, awardedOn: '2022-03-15' });
export const work = (responsibilityLevel: number, startOn: string, endOn: string | null) => ({ kind: 'work', employer: 'Contoso', roleTitle: 'Service manager', startOn, endOn, itsm: true, responsibilityLevel, skills: [] });

export const staffUser = (app: TestApp, email: string) => makeUser(app, { email, name: email.split('@')[0], roles: [] });

/**
 * What the authorisation matrix needs to reach every recruiting operation, in the organisation the owner
 * administers: a listed holder to contact, a message to the owner, and another's report token.
 */
export async function recruitingMatrixFixtures(app: TestApp, versionId: string, ownerId: string, senderId: string, organisationId: string) {
  const { holder, list } = await import('../register/support.js');
  const { sha256 } = await import('../../server/platform/secrets.js');
  const candidate = await holder(app, versionId, { email: 'candidate@example.org', name: 'Casey Candidate', country: 'GB', levels: ['member'] });
  await list(app, candidate.id);
  const db = app.platform.database.db;
  const message = (memberId: string, token: string) => {
    const id = newId();
    const row = { id, organisation_id: organisationId, sender_id: senderId, member_id: memberId, subject: 'A role', body: 'A message long enough.', token_hash: sha256(token), sent_at: app.clock.now().toISOString(), reply_body: null, reply_email: null, replied_at: null };
    return db.insertInto('contact_messages').values(row).execute().then(() => id);
  };
  const reportToken = `report-${newId()}`;
  const contactId = await message(ownerId, `owner-${newId()}`);
  await message(candidate.id, reportToken);
  return { organisationId, candidateId: candidate.id, contactId, reportToken };
}
