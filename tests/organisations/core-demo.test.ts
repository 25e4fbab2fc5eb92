// The demo's organisations: three active ones with verified domains; employer@ administers Northwind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../server/demo/people.js';
import { seedDemo } from '../../server/demo/seed.js';
import { type Json, call, signIn } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';

let app: TestApp;
beforeAll(async () => {
  app = await testApp();
  await seedDemo(app);
}, 120_000);
afterAll(async () => {
  await app?.close();
});

describe('demo organisations', () => {
  it('employer@ administers Northwind with an hr colleague, and works for nothing else', async () => {
    const david = await signIn(app, 'employer@demo.guildhall.test', DEMO_PASSWORD);
    const mine = (await david.req({ method: 'GET', url: '/api/v1/me/organisations' })).json();
    expect(mine.organisations).toEqual([expect.objectContaining({ name: 'Northwind Service Partners', role: 'admin' })]);
    const people = (await david.req({ method: 'GET', url: `/api/v1/organisations/${mine.organisations[0].id}/people` })).json();
    expect(people.people.map((p: Json) => [p.email, p.role])).toEqual(
      expect.arrayContaining([
        ['employer@demo.guildhall.test', 'admin'],
        ['hr@demo.guildhall.test', 'hr'],
      ]),
    );
    const grace = await signIn(app, 'hr@demo.guildhall.test', DEMO_PASSWORD);
    expect(grace.user.roles).toContain('employer_admin');
  });

  it('all three are public, each with a verified domain', async () => {
    for (const slug of ['northwind-service-partners', 'contoso-health-it', 'fabrikam-recruitment']) {
      const res = await call(app, { method: 'GET', url: `/api/v1/public/organisations/${slug}` });
      expect(res.statusCode, slug).toBe(200);
      expect(res.json().verifiedDomains).toHaveLength(1);
    }
  });
});
