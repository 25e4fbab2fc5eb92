import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, expectError, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { certItem, multipart, pdfBytes, talkItem, withDefaultScheme, workItem } from './support.js';

let app: TestApp;
let alice: Browser & { id: string };
let bob: Browser & { id: string };
let assessor: Browser & { id: string };
beforeAll(async () => {
  app = await testApp();
  await withDefaultScheme(app);
  alice = await signedInUser(app, 'alice@example.org');
  bob = await signedInUser(app, 'bob@example.org');
  assessor = await signedInUser(app, 'assessor@example.org', ['assessor']);
});
afterAll(async () => {
  await app?.close();
});

const add = (b: Browser, payload: object) => b.req({ method: 'POST', url: '/api/v1/me/portfolio/items', payload });
const portfolioOf = async (b: Browser) => {
  const res = await b.req({ method: 'GET', url: '/api/v1/me/portfolio' });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const eligibilityOf = async (b: Browser) => {
  const res = await b.req({ method: 'GET', url: '/api/v1/me/eligibility' });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const issuesOf = (res: { statusCode: number; body: string; json: () => any }) => {
  const e = expectError(res as never, 400, 'VALIDATION_FAILED');
  return (e.details.issues as Array<{ path: string; message: string }>).map((i) => i.path);
};

describe('the portfolio, evidence and eligibility', () => {
  it('adds, reads, evaluates, updates and deletes items; evidence supports several items', async () => {
    const job = await add(alice, workItem());
    expect(job.statusCode, job.body).toBe(201);
    const jobId = job.json().item.id as string;
    expect(job.json().item).toMatchObject({ kind: 'work', employer: 'Acme Ltd', referee: { name: 'Pat Doe' }, evidenceIds: [] });
    const cert = (await add(alice, certItem('itil4-foundation'))).json().item;
    const talk = (await add(alice, talkItem({ id: 'client-chosen-id' }))).json().item;
    expect(talk.id).not.toBe('client-chosen-id');

    const e1 = await eligibilityOf(alice);
    expect(e1.schemeVersion).toMatchObject({ number: 1 });
    expect(e1.evaluation.reached).toMatchObject({ id: 'member' });
    const professional = e1.evaluation.levels.find((l: { id: string }) => l.id === 'professional');
    expect(professional.eligible).toBe(false);
    expect(professional.gaps.map((g: { requirement: string }) => g.requirement)).toContain('responsibility');

    const upload = await alice.req({ method: 'POST', url: '/api/v1/me/evidence', ...multipart({ title: 'ITIL certificate', itemIds: [cert.id, jobId] }, { name: 'cert.pdf', type: 'application/pdf', bytes: pdfBytes() }) });
    expect(upload.statusCode, upload.body).toBe(201);
    const ev = upload.json();
    expect(ev).toMatchObject({ kind: 'file', title: 'ITIL certificate', file: { mediaType: 'application/pdf' }, itemIds: expect.arrayContaining([cert.id, jobId]) });
    const link = await alice.req({ method: 'POST', url: '/api/v1/me/evidence', payload: { title: 'Recording', url: 'https://example.org/recording', itemIds: [talk.id] } });
    expect(link.statusCode, link.body).toBe(201);

    const view = await portfolioOf(alice);
    expect(view.items).toHaveLength(3);
    expect(view.items.find((i: { id: string }) => i.id === jobId).evidenceIds).toEqual([ev.id]);
    expect(view.evidence.map((e: { kind: string }) => e.kind).sort()).toEqual(['file', 'link']);
    expect(view.meta[jobId]).toMatchObject({ createdAt: expect.any(String), notices: [] });

    const file = await alice.req({ method: 'GET', url: ev.href });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.rawPayload.equals(pdfBytes())).toBe(true);
    expect((await assessor.req({ method: 'GET', url: ev.href })).statusCode).toBe(200);
    const schemeAdmin = await signedInUser(app, 'scheme-admin@example.org', ['scheme_admin']);
    expect((await schemeAdmin.req({ method: 'GET', url: ev.href })).statusCode).toBe(200);
    expectError(await bob.req({ method: 'GET', url: ev.href }), 404, 'NOT_FOUND');

    // Raising the responsibility level to 5 for years reaches Professional's responsibility requirement.
    const upd = await alice.req({ method: 'PUT', url: `/api/v1/me/portfolio/items/${jobId}`, payload: { ...workItem({ responsibilityLevel: 6 }), id: jobId, evidenceIds: [ev.id] } });
    expect(upd.statusCode, upd.body).toBe(200);
    expect(upd.json().item).toMatchObject({ id: jobId, responsibilityLevel: 6, evidenceIds: [ev.id] });
    const e2 = await eligibilityOf(alice);
    expect(e2.evaluation.total).toBeGreaterThan(e1.evaluation.total);

    const del = await alice.req({ method: 'DELETE', url: `/api/v1/me/portfolio/items/${talk.id}` });
    expect(del.statusCode, del.body).toBe(200);
    expect((await portfolioOf(alice)).items.map((i: { id: string }) => i.id)).not.toContain(talk.id);
  });

  it('answers field-level errors: end before start, future dates, unknown certificates, unknown fields', async () => {
    expect(issuesOf(await add(alice, workItem({ startOn: '2020-05-01', endOn: '2019-01-01' })))).toEqual(['body.endOn']);
    expect(issuesOf(await add(alice, certItem('itil4-foundation', { awardedOn: '2027-01-01' })))).toEqual(['body.awardedOn']);
    expect(issuesOf(await add(alice, certItem('made-up-cert')))).toEqual(['body.catalogueId']);
    expect(issuesOf(await add(alice, workItem({ skills: ['juggling'] })))).toEqual(['body.skills[0]']);
    expect(issuesOf(await add(alice, { ...talkItem(), colour: 'red' }))).toContain('body.colour');
    expect(issuesOf(await add(alice, workItem({ referee: { name: 'X', email: 'nope', relationship: 'Boss' } })))).toEqual(['body.referee.email']);
  });

  it('allows overlapping jobs with a notice, and counts the overlap once', async () => {
    const m = await signedInUser(app, 'overlap@example.org');
    await add(m, workItem({ startOn: '2020-01-01', endOn: '2022-12-31' }));
    const before = (await eligibilityOf(m)).evaluation.experienceMonths;
    const res = await add(m, workItem({ employer: 'Side Co', startOn: '2021-01-01', endOn: '2021-12-31' }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().meta.notices).toEqual([expect.objectContaining({ field: 'startOn', message: expect.stringMatching(/overlap/i) })]);
    expect((await eligibilityOf(m)).evaluation.experienceMonths).toBe(before);
  });

  it("answers 404 for someone else's items and evidence", async () => {
    const bobsItem = (await add(bob, talkItem())).json().item;
    const bobsEvidence = (await bob.req({ method: 'POST', url: '/api/v1/me/evidence', payload: { title: 'Slides', url: 'https://example.org/s', itemIds: [bobsItem.id] } })).json();
    expectError(await alice.req({ method: 'PUT', url: `/api/v1/me/portfolio/items/${bobsItem.id}`, payload: talkItem() }), 404, 'NOT_FOUND');
    expectError(await alice.req({ method: 'DELETE', url: `/api/v1/me/portfolio/items/${bobsItem.id}` }), 404, 'NOT_FOUND');
    expectError(await alice.req({ method: 'POST', url: '/api/v1/me/evidence', payload: { title: 'Mine', url: 'https://example.org/m', itemIds: [bobsItem.id] } }), 404, 'NOT_FOUND');
    expect(issuesOf(await add(alice, talkItem({ evidenceIds: [bobsEvidence.id] })))).toEqual(['body.evidenceIds[0]']);
    expect((await portfolioOf(bob)).items).toHaveLength(1);
  });

  it('refuses files by content, size and emptiness', async () => {
    const item = (await add(alice, talkItem())).json().item;
    const up = (bytes: Buffer, name = 'file.pdf') =>
      alice.req({ method: 'POST', url: '/api/v1/me/evidence', ...multipart({ title: 'A file', itemIds: item.id }, { name, type: 'application/pdf', bytes }) });
    const text = expectError(await up(Buffer.from('just some text, not a PDF at all\n'.repeat(20))), 415, 'UNSUPPORTED_FILE_TYPE');
    expect(text.message).toMatch(/application\/pdf/);
    expectError(await up(Buffer.concat([pdfBytes(), Buffer.alloc(10 * 1024 * 1024)])), 413, 'PAYLOAD_TOO_LARGE');
    expectError(await up(Buffer.alloc(0)), 400, 'VALIDATION_FAILED');
    const none = await alice.req({ method: 'POST', url: '/api/v1/me/evidence', ...multipart({ title: 'No file', itemIds: item.id }) });
    expect(issuesOf(none)).toEqual(['body.file']);
    const after = await portfolioOf(alice);
    expect(after.evidence.filter((e: { title: string }) => e.title === 'A file')).toEqual([]);
  });

  it('evaluates what-if items without saving them', async () => {
    const m = await signedInUser(app, 'whatif@example.org');
    await add(m, workItem({ startOn: '2019-01-01', responsibilityLevel: 3 }));
    const base = await eligibilityOf(m);
    const res = await m.req({ method: 'POST', url: '/api/v1/me/eligibility/what-if', payload: { items: [certItem('itil4-foundation'), talkItem()] } });
    expect(res.statusCode, res.body).toBe(200);
    const w = res.json();
    expect(w.hypotheticalItemIds).toEqual(['what-if-1', 'what-if-2']);
    expect(w.evaluation.total).toBe(base.evaluation.total + 20);
    const bad = await m.req({ method: 'POST', url: '/api/v1/me/eligibility/what-if', payload: { items: [certItem('nope')] } });
    expect(issuesOf(bad)).toEqual(['body.items[0].catalogueId']);
    expect((await portfolioOf(m)).items).toHaveLength(1);
    expect((await eligibilityOf(m)).evaluation.total).toBe(base.evaluation.total);
  });

  it('answers fresh eligibility after writes, including writes this process did not make', async () => {
    const m = await signedInUser(app, 'fresh@example.org');
    const first = (await add(m, talkItem())).json().item;
    expect((await eligibilityOf(m)).evaluation.total).toBe(10);
    await add(m, talkItem({ title: 'Second talk' }));
    expect((await eligibilityOf(m)).evaluation.total).toBe(20);
    await m.req({ method: 'DELETE', url: `/api/v1/me/portfolio/items/${first.id}` });
    expect((await eligibilityOf(m)).evaluation.total).toBe(10);
    // As another server process would: straight into the table, bypassing this process's service.
    const db = app.platform.database.db;
    const at = app.clock.now().toISOString();
    await db.insertInto('portfolio_items').values({ id: `zz-${m.id}`, member_id: m.id, kind: 'contribution', data: JSON.stringify({ kind: 'contribution', type: 'talk', title: 'Elsewhere', date: '2024-01-01' }), created_at: at, updated_at: at }).execute();
    expect((await eligibilityOf(m)).evaluation.total).toBe(20);
    app.clock.advance(1000);
    await db.updateTable('portfolio_items').set({ data: JSON.stringify({ kind: 'contribution', type: 'book', title: 'Elsewhere', date: '2024-01-01' }), updated_at: app.clock.now().toISOString() }).where('id', '=', `zz-${m.id}`).execute();
    expect((await eligibilityOf(m)).evaluation.total).toBe(50);
  });

  it('needs a signed-in member', async () => {
    const res = await app.app.inject({ method: 'GET', url: '/api/v1/me/eligibility' });
    expect(res.statusCode).toBe(401);
  });
});
