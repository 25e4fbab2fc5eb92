// Handing back on a conflict of interest, on a demo site with mail through a real SMTP peer: the demo Member
// application assigned to assessor 1 alone → assessor 1 declares a conflict from the workbench (by keyboard) and
// the application leaves their queue → it is reassigned to assessor 2, not to a new assessor who works for the
// applicant's employer, though that assessor has nothing else to do (least loaded). Axe runs on every page.
import { describe, expect, it } from 'vitest';
import { demoApplicationStories } from '../server/demo/applications.js';
import { demoMembers } from '../server/demo/people.js';
import { type ApiSession, apiSession, assignedTo, getApplication, grantRole, nav, recipientsOf, refusedWith, said, text } from './support/api.js';
import { expectAccessible, expectNoHorizontalScroll, expectVisibleFocus, hasChromium, heading1, hydrated } from './support/browser.js';
import { PASSWORD, journeyEnvironment, signIn } from './support/journey.js';

// The demo's Member application, assigned to assessor 1 alone.
const story = demoApplicationStories.find((s) => s.levelId === 'member' && s.acts.length === 1 && 'assign' in s.acts[0]! && s.acts[0].assign.join() === 'a1');
const APPLICANT = story && demoMembers()[story.member];
if (!APPLICANT) throw new Error('The demo no longer has a Member application assigned to assessor 1 alone; choose another in this journey');
const HANDING_BACK = 'assessor1@demo.guildhall.test';
const REPLACEMENT = 'assessor2@demo.guildhall.test';
const CONFLICTED = { email: 'ruth.calloway@assessors.example.org', name: 'Ruth Calloway' };
const SCHEME_ADMIN = 'scheme@demo.guildhall.test';
const SYSTEM_ADMIN = 'admin@demo.guildhall.test';
const subject = new RegExp(`Application to assess: ${APPLICANT.name} for Member`);

