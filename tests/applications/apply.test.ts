import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, auditEntries, call, expectError, mailsTo, PASSWORD, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { workItem } from '../portfolio/support.js';
import { jobsOf, memberLevelItems, memberWith, submit, view, withDefaultScheme } from './support.js';

let app: TestApp;
let ann: Browser & { id: string };
let bob: Browser & { id: string };
beforeAll(async () => {
  app = await testApp();
  await withDefaultScheme(app);
  ann = await memberWith(app, 'ann@example.org', memberLevelItems());
  bob = await memberWith(app, 'bob@example.org', [workItem({ referee: undefined })]);
});
afterAll(async () => {
  await app?.close();
});

const count = async (table: 'applications' | 'reference_requests' | 'outbox') =>
  Number((await app.platform.database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('applying for a level', () => {
  it('previews what submitting would freeze and send, and what blocks it, without writing', async () => {
    const before = await Promise.all([count('applications'), count('reference_requests'), count('outbox')]);
    const res = await ann.req({ method: 'GET', url: '/api/v1/applications/preview?levelId=member' });
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json();
    expect(p).toMatchObject({
      level: { id: 'member', name: 'Member', postNominals: 'MITSMG' },
      eligible: true,
      blockers: [],
      counts: { items: 1, evidence: 0 },
      referees: [{ name: 'Pat Doe', email: 'pat@example.org', relationship: 'Line manager', claims: 1 }],
      codeOfEthics: { version: '2026.1' },
      fee: { amount: 95, currency: 'GBP' },
      byNomination: false,
      draftId: null,
    });
    expect(p.total).toBeGreaterThanOrEqual(120);
    const pro = (await ann.req({ method: 'GET', url: '/api/v1/applications/preview?levelId=professional' })).json();
    expect(pro.eligible).toBe(false);
    expect(pro.blockers.length).toBeGreaterThan(0);
    expect(pro.blockers.join(' ')).toMatch(/responsibility/i);
    expect(await Promise.all([count('applications'), count('reference_requests'), count('outbox')])).toEqual(before);
    expectError(await ann.req({ method: 'GET', url: '/api/v1/applications/preview?levelId=grandmaster' }), 400, 'VALIDATION_FAILED');
    expectError(await ann.req({ method: 'GET', url: '/api/v1/applications/preview' }), 400, 'VALIDATION_FAILED');
  });

  it('refuses bad bodies with the field to fix, and levels not yet met with the reasons', async () => {
    const bad = expectError(await submit(ann, 'member', { ethicsAccepted: false, extra: 1 }), 400, 'VALIDATION_FAILED');
    const paths = (bad.details.issues as Array<{ path: string }>).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['body.ethicsAccepted']));
    expect(JSON.stringify(bad)).toMatch(/extra/);
    const notYet = expectError(await submit(ann, 'professional'), 409, 'CONFLICT');
    expect(notYet.details.reasons).toEqual(expect.arrayContaining([expect.stringMatching(/responsibility/i)]));
    expect(await count('applications')).toBe(0);
  });

  it('submits from what is on file: snapshot, referee e-mail, mail to the member, audit; the applicant sees status only', async () => {
    const res = await submit(ann, 'member');
    expect(res.statusCode, res.body).toBe(201);
    const v = res.json();
    expect(v).toMatchObject({
      levelId: 'member',
      levelName: 'Member',
      state: 'awaiting_references',
      applicant: { id: ann.id, name: 'ann' },
      references: [{ refereeName: 'Pat Doe', status: 'awaiting' }],
      fee: { amount: 95, currency: 'GBP', paidAt: null },
      decision: null,
      assessment: null,
      can: { withdraw: true, consent: false, respond: false, appeal: false, score: false, decide: false },
    });
    expect(v.history.map((h: { action: string }) => h.action)).toEqual(['application.submit']);

    const row = await app.platform.database.db.selectFrom('applications').selectAll().where('id', '=', v.id).executeTakeFirstOrThrow();
    expect(row.ethics_version).toBe('2026.1');
    expect(row.declared_at).toBe(app.clock.now().toISOString());
    const snapshot = JSON.parse(row.snapshot!);
    expect(snapshot.items).toHaveLength(1);
    expect(snapshot.evaluation.levels.find((l: { id: string }) => l.id === 'member').eligible).toBe(true);
    const data = JSON.parse(row.data);
    expect(data.applicantEmployers).toEqual([{ employer: 'Acme Ltd', endedOn: null }]);
    expect(data.refereeIds).toEqual([v.references[0].id]);

    const toPat = await mailsTo(app, 'pat@example.org');
    expect(toPat.map((m) => m.template)).toEqual(['reference_request']);
    expect(toPat[0]!.text_body).toMatch(new RegExp(`${app.config.publicUrl}/references/[A-Za-z0-9_-]{20,}`));
    const ref = await app.platform.database.db.selectFrom('reference_requests').selectAll().executeTakeFirstOrThrow();
    expect(toPat[0]!.text_body).not.toContain(ref.token_hash);
    expect(ref.expires_at).toBe(new Date(app.clock.now().getTime() + 14 * 86_400_000).toISOString());
    expect((await mailsTo(app, 'ann@example.org')).map((m) => m.template)).toContain('application_submitted');
    const [entry] = await auditEntries(app, 'application.submit');
    expect(entry).toMatchObject({ actor_id: ann.id, subject_id: v.id, details: { from: 'draft', to: 'awaiting_references' } });
    expect((await jobsOf(app, 'applications.assign')).filter((j) => j.payload.includes(v.id))).toEqual([]);

    const list = (await ann.req({ method: 'GET', url: '/api/v1/applications' })).json();
    expect(list.applications).toEqual([expect.objectContaining({ id: v.id, levelName: 'Member', state: 'awaiting_references' })]);
  });

  it('allows one open application per level', async () => {
    const again = expectError(await submit(ann, 'member'), 409, 'CONFLICT');
    expect(again.details.reasons).toEqual([expect.stringMatching(/already an open application/)]);
    const preview = (await ann.req({ method: 'GET', url: '/api/v1/applications/preview?levelId=member' })).json();
    expect(preview.blockers).toEqual([expect.stringMatching(/already an open application/)]);
  });

  it('hides other people’s applications behind 404', async () => {
    const [mine] = (await ann.req({ method: 'GET', url: '/api/v1/applications' })).json().applications;
    expectError(await view(bob, mine.id), 404, 'NOT_FOUND');
    expectError(await bob.req({ method: 'POST', url: `/api/v1/applications/${mine.id}/withdraw`, payload: {} }), 404, 'NOT_FOUND');
    const assessor = await signedInUser(app, 'unassigned@example.org', ['assessor']);
    expectError(await view(assessor, mine.id), 404, 'NOT_FOUND');
    expectError(await view(bob, 'no-such-application'), 404, 'NOT_FOUND');
    expect((await bob.req({ method: 'GET', url: '/api/v1/applications' })).json().applications).toEqual([]);
  });

  it('withdraws until a decision, cancels awaiting references, and lets the member apply again', async () => {
    const [mine] = (await ann.req({ method: 'GET', url: '/api/v1/applications' })).json().applications;
    expectError(await ann.req({ method: 'POST', url: `/api/v1/applications/${mine.id}/withdraw`, payload: { because: 'x' } }), 400, 'VALIDATION_FAILED');
    const res = await ann.req({ method: 'POST', url: `/api/v1/applications/${mine.id}/withdraw`, payload: { reason: 'Changed my mind' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'withdrawn', references: [{ status: 'cancelled' }], can: { withdraw: false } });
    expectError(await ann.req({ method: 'POST', url: `/api/v1/applications/${mine.id}/withdraw`, payload: {} }), 409, 'CONFLICT');
    const [entry] = await auditEntries(app, 'application.withdraw');
    expect(entry?.details).toMatchObject({ from: 'awaiting_references', to: 'withdrawn', reason: 'Changed my mind' });
    const again = await submit(ann, 'member');
    expect(again.statusCode, again.body).toBe(201);
  });

  it('of two submissions at once, one is refused', async () => {
    const cat = await memberWith(app, 'cat@example.org', [workItem({ referee: undefined })]);
    const statuses = (await Promise.all([submit(cat, 'associate'), submit(cat, 'associate')])).map((r) => r.statusCode).sort();
    expect(statuses).toEqual([201, 409]);
  });

  it('API tokens need account:write to apply and account:read to look', async () => {
    const make = async (scopes: string[]) => (await bob.req({ method: 'POST', url: '/api/v1/me/api-tokens', payload: { currentPassword: PASSWORD, name: scopes.join(' '), scopes } })).json().token as string;
    const [readOnly, writeOnly] = [await make(['account:read']), await make(['account:write'])];
    const as = (token: string, method: 'GET' | 'POST', url: string, payload?: object) => call(app, { method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
    expect((await as(readOnly, 'GET', '/api/v1/applications/preview?levelId=associate')).statusCode).toBe(200);
    expectError(await as(readOnly, 'POST', '/api/v1/applications', { levelId: 'associate', ethicsAccepted: true, declaredTrue: true }), 403, 'FORBIDDEN');
    expectError(await as(writeOnly, 'GET', '/api/v1/applications'), 403, 'FORBIDDEN');
  });

  it('without referees goes straight to assignment', async () => {
    const res = await submit(bob, 'member');
    expect(res.statusCode, res.body).toBe(201);
    const v = res.json();
    expect(v).toMatchObject({ state: 'submitted', references: [] });
    expect((await jobsOf(app, 'applications.assign')).filter((j) => j.payload.includes(v.id))).toEqual([
      { kind: 'applications.assign', payload: JSON.stringify({ applicationId: v.id }), idempotency_key: `assign:${v.id}:1` },
    ]);
  });
});
