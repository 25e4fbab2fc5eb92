import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit, auditRow, systemActor } from '../../server/platform/audit.js';
import { verifyAuditChain } from '../../server/modules/auditlog/verify.js';
import { award } from '../credentials/support.js';
import { withDefaultScheme } from '../portfolio/support.js';
import { type Browser, type Json, makeUser, signIn } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';

let app: TestApp & { versionId: string };
let sysadmin: Browser;
let registrar: Browser & { id: string };
let holderId: string;
let credentialId: string;

const person = async (email: string, name: string, roles: Parameters<typeof makeUser>[1]['roles'] = []) => {
  const id = await makeUser(app, { email, name, roles });
  return Object.assign(await signIn(app, email), { id });
};

beforeAll(async () => {
  const base = await testApp();
  app = Object.assign(base, { versionId: (await withDefaultScheme(base)).versionId });
  sysadmin = await person('ops@example.org', 'Sam Okafor', ['system_admin']);
  registrar = await person('registrar@example.org', 'Priya Raman', ['scheme_admin']);
  holderId = await makeUser(app, { email: 'aisha@example.org', name: 'Aisha Bello' });
  credentialId = await award(app, holderId);
  // Entries by two people about two kinds of thing, a few minutes apart.
  app.clock.advance(60_000);
  expect((await registrar.req({ method: 'POST', url: `/api/v1/credentials/${credentialId}/suspend`, payload: { reason: 'A complaint under review' } })).statusCode).toBe(200);
  app.clock.advance(60_000);
  expect((await sysadmin.req({ method: 'PUT', url: `/api/v1/admin/users/${holderId}/roles/assessor` })).statusCode).toBe(200);
  app.clock.advance(60_000);
  expect((await registrar.req({ method: 'POST', url: `/api/v1/credentials/${credentialId}/reinstate`, payload: { reason: 'Complaint dismissed' } })).statusCode).toBe(200);
});
afterAll(() => app?.close());

const list = async (query = ''): Promise<{ entries: Json[]; more: boolean }> => {
  const res = await sysadmin.req({ method: 'GET', url: `/api/v1/admin/audit-log${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

describe('the audit log with names', () => {
  it('names who acted and what each entry is about, newest first', async () => {
    const { entries } = await list('?subjectType=credential');
    expect(entries.map((e) => e.details.to)).toEqual(['active', 'suspended']);
    for (const e of entries) expect(e).toMatchObject({ action: 'credential.status_changed', actorName: 'Priya Raman', subjectId: credentialId, subjectName: 'Member credential of Aisha Bello' });
    const role = (await list('?action=role.granted')).entries[0];
    expect(role).toMatchObject({ actorName: 'Sam Okafor', subjectType: 'user', subjectId: holderId, subjectName: 'Aisha Bello', details: { role: 'assessor' } });
    const all = (await list('?limit=500')).entries;
    expect(all.map((e) => e.id)).toEqual([...all.map((e) => e.id)].sort().reverse());
    expect(all.map((e) => e.at)).toEqual([...all.map((e) => e.at)].sort().reverse());
    // Entries by the system or an unnamed kind of subject keep their ids and say so with null.
    for (const e of all.filter((x) => x.actorId === null)) expect(e.actorName).toBeNull();
  });

  it('filters by person (id, or part of a name or e-mail in any case), by subject and by action family', async () => {
    const byId = (await list(`?actorId=${registrar.id}`)).entries;
    expect(byId.length).toBeGreaterThanOrEqual(2);
    expect(new Set(byId.map((e) => e.actorName))).toEqual(new Set(['Priya Raman']));
    expect((await list('?actor=PRIYA')).entries.map((e) => e.id)).toEqual(byId.map((e) => e.id));
    expect((await list('?actor=registrar%40example')).entries.map((e) => e.id)).toEqual(byId.map((e) => e.id));
    expect((await list('?actor=100%25_x')).entries).toEqual([]);
    const about = (await list(`?subjectType=user&subjectId=${holderId}`)).entries;
    expect(about.every((e) => e.subjectId === holderId && e.subjectType === 'user')).toBe(true);
    expect(about.map((e) => e.action)).toContain('role.granted');
    const family = (await list('?action=credential.')).entries;
    expect(family.length).toBe(2);
    expect((await list('?action=credential')).entries).toEqual([]);
    expect((await list(`?action=credential.&actorId=${sysadmin.user.user?.id ?? 'none'}`)).entries).toEqual([]);
  });

  it('pages back with before, saying when there is more', async () => {
    const first = await list('?action=credential.&limit=1');
    expect(first).toMatchObject({ more: true, entries: [{ details: { to: 'active' } }] });
    const second = await list(`?action=credential.&limit=1&before=${first.entries[0]?.id}`);
    expect(second).toMatchObject({ more: false, entries: [{ details: { to: 'suspended' } }] });
  });

  it('lists in the order of the chain, which a writer whose clock is behind does not upset', async () => {
    // Another process whose clock runs behind writes an entry: its id sorts before every earlier entry's,
    // but the chain numbers it last, and that is the order it was written in.
    const behind = { ...auditRow(systemActor, { action: 'test.clock_behind', subjectType: 'user', subjectId: holderId }, app.clock.now()), id: '00000000-0000-7000-8000-000000000001' };
    await appendAudit(app.platform.database.db, behind);
    const newest = await list('?limit=2');
    expect(newest.entries[0]).toMatchObject({ id: behind.id, action: 'test.clock_behind' });
    const next = await list(`?limit=1&before=${behind.id}`);
    expect(next.entries[0]?.id).toBe(newest.entries[1]?.id);
    expect((await list(`?limit=5&before=${newest.entries[1]?.id}`)).entries.map((e) => e.id)).not.toContain(behind.id);
    const report = await verifyAuditChain(app.platform.database.db);
    expect(report.problem).toBeNull();
  });

  it('is for system administrators only, and refuses a one-letter person search with a clear message', async () => {
    expect((await registrar.req({ method: 'GET', url: '/api/v1/admin/audit-log' })).statusCode).toBe(403);
    const short = await sysadmin.req({ method: 'GET', url: '/api/v1/admin/audit-log?actor=a' });
    expect(short.statusCode).toBe(400);
    expect(short.body).toMatch(/actor/);
  });
});
