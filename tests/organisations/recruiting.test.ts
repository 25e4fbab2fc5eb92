import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshCandidates } from '../../server/modules/organisations/recruiting/recruiting.jobs.js';
import { CONTACT_LIMIT_PER_DAY } from '../../server/modules/organisations/recruiting/recruiting.service.js';
import { auditEntries, type Browser, call, expectError, type Json, lastMail, mailsTo, signIn, signedInUser, tokenFromText } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { holder, schemeVersion } from '../register/support.js';
import { certification, organisation, portfolioItem, work } from './fixtures-recruiting.js';

let app: TestApp;
let orgId: string;
let otherOrgId: string;
let recruiter: Browser & { id: string };
let lineManager: Browser & { id: string };
let outsider: Browser & { id: string };
let otherAdmin: Browser & { id: string };
let anna: { id: string };
let ben: { id: string };
let carla: { id: string };
let quiet: { id: string };

const listing = (b: Browser, body: Json) => b.req({ method: 'PUT', url: '/api/v1/me/register-listing', payload: { listed: true, showCountry: true, ...body } });

beforeAll(async () => {
  app = await testApp();
  const versionId = await schemeVersion(app);
  anna = await holder(app, versionId, { email: 'anna@example.org', name: 'Anna Müller', country: 'DE', levels: ['associate', 'member'] });
  ben = await holder(app, versionId, { email: 'ben@example.org', name: 'Ben Okafor', country: 'GB', levels: ['professional'] });
  carla = await holder(app, versionId, { email: 'carla@example.org', name: 'Carla Silva', country: 'GB', levels: ['member'] });
  quiet = await holder(app, versionId, { email: 'quiet@example.org', name: 'Quentin Quiet', country: 'GB', levels: ['member'] });
  for (const [who, certs, levels] of [
    [anna, ['ITIL 4 Foundation', 'ISO/IEC 20000 Practitioner'], [[4, '2019-01-01', null], [6, '2015-01-01', '2018-12-31']]],
    [ben, ['ITIL® 4 Foundation'], [[5, '2020-01-01', null]]],
    [carla, ['ITIL 4 Foundation'], [[3, '2021-01-01', null]]],
  ] as const) {
    for (const c of certs) await portfolioItem(app, who.id, certification(c));
    for (const [l, s, e] of levels) await portfolioItem(app, who.id, work(l, s, e));
  }
  // Anna lists everything, Ben only his certifications, Carla is listed without opting in to either.
  expect((await listing(await signIn(app, 'anna@example.org'), { listCertifications: true, listResponsibility: true })).statusCode).toBe(200);
  expect((await listing(await signIn(app, 'ben@example.org'), { listCertifications: true })).statusCode).toBe(200);
  expect((await listing(await signIn(app, 'carla@example.org'), {})).statusCode).toBe(200);
  recruiter = await signedInUser(app, 'recruiter@fabrikam.example');
  lineManager = await signedInUser(app, 'lm@fabrikam.example');
  outsider = await signedInUser(app, 'outsider@example.org');
  otherAdmin = await signedInUser(app, 'admin@contoso.example');
  orgId = await organisation(app, 'Fabrikam Recruitment', [
    { userId: recruiter.id, role: 'hr' },
    { userId: lineManager.id, role: 'line_manager' },
  ]);
  otherOrgId = await organisation(app, 'Contoso', [{ userId: otherAdmin.id, role: 'admin' }]);
});
afterAll(async () => {
  await app?.close();
});

const search = (b: Browser, qs = '', org = orgId) => b.req({ method: 'GET', url: `/api/v1/organisations/${org}/candidates${qs ? `?${qs}` : ''}` });
async function names(qs: string): Promise<string[]> {
  const res = await search(recruiter, qs);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.body).not.toContain('@');
  return res.json().results.map((r: Json) => r.name);
}
const contact = (b: Browser, candidateId: string, payload: Json = { subject: 'A service desk role', body: 'We would like to talk to you about a service manager role in Leeds.' }, org = orgId) =>
  b.req({ method: 'POST', url: `/api/v1/organisations/${org}/candidates/${candidateId}/messages`, payload });

