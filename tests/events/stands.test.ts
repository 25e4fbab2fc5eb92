import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrganisationStands } from '../../contracts/events-stands.js';
import { verifyCheckInCode } from '../../server/modules/events/codes.js';
import { inlineParts } from '../../server/platform/mail/inline.js';
import { newId } from '../../server/platform/ids.js';
import { insertOrganisation } from '../organisations/fixtures.js';
import { type Browser, expectError, lastMail, makeUser, signIn, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { kitOf, listOf, scan } from './checkin-fixtures.js';
import { type ExhibitorWorld, addExhibitor, exhibitorWorld } from './exhibitors-fixtures.js';
import { insertEvent } from './fixtures.js';

/*
 * An organisation's own stands (listOrganisationStands) for its administrators, and the stand staff's
 * ticket mail with the check-in code as a QR picture. Runs on SQLite and, with GUILDHALL_TEST_DB=postgres,
 * on PostgreSQL.
 */

// Loaded as CommonJS, as in registration-mail.test.ts: jsqr's declarations describe an ES default export,
// and pngjs has no declarations of its own.
const load = createRequire(import.meta.url);
const jsQR = load('jsqr') as typeof import('jsqr').default;
const { PNG } = load('pngjs') as { PNG: { sync: { read: (b: Buffer) => { width: number; height: number; data: Buffer } } } };

let app: TestApp;
let w: ExhibitorWorld;
beforeAll(async () => {
  app = await testApp();
  w = await exhibitorWorld(app, 'stands');
});
afterAll(() => app?.close());

const standsUrl = (orgId: string) => `/api/v1/organisations/${orgId}/stands`;
const staffUrl = (exhibitorId: string, rest = '') => `/api/v1/events/${w.event.id}/exhibitors/${exhibitorId}/staff${rest}`;

async function employ(orgId: string, memberId: string, status: 'pending' | 'confirmed', endedAt: string | null = null) {
  const at = app.clock.now().toISOString();
  await app.platform.database.db
    .insertInto('employment_links')
    .values({ id: newId(), member_id: memberId, item_id: newId(), organisation_id: orgId, status, requested_at: at, decided_at: null, decided_by: null, dispute_reason: null, confirmed_start_on: '2020-01-01', confirmed_end_on: null, confirmed_level: 3, confirmed_role_title: 'Analyst', ended_at: endedAt })
    .execute();
}

async function addStaff(b: Browser, exhibitorId: string, body: { email: string; name?: string }) {
  const res = await b.req({ method: 'POST', url: staffUrl(exhibitorId), payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { userId: string; reference: string };
}

describe("an organisation's stands", () => {
  it('its administrator sees each stand at a published event with staff, tickets, check-ins, lead counts and the people to choose from', async () => {
    const admin = await signedInUser(app, 'stands-admin@example.org');
    const hr = await signedInUser(app, 'stands-hr@example.org');
    const employeeId = await makeUser(app, { email: 'stands-employee@example.org', name: 'Erin Employee' });
    const formerId = await makeUser(app, { email: 'stands-former@example.org', name: 'Fay Former' });
    const pendingId = await makeUser(app, { email: 'stands-pending@example.org', name: 'Pat Pending' });
    const orgId = await insertOrganisation(app, 'Stands Org', { staff: [{ userId: admin.id, role: 'admin' }, { userId: hr.id, role: 'hr' }] });
    const otherOrg = await insertOrganisation(app, 'Other Org');
    await employ(orgId, employeeId, 'confirmed');
    await employ(orgId, formerId, 'confirmed', app.clock.now().toISOString());
    await employ(orgId, pendingId, 'pending');

    const ours = await addExhibitor(w, 'Stands Org', { organisationId: orgId, tier: 'silver', stand: 'B7' });
    await addExhibitor(w, 'Other stand', { organisationId: otherOrg });
    const draft = await insertEvent(app, { createdBy: w.organiser.id, status: 'draft', title: 'Draft Fair' });
    const at = app.clock.now().toISOString();
    const db = app.platform.database.db;
    await db.insertInto('event_exhibitors').values({ id: newId(), event_id: draft.id, organisation_id: orgId, name: 'Stands Org', kind: 'exhibitor', tier: 'gold', stand: 'D1', logo_sha256: null, website: null, description: null, created_at: at, updated_at: at }).execute();

    const employee = await addStaff(admin, ours, { email: 'stands-employee@example.org' });
    const newcomer = await addStaff(admin, ours, { email: 'stands-new@example.org', name: 'Nia Newcomer' });
    // One of them is checked in at the door, by reference; one visitor who shares their contact was scanned.
    const kit = await kitOf(w.organiser, w.event);
    const door = listOf(kit, { day: kit.lists[0].day });
    expect((await scan(app, w.organiser, w.event.id, { listId: door, reference: employee.reference })).json().outcome).toBe('accepted');
    await db.insertInto('event_leads').values({ id: newId(), exhibitor_id: ours, registration_id: w.sharing.registrationId, note: null, scanned_by: employee.userId, scanned_at: at, updated_at: at }).execute();

    const res = await admin.req({ method: 'GET', url: standsUrl(orgId) });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as OrganisationStands;
    expect(body.organisation).toEqual({ id: orgId, name: 'Stands Org' });
    expect(body.stands).toHaveLength(1);
    const [stand] = body.stands;
    expect(stand?.event).toMatchObject({ id: w.event.id, slug: w.event.slug, status: 'published' });
    expect(stand?.exhibitor).toMatchObject({ id: ours, tier: 'silver', stand: 'B7' });
    expect(stand?.staff.map((s) => [s.name, s.reference, s.ticketStatus, s.ticketMade, s.checkedInAt !== null])).toEqual([
      ['Erin Employee', employee.reference, 'confirmed', true, true],
      ['Nia Newcomer', newcomer.reference, 'confirmed', true, false],
    ]);
    expect(stand?.staff[0]?.checkedInAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(stand).toMatchObject({ namedLeads: 1, countedLeads: 0, callerIsStaff: false });
    expect(body.people.map((p) => p.email).sort()).toEqual(['stands-admin@example.org', 'stands-employee@example.org', 'stands-hr@example.org']);
    const names = body.people.map((p) => p.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en')));
    expect(body.people.map((p) => p.email)).not.toContain('stands-former@example.org');
    expect(body.people.map((p) => p.email)).not.toContain('stands-pending@example.org');

    // The administrator on their own stand may export its leads; a released person is gone and their ticket cancelled.
    await addStaff(admin, ours, { email: 'stands-admin@example.org' });
    expect((await admin.req({ method: 'DELETE', url: staffUrl(ours, `/${newcomer.userId}`) })).statusCode).toBe(200);
    const after = (await admin.req({ method: 'GET', url: standsUrl(orgId) })).json() as OrganisationStands;
    expect(after.stands[0]?.callerIsStaff).toBe(true);
    expect(after.stands[0]?.staff.map((s) => s.userId)).not.toContain(newcomer.userId);
    const released = await db.selectFrom('event_registrations').select('status').where('reference', '=', newcomer.reference).executeTakeFirstOrThrow();
    expect(released.status).toBe('cancelled');
  });

  it('is refused to the organisation’s other roles and is not found by anyone outside it', async () => {
    const admin = await signedInUser(app, 'stands-admin2@example.org');
    const manager = await signedInUser(app, 'stands-manager2@example.org');
    const orgId = await insertOrganisation(app, 'Closed Stands', { staff: [{ userId: admin.id, role: 'admin' }, { userId: manager.id, role: 'line_manager' }] });
    expectError(await manager.req({ method: 'GET', url: standsUrl(orgId) }), 403, 'FORBIDDEN');
    expectError(await (await signIn(app, w.private.email)).req({ method: 'GET', url: standsUrl(orgId) }), 404, 'NOT_FOUND');
    expectError(await w.organiser.req({ method: 'GET', url: standsUrl('no-such-organisation') }), 404, 'NOT_FOUND');
    const empty = (await admin.req({ method: 'GET', url: standsUrl(orgId) })).json() as OrganisationStands;
    expect(empty.stands).toEqual([]);
  });
});

describe('the stand staff’s ticket mail', () => {
  it('shows the reference in text and the signed check-in code as an inline QR picture that verifies', async () => {
    const admin = await signedInUser(app, 'stands-mail-admin@example.org');
    const orgId = await insertOrganisation(app, 'Mail Stands', { staff: [{ userId: admin.id, role: 'admin' }] });
    const stand = await addExhibitor(w, 'Mail Stands', { organisationId: orgId });
    const added = await addStaff(admin, stand, { email: 'stands-mail-person@example.org', name: 'Quinn Code' });
    const reg = await app.platform.database.db.selectFrom('event_registrations').select(['id']).where('reference', '=', added.reference).executeTakeFirstOrThrow();

    const mail = await lastMail(app, 'stands-mail-person@example.org');
    expect(mail.template).toBe('exhibitor_staff_added');
    expect(mail.text_body).toContain(added.reference);
    expect(mail.text_body).toContain(`/events/${w.event.slug}/ticket`);
    const parts = inlineParts(mail.inline_parts);
    expect(parts).toHaveLength(1);
    const cid = /<img src="cid:([^"]+)" alt="Your check-in code[^"]*"/.exec(mail.html_body ?? '')?.[1];
    expect(cid).toBe(parts[0]?.cid);
    expect(parts[0]?.contentType).toBe('image/png');

    const bitmap = PNG.sync.read(Buffer.from(parts[0]?.content ?? '', 'base64'));
    const read = jsQR(new Uint8ClampedArray(bitmap.data), bitmap.width, bitmap.height);
    expect(read?.data).toBeTruthy();
    expect(mail.text_body).not.toContain(read?.data ?? '-');
    expect(verifyCheckInCode(read?.data ?? '', w.event.publicKey)).toMatchObject({ eventId: w.event.id, registrationId: reg.id });
  });
});
