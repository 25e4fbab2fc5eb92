import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoRecruiting } from '../../server/demo/organisations/recruiting.js';
import { DEMO_PASSWORD } from '../../server/demo/people.js';
import { seedDemo } from '../../server/demo/seed.js';
import { signIn, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { organisation } from './fixtures-recruiting.js';

let app: TestApp;
beforeAll(async () => {
  app = await testApp();
  await seedDemo(app);
});
afterAll(async () => {
  await app?.close();
});

describe('the recruiting demo', () => {
  it('has listed holders who list certifications and responsibility levels, found by candidate search', async () => {
    const db = app.platform.database.db;
    const opted = await db.selectFrom('register_listings').select(['list_certifications', 'list_responsibility']).where('listed', '=', 1).execute();
    expect(opted.filter((o) => o.list_certifications).length).toBeGreaterThan(3);
    expect(opted.filter((o) => o.list_responsibility).length).toBeGreaterThan(2);
    const hr = await signedInUser(app, 'hr@fabrikam.example');
    const orgId = await organisation(app, 'Search test', [{ userId: hr.id, role: 'hr' }]);
    const res = await hr.req({ method: 'GET', url: `/api/v1/organisations/${orgId}/candidates?certification=ITIL%204%20Foundation&limit=50` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().results.length).toBeGreaterThan(0);
    for (const r of res.json().results) expect(r.certifications).toContain('ITIL 4 Foundation');
  });

  it('gives the recruiting organisation two messages, one replied', async () => {
    const db = app.platform.database.db;
    // The organisations' core seeds Fabrikam; here it is made as the core would, and the recruiting demo run again for it.
    const staff = await signedInUser(app, 'sender@fabrikam.example');
    const recruiter = (await db.selectFrom('organisations').select('id').where('name', '=', 'Fabrikam Recruitment').executeTakeFirst())?.id ?? (await organisation(app, 'Fabrikam Recruitment', [{ userId: staff.id, role: 'admin' }]));
    if (!(await db.selectFrom('contact_messages').select('id').where('organisation_id', '=', recruiter).executeTakeFirst())) {
      await db.transaction().execute((tx) => seedDemoRecruiting(tx, { team: '', sponsor: '', recruiter }, app.clock.now()));
    }
    const sender = await db.selectFrom('organisation_members as m').innerJoin('users as u', 'u.id', 'm.user_id').select('u.email').where('m.organisation_id', '=', recruiter).orderBy('m.role').orderBy('m.user_id').executeTakeFirstOrThrow();
    const b = sender.email === 'sender@fabrikam.example' ? staff : await signIn(app, sender.email, DEMO_PASSWORD);
    const sent = (await b.req({ method: 'GET', url: `/api/v1/organisations/${recruiter}/messages` })).json();
    expect(sent.messages).toHaveLength(2);
    expect(sent.messages.filter((m: { reply: unknown }) => m.reply)).toHaveLength(1);
  });
});
