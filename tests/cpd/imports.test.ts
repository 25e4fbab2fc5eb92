import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, call, expectError, type Json, PASSWORD, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { multipart, withDefaultScheme } from '../portfolio/support.js';
import { approvedProvider, holdCredential } from './standards-support.js';

let app: TestApp;
let admin: Browser & { id: string };
let uploader: Browser & { id: string };
let other: Browser & { id: string };
let ann: Browser & { id: string };
let bob: Browser & { id: string };
let provider: Json;
let annCredential: string;
const db = () => app.platform.database.db;

beforeAll(async () => {
  app = await testApp({ now: '2026-11-25T10:00:00.000Z' });
  const { versionId } = await withDefaultScheme(app);
  admin = await signedInUser(app, 'scheme@example.org', ['scheme_admin']);
  uploader = await signedInUser(app, 'events@example.org', ['event_organiser']);
  other = await signedInUser(app, 'trainer@example.org');
  ann = await signedInUser(app, 'ann@example.org', ['member']);
  bob = await signedInUser(app, 'bob@example.org', ['member']);
  annCredential = await holdCredential(app, versionId, ann.id, '2025-03-01');
  provider = await approvedProvider(
    admin,
    'itsm-conf',
    [
      { code: 'CONF26', type: 'event', title: 'ITSM conference 2026', hours: 6, validFrom: '2026-01-01', validTo: '2026-12-31' },
      { code: 'WEB', type: 'training', title: 'Webinar', hours: 1 },
    ],
    ['events@example.org'],
  );
  await approvedProvider(admin, 'other-trainer', [{ code: 'X1', type: 'training', title: 'Other course', hours: 2 }], ['trainer@example.org']);
});
afterAll(async () => {
  await app?.close();
});

const upload = (b: Browser, csv: string | Buffer, name = 'credits.csv', type = 'text/csv', fields: Record<string, string> = {}) => {
  const m = multipart(fields, { name, type, bytes: Buffer.isBuffer(csv) ? csv : Buffer.from(csv) });
  return b.req({ method: 'POST', url: '/api/v1/cpd/imports', payload: m.payload, headers: m.headers });
};
const credits = (memberId: string) => db().selectFrom('cpd_activities').selectAll().where('member_id', '=', memberId).where('source', '=', 'provider').orderBy('occurred_on').execute();

