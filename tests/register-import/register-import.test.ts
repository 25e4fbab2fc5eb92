import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, call, expectError, type Json, mailsTo, signedInUser } from '../support/accounts.js';
import type { TestApp } from '../support/app.js';
import { multipart } from '../portfolio/support.js';
import { issuingApp } from '../credentials/support.js';
import { invitesJob } from '../../server/modules/register-import/import.invites.js';
import { registerImportRepository } from '../../server/modules/register-import/import.repository.js';

let app: TestApp & { versionId: string };
let admin: Browser & { id: string };
let member: Browser & { id: string };
const db = () => app.platform.database.db;
const HEADER = 'name,email,level,awarded_on,review_on,external_id,cpd_cycle_start';

beforeAll(async () => {
  app = await issuingApp(); // today is 2026-11-25
  admin = await signedInUser(app, 'scheme@example.org', ['scheme_admin']);
  member = await signedInUser(app, 'already@example.org', ['member']);
});
afterAll(async () => {
  await app?.close();
});

const upload = (b: Browser, csv: string | Buffer, dryRun: boolean, name = 'register.csv', type = 'text/csv') => {
  const m = multipart({}, { name, type, bytes: Buffer.isBuffer(csv) ? csv : Buffer.from(csv) });
  return b.req({ method: 'POST', url: `/api/v1/register-imports?dryRun=${dryRun}`, payload: m.payload, headers: m.headers });
};
const count = async (table: 'users' | 'credentials' | 'register_imports' | 'register_import_holders' | 'audit_log' | 'jobs' | 'outbox') =>
  Number((await db().selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const everything = async () => Promise.all((['users', 'credentials', 'register_imports', 'register_import_holders', 'audit_log', 'jobs', 'outbox'] as const).map(count));

const good = [
  HEADER,
  'Grace Hopper,grace@example.org,member,2015-06-01,2027-06-01,R-001,2025-01-01',
  '"Lovelace, Ada",ADA@example.org,Fellow,2012-03-15,2025-03-15,R-002,',
  'Already Here,already@example.org,associate,2020-01-10,2028-01-10,R-003,',
].join('\r\n');

describe('importRegister: the dry run', () => {
  it('reports every row, bad ones with their reasons, and writes nothing', async () => {
    const csv = [
      HEADER,
      'Grace Hopper,grace@example.org,member,2015-06-01,2027-06-01,R-001,',
      'No Level,nolevel@example.org,wizard,2015-06-01,2027-06-01,R-010,',
      'Bad Date,baddate@example.org,member,2015-02-30,2027-06-01,R-011,',
      'Twice,GRACE@example.org,member,2016-01-01,2027-01-01,R-012,',
      'Backwards,backwards@example.org,member,2020-01-01,2019-01-01,R-013,',
      'Short,short@example.org,member',
    ].join('\n');
    const before = await everything();
    const res = await upload(admin, csv, true);
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({ id: null, dryRun: true, status: 'rejected', counts: { rows: 6, create: 1, exists: 0, errors: 5 } });
    // Rows with problems come first, each naming its column and what to fix.
    expect(r.rows.slice(0, 5).map((x: Json) => [x.row, x.action, x.problems.map((p: Json) => p.column)])).toEqual([
      [3, 'error', ['level']],
      [4, 'error', ['awarded_on']],
      [5, 'error', ['email']],
      [6, 'error', ['review_on']],
      [7, 'error', ['']],
    ]);
    expect(r.rows[0].problems[0].message).toMatch(/Unknown level "wizard"; use one of student, associate, member, professional, fellow/);
    expect(r.rows[2].problems[0].message).toBe('The same e-mail address is on row 2; give each holder once');
    expect(r.rows[4].problems[0].message).toMatch(/Expected 7 fields, found 3/);
    expect(r.rows[5]).toMatchObject({ row: 2, action: 'create', lapsed: false, existingAccount: false, level: 'Member' });
    expect(await everything()).toEqual(before);
  });

  it('refuses a file it cannot read with an error that says what to fix', async () => {
    const wrong = await upload(admin, 'name,email,grade\nA,a@example.org,member\n', true);
    expect(expectError(wrong, 400, 'VALIDATION_FAILED').message).toMatch(/Unknown column "grade"/);
    const missing = await upload(admin, 'name,email,level,awarded_on,review_on\nA,a@example.org,member,2020-01-01,2023-01-01\n', true);
    expect(expectError(missing, 400, 'VALIDATION_FAILED').message).toMatch(/lacks the column "external_id"/);
    expect(expectError(await upload(admin, Buffer.from(`${HEADER}\nA\u0000,a@example.org,member,2020-01-01,2023-01-01,X,\n`), true), 415, 'UNSUPPORTED_FILE_TYPE').message).toMatch(/NUL bytes/);
    expect(expectError(await upload(admin, Buffer.from([0xff, 0xfe, 0x41]), true), 400, 'VALIDATION_FAILED').message).toMatch(/not UTF-8/);
    expect(expectError(await upload(admin, `${HEADER}\n`, true), 400, 'VALIDATION_FAILED').message).toMatch(/header but no rows/);
    expect(expectError(await upload(admin, good, true, 'register.pdf', 'application/pdf'), 415, 'UNSUPPORTED_FILE_TYPE').message).toMatch(/Send a CSV file/);
    expect(expectError(await upload(admin, `${HEADER}\n"open,a@example.org\n`, true), 400, 'VALIDATION_FAILED').message).toMatch(/quoted field is not closed/);
  });

  it('takes JSON rows from a program, checked by the same rules', async () => {
    const row = { name: 'Json Holder', email: 'json@example.org', level: 'member', awardedOn: '2019-04-01', reviewOn: '2029-04-01', externalId: 'J-1' };
    const res = await admin.req({ method: 'POST', url: '/api/v1/register-imports', payload: { rows: [row, { ...row, email: 'json2@example.org', externalId: 'J-2', level: 'Member', awardedOn: '2019-13-01' }] } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ dryRun: true, counts: { rows: 2, create: 1, errors: 1 } });
    expect(res.json().rows[0]).toMatchObject({ row: 2, action: 'error', problems: [{ column: 'awarded_on', message: '"2019-13-01" is not a date; write it as YYYY-MM-DD' }] });
    expectError(await admin.req({ method: 'POST', url: '/api/v1/register-imports', payload: { rows: [] } }), 400, 'VALIDATION_FAILED');
  });

  it('is for scheme administrators only', async () => {
    expectError(await upload(member, good, true), 403, 'FORBIDDEN');
    expectError(await call(app, { method: 'GET', url: '/api/v1/register-imports' }), 401, 'NOT_AUTHENTICATED');
  });
});

describe('importRegister: the run', () => {
  let importId: string;

  it('refuses a file with bad rows and writes nothing', async () => {
    const before = await everything();
    const res = await upload(admin, `${good}\r\nBad,bad@example.org,member,someday,2027-01-01,R-099,`, false);
    expect(expectError(res, 400, 'VALIDATION_FAILED').message).toMatch(/^1 row has problems; nothing was imported/);
    expect(await everything()).toEqual(before);
  });

  it('imports invited accounts, credentials with their original award dates, lapsed holders as lapsed, nobody listed', async () => {
    const res = await upload(admin, good, false);
    expect(res.statusCode, res.body).toBe(202);
    importId = res.json().id;
    expect(res.json()).toMatchObject({ status: 'queued', counts: { rows: 3 }, processedRows: 0 });
    await app.worker.drain();
    const done = (await admin.req({ method: 'GET', url: `/api/v1/register-imports/${importId}` })).json();
    expect(done).toMatchObject({ status: 'done', processedRows: 3, accountsCreated: 2, invitationsSent: 2, counts: { rows: 3, create: 3, exists: 0, lapsed: 1, existingAccounts: 1 } });

    const users = await db().selectFrom('users').select(['id', 'email', 'name', 'status', 'password_hash']).where('email', 'in', ['grace@example.org', 'ada@example.org', 'already@example.org']).orderBy('email').execute();
    expect(users.map((u) => [u.email, u.name, u.status, u.password_hash === null])).toEqual([
      ['ada@example.org', 'Lovelace, Ada', 'invited', true],
      ['already@example.org', expect.any(String), 'active', false],
      ['grace@example.org', 'Grace Hopper', 'invited', true],
    ]);
    const creds = await db().selectFrom('credentials').innerJoin('users', 'users.id', 'credentials.holder_id').select(['users.email', 'level_id', 'awarded_at', 'review_at', 'credentials.status']).orderBy('users.email').execute();
    expect(creds).toEqual([
      { email: 'ada@example.org', level_id: 'fellow', awarded_at: '2012-03-15T00:00:00.000Z', review_at: '2025-03-15T00:00:00.000Z', status: 'lapsed' },
      { email: 'already@example.org', level_id: 'associate', awarded_at: '2020-01-10T00:00:00.000Z', review_at: '2028-01-10T00:00:00.000Z', status: 'active' },
      { email: 'grace@example.org', level_id: 'member', awarded_at: '2015-06-01T00:00:00.000Z', review_at: '2027-06-01T00:00:00.000Z', status: 'active' },
    ]);
    expect(await count('register_import_holders')).toBe(3);
    expect(await db().selectFrom('register_listings').selectAll().execute()).toEqual([]);
    const search = await call(app, { method: 'GET', url: '/api/v1/register?q=Hopper' });
    expect(search.statusCode, search.body).toBe(200);
    expect(search.body).not.toContain('Hopper');
    // Claim links go to the invited accounts only; the existing account needs none.
    expect((await mailsTo(app, 'grace@example.org')).map((m) => m.template)).toEqual(['register_claim']);
    expect((await mailsTo(app, 'ada@example.org'))[0]?.text_body).toMatch(/shown as lapsed/);
    expect((await mailsTo(app, 'already@example.org')).filter((m) => m.template === 'register_claim')).toEqual([]);
    const entries = await db().selectFrom('audit_log').select('action').where('subject_id', '=', importId).orderBy('id').execute();
    expect(entries.map((e) => e.action)).toEqual(['register.import_started', 'register.import_done']);
  });

  it('signs credentials that verify, with awardedDate the original award and validFrom the date of issue', async () => {
    const rows = await db()
      .selectFrom('issued_credentials as i')
      .innerJoin('credentials as c', 'c.id', 'i.credential_id')
      .innerJoin('users as u', 'u.id', 'c.holder_id')
      .select(['c.id', 'u.email', 'i.jsonld'])
      .orderBy('u.email')
      .execute();
    expect(rows.map((r) => r.email)).toEqual(['ada@example.org', 'already@example.org', 'grace@example.org']);
    const grace = rows[2]!;
    const doc = JSON.parse(grace.jsonld);
    expect(doc.awardedDate).toBe('2015-06-01T00:00:00.000Z');
    expect(doc.validFrom).toBe(app.clock.now().toISOString());
    const verdict = (await call(app, { method: 'GET', url: `/api/v1/verify?credential=${grace.id}` })).json();
    expect(verdict).toMatchObject({ verified: true, outcome: 'passed' });
    // The lapsed holder's credential carries its suspension bit from the start.
    const lapsed = (await call(app, { method: 'GET', url: `/api/v1/verify?credential=${rows[0]!.id}` })).json();
    expect(lapsed.verified).toBe(false);
    expect(lapsed.checks.find((c: Json) => c.check === 'status').outcome).toBe('failed');
  });

  it('creates nothing new when the same register is imported again, and says the holders exist', async () => {
    const dry = (await upload(admin, good, true)).json();
    expect(dry).toMatchObject({ status: 'checked', counts: { rows: 3, create: 0, exists: 3, errors: 0 } });
    expect(dry.rows.map((r: Json) => r.action)).toEqual(['exists', 'exists', 'exists']);
    const before = await Promise.all([count('users'), count('credentials'), count('register_import_holders')]);
    const again = await upload(admin, good, false);
    expect(again.statusCode, again.body).toBe(202);
    await app.worker.drain();
    expect((await admin.req({ method: 'GET', url: `/api/v1/register-imports/${again.json().id}` })).json()).toMatchObject({ status: 'done', counts: { create: 0, exists: 3 }, accountsCreated: 0, invitationsSent: 0 });
    expect(await Promise.all([count('users'), count('credentials'), count('register_import_holders')])).toEqual(before);
    const list = (await admin.req({ method: 'GET', url: '/api/v1/register-imports' })).json();
    expect(list.items.map((i: Json) => i.id)).toEqual([again.json().id, importId]);
  });

  it('lets an imported holder claim the account from the mailed link, then sign in', async () => {
    const mail = (await mailsTo(app, 'grace@example.org'))[0]!;
    const token = decodeURIComponent(/\/claim\?token=([^\s]+)/.exec(mail.text_body)![1]!);
    const refused = await call(app, { method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'grace@example.org', password: 'a long enough passphrase 2026' } });
    expectError(refused, 401, 'INVALID_CREDENTIALS');
    expectError(await call(app, { method: 'POST', url: '/api/v1/auth/claim', payload: { token: 'x'.repeat(40), password: 'a long enough passphrase 2026' } }), 400, 'INVALID_TOKEN');
    const claimed = await call(app, { method: 'POST', url: '/api/v1/auth/claim', payload: { token, password: 'a quiet orchard at dawn 77' } });
    expect(claimed.statusCode, claimed.body).toBe(200);
    expect(claimed.json()).toMatchObject({ email: 'grace@example.org', emailVerified: true });
    expect(String(claimed.headers['set-cookie'])).toMatch(/gh_session=/);
    expectError(await call(app, { method: 'POST', url: '/api/v1/auth/claim', payload: { token, password: 'another passphrase again' } }), 400, 'INVALID_TOKEN');
    const signIn = await call(app, { method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'grace@example.org', password: 'a quiet orchard at dawn 77' } });
    expect(signIn.statusCode, signIn.body).toBe(200);
    expect((await db().selectFrom('users').select('status').where('email', '=', 'grace@example.org').executeTakeFirstOrThrow()).status).toBe('active');
    // Her CPD cycles count from the cycle start the earlier register gave (2025-01-01), not from her award's anniversary.
    const cookie = String(signIn.headers['set-cookie']).match(/gh_session=[^;]+/)![0];
    const summary = await call(app, { method: 'GET', url: '/api/v1/me/cpd/summary', headers: { cookie } });
    expect(summary.statusCode, summary.body).toBe(200);
    const body = summary.json().credentials.find((c: Json) => c.credential.kind === 'body');
    expect(body.credential.cycleStart).toBe('2025-01-01');
    expect(body.evaluation.cycle.start).toBe('2025-01-01');
  });

  it('sends an imported holder who asks for a password reset, or signs up again, a fresh claim link instead', async () => {
    // Ada came in invited (lapsed) and has not claimed; her import mail is the first.
    const importMail = (await mailsTo(app, 'ada@example.org'))[0]!;
    const oldToken = decodeURIComponent(/\/claim\?token=([^\s]+)/.exec(importMail.text_body)![1]!);
    const unknown = await call(app, { method: 'POST', url: '/api/v1/auth/password-reset/request', payload: { email: 'nobody-here@example.org' } });
    const reset = await call(app, { method: 'POST', url: '/api/v1/auth/password-reset/request', payload: { email: 'ada@example.org' } });
    expect(reset.statusCode, reset.body).toBe(202);
    expect(reset.json()).toEqual(unknown.json()); // the same answer as for an address with no account
    const signUp = await call(app, { method: 'POST', url: '/api/v1/auth/sign-up', payload: { email: 'ada@example.org', name: 'Not Ada', password: 'a brand new passphrase 2026' } });
    expect(signUp.statusCode, signUp.body).toBe(202);
    const mails = await mailsTo(app, 'ada@example.org');
    expect(mails.map((m) => m.template)).toEqual(['register_claim', 'claim_again', 'claim_again']);
    expect(mails.some((m) => m.template === 'reset_password' || m.template === 'verify_email')).toBe(false);
    // Each new link replaces the one before: only the newest claims the account, and the sign-up changed nothing.
    const tokens = mails.slice(1).map((m) => decodeURIComponent(/\/claim\?token=([^\s]+)/.exec(m.text_body)![1]!));
    const password = 'a quiet orchard at dusk 78';
    for (const stale of [oldToken, tokens[0]!]) expectError(await call(app, { method: 'POST', url: '/api/v1/auth/claim', payload: { token: stale, password } }), 400, 'INVALID_TOKEN');
    const claimed = await call(app, { method: 'POST', url: '/api/v1/auth/claim', payload: { token: tokens[1]!, password } });
    expect(claimed.statusCode, claimed.body).toBe(200);
    expect(claimed.json()).toMatchObject({ email: 'ada@example.org', emailVerified: true });
    expect(claimed.json().name).not.toBe('Not Ada');
    // Claimed, she is an ordinary account again: a reset request now mails a reset link.
    await call(app, { method: 'POST', url: '/api/v1/auth/password-reset/request', payload: { email: 'ada@example.org' } });
    expect((await mailsTo(app, 'ada@example.org')).at(-1)?.template).toBe('reset_password');
  });
});

