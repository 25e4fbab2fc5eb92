import type { Role } from '../../contracts/accounts.js';
import type { JsonObject, Resolver } from '../../server/modules/credentials/document-loader.js';
import { newId } from '../../server/platform/ids.js';
import { call, makeUser } from '../support/accounts.js';
import { testApp, type TestApp } from '../support/app.js';
import { withDefaultScheme } from '../portfolio/support.js';

/** The public URL the tests issue under: https, so an independent verifier resolves our did:web as it would in the wild. */
export const PUBLIC_URL = 'https://guild.example';

export async function issuingApp(): Promise<TestApp & { versionId: string }> {
  const app = await testApp({ env: { PUBLIC_URL } });
  const { versionId } = await withDefaultScheme(app);
  await app.platform.database.db.updateTable('bodies').set({ name: 'IT Service Management Guild', short_name: 'ITSMG', website: 'https://itsm-guild.example' }).execute();
  return Object.assign(app, { versionId });
}

/** A credential record as an award (or the demo seed) writes it; answers its id. */
export async function award(app: TestApp & { versionId: string }, holderId: string, levelId = 'member', over: { status?: 'active' | 'suspended' | 'lapsed' | 'revoked' } = {}): Promise<string> {
  const id = newId();
  const at = app.clock.now().toISOString();
  const names: Record<string, [string, string | null]> = { associate: ['Associate', 'AITSMG'], member: ['Member', 'MITSMG'], professional: ['Professional', 'PITSMG'], fellow: ['Fellow', 'FITSMG'] };
  const [name, letters] = names[levelId] ?? [levelId, null];
  const review = new Date(app.clock.now());
  review.setUTCFullYear(review.getUTCFullYear() + 3);
  await app.platform.database.db
    .insertInto('credentials')
    .values({ id, holder_id: holderId, application_id: null, scheme_version_id: app.versionId, level_id: levelId, level_name: name, post_nominals: letters, awarded_at: at, review_at: review.toISOString(), status: over.status ?? 'active', status_changed_at: at, created_at: at })
    .execute();
  return id;
}

export const holder = (app: TestApp, email: string, roles: Role[] = []) => makeUser(app, { email, name: 'Alex Holder', roles });

/** Answers URLs under PUBLIC_URL (and our did:web) through the HTTP routes, as a verifier elsewhere would fetch them. */
export function httpFetcher(app: TestApp) {
  const get = async (url: string): Promise<{ status: number; body: string; headers: Record<string, unknown> }> => {
    if (!url.startsWith(`${PUBLIC_URL}/`)) return { status: 404, body: '', headers: {} };
    const res = await app.app.inject({ method: 'GET', url: url.slice(PUBLIC_URL.length), headers: { accept: 'application/json' } });
    return { status: res.statusCode, body: res.body, headers: res.headers };
  };
  const resolve: Resolver = async (url) => {
    if (url.includes('#')) return null; // the loader then asks for the document and picks the key
    const target = url === 'did:web:guild.example' ? `${PUBLIC_URL}/.well-known/did.json` : url;
    const r = await get(target);
    return r.status === 200 ? (JSON.parse(r.body) as JsonObject) : null;
  };
  return { get, resolve };
}

/** POST /api/v1/verify with one file in the multipart part "file", as the /verify page uploads it. */
export function uploadToVerify(app: TestApp, name: string, content: string | Buffer) {
  const boundary = '----guildhall-test';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return call(app, { method: 'POST', url: '/api/v1/verify', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
}

/** Awards a level to a new holder, lets the issuing sweep sign it, and answers its id and GET /api/v1/credentials/:id body. */
export async function awardAndIssue(app: TestApp & { versionId: string }, levelId = 'member') {
  const holderId = await holder(app, `h${Math.random().toString(36).slice(2, 8)}@example.org`);
  const id = await award(app, holderId, levelId);
  app.clock.advance(60_000); // the issuing sweep's next slot
  await app.worker.drain();
  return { id, body: (await call(app, { method: 'GET', url: `/api/v1/credentials/${id}` })).json() };
}
