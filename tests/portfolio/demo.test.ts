import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PortfolioItem } from '../../contracts/portfolio.js';
import { DEMO_PASSWORD } from '../../server/demo/people.js';
import { DEMO_APPLICANT_EMAIL, DEMO_HOLDER_EMAIL, DEMO_MEMBER_EMAIL, seedDemo } from '../../server/demo/seed.js';
import { acceptedIn } from '../../server/modules/applications/applications.rules.js';
import type { Application, ApplicationState, EventType } from '../../server/modules/applications/applications.types.js';
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
    // Northwind's staff (the organisations' demo) hold credentials in every CPD standing, suspended and lapsed too.
    const held = await db
      .selectFrom('credentials')
      .innerJoin('users', 'users.id', 'credentials.holder_id')
      .select(['credentials.level_id', 'credentials.status', 'credentials.awarded_at', 'credentials.review_at', 'users.email_verified_at'])
      .where('users.email', 'not like', '%@northwind.example')
      .execute();
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

describe('demo applications', () => {
  it('give each assessor a queue with due dates and the scheme administrator a decision to make', async () => {
    for (const email of ['assessor1@demo.guildhall.test', 'assessor2@demo.guildhall.test']) {
      const b = await signIn(app, email, DEMO_PASSWORD);
      const queue = (await b.req({ method: 'GET', url: '/api/v1/assessment/queue' })).json();
      expect(queue.total, email).toBeGreaterThan(0);
      expect(queue.entries.length).toBe(queue.total);
      expect(queue.entries.some((e: { state: string; dueAt: string | null }) => e.state === 'in_assessment' && e.dueAt !== null)).toBe(true);
      const work = (await b.req({ method: 'GET', url: `/api/v1/applications/${queue.entries[0].id}` })).json();
      expect(work.assessment.snapshot.items.length).toBeGreaterThan(0);
    }
    const admin = await signIn(app, 'scheme@demo.guildhall.test', DEMO_PASSWORD);
    const all = (await admin.req({ method: 'GET', url: '/api/v1/assessment/queue?scope=all' })).json();
    expect(new Set(all.entries.map((e: { state: string }) => e.state))).toEqual(new Set(['in_assessment', 'information_requested', 'recommended', 'awaiting_fee']));
    const waiting = (await admin.req({ method: 'GET', url: '/api/v1/assessment/queue?scope=all&state=recommended' })).json();
    expect(waiting.total).toBeGreaterThanOrEqual(1);
    const view = (await admin.req({ method: 'GET', url: `/api/v1/applications/${waiting.entries[0].id}` })).json();
    expect(view.can).toMatchObject({ decide: true });
  });

  it('reached every state through the machine, from eligible applicants other than member@ and applicant@', async () => {
    const db = app.platform.database.db;
    const apps = await db.selectFrom('applications').innerJoin('users', 'users.id', 'applications.applicant_id').select(['applications.id', 'applications.data', 'applications.snapshot', 'applications.state', 'applications.revision', 'users.email']).execute();
    expect(new Set(apps.map((a) => a.state))).toEqual(new Set(['in_assessment', 'information_requested', 'recommended', 'awaiting_fee', 'awarded']));
    for (const a of apps) {
      expect([DEMO_MEMBER_EMAIL, DEMO_APPLICANT_EMAIL]).not.toContain(a.email);
      const record = JSON.parse(a.data) as Application;
      expect(record.state).toBe(a.state);
      // The history replays: each step starts where the last one ended and is one the machine accepts there.
      const steps = (await db.selectFrom('audit_log').select(['action', 'details']).where('subject_type', '=', 'application').where('subject_id', '=', a.id).orderBy('id').execute()).map(
        (h) => ({ event: h.action.replace(/^application\./, '') as EventType, ...(JSON.parse(h.details) as { from: ApplicationState; to: ApplicationState }) }),
      );
      expect(steps[0]).toMatchObject({ event: 'submit', from: 'draft' });
      steps.forEach((s, i) => {
        expect(acceptedIn[s.event], `${s.event} from ${s.from}`).toContain(s.from);
        if (i > 0) expect(s.from).toBe(steps[i - 1]!.to);
      });
      expect(steps.at(-1)!.to).toBe(a.state);
      expect(a.revision).toBe(steps.length);
      // Eligible for the level when the portfolio was frozen.
      const snapshot = JSON.parse(a.snapshot!) as { evaluation: { levels: Array<{ id: string; eligible: boolean }> } };
      expect(snapshot.evaluation.levels.find((l) => l.id === record.levelId)?.eligible, a.email).toBe(true);
      // Active assignments are exactly the assessors acting now, with the application's due date.
      const seats = await db.selectFrom('application_assessors').selectAll().where('application_id', '=', a.id).where('status', '=', 'active').execute();
      const acting = ['in_assessment', 'information_requested'].includes(a.state) ? record.assessorIds : [];
      expect(seats.map((s) => s.assessor_id).sort()).toEqual([...acting].sort());
      for (const s of seats) expect(s.due_at).toBe(record.dueAt);
      const credential = await db.selectFrom('credentials').select(['level_id', 'holder_id']).where('application_id', '=', a.id).executeTakeFirst();
      expect(credential ?? null).toEqual(a.state === 'awarded' ? { level_id: record.levelId, holder_id: record.applicantId } : null);
    }
  });

  it('names a generated member who holds Professional for journeys to use', async () => {
    const held = await app.platform.database.db
      .selectFrom('credentials')
      .innerJoin('users', 'users.id', 'credentials.holder_id')
      .select(['credentials.level_id', 'credentials.status'])
      .where('users.email', '=', DEMO_HOLDER_EMAIL)
      .execute();
    expect(held).toEqual([{ level_id: 'professional', status: 'active' }]);
  });

  it('lists most holders in the public register, but not the one whose opting in a journey shows', async () => {
    const res = await app.app.inject({ method: 'GET', url: '/api/v1/register?level=professional' });
    expect(res.statusCode, res.body).toBe(200);
    const names = (res.json().results as Array<{ name: string; country: string | null }>).map((r) => r.name);
    expect(names.length).toBeGreaterThan(0);
    expect(names.some((n) => n.includes("O'Brien"))).toBe(false);
    const obrien = await app.app.inject({ method: 'GET', url: `/api/v1/register?q=${encodeURIComponent("o'br")}` });
    expect(obrien.json().results).toEqual([]);
    const listings = await app.platform.database.db.selectFrom('register_listings').select(['holder_id']).where('listed', '=', 1).execute();
    const holders = await app.platform.database.db.selectFrom('credentials').select('holder_id').distinct().execute();
    expect(listings.length).toBeGreaterThan(0);
    expect(listings.length).toBeLessThan(holders.length);
  });
});
