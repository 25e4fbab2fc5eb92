import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntries, type Browser, call, expectError, type Json, mailsTo, signedInUser } from '../support/accounts.js';
import type { TestApp } from '../support/app.js';
import { award, holder, issuingApp } from './support.js';

let app: TestApp & { versionId: string };
let staff: Browser;
let sysadmin: Browser;
let member: Browser;
let n = 0;

beforeAll(async () => {
  app = await issuingApp();
  staff = await signedInUser(app, 'priya@example.org', ['scheme_admin']);
  sysadmin = await signedInUser(app, 'sam@example.org', ['system_admin']);
  member = await signedInUser(app, 'nosy@example.org', ['member']);
});
afterAll(() => app.close());

const sweep = async () => {
  app.clock.advance(60_000);
  await app.worker.drain();
};

/** A signed credential of a new holder with the given name; answers its id and the holder's address. */
async function issued(name: string, levelId = 'member') {
  const email = `holder${++n}@example.org`;
  const holderId = await holder(app, email);
  await app.platform.database.db.updateTable('users').set({ name }).where('id', '=', holderId).execute();
  const id = await award(app, holderId, levelId);
  await sweep();
  return { id, email, holderId };
}

const change = (id: string, body: Json, who: Browser = staff) => who.req({ method: 'POST', url: `/api/v1/admin/credentials/${id}/status`, payload: body });
const verdict = async (id: string) => (await call(app, { method: 'GET', url: `/api/v1/verify?credential=${id}` })).json() as Json;
const statusCheck = (v: Json) => (v.checks as Json[]).find((c) => c.check === 'status') as Json;

describe('finding credentials', () => {
  it('finds by part of the holder’s name or e-mail, by credential id and by level, newest first, a page at a time', async () => {
    const a = await issued('Olúwaseun Adébáyọ̀ Findme', 'associate');
    const b = await issued('Findme Second', 'member');
    const c = await issued('Someone Else', 'member');
    const find = async (query: string) => {
      const res = await staff.req({ method: 'GET', url: `/api/v1/admin/credentials?${query}` });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { total: number; credentials: Json[] };
    };
    const byName = await find('q=findme');
    expect(byName.total).toBe(2);
    expect(byName.credentials.map((x) => x.id)).toEqual([b.id, a.id]);
    expect((await find(`q=${encodeURIComponent(c.email.toUpperCase())}`)).credentials.map((x) => x.id)).toEqual([c.id]);
    expect((await find(`q=${c.id}`)).credentials).toMatchObject([{ id: c.id, holderName: 'Someone Else', levelId: 'member', status: 'active' }]);
    expect((await find('q=findme&level=associate')).credentials.map((x) => x.id)).toEqual([a.id]);
    const page2 = await find('q=findme&limit=1&offset=1');
    expect(page2).toMatchObject({ total: 2, credentials: [{ id: a.id }] });
    expect((await find('q=%25')).total).toBeGreaterThanOrEqual(3); // a wildcard is not a pattern
    expectError(await staff.req({ method: 'GET', url: '/api/v1/admin/credentials?limit=1000' }), 400, 'VALIDATION_FAILED');
  });

  it('is for scheme administrators only', async () => {
    expectError(await member.req({ method: 'GET', url: '/api/v1/admin/credentials' }), 403, 'FORBIDDEN');
    expectError(await sysadmin.req({ method: 'GET', url: '/api/v1/admin/credentials' }), 403, 'FORBIDDEN');
    expect((await call(app, { method: 'GET', url: '/api/v1/admin/credentials' })).statusCode).toBe(401);
  });
});

