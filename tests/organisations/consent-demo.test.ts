import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoConsent } from '../../server/demo/organisations/consent.js';
import { type Json, signIn } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { schemeVersion } from '../register/support.js';
import { organisation, staff } from './fixtures-consent.js';

let app: TestApp;
let team: string;
beforeAll(async () => {
  app = await testApp();
  await schemeVersion(app);
  team = await organisation(app, 'Northwind Service Partners');
  await staff(app, team, 'hr@northwind.example', 'admin');
  await app.platform.database.db.transaction().execute((tx) => seedDemoConsent(tx, { team, sponsor: '', recruiter: '' }, app.clock.now()));
});
afterAll(async () => {
  await app?.close();
});

describe('the demo team', () => {
  it('has 40 consenting staff at every level and every CPD standing, some sharing only their credentials', async () => {
    const hr = await signIn(app, 'hr@northwind.example');
    const res = await hr.req({ method: 'GET', url: `/api/v1/organisations/${team}/team?limit=100` });
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json();
    expect(view.total).toBe(40);
    expect(view.figures.levels.map((l: Json) => l.key).sort()).toEqual(['associate', 'fellow', 'member', 'professional']);
    expect(view.figures.standing.map((s: Json) => s.key)).toEqual(['on_track', 'at_risk', 'suspended', 'lapsed']);
    expect(view.figures.upcoming.some((u: Json) => u.reviewDue > 0)).toBe(true);
    expect(view.figures.responsibility.length).toBeGreaterThan(1);
    expect(view.figures.certifications.length).toBeGreaterThan(1);
    const partial = (view.members as Json[]).filter((m) => m.scopes.length === 1);
    expect(partial.length).toBe(5);
    expect(partial.every((m) => m.standing === null && m.levelName !== null)).toBe(true);
  });
});
