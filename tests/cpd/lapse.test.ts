import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, mailsTo, signIn, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { withDefaultScheme } from '../portfolio/support.js';
import { holdCredential, manualActivity } from './standards-support.js';

let app: TestApp;
let versionId: string;
let member: Browser & { id: string };
let credentialId: string;
const crowd: string[] = [];
const db = () => app.platform.database.db;
const daily = (opts = {}) => app.services.cpd.standards.daily.run(opts);
const on = (day: string) => app.clock.set(`${day}T06:00:00.000Z`);
const credentialStatus = async (id: string) => (await db().selectFrom('credentials').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
const stateOf = (id: string) => db().selectFrom('cpd_credential_states').selectAll().where('credential_id', '=', id).executeTakeFirstOrThrow();
const subjects = async (email: string) => (await mailsTo(app, email)).map((m) => m.subject);

beforeAll(async () => {
  app = await testApp({ now: '2025-11-01T06:00:00.000Z' });
  ({ versionId } = await withDefaultScheme(app));
  member = await signedInUser(app, 'lapsing@example.org', ['member']);
  // Awarded 2023-06-01: the first cycle ends on 2026-05-31 and needs 60 points; 24 are logged.
  credentialId = await holdCredential(app, versionId, member.id, '2023-06-01');
  await manualActivity(app, member.id, { occurredOn: '2024-02-01', hours: 12 });
  await manualActivity(app, member.id, { occurredOn: '2025-02-01', hours: 12 });
  // 25 holders whose cycle ends on 2026-02-28, with nothing logged.
  for (let i = 0; i < 25; i++) {
    const u = await signedInUser(app, `crowd${i}@example.org`, ['member']);
    crowd.push(await holdCredential(app, versionId, u.id, '2023-03-01'));
  }
});
afterAll(async () => {
  await app?.close();
});

describe('the daily CPD standing job', () => {
  it('starts a state for every active credential, due in the month of its first reminder point', async () => {
    const r = await daily();
    expect(r.started).toBe(26);
    expect(await stateOf(credentialId)).toMatchObject({ cycle_index: 0, cycle_start: '2023-06-01', cycle_end: '2026-06-01', status: 'ok', next_check_on: '2026-03-01' });
    expect((await stateOf(crowd[0]!)).next_check_on).toBe('2025-12-01');
    expect((await daily()).started).toBe(0);
  });

  it('finishes correctly after being stopped half-way, sending each reminder once', async () => {
    on('2025-12-01');
    let saved: unknown = null;
    await expect(app.services.cpd.standards.daily.run({ batch: 10, stopAfterBatches: 1 }, async (_d, _t, _m, checkpoint) => {
      if (checkpoint) saved = checkpoint;
    })).rejects.toThrow('stopped after 1 batches');
    const sent = await db().selectFrom('cpd_reminders').select('credential_id').where('credential_id', 'in', crowd).execute();
    expect(sent).toHaveLength(10);
    expect(saved).toMatchObject({ today: '2025-12-01', done: 10, total: 25 });
    // The next attempt (a retry, or another process after the lease) goes on from its checkpoint: its
    // progress continues at 10 of 25 and its result counts the whole day.
    const dones: number[] = [];
    const r = await app.services.cpd.standards.daily.run({ batch: 10 }, async (done, _t, _m, checkpoint) => {
      if (checkpoint) dones.push(done);
    }, saved);
    expect(dones).toEqual([20, 25]);
    expect(r).toMatchObject({ reminders: 25, checked: 25 });
    const all = await db().selectFrom('cpd_reminders').select(['credential_id', 'point']).where('credential_id', 'in', crowd).execute();
    expect(all).toHaveLength(25);
    expect(new Set(all.map((x) => x.point))).toEqual(new Set(['before-90d']));
    expect(await subjects('crowd0@example.org')).toEqual(['CPD reminder: 60 points more needed by 2026-02-28']);
    expect(await daily()).toMatchObject({ checked: 0, changed: 0, reminders: 0 });
  });

  it('reminds a short member at 90, 30 and 7 days, each once, and a second run the same day changes nothing', async () => {
    // Checked on the 1st of the month of its first point, the state only moves on to the point itself.
    on('2026-03-01');
    await daily();
    expect(await stateOf(credentialId)).toMatchObject({ status: 'ok', next_check_on: '2026-03-03' });
    expect(await db().selectFrom('cpd_reminders').select('point').where('credential_id', '=', credentialId).execute()).toEqual([]);
    for (const day of ['2026-03-03', '2026-05-02', '2026-05-25']) {
      on(day);
      expect((await daily()).reminders).toBeGreaterThan(0);
      const again = await daily();
      expect(again).toMatchObject({ changed: 0, reminders: 0, transitions: 0 });
    }
    const reminders = await db().selectFrom('cpd_reminders').select('point').where('credential_id', '=', credentialId).orderBy('sent_at').execute();
    expect(reminders.map((r) => r.point)).toEqual(['before-90d', 'before-30d', 'before-7d']);
    expect(await subjects('lapsing@example.org')).toEqual([
      'CPD reminder: 36 points more needed by 2026-05-31',
      'CPD reminder: 36 points more needed by 2026-05-31',
      'CPD reminder: 36 points more needed by 2026-05-31',
    ]);
  });

  it('moves through grace, suspension after 90 days and lapse after a year', async () => {
    on('2026-06-01');
    await daily();
    expect(await stateOf(credentialId)).toMatchObject({ status: 'grace', since: '2026-06-01', shortfall_quarters: 144, next_check_on: '2026-08-30' });
    expect(await credentialStatus(credentialId)).toBe('active');
    on('2026-08-29');
    await daily();
    expect(await credentialStatus(credentialId)).toBe('active');
    on('2026-08-30');
    const r = await daily();
    expect(r.transitions).toBeGreaterThan(0);
    expect(await credentialStatus(credentialId)).toBe('suspended');
    expect(await daily()).toMatchObject({ changed: 0, transitions: 0 });
    on('2027-08-30');
    await daily();
    expect(await credentialStatus(credentialId)).toBe('lapsed');
    expect(await stateOf(credentialId)).toMatchObject({ status: 'lapsed', since: '2027-08-30', cycle_index: 0 });
    const changes = await db().selectFrom('audit_log').select('details').where('action', '=', 'credential.status_changed').where('subject_id', '=', credentialId).orderBy('at').execute();
    expect(changes.map((c) => JSON.parse(c.details).to)).toEqual(['suspended', 'lapsed']);
    expect((await subjects('lapsing@example.org')).slice(3)).toEqual(['Member: CPD grace period started', 'Member: credential suspended', 'Member: credential lapsed']);
  });

  it('reinstates the credential as soon as the member logs enough to make up the shortfall', async () => {
    on('2027-09-01');
    const fresh = await signIn(app, 'lapsing@example.org');
    const log = (hours: number, title: string) =>
      fresh.req({ method: 'POST', url: '/api/v1/me/cpd/activities', payload: { type: 'training', title, occurredOn: '2027-08-31', hours, provider: 'Acme', learned: 'Things', apply: 'At work', details: {} } });
    for (const [h, t] of [[15, 'Course A'], [15, 'Course B']] as const) expect((await log(h, t)).statusCode).toBe(201);
    let r = await daily();
    expect(await credentialStatus(credentialId)).toBe('lapsed');
    expect((await stateOf(credentialId)).shortfall_quarters).toBe(24);
    expect(r.transitions).toBe(0);
    expect((await daily()).changed).toBe(0);
    // The making up reinstates at once (reinstate.test.ts); the day's run finds nothing left to do.
    expect((await log(6, 'Course C')).statusCode).toBe(201);
    expect(await credentialStatus(credentialId)).toBe('active');
    r = await daily();
    expect(r.transitions).toBe(0);
    expect(await stateOf(credentialId)).toMatchObject({ status: 'ok', cycle_index: 1, cycle_start: '2026-06-01', cycle_end: '2029-06-01' });
    expect((await subjects('lapsing@example.org')).at(-1)).toBe('Member: credential reinstated');
    expect(await daily()).toMatchObject({ changed: 0, transitions: 0 });
  });

  it('forgets the state of a revoked credential', async () => {
    await db().updateTable('credentials').set({ status: 'revoked' }).where('id', '=', crowd[0]!).execute();
    await db().updateTable('cpd_credential_states').set({ next_check_on: '2000-01-01' }).where('credential_id', '=', crowd[0]!).execute();
    await daily();
    expect(await db().selectFrom('cpd_credential_states').select('credential_id').where('credential_id', '=', crowd[0]!).executeTakeFirst()).toBeUndefined();
  });
});
