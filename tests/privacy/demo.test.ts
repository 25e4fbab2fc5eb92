import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoPrivacy } from '../../server/demo/privacy.js';
import { type Json, signIn } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { member } from '../organisations/fixtures-consent.js';

let app: TestApp;
beforeAll(async () => {
  app = await testApp();
  await member(app, { email: 'member@demo.example', name: 'Aisha Bello' });
  const holder = await member(app, { email: 'holder@demo.example', name: 'Elena', level: { id: 'member', name: 'Member' } });
  await app.platform.database.db.insertInto('register_listings').values({ holder_id: holder.id, listed: 1, show_country: 0, updated_at: '2026-10-01T09:00:00.000Z' }).execute();
  await app.platform.database.db.transaction().execute((tx) => seedDemoPrivacy(tx, 'member@demo.example', app.clock.now()));
});
afterAll(async () => {
  await app?.close();
});

describe('the demo consents', () => {
  it('show the member’s news by e-mail and a listed holder’s register listing, from when they chose it', async () => {
    const aisha = (await (await signIn(app, 'member@demo.example')).req({ method: 'GET', url: '/api/v1/privacy/consents' })).json();
    expect(aisha.consents.map((c: Json) => [c.kind, c.withdrawnAt])).toEqual([['marketing_mail', null]]);
    const elena = (await (await signIn(app, 'holder@demo.example')).req({ method: 'GET', url: '/api/v1/privacy/consents' })).json();
    expect(elena.consents).toEqual([expect.objectContaining({ kind: 'register_listing', agreedAt: '2026-10-01T09:00:00.000Z', withdrawnAt: null })]);
  });
});