describe('provider administration', () => {
  it('lets only the scheme administrator approve providers, add codes and users', async () => {
    expectError(await ann.req({ method: 'POST', url: '/api/v1/cpd/providers', payload: { slug: 'sneaky', name: 'Sneaky' } }), 403, 'FORBIDDEN');
    expectError(await admin.req({ method: 'POST', url: '/api/v1/cpd/providers', payload: { slug: 'itsm-conf', name: 'Again' } }), 409, 'CONFLICT');
    expectError(await admin.req({ method: 'POST', url: `/api/v1/cpd/providers/${provider.id}/codes`, payload: { code: 'WEB', type: 'training', title: 'Twice', hours: 1 } }), 409, 'CONFLICT');
    expectError(await admin.req({ method: 'POST', url: `/api/v1/cpd/providers/${provider.id}/codes`, payload: { code: 'BAD', type: 'training', title: 'Odd hours', hours: 1.1 } }), 400, 'VALIDATION_FAILED');
    expectError(await admin.req({ method: 'POST', url: `/api/v1/cpd/providers/${provider.id}/users`, payload: { email: 'nobody@example.org' } }), 400, 'VALIDATION_FAILED');
    const mine = (await uploader.req({ method: 'GET', url: '/api/v1/cpd/providers' })).json();
    expect(mine.items.map((p: Json) => [p.slug, p.codes.map((c: Json) => c.code), p.users])).toEqual([['itsm-conf', ['CONF26', 'WEB'], []]]);
    const all = (await admin.req({ method: 'GET', url: '/api/v1/cpd/providers' })).json();
    expect(all.items.map((p: Json) => p.slug).sort()).toEqual(['itsm-conf', 'other-trainer']);
    expect(all.items.find((p: Json) => p.slug === 'itsm-conf').users.map((u: Json) => u.email)).toEqual(['events@example.org']);
  });

  it('suspends and reactivates a provider and removes its users, with audit entries and errors that say what to fix', async () => {
    const lecturer = await signedInUser(app, 'lecturer@example.org');
    const academy = await approvedProvider(admin, 'academy', [{ code: 'A1', type: 'training', title: 'Academy course', hours: 2 }], ['lecturer@example.org']);
    const importOne = () => lecturer.req({ method: 'POST', url: '/api/v1/cpd/imports', payload: { rows: [{ memberEmail: 'lecturer@example.org', activityCode: 'A1', date: '2026-11-01', rowKey: `k${Math.random()}` }] } });
    const url = `/api/v1/cpd/providers/${academy.id}`;

    expectError(await ann.req({ method: 'POST', url: `${url}/suspend`, payload: { reason: 'No' } }), 403, 'FORBIDDEN');
    expect(expectError(await admin.req({ method: 'POST', url: `${url}/suspend`, payload: { reason: ' ' } }), 400, 'VALIDATION_FAILED').message).toMatch(/^body\.reason: Give the reason/);
    const suspended = await admin.req({ method: 'POST', url: `${url}/suspend`, payload: { reason: 'Accreditation under review' } });
    expect(suspended.statusCode, suspended.body).toBe(200);
    expect(suspended.json()).toMatchObject({ slug: 'academy', status: 'suspended' });
    expect(expectError(await admin.req({ method: 'POST', url: `${url}/suspend`, payload: { reason: 'Again' } }), 409, 'CONFLICT').message).toBe('Provider academy is suspended already.');
    expect(expectError(await importOne(), 403, 'FORBIDDEN').message).toBe('Provider academy is not an approved provider at present.');

    const back = await admin.req({ method: 'POST', url: `${url}/reactivate` });
    expect(back.json()).toMatchObject({ status: 'approved' });
    expectError(await admin.req({ method: 'POST', url: `${url}/reactivate` }), 409, 'CONFLICT');
    expect((await importOne()).statusCode).toBe(201);

    expectError(await admin.req({ method: 'DELETE', url: `${url}/users/${bob.id}` }), 404, 'NOT_FOUND');
    expectError(await admin.req({ method: 'DELETE', url: `/api/v1/cpd/providers/nope/users/${lecturer.id}` }), 404, 'NOT_FOUND');
    expect((await admin.req({ method: 'DELETE', url: `${url}/users/${lecturer.id}` })).json()).toEqual({ status: 'ok' });
    expect(expectError(await importOne(), 403, 'FORBIDDEN').message).toMatch(/ask the scheme administrator to add you/);

    const entries = await db().selectFrom('audit_log').select(['action', 'details']).where('subject_id', '=', academy.id).orderBy('at').orderBy('id').execute();
    expect(entries.map((e) => e.action)).toEqual(['cpd.provider_approved', 'cpd.provider_code_added', 'cpd.provider_user_added', 'cpd.provider_suspended', 'cpd.provider_reactivated', 'cpd.provider_user_removed']);
    expect(JSON.parse(entries[3]!.details)).toEqual({ reason: 'Accreditation under review' });
    const ops = Object.values((await call(app, { method: 'GET', url: '/api/v1/openapi.json' })).json().paths as Record<string, Record<string, Json>>).flatMap((p) => Object.values(p).map((o) => o.operationId));
    for (const id of ['listCpdProviders', 'createCpdProvider', 'addCpdProviderCode', 'addCpdProviderUser', 'removeCpdProviderUser', 'suspendCpdProvider', 'reactivateCpdProvider']) expect(ops).toContain(id);
  });
});

