// Check-in on a phone (375 px), by keyboard with typed codes (headless Chromium has no camera): the
// organiser checks a member in at the door and at two sessions, the second with the browser offline —
// the scan is judged on the phone, waits in the queue, and settles when the network returns. Axe on the
// page in each state; the database then holds exactly the three check-ins.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../server/db/database.js';
import type { TestApp } from '../tests/support/app.js';
import { insertEvent, insertRegistration } from '../tests/events/fixtures.js';
import { expectAccessible, expectNoHorizontalScroll, expectVisibleFocus, hasChromium, heading1 } from './support/browser.js';
import { journeyEnvironment, signIn } from './support/journey.js';

const ORGANISER = 'organiser@demo.guildhall.test';
const MEMBER = 'member@demo.guildhall.test';

describe.skipIf(!hasChromium)('check-in at the door and in sessions, online and offline (Chromium, 375 px)', () => {
  const env = journeyEnvironment({ smtp: false, demo: true });

  it('checks a member in at the door and at two sessions, one made offline and settled later', async () => {
    // The event and registration are written as the events fixtures write them, into the server's own database.
    const database = openDatabase({ kind: 'sqlite', file: path.join(env.server.dataDir, 'guildhall.sqlite') });
    const db = database.db;
    try {
      const user = async (email: string) => (await db.selectFrom('users').select(['id', 'name']).where('email', '=', email).executeTakeFirstOrThrow());
      const organiser = await user(ORGANISER);
      const member = await user(MEMBER);
      const app = { platform: { database }, clock: { now: () => new Date() }, config: { credentialKeySecret: null, production: false, dataDir: env.server.dataDir } } as unknown as TestApp;
      const event = await insertEvent(app, { createdBy: organiser.id, title: 'Journey Summit' });
      const reg = await insertRegistration(app, event, { id: member.id, email: MEMBER, name: member.name });

      const { page, context } = await env.open({ width: 375, height: 800 });
      await signIn(page, ORGANISER);
      await page.goto(`/events/manage/${event.id}/checkin`);
      await heading1(page, 'Check-in');
      await expectAccessible(page, 'check-in page');
      await expectNoHorizontalScroll(page, 'check-in page at 375 px');

      const listOfSession = async (sessionId: string) => (await db.selectFrom('event_checkin_lists').select('id').where('session_id', '=', sessionId).executeTakeFirstOrThrow()).id;
      const answer = page.locator('.checkin-answer');
      const typeAndSend = async (text: string) => {
        const box = page.getByLabel('Code or reference');
        await box.fill(text);
        await box.press('Enter');
      };

      // The door, by the reference on the badge, with the scanner named.
      await page.getByLabel('Scanner name').fill('scanner 3');
      // By keyboard: the reference typed, Tab to the button (its focus shown), Enter.
      await page.getByLabel('Code or reference').fill(reg.reference.toLowerCase());
      await page.getByLabel('Code or reference').press('Tab');
      await expectVisibleFocus(page, 'the Check in button');
      expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Check in');
      await page.keyboard.press('Enter');
      await answer.filter({ hasText: 'Accepted' }).waitFor();
      expect(await answer.textContent()).toContain(`Checked in: ${member.name} (Member)`);
      await page.getByRole('status').filter({ hasText: 'Inside now: 1' }).waitFor();
      // The same badge again at once is one scan, not two.
      await typeAndSend(reg.reference.toLowerCase());
      await expectAccessible(page, 'check-in page, accepted');

      // The first session, by the signed code typed in.
      await page.getByLabel('List').selectOption(await listOfSession(event.sessions[0] as string));
      await typeAndSend(reg.code);
      await answer.filter({ hasText: `Checked in: ${member.name}` }).waitFor();

      // A second session with the network gone: judged here, waiting, then settled.
      await page.getByLabel('List').selectOption(await listOfSession(event.sessions[2] as string));
      await context.setOffline(true);
      await typeAndSend(reg.code);
      await answer.filter({ hasText: 'Accepted offline — will settle' }).waitFor();
      await page.getByRole('status').filter({ hasText: '1 scan is waiting to be sent.' }).waitFor();
      await expectAccessible(page, 'check-in page, a scan waiting');
      const offlineAt = new Date().toISOString();
      expect(await db.selectFrom('event_checkins').select('id').where('list_id', '=', await listOfSession(event.sessions[2] as string)).execute()).toEqual([]);
      await context.setOffline(false);
      await page.getByRole('status').filter({ hasText: 'Every scan is sent.' }).waitFor({ timeout: 20_000 });
      await page.getByRole('status').filter({ hasText: `Settled: ${member.name} — accepted` }).waitFor();

      // The organiser sees the latest scans with Undo, and the database holds each check-in once.
      await page.getByRole('button', { name: `Undo the check-in of ${member.name}` }).first().waitFor();
      const rows = await db.selectFrom('event_checkins').select(['list_id', 'offline', 'scanned_at', 'scanner']).where('registration_id', '=', reg.id).execute();
      expect(rows).toHaveLength(3);
      const offline = rows.find((r) => r.offline === 1);
      expect(offline?.scanner).toBe('scanner 3');
      expect(Date.parse(offline?.scanned_at ?? '')).toBeLessThanOrEqual(Date.parse(offlineAt));
      expect(await db.selectFrom('event_checkin_scans').select('nonce').where('registration_id', '=', reg.id).execute()).toHaveLength(3);
      await expectNoHorizontalScroll(page, 'check-in page with scans at 375 px');

      // A mistaken check-in undone by the organiser, with the reason; the list's count drops.
      await page.getByRole('button', { name: `Undo the check-in of ${member.name}` }).first().click();
      await page.getByLabel(`Why undo the check-in of ${member.name}?`).fill('Scanned into the wrong room');
      await expectAccessible(page, 'check-in page, undoing');
      await page.getByRole('button', { name: 'Undo check-in' }).press('Enter');
      await page.getByRole('status').filter({ hasText: 'Inside now: 0' }).waitFor();
      const live = await db.selectFrom('event_checkins').select('id').where('registration_id', '=', reg.id).where('undone_at', 'is', null).execute();
      expect(live).toHaveLength(2);
    } finally {
      await database.close();
    }
  }, 120_000);
});
