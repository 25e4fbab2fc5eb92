import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentTexts } from '../../server/modules/organisations/consent/consent-texts.js';
import { consentedMembers, hasConsent } from '../../server/modules/organisations/consent/index.js';
import { auditEntries, type Browser, expectError, type Json, signIn } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { member, organisation, staff } from './fixtures-consent.js';

let app: TestApp;
let acme: string;
let globex: string;
let closed: string;
let ada: { id: string; credentialId: string | null };
let ben: { id: string; credentialId: string | null };
let hr: Browser;
let rival: Browser;
beforeAll(async () => {
  app = await testApp();
  acme = await organisation(app, 'Acme Services');
  globex = await organisation(app, 'Globex');
  closed = await organisation(app, 'Closed Ltd', 'suspended');
  await staff(app, acme, 'hr@acme.example', 'hr');
  await staff(app, globex, 'hr@globex.example', 'admin');
  ada = await member(app, { email: 'ada@example.org', name: 'Ada Lovelace', level: { id: 'professional', name: 'Professional' }, cpd: { status: 'short', hours: 12 }, portfolio: { certifications: ['ITIL 4 Foundation'], responsibilityLevel: 5 } });
  ben = await member(app, { email: 'ben@example.org', name: 'Ben Okafor', level: { id: 'member', name: 'Member' }, cpd: { status: 'ok', hours: 30 } });
  await member(app, { email: 'cy@example.org', name: 'Cy Never', level: { id: 'member', name: 'Member' } });
  hr = await signIn(app, 'hr@acme.example');
  rival = await signIn(app, 'hr@globex.example');
});
afterAll(async () => {
  await app?.close();
});

