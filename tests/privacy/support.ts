import { unzipSync } from 'fflate';
import { expect } from 'vitest';
import { requestIssue } from '../../server/modules/credentials/index.js';
import { type Browser, type Json, signIn } from '../support/accounts.js';
import type { TestApp } from '../support/app.js';
import { member } from '../organisations/fixtures-consent.js';
import { multipart, pdfBytes } from '../portfolio/support.js';

/** A member with an active, issued credential, CPD hours, a portfolio item and one evidence file. */
export async function memberWithEverything(app: TestApp, email: string, name: string): Promise<{ id: string; credentialId: string; evidenceId: string; evidenceBytes: Buffer; b: Browser }> {
  const m = await member(app, { email, name, level: { id: 'member', name: 'Member' }, cpd: { status: 'ok', hours: 10 }, portfolio: { certifications: [`${name}'s certificate`] } });
  const db = app.platform.database.db;
  // The consent fixture logs its hours under a type the CPD engine does not know; the CPD record reads them.
  await db.updateTable('cpd_activities').set({ type: 'training', provider: 'Training Co' }).where('member_id', '=', m.id).execute();
  await db.transaction().execute((tx) => requestIssue(tx, m.credentialId as string, app.clock.now()));
  await app.worker.drain();
  const b = await signIn(app, email);
  const item = await db.selectFrom('portfolio_items').select('id').where('member_id', '=', m.id).executeTakeFirstOrThrow();
  const evidenceBytes = pdfBytes(`${name} evidence ${m.id}`);
  const up = await b.req({ method: 'POST', url: '/api/v1/me/evidence', ...multipart({ title: `${name} certificate scan`, itemIds: item.id }, { name: 'scan.pdf', type: 'application/pdf', bytes: evidenceBytes }) });
  expect(up.statusCode, up.body).toBe(201);
  return { id: m.id, credentialId: m.credentialId as string, evidenceId: up.json().id, evidenceBytes, b };
}

/** Asks for an archive, runs the job and answers the finished export. */
export async function buildArchive(app: TestApp, b: Browser, memberId?: string): Promise<Json> {
  const res = await b.req({ method: 'POST', url: '/api/v1/privacy/exports', payload: memberId ? { memberId } : {} });
  expect(res.statusCode, res.body).toBe(202);
  expect(res.json().status).toBe('queued');
  await app.worker.drain();
  const done = await b.req({ method: 'GET', url: `/api/v1/privacy/exports/${res.json().id}` });
  expect(done.statusCode, done.body).toBe(200);
  return done.json();
}

export function unzip(body: Buffer): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const [k, v] of Object.entries(unzipSync(new Uint8Array(body)))) out[k] = Buffer.from(v);
  return out;
}
