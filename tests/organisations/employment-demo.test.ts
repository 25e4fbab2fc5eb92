import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../server/demo/seed.js';
import { DEMO_PASSWORD } from '../../server/demo/people.js';
import { signIn } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';

/* The demo's employment and sponsorship, as the demo seed leaves them for its own organisations. */

let app: TestApp;
let team: string;
let sponsor: string;
beforeAll(async () => {
  app = await testApp();
  await seedDemo(app);
  const idOf = async (name: string) => (await app.platform.database.db.selectFrom('organisations').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  team = await idOf('Northwind Service Partners');
  sponsor = await idOf('Contoso Health IT');
}, 120_000);
afterAll(async () => {
  await app?.close();
});

describe('the demo’s employment and sponsorship', () => {
  it('Northwind has confirmed six jobs, each as the item reads, and one request waits', async () => {
    const links = await app.platform.database.db.selectFrom('employment_links').selectAll().where('organisation_id', '=', team).execute();
    expect(links.filter((l) => l.status === 'confirmed')).toHaveLength(6);
    expect(links.filter((l) => l.status === 'pending')).toHaveLength(1);
    const mine = await app.platform.database.db.selectFrom('portfolio_items').select(['id', 'data']).where('id', 'in', links.map((l) => l.item_id)).execute();
    for (const l of links.filter((x) => x.status === 'confirmed')) {
      const item = JSON.parse(mine.find((m) => m.id === l.item_id)?.data ?? '{}');
      expect({ startOn: l.confirmed_start_on, level: l.confirmed_level }).toEqual({ startOn: item.startOn, level: item.responsibilityLevel });
    }
  });

  it('Contoso pays an application fee awaiting payment: accepted, not yet paid, named on the application', async () => {
    const [s] = await app.platform.database.db.selectFrom('sponsorships').selectAll().where('organisation_id', '=', sponsor).execute();
    expect(s).toMatchObject({ status: 'accepted', paid_at: null, kind: 'application_fee' });
    const application = await app.platform.database.db.selectFrom('applications').select('state').where('id', '=', s!.application_id).executeTakeFirstOrThrow();
    expect(application.state).toBe('awaiting_fee');
    const applicant = await app.platform.database.db.selectFrom('users').select('email').where('id', '=', s!.member_id).executeTakeFirstOrThrow();
    const b = await signIn(app, applicant.email, DEMO_PASSWORD);
    const view = (await b.req({ method: 'GET', url: `/api/v1/applications/${s!.application_id}` })).json();
    expect(view.fee).toMatchObject({ paidAt: null, paidBy: { id: sponsor, name: 'Contoso Health IT' } });
  });
});
