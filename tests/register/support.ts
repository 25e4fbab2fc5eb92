import { refreshRegisterEntry } from '../../server/modules/register/index.js';
import { newId } from '../../server/platform/ids.js';
import { makeUser } from '../support/accounts.js';
import type { TestApp } from '../support/app.js';
import { withDefaultScheme } from '../portfolio/support.js';

const levels: Record<string, { name: string; postNominals: string | null }> = {
  associate: { name: 'Associate', postNominals: 'AITSMG' },
  member: { name: 'Member', postNominals: 'MITSMG' },
  professional: { name: 'Professional', postNominals: 'PITSMG' },
};

/** Credentials need a scheme version to point at: the default scheme, installed once per app. */
export async function schemeVersion(app: TestApp): Promise<string> {
  return (await withDefaultScheme(app)).versionId;
}

/** A user with a country and credential records written as an award would, then the register refreshed. */
export async function holder(
  app: TestApp,
  versionId: string,
  h: { email: string; name: string; country?: string | null; levels?: string[]; status?: 'active' | 'suspended' | 'lapsed' | 'revoked' },
): Promise<{ id: string; credentialIds: string[] }> {
  const db = app.platform.database.db;
  const id = await makeUser(app, { email: h.email, name: h.name, roles: ['member'] });
  await db.updateTable('users').set({ country: h.country ?? null }).where('id', '=', id).execute();
  const credentialIds: string[] = [];
  const now = app.clock.now();
  for (const [i, levelId] of (h.levels ?? ['member']).entries()) {
    const level = levels[levelId] ?? { name: levelId, postNominals: null };
    const cid = newId();
    credentialIds.push(cid);
    const awarded = new Date(now.getTime() - (400 - i) * 86_400_000).toISOString();
    await db
      .insertInto('credentials')
      .values({ id: cid, holder_id: id, application_id: null, scheme_version_id: versionId, level_id: levelId, level_name: level.name, post_nominals: level.postNominals, awarded_at: awarded, review_at: '2029-01-01T00:00:00.000Z', status: h.status ?? 'active', status_changed_at: awarded, created_at: now.toISOString() })
      .execute();
  }
  await db.transaction().execute((tx) => refreshRegisterEntry(tx, id, now));
  return { id, credentialIds };
}

/** Lists a holder directly (as updateRegisterListing does), for tests that need many listed holders. */
export async function list(app: TestApp, holderId: string, showCountry = true): Promise<void> {
  const now = app.clock.now();
  await app.platform.database.db.transaction().execute(async (tx) => {
    await tx.insertInto('register_listings').values({ holder_id: holderId, listed: 1, show_country: showCountry ? 1 : 0, updated_at: now.toISOString() }).execute();
    await refreshRegisterEntry(tx, holderId, now);
  });
}
