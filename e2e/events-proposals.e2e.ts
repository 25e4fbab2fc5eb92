// The call for presentations, end to end: a member proposes a talk on the event's propose page; an
// assessor scores it on the proposals console; the organiser accepts it into a slot; the speaker opens
// the mailed link and confirms by keyboard. axe on every page, and the confirmation page at 375 px.
//
// The server runs in this process (server/main.ts startServer) so the event can be written straight into
// its tables, as the core part's operations would leave it (tests/events/fixtures.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Guildhall } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { startServer } from '../server/main.js';
import { provisionUser } from '../server/modules/accounts/provision.js';
import { systemActor } from '../server/platform/audit.js';
import type { TestApp } from '../tests/support/app.js';
import { type EventFixture, insertEvent } from '../tests/events/fixtures.js';
import { expectAccessible, expectNoHorizontalScroll, hasChromium, heading1, launchBrowser, openPage } from './support/browser.js';
import { PASSWORD, signIn } from './support/journey.js';
import { freePort } from './support/server.js';

describe.skipIf(!hasChromium)('a proposal becomes a confirmed talk (Chromium)', () => {
  let g: Guildhall;
  let url: string;
  let dataDir: string;
  let browser: Browser;
  let event: EventFixture;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'guildhall-e2e-proposals-'));
    const port = await freePort();
    g = await startServer(loadConfig({ GUILDHALL_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', GUILDHALL_DEMO: '0', LOG_LEVEL: 'warn' }));
    url = `http://127.0.0.1:${port}`;
    const db = g.platform.database.db;
    const now = new Date();
    const user = (email: string, name: string, roles: Array<'assessor' | 'event_organiser'> = []) => provisionUser(db, { email, name, roles, password: PASSWORD, verified: true }, systemActor, now);
    const organiser = await user('chloe@guild.example', 'Chloé Martin', ['event_organiser']);
    await user('grace@example.org', 'Grace Hopper');
    await user('tomas@guild.example', 'Tomás Herrera', ['assessor']);
    const shim = { platform: g.platform, config: g.platform.config, clock: { now: () => new Date() } } as unknown as TestApp;
    event = await insertEvent(shim, { createdBy: organiser, title: 'Service Summit' });
    await db.insertInto('event_calls').values({ event_id: event.id, closes_at: new Date(now.getTime() + 30 * 86_400_000).toISOString(), guidance: 'Practical talks from people who run services.', formats: '["talk","workshop"]', track_ids: JSON.stringify(event.tracks), status: 'open', opened_by: organiser, opened_at: now.toISOString(), closed_at: null }).execute();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await g?.app.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const title = 'Self-service for ten thousand people';
  const comment = 'Strong case study; ask for the figures before the day.';

  it('a member proposes, an assessor scores, the organiser accepts, the speaker confirms by the mailed link', async () => {
    // The member proposes a talk.
    const member = await openPage(browser, url);
    contexts.push(member.context);
    await signIn(member.page, 'grace@example.org', PASSWORD);
    await member.page.goto(`/events/${event.slug}/propose`);
    await heading1(member.page, 'Propose a presentation: Service Summit');
    await expectAccessible(member.page, 'the propose page');
    await member.page.getByLabel('Title').fill(title);
    await member.page.getByLabel('Abstract').fill('How we moved a service desk for ten thousand people to self-service, with the figures.');
    await member.page.getByLabel('Track').selectOption({ label: 'Practice' });
    await member.page.getByLabel('Co-speaker’s e-mail address').press('Enter');
    await member.page.getByRole('status').filter({ hasText: `“${title}” was submitted` }).waitFor();
    await expectAccessible(member.page, 'the propose page, submitted');

    // The assessor scores it; no other reviewer's words are on the page.
    const assessor = await openPage(browser, url);
    contexts.push(assessor.context);
    await signIn(assessor.page, 'tomas@guild.example', PASSWORD);
    await assessor.page.goto(`/events/manage/${event.id}/proposals`);
    await heading1(assessor.page, 'Proposals: Service Summit');
    await expectAccessible(assessor.page, 'the proposals console, as a reviewer');
    await assessor.page.getByLabel(`Your score for “${title}”`).selectOption('4');
    await assessor.page.getByLabel('Your comment for the organisers').fill(comment);
    await assessor.page.getByRole('button', { name: 'Save review' }).focus();
    await assessor.page.keyboard.press('Enter');
    await assessor.page.getByRole('status').filter({ hasText: `Saved your review of “${title}”` }).waitFor();

    // The organiser sees the review and accepts the proposal into a free slot.
    const organiser = await openPage(browser, url);
    contexts.push(organiser.context);
    await signIn(organiser.page, 'chloe@guild.example', PASSWORD);
    await organiser.page.goto(`/events/manage/${event.id}/proposals`);
    await heading1(organiser.page, 'Proposals: Service Summit');
    await organiser.page.getByText(`Tomás Herrera: 4/5 — ${comment}`).waitFor();
    await expectAccessible(organiser.page, 'the proposals console, as the organiser');
    await organiser.page.getByLabel('Starts (Europe/London)').fill('2027-03-10T12:00');
    await organiser.page.getByLabel('Ends (Europe/London)').fill('2027-03-10T12:45');
    await organiser.page.getByRole('button', { name: 'Accept into this slot' }).click();
    await organiser.page.getByRole('status').filter({ hasText: `Accepted “${title}”` }).waitFor();

    // The speaker opens the mailed link (signed in as themselves) and confirms by keyboard.
    const mail = await g.platform.database.db.selectFrom('outbox').select(['text_body', 'subject']).where('to_address', '=', 'grace@example.org').where('template', '=', 'event_speaker_invited').executeTakeFirstOrThrow();
    const all = await g.platform.database.db.selectFrom('outbox').select(['text_body', 'subject']).where('to_address', '=', 'grace@example.org').execute();
    for (const m of all) expect(`${m.subject} ${m.text_body}`).not.toContain(comment);
    const link = /https?:\/\/\S+\/events\/speakers\/confirm\?token=\S+/.exec(mail.text_body)?.[0] ?? '';
    expect(link).not.toBe('');
    const confirm = new URL(link);
    await member.page.goto(`${confirm.pathname}${confirm.search}`);
    await heading1(member.page, 'Confirm you will speak');
    await member.page.getByText('You have not answered yet.').waitFor();
    await expectAccessible(member.page, 'the speaker confirmation page');
    expect(await member.page.content()).not.toContain(comment);
    await member.page.getByRole('button', { name: 'I will speak' }).focus();
    await member.page.keyboard.press('Enter');
    await member.page.getByText('You confirmed you will speak. Thank you!').waitFor();
    expect(member.problems).toEqual([]);

    // The talks page shows it, with no review.
    await member.page.goto('/events/talks');
    await heading1(member.page, 'My talks');
    await member.page.getByText('Confirmed').waitFor();
    expect(await member.page.content()).not.toContain(comment);
    await expectAccessible(member.page, 'my talks');

    // On a phone.
    const phone = await openPage(browser, url, { width: 375, height: 800 });
    contexts.push(phone.context);
    await signIn(phone.page, 'grace@example.org', PASSWORD);
    await phone.page.goto(`${confirm.pathname}${confirm.search}`);
    await heading1(phone.page, 'Confirm you will speak');
    await expectNoHorizontalScroll(phone.page, 'the speaker confirmation page at 375 px');
    await expectAccessible(phone.page, 'the speaker confirmation page at 375 px');
    await phone.page.goto(`/events/${event.slug}/propose`);
    await heading1(phone.page, 'Propose a presentation: Service Summit');
    await expectNoHorizontalScroll(phone.page, 'the propose page at 375 px');
  });
});
