import { monitorEventLoopDelay } from 'node:perf_hooks';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../server/platform/ids.js';
import { parseCsv } from '../../server/modules/cpd/csv.js';
import { csvHeader } from '../../server/modules/cpd/export.service.js';
import { type Browser, call, expectError, type Json, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { withDefaultScheme } from '../portfolio/support.js';
import { pageText } from '../support/pdf-text.js';
import { holdCredential, manualActivity } from './standards-support.js';

let app: TestApp;
let member: Browser & { id: string };
let tricky: string;
const get = (format: string) => member.req({ method: 'GET', url: `/api/v1/me/cpd/export?format=${format}` });

beforeAll(async () => {
  app = await testApp({ now: '2026-11-25T10:00:00.000Z' });
  const { versionId } = await withDefaultScheme(app);
  member = await signedInUser(app, 'exporter@example.org', ['member']);
  await holdCredential(app, versionId, member.id, '2025-03-01');
  const res = await member.req({
    method: 'POST',
    url: '/api/v1/me/cpd/activities',
    payload: { type: 'training', title: '=HYPERLINK("http://evil.example","click")', occurredOn: '2026-04-01', hours: 2.5, provider: 'Acme, "the" trainers', learned: 'Line one\nline two — with ünïcode and 漢字', apply: '+SUM(A1:A3)', details: {} },
  });
  expect(res.statusCode, res.body).toBe(201);
  tricky = res.json().id;
  const ev = newId();
  await app.platform.database.db.insertInto('evidence').values({ id: ev, member_id: member.id, kind: 'link', title: 'Certificate, signed', file_sha256: null, url: 'https://example.org/c', created_at: '2026-04-02T00:00:00.000Z' }).execute();
  await app.platform.database.db.insertInto('cpd_activity_evidence').values({ activity_id: tricky, evidence_id: ev }).execute();
  for (let i = 0; i < 70; i++) await manualActivity(app, member.id, { occurredOn: `2026-0${1 + (i % 9)}-1${i % 10}`, hours: 1 + (i % 4) * 0.25, title: `Activity ${i} with a longer title that needs wrapping in the table of the PDF export` });
  await member.req({ method: 'POST', url: '/api/v1/me/cpd/tracked-credentials', payload: { name: 'PM credential', issuer: 'PM body', ruleSetKey: 'project-management', cycleStart: '2025-01-01' } });
});
afterAll(async () => {
  await app?.close();
});

describe('exporting the CPD record', () => {
  it('gives the whole record as JSON: activities with reflections and evidence, tracked credentials, summaries, audits', async () => {
    const res = await get('json');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="cpd-record-2026-11-25.json"');
    const r = res.json();
    expect(r.member).toEqual({ id: member.id, name: 'exporter', email: 'exporter@example.org' });
    expect(r.activities).toHaveLength(71);
    expect(r.activities.find((a: Json) => a.id === tricky)).toMatchObject({ hours: 2.5, learned: 'Line one\nline two — with ünïcode and 漢字', evidence: [{ title: 'Certificate, signed' }], typeLabel: 'Formal training' });
    expect(r.trackedCredentials.map((t: Json) => t.ruleSetKey)).toEqual(['project-management']);
    expect(r.summary.credentials.map((c: Json) => c.credential.kind)).toEqual(['body', 'tracked']);
    expect(r.audits).toEqual([]);
  });

  it('gives the activities as RFC 4180 CSV that parses back, with formulas defused', async () => {
    const res = await get('csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const parsed = parseCsv(res.body);
    expect(parsed.error).toBeNull();
    const [head, ...rows] = parsed.records.map((r) => r.fields);
    expect(head).toEqual(csvHeader);
    expect(rows).toHaveLength(71);
    const row = rows.find((r) => r[12] === tricky)!;
    expect(row.slice(0, 12)).toEqual(['2026-04-01', 'Formal training', `'=HYPERLINK("http://evil.example","click")`, '2.5', 'Acme, "the" trainers', 'manual', 'no', '', '', 'Line one\nline two — with ünïcode and 漢字', "'+SUM(A1:A3)", 'Certificate, signed']);
    expect(res.body.includes('\r\n')).toBe(true);
  });

  it('gives a PDF with a readable table over several pages', async () => {
    const res = await get('pdf');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const doc = await PDFDocument.load(res.rawPayload);
    expect(doc.getPageCount()).toBeGreaterThan(1);
    expect(doc.getTitle()).toBe('CPD record of exporter');
  });

  it('needs a signed-in member and a known format', async () => {
    expectError(await call(app, { method: 'GET', url: '/api/v1/me/cpd/export' }), 401, 'NOT_AUTHENTICATED');
    expectError(await get('xml'), 400, 'VALIDATION_FAILED');
    const entries = await app.platform.database.db.selectFrom('audit_log').select('details').where('action', '=', 'cpd.record_exported').execute();
    expect(entries.map((e) => JSON.parse(e.details).format)).toEqual(['json', 'csv', 'pdf']);
  });

  it('exports a reflection with a 20,000-character word whole, without holding the event loop while it is drawn', async () => {
    const writer = await signedInUser(app, 'long-word@example.org', ['member']);
    const word = Array.from({ length: 20_000 }, (_, i) => 'abcdefghijklmnopqrstuvwxyz'[i % 26]).join('');
    const id = await manualActivity(app, writer.id, { occurredOn: '2026-06-01', hours: 1, title: 'Reflection' });
    await app.platform.database.db.updateTable('cpd_activities').set({ learned: word, apply: null }).where('id', '=', id).execute();
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const res = await writer.req({ method: 'GET', url: '/api/v1/me/cpd/export?format=pdf' });
    delay.disable();
    expect(res.statusCode, res.body).toBe(200);
    // The longest the event loop was held while the record was gathered, drawn and sent.
    expect(delay.max / 1e6).toBeLessThan(400);
    const doc = await PDFDocument.load(res.rawPayload);
    expect(doc.getPageCount()).toBeGreaterThan(3); // the row goes on over the next pages
    const lines: string[] = [];
    for (let i = 0; i < doc.getPageCount(); i++) lines.push(...(await pageText(res.rawPayload, i)).lines);
    const pieces = lines.filter((l) => /^[a-z]+$/.test(l));
    expect(pieces.join('')).toBe(word);
    expect(lines).toContain('Learned:');
  });

  it('prints names and titles in Greek and Cyrillic as written, in embedded DejaVu subsets', async () => {
    const named = await signedInUser(app, 'zoe@example.org', ['member']);
    expect((await named.req({ method: 'PATCH', url: '/api/v1/me', payload: { name: 'Ζωή Παπαδοπούλου' } })).statusCode).toBe(200);
    await manualActivity(app, named.id, { occurredOn: '2026-05-04', hours: 2, title: 'Семинар по ITIL' });
    const res = await named.req({ method: 'GET', url: '/api/v1/me/cpd/export?format=pdf' });
    expect(res.statusCode, res.body).toBe(200);
    const { lines, fonts } = await pageText(res.rawPayload);
    expect(lines).toContain('CPD record: Ζωή Παπαδοπούλου');
    expect(lines).toContain('Семинар по ITIL');
    expect([...new Set(fonts)].sort()).toEqual([expect.stringMatching(/^\/DejaVuSans-\d+$/), expect.stringMatching(/^\/DejaVuSans-Bold-\d+$/)]);
  });
});
