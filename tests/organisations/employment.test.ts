import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Browser, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { certItem, withDefaultScheme, workItem } from '../portfolio/support.js';
import { mailTo } from '../applications/assessment-support.js';
import { addItem, confirmJob, linkJob, organisation, staffOf } from './fixtures-employment.js';

let app: TestApp;
let northwind: string;
let contoso: string;
let member: Browser & { id: string };
let admin: Browser & { id: string };
let hr: Browser & { id: string };
let lineManager: Browser & { id: string };
let otherAdmin: Browser & { id: string };

beforeEach(async () => {
  app = await testApp();
  await withDefaultScheme(app);
  northwind = await organisation(app, 'Northwind');
  contoso = await organisation(app, 'Contoso');
  member = await signedInUser(app, 'sam@example.org');
  admin = await staffOf(app, northwind, 'admin@northwind.example', 'admin');
  hr = await staffOf(app, northwind, 'hr@northwind.example', 'hr');
  lineManager = await staffOf(app, northwind, 'lm@northwind.example', 'line_manager');
  otherAdmin = await staffOf(app, contoso, 'admin@contoso.example', 'admin');
});
afterEach(async () => {
  await app?.close();
});

const requests = (b: Browser, org: string, status = 'pending') => b.req({ method: 'GET', url: `/api/v1/organisations/${org}/employment?status=${status}` });
const myLinks = async (b: Browser) => (await b.req({ method: 'GET', url: '/api/v1/me/employment-links' })).json().links;

describe('linking a job and confirming it', () => {
  it('mails the admins, lists the request for admin and hr, and stores what was confirmed', async () => {
    const itemId = await addItem(member);
    const link = await linkJob(member, itemId, northwind);
    expect(link).toMatchObject({ status: 'pending', organisation: { id: northwind, name: 'Northwind' }, claim: { roleTitle: 'Service desk lead', responsibilityLevel: 4 }, confirmed: null });
    expect((await mailTo(app, 'admin@northwind.example', 'employment_confirmation_requested')).length).toBe(1);
    expect((await mailTo(app, 'hr@northwind.example', 'employment_confirmation_requested')).length).toBe(0);

    for (const b of [admin, hr]) expect((await requests(b, northwind)).json().requests.map((r: { id: string }) => r.id)).toEqual([link.id]);
    expect((await requests(lineManager, northwind)).statusCode).toBe(403);

    const confirmed = await confirmJob(hr, northwind, link.id);
    expect(confirmed).toMatchObject({ status: 'confirmed', member: { id: member.id }, confirmed: { startOn: '2018-01-01', endOn: null, responsibilityLevel: 4 }, changedSinceConfirmed: false });
    expect((await requests(admin, northwind)).json().requests).toEqual([]);
    expect((await requests(admin, northwind, 'confirmed')).json().requests).toHaveLength(1);
    const audit = await app.platform.database.db.selectFrom('audit_log').select('action').where('subject_id', '=', link.id).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['employment.confirmed', 'employment.link_requested']);
  });

  it('shows a later edit of the item as changed since confirmed, and ending the link keeps the confirmation', async () => {
    const itemId = await addItem(member);
    const link = await linkJob(member, itemId, northwind);
    await confirmJob(admin, northwind, link.id);
    const edit = await member.req({ method: 'PUT', url: `/api/v1/me/portfolio/items/${itemId}`, payload: workItem({ responsibilityLevel: 5 }) });
    expect(edit.statusCode, edit.body).toBe(200);
    const [after] = await myLinks(member);
    expect(after).toMatchObject({ changedSinceConfirmed: true, confirmed: { responsibilityLevel: 4 }, claim: { responsibilityLevel: 5 } });

    const ended = await member.req({ method: 'POST', url: `/api/v1/me/employment-links/${link.id}/end` });
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json()).toMatchObject({ status: 'confirmed', confirmed: { responsibilityLevel: 4 } });
    expect(ended.json().endedAt).not.toBeNull();
    const again = await member.req({ method: 'POST', url: `/api/v1/me/employment-links/${link.id}/end` });
    expect(again.statusCode).toBe(409);
  });

  it('disputes with a reason the member sees; a disputed item may be linked again', async () => {
    const itemId = await addItem(member);
    const link = await linkJob(member, itemId, northwind);
    const res = await admin.req({ method: 'POST', url: `/api/v1/organisations/${northwind}/employment/${link.id}/dispute`, payload: { reason: 'Sam joined in 2020, not 2018.' } });
    expect(res.statusCode, res.body).toBe(200);
    expect((await myLinks(member))[0]).toMatchObject({ status: 'disputed', disputeReason: 'Sam joined in 2020, not 2018.', confirmed: null });
    const twice = await admin.req({ method: 'POST', url: `/api/v1/organisations/${northwind}/employment/${link.id}/confirm` });
    expect(twice.statusCode).toBe(409);
    await linkJob(member, itemId, northwind);
    const empty = await admin.req({ method: 'POST', url: `/api/v1/organisations/${northwind}/employment/${link.id}/dispute`, payload: { reason: '  ' } });
    expect(empty.statusCode).toBe(400);
  });
});

