import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApplicationState } from '../../server/modules/applications/applications.types.js';
import { openStates } from '../../server/modules/applications/assessment.repository.js';
import { DAY, HOUR } from '../../server/platform/clock.js';
import { type Browser, expectError, makeUser, signIn, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp, testDialect } from '../support/app.js';
import { withDefaultScheme } from '../portfolio/support.js';
import { applyEvent, fullScore, record, runJobs, scoreAndRecommend, submittedApplication } from './assessment-support.js';

/* listAssessmentQueue: an assessor's own assignments and every open application, by due date, in pages. */

type Entry = { id: string; dueAt: string | null; state: string; applicantName: string; [k: string]: unknown };
let app: TestApp;
let versionId: string;
const assessors = new Map<string, Browser & { id: string }>();
let admin: Browser;
const ids: string[] = [];

const queue = (b: Browser, query = '') => b.req({ method: 'GET', url: `/api/v1/assessment/queue${query}` });
/** Every entry, following nextCursor page by page. */
async function walk(b: Browser, query: string, limit: number): Promise<{ entries: Entry[]; totals: number[]; pages: number }> {
  const entries: Entry[] = [];
  const totals: number[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res = await queue(b, `?limit=${limit}${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.entries.length).toBeLessThanOrEqual(limit);
    entries.push(...body.entries);
    totals.push(body.total);
    cursor = body.nextCursor;
    pages++;
  } while (cursor && pages < 50);
  return { entries, totals, pages };
}
/** Due date (none last), then id: the order both scopes promise. */
const ordered = (es: Entry[]) => [...es].sort((a, b) => ((a.dueAt ?? '~') < (b.dueAt ?? '~') ? -1 : (a.dueAt ?? '~') > (b.dueAt ?? '~') ? 1 : a.id < b.id ? -1 : 1));

beforeAll(async () => {
  app = await testApp();
  ({ versionId } = await withDefaultScheme(app));
  for (const n of ['q1', 'q2', 'q3']) {
    const b = await signedInUser(app, `${n}@assessors.example.org`, ['assessor']);
    assessors.set(b.user.id as string, { ...b, id: b.user.id as string });
  }
  admin = await signedInUser(app, 'admin@body.example.org', ['scheme_admin']);
  // Eleven Member applications an hour apart (so due dates differ), one assessor each, spread over three.
  for (let i = 0; i < 11; i++) {
    const applicant = await makeUser(app, { email: `applicant${i}@example.org`, name: `Applicant ${String(i).padStart(2, '0')}` });
    ids.push(await submittedApplication(app, { applicantId: applicant, levelId: 'member', versionId }));
    await runJobs(app);
    app.clock.advance(HOUR);
  }
});
afterAll(async () => {
  await app?.close();
});

const assessorOf = async (id: string) => assessors.get((await record(app, id)).assessorIds[0]!)!;
/** Sessions expire when the clock moves weeks on: everyone signs in again. */
async function signInAgain() {
  for (const [id, b] of assessors) assessors.set(id, { ...(await signIn(app, b.user.email as string)), id });
  admin = await signIn(app, 'admin@body.example.org');
}

describe('scope mine', () => {
  it('lists exactly my active assignments by due date, with names, level, stage, age and flags', async () => {
    app.clock.advance(3 * DAY);
    let seen = 0;
    for (const [assessorId, b] of assessors) {
      const { entries, totals } = await walk(b, '', 2);
      const mine = [];
      for (const id of ids) if ((await record(app, id)).assessorIds.includes(assessorId)) mine.push(id);
      expect(entries.map((e) => e.id).sort()).toEqual(mine.sort());
      expect(new Set(totals)).toEqual(new Set([mine.length]));
      expect(entries).toEqual(ordered(entries));
      for (const e of entries)
        expect(e).toMatchObject({ levelId: 'member', levelName: 'Member', state: 'in_assessment', stage: 'assessment', ageDays: 3, overdue: false, scored: false, recommended: false, applicantName: expect.stringMatching(/^Applicant \d\d$/) });
      seen += entries.length;
    }
    expect(seen).toBe(ids.length);
  });

  it('shows what I have scored and recommended, filters by state, and flags what is overdue', async () => {
    const b = await assessorOf(ids[0]!);
    await b.req({ method: 'PUT', url: `/api/v1/applications/${ids[0]}/scores`, payload: fullScore() });
    const first = (await queue(b)).json().entries.find((e: Entry) => e.id === ids[0]);
    expect(first).toMatchObject({ scored: true, recommended: false });
    const c = await assessorOf(ids[1]!);
    await c.req({ method: 'POST', url: `/api/v1/applications/${ids[1]}/information-requests`, payload: { question: 'Dates of your last role?' } });
    const asked = (await queue(c, '?state=information_requested')).json();
    expect(asked.entries.map((e: Entry) => e.id)).toEqual([ids[1]]);
    expect(asked.total).toBe(1);

    app.clock.advance(20 * DAY); // 23 days after assignment: past the 21-day due date
    await signInAgain();
    const later = (await queue(await assessorOf(ids[0]!))).json().entries;
    expect(later.length).toBeGreaterThan(0);
    expect(later.every((e: Entry) => e.overdue === true)).toBe(true);
    // The clock is paused while the applicant is asked: not overdue.
    expect((await queue(await assessorOf(ids[1]!), '?state=information_requested')).json().entries[0]).toMatchObject({ overdue: false });
  });
});

describe('scope all (scheme administrators)', () => {
  it('pages through every open application: dated by due date, then those without one; closed ones are left out', async () => {
    // One goes through to a recommendation (no due date), one to an award (closed).
    await scoreAndRecommend(await assessorOf(ids[2]!), ids[2]!, { outcome: 'award', reasons: 'Meets Member' });
    await scoreAndRecommend(await assessorOf(ids[3]!), ids[3]!, { outcome: 'award', reasons: 'Meets Member' });
    await admin.req({ method: 'POST', url: `/api/v1/applications/${ids[3]}/decision`, payload: { outcome: 'award', reasons: 'Agreed' } });
    await admin.req({ method: 'POST', url: `/api/v1/applications/${ids[3]}/fee-paid` });
    expect((await record(app, ids[3]!)).state).toBe('awarded');

    for (const limit of [1, 3, 50]) {
      const { entries, totals } = await walk(admin, '&scope=all', limit);
      expect(entries.map((e) => e.id).sort()).toEqual(ids.filter((id) => id !== ids[3]).sort());
      expect(new Set(totals)).toEqual(new Set([ids.length - 1]));
      expect(entries).toEqual(ordered(entries));
      expect(entries.at(-1)).toMatchObject({ id: ids[2], state: 'recommended', dueAt: null, stage: null, recommended: true });
      // Flags of the current stage's assessors: ids[0] is scored, not yet recommended; ids[4] neither.
      expect(entries.find((e) => e.id === ids[0])).toMatchObject({ stage: 'assessment', scored: true, recommended: false });
      expect(entries.find((e) => e.id === ids[4])).toMatchObject({ stage: 'assessment', scored: false, recommended: false });
    }
    const recommended = (await queue(admin, '?scope=all&state=recommended')).json();
    expect(recommended).toMatchObject({ total: 1, nextCursor: null, entries: [{ id: ids[2] }] });
    expect((await queue(admin, '?scope=all&state=awarded')).json()).toEqual({ entries: [], total: 0, nextCursor: null });
  });

  it('refuses the wrong people and bad paging with the field to fix', async () => {
    const [a] = assessors.values();
    expectError(await queue(a!, '?scope=all'), 403, 'FORBIDDEN');
    const member = await signedInUser(app, 'member@example.org');
    expectError(await queue(member), 403, 'FORBIDDEN');
    expectError(await app.app.inject({ method: 'GET', url: '/api/v1/assessment/queue' }), 401, 'NOT_AUTHENTICATED');
    const cursor = expectError(await queue(admin, '?scope=all&cursor=not-a-cursor'), 400, 'VALIDATION_FAILED');
    expect(cursor.details.issues[0].path).toBe('query.cursor');
    expectError(await queue(admin, '?scope=all&limit=500'), 400, 'VALIDATION_FAILED');
    expectError(await queue(admin, '?scope=everything'), 400, 'VALIDATION_FAILED');
  });
});

describe('the total of every open application', () => {
  const total = async (query = '') => {
    const res = await queue(admin, `?scope=all${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().total as number;
  };
  /** Counted afresh in the database, as the queue's total must agree. */
  const openInDb = async (states: readonly ApplicationState[] = openStates) =>
    Number((await app.platform.database.db.selectFrom('applications').select((eb) => eb.fn.countAll().as('n')).where('state', 'in', [...states]).executeTakeFirstOrThrow()).n);

  it('stays right after a new submission, a decision and a withdrawal', async () => {
    const before = await total();
    expect(before).toBe(await openInDb());
    expect(await total()).toBe(before); // asked again with nothing changed

    const applicant = await makeUser(app, { email: 'late@example.org', name: 'Applicant late' });
    const late = await submittedApplication(app, { applicantId: applicant, levelId: 'member', versionId });
    expect(await total()).toBe(before + 1);
    expect(await total('&state=submitted')).toBe(1);
    await runJobs(app); // assigned: still open, no longer waiting for assessors
    expect(await total('&state=submitted')).toBe(0);
    expect(await total('&state=in_assessment')).toBe(await openInDb(['in_assessment']));

    // ids[2] awaits its decision since the tests above: declined, it leaves the open queue.
    const decided = await admin.req({ method: 'POST', url: `/api/v1/applications/${ids[2]}/decision`, payload: { outcome: 'decline', reasons: 'Not enough shown' } });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(await total()).toBe(before);
    expect(await total('&state=recommended')).toBe(0);

    const leaving = await record(app, late);
    await applyEvent(app, late, { type: 'withdraw' }, { userId: leaving.applicantId, roles: ['member'] });
    expect(await total()).toBe(before - 1);
    expect(await total()).toBe(await openInDb());
  });

  it('later pages carry the first page’s total, counted when the walk began', async () => {
    const first = (await queue(admin, '?scope=all&limit=2')).json();
    const withdrawn = first.entries[0].id as string;
    await applyEvent(app, withdrawn, { type: 'withdraw' }, { userId: (await record(app, withdrawn)).applicantId, roles: ['member'] });
    const second = (await queue(admin, `?scope=all&limit=2&cursor=${encodeURIComponent(first.nextCursor)}`)).json();
    expect(second.total).toBe(first.total);
    expect(await total()).toBe(first.total - 1);
  });

  it.skipIf(testDialect !== 'sqlite')('sees a change written by another connection to the same SQLite file', async () => {
    const before = await total();
    const other = new SQLite(app.platform.database.sqlite!.name);
    try {
      const open = await queue(admin, '?scope=all&limit=1');
      // Not through the machine: only a second writer can change a row behind this process's back.
      other.prepare("UPDATE applications SET state = 'withdrawn' WHERE id = ?").run(open.json().entries[0].id);
    } finally {
      other.close();
    }
    expect(await total()).toBe(before - 1);
  });
});

describe('the total of an assessor’s own queue', () => {
  const total = async (b: Browser, query = '') => {
    const res = await queue(b, `?limit=1${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().total as number;
  };
  /** Counted afresh in the database, as each assessor's total must agree. */
  const activeInDb = async (assessorId: string) =>
    Number(
      (
        await app.platform.database.db
          .selectFrom('application_assessors')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('assessor_id', '=', assessorId)
          .where('status', '=', 'active')
          .executeTakeFirstOrThrow()
      ).n,
    );
  const allAgree = async () => {
    for (const [id, b] of assessors) expect(await total(b), id).toBe(await activeInDb(id));
  };

  it('stays right after an assignment and a hand-back', async () => {
    await signInAgain();
    await allAgree();
    await allAgree(); // asked again with nothing changed

    const applicant = await makeUser(app, { email: 'later@example.org', name: 'Applicant later' });
    const later = await submittedApplication(app, { applicantId: applicant, levelId: 'member', versionId });
    await runJobs(app);
    const b = await assessorOf(later);
    const before = await total(b);
    expect(before).toBe(await activeInDb(b.id));
    expect(await total(b, '&state=in_assessment')).toBeGreaterThan(0);
    await allAgree();

    const handed = await b.req({ method: 'POST', url: `/api/v1/applications/${later}/conflict`, payload: { reason: 'Worked with the applicant' } });
    expect(handed.statusCode, handed.body).toBe(200);
    expect(await total(b)).toBe(before - 1);
    await runJobs(app); // someone else takes the seat
    await allAgree();
  });
});
