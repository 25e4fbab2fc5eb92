import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECHECK_MS } from '../../server/modules/credentials/status/epoch.js';
import { decodeList, getBit } from '../../server/modules/credentials/status/status-list.js';
import { newId } from '../../server/platform/ids.js';
import { type Json, auditEntries, call, mailsTo, signIn, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { httpFetcher, PUBLIC_URL } from '../credentials/support.js';
import { withDefaultScheme } from '../portfolio/support.js';
import { approvedProvider, holdCredential, manualActivity } from './standards-support.js';

/*
 * A suspended member who makes up the shortfall is reinstated when the making up happens (a logged activity,
 * a provider's credit, an accepted audit activity), not at the next daily run: the credential is active again, its suspension bit in the
 * signed status list is cleared, and it verifies.
 */

let app: TestApp;
let versionId: string;
const db = () => app.platform.database.db;
const on = (day: string) => app.clock.set(`${day}T06:00:00.000Z`);
const daily = () => app.services.cpd.standards.daily.run();
const statusOf = async (id: string) => (await db().selectFrom('credentials').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
const stateOf = (id: string) => db().selectFrom('cpd_credential_states').selectAll().where('credential_id', '=', id).executeTakeFirstOrThrow();
/** On PostgreSQL a status change made outside the credentials module's own routes reaches its caches within RECHECK_MS (epoch.ts). */
const settled = () => new Promise((r) => setTimeout(r, app.platform.database.sqlite ? 0 : RECHECK_MS + 50));
const verifyById = async (id: string) => {
  await settled();
  return (await call(app, { method: 'GET', url: `/api/v1/verify?credential=${id}` })).json();
};

/** The credential's suspension bit as the signed status list served to verifiers says. */
async function suspensionBit(id: string): Promise<boolean> {
  await settled();
  const vc = (await call(app, { method: 'GET', url: `/api/v1/credentials/${id}` })).json().credential as Json;
  const entry = (vc.credentialStatus as Json[]).find((e) => e.statusPurpose === 'suspension') as Json;
  const res = await httpFetcher(app).get(entry.statusListCredential);
  expect(res.status).toBe(200);
  return getBit(decodeList(JSON.parse(res.body).credentialSubject.encodedList), Number(entry.statusListIndex));
}

/**
 * Holders awarded on 2023-06-01 with 24 of the cycle's 60 points, issued, then taken by the daily job
 * through grace (from 2026-06-01) to suspension (2026-08-30): 36 points short.
 */
const held = new Map<string, string>();
beforeAll(async () => {
  app = await testApp({ now: '2025-11-01T06:00:00.000Z', env: { PUBLIC_URL } });
  ({ versionId } = await withDefaultScheme(app));
  await signedInUser(app, 'registrar@example.org', ['scheme_admin']);
  await signedInUser(app, 'assessor@example.org', ['assessor']);
  for (const email of ['maker-up@example.org', 'credited@example.org', 'audited@example.org']) {
    const member = await signedInUser(app, email, ['member']);
    held.set(email, await holdCredential(app, versionId, member.id, '2023-06-01'));
    await manualActivity(app, member.id, { occurredOn: '2024-02-01', hours: 12 });
    await manualActivity(app, member.id, { occurredOn: '2025-02-01', hours: 12 });
  }
  app.clock.advance(60_000); // the issuing sweep's next slot
  await app.worker.drain();
  await daily();
  on('2026-06-01');
  await daily();
  on('2026-08-30');
  await daily();
  for (const id of held.values()) expect(await statusOf(id)).toBe('suspended');
});
afterAll(async () => {
  await app?.close();
});

describe('reinstatement when the shortfall is made up', () => {
  it('reinstates at once when the member logs enough: status active, suspension bit cleared, verifies', async () => {
    const credentialId = held.get('maker-up@example.org')!;
    expect(await suspensionBit(credentialId)).toBe(true);
    expect((await verifyById(credentialId)).verified).toBe(false);

    on('2026-09-01');
    const member = await signIn(app, 'maker-up@example.org');
    const log = (hours: number, title: string) =>
      member.req({ method: 'POST', url: '/api/v1/me/cpd/activities', payload: { type: 'training', title, occurredOn: '2026-08-31', hours, provider: 'Acme', learned: 'Things', apply: 'At work', details: {} } });
    for (const [h, t] of [[15, 'Course A'], [15, 'Course B']] as const) expect((await log(h, t)).statusCode).toBe(201);
    // Still 6 points short: still suspended, and the figure is brought up to date.
    expect(await statusOf(credentialId)).toBe('suspended');
    expect(await stateOf(credentialId)).toMatchObject({ status: 'suspended', shortfall_quarters: 24 });
    expect(await suspensionBit(credentialId)).toBe(true);

    expect((await log(6, 'Course C')).statusCode).toBe(201);
    // No daily run in between.
    expect(await statusOf(credentialId)).toBe('active');
    expect(await stateOf(credentialId)).toMatchObject({ status: 'ok', cycle_index: 1, cycle_start: '2026-06-01', cycle_end: '2029-06-01' });
    expect(await suspensionBit(credentialId)).toBe(false);
    const verified = await verifyById(credentialId);
    expect(verified.verified).toBe(true);
    expect(verified.checks.find((c: Json) => c.check === 'status').reason).toMatch(/Not suspended/);
    expect((await mailsTo(app, 'maker-up@example.org')).at(-1)?.subject).toBe('Member: credential reinstated');
    const changes = (await auditEntries(app, 'credential.status_changed')).filter((e) => e.subject_id === credentialId);
    expect(changes.map((e) => e.details.to)).toEqual(['suspended', 'active']);

    // The daily job agrees and has nothing left to do; logging more changes nothing.
    expect(await daily()).toMatchObject({ changed: 0, transitions: 0 });
    expect((await log(1, 'Course D')).statusCode).toBe(201);
    expect((await auditEntries(app, 'credential.status_changed')).filter((e) => e.subject_id === credentialId)).toHaveLength(2);
  });

  it('reinstates at once when a provider’s import credits the missing CPD', async () => {
    const credentialId = held.get('credited@example.org')!;
    expect(await suspensionBit(credentialId)).toBe(true);
    on('2026-09-01');
    const organiser = await signedInUser(app, 'organiser@example.org', []);
    const provider = await approvedProvider(await signIn(app, 'registrar@example.org'), 'summit', [{ code: 'SUMMIT', type: 'training', title: 'Service summit workshop', hours: 12 }], ['organiser@example.org']);
    const res = await organiser.req({ method: 'POST', url: '/api/v1/cpd/imports', payload: { providerId: provider.id, rows: ['a', 'b', 'c'].map((k) => ({ memberEmail: 'credited@example.org', activityCode: 'SUMMIT', date: '2026-08-31', rowKey: `day-${k}` })) } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status: 'done', creditedRows: 3 });
    expect(await statusOf(credentialId)).toBe('active');
    expect(await suspensionBit(credentialId)).toBe(false);
    expect((await verifyById(credentialId)).verified).toBe(true);
  });

  it('reinstates at once when an assessor accepts an audited activity that had been rejected', async () => {
    const credentialId = held.get('audited@example.org')!;
    on('2026-09-01');
    const memberId = (await db().selectFrom('credentials').select('holder_id').where('id', '=', credentialId).executeTakeFirstOrThrow()).holder_id;
    // Making up 36 points, one activity of which an audit had rejected: still 12 short.
    const ids = [];
    for (const t of ['A', 'B', 'C']) ids.push(await manualActivity(app, memberId, { occurredOn: '2026-08-31', hours: 12, title: `Make-up ${t}`, loggedAt: '2026-09-01T05:00:00.000Z' }));
    const auditId = newId();
    const at = '2026-09-01T05:00:00.000Z';
    await db().insertInto('cpd_audits').values({ id: auditId, year: 2026, seed: 's', member_id: memberId, credential_id: credentialId, cycle_index: 0, reason: 'targeted', reason_detail: null, status: 'in_review', assessor_id: null, requested_at: at, due_at: '2026-12-01T00:00:00.000Z', submitted_at: at, decided_at: null, outcome: null, updated_at: at }).execute();
    await db().insertInto('cpd_audit_items').values({ audit_id: auditId, activity_id: ids[0]!, evidence_requested: 'A certificate', evidence_ids: '[]', member_note: null, decision: 'reject', reasons: 'Unreadable certificate', reviewer_id: null, decided_at: at }).execute();
    await db().updateTable('cpd_activities').set({ audit_status: 'rejected' }).where('id', '=', ids[0]!).execute();
    expect(await app.services.cpd.standards.standing.recheck([memberId])).toMatchObject({ transitions: 0 });
    expect(await statusOf(credentialId)).toBe('suspended');

    const assessor = await signIn(app, 'assessor@example.org');
    const res = await assessor.req({ method: 'POST', url: `/api/v1/cpd/audits/${auditId}/items/${ids[0]}/review`, payload: { decision: 'accept' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(await statusOf(credentialId)).toBe('active');
    expect(await suspensionBit(credentialId)).toBe(false);
  });
});