describe('importing credits', () => {
  it('rejects the whole file when any row is wrong, with every problem by row and column, and credits nothing', async () => {
    const csv = 'member_email,activity_code,date,hours,row_key\nann@example.org,CONF26,2026-05-10,,a1\nnobody@example.org,CONF26,2026-05-10,,a2\nbob@example.org,WEB,2026-13-01,,a3\nbob@example.org,WEB,2026-05-01,0.3,a4\n';
    const res = await upload(uploader, csv);
    expect(res.statusCode, res.body).toBe(201);
    const imp = res.json();
    expect(imp).toMatchObject({ status: 'rejected', totalRows: 4, errorRows: 3, creditedRows: 0, providerName: 'Provider itsm-conf', fileName: 'credits.csv', via: 'csv' });
    expect(imp.problems.map((p: Json) => [p.row, p.column])).toEqual([[3, 'member_email'], [4, 'date'], [5, 'hours']]);
    expect(await credits(ann.id)).toEqual([]);
  });

  it('credits a good file as verified provider activities the member sees on their log', async () => {
    const csv = 'member_email,activity_code,date,hours,row_key\nann@example.org,CONF26,2026-05-10,,a1\nbob@example.org,WEB,2026-05-01,1.5,a4\n';
    const res = await upload(uploader, csv);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status: 'done', totalRows: 2, processedRows: 2, creditedRows: 2, duplicateRows: 0, errorRows: 0, problems: [], repeated: false });
    const log = (await ann.req({ method: 'GET', url: '/api/v1/me/cpd/activities' })).json();
    expect(log.items).toEqual([expect.objectContaining({ type: 'event', title: 'ITSM conference 2026', hours: 6, source: 'provider', verified: true, activityCode: 'CONF26', provider: 'Provider itsm-conf' })]);
    expect((await credits(bob.id)).map((a) => a.quarters)).toEqual([6]);

    // The same file again answers the earlier import and credits nothing twice.
    const again = await upload(uploader, csv);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ id: res.json().id, repeated: true, status: 'done' });
    expect(await credits(ann.id)).toHaveLength(1);
  });

  it('credits a repeated row once even inside another file (by row_key, or by member, code and date)', async () => {
    const csv = `\uFEFFmember_id,activity_code,date,row_key\r\n${ann.id},CONF26,2026-05-10,a1\r\n${ann.id},WEB,2026-06-01,\r\n`;
    const res = await upload(uploader, csv);
    expect(res.json()).toMatchObject({ status: 'done', creditedRows: 1, duplicateRows: 1 });
    const again = await upload(uploader, `credential_id,activity_code,date\r\n${annCredential},WEB,2026-06-01\r\n`);
    expect(again.json()).toMatchObject({ status: 'done', creditedRows: 0, duplicateRows: 1 });
    expect((await credits(ann.id)).map((a) => a.activity_code)).toEqual(['CONF26', 'WEB']);
  });

  it('refuses a wrong header, reports ragged rows, and takes quoted fields and CRLF', async () => {
    const wrong = await upload(uploader, 'email,code,when\nann@example.org,WEB,2026-01-01\n');
    const err = expectError(wrong, 400, 'VALIDATION_FAILED');
    expect(err.details.problems.map((p: Json) => p.column)).toEqual(['email', 'code', 'when', 'activity_code', 'date', 'member_email']);
    const ragged = (await upload(uploader, 'member_email,activity_code,date\n"ann@example.org",WEB,2026-02-01\nbob@example.org,WEB\n')).json();
    expect(ragged).toMatchObject({ status: 'rejected', totalRows: 2, errorRows: 1 });
    expect(ragged.problems).toEqual([{ row: 3, column: '', message: 'Expected 3 fields, found 2 (line 3)' }]);
    expectError(await upload(uploader, Buffer.from([0xff, 0xfe, 0x41, 0x00])), 415, 'UNSUPPORTED_FILE_TYPE');
    expectError(await upload(uploader, Buffer.from('member_email,activity_code,date\n\xff\n', 'latin1')), 400, 'VALIDATION_FAILED');
  });

  it('answers 413 for a file over the upload limit and 415 for other content types', async () => {
    const huge = Buffer.alloc(app.config.uploadLimitBytes + 1024, 'a,b,c\n');
    expectError(await upload(uploader, huge), 413, 'PAYLOAD_TOO_LARGE');
    expectError(await upload(uploader, 'x', 'photo.png', 'image/png'), 415, 'UNSUPPORTED_FILE_TYPE');
    expectError(await uploader.req({ method: 'POST', url: '/api/v1/cpd/imports', payload: 'member_email,activity_code,date', headers: { 'content-type': 'text/plain' } }), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('keeps providers apart: another provider’s import is not found, and a non-provider may not import', async () => {
    const mine = (await uploader.req({ method: 'GET', url: '/api/v1/cpd/imports' })).json().items;
    expect(mine.length).toBeGreaterThan(0);
    expectError(await other.req({ method: 'GET', url: `/api/v1/cpd/imports/${mine[0].id}` }), 404, 'NOT_FOUND');
    expect((await other.req({ method: 'GET', url: '/api/v1/cpd/imports' })).json().items).toEqual([]);
    expectError(await upload(other, 'member_email,activity_code,date\nann@example.org,WEB,2026-01-01\n', 'c.csv', 'text/csv', { providerId: provider.id }), 404, 'NOT_FOUND');
    expectError(await upload(ann, 'member_email,activity_code,date\nann@example.org,WEB,2026-01-01\n'), 403, 'FORBIDDEN');
    expect((await admin.req({ method: 'GET', url: `/api/v1/cpd/imports/${mine[0].id}` })).statusCode).toBe(200);
  });

  it('takes JSON rows from a Bearer token with the cpd:import scope, and refuses a token without it', async () => {
    const t = await uploader.req({ method: 'POST', url: '/api/v1/me/api-tokens', payload: { currentPassword: PASSWORD, name: 'lms', scopes: ['cpd:import'] } });
    expect(t.statusCode, t.body).toBe(201);
    const bearer = { authorization: `Bearer ${t.json().token}` };
    const payload = { rows: [{ memberEmail: 'bob@example.org', activityCode: 'WEB', date: '2026-07-01', hours: 2, rowKey: 'lms-1' }] };
    const res = await call(app, { method: 'POST', url: '/api/v1/cpd/imports', headers: bearer, payload });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ via: 'api', status: 'done', creditedRows: 1 });
    expect((await call(app, { method: 'POST', url: '/api/v1/cpd/imports', headers: bearer, payload })).json()).toMatchObject({ repeated: true });
    const read = await uploader.req({ method: 'POST', url: '/api/v1/me/api-tokens', payload: { currentPassword: PASSWORD, name: 'read', scopes: ['cpd:read'] } });
    expectError(await call(app, { method: 'POST', url: '/api/v1/cpd/imports', headers: { authorization: `Bearer ${read.json().token}` }, payload }), 403, 'FORBIDDEN');
    expectError(await call(app, { method: 'POST', url: '/api/v1/cpd/imports', headers: bearer, payload: { rows: [{ memberEmail: 'x', activityCode: 'WEB', date: '2026-01-01', extra: 1 }] } }), 400, 'VALIDATION_FAILED');
  });

  it("lets a provider's staff without any role import through a token, and refuses a token of someone who imports for no provider", async () => {
    const t = await other.req({ method: 'POST', url: '/api/v1/me/api-tokens', payload: { currentPassword: PASSWORD, name: 'lms', scopes: ['cpd:import'] } });
    expect(t.statusCode, t.body).toBe(201);
    const payload = { rows: [{ memberEmail: 'bob@example.org', activityCode: 'X1', date: '2026-07-02', rowKey: 'trainer-1' }] };
    const res = await call(app, { method: 'POST', url: '/api/v1/cpd/imports', headers: { authorization: `Bearer ${t.json().token}` }, payload });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status: 'done', creditedRows: 1 });
    const stranger = await bob.req({ method: 'POST', url: '/api/v1/me/api-tokens', payload: { currentPassword: PASSWORD, name: 'mine', scopes: ['cpd:import'] } });
    expect(stranger.statusCode, stranger.body).toBe(201);
    const refused = await call(app, { method: 'POST', url: '/api/v1/cpd/imports', headers: { authorization: `Bearer ${stranger.json().token}` }, payload: { rows: [{ ...payload.rows[0], rowKey: 'bob-1' }] } });
    expect(expectError(refused, 403, 'FORBIDDEN').message).toMatch(/approved CPD provider/);
  });

  it('runs a large file as a job with progress, then credits every row once', async () => {
    const lines = Array.from({ length: 1500 }, (_, i) => `${bob.id},WEB,2026-08-01,0.5,big-${i}`);
    const res = await upload(uploader, `member_id,activity_code,date,hours,row_key\n${lines.join('\n')}\n`, 'big.csv');
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toMatchObject({ status: 'queued', totalRows: 1500, processedRows: 0 });
    await app.worker.drain();
    const done = (await uploader.req({ method: 'GET', url: `/api/v1/cpd/imports/${res.json().id}` })).json();
    expect(done).toMatchObject({ status: 'done', totalRows: 1500, processedRows: 1500, creditedRows: 1500 });
    const job = await db().selectFrom('jobs').select(['progress', 'status']).where('kind', '=', 'cpd.import').executeTakeFirstOrThrow();
    expect(job.status).toBe('done');
    expect(JSON.parse(job.progress!)).toMatchObject({ done: 1500, total: 1500 });
    const n = await db().selectFrom('cpd_activities').select((eb) => eb.fn.countAll<number>().as('n')).where('row_key', 'like', 'k:big-%').executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1500);
    // Stored rows are cleared once the import is done.
    expect((await db().selectFrom('cpd_imports').select('rows_json').where('id', '=', res.json().id).executeTakeFirstOrThrow()).rows_json).toBeNull();
  });

  it('resumes an import stopped half-way without crediting twice', async () => {
    const lines = Array.from({ length: 1200 }, (_, i) => `${ann.id},WEB,2026-09-01,0.25,resume-${i}`);
    const res = await upload(uploader, `member_id,activity_code,date,hours,row_key\n${lines.join('\n')}\n`, 'resume.csv');
    const id = res.json().id;
    // A first attempt that stops after its first batch of credits.
    let calls = 0;
    await expect(
      app.services.cpd.standards.imports.process(id, async (done, _total, message) => {
        if (message?.startsWith('Crediting') && done > 0 && ++calls === 1) throw new Error('stopped');
      }, 500),
    ).rejects.toThrow('stopped');
    const half = (await uploader.req({ method: 'GET', url: `/api/v1/cpd/imports/${id}` })).json();
    expect(half).toMatchObject({ status: 'importing', creditedRows: 500, processedRows: 500 });
    // The next attempt goes on at row 501: its progress never falls back to 0, and it checks no row twice.
    const seen: Array<[number, string | undefined]> = [];
    await app.services.cpd.standards.imports.process(id, async (done, _total, message) => {
      seen.push([done, message]);
    }, 500);
    expect(seen.map(([d]) => d)).toEqual([500, 1000, 1200]);
    expect(seen[0]?.[1]).toBe('Crediting: 500 of 1200 (resumed)');
    await app.worker.drain();
    const done = (await uploader.req({ method: 'GET', url: `/api/v1/cpd/imports/${id}` })).json();
    expect(done).toMatchObject({ status: 'done', creditedRows: 1200, duplicateRows: 0 });
    const n = await db().selectFrom('cpd_activities').select((eb) => eb.fn.countAll<number>().as('n')).where('row_key', 'like', 'k:resume-%').executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1200);
  });

  it('marks an import whose job gave up as failed; sending the file again checks and credits it afresh', async () => {
    const lines = Array.from({ length: 1100 }, (_, i) => `${bob.id},WEB,2026-10-01,0.25,fail-${i}`);
    const body = `member_id,activity_code,date,hours,row_key\n${lines.join('\n')}\n`;
    const first = (await upload(uploader, body, 'fail.csv')).json();
    await app.services.cpd.standards.imports.fail(first.id, 'the disk was full');
    expect((await uploader.req({ method: 'GET', url: `/api/v1/cpd/imports/${first.id}` })).json()).toMatchObject({ status: 'failed', creditedRows: 0 });
    const again = await upload(uploader, body, 'fail.csv');
    expect(again.statusCode, again.body).toBe(202);
    expect(again.json()).toMatchObject({ id: first.id, status: 'queued', repeated: false });
    await app.worker.drain();
    expect((await uploader.req({ method: 'GET', url: `/api/v1/cpd/imports/${first.id}` })).json()).toMatchObject({ status: 'done', creditedRows: 1100 });
  });
});
