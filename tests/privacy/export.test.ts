import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../server/platform/clock.js';
import { type Browser, expectError, type Json, signedInUser, signIn } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { organisation, staff } from '../organisations/fixtures-consent.js';
import { buildArchive, memberWithEverything, unzip } from './support.js';

let app: TestApp;
let ada: Awaited<ReturnType<typeof memberWithEverything>>;
let admin: Browser & { id: string };
let other: Browser;
let orgName: string;
beforeAll(async () => {
  app = await testApp();
  ada = await memberWithEverything(app, 'ada@example.org', 'Ada Lovelace');
  admin = await signedInUser(app, 'scheme@example.org', ['scheme_admin']);
  other = await signedInUser(app, 'other@example.org', ['member']);
  // An organisation Ada shares with, whose HR looks at its team view once.
  orgName = 'Acme Services';
  const acme = await organisation(app, orgName);
  await staff(app, acme, 'hr@acme.example', 'hr');
  expect((await ada.b.req({ method: 'POST', url: '/api/v1/me/consents', payload: { organisationId: acme, scopes: ['credentials'] } })).statusCode).toBe(200);
  const hr = await signIn(app, 'hr@acme.example');
  expect((await hr.req({ method: 'GET', url: `/api/v1/organisations/${acme}/team` })).statusCode).toBe(200);
});
afterAll(async () => {
  await app?.close();
});

describe('the subject-access archive', () => {
  it('holds the records as JSON, the evidence file, the signed credentials, the CPD record PDF and who saw the data', async () => {
    const done = await buildArchive(app, ada.b);
    expect(done).toMatchObject({ status: 'ready', memberId: ada.id, requestedBy: ada.id });
    expect(done.progress.done).toBe(done.progress.total);
    expect(done.downloadUrl).toMatch(/^\/api\/v1\/privacy\/exports\/.+\/archive\?token=/);
    expect(new Date(done.expiresAt).getTime() - new Date(done.readyAt).getTime()).toBe(7 * DAY);

    const res = await ada.b.req({ method: 'GET', url: done.downloadUrl });
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    const files = unzip(res.rawPayload);
    const data = JSON.parse(files['data.json']!.toString());
    expect(data.users[0]).toMatchObject({ id: ada.id, email: 'ada@example.org', name: 'Ada Lovelace' });
    expect(data.users[0]).not.toHaveProperty('password_hash');
    expect(data.credentials.map((c: Json) => c.id)).toEqual([ada.credentialId]);
    expect(data.evidence.map((e: Json) => e.id)).toEqual([ada.evidenceId]);
    expect(data.consent_grants).toHaveLength(1);
    expect(JSON.stringify(data)).not.toMatch(/token_hash|password_hash/);

    const evidence = Object.keys(files).filter((k) => k.startsWith('evidence/'));
    expect(evidence).toHaveLength(1);
    expect(files[evidence[0]!]!.equals(ada.evidenceBytes)).toBe(true);

    const signed = JSON.parse(files[`credentials/${ada.credentialId}.json`]!.toString());
    expect(signed.proof).toBeDefined();
    expect(files[`credentials/${ada.credentialId}.jwt`]!.toString().split('.')).toHaveLength(3);
    expect(files['cpd-record.pdf']!.subarray(0, 5).toString()).toBe('%PDF-');

    const seen = JSON.parse(files['who-saw-my-data.json']!.toString());
    expect(seen.organisationViews).toEqual([expect.objectContaining({ organisation: orgName, viewer: 'hr', operation: 'getTeamView', scopes: ['credentials'] })]);
    expect(files['README.txt']!.toString()).toContain(ada.id);

    const mail = await app.platform.database.db.selectFrom('outbox').select(['subject', 'text_body']).where('to_address', '=', 'ada@example.org').where('template', '=', 'data_export_ready').executeTakeFirstOrThrow();
    expect(mail.subject).toBe('Your Guildhall data archive is ready');
    expect(mail.text_body).toContain('/account/privacy');
    expect(mail.text_body).not.toContain('token=');
  });

  it('is built for a member by an administrator, whose own link works; the member sees the export too', async () => {
    const done = await buildArchive(app, admin, ada.id);
    expect(done).toMatchObject({ status: 'ready', memberId: ada.id });
    expect((await admin.req({ method: 'GET', url: done.downloadUrl })).statusCode).toBe(200);
    const mine = await ada.b.req({ method: 'GET', url: '/api/v1/privacy/exports' });
    expect(mine.json().exports.map((e: Json) => e.id)).toContain(done.id);
    const entry = (await app.platform.database.db.selectFrom('audit_log').select(['actor_id', 'details']).where('action', '=', 'privacy.export_requested').orderBy('at', 'desc').orderBy('id', 'desc').executeTakeFirstOrThrow());
    expect(entry.actor_id).toBe(admin.id);
    expect(JSON.parse(entry.details)).toMatchObject({ onBehalf: true });
  });

  it('is not shown or handed to anyone else, refuses a wrong token, and expires', async () => {
    const done = await buildArchive(app, ada.b);
    expectError(await other.req({ method: 'GET', url: `/api/v1/privacy/exports/${done.id}` }), 404, 'NOT_FOUND');
    expectError(await other.req({ method: 'GET', url: done.downloadUrl }), 404, 'NOT_FOUND');
    expectError(await other.req({ method: 'POST', url: '/api/v1/privacy/exports', payload: { memberId: ada.id } }), 403, 'FORBIDDEN');
    expectError(await other.req({ method: 'GET', url: `/api/v1/privacy/exports?memberId=${ada.id}` }), 403, 'FORBIDDEN');
    const wrong = done.downloadUrl.replace(/token=.*/, 'token=not-the-token');
    expectError(await ada.b.req({ method: 'GET', url: wrong }), 404, 'NOT_FOUND');

    app.clock.advance(7 * DAY + 1000);
    const late = expectError(await ada.b.req({ method: 'GET', url: done.downloadUrl }), 400, 'INVALID_TOKEN');
    expect(late.message).toMatch(/expired/);
    expect((await ada.b.req({ method: 'GET', url: `/api/v1/privacy/exports/${done.id}` })).json()).toMatchObject({ status: 'expired', downloadUrl: null });
    // The daily sweep deletes expired archives from disk.
    const file = path.join(app.config.dataDir, 'exports', `${done.id}.zip`);
    expect(fs.existsSync(file)).toBe(true);
    expect(await app.services.privacy.exports.expire()).toBeGreaterThanOrEqual(1);
    expect(fs.existsSync(file)).toBe(false);
    expect((await app.platform.database.db.selectFrom('data_exports').select('status').where('id', '=', done.id).executeTakeFirstOrThrow()).status).toBe('expired');
  });

  it('refuses a second archive while one is being built', async () => {
    const first = await ada.b.req({ method: 'POST', url: '/api/v1/privacy/exports', payload: {} });
    expect(first.statusCode).toBe(202);
    const second = expectError(await ada.b.req({ method: 'POST', url: '/api/v1/privacy/exports', payload: {} }), 409, 'CONFLICT');
    expect(second.message).toMatch(/being built/);
    await app.worker.drain();
  });
});
