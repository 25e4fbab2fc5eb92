// Recruiting on a demo site: an employer's HR person searches candidates by certification (keyboard),
// sends a message that is first refused for its short body and then relayed, and sees it in the sent
// list without the member's address; the member finds it on /account/messages, replies and reports it;
// the employer then sees the reply and the address; a scheme administrator sees the report and
// suspends the organisation's messaging. Bulk checks: pasted ids and links with an unknown id and a
// line that is no id, named by line number, and the CSV download. Axe on every page; candidates at 375 px.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../server/db/database.js';
import { newId } from '../server/platform/ids.js';
import { sha256 } from '../server/platform/secrets.js';
import { apiSession } from './support/api.js';
import { expectAccessible, expectNoHorizontalScroll, hasChromium, heading1 } from './support/browser.js';
import { journeyEnvironment, signIn } from './support/journey.js';

const EMPLOYER = 'employer@demo.guildhall.test';

/** An organisation with the demo employer on its staff, written as the organisations' core would. */
async function recruitingOrganisation(dataDir: string): Promise<string> {
  const handle = openDatabase({ kind: 'sqlite', file: path.join(dataDir, 'guildhall.sqlite') });
  try {
    const id = newId();
    const now = new Date().toISOString();
    const employer = await handle.db.selectFrom('users').select('id').where('email', '=', EMPLOYER).executeTakeFirstOrThrow();
    await handle.db
      .insertInto('organisations')
      .values({ id, slug: `journey-${id.slice(-8)}`, name: 'Journey Recruitment', country: 'GB', website: null, description: null, logo_sha256: null, status: 'active', requested_by: null, approved_by: null, approved_at: now, created_at: now, updated_at: now })
      .execute();
    await handle.db.insertInto('organisation_members').values({ organisation_id: id, user_id: employer.id, role: 'hr', added_by: null, added_at: now }).execute();
    return id;
  } finally {
    await handle.close();
  }
}

/** A message from the organisation to a member, with a report token known to the test (as the mail's link carries). */
async function messageWithToken(dataDir: string, organisationId: string, memberEmail: string): Promise<string> {
  const handle = openDatabase({ kind: 'sqlite', file: path.join(dataDir, 'guildhall.sqlite') });
  try {
    const token = `journey-${newId()}`;
    const [member, sender] = await Promise.all([
      handle.db.selectFrom('users').select('id').where('email', '=', memberEmail).executeTakeFirstOrThrow(),
      handle.db.selectFrom('users').select('id').where('email', '=', EMPLOYER).executeTakeFirstOrThrow(),
    ]);
    await handle.db
      .insertInto('contact_messages')
      .values({ id: newId(), organisation_id: organisationId, sender_id: sender.id, member_id: member.id, subject: 'Unwanted', body: 'An unwanted message.', token_hash: sha256(token), sent_at: new Date().toISOString(), reply_body: null, reply_email: null, replied_at: null })
      .execute();
    return token;
  } finally {
    await handle.close();
  }
}

async function emailOf(dataDir: string, name: string): Promise<string> {
  const handle = openDatabase({ kind: 'sqlite', file: path.join(dataDir, 'guildhall.sqlite') });
  try {
    return (await handle.db.selectFrom('users').select('email').where('name', '=', name).executeTakeFirstOrThrow()).email;
  } finally {
    await handle.close();
  }
}

