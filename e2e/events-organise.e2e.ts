// An organiser builds an event: creates it, adds a room, a ticket type and two sessions (a room clash is
// refused with its message shown), and publishes it; a visitor reads the public page, with and without
// scripts. Axe runs on every page; the public page fits a phone screen and works by keyboard.
import { describe, expect, it } from 'vitest';
import { nav, refusedWith, said } from './support/api.js';
import { expectAccessible, expectNoHorizontalScroll, expectVisibleFocus, hasChromium, heading1 } from './support/browser.js';
import { journeyEnvironment, signIn } from './support/journey.js';

const ORGANISER = 'organiser@demo.guildhall.test';
const day = new Date(Date.now() + 120 * 86_400_000).toISOString().slice(0, 10);

describe.skipIf(!hasChromium)('an organiser builds and publishes an event (Chromium)', () => {
  const env = journeyEnvironment({ smtp: false, demo: true });

  it('from the organisers’ list to the public programme', async () => {
    const { page, problems } = await env.open();
    await signIn(page, ORGANISER);
    await nav(page, 'Organise events');
    await heading1(page, 'Organise events');
    await page.getByText('ITSM Guild Annual Conference').first().waitFor();
    await expectAccessible(page, 'organise events');

    // Create: a bad time zone is named beside its field, then the event is made.
    await page.getByLabel('Title').fill('Service Desk Forum North');
    await page.getByLabel('Summary').fill('An afternoon of talks for service desk leads.');
    await page.getByLabel('First day').fill(day);
    await page.getByLabel('Last day').fill(day);
    await page.getByLabel('Time zone').fill('Europe/Leeds');
    await page.getByLabel('Venue (in person or hybrid)').fill('Leeds Civic Hall');
    await page.getByRole('button', { name: 'Create the event' }).click();
    await refusedWith(page, /Europe\/Leeds is not a time zone/);
    await expectAccessible(page, 'create refused');
    await page.getByLabel('Time zone').fill('Europe/London');
    await page.getByLabel('Time zone').press('Enter');
    await heading1(page, 'Service Desk Forum North');
    const sections = page.getByRole('navigation', { name: 'Service Desk Forum North: sections' });
    await sections.getByRole('link', { name: 'Details' }).waitFor();

    // A room and a ticket type.
    await page.getByLabel('Room name').fill('Banqueting Hall');
    await page.getByLabel('Capacity').fill('150');
    await page.getByRole('button', { name: 'Add the room' }).click();
    await said(page, 'Added Banqueting Hall.');
    await page.getByLabel('Ticket name').fill('Member');
    await page.locator('#ticket-kind').selectOption('member');
    await page.getByLabel('Price (£)').fill('25');
    await page.getByRole('button', { name: 'Add the ticket type' }).click();
    await said(page, 'Added Member.');
    await expectAccessible(page, 'event details');

    // Two sessions in the room: the second, at the same time, is refused naming the first.
    await sections.getByRole('link', { name: 'Programme' }).click();
    await heading1(page, 'Programme');
    const session = async (title: string, from: string, to: string) => {
      await page.getByLabel('Title').fill(title);
      await page.getByLabel('Abstract').fill(`${title}, in practice.`);
      await page.getByLabel('Day').selectOption(day);
      await page.getByLabel('Starts').fill(from);
      await page.getByLabel('Ends').fill(to);
      await page.getByLabel('Room').selectOption({ label: 'Banqueting Hall' });
      await page.getByRole('button', { name: /Add the session/ }).click();
    };
    await session('Shift-left that stuck', '14:00', '14:45');
    await said(page, 'Added “Shift-left that stuck”.');
    await session('Knowledge that people use', '14:30', '15:15');
    await refusedWith(page, 'The room is taken at that time by “Shift-left that stuck”. Choose another room or time.');
    await expectAccessible(page, 'session clash');
    await page.getByLabel('Starts').fill('15:00');
    await page.getByLabel('Ends').fill('15:45');
    // A guest speaker named here is invited by mail, and shown as invited until they answer.
    await page.getByLabel('Speakers (optional)').fill('Sam Guest <sam.guest@example.org>');
    await page.getByRole('button', { name: /Add the session/ }).click();
    await said(page, 'Added “Knowledge that people use”.');
    await page.getByRole('cell', { name: 'Knowledge that people use — Sam Guest (invited)', exact: true }).waitFor();
    await expectAccessible(page, 'programme');

    // Publish.
    await sections.getByRole('link', { name: 'Details' }).click();
    await heading1(page, 'Service Desk Forum North');
    await page.getByRole('button', { name: 'Publish the event' }).click();
    await said(page, 'Published.');
    const slug = (await page.getByRole('link', { name: /^\/events\// }).textContent())?.replace('/events/', '') ?? '';
    expect(slug).toBe('service-desk-forum-north');

    // A visitor on a phone reads the programme and moves through it by keyboard.
    const visitor = await env.open({ width: 375, height: 812 });
    await visitor.page.goto(`/events/${slug}`);
    await heading1(visitor.page, 'Service Desk Forum North');
    await visitor.page.getByRole('heading', { name: 'Shift-left that stuck' }).waitFor();
    await visitor.page.getByText('14:00–14:45, Banqueting Hall').waitFor();
    await expectAccessible(visitor.page, 'public event');
    await expectNoHorizontalScroll(visitor.page, 'public event');
    const register = visitor.page.getByRole('link', { name: 'Register' });
    await register.focus();
    await expectVisibleFocus(visitor.page, 'register link');
    expect(await register.getAttribute('href')).toBe(`/events/${slug}/register`);
    await visitor.page.keyboard.press('Tab');
    expect(await visitor.page.evaluate(() => document.activeElement?.textContent)).toBe('Add to calendar');

    // Without scripts, as the server renders it: the programme and its schema.org data.
    const plain = await env.open(undefined, { javaScriptEnabled: false });
    await plain.page.goto(`/events/${slug}`);
    await plain.page.getByRole('heading', { level: 1, name: 'Service Desk Forum North' }).waitFor();
    await plain.page.getByRole('heading', { name: 'Knowledge that people use' }).waitFor();
    const ld = JSON.parse((await plain.page.locator('script[type="application/ld+json"]').textContent()) ?? '{}');
    expect(ld).toMatchObject({ '@type': 'Event', name: 'Service Desk Forum North' });
    expect(ld.subEvent).toHaveLength(2);
    await plain.page.goto('/events');
    await plain.page.getByRole('link', { name: 'Service Desk Forum North' }).waitFor();
    expect(problems).toEqual([]);
  }, 300_000);
});
