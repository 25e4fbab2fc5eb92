// Closing an event in Chromium (demo data): an event that took place this week is set up in the database
// (Aisha Bello, member@, registered and checked in at the door and at one of its two sessions); the
// organiser closes it from its attendance page and watches the credentials being issued; Aisha sees the
// credited hours on her CPD page and on her attendance page, and verifies her credential of attendance on
// /verify by keyboard. Axe on every page; the attendance pages at 375 px.
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { newId } from '../server/platform/ids.js';
import { expectAccessible, expectNoHorizontalScroll, hasChromium, heading1 } from './support/browser.js';
import { journeyEnvironment, signIn } from './support/journey.js';

const ORGANISER = 'organiser@demo.guildhall.test';
const MEMBER = 'member@demo.guildhall.test';
const PHONE = { width: 375, height: 800 };

/** An event two days long that ended yesterday, written as events/core and events/checkin would leave it. */
function pastEvent(dataDir: string): { id: string; slug: string } {
  const db = new Database(path.join(dataDir, 'guildhall.sqlite'), { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const day = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
    const [d1, d2] = [day(2), day(1)];
    const at = new Date().toISOString();
    const user = (email: string) => (db.prepare('SELECT id FROM users WHERE email = ?').get(email) as { id: string }).id;
    const organiser = user(ORGANISER);
    const member = user(MEMBER);
    const id = newId();
    const slug = `journey-summit-${id.slice(-6)}`;
    const sessions = [newId(), newId()];
    const lists = { door: newId(), s1: newId(), s2: newId() };
    const reg = newId();
    const ticket = newId();
    db.transaction(() => {
      db.prepare(
        `INSERT INTO events (id, slug, title, summary, kind, format, starts_on, ends_on, time_zone, venue_name, venue_address, join_url, status, registration_opens_at, registration_closes_at, cancel_cutoff_at, checkin_public_key, checkin_private_key, revision, created_by, created_at, updated_at, closed_at) VALUES (?, ?, 'Journey Summit', 'Two days of talks', 'conference', 'in_person', ?, ?, 'UTC', 'Riverside Centre', NULL, NULL, 'published', NULL, NULL, NULL, 'unused', 'unused', 1, ?, ?, ?, NULL)`,
      ).run(id, slug, d1, d2, organiser, at, at);
      db.prepare(`INSERT INTO event_ticket_types (id, event_id, name, kind, price_minor, currency, capacity, days, public, position) VALUES (?, ?, 'Member', 'member', 0, 'GBP', NULL, NULL, 1, 0)`).run(ticket, id);
      const session = db.prepare(
        `INSERT INTO event_sessions (id, event_id, title, abstract, format, level, room_id, track_id, starts_at, ends_at, capacity, cpd_type, cpd_quarters, status, proposal_id, closed_at, created_at, updated_at) VALUES (?, ?, ?, 'A talk', 'talk', NULL, NULL, NULL, ?, ?, NULL, 'event', ?, 'scheduled', NULL, NULL, ?, ?)`,
      );
      session.run(sessions[0], id, 'Opening keynote', `${d1}T09:00:00.000Z`, `${d1}T10:30:00.000Z`, 6, at, at);
      session.run(sessions[1], id, 'Problem management in practice', `${d2}T09:00:00.000Z`, `${d2}T10:00:00.000Z`, 4, at, at);
      const list = db.prepare('INSERT INTO event_checkin_lists (id, event_id, kind, day, session_id, name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
      list.run(lists.door, id, 'door', d1, null, 'Door', at);
      list.run(lists.s1, id, 'session', null, sessions[0], 'Opening keynote', at);
      list.run(lists.s2, id, 'session', null, sessions[1], 'Problem management in practice', at);
      db.prepare(
        `INSERT INTO event_registrations (id, event_id, user_id, ticket_type_id, reference, status, name, email, organisation_name, share_with_exhibitors, fee_minor, fee_paid_at, source, created_at, updated_at, cancelled_at) VALUES (?, ?, ?, ?, 'JRNY-0001', 'confirmed', 'Aisha Bello', ?, NULL, 0, 0, NULL, 'self', ?, ?, NULL)`,
      ).run(reg, id, member, ticket, MEMBER, at, at);
      const checkin = db.prepare(
        `INSERT INTO event_checkins (id, event_id, list_id, registration_id, nonce, scanner, by_user_id, scanned_at, recorded_at, offline, undone_at, undone_by, undo_reason) VALUES (?, ?, ?, ?, ?, 'scanner 1', ?, ?, ?, 0, NULL, NULL, NULL)`,
      );
      checkin.run(newId(), id, lists.door, reg, newId(), organiser, at, at);
      checkin.run(newId(), id, lists.s1, reg, newId(), organiser, at, at);
    })();
    return { id, slug };
  } finally {
    db.close();
  }
}

describe.skipIf(!hasChromium)('closing an event in Chromium (demo data)', () => {
  const env = journeyEnvironment({ smtp: false, demo: true });

  it('the organiser closes the event; the member sees the credited hours and verifies the credential of attendance', async () => {
    const event = pastEvent(env.server.dataDir);

    // The organiser closes the event from its attendance page, by keyboard, on a phone.
    const o = await env.open(PHONE);
    await signIn(o.page, ORGANISER);
    await o.page.goto(`/events/manage/${event.id}/attendance`);
    await heading1(o.page, 'Close and attendance');
    await expectAccessible(o.page, 'event attendance before closing');
    await expectNoHorizontalScroll(o.page, 'event attendance before closing');
    await o.page.getByRole('button', { name: 'Close the event' }).focus();
    await o.page.keyboard.press('Enter');
    await o.page.getByRole('status').filter({ hasText: 'Journey Summit closed: 1 new CPD credit for 1 member.' }).waitFor();
    await o.page.getByText('Credentials of attendance: 1 of 1 issued').waitFor({ timeout: 30_000 });
    const row = o.page.getByRole('row').filter({ hasText: 'Aisha Bello' });
    expect(await row.textContent()).toContain('Opening keynote');
    expect(await row.textContent()).toContain('1.5');
    await expectAccessible(o.page, 'event attendance after closing');
    expect(o.problems).toEqual([]);

    // The member sees the credit on her CPD page, verified.
    const m = await env.open();
    await signIn(m.page, MEMBER);
    await m.page.goto('/cpd');
    await heading1(m.page, 'Continual professional development');
    const credit = m.page.getByRole('listitem').filter({ hasText: 'Opening keynote (Journey Summit)' });
    await credit.getByText('Verified').waitFor();
    await expectAccessible(m.page, 'CPD log with the event credit');

    // Her attendance page, on a phone: the session, the hours, the certificate and the credential.
    const p = await env.open(PHONE);
    await signIn(p.page, MEMBER);
    await p.page.goto(`/events/${event.slug}/attendance`);
    await heading1(p.page, 'Your attendance');
    await p.page.getByText('Opening keynote,').waitFor();
    expect(await p.page.getByText('Problem management in practice').count()).toBe(0);
    await p.page.getByText(/^1\.5 hours for attending/).waitFor();
    const pdf = await p.page.getByRole('link', { name: 'Download your certificate of attendance (PDF)' }).getAttribute('href');
    const res = await p.page.request.get(pdf as string);
    expect(res.headers()['content-type']).toBe('application/pdf');
    await expectAccessible(p.page, 'attendance page');
    await expectNoHorizontalScroll(p.page, 'attendance page');

    // Verified on /verify, reached by keyboard.
    await p.page.getByRole('link', { name: 'Verify your credential of attendance' }).focus();
    await p.page.keyboard.press('Enter');
    await heading1(p.page, 'Verify a credential');
    await p.page.getByRole('heading', { level: 2, name: /Valid credential/ }).waitFor({ timeout: 20_000 });
    await expectAccessible(p.page, 'the credential of attendance verified');
    expect(p.problems).toEqual([]);
  });
});