describe('changing a credential’s status', () => {
  it('suspends and reinstates with a reason: the public verdict changes at once, each change audited, the holder mailed, the history told', async () => {
    const { id, email } = await issued('Dana Suspended');
    expect((await verdict(id)).verified).toBe(true);

    const s = await change(id, { to: 'suspended', reason: 'Complaint under investigation' });
    expect(s.statusCode, s.body).toBe(200);
    expect(s.json()).toMatchObject({ credential: { id, status: 'suspended' }, allowed: ['active', 'revoked'] });
    const suspended = await verdict(id);
    expect(suspended.verified).toBe(false);
    expect(statusCheck(suspended).reason).toMatch(/suspended/);
    expect((await call(app, { method: 'GET', url: `/api/v1/credentials/${id}` })).json().status).toBe('suspended');
    const mail = (await mailsTo(app, email)).filter((m) => m.template === 'credential_status_changed');
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).toBe('Your Member credential has been suspended');
    expect(mail[0]!.text_body).toContain('Their reason: Complaint under investigation');

    const r = await change(id, { to: 'active', reason: 'Complaint dismissed' });
    expect(r.statusCode, r.body).toBe(200);
    expect((await verdict(id)).verified).toBe(true);
    expect((await mailsTo(app, email)).filter((m) => m.template === 'credential_status_changed').map((m) => m.subject)).toEqual([
      'Your Member credential has been suspended',
      'Your Member credential has been reinstated',
    ]);

    const h = (await staff.req({ method: 'GET', url: `/api/v1/admin/credentials/${id}` })).json() as Json;
    expect(h.history.map((e: Json) => e.what)).toEqual(['awarded', 'issued', 'status_changed', 'status_changed']);
    expect(h.history.slice(2)).toMatchObject([
      { from: 'active', to: 'suspended', reason: 'Complaint under investigation', by: 'priya' },
      { from: 'suspended', to: 'active', reason: 'Complaint dismissed', by: 'priya' },
    ]);
    expect(h.keyNumber).toBe(1);
    const audited = (await auditEntries(app, 'credential.status_changed')).filter((a) => a.subject_id === id);
    expect(audited.map((a) => a.details.to)).toEqual(['suspended', 'active']);
  });

  it('revokes only when confirmed, and a revoked credential is final', async () => {
    const { id, email } = await issued('Rory Revoked');
    const unconfirmed = expectError(await change(id, { to: 'revoked', reason: 'Fraudulent application' }), 400, 'VALIDATION_FAILED');
    expect(unconfirmed.message).toMatch(/final/);
    expect((await verdict(id)).verified).toBe(true); // nothing changed
    expect((await change(id, { to: 'revoked', reason: 'Fraudulent application', confirmRevoke: true })).statusCode).toBe(200);
    const v = await verdict(id);
    expect(v.verified).toBe(false);
    expect(statusCheck(v).reason).toMatch(/revoked/);
    for (const to of ['active', 'suspended', 'revoked']) {
      const refused = expectError(await change(id, { to, reason: 'Second thoughts', confirmRevoke: true }), 409, 'CONFLICT');
      expect(refused.message).toMatch(/revoked/);
    }
    const h = (await staff.req({ method: 'GET', url: `/api/v1/admin/credentials/${id}` })).json() as Json;
    expect(h.allowed).toEqual([]);
    expect(h.canReissue).toBe(false);
    expect((await mailsTo(app, email)).filter((m) => m.template === 'credential_status_changed').map((m) => m.subject)).toEqual(['Your Member credential has been revoked']);
  });

  it('refuses a change to the status it has, an unknown id, a bad reason or target, and the wrong role, writing nothing', async () => {
    const { id, email } = await issued('Pat Refused');
    expect(expectError(await change(id, { to: 'active', reason: 'Already so' }), 409, 'CONFLICT').message).toMatch(/already active/);
    expectError(await change('no-such-credential', { to: 'suspended', reason: 'Whatever' }), 404, 'NOT_FOUND');
    expectError(await staff.req({ method: 'GET', url: '/api/v1/admin/credentials/no-such-credential' }), 404, 'NOT_FOUND');
    const short = expectError(await change(id, { to: 'suspended', reason: '  x ' }), 400, 'VALIDATION_FAILED');
    expect(JSON.stringify(short.details)).toMatch(/reason/);
    expectError(await change(id, { to: 'lapsed', reason: 'Not a choice' }), 400, 'VALIDATION_FAILED');
    expectError(await change(id, { to: 'suspended', reason: 'Members cannot' }, member), 403, 'FORBIDDEN');
    expectError(await change(id, { to: 'suspended', reason: 'Nor system administrators' }, sysadmin), 403, 'FORBIDDEN');
    expect((await verdict(id)).verified).toBe(true);
    expect((await mailsTo(app, email)).filter((m) => m.template === 'credential_status_changed')).toEqual([]);
    expect((await auditEntries(app, 'credential.status_changed')).filter((a) => a.subject_id === id)).toEqual([]);
  });
});

