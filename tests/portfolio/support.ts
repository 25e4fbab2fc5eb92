import type { Scheme } from '../../contracts/scheme.js';
import { systemActor } from '../../server/platform/audit.js';
import { newId } from '../../server/platform/ids.js';
import { loadDefaultScheme } from '../../server/modules/schemes/default-scheme.js';
import { installScheme } from '../../server/modules/schemes/install.js';
import type { TestApp } from '../support/app.js';

/** A body with the shipped default scheme published as version 1. */
export async function withDefaultScheme(app: TestApp, scheme: Scheme = loadDefaultScheme()) {
  const db = app.platform.database.db;
  const bodyId = newId();
  await db.insertInto('bodies').values({ id: bodyId, slug: `body-${bodyId.slice(-8)}`, name: 'Test body', short_name: 'TB', country: 'GB', website: null, created_at: app.clock.now().toISOString() }).execute();
  return { bodyId, ...(await installScheme(db, { bodyId, scheme, by: systemActor, now: app.clock.now() })) };
}

/** A multipart/form-data body with text fields and at most one file part. */
export function multipart(fields: Record<string, string | string[]>, file?: { name: string; type: string; bytes: Buffer }) {
  const boundary = `----guildhall${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [k, vs] of Object.entries(fields))
    for (const v of Array.isArray(vs) ? vs : [vs]) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`));
    chunks.push(file.bytes, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export const pdfBytes = (text = 'evidence') => Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`);

export const workItem = (over: Record<string, unknown> = {}) => ({
  kind: 'work',
  employer: 'Acme Ltd',
  roleTitle: 'Service desk lead',
  startOn: '2018-01-01',
  endOn: null,
  itsm: true,
  responsibilityLevel: 4,
  skills: ['incident-management', 'change-enablement'],
  description: 'Ran the service desk.',
  referee: { name: 'Pat Doe', email: 'pat@example.org', relationship: 'Line manager' },
  ...over,
});
export const certItem = (catalogueId: string | null, over: Record<string, unknown> = {}) => ({
  kind: 'certification',
  catalogueId,
  title: catalogueId ?? 'Other certification',
  awardedOn: '2021-03-01',
  ...over,
});
export const talkItem = (over: Record<string, unknown> = {}) => ({ kind: 'contribution', type: 'talk', title: 'Talk on change', date: '2024-05-01', link: 'https://example.org/talk', ...over });
