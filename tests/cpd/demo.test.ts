import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CpdActivityBody } from '../../contracts/cpd.js';
import { DEMO_PASSWORD } from '../../server/demo/people.js';
import { DEMO_MEMBER_EMAIL, seedDemo } from '../../server/demo/seed.js';
import { activityOf } from '../../server/modules/cpd/cpd.service.js';
import { type Json, signIn } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';

let app: TestApp;
beforeAll(async () => {
  app = await testApp();
  await seedDemo(app);
});
afterAll(async () => {
  await app?.close();
});

describe('demo CPD', () => {
  it('stores only activities a member could have logged', async () => {
    const rows = await app.platform.database.db.selectFrom('cpd_activities').selectAll().execute();
    expect(rows.filter((r) => r.source === 'manual').length).toBeGreaterThan(50);
    expect(rows.filter((r) => r.source !== 'manual').length).toBeGreaterThan(0);
    for (const r of rows) {
      // Credits from a provider or the body's events come verified, without a reflection until the member adds one.
      if (r.source !== 'manual') {
        expect({ verified: r.verified, provider: r.provider_id !== null }).toEqual({ verified: 1, provider: true });
        continue;
      }
      const a = activityOf(r, []);
      const parsed = CpdActivityBody.safeParse({ type: a.type, title: a.title, occurredOn: a.occurredOn, hours: a.hours, provider: a.provider, learned: a.learned, apply: a.apply, details: a.details });
      expect(parsed.error?.issues).toBeUndefined();
      expect(a.occurredOn <= app.clock.now().toISOString().slice(0, 10)).toBe(true);
    }
  });

  it('gives the demo member a tracked credential with a cap to explain and a shortfall to close', async () => {
    const member = await signIn(app, DEMO_MEMBER_EMAIL, DEMO_PASSWORD);
    const s = (await member.req({ method: 'GET', url: '/api/v1/me/cpd/summary' })).json();
    expect(s.credentials).toHaveLength(1);
    const e = s.credentials[0].evaluation;
    expect(e.ruleSet.key).toBe('itsm-certification');
    expect(e.year).toMatchObject({ index: 0, earned: 45.5, counted: 33, shortfall: 2 });
    expect(e.year.lines).toContain('Community: 22 earned, 15 counted: community counts at most 15 a year (7 over)');
    expect(e.year.categories.find((c: Json) => c.id === 'experience')).toMatchObject({ counted: 3, minimum: 5, shortfall: 2 });
  });

  it('gives credential holders CPD under the body’s rule set', async () => {
    const holder = await app.platform.database.db.selectFrom('credentials').innerJoin('users', 'users.id', 'credentials.holder_id').select(['users.email']).where('credentials.status', '=', 'active').orderBy('credentials.awarded_at').executeTakeFirstOrThrow();
    const b = await signIn(app, holder.email, DEMO_PASSWORD);
    const s = (await b.req({ method: 'GET', url: '/api/v1/me/cpd/summary' })).json();
    const body = s.credentials.find((c: Json) => c.credential.kind === 'body');
    expect(body.evaluation.ruleSet.key).toBe('itsm-body');
    expect(body.evaluation.cycle.earned).toBeGreaterThan(0);
  });
});
