import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PortfolioItem } from '../../contracts/portfolio.js';
import { DEMO_PASSWORD } from '../../server/demo/people.js';
import { DEMO_APPLICANT_EMAIL, DEMO_MEMBER_EMAIL, seedDemo } from '../../server/demo/seed.js';
import { compileScheme } from '../../server/modules/portfolio/eligibility.rules.js';
import { checkPortfolioItem } from '../../server/modules/portfolio/portfolio.rules.js';
import { itemFromRow } from '../../server/modules/portfolio/portfolio.repository.js';
import { loadDefaultScheme } from '../../server/modules/schemes/default-scheme.js';
import { signIn } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { certItem } from './support.js';

let app: TestApp;
beforeAll(async () => {
  app = await testApp();
  await seedDemo(app);
});
afterAll(async () => {
  await app?.close();
});

describe('demo portfolios', () => {
  it('are valid and spread across every level, with some one item short of the next', async () => {
    const scheme = loadDefaultScheme();
    const evaluator = compileScheme(scheme);
    const now = app.clock.now();
    const rows = await app.platform.database.db.selectFrom('portfolio_items').select(['id', 'member_id', 'data']).orderBy('id').execute();
    const byMember = new Map<string, PortfolioItem[]>();
    for (const r of rows) {
      const item = itemFromRow(r);
      expect(PortfolioItem.safeParse(item).error).toBeUndefined();
      expect(checkPortfolioItem(item, scheme, now).errors).toEqual([]);
      byMember.set(r.member_id, [...(byMember.get(r.member_id) ?? []), item]);
    }
    expect(byMember.size).toBeGreaterThanOrEqual(45);
    const reached = new Map<string, number>();
    let fellowEligible = 0;
    let shortOfProfessional = 0;
    for (const items of byMember.values()) {
      const e = evaluator.evaluate({ items }, now);
      reached.set(e.reached?.id ?? 'none', (reached.get(e.reached?.id ?? 'none') ?? 0) + 1);
      if (e.levels.find((l) => l.id === 'fellow')?.eligible) fellowEligible++;
      const pro = e.levels.find((l) => l.id === 'professional')!;
      if (!pro.eligible && pro.gaps.length === 1 && pro.gaps[0]!.requirement === 'minPerCategory' && pro.gaps[0]!.shortfall <= 10) shortOfProfessional++;
    }
    for (const level of ['student', 'associate', 'member', 'professional']) expect(reached.get(level), level).toBeGreaterThan(0);
    expect(fellowEligible).toBeGreaterThanOrEqual(2);
    expect(shortOfProfessional).toBeGreaterThanOrEqual(2);
  });

  it('leaves the demo member one item short of Member, which what-if shows', async () => {
    const b = await signIn(app, DEMO_MEMBER_EMAIL, DEMO_PASSWORD);
    const res = await b.req({ method: 'GET', url: '/api/v1/me/eligibility' });
    expect(res.statusCode, res.body).toBe(200);
    const e = res.json().evaluation;
    expect(e.reached).toMatchObject({ id: 'associate' });
    const member = e.levels.find((l: { id: string }) => l.id === 'member');
    expect(member.gaps).toEqual([expect.objectContaining({ requirement: 'minTotal', shortfall: 5 })]);
    const w = await b.req({ method: 'POST', url: '/api/v1/me/eligibility/what-if', payload: { items: [certItem('iso20000-foundation')] } });
    expect(w.json().evaluation.reached).toMatchObject({ id: 'member' });
  });

  it('gives the demo applicant Professional with a referee on file, and some members credentials to nominate with', async () => {
    const b = await signIn(app, DEMO_APPLICANT_EMAIL, DEMO_PASSWORD);
    const e = (await b.req({ method: 'GET', url: '/api/v1/me/eligibility' })).json().evaluation;
    expect(e.reached).toMatchObject({ id: 'professional' });
    const items = (await b.req({ method: 'GET', url: '/api/v1/me/portfolio' })).json().items as PortfolioItem[];
    expect(items.filter((i) => i.kind === 'work' && i.referee).length).toBe(1);
    const db = app.platform.database.db;
    const held = await db.selectFrom('credentials').innerJoin('users', 'users.id', 'credentials.holder_id').select(['credentials.level_id', 'credentials.status', 'credentials.awarded_at', 'credentials.review_at', 'users.email_verified_at']).execute();
    const count = (level: string) => held.filter((h) => h.level_id === level).length;
    expect(count('professional')).toBeGreaterThanOrEqual(2);
    expect(count('member')).toBeGreaterThan(0);
    for (const h of held) {
      expect(h.status).toBe('active');
      expect(h.email_verified_at).not.toBeNull();
      expect(h.review_at > h.awarded_at).toBe(true);
    }
  });
});