describe.skipIf(!hasChromium)('recruiting and bulk checks in Chromium (demo data)', () => {
  const env = journeyEnvironment({ smtp: false, demo: true });

  it('an employer finds a candidate and writes; the member replies and reports; an administrator suspends', async () => {
    const orgId = await recruitingOrganisation(env.server.dataDir);
    const { page } = await env.open();
    await signIn(page, EMPLOYER);
    await page.goto(`/organisations/${orgId}/candidates`);
    await heading1(page, 'Candidates');
    await page.getByText('No messages sent yet.').waitFor();
    await expectAccessible(page, 'candidates, before a search');

    const cert = page.getByLabel('Certification');
    await cert.fill('itil 4 foundation');
    await cert.press('Enter');
    const results = page.getByRole('region', { name: 'Results' });
    const first = results.getByRole('listitem').first();
    await first.waitFor();
    expect(await first.textContent()).toContain('ITIL 4 Foundation');
    expect(await results.textContent()).not.toContain('@');
    const name = ((await first.getByRole('heading').textContent()) ?? '').trim();
    await expectAccessible(page, 'candidates, results');

    await first.getByRole('button', { name: /Get in touch/ }).press('Enter');
    const form = page.getByRole('form', { name: `Message to ${name}` });
    await form.getByLabel('Subject').fill('A service manager role');
    await form.getByLabel('Message').fill('Too short');
    await form.getByRole('button', { name: 'Send message' }).press('Enter');
    await form.getByText('Write a message of at least 20 characters').waitFor();
    await expectAccessible(page, 'get in touch, refused');
    await form.getByLabel('Message').fill('We have a service manager role in Leeds and would like to talk to you about it.');
    await form.getByRole('button', { name: 'Send message' }).press('Enter');
    await form.getByRole('status').filter({ hasText: 'Sent.' }).waitFor();
    const sent = page.getByRole('region', { name: 'Sent messages' });
    await sent.getByText(`A service manager role — to ${name}`).waitFor();
    await sent.getByText('No reply yet.').waitFor();
    await sent.getByText(/1 of 20 messages sent/).waitFor();

    // The member replies and reports from their messages page.
    const memberEmail = await emailOf(env.server.dataDir, name);
    const member = await env.open();
    await signIn(member.page, memberEmail);
    await member.page.goto('/account/messages');
    await heading1(member.page, 'Messages from employers');
    await member.page.getByText('We have a service manager role in Leeds').waitFor();
    await expectAccessible(member.page, 'member messages');
    await member.page.getByRole('button', { name: /^Reply/ }).press('Enter');
    await member.page.getByLabel('Your reply').fill('Happy to talk on Thursday.');
    await member.page.getByRole('button', { name: 'Send reply' }).press('Enter');
    await member.page.getByRole('status').filter({ hasText: 'Reply sent.' }).waitFor();
    await member.page.getByRole('button', { name: /^Report abuse.*A service manager role/ }).press('Enter');
    await member.page.getByLabel('What was wrong').fill('I did not ask to be contacted.');
    await member.page.getByRole('button', { name: 'Send report' }).press('Enter');
    await member.page.getByText('You reported this message.').waitFor();
    await expectAccessible(member.page, 'member messages, replied and reported');

    await page.reload();
    await heading1(page, 'Candidates');
    await page.getByRole('region', { name: 'Sent messages' }).getByRole('link', { name: memberEmail }).waitFor();

    // A scheme administrator suspends the organisation's messaging.
    const admin = await env.open();
    await signIn(admin.page, 'scheme@demo.guildhall.test');
    await admin.page.goto('/admin/contact-reports');
    await heading1(admin.page, 'Reported messages');
    await admin.page.getByText('I did not ask to be contacted.').waitFor();
    await expectAccessible(admin.page, 'reported messages');
    await admin.page.getByLabel('Reason for suspending').fill('Contacted a member who did not want it');
    await admin.page.getByRole('button', { name: /^Suspend messaging/ }).press('Enter');
    await admin.page.getByRole('status').filter({ hasText: 'can no longer message members' }).waitFor();
    const api = await apiSession(env.server.url, EMPLOYER);
    const refused = await api.request('POST', `/api/v1/organisations/${orgId}/candidates/${newId()}/messages`, { subject: 'Again', body: 'Another message that is long enough.' });
    expect(refused.status).toBe(404);

    // At 375 px the candidates page fits.
    const narrow = await env.open({ width: 375, height: 800 });
    await signIn(narrow.page, EMPLOYER);
    await narrow.page.goto(`/organisations/${orgId}/candidates`);
    await heading1(narrow.page, 'Candidates');
    await expectNoHorizontalScroll(narrow.page, 'candidates at 375 px');
  });

  it('bulk checks name unknown ids and unreadable lines by number, and download as CSV', async () => {
    const orgId = await recruitingOrganisation(env.server.dataDir);
    const api = await apiSession(env.server.url, EMPLOYER);
    const listed = await api.call<{ results: Array<{ credentials: Array<{ id: string }> }> }>('GET', `/api/v1/organisations/${orgId}/candidates?limit=2`);
    const [a, b] = listed.results.map((r) => r.credentials[0]?.id as string);
    const unknown = '0190a5b2-7c1e-7abc-8def-0123456789ab';
    const { page } = await env.open();
    await signIn(page, EMPLOYER);
    await page.goto(`/organisations/${orgId}/checks`);
    await heading1(page, 'Bulk checks');
    await expectAccessible(page, 'bulk checks, empty');
    await page.getByLabel('Credential ids or links').fill([a, `${env.server.url}/credentials/${b}`, 'hello there', unknown].join('\n'));
    await page.getByRole('button', { name: 'Check credentials' }).press('Enter');
    const results = page.getByRole('region', { name: 'Results' });
    await results.getByText('2 found, 1 not found (lines 4).').waitFor();
    await page.getByText(/Line 3: No credential id/).waitFor();
    await results.getByText('Unknown id').waitFor();
    await expectAccessible(page, 'bulk checks, results');
    const [download] = await Promise.all([page.waitForEvent('download'), results.getByRole('button', { name: 'Download results as CSV' }).click()]);
    const file = await download.path();
    const csv = (await import('node:fs')).readFileSync(file, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('line,credential_id,found,level,post_nominals,status,holder_name,awarded_at,review_at,url');
    expect(csv).toContain(`4,${unknown},no`);
    expect(csv).toContain(`1,${a},yes`);
  });

  it('the report link of a relayed mail works without signing in, by keyboard and at 375 px', async () => {
    const orgId = await recruitingOrganisation(env.server.dataDir);
    const token = await messageWithToken(env.server.dataDir, orgId, 'member@demo.guildhall.test');
    const { page } = await env.open({ width: 375, height: 800 });
    await page.goto(`/messages/report?token=${encodeURIComponent(token)}`);
    await heading1(page, 'Report a message');
    await expectAccessible(page, 'report link page');
    await expectNoHorizontalScroll(page, 'report link page at 375 px');
    await page.getByRole('button', { name: 'Send report' }).press('Enter');
    await page.getByText('Say briefly what was wrong').waitFor();
    await page.getByLabel('What was wrong').fill('Sent without my asking.');
    await page.getByRole('button', { name: 'Send report' }).press('Enter');
    await page.getByRole('status').filter({ hasText: 'scheme administrators will review' }).waitFor();
    await expectAccessible(page, 'report link page, sent');
  });
});
