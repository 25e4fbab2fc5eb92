import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inAmbientTransaction, withAmbientTransactions } from '../../server/db/ambient.js';
import type { Db } from '../../server/db/database.js';
import { freshDatabase } from '../support/app.js';

// The request transaction of an Idempotency-Key request: queries made through the ambient handle join
// it, however deep in async calls; the storage behind it is switched off between request transactions
// and must come back for the next one.
let db: Db;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const fresh = await freshDatabase();
  cleanup = fresh.cleanup;
  db = withAmbientTransactions(fresh.database.db);
});
afterAll(async () => cleanup());

const at = new Date().toISOString();
const addBody = (slug: string) => db.insertInto('bodies').values({ id: `id-${slug}`, slug, name: slug, short_name: slug, country: 'GB', website: null, created_at: at }).execute();
const has = async (slug: string) => (await db.selectFrom('bodies').select('id').where('slug', '=', slug).executeTakeFirst()) !== undefined;
const later = () => new Promise((r) => setTimeout(r, 5));

describe('ambient transactions', () => {
  it('joins queries made after awaits and timers, undoes them all on failure, and works again for each later transaction', async () => {
    for (const round of [1, 2, 3]) {
      const slug = `undone-${round}`;
      await expect(
        inAmbientTransaction(db, async () => {
          await later();
          await addBody(slug);
          await later();
          expect(await has(slug)).toBe(true);
          throw new Error('undo');
        }),
      ).rejects.toThrow('undo');
      expect(await has(slug), `round ${round}`).toBe(false);
      // Between request transactions the handle is the database itself.
      await addBody(`kept-${round}`);
      expect(await has(`kept-${round}`)).toBe(true);
    }
  });

  it('a service transaction inside is a savepoint: its failure is undone alone', async () => {
    await inAmbientTransaction(db, async () => {
      await addBody('outer');
      await expect(
        db.transaction().execute(async (tx) => {
          await tx.insertInto('bodies').values({ id: 'id-inner', slug: 'inner', name: 'inner', short_name: 'inner', country: 'GB', website: null, created_at: at }).execute();
          throw new Error('inner fails');
        }),
      ).rejects.toThrow('inner fails');
    });
    expect(await has('outer')).toBe(true);
    expect(await has('inner')).toBe(false);
  });
});
