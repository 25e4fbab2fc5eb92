import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, auditEntries, expectError, mailsTo, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { fellowItems, holdCredential, memberWith, submit, view, withDefaultScheme } from './support.js';

let app: TestApp;
let nina: Browser & { id: string };
let pro1: Browser & { id: string };
let pro2: Browser & { id: string };
let plain: Browser & { id: string };
const nominate = (b: Browser, over: object = {}) =>
  b.req({ method: 'POST', url: '/api/v1/nominations', payload: { nomineeEmail: 'nina@example.org', levelId: 'fellow', statement: 'Led the national ITSM community for a decade.', ...over } });

beforeAll(async () => {
  app = await testApp();
  await withDefaultScheme(app);
  nina = await memberWith(app, 'nina@example.org', fellowItems());
  pro1 = await signedInUser(app, 'pro1@example.org');
  pro2 = await signedInUser(app, 'pro2@example.org');
  plain = await signedInUser(app, 'plain@example.org');
  await holdCredential(app, pro1.id, 'professional');
  await holdCredential(app, pro2.id, 'fellow');
  await holdCredential(app, plain.id, 'member');
});
afterAll(async () => {
  await app?.close();
});

describe('Fellow by nomination', () => {
  it('cannot be applied for without nominations', async () => {
    const p = (await nina.req({ method: 'GET', url: '/api/v1/applications/preview?levelId=fellow' })).json();
    expect(p).toMatchObject({ eligible: true, byNomination: true, draftId: null });
    expect(p.blockers).toEqual([expect.stringMatching(/by nomination: 2 current holders of professional or fellow must nominate you \(0 so far\)/)]);
    const err = expectError(await submit(nina, 'fellow'), 409, 'CONFLICT');
    expect(err.details.reasons).toHaveLength(1);
  });

  it('refuses nominators who hold no nominating level, and bad nominations, with the field to fix', async () => {
    const e = expectError(await nominate(plain), 403, 'FORBIDDEN');
    expect(e.message).toMatch(/current holders of professional or fellow/);
    expect(Number((await app.platform.database.db.selectFrom('applications').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(0);
    const notNom = expectError(await nominate(pro1, { levelId: 'member' }), 400, 'VALIDATION_FAILED');
    expect(notNom.details.issues).toEqual([{ path: 'body.levelId', message: expect.stringMatching(/not by nomination/) }]);
    const nobody = expectError(await nominate(pro1, { nomineeEmail: 'nobody@example.org' }), 400, 'VALIDATION_FAILED');
    expect(nobody.details.issues[0].path).toBe('body.nomineeEmail');
    expectError(await nominate(pro1, { statement: '' }), 400, 'VALIDATION_FAILED');
    expectError(await nominate(nina), 403, 'FORBIDDEN');
  });

  it('tells a member who may not nominate nothing about whether an address has an account', async () => {
    // nina@ has an account; nobody-at-all@ has none. plain holds Member, which nominates for nothing.
    const known = await nominate(plain, { nomineeEmail: 'nina@example.org' });
    const unknown = await nominate(plain, { nomineeEmail: 'nobody-at-all@example.org' });
    expectError(known, 403, 'FORBIDDEN');
    expect(unknown.statusCode).toBe(known.statusCode);
    const strip = (r: typeof known) => ({ body: r.body.replaceAll(r.headers['x-request-id'] as string, '<id>'), type: r.headers['content-type'], length: r.headers['content-length'] });
    expect(strip(unknown)).toEqual(strip(known));
    expect(known.json().error.message).toBe('Only current holders of professional or fellow can nominate');
    // A member without any credential, likewise.
    const bare = await signedInUser(app, 'bare@example.org');
    expect(strip(await nominate(bare, { nomineeEmail: 'nobody-else@example.org' }))).toEqual(strip(await nominate(bare, { nomineeEmail: 'pro1@example.org' })));
  });

  it('two holders nominate, the nominee consents and submits', async () => {
    const first = await nominate(pro1);
    expect(first.statusCode, first.body).toBe(201);
    const { applicationId } = first.json();
    expect(first.json()).toEqual({ applicationId, received: 1, required: 2 });
    expectError(await nominate(pro1), 409, 'CONFLICT');
    expect((await mailsTo(app, 'nina@example.org')).map((m) => m.template)).toEqual(['nomination_received']);
    // The nominator is not told anything more about the application.
    expectError(await view(pro1, applicationId), 404, 'NOT_FOUND');

    const second = await nominate(pro2);
    expect(second.json()).toEqual({ applicationId, received: 2, required: 2 });
    let v = (await view(nina, applicationId)).json();
    expect(v).toMatchObject({ state: 'draft', nominations: { required: 2, consented: false }, can: { consent: true, withdraw: true } });
    expect(v.nominations.received.map((n: { name: string }) => n.name)).toEqual(['pro1', 'pro2']);
    const p = (await nina.req({ method: 'GET', url: '/api/v1/applications/preview?levelId=fellow' })).json();
    expect(p).toMatchObject({ draftId: applicationId, blockers: ['Consent to your nomination first'] });

    expectError(await pro1.req({ method: 'POST', url: `/api/v1/applications/${applicationId}/consent` }), 404, 'NOT_FOUND');
    const consent = await nina.req({ method: 'POST', url: `/api/v1/applications/${applicationId}/consent` });
    expect(consent.statusCode, consent.body).toBe(200);
    expect(consent.json()).toMatchObject({ nominations: { consented: true }, can: { consent: false } });

    const res = await submit(nina, 'fellow');
    expect(res.statusCode, res.body).toBe(201);
    v = res.json();
    expect(v).toMatchObject({ id: applicationId, state: 'submitted', levelName: 'Fellow', fee: { amount: 200 } });
    expect(v.history.map((h: { action: string }) => h.action)).toEqual(['application.submit']);
    expect((await auditEntries(app, 'application.nominate')).map((e) => e.actor_id)).toEqual([pro1.id, pro2.id]);
    const row = await app.platform.database.db.selectFrom('applications').select(['snapshot', 'data']).where('id', '=', applicationId).executeTakeFirstOrThrow();
    expect(JSON.parse(row.snapshot!).items).toHaveLength(11);
    expect(JSON.parse(row.data).applicantEmployers).toEqual([{ employer: 'Acme Ltd', endedOn: null }]);
    // A further nomination after submission is refused: the member already has an open application.
    const pro3 = await signedInUser(app, 'pro3@example.org');
    await holdCredential(app, pro3.id, 'professional');
    expectError(await nominate(pro3), 409, 'CONFLICT');
  });

  it('shows the panel who nominated and why; the nominee sees only who and when', async () => {
    const { id } = await app.platform.database.db.selectFrom('applications').select('id').executeTakeFirstOrThrow();
    const panel = await signedInUser(app, 'panel@example.org', ['scheme_admin']);
    const staff = (await view(panel, id)).json();
    const statement = 'Led the national ITSM community for a decade.';
    expect(staff.assessment.nominations).toEqual([
      { name: 'pro1', statement, at: expect.any(String) },
      { name: 'pro2', statement, at: expect.any(String) },
    ]);
    const own = (await view(nina, id)).json();
    expect(own.assessment).toBeNull();
    expect(JSON.stringify(own)).not.toContain(statement);
  });
});