describe.skipIf(!hasChromium)('handing back on a conflict of interest in Chromium (demo data)', () => {
  const env = journeyEnvironment({ smtp: true, demo: true });
  let id = '';
  let conflicted: ApiSession;

  it('the assigned assessor declares a conflict from the workbench; the application leaves their queue', async () => {
    // Set up through the server's own operations: a new assessor whose current employer is the applicant's.
    const scheme = await apiSession(env.server.url, SCHEME_ADMIN);
    const all = await scheme.call<{ entries: Array<{ id: string; applicantName: string; levelId: string }> }>('GET', '/api/v1/assessment/queue?scope=all&limit=100');
    id = all.entries.find((e) => e.applicantName === APPLICANT.name && e.levelId === 'member')?.id ?? '';
    expect(id, `${APPLICANT.name}'s Member application among the open ones`).not.toBe('');
    const current = (await getApplication(scheme, id)).assessment?.snapshot.items.find((i) => i.kind === 'work' && i.endOn === null);
    expect(current?.employer, `${APPLICANT.name}'s current employer`).toBeTypeOf('string');
    await env.confirmedAccount(CONFLICTED.email, CONFLICTED.name);
    conflicted = await apiSession(env.server.url, CONFLICTED.email, PASSWORD);
    await conflicted.call('POST', '/api/v1/me/portfolio/items', {
      kind: 'work',
      employer: current?.employer,
      roleTitle: 'Service owner',
      startOn: '2019-04-01',
      endOn: null,
      itsm: true,
      responsibilityLevel: 5,
      skills: ['service-level-management'],
    });
    await grantRole(await apiSession(env.server.url, SYSTEM_ADMIN), CONFLICTED.email, 'assessor');

    const { page, problems } = await env.open();
    await signIn(page, HANDING_BACK);
    await nav(page, 'Assess');
    await heading1(page, 'Assessment queue');
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: APPLICANT.name }) });
    await row.getByRole('link', { name: APPLICANT.name }).click();
    await heading1(page, `Assess: ${APPLICANT.name}, Member`);
    // The in-page link leads to the form; an empty reason is refused beside the field.
    await page.getByRole('navigation', { name: 'On this page' }).getByRole('link', { name: 'Conflict of interest' }).click();
    const conflict = page.getByRole('region', { name: 'Conflict of interest' });
    await conflict.getByRole('button', { name: 'Declare the conflict and hand back' }).click();
    await refusedWith(page, 'The conflict: Give the conflict of interest');
    await expectAccessible(page, 'a conflict without a reason');
    await conflict.getByLabel('The conflict').focus();
    await page.keyboard.type(`I worked with ${APPLICANT.name} on a supplier review last year.`);
    await page.keyboard.press('Tab');
    await expectVisibleFocus(page, 'the hand-back button');
    await page.keyboard.press('Enter');

    // Back on the queue, which says what happened and no longer lists the application.
    await heading1(page, 'Assessment queue');
    await said(page, 'You handed the application back; it goes to another assessor.');
    await page.getByRole('status').filter({ hasText: /in your queue/ }).waitFor();
    expect(await page.getByRole('link', { name: APPLICANT.name }).count()).toBe(0);
    await expectAccessible(page, 'the queue after handing back');

    // The workbench is closed to them now.
    await page.goto(`/assess/${id}`);
    await page.getByRole('alert').filter({ hasText: 'The application could not be loaded' }).waitFor();
    expect(problems).toEqual([]);
  });

  it('the application is reassigned to an assessor without a conflict', async () => {
    expect(await assignedTo(env.smtp, REPLACEMENT, subject)).toBe(id);
    expect(recipientsOf(env.smtp, subject)).toEqual([REPLACEMENT]);
    const theirs = await conflicted.call<{ entries: unknown[]; total: number }>('GET', '/api/v1/assessment/queue');
    expect(theirs.total).toBe(0);

    const { page, problems } = await env.open({ width: 375, height: 800 });
    await signIn(page, REPLACEMENT);
    await nav(page, 'Assess');
    await heading1(page, 'Assessment queue');
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: APPLICANT.name }) });
    expect(await text(row)).toMatch(/Member[\s\S]*Being assessed/);
    await expectAccessible(page, 'the replacement’s queue');
    await expectNoHorizontalScroll(page, 'the replacement’s queue at 375 px');
    await row.getByRole('link', { name: APPLICANT.name }).click();
    await heading1(page, `Assess: ${APPLICANT.name}, Member`);
    expect(await text(page.getByRole('main'))).toMatch(/Tomás Herrera \(assessor, handed back\); Ingrid Larsen \(assessor, working on it\)/);
    await page.getByRole('group', { name: /^Your score for / }).first().waitFor();
    await expectAccessible(page, 'the replacement’s workbench');
    await expectNoHorizontalScroll(page, 'the replacement’s workbench at 375 px');

    // Opened directly, as from the mailed link, the workbench arrives rendered by the server with the
    // replacement's own view; the app takes it over without asking for the application again, and a
    // mismatch between the two renders would be a page error.
    const asked: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === `/api/v1/applications/${id}`) asked.push(r.method());
    });
    const res = await page.goto(`/assess/${id}`);
    expect(await res?.text()).toMatch(new RegExp(`<h1 tabindex="-1">Assess: ${APPLICANT.name}, Member</h1>[\\s\\S]*Tomás Herrera \\(assessor, handed back\\)`));
    await heading1(page, `Assess: ${APPLICANT.name}, Member`);
    await hydrated(page);
    const firstScale = page.getByRole('group', { name: /^Your score for / }).first();
    await firstScale.getByRole('radio').last().check();
    expect(await firstScale.getByRole('radio').last().isChecked()).toBe(true);
    expect(asked).toEqual([]);
    expect(problems).toEqual([]);

    // The scheme administrator's timeline shows the hand-back and the new assignment.
    const history = (await getApplication(await apiSession(env.server.url, SCHEME_ADMIN), id)).history.map((h) => h.label);
    expect(history.slice(-2)).toEqual(['An assessor handed back', 'Assessor assigned']);
  });
});
