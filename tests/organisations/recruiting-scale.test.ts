import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../server/platform/ids.js';
import { type Browser, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { organisation } from './fixtures-recruiting.js';

/*
 * Candidate search over a large register: 20,000 listed holders written straight into the register's
 * index, a tenth listing a certification (one in ten of those a rare one), a third their responsibility.
 * A page must cost about the same whichever filter is used (each starts from its own index); the figures are printed for the report.
 */
const HOLDERS = 20_000;
let app: TestApp;
let hr: Browser & { id: string };
let orgId: string;

beforeAll(async () => {
  app = await testApp();
  const db = app.platform.database.db;
  const now = app.clock.now().toISOString();
  const creds = JSON.stringify([{ id: newId(), levelId: 'member', levelName: 'Member', postNominals: null, awardedAt: now, status: 'active', url: '/credentials/x' }]);
  await db.transaction().execute(async (tx) => {
    for (let start = 0; start < HOLDERS; start += 500) {
      const batch = Array.from({ length: 500 }, (_, k) => {
        const i = start + k;
        return { id: newId(), i, sort: `holder ${String(i).padStart(6, '0')}` };
      });
      await tx.insertInto('users').values(batch.map((b) => ({ id: b.id, email: `h${b.i}@scale.test`, name: `Holder ${b.i}`, password_hash: null, status: 'active', email_verified_at: now, created_at: now, updated_at: now, country: 'GB' }) as never)).execute();
      await tx.insertInto('register_listings').values(batch.map((b) => ({ holder_id: b.id, listed: 1, show_country: 1, list_certifications: b.i % 10 === 0 ? 1 : 0, list_responsibility: b.i % 3 === 0 ? 1 : 0, updated_at: now }))).execute();
      await tx.insertInto('register_entries').values(batch.map((b) => ({ holder_id: b.id, name: `Holder ${b.i}`, sort_name: b.sort, tokens: 'holder', country: b.i % 2 ? 'GB' : 'IE', credentials: creds, updated_at: now }))).execute();
      await tx.insertInto('register_levels').values(batch.map((b) => ({ holder_id: b.id, level_id: b.i % 4 === 0 ? 'professional' : 'member', sort_name: b.sort, country: b.i % 2 ? 'GB' : 'IE' }))).execute();
      const opted = batch.filter((b) => b.i % 10 === 0 || b.i % 3 === 0);
      await tx.insertInto('recruiting_candidates').values(opted.map((b) => ({ holder_id: b.id, responsibility_level: b.i % 3 === 0 ? (b.i % 7) + 1 : null, certifications: b.i % 10 === 0 ? '["ITIL 4 Foundation"]' : 'null', updated_at: now }))).execute();
      const levels = batch.filter((b) => b.i % 3 === 0).flatMap((b) => Array.from({ length: (b.i % 7) + 1 }, (_, k) => ({ at_least: k + 1, sort_name: b.sort, holder_id: b.id })));
      await tx.insertInto('recruiting_responsibility').values(levels).execute();
      const certs = batch.filter((b) => b.i % 10 === 0);
      await tx.insertInto('recruiting_certifications').values(certs.map((b) => ({ cert_key: b.i % 100 === 0 ? 'cobit 2019 foundation' : 'itil 4 foundation', sort_name: b.sort, holder_id: b.id }))).execute();
    }
  });
  // A real database has statistics on its tables (autovacuum); a bulk load has none until analysed.
  if (app.platform.database.dialect === 'postgres') await sql`analyze`.execute(db);
  hr = await signedInUser(app, 'hr@scale.test');
  orgId = await organisation(app, 'Scale', [{ userId: hr.id, role: 'hr' }]);
}, 120_000);
afterAll(async () => {
  await app?.close();
});

async function search(qs: string): Promise<number> {
  const res = await hr.req({ method: 'GET', url: `/api/v1/organisations/${orgId}/candidates?${qs}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().results.length;
}

// Timing belongs in bench/: here, only that every filter finds its page among many listed holders.
describe(`candidate search over ${HOLDERS} listed holders`, () => {
  it('finds a full page through every filter and combination', async () => {
    const cases = ['limit=20', 'country=IE', 'level=professional', 'level=professional&country=IE', 'certification=ITIL 4 Foundation', 'certification=COBIT 2019 Foundation', 'minResponsibility=6', 'minResponsibility=7&level=professional', 'certification=ITIL 4 Foundation&minResponsibility=5'];
    for (const qs of cases) expect(await search(qs), qs).toBe(20);
  }, 120_000);
});
