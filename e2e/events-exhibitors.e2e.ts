// Exhibitors and their leads: an organiser adds an exhibitor and puts a person on its stand; on a phone, that
// person types two visitors' badge references, one visitor sharing their contact and one not, sees one named
// lead and one counted, and downloads the CSV, which names only the one who shares. Axe runs on every page.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../server/db/database.js';
import type { Config } from '../server/config.js';
import { systemClock } from '../server/platform/clock.js';
import { insertEvent, insertRegistration } from '../tests/events/fixtures.js';
import type { TestApp } from '../tests/support/app.js';
import { said } from './support/api.js';
import { expectAccessible, expectNoHorizontalScroll, expectVisibleFocus, hasChromium, heading1 } from './support/browser.js';
import { journeyEnvironment, signIn } from './support/journey.js';

const ORGANISER = 'organiser@demo.guildhall.test';
const STAFF = { email: 'contoso@demo.guildhall.test', name: 'Jordan Reyes' };
const SHARING = { email: 'member@demo.guildhall.test', name: 'Aisha Bello' };
const PRIVATE = { email: 'applicant@demo.guildhall.test', name: 'Marcus Oyelaran' };

/**
 * A published event with two registered visitors, written into the server's database as the events core and
 * registration would leave them (the same fixtures the server tests use).
 */
async function seedEvent(dataDir: string) {
  const config = { database: { kind: 'sqlite', file: path.join(dataDir, 'guildhall.sqlite') }, dataDir, production: false } as unknown as Config;
  const database = openDatabase(config.database);
  try {
    const app = { platform: { database }, clock: systemClock, config } as unknown as TestApp;
    const db = database.db;
    const idOf = async (email: string) => (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
    const event = await insertEvent(app, { createdBy: await idOf(ORGANISER), title: 'Service Desk Expo' });
    const sharing = await insertRegistration(app, event, { id: await idOf(SHARING.email), email: SHARING.email, name: SHARING.name }, { shareWithExhibitors: true });
    const hidden = await insertRegistration(app, event, { id: await idOf(PRIVATE.email), email: PRIVATE.email, name: PRIVATE.name }, { shareWithExhibitors: false });
    return { event, sharing, hidden };
  } finally {
    await database.close();
  }
}

describe.skipIf(!hasChromium)('an exhibitor collects leads at its stand (Chromium)', () => {
  const env = journeyEnvironment({ smtp: false, demo: true });

  it('from adding the exhibitor to the CSV of leads', async () => {
    const { event, sharing, hidden } = await seedEvent(env.server.dataDir);

    // The organiser adds the exhibitor and its staff member.
    const { page, problems } = await env.open();
    await signIn(page, ORGANISER);
    await page.goto(`/events/manage/${event.id}/exhibitors`);
    await heading1(page, 'Exhibitors and sponsors');
    await expectAccessible(page, 'organiser exhibitors, empty');
    const add = page.getByRole('region', { name: 'Add a sponsor or exhibitor' });
    await add.getByLabel('Name', { exact: true }).fill('Contoso Health IT');
    await add.getByLabel('Kind').selectOption('both');
    await add.getByLabel('Tier').selectOption('gold');
    await add.getByLabel('Stand number (optional)').fill('A12');
    await add.getByLabel('Website (optional)').fill('http://contoso-health.example');
    await add.getByRole('button', { name: 'Add' }).click();
    await add.getByText('Give the address starting with https://').first().waitFor();
    await expectAccessible(page, 'exhibitor refused');
    await add.getByLabel('Website (optional)').fill('https://contoso-health.example');
    await add.getByLabel('Website (optional)').press('Enter');
    await said(page, 'Added Contoso Health IT.');
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Contoso Health IT' }) });
    await card.getByLabel('E-mail address').fill(STAFF.email);
    await card.getByRole('button', { name: 'Add to the stand of Contoso Health IT' }).click();
    await said(page, `${STAFF.email} is on the staff of Contoso Health IT`);
    await card.getByText(`${STAFF.name} (${STAFF.email}), ticket`).waitFor();
    await expectAccessible(page, 'organiser exhibitors, with staff');

    // The staff member, on a phone, types two badge references at the stand.
    const phone = await env.open({ width: 375, height: 740 });
    await signIn(phone.page, STAFF.email);
    await phone.page.goto(`/events/${event.slug}/leads`);
    await heading1(phone.page, 'Leads: Service Desk Expo');
    await expectAccessible(phone.page, 'leads page');
    await expectNoHorizontalScroll(phone.page, 'leads page at 375 px');
    const field = phone.page.getByLabel('Badge code or reference');
    await field.focus();
    await expectVisibleFocus(phone.page, 'badge field');
    await field.fill('NOPE-NOPE');
    await field.press('Enter');
    await phone.page.getByRole('status').filter({ hasText: 'No attendee of this event has this badge.' }).waitFor();
    await field.fill(sharing.reference.toLowerCase());
    await field.press('Enter');
    await phone.page.getByRole('status').filter({ hasText: `${SHARING.name} added to your leads` }).waitFor();
    await field.fill(hidden.reference);
    await field.press('Enter');
    await phone.page.getByRole('status').filter({ hasText: 'Counted, not named' }).waitFor();
    await phone.page.getByText('1 named lead · 1 more counted, not named').waitFor();
    expect(await phone.page.locator('main').textContent()).not.toContain(PRIVATE.name);
    await expectAccessible(phone.page, 'leads page with leads');
    await expectNoHorizontalScroll(phone.page, 'leads page with leads at 375 px');

    // A note on the named lead, then the CSV.
    await phone.page.getByLabel(`Note on ${SHARING.name}`).fill('Wants a demo in March');
    await phone.page.getByRole('button', { name: `Save the note on ${SHARING.name}` }).click();
    await phone.page.getByRole('status').filter({ hasText: 'Note saved.' }).waitFor();
    const [download] = await Promise.all([phone.page.waitForEvent('download'), phone.page.getByRole('link', { name: 'Download the leads (CSV)' }).click()]);
    const csv = fs.readFileSync((await download.path()) as string, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('Name,E-mail,Organisation,Scanned at (UTC),Note');
    expect(csv).toContain(SHARING.email);
    expect(csv).toContain('Wants a demo in March');
    expect(csv).not.toContain(PRIVATE.email);
    expect(csv).not.toContain(PRIVATE.name);

    // Anyone sees the exhibitor on the public page.
    const visitor = await env.open({ width: 375, height: 740 });
    await visitor.page.goto(`/events/${event.slug}/exhibitors`);
    await heading1(visitor.page, 'Sponsors and exhibitors: Service Desk Expo');
    await visitor.page.getByRole('heading', { name: 'Gold' }).waitFor();
    await visitor.page.getByText('Sponsor and exhibitor · stand A12').waitFor();
    await expectAccessible(visitor.page, 'public exhibitors');
    await expectNoHorizontalScroll(visitor.page, 'public exhibitors at 375 px');

    expect([...problems, ...phone.problems, ...visitor.problems]).toEqual([]);
  });
});
