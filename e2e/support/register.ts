import path from 'node:path';
import { openDatabase } from '../../server/db/database.js';
import { provisionUser } from '../../server/modules/accounts/provision.js';
import { refreshRegisterEntry } from '../../server/modules/register/index.js';
import { systemActor } from '../../server/platform/audit.js';
import { newId } from '../../server/platform/ids.js';

/**
 * Lists `count` more holders of a demo credential's level in a running demo server's register, all of
 * one family name, so that a search for it runs to a second page (the demo lists about twenty people).
 * Written to the server's SQLite file as the demo seed writes (the register reads its index afresh).
 */
export async function listNamesakes(dataDir: string, familyName: string, count: number): Promise<string[]> {
  const handle = openDatabase({ kind: 'sqlite', file: path.join(dataDir, 'guildhall.sqlite') });
  const names = Array.from({ length: count }, (_, i) => `Holder ${String(i + 1).padStart(2, '0')} ${familyName}`);
  try {
    const now = new Date();
    await handle.db.transaction().execute(async (tx) => {
      const model = await tx.selectFrom('credentials').selectAll().where('status', '=', 'active').orderBy('id').executeTakeFirstOrThrow();
      for (const [i, name] of names.entries()) {
        const email = `${familyName.toLowerCase()}.${i + 1}@members.guildhall.test`;
        const id = await provisionUser(tx, { email, name, roles: [], verified: true, country: 'GB' }, systemActor, now);
        await tx
          .insertInto('credentials')
          .values({
            id: newId(),
            holder_id: id,
            application_id: null,
            scheme_version_id: model.scheme_version_id,
            level_id: model.level_id,
            level_name: model.level_name,
            post_nominals: model.post_nominals,
            awarded_at: model.awarded_at,
            review_at: model.review_at,
            status: 'active',
            status_changed_at: model.awarded_at,
            created_at: now.toISOString(),
          })
          .execute();
        await tx.insertInto('register_listings').values({ holder_id: id, listed: 1, show_country: 1, updated_at: now.toISOString() }).execute();
        await refreshRegisterEntry(tx, id, now);
      }
    });
  } finally {
    await handle.close();
  }
  return names;
}
