// A member registers for a conference on a phone and builds an agenda by keyboard; a second member finds
// the ticket full and joins the waiting list; the first cancels, the waiting list job offers the place by
// mail, and the second claims it through the mailed link. Axe runs on every page, at 375 px.
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Config } from '../server/config.js';
import { newCheckInKey } from '../server/modules/events/codes.js';
import { newId } from '../server/platform/ids.js';
import { sealingSecret } from '../server/platform/sealed.js';
import { said } from './support/api.js';
import { expectAccessible, expectNoHorizontalScroll, expectVisibleFocus, hasChromium, heading1 } from './support/browser.js';
import { journeyEnvironment, signIn } from './support/journey.js';

const MEMBER = 'member@demo.guildhall.test';
const SECOND = 'applicant@demo.guildhall.test';
const SLUG = 'journey-summit';
const PHONE = { width: 375, height: 800 };

/** A published event with one member place and two sessions, written as the core part's operations would leave it. */
function journeyEvent(dataDir: string): string {
  const db = new Database(path.join(dataDir, 'guildhall.sqlite'), { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const id = newId();
    const at = new Date().toISOString();
    const day = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const key = newCheckInKey(sealingSecret({ dataDir, production: false, credentialKeySecret: undefined } as unknown as Config, () => {}), id);
    const organiser = (db.prepare("SELECT id FROM users WHERE email = 'member@demo.guildhall.test'").get() as { id: string }).id;
    db.prepare(
      `INSERT INTO events (id, slug, title, summary, kind, format, starts_on, ends_on, time_zone, venue_name, venue_address, join_url, status, registration_opens_at, registration_closes_at, cancel_cutoff_at, checkin_public_key, checkin_private_key, revision, created_by, created_at, updated_at, closed_at)
       VALUES (?, ?, 'Journey Summit', 'A day of talks.', 'conference', 'in_person', ?, ?, 'Europe/London', 'Riverside Centre', NULL, NULL, 'published', NULL, NULL, NULL, ?, ?, 1, ?, ?, ?, NULL)`,
    ).run(id, SLUG, day, day, key.publicKey, key.sealedPrivateKey, organiser, at, at);
    const room = newId();
    db.prepare("INSERT INTO event_rooms (id, event_id, name, capacity, position) VALUES (?, ?, 'Main hall', 100, 0)").run(room, id);
    db.prepare("INSERT INTO event_ticket_types (id, event_id, name, kind, price_minor, currency, capacity, days, public, position) VALUES (?, ?, 'Member', 'member', 0, 'GBP', 1, NULL, 1, 0)").run(newId(), id);
    for (const [i, title] of ['Running a service desk', 'Change without fear'].entries()) {
      const starts = `${day}T${10 + i * 2}:00:00.000Z`;
      const ends = `${day}T${11 + i * 2}:00:00.000Z`;
      db.prepare(
        "INSERT INTO event_sessions (id, event_id, title, abstract, format, level, room_id, track_id, starts_at, ends_at, capacity, cpd_type, cpd_quarters, status, proposal_id, closed_at, created_at, updated_at) VALUES (?, ?, ?, 'What we learned.', 'talk', NULL, ?, NULL, ?, ?, 50, 'event', 4, 'scheduled', NULL, NULL, ?, ?)",
      ).run(newId(), id, title, room, starts, ends, at, at);
    }
    return id;
  } finally {
    db.close();
  }
}

describe.skipIf(!hasChromium)('registering, an agenda and the waiting list, in Chromium (demo data)', () => {
  const env = journeyEnvironment({ smtp: true, demo: true });
  let eventId = '';

  it('a member registers in one click and builds an agenda by keyboard, on a phone', async () => {
    eventId = journeyEvent(env.server.dataDir);
    // With scripts off, as the server renders it on a phone: the tickets and places left, from the HTML alone.
    const plain = await env.open(PHONE, { javaScriptEnabled: false });
    await plain.page.goto(`/events/${SLUG}/register`);
    await plain.page.getByRole('heading', { level: 1, name: 'Register: Journey Summit' }).waitFor();
    await plain.page.getByRole('group', { name: 'Ticket' }).getByLabel('Member: Free (1 left)').waitFor();
    expect(await plain.page.getByRole('button', { name: 'Register as a guest' }).isVisible()).toBe(true);
    await expectNoHorizontalScroll(plain.page, 'the register page at 375 px without scripts');
    expect(plain.problems).toEqual([]);

    const { page, problems } = await env.open(PHONE);
    await signIn(page, MEMBER);
    await page.goto(`/events/${SLUG}/register`);
    await heading1(page, 'Register: Journey Summit');
    await expectAccessible(page, 'the register page');
    await expectNoHorizontalScroll(page, 'the register page at 375 px');
    await page.getByLabel('Member: Free (1 left)').check();
    await page.getByLabel('Share my contact with exhibitors who scan my badge').check();
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    await heading1(page, 'Your ticket: Journey Summit');
    await page.getByRole('img', { name: /Check-in code for Aisha Bello/ }).waitFor();
    const reference = (await page.locator('.ticket-reference').textContent()) ?? '';
    expect(reference).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    await expectAccessible(page, 'the ticket page');
    await expectNoHorizontalScroll(page, 'the ticket page at 375 px');
    const confirmation = await env.smtp.waitForLink(MEMBER, /You are registered: Journey Summit/);
    expect(confirmation.mail.text).toContain(reference);

    await page.getByRole('link', { name: 'My agenda for Journey Summit' }).click();
    await heading1(page, 'My agenda: Journey Summit');
    // From the first session's button, Tab reaches the second's.
    await page.getByRole('button', { name: 'Add Running a service desk' }).focus();
    await page.keyboard.press('Tab');
    expect(await page.getByRole('button', { name: 'Add Change without fear' }).evaluate((el) => el === document.activeElement), 'Tab reaches the second Add button').toBe(true);
    await expectVisibleFocus(page, 'the Add button');
    await page.keyboard.press('Enter');
    await said(page, 'Added “Change without fear” to your agenda.');
    await page.getByText('1 of 50 places taken').waitFor();
    await page.getByRole('button', { name: 'Make a calendar address' }).click();
    await said(page, 'Your calendar address is ready.');
    const feed = await page.getByLabel('Your calendar address').inputValue();
    const ics = await (await fetch(`${env.server.url}${new URL(feed).pathname}`)).text();
    expect(ics).toContain('SUMMARY:Change without fear');
    await expectAccessible(page, 'the agenda page');
    await expectNoHorizontalScroll(page, 'the agenda page at 375 px');
    expect(problems).toEqual([]);
  });

  it('a second member joins the waiting list, a place frees, and they claim it by the mailed link', async () => {
    const second = await env.open(PHONE);
    await signIn(second.page, SECOND);
    await second.page.goto(`/events/${SLUG}/register`);
    await heading1(second.page, 'Register: Journey Summit');
    await second.page.getByLabel('Member: Free (full; 0 waiting)').check();
    await second.page.getByRole('button', { name: 'Join the waiting list' }).click();
    await said(second.page, 'You are on the waiting list, number 1.');
    await expectAccessible(second.page, 'the register page with a waiting-list place');

    // The first member cancels from their events page.
    const first = await env.open(PHONE);
    await signIn(first.page, MEMBER);
    await first.page.goto('/events/mine');
    await heading1(first.page, 'My events');
    await expectAccessible(first.page, 'my events');
    await expectNoHorizontalScroll(first.page, 'my events at 375 px');
    first.page.once('dialog', (d) => void d.accept());
    await first.page.getByRole('button', { name: 'Cancel registration for Journey Summit, Member' }).click();
    await said(first.page, 'Cancelled your registration for Journey Summit.');

    // The job offers the place by mail; the link claims it without signing in.
    const offer = await env.smtp.waitForLink(SECOND, /A place is free: Journey Summit/, 0, 30_000);
    // With scripts off, the claim page already names the place it holds.
    const plainClaim = await env.open(PHONE, { javaScriptEnabled: false });
    await plainClaim.page.goto(new URL(offer.link).pathname + new URL(offer.link).search);
    await plainClaim.page.getByText(/a place has freed up at Journey Summit and is held for you: a Member ticket, until/).waitFor();
    const claim = await env.open(PHONE);
    await claim.page.goto(new URL(offer.link).pathname + new URL(offer.link).search);
    await heading1(claim.page, 'Claim your place');
    await expectAccessible(claim.page, 'the claim page');
    await claim.page.getByRole('button', { name: 'Claim my place' }).click();
    await claim.page.getByText(/The place is yours: you are registered for Journey Summit/).waitFor();
    await expectAccessible(claim.page, 'the claim page, claimed');
    await expectNoHorizontalScroll(claim.page, 'the claim page at 375 px');

    await second.page.goto(`/events/${SLUG}/ticket`);
    await heading1(second.page, 'Your ticket: Journey Summit');
    await second.page.getByRole('img', { name: /Check-in code for/ }).waitFor();
    expect([...second.problems, ...first.problems, ...plainClaim.problems, ...claim.problems]).toEqual([]);
  });

  it('the organiser sees the registrations and the claimed waiting-list place', async () => {
    const { page, problems } = await env.open(PHONE);
    await signIn(page, 'organiser@demo.guildhall.test');
    await page.goto(`/events/manage/${eventId}/registrations`);
    await heading1(page, 'Registrations');
    await page.getByRole('heading', { name: 'Registrations (2)' }).waitFor();
    await page.getByText('Claimed').waitFor();
    await page.getByLabel('Status').selectOption('cancelled');
    await page.getByRole('heading', { name: 'Registrations (1)' }).waitFor();
    await page.getByRole('cell', { name: /Aisha Bello/ }).waitFor();
    await expectAccessible(page, 'the organisers’ registrations');
    await expectNoHorizontalScroll(page, 'the organisers’ registrations at 375 px');
    expect(problems).toEqual([]);
  });
});
