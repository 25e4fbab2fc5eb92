import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reapplyErasures } from '../../server/modules/privacy/index.js';
import { memberRows } from '../../server/modules/privacy/member-data.js';
import { type Browser, expectError, type Json, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { organisation } from '../organisations/fixtures-consent.js';
import { memberWithEverything } from './support.js';
import { submittedApplication } from '../applications/assessment-support.js';
import { schemeVersion } from '../register/support.js';
import { insertEvent } from '../events/fixtures.js';
import { newId } from '../../server/platform/ids.js';

let app: TestApp;
let journal: string;
let admin: Browser & { id: string };
let grace: Awaited<ReturnType<typeof memberWithEverything>>;
let fileSha: string;
let applicationId: string;
let attendanceId: string;
const blobPath = (sha: string) => path.join(app.config.dataDir, 'files', sha.slice(0, 2), sha.slice(2, 4), sha);

beforeAll(async () => {
  // Erasures are also recorded apart from the database, as beside a server's backups.
  journal = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'guildhall-erasures-')), 'backups', 'erasures.jsonl');
  app = await testApp({ env: { ERASURE_JOURNAL: journal } });
  admin = await signedInUser(app, 'scheme@example.org', ['scheme_admin']);
  grace = await memberWithEverything(app, 'grace.hopper@example.org', 'Grace Hopper');
  const db = app.platform.database.db;
  fileSha = (await db.selectFrom('evidence').select('file_sha256').where('id', '=', grace.evidenceId).executeTakeFirstOrThrow()).file_sha256 as string;
  // Listed in the register, sharing with an organisation, and with an application whose fee is paid.
  expect((await grace.b.req({ method: 'PUT', url: '/api/v1/me/register-listing', payload: { listed: true, showCountry: false } })).statusCode).toBe(200);
  applicationId = await submittedApplication(app, { applicantId: grace.id, levelId: 'member', versionId: await schemeVersion(app) });
  // A credential of attendance of an event Grace went to, on the revocation list of her other credential.
  const event = await insertEvent(app, { createdBy: admin.id, title: 'Erasure Summit' });
  const list = await db.selectFrom('issued_credentials').select('revocation_list_id').where('credential_id', '=', grace.credentialId).executeTakeFirstOrThrow();
  attendanceId = newId();
  await db.insertInto('event_attendance_credentials').values({ id: attendanceId, event_id: event.id, user_id: grace.id, sessions: '[]', quarters: 4, key_id: 'k', jsonld: '{"name":"Grace Hopper"}', revocation_list_id: list.revocation_list_id, revocation_index: 99_999, issued_at: app.clock.now().toISOString(), revoked_at: null, revoked_reason: null }).execute();
  const acme = await organisation(app, 'Acme Services');
  expect((await grace.b.req({ method: 'POST', url: '/api/v1/me/consents', payload: { organisationId: acme, scopes: ['credentials'] } })).statusCode).toBe(200);
});
afterAll(async () => {
  await app?.close();
});

const erase = (b: Browser, email: string, reason = 'Request by letter of 1 December 2026') => b.req({ method: 'POST', url: '/api/v1/admin/erasures', payload: { email, reason } });

