import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BODY_RULE_SET_KEY, loadShippedRuleSets } from '../../server/modules/cpd/shipped.js';
import { newId } from '../../server/platform/ids.js';
import { type Browser, expectError, type Json, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { member } from '../organisations/fixtures-consent.js';

let app: TestApp;
let admin: Browser & { id: string };
let memberId: string;
const ids: Record<string, string> = {};
const activities: Record<string, string> = {};

/** A CPD activity on `on` with one evidence link attached. */
async function evidenceOn(name: string, on: string): Promise<string> {
  const db = app.platform.database.db;
  const at = app.clock.now().toISOString();
  const activity = newId();
  await db.insertInto('cpd_activities').values({ id: activity, member_id: memberId, type: 'training', title: name, occurred_on: on, quarters: 4, provider: 'Co', learned: null, apply: null, source: 'manual', provider_id: null, import_id: null, row_key: null, activity_code: null, audit_status: null, created_at: at, updated_at: at, deleted_at: null }).execute();
  const evidence = newId();
  await db.insertInto('evidence').values({ id: evidence, member_id: memberId, kind: 'link', title: name, file_sha256: null, url: 'https://example.org/e', created_at: at }).execute();
  await db.insertInto('cpd_activity_evidence').values({ activity_id: activity, evidence_id: evidence }).execute();
  activities[name] = activity;
  return evidence;
}

beforeAll(async () => {
  // 1 March 2027: the current cycle started on 1 January 2026, so the cycle before ended on 31 December 2025.
  app = await testApp({ now: '2027-03-01T10:00:00.000Z' });
  admin = await signedInUser(app, 'scheme@example.org', ['scheme_admin']);
  const m = await member(app, { email: 'ada@example.org', name: 'Ada', level: { id: 'member', name: 'Member' }, cpd: { status: 'ok' } });
  memberId = m.id;
  await app.platform.database.db.updateTable('cpd_credential_states').set({ cycle_start: '2026-01-01' }).where('member_id', '=', memberId).execute();
  ids.old = await evidenceOn('old', '2025-06-01');
  ids.current = await evidenceOn('current', '2026-02-01');
  ids.audited = await evidenceOn('audited', '2025-07-01');
  const at = app.clock.now().toISOString();
  const auditId = newId();
  const credentialId = m.credentialId as string;
  await app.platform.database.db.insertInto('cpd_audits').values({ id: auditId, year: 2027, seed: 's', member_id: memberId, credential_id: credentialId, cycle_index: 0, reason: 'random', reason_detail: null, status: 'requested', assessor_id: null, requested_at: at, due_at: at, submitted_at: null, decided_at: null, outcome: null, updated_at: at }).execute();
  await app.platform.database.db.insertInto('cpd_audit_items').values({ audit_id: auditId, activity_id: activities.audited as string, evidence_requested: 'certificate', member_note: null, decision: null, reasons: null, reviewer_id: null, decided_at: null }).execute();
});
afterAll(async () => {
  await app?.close();
});

describe('evidence retention', () => {
  it('reports, without writing anything, what would be purged and what is kept for an open audit', async () => {
    const db = app.platform.database.db;
    const before = { evidence: await db.selectFrom('evidence').selectAll().execute(), audit: (await db.selectFrom('audit_log').select('id').execute()).length };
    const res = await admin.req({ method: 'GET', url: '/api/v1/admin/retention' });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({ retentionMonths: 12, purge: 1, kept: 1 });
    expect(r.items.map((i: Json) => [i.evidenceId, i.decision, i.cycleEndedOn, i.purgeFrom])).toEqual([
      [ids.old, 'purge', '2025-12-31', '2026-12-31'],
      [ids.audited, 'keep', '2025-12-31', '2026-12-31'],
    ].sort((a, b) => (a[0] as string).localeCompare(b[0] as string)));
    expect(r.items.find((i: Json) => i.evidenceId === ids.audited).why).toMatch(/audit/);
    expect(await db.selectFrom('evidence').selectAll().execute()).toEqual(before.evidence);
    expect((await db.selectFrom('audit_log').select('id').execute()).length).toBe(before.audit);
    expectError(await (await signedInUser(app, 'member@example.org', ['member'])).req({ method: 'GET', url: '/api/v1/admin/retention' }), 403, 'FORBIDDEN');
  });

  it('purges nothing before the cycle plus the retention period is up', async () => {
    app.clock.set('2026-12-30T10:00:00.000Z');
    expect((await admin.req({ method: 'GET', url: '/api/v1/admin/retention' })).json().items).toEqual([]);
    app.clock.set('2027-03-01T10:00:00.000Z');
  });

  it("follows the body's CPD rule set when it sets how long evidence outlives its cycle", async () => {
    const db = app.platform.database.db;
    // A new version of the body's rule set that keeps evidence one month after its cycle.
    const base = loadShippedRuleSets().get(BODY_RULE_SET_KEY)!;
    const id = newId();
    const content = JSON.stringify({ ...base, version: base.version + 1, evidenceRetentionMonths: 1 });
    await db.insertInto('cpd_rule_sets').values({ id, key: BODY_RULE_SET_KEY, number: base.version + 1, name: base.name, content, sha256: 'test', body_default: 1, created_at: app.clock.now().toISOString() }).execute();
    try {
      // A month after the cycle ended (31 December 2025), the old evidence is due: in March 2026, not December.
      app.clock.set('2026-03-01T10:00:00.000Z');
      const r = (await admin.req({ method: 'GET', url: '/api/v1/admin/retention' })).json();
      expect(r).toMatchObject({ retentionMonths: 1, purge: 1 });
      expect(r.items.find((i: Json) => i.evidenceId === ids.old)).toMatchObject({ decision: 'purge', purgeFrom: '2026-01-31' });
    } finally {
      await db.deleteFrom('cpd_rule_sets').where('id', '=', id).execute();
      app.clock.set('2027-03-01T10:00:00.000Z');
    }
  });

  it('the daily job purges what the report says, and audits it', async () => {
    const db = app.platform.database.db;
    expect(await app.services.privacy.retention.purge()).toBe(1);
    const left = (await db.selectFrom('evidence').select('id').where('member_id', '=', memberId).execute()).map((e) => e.id).sort();
    expect(left).toEqual([ids.current, ids.audited].sort());
    const entry = await db.selectFrom('audit_log').select('details').where('action', '=', 'privacy.evidence_purged').executeTakeFirstOrThrow();
    expect(JSON.parse(entry.details)).toMatchObject({ count: 1, evidenceIds: [ids.old] });
    expect((await admin.req({ method: 'GET', url: '/api/v1/admin/retention' })).json()).toMatchObject({ purge: 0, kept: 1 });
  });
});
