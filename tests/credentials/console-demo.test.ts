import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../server/demo/people.js';
import { seedDemo } from '../../server/demo/seed.js';
import { type Json, signIn } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';

let app: TestApp;
beforeAll(async () => {
  app = await testApp();
  await seedDemo(app);
});
afterAll(() => app?.close());

describe('the demo credentials console', () => {
  it('shows the scheme administrator a credential suspended and reinstated, with both reasons and who made them', async () => {
    const priya = await signIn(app, 'scheme@demo.guildhall.test', DEMO_PASSWORD);
    const found = (await priya.req({ method: 'GET', url: '/api/v1/admin/credentials?level=professional&limit=100' })).json() as { total: number; credentials: Json[] };
    expect(found.total).toBeGreaterThan(0);
    const histories = await Promise.all(found.credentials.map(async (c) => (await priya.req({ method: 'GET', url: `/api/v1/admin/credentials/${c.id}` })).json() as Json));
    const withPast = histories.filter((h) => h.history.some((e: Json) => e.what === 'status_changed'));
    expect(withPast).toHaveLength(1);
    const h = withPast[0] as Json;
    expect(h.credential.status).toBe('active');
    expect(h.history.filter((e: Json) => e.what === 'status_changed')).toMatchObject([
      { from: 'active', to: 'suspended', by: 'Priya Raman', reason: expect.stringMatching(/complaint/) },
      { from: 'suspended', to: 'active', by: 'Priya Raman', reason: expect.stringMatching(/not upheld/) },
    ]);
  });
});