describe('erasing a member', () => {
  it('is refused to members, and refuses an unknown address, a short reason and oneself', async () => {
    expectError(await erase(grace.b, 'grace.hopper@example.org'), 403, 'FORBIDDEN');
    expectError(await erase(admin, 'nobody@example.org'), 404, 'NOT_FOUND');
    const short = expectError(await erase(admin, 'grace.hopper@example.org', 'no'), 400, 'VALIDATION_FAILED');
    expect(short.message).toMatch(/Say why/);
    expectError(await erase(admin, 'scheme@example.org'), 409, 'CONFLICT');
    expect(await app.platform.database.db.selectFrom('erasures').selectAll().execute()).toEqual([]);
  });

  it('revokes the credentials, takes them off the register, deletes evidence and personal fields, and keeps the fees', async () => {
    const db = app.platform.database.db;
    expect(fs.existsSync(blobPath(fileSha))).toBe(true);
    expect(await db.selectFrom('register_entries').select('holder_id').where('holder_id', '=', grace.id).execute()).toHaveLength(1);
    const auditBefore = await db.selectFrom('audit_log').selectAll().orderBy('at').orderBy('id').execute();

    const res = await erase(admin, 'Grace.Hopper@example.org');
    expect(res.statusCode, res.body).toBe(200);
    const e = res.json();
    expect(e).toMatchObject({ memberId: grace.id, by: admin.id, revokedCredentials: 2, deletedEvidence: 1 });
    expect(e.pseudonym).toMatch(/^Erased member [0-9a-f]{10}$/);
    expect(e.kept.join(' ')).toMatch(/fees/);
    // Recorded apart too: one line with ids, the pseudonym and the reason, and nothing personal.
    const lines = fs.readFileSync(journal, 'utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l))).toEqual([{ id: e.id, user_id: grace.id, pseudonym: e.pseudonym, at: e.at, by: admin.id, reason: expect.any(String) }]);
    for (const s of ['Grace', 'Hopper', 'grace.hopper']) expect(lines[0]).not.toContain(s);

    expect((await db.selectFrom('credentials').select('status').where('id', '=', grace.credentialId).executeTakeFirstOrThrow()).status).toBe('revoked');
    expect((await db.selectFrom('event_attendance_credentials').select('revoked_reason').where('id', '=', attendanceId).executeTakeFirstOrThrow()).revoked_reason).toMatch(/erased/);
    const verdict = await admin.req({ method: 'GET', url: `/api/v1/verify?credential=${grace.credentialId}` });
    expect(verdict.statusCode, verdict.body).toBe(200);
    expect(verdict.body).toMatch(/revoked/i);
    expect(await db.selectFrom('register_entries').select('holder_id').where('holder_id', '=', grace.id).execute()).toEqual([]);
    expect(await db.selectFrom('evidence').select('id').where('member_id', '=', grace.id).execute()).toEqual([]);
    expect(fs.existsSync(blobPath(fileSha))).toBe(false);
    expect(await db.selectFrom('sessions').select('id').where('user_id', '=', grace.id).execute()).toEqual([]);
    expectError(await grace.b.req({ method: 'GET', url: '/api/v1/me/consents' }), 401, 'NOT_AUTHENTICATED');

    // No personal string is left in any of the member's rows.
    const rows = JSON.stringify(await memberRows(db, grace.id));
    for (const s of ['Grace', 'Hopper', 'grace.hopper@example.org', "Grace Hopper's certificate"]) expect(rows).not.toContain(s);
    const user = await db.selectFrom('users').selectAll().where('id', '=', grace.id).executeTakeFirstOrThrow();
    expect(user).toMatchObject({ name: e.pseudonym, password_hash: null, status: 'disabled', country: null });
    const kept = await db.selectFrom('applications').select(['data', 'snapshot']).where('id', '=', applicationId).executeTakeFirstOrThrow();
    expect(kept.snapshot).toBeNull();
    expect(JSON.parse(kept.data).policy).toHaveProperty('fee');
    expect(await db.selectFrom('outbox').select('id').where('to_address', '=', 'grace.hopper@example.org').execute()).toEqual([]);

    // The audit log is untouched (append-only); the new entry names the member by id and holds no personal string.
    const auditAfter = await db.selectFrom('audit_log').selectAll().orderBy('at').orderBy('id').execute();
    expect(auditAfter.slice(0, auditBefore.length)).toEqual(auditBefore);
    const entry = auditAfter.find((a) => a.action === 'privacy.member_erased');
    expect(entry).toMatchObject({ subject_id: grace.id, actor_id: admin.id });
    expect(entry?.details).not.toMatch(/Grace|Hopper/);

    const list = (await admin.req({ method: 'GET', url: '/api/v1/admin/erasures' })).json();
    expect(list.erasures.map((x: Json) => x.memberId)).toEqual([grace.id]);
    expectError(await erase(admin, user.email), 409, 'CONFLICT');
  });

  it('is applied again from the journal kept apart after a restore of an older copy, and a second run changes nothing', async () => {
    const db = app.platform.database.db;
    // An older copy of the database: the member's own fields and an evidence row as they were.
    await db.updateTable('users').set({ name: 'Grace Hopper', email: 'grace.hopper@example.org', country: 'US' }).where('id', '=', grace.id).execute();
    await db.insertInto('files').values({ sha256: fileSha, media_type: 'application/pdf', size: 10, created_by: grace.id, created_at: app.clock.now().toISOString() }).execute();
    await db.insertInto('evidence').values({ id: grace.evidenceId, member_id: grace.id, kind: 'file', title: 'Grace Hopper certificate scan', file_sha256: fileSha, url: null, created_at: app.clock.now().toISOString() }).execute();
    // The older copy knew nothing of the erasure: only the journal kept apart has it.
    await db.deleteFrom('erasures').execute();

    const first = await reapplyErasures(app.platform.database, { journal, dataDir: app.config.dataDir, now: app.clock.now() });
    expect(first).toEqual({ erasures: 1, changed: 1 });
    const rows = JSON.stringify(await memberRows(db, grace.id));
    for (const s of ['Grace', 'Hopper', 'grace.hopper@example.org']) expect(rows).not.toContain(s);
    expect(await db.selectFrom('files').select('sha256').where('sha256', '=', fileSha).execute()).toEqual([]);

    const auditCount = (await db.selectFrom('audit_log').select('id').execute()).length;
    const snapshot = JSON.stringify(await memberRows(db, grace.id));
    const second = await reapplyErasures(app.platform.database, { journal, dataDir: app.config.dataDir, now: app.clock.now() });
    expect(second).toEqual({ erasures: 1, changed: 0 });
    expect(JSON.stringify(await memberRows(db, grace.id))).toBe(snapshot);
    expect((await db.selectFrom('audit_log').select('id').execute()).length).toBe(auditCount);
  });
});
