// Employment confirmed by the employer: the demo applicant links their current job to an organisation from
// their employment page (at 375 px), the organisation's admin confirms it by keyboard from the list of
// pending requests, the member sees "confirmed by <organisation> on <date>", and after they apply the
// workbench counts the confirmation as a referee's. Then the employer offers to pay the application's fee and
// the member's ticket for the demo conference, and suggests a CPD goal; the member accepts all three and the
// employer marks the ticket paid, which pays the registration. Axe runs on every page.
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { newId } from '../server/platform/ids.js';
import { apiSession, said, text } from './support/api.js';
import { expectAccessible, expectNoHorizontalScroll, hasChromium, heading1 } from './support/browser.js';
import { journeyEnvironment, signIn } from './support/journey.js';

// Demo sign-ins (server/demo/people.ts).
const APPLICANT = 'applicant@demo.guildhall.test';
const APPLICANT_NAME = 'Marcus Oyelaran';
const EMPLOYER = 'employer@demo.guildhall.test';
const SCHEME_ADMIN = 'scheme@demo.guildhall.test';
const ORGANISATION = 'Tailspin Journeys Ltd';

/**
 * An active organisation whose admin is the demo's employer, written into the server's database as an
 * administrator approving it would leave it (organisations are created by the core part's operations).
 */
