import { afterEach, describe, expect, it } from 'vitest';
import { sweepAccounts } from '../../server/modules/accounts/accounts.jobs.js';
import { provisionUser } from '../../server/modules/accounts/provision.js';
import { systemActor } from '../../server/platform/audit.js';
import { DAY } from '../../server/platform/clock.js';
import { enqueue, purgeDoneJobs } from '../../server/platform/jobs/queue.js';
import { type TestApp, testApp } from '../support/app.js';

let t: TestApp | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

describe('the maintenance sweep', () => {
  it('deletes expired sessions and month-old expired one-time tokens, keeping live ones', async () => {
    t = await testApp();
    const db = t.platform.database.db;
    const now = t.clock.now();
    const userId = await provisionUser(db, { email: 'sweep@example.org', name: 'Sweep', roles: [], passwordHash: 'x' }, systemActor, now);
    const at = (ms: number) => new Date(now.getTime() + ms).toISOString();
    const session = (id: string, expires: string) => ({ id, user_id: userId, csrf_token: 'c', created_at: at(-DAY), expires_at: expires, last_seen_at: at(-DAY), ip: null, user_agent: null });
    await db.insertInto('sessions').values([session('gone', at(-1000)), session('live', at(DAY))]).execute();
    const token = (id: string, expires: string) => ({ id, user_id: userId, purpose: 'reset_password' as const, token_hash: id, created_at: at(-40 * DAY), expires_at: expires, used_at: null });
    await db.insertInto('one_time_tokens').values([token('old', at(-31 * DAY)), token('recent', at(-29 * DAY))]).execute();

    await sweepAccounts(db, now);
    expect((await db.selectFrom('sessions').select('id').execute()).map((r) => r.id)).toEqual(['live']);
    expect((await db.selectFrom('one_time_tokens').select('id').execute()).map((r) => r.id)).toEqual(['recent']);
  });

  it('purges jobs done before the cut-off and keeps failed and recent ones', async () => {
    t = await testApp();
    const db = t.platform.database.db;
    const now = t.clock.now();
    for (const key of ['old-done', 'new-done', 'old-failed']) await enqueue(db, 'x', {}, now, { idempotencyKey: key });
    const finished = (key: string, status: 'done' | 'failed', daysAgo: number) =>
      db.updateTable('jobs').set({ status, finished_at: new Date(now.getTime() - daysAgo * DAY).toISOString() }).where('idempotency_key', '=', key).execute();
    await finished('old-done', 'done', 8);
    await finished('new-done', 'done', 6);
    await finished('old-failed', 'failed', 8);

    await purgeDoneJobs(db, new Date(now.getTime() - 7 * DAY));
    const left = (await db.selectFrom('jobs').select('idempotency_key').execute()).map((r) => r.idempotency_key).sort();
    expect(left).toEqual(['new-done', 'old-failed']);
  });
});
