import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signCheckInCode } from '../../server/modules/events/codes.js';
import { newId } from '../../server/platform/ids.js';
import { sealingSecret } from '../../server/platform/sealed.js';
import { type Browser, auditEntries, expectError, signIn, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { insertEvent } from './fixtures.js';
import { type ExhibitorWorld, addExhibitor, exhibitorWorld } from './exhibitors-fixtures.js';

// Lead capture: only attendees who share their contact are named; everyone else is counted and never named.

let app: TestApp;
let w: ExhibitorWorld;
let standA: string;
let standB: string;
let staffA: Browser;
let staffB: Browser;
beforeAll(async () => {
  app = await testApp();
  w = await exhibitorWorld(app, 'l');
  standA = await addExhibitor(w, 'Acme Monitoring');
  standB = await addExhibitor(w, 'Beta Desk');
  await signedInUser(app, 'staff-a@example.org');
  await signedInUser(app, 'staff-b@example.org');
  for (const [stand, email] of [[standA, 'staff-a@example.org'], [standB, 'staff-b@example.org']] as const) {
    const res = await w.organiser.req({ method: 'POST', url: `/api/v1/events/${w.event.id}/exhibitors/${stand}/staff`, payload: { email } });
    expect(res.statusCode, res.body).toBe(201);
  }
  staffA = await signIn(app, 'staff-a@example.org');
  staffB = await signIn(app, 'staff-b@example.org');
});
afterAll(() => app?.close());

const leads = (stand: string, rest = '') => `/api/v1/events/${w.event.id}/exhibitors/${stand}/leads${rest}`;
const scan = (who: Browser, stand: string, code: string) => who.req({ method: 'POST', url: leads(stand), payload: { code } });

describe('lead capture', () => {
  it('a sharing attendee is named, a private one only counted, each once; neither answer nor list nor CSV names the private one', async () => {
    const named = await scan(staffA, standA, w.sharing.code);
    expect(named.statusCode, named.body).toBe(200);
    expect(named.json()).toMatchObject({ outcome: 'named', repeat: false, lead: { name: 'Ada Sharer', email: w.sharing.email }, named: 1, counted: 0 });
    const counted = await scan(staffA, standA, w.private.reference.toLowerCase().replace('-', ' '));
    expect(counted.statusCode, counted.body).toBe(200);
    expect(counted.json()).toMatchObject({ outcome: 'counted', repeat: false, lead: null, named: 1, counted: 1 });
    // The same badges again: counted once each.
    expect((await scan(staffA, standA, w.private.code)).json()).toMatchObject({ outcome: 'counted', repeat: true, counted: 1 });
    expect((await scan(staffA, standA, w.sharing.reference)).json()).toMatchObject({ outcome: 'named', repeat: true, named: 1 });

    const list = await staffA.req({ method: 'GET', url: leads(standA) });
    expect(list.json()).toMatchObject({ counted: 1, leads: [{ name: 'Ada Sharer' }] });
    const csv = await staffA.req({ method: 'GET', url: leads(standA, '.csv') });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="leads-.*\.csv"/);
    expect(csv.body.split('\r\n').filter(Boolean)).toHaveLength(2);
    const everything = [counted.body, list.body, csv.body, JSON.stringify((await auditEntries(app)).filter((a) => a.action.startsWith('event.')))].join('\n');
    for (const x of [w.private.email, 'Paul Private', w.private.id, w.private.registrationId, w.private.reference]) expect(everything).not.toContain(x);
    // Nothing stored for the private attendee names them: the count table holds a keyed digest only.
    const db = app.platform.database.db;
    const rows = await db.selectFrom('event_lead_counts').selectAll().where('exhibitor_id', '=', standA).execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(w.private.registrationId);
    expect(await db.selectFrom('event_leads').select('registration_id').where('exhibitor_id', '=', standA).execute()).toEqual([{ registration_id: w.sharing.registrationId }]);
  });

  it('an attendee who stops sharing is no longer named: the lead turns into a count', async () => {
    const db = app.platform.database.db;
    await db.updateTable('event_registrations').set({ share_with_exhibitors: 0 }).where('id', '=', w.sharing.registrationId).execute();
    const list = await staffA.req({ method: 'GET', url: leads(standA) });
    expect(list.json()).toMatchObject({ leads: [], counted: 2 });
    expect((await staffA.req({ method: 'GET', url: leads(standA, '.csv') })).body).not.toContain(w.sharing.email);
    await db.updateTable('event_registrations').set({ share_with_exhibitors: 1 }).where('id', '=', w.sharing.registrationId).execute();
  });

  it("another exhibitor's staff are told the stand's leads do not exist; attendees too", async () => {
    expectError(await staffB.req({ method: 'GET', url: leads(standA) }), 404, 'NOT_FOUND');
    expectError(await staffB.req({ method: 'GET', url: leads(standA, '.csv') }), 404, 'NOT_FOUND');
    expectError(await scan(staffB, standA, w.sharing.code), 404, 'NOT_FOUND');
    const leadId = (await staffA.req({ method: 'GET', url: leads(standA) })).json().leads[0].id as string;
    expectError(await staffB.req({ method: 'PUT', url: leads(standA, `/${leadId}/note`), payload: { note: 'mine now' } }), 404, 'NOT_FOUND');
    expectError(await staffB.req({ method: 'PUT', url: leads(standB, `/${leadId}/note`), payload: { note: 'mine now' } }), 404, 'NOT_FOUND');
    const attendee = await signIn(app, w.sharing.email);
    expectError(await attendee.req({ method: 'GET', url: leads(standA) }), 404, 'NOT_FOUND');
    // Stand B's own list is empty; organisers see stand A's.
    expect((await staffB.req({ method: 'GET', url: leads(standB) })).json()).toMatchObject({ leads: [], counted: 0 });
    expect((await w.organiser.req({ method: 'GET', url: leads(standA) })).json().leads).toHaveLength(1);
    // The stands each person staffs.
    expect((await staffB.req({ method: 'GET', url: `/api/v1/me/stands/${w.event.slug}` })).json().stands.map((s: { id: string }) => s.id)).toEqual([standB]);
    expect((await attendee.req({ method: 'GET', url: `/api/v1/me/stands/${w.event.slug}` })).json().stands).toEqual([]);
  });

  it('made-up codes, codes of another event and unknown references are refused', async () => {
    const tampered = `${w.sharing.code.slice(0, -4)}${w.sharing.code.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    expectError(await scan(staffA, standA, tampered), 400, 'VALIDATION_FAILED');
    const row = await app.platform.database.db.selectFrom('events').select(['id', 'checkin_private_key']).where('id', '=', w.event.id).executeTakeFirstOrThrow();
    // Signed with the right key but naming no registration.
    expectError(await scan(staffA, standA, signCheckInCode(row, newId(), sealingSecret(app.config, () => {}))), 404, 'NOT_FOUND');
    const other = await insertEvent(app, { createdBy: w.organiser.id, title: 'Other Meetup' });
    const otherRow = await app.platform.database.db.selectFrom('events').select(['id', 'checkin_private_key']).where('id', '=', other.id).executeTakeFirstOrThrow();
    expectError(await scan(staffA, standA, signCheckInCode(otherRow, w.sharing.registrationId, sealingSecret(app.config, () => {}))), 400, 'VALIDATION_FAILED');
    expectError(await scan(staffA, standA, 'ZZZZ-ZZZZ'), 404, 'NOT_FOUND');
    expectError(await scan(staffA, standA, 'hello world'), 400, 'VALIDATION_FAILED');
    expect((await staffA.req({ method: 'GET', url: leads(standA) })).json()).toMatchObject({ counted: 1 });
  });

  it('staff keep a note on a named lead; the CSV defuses cells a spreadsheet would run', async () => {
    const leadId = (await staffA.req({ method: 'GET', url: leads(standA) })).json().leads[0].id as string;
    const res = await staffA.req({ method: 'PUT', url: leads(standA, `/${leadId}/note`), payload: { note: '=HYPERLINK("http://evil.example","x")\nwants a demo' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().note).toContain('wants a demo');
    const csv = (await staffA.req({ method: 'GET', url: leads(standA, '.csv') })).body;
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")\nwants a demo"`);
  });

  it('removing an exhibitor removes its leads and counts', async () => {
    expect((await w.organiser.req({ method: 'DELETE', url: `/api/v1/events/${w.event.id}/exhibitors/${standA}` })).statusCode).toBe(200);
    const db = app.platform.database.db;
    expect(await db.selectFrom('event_leads').select('id').where('exhibitor_id', '=', standA).execute()).toEqual([]);
    expect(await db.selectFrom('event_lead_counts').select('digest').where('exhibitor_id', '=', standA).execute()).toEqual([]);
    expectError(await staffA.req({ method: 'GET', url: leads(standA) }), 404, 'NOT_FOUND');
  });
});
