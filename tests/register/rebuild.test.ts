import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REBUILD_JOB, type RebuildCheckpoint, rebuildRegister } from '../../server/modules/register/register.jobs.js';
import { enqueue } from '../../server/platform/jobs/queue.js';
import { call, type Json, makeUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { holder, list, schemeVersion } from './support.js';

let app: TestApp;
let versionId: string;
beforeAll(async () => {
  app = await testApp();
  versionId = await schemeVersion(app);
});
afterAll(async () => {
  await app?.close();
});

const names = async (qs: string) => ((await call(app, { method: 'GET', url: `/api/v1/register?${qs}` })).json().results as Json[]).map((r) => r.name);
const entryTimes = async () =>
  new Map((await app.platform.database.db.selectFrom('register_entries').select(['holder_id', 'updated_at']).execute()).map((r) => [r.holder_id, r.updated_at]));

describe('the weekly register rebuild', () => {
  it('rewrites the entries whose sources changed behind the writers, leaves the rest, and a second run writes nothing', async () => {
    const db = app.platform.database.db;
    const renamed = await holder(app, versionId, { email: 'renamed@example.org', name: 'Ola Nordmann', country: 'NO' });
    const unlisted = await holder(app, versionId, { email: 'unlisted@example.org', name: 'Ina Unlisted', country: 'SE' });
    const revoked = await holder(app, versionId, { email: 'revoked@example.org', name: 'Rita Revoked', country: 'FI' });
    const lost = await holder(app, versionId, { email: 'lost@example.org', name: 'Lars Lost', country: 'DK' });
    const fine = await holder(app, versionId, { email: 'fine@example.org', name: 'Fiona Fine', country: 'IS' });
    for (const h of [renamed, unlisted, revoked, lost, fine]) await list(app, h.id);
    const stray = await makeUser(app, { email: 'stray@example.org', name: 'Stray Rows', roles: ['member'] });

    // Changes made without refreshing the register, as a forgetful writer or a hand-made fix would.
    await db.updateTable('users').set({ name: 'Kari Nordmann' }).where('id', '=', renamed.id).execute();
    await db.updateTable('register_listings').set({ listed: 0 }).where('holder_id', '=', unlisted.id).execute();
    await db.updateTable('credentials').set({ status: 'revoked' }).where('holder_id', '=', revoked.id).execute();
    await db.deleteFrom('register_tokens').where('holder_id', '=', lost.id).execute();
    await db.insertInto('register_tokens').values({ token: 'stray', sort_name: 'stray rows', holder_id: stray, country: null, levels: 'member', tokens: 'stray rows' }).execute();
    expect(await names('q=kari')).toEqual([]);
    expect(await names('q=ina')).toEqual(['Ina Unlisted']);
    expect(await names('q=lars')).toEqual([]);
    expect(await names('q=stray')).toEqual([]); // a token row without an entry answers nothing, but is wrong

    const before = await entryTimes();
    app.clock.advance(60_000);
    const reports: Array<[number, number]> = [];
    const run = await rebuildRegister(db, app.clock, async (done, total) => {
      reports.push([done, total]);
    }, 3);
    expect(run.rewritten).toBe(5);
    const users = Number((await db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    expect(run.checked).toBe(users);
    expect(reports.at(-1)).toEqual([users, users]);
    expect(reports.length).toBe(Math.ceil(users / 3));

    expect(await names('q=kari')).toEqual(['Kari Nordmann']);
    expect(await names('q=ola')).toEqual([]);
    expect(await names('q=ina')).toEqual([]);
    expect(await names('q=lars')).toEqual(['Lars Lost']);
    const rita = (await call(app, { method: 'GET', url: '/api/v1/register?q=rita' })).json().results[0] as Json;
    expect(rita.credentials.map((c: Json) => c.status)).toEqual(['revoked']);
    expect(await db.selectFrom('register_tokens').select('token').where('holder_id', '=', stray).execute()).toEqual([]);
    const after = await entryTimes();
    expect(after.get(fine.id)).toBe(before.get(fine.id)); // untouched: not written again
    expect(after.get(renamed.id)).not.toBe(before.get(renamed.id));

    expect((await rebuildRegister(db, app.clock)).rewritten).toBe(0);
  });

  it('stopped half-way keeps the batches it finished, and the next run writes only what is still wrong', async () => {
    const db = app.platform.database.db;
    const people = [];
    for (const n of ['Alva', 'Bror', 'Cleo', 'Dag', 'Eir']) {
      const h = await holder(app, versionId, { email: `${n.toLowerCase()}@example.org`, name: `${n} Halfway`, country: 'NO' });
      await list(app, h.id);
      people.push(h);
    }
    await db.updateTable('users').set({ country: 'SE' }).where('id', 'in', people.map((p) => p.id)).execute();
    // They are the newest accounts, so the last in id order: stop after the third of them, one a batch.
    const stop = new Error('worker stopped');
    let saved: RebuildCheckpoint | undefined;
    await expect(
      rebuildRegister(db, app.clock, async (done, total, _message, checkpoint) => {
        saved = checkpoint;
        if (done === total - 2) throw stop;
      }, 1),
    ).rejects.toBe(stop);
    const fixed = await db.selectFrom('register_entries').select('holder_id').where('holder_id', 'in', people.map((p) => p.id)).where('country', '=', 'SE').execute();
    expect(fixed.map((f) => f.holder_id).sort()).toEqual(people.slice(0, 3).map((p) => p.id).sort());
    // The next attempt starts after the checkpoint: it checks the last two holders only, and counts on from there.
    const users = Number((await db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    expect(saved).toMatchObject({ after: people[2]?.id, checked: users - 2, rewritten: 3 });
    const dones: number[] = [];
    const second = await rebuildRegister(db, app.clock, async (done) => {
      dones.push(done);
    }, 1, saved);
    expect(dones).toEqual([users - 1, users]);
    expect(second).toEqual({ checked: users, rewritten: 5 });
    expect((await rebuildRegister(db, app.clock)).rewritten).toBe(0);
    expect(await names('q=halfway&country=SE')).toHaveLength(people.length);
  });

  it('runs as the register.rebuild job on the weekly schedule, reporting progress', async () => {
    const db = app.platform.database.db;
    const jobId = (await enqueue(db, REBUILD_JOB, {}, app.clock.now())) as string;
    await app.worker.drain();
    const job = await db.selectFrom('jobs').select(['status', 'progress']).where('id', '=', jobId).executeTakeFirstOrThrow();
    expect(job.status).toBe('done');
    expect(JSON.parse(job.progress as string)).toMatchObject({ message: expect.stringMatching(/^Checked \d+ of \d+ accounts; rewrote 0 register entries$/) });
    const scheduled = await db.selectFrom('jobs').select('idempotency_key').where('kind', '=', REBUILD_JOB).where('id', '!=', jobId).execute();
    expect(scheduled.map((j) => j.idempotency_key)).toEqual([expect.stringMatching(/^schedule:register\.rebuild@/)]);
  });
});
