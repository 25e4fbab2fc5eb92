import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portfolioRepository } from '../../server/modules/portfolio/portfolio.repository.js';
import { makeUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';

let app: TestApp;
beforeAll(async () => {
  app = await testApp();
});
afterAll(async () => {
  await app?.close();
});

describe('reading every portfolio in batches (impact previews)', () => {
  it('returns each member whole exactly once, whatever the page size', async () => {
    const db = app.platform.database.db;
    const at = app.clock.now().toISOString();
    const sizes = [1, 5, 2, 7, 3, 1, 4];
    const expected = new Map<string, number>();
    for (const [i, n] of sizes.entries()) {
      const id = await makeUser(app, { email: `batch${i}@example.org` });
      expected.set(id, n);
      for (let k = 0; k < n; k++)
        await db.insertInto('portfolio_items').values({ id: `${id}-${k}`, member_id: id, kind: 'contribution', data: JSON.stringify({ kind: 'contribution', type: 'talk', title: `T${k}`, date: '2024-01-01' }), created_at: at, updated_at: at }).execute();
    }
    for (const repo of [portfolioRepository(app.platform.database), portfolioRepository()]) {
      for (const rows of [1, 2, 3, 5, 100]) {
        const seen = new Map<string, number>();
        for await (const batch of repo.portfolioBatches(db, rows))
          for (const m of batch) {
            expect(seen.has(m.memberId), `member twice with ${rows} rows a page`).toBe(false);
            expect(m.portfolio.items.every((item) => item.id.startsWith(m.memberId))).toBe(true);
            seen.set(m.memberId, m.portfolio.items.length);
          }
        expect(seen, `${rows} rows a page`).toEqual(expected);
      }
    }
  });
});
