import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { privacyTexts } from '../../server/modules/privacy/consent-texts.js';
import { type Browser, expectError, type Json, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { organisation } from '../organisations/fixtures-consent.js';

let app: TestApp;
let ada: Browser & { id: string };
let admin: Browser & { id: string };
let other: Browser & { id: string };
beforeAll(async () => {
  app = await testApp();
  ada = await signedInUser(app, 'ada@example.org', ['member']);
  admin = await signedInUser(app, 'admin@example.org', ['system_admin']);
  other = await signedInUser(app, 'other@example.org', ['member']);
});
afterAll(async () => {
  await app?.close();
});

const list = async (b: Browser, memberId?: string): Promise<Json> => {
  const res = await b.req({ method: 'GET', url: `/api/v1/privacy/consents${memberId ? `?memberId=${memberId}` : ''}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const setConsent = (b: Browser, body: Json) => b.req({ method: 'POST', url: '/api/v1/me/privacy/consents', payload: body });

describe('consent records', () => {
  it('records the register listing as the member changes it, with the words and when it was withdrawn', async () => {
    expect((await list(ada)).consents).toEqual([]);
    expect((await ada.req({ method: 'PUT', url: '/api/v1/me/register-listing', payload: { listed: true, showCountry: false } })).statusCode).toBe(200);
    let consents = (await list(ada)).consents as Json[];
    expect(consents).toEqual([expect.objectContaining({ kind: 'register_listing', text: privacyTexts.register_listing.text, textVersion: privacyTexts.register_listing.version, agreedAt: app.clock.now().toISOString(), withdrawnAt: null })]);
    // Saving the same choice again writes nothing new.
    expect((await ada.req({ method: 'PUT', url: '/api/v1/me/register-listing', payload: { listed: true, showCountry: true } })).statusCode).toBe(200);
    expect((await list(ada)).consents).toHaveLength(1);
    app.clock.advance(60_000);
    expect((await ada.req({ method: 'PUT', url: '/api/v1/me/register-listing', payload: { listed: false, showCountry: false } })).statusCode).toBe(200);
    consents = (await list(ada)).consents as Json[];
    expect(consents[0]).toMatchObject({ kind: 'register_listing', withdrawnAt: app.clock.now().toISOString() });
  });

  it('records marketing mail agreed and withdrawn, audited, and refuses a stale text', async () => {
    const stale = expectError(await setConsent(ada, { purpose: 'marketing_mail', agreed: true, textVersion: '1999-01-01' }), 409, 'CONFLICT');
    expect(stale.message).toMatch(/changed since you read them/);
    const agreed = await setConsent(ada, { purpose: 'marketing_mail', agreed: true, textVersion: privacyTexts.marketing_mail.version });
    expect(agreed.statusCode, agreed.body).toBe(200);
    expect(agreed.json().consents.find((c: Json) => c.kind === 'marketing_mail')).toMatchObject({ withdrawnAt: null, text: privacyTexts.marketing_mail.text });
    app.clock.advance(60_000);
    const withdrawn = await setConsent(ada, { purpose: 'marketing_mail', agreed: false });
    expect(withdrawn.json().consents.find((c: Json) => c.kind === 'marketing_mail').withdrawnAt).toBe(app.clock.now().toISOString());
    const actions = (await app.platform.database.db.selectFrom('audit_log').select('action').where('subject_id', '=', ada.id).where('action', 'like', 'privacy.%').execute()).map((r) => r.action);
    expect(actions).toEqual(['privacy.consent_given', 'privacy.consent_withdrawn']);
    expectError(await setConsent(ada, { purpose: 'register_listing', agreed: true }), 400, 'VALIDATION_FAILED');
    expectError(await setConsent(ada, { purpose: 'newsletter', agreed: true }), 400, 'VALIDATION_FAILED');
  });

  it('lists sharing with organisations from the grants themselves', async () => {
    const acme = await organisation(app, 'Acme Services');
    expect((await ada.req({ method: 'POST', url: '/api/v1/me/consents', payload: { organisationId: acme, scopes: ['credentials', 'cpd_plan'] } })).statusCode).toBe(200);
    const shared = ((await list(ada)).consents as Json[]).filter((c) => c.kind === 'organisation_sharing');
    expect(shared.map((c) => c.title).sort()).toEqual(['My CPD plan, shared with Acme Services', 'My credentials, shared with Acme Services']);
    expect(shared.every((c) => c.organisationId === acme && c.withdrawnAt === null)).toBe(true);
  });

  it('is read by an administrator for a member, and by no one else', async () => {
    const seen = await list(admin, ada.id);
    expect(seen.memberId).toBe(ada.id);
    expect(seen.consents).toEqual((await list(ada)).consents);
    expectError(await other.req({ method: 'GET', url: `/api/v1/privacy/consents?memberId=${ada.id}` }), 403, 'FORBIDDEN');
    expect((await list(other)).consents).toEqual([]);
    expectError(await admin.req({ method: 'GET', url: '/api/v1/privacy/consents?memberId=0190a5b2-7c1e-7abc-8def-0123456789ab' }), 404, 'NOT_FOUND');
  });
});