describe('the per-verb operations (suspendCredential and the others)', () => {
  it('mail the holder the reason as the console does', async () => {
    const { id, email } = await issued('Verb Holder');
    expect((await staff.req({ method: 'POST', url: `/api/v1/credentials/${id}/suspend`, payload: { reason: 'Unpaid annual fee' } })).statusCode).toBe(200);
    const mail = (await mailsTo(app, email)).filter((m) => m.template === 'credential_status_changed');
    expect(mail.map((m) => m.subject)).toEqual(['Your Member credential has been suspended']);
    expect(mail[0]!.text_body).toContain('Their reason: Unpaid annual fee');
  });
});

describe('re-issuing after a name change', () => {
  it('signs a new credential and revokes the old one as superseded; both histories name the other', async () => {
    const { id, email, holderId } = await issued('Maiden Name');
    await app.platform.database.db.updateTable('users').set({ name: 'Married Name' }).where('id', '=', holderId).execute();
    const res = await staff.req({ method: 'POST', url: `/api/v1/admin/credentials/${id}/reissue`, payload: { reason: 'Name changed on marriage' } });
    expect(res.statusCode, res.body).toBe(200);
    const next = res.json().id as string;
    expect(next).not.toBe(id);
    await sweep();
    expect((await verdict(next)).verified).toBe(true);
    const old = await verdict(id);
    expect(old.verified).toBe(false);
    expect(statusCheck(old).reason).toMatch(/revoked/);
    const oldH = (await staff.req({ method: 'GET', url: `/api/v1/admin/credentials/${id}` })).json() as Json;
    expect(oldH.history.find((e: Json) => e.what === 'reissued')).toMatchObject({ otherCredentialId: next, reason: 'Name changed on marriage' });
    expect(oldH.credential.status).toBe('revoked');
    const newH = (await staff.req({ method: 'GET', url: `/api/v1/admin/credentials/${next}` })).json() as Json;
    expect(newH.credential).toMatchObject({ status: 'active', holderName: 'Married Name', levelId: 'member', awardedAt: oldH.credential.awardedAt });
    expect(newH.history.find((e: Json) => e.what === 'reissued_from')).toMatchObject({ otherCredentialId: id });
    expect(newH.credential.issuedAt).not.toBeNull();
    expect((await mailsTo(app, email)).filter((m) => m.template === 'credential_reissued')).toHaveLength(1);
    // The superseded credential cannot be re-issued again.
    expectError(await staff.req({ method: 'POST', url: `/api/v1/admin/credentials/${id}/reissue`, payload: { reason: 'Again' } }), 409, 'CONFLICT');
  });
});

describe('issuer keys', () => {
  it('say what each key signed: credentials, status lists, first and last use', async () => {
    await issued('Key Counter');
    const before = (await sysadmin.req({ method: 'GET', url: '/api/v1/admin/issuer-keys' })).json() as Json;
    const k1 = (before.keys as Json[]).find((k) => k.number === 1) as Json;
    const count = Number((await app.platform.database.db.selectFrom('issued_credentials').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    expect(k1.signed).toMatchObject({ credentials: count, attendanceCredentials: 0 });
    expect(k1.signed.statusLists).toBeGreaterThan(0);
    expect(k1.signed.firstUsedAt <= k1.signed.lastUsedAt).toBe(true);
    const rotated = (await sysadmin.req({ method: 'POST', url: '/api/v1/admin/issuer-keys' })).json() as Json;
    const [old, next] = [1, 2].map((number) => (rotated.keys as Json[]).find((k) => k.number === number) as Json);
    expect(next!.signed).toEqual({ credentials: 0, attendanceCredentials: 0, statusLists: k1.signed.statusLists, firstUsedAt: null, lastUsedAt: null });
    expect(old!.signed.statusLists).toBe(0);
    await issued('After Rotation');
    const after = (await sysadmin.req({ method: 'GET', url: '/api/v1/admin/issuer-keys' })).json() as Json;
    expect((after.keys as Json[]).find((k) => k.number === 2)!.signed.credentials).toBe(1);
    expect((after.keys as Json[]).find((k) => k.number === 1)!.signed.credentials).toBe(count);
  });
});
