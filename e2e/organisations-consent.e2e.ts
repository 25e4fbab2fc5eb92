// Consent and the team view on a demo site: a member who holds a credential shares it with the
// organisation they work for, choosing by keyboard with the exact words shown; the employer's team page
// (at 375 px, no sideways scrolling) then lists them with their level, filtered by name, and draws the
// team's charts with a table beside each; the member sees the employer's look in their "who saw what"
// log, revokes, and the employer's next look no longer shows them. Axe on every page.
import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoMembers } from '../server/demo/people.js';
import { DEMO_HOLDER_EMAIL } from '../server/demo/seed.js';
import { expectAccessible, expectNoHorizontalScroll, hasChromium, heading1 } from './support/browser.js';
import { journeyEnvironment, signIn } from './support/journey.js';

const HOLDER = demoMembers().find((m) => m.email === DEMO_HOLDER_EMAIL);
const EMPLOYER = 'employer@demo.guildhall.test';
const ORGANISATION = 'Northwind Service Partners';

/** The demo organisation whose team view the employer administers, as the demo seed made it. */
function northwind(dataDir: string): string {
  const db = new Database(path.join(dataDir, 'guildhall.sqlite'), { readonly: true });
  try {
    const id = db.prepare('select id from organisations where name = ?').pluck().get(ORGANISATION) as string | undefined;
    if (!id) throw new Error(`The demo has no organisation named ${ORGANISATION}`);
    return id;
  } finally {
    db.close();
  }
}

describe.skipIf(!hasChromium)('consent and the team view in Chromium (demo data)', () => {
  const env = journeyEnvironment({ smtp: false, demo: true });

  it('a member shares their credentials, the employer sees them; the member revokes and they vanish', async () => {
    const holder = HOLDER!;
    const organisationId = northwind(env.server.dataDir);

    // The member shares their credentials, by keyboard, with the words in front of them.
    const member = await env.open();
    await signIn(member.page, holder.email);
    await member.page.goto('/account/sharing');
    await heading1(member.page, 'Sharing with employers');
    await expectAccessible(member.page, 'sharing page, nothing shared');
    await member.page.getByLabel('Organisation', { exact: true }).selectOption({ label: ORGANISATION });
    const credentials = member.page.getByRole('checkbox', { name: 'My credentials' });
    expect(await credentials.getAttribute('aria-describedby')).toBeTruthy();
    await member.page.getByText(/may see the level of each Guildhall credential I hold/).waitFor();
    await credentials.focus();
    await member.page.keyboard.press('Space');
    await member.page.getByRole('button', { name: 'I agree: share' }).press('Enter');
    await member.page.getByRole('status').filter({ hasText: `Shared with ${ORGANISATION}.` }).waitFor();
    const current = member.page.getByRole('region', { name: 'What you share now' });
    await current.getByRole('heading', { name: ORGANISATION }).waitFor();
    await expectAccessible(member.page, 'sharing page, credentials shared');

    // The employer's team page at phone width lists them, found by name, with their level.
    const employer = await env.open({ width: 375, height: 800 });
    await signIn(employer.page, EMPLOYER);
    await employer.page.goto(`/organisations/${organisationId}/team`);
    await heading1(employer.page, 'Team');
    const family = holder.name.split(' ').at(-1) as string;
    await employer.page.getByLabel('Name', { exact: true }).fill(family.slice(0, 4));
    await employer.page.getByRole('button', { name: 'Show' }).press('Enter');
    const row = employer.page.getByRole('row').filter({ has: employer.page.getByRole('rowheader', { name: holder.name }) });
    await row.waitFor();
    expect(await row.textContent()).toContain('Professional');
    expect(await row.textContent()).toContain('Not shared'); // their CPD standing: not granted
    await employer.page.getByRole('figure', { name: /Levels held/ }).getByRole('table').waitFor();
    await expectAccessible(employer.page, 'team page');
    await expectNoHorizontalScroll(employer.page, 'team page at 375 px');

    // The member sees that look in their log, then revokes everything.
    await member.page.reload();
    await heading1(member.page, 'Sharing with employers');
    const log = member.page.getByRole('region', { name: 'Who saw what, when' });
    await log.getByRole('cell', { name: 'Looked at the team page' }).first().waitFor();
    expect(await log.textContent()).toContain('David Chen');
    await member.page.getByRole('button', { name: `Stop sharing everything with ${ORGANISATION}` }).click();
    await member.page.getByRole('status').filter({ hasText: `${ORGANISATION} no longer sees anything of yours.` }).waitFor();
    await expectAccessible(member.page, 'sharing page after revoking');

    // The employer's next look no longer shows them.
    await employer.page.reload();
    await heading1(employer.page, 'Team');
    await employer.page.getByText('No member who shares their record matches.').waitFor();
    expect(await employer.page.getByRole('main').textContent()).not.toContain(holder.name);
    expect(member.problems).toEqual([]);
    expect(employer.problems).toEqual([]);
  });
});