function employerOrganisation(dataDir: string): string {
  const db = new Database(path.join(dataDir, 'guildhall.sqlite'), { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const id = newId();
    const at = new Date().toISOString();
    const employer = db.prepare('SELECT id FROM users WHERE email = ?').get(EMPLOYER) as { id: string };
    db.prepare("INSERT INTO organisations (id, slug, name, country, status, created_at, updated_at) VALUES (?, 'tailspin-journeys', ?, 'GB', 'active', ?, ?)").run(id, ORGANISATION, at, at);
    db.prepare("INSERT INTO organisation_members (organisation_id, user_id, role, added_at) VALUES (?, ?, 'admin', ?)").run(id, employer.id, at);
    return id;
  } finally {
    db.close();
  }
}

describe.skipIf(!hasChromium)('employment confirmed by the employer, in Chromium (demo data)', () => {
  const env = journeyEnvironment({ smtp: false, demo: true });
  let organisationId = '';

  it('the member links their current job to the organisation on a phone', async () => {
    organisationId = employerOrganisation(env.server.dataDir);
    const { page, problems } = await env.open({ width: 375, height: 800 });
    await signIn(page, APPLICANT);
    await page.goto('/account');
    await page.getByRole('link', { name: 'Ask an employer to confirm a job, and answer their offers' }).click();
    await heading1(page, 'Your employment');
    await page.getByText('No job is linked to an organisation yet.').waitFor();
    await expectAccessible(page, 'the member’s employment page');

    // Sending nothing names both choices in the summary.
    await page.getByRole('button', { name: 'Ask for confirmation' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
    await summary.getByRole('link', { name: 'Job: Choose one of your work items' }).waitFor();
    await summary.getByRole('link', { name: 'Organisation: Choose the organisation to confirm it' }).waitFor();
    await expectAccessible(page, 'the link form refused');

    const job = page.getByLabel('Job', { exact: true });
    const first = await job.locator('option').nth(1).textContent();
    await job.selectOption({ index: 1 });
    await page.getByLabel('Organisation', { exact: true }).selectOption({ label: `${ORGANISATION} (GB)` });
    await page.getByRole('button', { name: 'Ask for confirmation' }).click();
    await said(page, `Asked ${ORGANISATION} to confirm ${first}.`);
    await page.getByText(`Waiting for ${ORGANISATION} to confirm.`).waitFor();
    await expectAccessible(page, 'a link waiting');
    await expectNoHorizontalScroll(page, 'the employment page at 375 px');
    expect(problems).toEqual([]);
  });

  it('the employer confirms it by keyboard from the pending requests', async () => {
    const { page, problems } = await env.open();
    await signIn(page, EMPLOYER);
    await page.goto(`/organisations/${organisationId}/employment`);
    await heading1(page, 'Employment');
    const pending = page.getByRole('region', { name: 'Waiting for you' });
    await pending.getByText(new RegExp(`${APPLICANT_NAME}: .+ at `)).waitFor();
    await expectAccessible(page, 'the organisation’s pending requests');
    await pending.getByRole('button', { name: new RegExp(`^Confirm ${APPLICANT_NAME}`) }).focus();
    await page.keyboard.press('Enter');
    await said(page, new RegExp(`^Confirmed: ${APPLICANT_NAME}`));
    await pending.getByText('No requests are waiting.').waitFor();
    expect(await text(page.getByRole('region', { name: 'Answered' }))).toMatch(new RegExp(`${APPLICANT_NAME}: .+Confirmed`));
    await expectAccessible(page, 'the organisation’s answered requests');
    expect(problems).toEqual([]);
  });

  it('the member sees who confirmed it and when; the workbench counts it as a referee’s confirmation', async () => {
    const { page, problems } = await env.open();
    await signIn(page, APPLICANT);
    await page.goto('/account/employment');
    await heading1(page, 'Your employment');
    await page.getByText(new RegExp(`^Confirmed by ${ORGANISATION} on \\d{1,2} \\w+ \\d{4}: `)).waitFor();
    await expectAccessible(page, 'a confirmed link');

    const member = await apiSession(env.server.url, APPLICANT);
    const applied = await member.call<{ id: string }>('POST', '/api/v1/applications', { levelId: 'professional', ethicsAccepted: true, declaredTrue: true });
    const staff = await env.open();
    await signIn(staff.page, SCHEME_ADMIN);
    await staff.page.goto(`/assess/${applied.id}`);
    const referees = staff.page.getByRole('region', { name: 'Referees' });
    await referees.getByRole('heading', { name: `${ORGANISATION} (Employer, confirmed through Guildhall by David Chen, ${EMPLOYER})` }).waitFor();
    expect(await text(referees)).toMatch(new RegExp(`Confirmed:.+“Confirmed by ${ORGANISATION} on \\d{4}-\\d{2}-\\d{2}\\.”`));
    await expectAccessible(staff.page, 'the workbench with an employer’s confirmation');
    expect(problems).toEqual([]);
    expect(staff.problems).toEqual([]);
  });

  it('the employer offers to pay the fee and a ticket and suggests a goal (at 375 px); the member accepts them; the ticket is paid', async () => {
    // The member holds a ticket with a fee for the coming conference (seeded 60 days ahead, named by its year).
    const year = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 4);
    const slug = `annual-conference-${year}`;
    const holder = await apiSession(env.server.url, APPLICANT);
    const options = await holder.call<{ event: { title: string }; ticketTypes: Array<{ id: string; name: string }> }>('GET', `/api/v1/events/${slug}/registration-options`);
    const ticketType = options.ticketTypes.find((t) => t.name === 'Member, both days');
    const registration = await holder.call<{ id: string; feePaidAt: string | null }>('POST', `/api/v1/events/${slug}/registrations`, { ticketTypeId: ticketType?.id });
    expect(registration.feePaidAt).toBeNull();
    const ticketWords = `ticket for ${options.event.title} (Member, both days)`;

    const { page, problems } = await env.open({ width: 375, height: 800 });
    await signIn(page, EMPLOYER);
    await page.goto(`/organisations/${organisationId}/sponsorship`);
    await heading1(page, 'Sponsorship');
    await page.getByText('No offers yet.').waitFor();
    await expectAccessible(page, 'the sponsorship page');
    await page.getByLabel('Application or ticket', { exact: true }).selectOption({ label: `${APPLICANT_NAME}: Professional application` });
    await page.getByRole('button', { name: 'Offer to pay' }).click();
    await said(page, `Offered to pay ${APPLICANT_NAME}’s Professional application fee.`);
    await page.getByLabel('Application or ticket', { exact: true }).selectOption({ label: `${APPLICANT_NAME}: ${ticketWords}` });
    await page.getByRole('button', { name: 'Offer to pay' }).click();
    await said(page, `Offered to pay ${APPLICANT_NAME}’s ${ticketWords}.`);
    await page.getByLabel('Member', { exact: true }).selectOption({ label: APPLICANT_NAME });
    await page.getByLabel('Goal', { exact: true }).fill('Lead a major incident review');
    await page.getByRole('button', { name: 'Suggest the goal' }).click();
    await said(page, 'Goal suggested; the member is told by e-mail.');
    await expectAccessible(page, 'an offer and a goal made');
    await expectNoHorizontalScroll(page, 'the sponsorship page at 375 px');

    const member = await env.open({ width: 375, height: 800 });
    await signIn(member.page, APPLICANT);
    await member.page.goto('/account/employment');
    await heading1(member.page, 'Your employment');
    await member.page.getByRole('button', { name: `Accept ${ORGANISATION}: your Professional application fee` }).click();
    await said(member.page, `Accepted: ${ORGANISATION} pays your fee.`);
    const acceptTicket = member.page.getByRole('button', { name: `Accept ${ORGANISATION}: your ${ticketWords}` });
    await acceptTicket.click();
    await acceptTicket.waitFor({ state: 'detached' });
    await member.page.getByRole('button', { name: 'Add to my plan (Lead a major incident review)' }).click();
    await said(member.page, 'Added the goal to your CPD plan.');
    await member.page.getByText('In your plan').waitFor();
    await expectAccessible(member.page, 'offers answered');
    await expectNoHorizontalScroll(member.page, 'the employment page with offers at 375 px');

    // The employer marks the ticket paid: the member's registration shows its fee paid.
    await page.reload();
    await heading1(page, 'Sponsorship');
    await page.getByRole('button', { name: `Mark paid (${APPLICANT_NAME}, ${ticketWords})` }).click();
    await said(page, `Marked paid: ${APPLICANT_NAME}, ${ticketWords}.`);
    await expectAccessible(page, 'a ticket marked paid');
    const mine = await holder.call<{ registrations: Array<{ id: string; feePaidAt: string | null }> }>('GET', '/api/v1/me/event-registrations');
    expect(mine.registrations.find((r) => r.id === registration.id)?.feePaidAt).toEqual(expect.any(String));
    expect(problems).toEqual([]);
    expect(member.problems).toEqual([]);
  });
});