describe('importRegister: large files', () => {
  it('resumes a stopped import at its last batch and sends invitations in batches', async () => {
    const lines = Array.from({ length: 50 }, (_, i) => `Holder ${i},holder${i}@example.org,associate,2021-05-01,2029-05-01,B-${String(i).padStart(3, '0')},`);
    const res = await upload(admin, `${HEADER}\n${lines.join('\n')}\n`, false);
    expect(res.statusCode, res.body).toBe(202);
    const id = res.json().id;
    const imports = app.services.registerImport.imports;
    let stops = 0;
    await expect(imports.process(id, async (done) => { if (done > 0 && ++stops === 1) throw new Error('stopped'); }, 20)).rejects.toThrow('stopped');
    expect((await imports.load(id))).toMatchObject({ status: 'importing', processedRows: 20, counts: { create: 20 } });
    const seen: number[] = [];
    await imports.process(id, async (done) => { seen.push(done); }, 20);
    expect(seen).toEqual([20, 40, 50]);
    expect(await imports.load(id)).toMatchObject({ status: 'done', processedRows: 50, accountsCreated: 50, counts: { create: 50, exists: 0 } });
    expect(Number((await db().selectFrom('register_import_holders').select((eb) => eb.fn.countAll().as('n')).where('import_id', '=', id).executeTakeFirstOrThrow()).n)).toBe(50);

    const invite = invitesJob(app.platform, registerImportRepository, 30, 60_000);
    const ctx = (payload: unknown) => ({ payload, progress: async () => {}, resume: null, lastAttempt: false, signal: new AbortController().signal, attempt: 1, jobId: 'x' }) as never;
    await invite(ctx({ importId: id, round: 0 }));
    expect((await imports.load(id)).invitationsSent).toBe(30);
    const next = await db().selectFrom('jobs').select(['run_at', 'payload']).where('kind', '=', 'register-import.invite').where('payload', 'like', `%${id}%"round":1%`).executeTakeFirstOrThrow();
    expect(new Date(next.run_at).getTime() - app.clock.now().getTime()).toBe(60_000);
    await invite(ctx({ importId: id, round: 1 }));
    expect((await imports.load(id)).invitationsSent).toBe(50);
  });
});