describe('bad input', () => {
  it('refuses another member’s item, a non-work item, an unknown or inactive organisation and a double link, naming the field', async () => {
    const other = await signedInUser(app, 'kim@example.org');
    const theirs = await addItem(other);
    const cert = await addItem(member, certItem(null, { title: 'Some course', awardedOn: '2020-01-01' }));
    const mine = await addItem(member);
    const pending = await organisation(app, 'Pending Ltd', 'requested');
    const cases: Array<[string, string, string, RegExp]> = [
      [theirs, northwind, 'body.itemId', /No item of your portfolio/],
      [cert, northwind, 'body.itemId', /Link a work item; this item is a certification item/],
      [mine, 'no-such-organisation', 'body.organisationId', /No active organisation/],
      [mine, pending, 'body.organisationId', /No active organisation/],
    ];
    for (const [itemId, organisationId, path, message] of cases) {
      const res = await member.req({ method: 'POST', url: '/api/v1/me/employment-links', payload: { itemId, organisationId } });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.details.issues[0]).toMatchObject({ path });
      expect(res.json().error.message).toMatch(message);
    }
    await linkJob(member, mine, northwind);
    const double = await member.req({ method: 'POST', url: '/api/v1/me/employment-links', payload: { itemId: mine, organisationId: contoso } });
    expect(double.statusCode).toBe(409);
    expect(double.json().error.message).toMatch(/already linked/);
    expect(await app.platform.database.db.selectFrom('employment_links').select('id').execute()).toHaveLength(1);
  });

  it('keeps each organisation to its own requests, and each member to their own links', async () => {
    const link = await linkJob(member, await addItem(member), northwind);
    // Contoso's admin names their own organisation but Northwind's request, then Northwind itself.
    expect((await otherAdmin.req({ method: 'POST', url: `/api/v1/organisations/${contoso}/employment/${link.id}/confirm` })).statusCode).toBe(404);
    expect((await otherAdmin.req({ method: 'POST', url: `/api/v1/organisations/${northwind}/employment/${link.id}/confirm` })).statusCode).toBe(404);
    expect((await requests(otherAdmin, northwind)).statusCode).toBe(404);
    expect((await requests(otherAdmin, contoso)).json().requests).toEqual([]);
    // The member is not on Northwind's staff: their own request is not theirs to confirm.
    expect((await member.req({ method: 'POST', url: `/api/v1/organisations/${northwind}/employment/${link.id}/confirm` })).statusCode).toBe(404);
    const other = await signedInUser(app, 'kim@example.org');
    expect((await other.req({ method: 'POST', url: `/api/v1/me/employment-links/${link.id}/end` })).statusCode).toBe(404);
    expect(await myLinks(other)).toEqual([]);
    const row = await app.platform.database.db.selectFrom('employment_links').selectAll().where('id', '=', link.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'pending', ended_at: null });
  });

  it('drops a request the member ended from the pending list; it can no longer be confirmed', async () => {
    const link = await linkJob(member, await addItem(member), northwind);
    await member.req({ method: 'POST', url: `/api/v1/me/employment-links/${link.id}/end` });
    expect((await requests(admin, northwind)).json().requests).toEqual([]);
    expect((await admin.req({ method: 'POST', url: `/api/v1/organisations/${northwind}/employment/${link.id}/confirm` })).statusCode).toBe(409);
  });
});