describe('candidate search', () => {
  it('lists only listed holders, with certifications and responsibility only where they chose', async () => {
    expect(await names('')).toEqual(['Anna Müller', 'Ben Okafor', 'Carla Silva']);
    const res = (await search(recruiter, '')).json().results as Json[];
    const byName = Object.fromEntries(res.map((r) => [r.name, r]));
    expect(byName['Anna Müller']).toMatchObject({ candidateId: anna.id, country: 'DE', certifications: ['ISO/IEC 20000 Practitioner', 'ITIL 4 Foundation'], responsibilityLevel: 4 });
    expect(byName['Ben Okafor']).toMatchObject({ certifications: ['ITIL® 4 Foundation'], responsibilityLevel: null });
    expect(byName['Carla Silva']).toMatchObject({ certifications: null, responsibilityLevel: null });
  });

  it('filters by level, country, certification and responsibility (the last two only among holders who list them)', async () => {
    expect(await names('level=member')).toEqual(['Anna Müller', 'Carla Silva']);
    expect(await names('country=gb')).toEqual(['Ben Okafor', 'Carla Silva']);
    expect(await names('certification=itil%204%20foundation')).toEqual(['Anna Müller', 'Ben Okafor']);
    expect(await names('certification=ITIL%204%20Foundation&country=GB')).toEqual(['Ben Okafor']);
    expect(await names('minResponsibility=4')).toEqual(['Anna Müller']);
    expect(await names('minResponsibility=5')).toEqual([]); // Anna's level 6 role has ended; Ben does not list his
    expect(await names('level=member&minResponsibility=1&certification=ITIL 4 Foundation')).toEqual(['Anna Müller']);
  });

  it('pages with a cursor and refuses bad input, naming the field', async () => {
    const first = (await search(recruiter, 'limit=2')).json();
    expect(first.results.map((r: Json) => r.name)).toEqual(['Anna Müller', 'Ben Okafor']);
    const second = (await search(recruiter, `limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.results.map((r: Json) => r.name)).toEqual(['Carla Silva']);
    expect(second.nextCursor).toBeNull();
    const bad = expectError(await search(recruiter, 'minResponsibility=9'), 400, 'VALIDATION_FAILED');
    expect(JSON.stringify(bad.details)).toContain('minResponsibility');
    expect(expectError(await search(recruiter, 'cursor=nonsense'), 400, 'VALIDATION_FAILED').message).toMatch(/cursor/);
    expectError(await search(recruiter, 'country=Germany'), 400, 'VALIDATION_FAILED');
    expectError(await search(recruiter, 'certification=%20%2B%2B'), 400, 'VALIDATION_FAILED');
  });

  it('follows a holder who withdraws a choice or leaves the register', async () => {
    const ben2 = await signIn(app, 'ben@example.org');
    await listing(ben2, { listCertifications: false });
    expect(await names('certification=ITIL 4 Foundation')).toEqual(['Anna Müller']);
    expect((await search(recruiter, 'country=GB')).json().results.find((r: Json) => r.name === 'Ben Okafor').certifications).toBeNull();
    await ben2.req({ method: 'PUT', url: '/api/v1/me/register-listing', payload: { listed: false, showCountry: false, listCertifications: true } });
    expect(await names('')).toEqual(['Anna Müller', 'Carla Silva']);
    await listing(ben2, { listCertifications: true });
    expect(await names('certification=ITIL 4 Foundation')).toEqual(['Anna Müller', 'Ben Okafor']);
  });

  it('picks up portfolio changes in the daily refresh', async () => {
    await portfolioItem(app, anna.id, work(7, '2024-01-01', null));
    expect(await names('minResponsibility=7')).toEqual([]);
    expect(await refreshCandidates(app.platform.database.db, app.clock)).toBe(2);
    expect(await names('minResponsibility=7')).toEqual(['Anna Müller']);
  });

  it('is open to the organisation’s staff only', async () => {
    expectError(await search(outsider, ''), 404, 'NOT_FOUND');
    expectError(await search(otherAdmin, ''), 404, 'NOT_FOUND');
    expect((await search(lineManager, '')).statusCode).toBe(200);
    expectError(await call(app, { method: 'GET', url: `/api/v1/organisations/${orgId}/candidates` }), 401, 'NOT_AUTHENTICATED');
  });
});

describe('getting in touch', () => {
  it('relays the message by mail without showing the member’s address until they reply', async () => {
    const sent = await contact(recruiter, anna.id);
    expect(sent.statusCode, sent.body).toBe(201);
    const mail = await lastMail(app, 'anna@example.org');
    expect(mail.subject).toBe('Fabrikam Recruitment: A service desk role');
    expect(mail.text_body).toContain('service manager role in Leeds');
    expect(mail.text_body).toContain('/messages/report?token=');
    expect(mail.text_body).toContain(`/account/messages#message-${sent.json().id}`);

    const before = await recruiter.req({ method: 'GET', url: `/api/v1/organisations/${orgId}/messages` });
    expect(before.statusCode).toBe(200);
    expect(before.body).not.toContain('anna@example.org');
    expect(before.json().messages[0]).toMatchObject({ candidateName: 'Anna Müller', reply: null, sentBy: 'recruiter' });
    expect(before.json().allowance).toMatchObject({ limit: CONTACT_LIMIT_PER_DAY, sent: 1, suspended: false });

    const annaB = await signIn(app, 'anna@example.org');
    const inbox = await annaB.req({ method: 'GET', url: '/api/v1/me/messages' });
    expect(inbox.json().messages).toEqual([expect.objectContaining({ id: sent.json().id, organisationName: 'Fabrikam Recruitment', senderName: 'recruiter', reply: null, reported: false })]);
    expect((await outsider.req({ method: 'GET', url: '/api/v1/me/messages' })).json().messages).toEqual([]);

    expectError(await outsider.req({ method: 'POST', url: `/api/v1/me/messages/${sent.json().id}/reply`, payload: { body: 'Not mine' } }), 404, 'NOT_FOUND');
    expectError(await annaB.req({ method: 'POST', url: `/api/v1/me/messages/${sent.json().id}/reply`, payload: { body: '   ' } }), 400, 'VALIDATION_FAILED');
    const replied = await annaB.req({ method: 'POST', url: `/api/v1/me/messages/${sent.json().id}/reply`, payload: { body: 'Happy to talk next week.' } });
    expect(replied.statusCode, replied.body).toBe(200);
    expectError(await annaB.req({ method: 'POST', url: `/api/v1/me/messages/${sent.json().id}/reply`, payload: { body: 'Again' } }), 409, 'CONFLICT');
    const replyMail = await lastMail(app, 'recruiter@fabrikam.example');
    expect(replyMail.text_body).toContain('anna@example.org');
    expect(replyMail.text_body).toContain('Happy to talk next week.');

    const after = (await recruiter.req({ method: 'GET', url: `/api/v1/organisations/${orgId}/messages` })).json();
    expect(after.messages[0].reply).toMatchObject({ body: 'Happy to talk next week.', email: 'anna@example.org' });
    expect((await auditEntries(app, 'recruiting.contact_replied')).length).toBe(1);
  });

  it('keeps other organisations out of the messages and refuses holders who are not listed', async () => {
    expectError(await otherAdmin.req({ method: 'GET', url: `/api/v1/organisations/${orgId}/messages` }), 404, 'NOT_FOUND');
    const theirs = (await otherAdmin.req({ method: 'GET', url: `/api/v1/organisations/${otherOrgId}/messages` })).json();
    expect(theirs.messages).toEqual([]);
    expectError(await contact(otherAdmin, anna.id, undefined, orgId), 404, 'NOT_FOUND');
    expectError(await contact(recruiter, quiet.id), 404, 'NOT_FOUND');
    expect(await mailsTo(app, 'quiet@example.org')).toEqual([]);
  });

  it('refuses bad input with the field to fix', async () => {
    const res = expectError(await contact(recruiter, carla.id, { subject: 'Hi', body: 'short' }), 400, 'VALIDATION_FAILED');
    expect(JSON.stringify(res.details)).toMatch(/subject/);
    expect(JSON.stringify(res.details)).toMatch(/body/);
    expectError(await contact(recruiter, carla.id, { subject: 'A role', body: 'x'.repeat(30), cc: 'me' }), 400, 'VALIDATION_FAILED');
  });

  it('limits an organisation to a day’s messages, saying when it may send again', async () => {
    const start = app.clock.now();
    const have = (await recruiter.req({ method: 'GET', url: `/api/v1/organisations/${orgId}/messages` })).json().allowance.sent as number;
    for (let i = have; i < CONTACT_LIMIT_PER_DAY; i++) {
      app.clock.advance(60_000);
      expect((await contact(lineManager, carla.id)).statusCode).toBe(201);
    }
    const mailsBefore = (await mailsTo(app, 'carla@example.org')).length;
    const refused = expectError(await contact(recruiter, carla.id), 429, 'RATE_LIMITED');
    expect(refused.message).toMatch(/20 messages in the last 24 hours/);
    expect(refused.details.resetsAt).toBe(new Date(Date.parse(refused.details.resetsAt)).toISOString());
    expect(refused.message).toContain(refused.details.resetsAt.slice(0, 10));
    expect((await mailsTo(app, 'carla@example.org')).length).toBe(mailsBefore);
    // Another organisation's allowance is its own.
    expect((await contact(otherAdmin, carla.id, undefined, otherOrgId)).statusCode).toBe(201);
    app.clock.set(new Date(Date.parse(refused.details.resetsAt) + 1000));
    expect((await contact(recruiter, carla.id)).statusCode).toBe(201);
    app.clock.set(new Date(start.getTime() + 2 * 86_400_000));
  });
});

describe('the daily limit under load', () => {
  it('lets exactly the limit through when many messages are sent at once', async () => {
    const burstAdmin = await signedInUser(app, 'burst@example.org');
    const burstOrg = await organisation(app, 'Burst', [{ userId: burstAdmin.id, role: 'admin' }]);
    const answers = await Promise.all(Array.from({ length: CONTACT_LIMIT_PER_DAY + 5 }, () => contact(burstAdmin, carla.id, undefined, burstOrg)));
    expect(answers.filter((r) => r.statusCode === 201)).toHaveLength(CONTACT_LIMIT_PER_DAY);
    expect(answers.filter((r) => r.statusCode === 429)).toHaveLength(5);
  });
});

describe('abuse reports', () => {
  it('records a report from the mail’s link for scheme administrators, who may suspend the organisation’s messaging', async () => {
    const sent = await contact(recruiter, ben.id, { subject: 'Unwelcome', body: 'This is an unwelcome message sent to Ben.' });
    expect(sent.statusCode).toBe(201);
    const token = tokenFromText((await lastMail(app, 'ben@example.org')).text_body, '/messages/report');
    expectError(await call(app, { method: 'POST', url: '/api/v1/contact-reports', payload: { token: 'x'.repeat(40), reason: 'spam' } }), 400, 'INVALID_TOKEN');
    expectError(await call(app, { method: 'POST', url: '/api/v1/contact-reports', payload: { reason: 'spam' } }), 400, 'VALIDATION_FAILED');
    const reported = await call(app, { method: 'POST', url: '/api/v1/contact-reports', payload: { token, reason: 'Unwanted and rude' } });
    expect(reported.statusCode, reported.body).toBe(202);
    expectError(await call(app, { method: 'POST', url: '/api/v1/contact-reports', payload: { token, reason: 'Again' } }), 409, 'CONFLICT');

    const scheme = await signedInUser(app, 'scheme@example.org', ['scheme_admin']);
    expectError(await recruiter.req({ method: 'GET', url: '/api/v1/admin/contact-reports' }), 403, 'FORBIDDEN');
    const list = (await scheme.req({ method: 'GET', url: '/api/v1/admin/contact-reports' })).json();
    expect(list.reports[0]).toMatchObject({ via: 'link', reason: 'Unwanted and rude', organisationId: orgId, organisationName: 'Fabrikam Recruitment', messagingSuspended: false, message: { subject: 'Unwelcome' } });
    expect(JSON.stringify(list)).not.toContain('ben@example.org');

    expectError(await scheme.req({ method: 'PUT', url: `/api/v1/admin/organisations/${orgId}/messaging`, payload: { suspended: true } }), 400, 'VALIDATION_FAILED');
    const stop = await scheme.req({ method: 'PUT', url: `/api/v1/admin/organisations/${orgId}/messaging`, payload: { suspended: true, reason: 'Reports of unwanted messages' } });
    expect(stop.statusCode, stop.body).toBe(200);
    const refused = expectError(await contact(recruiter, carla.id), 403, 'FORBIDDEN');
    expect(refused.message).toMatch(/suspended/);
    expect((await scheme.req({ method: 'GET', url: '/api/v1/admin/contact-reports' })).json().reports[0].messagingSuspended).toBe(true);
    await scheme.req({ method: 'PUT', url: `/api/v1/admin/organisations/${orgId}/messaging`, payload: { suspended: false } });
    expect((await contact(recruiter, carla.id)).statusCode).toBe(201);
    expect((await auditEntries(app, 'recruiting.messaging_suspended')).length).toBe(1);
  });

  it('lets the signed-in member report a message of theirs, and no one else’s', async () => {
    const sent = await contact(recruiter, anna.id, { subject: 'Second note', body: 'Another message to Anna about the same role.' });
    const id = sent.json().id as string;
    expectError(await outsider.req({ method: 'POST', url: '/api/v1/contact-reports', payload: { messageId: id, reason: 'not mine' } }), 404, 'NOT_FOUND');
    expectError(await call(app, { method: 'POST', url: '/api/v1/contact-reports', payload: { messageId: id, reason: 'signed out' } }), 401, 'NOT_AUTHENTICATED');
    const annaB = await signIn(app, 'anna@example.org');
    expect((await annaB.req({ method: 'POST', url: '/api/v1/contact-reports', payload: { messageId: id, reason: 'Too many messages' } })).statusCode).toBe(202);
    const mine = (await annaB.req({ method: 'GET', url: '/api/v1/me/messages' })).json().messages as Json[];
    expect(mine.find((m) => m.id === id)?.reported).toBe(true);
  });
});