const grant = (b: Browser, organisationId: string, scopes: string[], extra: Json = {}) => b.req({ method: 'POST', url: '/api/v1/me/consents', payload: { organisationId, scopes, ...extra } });
const revoke = (b: Browser, organisationId: string, scopes?: string[]) => b.req({ method: 'POST', url: `/api/v1/me/consents/${organisationId}/revoke`, payload: scopes ? { scopes } : {} });
async function team(b: Browser, organisationId: string, qs = ''): Promise<Json> {
  const res = await b.req({ method: 'GET', url: `/api/v1/organisations/${organisationId}/team${qs ? `?${qs}` : ''}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
const names = async (qs = '') => ((await team(hr, acme, qs)).members as Json[]).map((m) => m.name);

describe('granting consent', () => {
  it('records each scope with the exact words and their version, audits it, and lists it', async () => {
    const a = await signIn(app, 'ada@example.org');
    const res = await grant(a, acme, ['credentials', 'cpd_standing', 'portfolio_summary'], { textVersions: { credentials: consentTexts.credentials.version } });
    expect(res.statusCode, res.body).toBe(200);
    const grants = res.json().grants as Json[];
    expect(grants.map((g) => g.scope).sort()).toEqual(['cpd_standing', 'credentials', 'portfolio_summary']);
    const cred = grants.find((g) => g.scope === 'credentials');
    expect(cred).toMatchObject({ organisationId: acme, organisationName: 'Acme Services', text: consentTexts.credentials.text, textVersion: consentTexts.credentials.version, revokedAt: null });
    expect(res.json().texts).toHaveLength(4);
    expect(res.json().organisations.map((o: Json) => o.name)).toEqual(['Acme Services', 'Globex']);
    expect((await auditEntries(app, 'consent.granted')).at(-1)?.details).toEqual({ scopes: ['credentials', 'cpd_standing', 'portfolio_summary'] });

    // Granting again changes nothing and writes no second row.
    const again = await grant(a, acme, ['credentials']);
    expect(again.json().grants).toHaveLength(3);
  });

  it('refuses an organisation that does not exist or is not active, a stale text and an unknown scope', async () => {
    const b = await signIn(app, 'ben@example.org');
    expectError(await grant(b, closed, ['credentials']), 404, 'NOT_FOUND');
    expectError(await grant(b, '0190a5b2-7c1e-7abc-8def-0123456789ab', ['credentials']), 404, 'NOT_FOUND');
    const stale = expectError(await grant(b, acme, ['credentials'], { textVersions: { credentials: '1999-01-01' } }), 409, 'CONFLICT');
    expect(stale.message).toMatch(/changed since you read them/);
    const bad = expectError(await grant(b, acme, ['salary']), 400, 'VALIDATION_FAILED');
    expect(bad.message).toMatch(/credentials, cpd_standing/);
    expectError(await grant(b, acme, []), 400, 'VALIDATION_FAILED');
    expect((await b.req({ method: 'GET', url: '/api/v1/me/consents' })).json().grants).toEqual([]);
  });
});

describe('the team view', () => {
  it('shows only consenting members, each with only the scopes they granted', async () => {
    const b = await signIn(app, 'ben@example.org');
    expect((await grant(b, acme, ['credentials'])).statusCode).toBe(200);
    const view = await team(hr, acme);
    expect(view.members.map((m: Json) => m.name)).toEqual(['Ada Lovelace', 'Ben Okafor']);
    const [adaRow, benRow] = view.members as Json[];
    expect(adaRow).toMatchObject({ levelName: 'Professional', status: 'active', standing: 'at_risk', hoursThisCycle: 12, responsibilityLevel: 5, certifications: ['ITIL 4 Foundation'] });
    // Ben granted only his credentials: his CPD standing (he has one) and portfolio are not shown.
    expect(benRow).toMatchObject({ levelName: 'Member', status: 'active', standing: null, hoursThisCycle: null, responsibilityLevel: null, certifications: null, scopes: ['credentials'] });
    expect(view.figures.members).toBe(2);
    expect(view.figures.levels).toEqual([
      { key: 'member', label: 'Member', count: 1 },
      { key: 'professional', label: 'Professional', count: 1 },
    ]);
    expect(view.figures.standing).toEqual([{ key: 'at_risk', label: 'At risk', count: 1 }]);
    expect(view.figures.responsibility).toEqual([{ key: '5', label: 'Level 5', count: 1 }]);
    expect(JSON.stringify(view)).not.toContain('Cy Never');
  });

  it('filters by name, level, standing and review date, and pages', async () => {
    expect(await names('q=LOVE')).toEqual(['Ada Lovelace']);
    expect(await names('level=member')).toEqual(['Ben Okafor']);
    expect(await names('standing=at_risk')).toEqual(['Ada Lovelace']);
    expect(await names('standing=on_track')).toEqual([]);
    expect(await names('reviewWithinDays=30')).toEqual([]);
    expect(await names('status=&level=')).toEqual(['Ada Lovelace', 'Ben Okafor']);
    const second = await team(hr, acme, 'limit=1&page=2');
    expect(second).toMatchObject({ total: 2, page: 2, pages: 2 });
    expect(second.members.map((m: Json) => m.name)).toEqual(['Ben Okafor']);
    const bad = expectError(await hr.req({ method: 'GET', url: `/api/v1/organisations/${acme}/team?standing=fine` }), 400, 'VALIDATION_FAILED');
    expect(bad.message).toMatch(/on_track/);
  });

  it('shows a credential status change at the next request', async () => {
    const db = app.platform.database.db;
    await team(hr, acme);
    await db.transaction().execute(async (tx) => {
      await tx.updateTable('credentials').set({ status: 'suspended' }).where('id', '=', ben.credentialId as string).execute();
      await tx.updateTable('credential_status_epoch').set((eb) => ({ epoch: eb('epoch', '+', 1) })).where('id', '=', 1).execute();
    });
    expect(await names('status=suspended')).toEqual(['Ben Okafor']);
  });

  it('hides a member at once when they revoke, and a revoked scope at once', async () => {
    const a = await signIn(app, 'ada@example.org');
    await team(hr, acme); // the snapshot is warm
    const part = await revoke(a, acme, ['cpd_standing']);
    expect(part.statusCode, part.body).toBe(200);
    const adaRow = (await team(hr, acme)).members.find((m: Json) => m.name === 'Ada Lovelace');
    expect(adaRow).toMatchObject({ standing: null, hoursThisCycle: null, levelName: 'Professional' });

    const b = await signIn(app, 'ben@example.org');
    expect((await revoke(b, acme)).statusCode).toBe(200);
    expect(await names()).toEqual(['Ada Lovelace']);
    // The figures follow too: only Ada's credential and none of her (revoked) CPD standing.
    const after = (await team(hr, acme)).figures;
    expect(after.members).toBe(1);
    expect(after.levels).toEqual([{ key: 'professional', label: 'Professional', count: 1 }]);
    expect(after.standing).toEqual([]);
    const listed = (await b.req({ method: 'GET', url: '/api/v1/me/consents' })).json().grants as Json[];
    expect(listed.every((g) => g.revokedAt !== null)).toBe(true);
    expect((await auditEntries(app, 'consent.revoked')).length).toBe(2);
    expectError(await revoke(b, acme), 404, 'NOT_FOUND');
    expect(await hasConsent(app.platform.database.db, acme, ben.id, 'credentials')).toBe(false);
    expect(await hasConsent(app.platform.database.db, acme, ada.id, 'credentials')).toBe(true);
    expect(await consentedMembers(app.platform.database.db, acme, 'cpd_standing')).toEqual([]);

    // Granted again: seen again, with a new row.
    expect((await grant(b, acme, ['credentials'])).statusCode).toBe(200);
    expect(await names()).toEqual(['Ada Lovelace', 'Ben Okafor']);
    expect((await team(hr, acme)).figures.members).toBe(2);
  });

  it('answers another organisation’s staff and strangers not found, and shows them none of this organisation’s members', async () => {
    expectError(await rival.req({ method: 'GET', url: `/api/v1/organisations/${acme}/team` }), 404, 'NOT_FOUND');
    expectError(await rival.req({ method: 'GET', url: `/api/v1/organisations/${acme}/team/export` }), 404, 'NOT_FOUND');
    const own = await team(rival, globex);
    expect(own.members).toEqual([]);
    const a = await signIn(app, 'ada@example.org');
    expectError(await a.req({ method: 'GET', url: `/api/v1/organisations/${acme}/team` }), 404, 'NOT_FOUND');
  });
});

describe('the view log', () => {
  it('records every view of a member’s data with who, which organisation, what and when; the member reads and exports it', async () => {
    const before = await app.platform.database.db.selectFrom('consent_view_members').select((eb) => eb.fn.countAll<number>().as('n')).where('member_id', '=', ada.id).executeTakeFirstOrThrow();
    await team(hr, acme, 'q=ada');
    const exp = await hr.req({ method: 'GET', url: `/api/v1/organisations/${acme}/team/export` });
    expect(exp.statusCode, exp.body).toBe(200);
    expect(exp.headers['content-type']).toMatch(/^text\/csv/);
    expect(exp.body.split('\r\n')[0]).toMatch(/^Name,Level,Status/);
    expect(exp.body).toContain('Ada Lovelace,Professional,active');

    const a = await signIn(app, 'ada@example.org');
    const res = await a.req({ method: 'GET', url: '/api/v1/me/consent-views?limit=2' });
    expect(res.statusCode, res.body).toBe(200);
    const { views, nextCursor } = res.json();
    expect(views[0]).toMatchObject({ organisationName: 'Acme Services', viewerName: 'hr', operation: 'exportTeamView', scopes: ['credentials', 'portfolio_summary'] });
    expect(views[1]).toMatchObject({ operation: 'getTeamView' });
    expect(nextCursor).toEqual(expect.any(String));
    const all = await app.platform.database.db.selectFrom('consent_view_members').select((eb) => eb.fn.countAll<number>().as('n')).where('member_id', '=', ada.id).executeTakeFirstOrThrow();
    expect(Number(all.n) - Number(before.n)).toBe(2);
    const next = await a.req({ method: 'GET', url: `/api/v1/me/consent-views?limit=2&before=${nextCursor}` });
    expect(next.statusCode, next.body).toBe(200);
    expect(next.json().views.length).toBeGreaterThan(0);
    expect(next.json().views[0].viewedAt <= views[1].viewedAt).toBe(true);
    expectError(await a.req({ method: 'GET', url: '/api/v1/me/consent-views?before=nonsense' }), 400, 'VALIDATION_FAILED');

    const csv = await a.req({ method: 'GET', url: '/api/v1/me/consent-views/export' });
    expect(csv.statusCode).toBe(200);
    expect(csv.body.split('\r\n')[0]).toBe('Viewed at,Organisation,Viewed by,Operation,What it showed');
    expect(csv.body).toContain('Acme Services,hr,exportTeamView,credentials portfolio_summary');

    // Someone else sees none of Ada's log.
    const c = await signIn(app, 'cy@example.org');
    expect((await c.req({ method: 'GET', url: '/api/v1/me/consent-views' })).json().views).toEqual([]);
  });
});
