import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../server/platform/clock.js';
import { type Browser, expectError, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { withDefaultScheme } from '../portfolio/support.js';
import { record, runJobs, scoreAndRecommend, submittedApplication } from './assessment-support.js';

/* listMyCredentials: the records awards write, the holder's own only, newest first. */

let app: TestApp;
let versionId: string;
let admin: Browser;
const assessors = new Map<string, Browser>();

/** Applies, is assessed and is awarded `levelId` (fee marked paid when the level has one); answers the application id. */
async function awarded(holder: string, levelId: string): Promise<string> {
  const id = await submittedApplication(app, { applicantId: holder, levelId, versionId });
  await runJobs(app);
  for (const a of (await record(app, id)).assessorIds) await scoreAndRecommend(assessors.get(a)!, id, { outcome: 'award', reasons: 'Meets the level' });
  const decided = await admin.req({ method: 'POST', url: `/api/v1/applications/${id}/decision`, payload: { outcome: 'award', reasons: 'Agreed' } });
  expect(decided.statusCode, decided.body).toBe(200);
  if (decided.json().state === 'awaiting_fee') expect((await admin.req({ method: 'POST', url: `/api/v1/applications/${id}/fee-paid` })).statusCode).toBe(200);
  return id;
}

beforeAll(async () => {
  app = await testApp();
  ({ versionId } = await withDefaultScheme(app));
  for (const n of ['c1', 'c2']) {
    const b = await signedInUser(app, `${n}@assessors.example.org`, ['assessor']);
    assessors.set(b.id, b);
  }
  admin = await signedInUser(app, 'admin@body.example.org', ['scheme_admin']);
});
afterAll(async () => {
  await app?.close();
});

describe('listMyCredentials', () => {
  it("lists the member's own credential records, newest first, with level, post-nominals and review date", async () => {
    const member = await signedInUser(app, 'holder@example.org');
    const other = await signedInUser(app, 'someone-else@example.org');
    expect((await member.req({ method: 'GET', url: '/api/v1/credentials/mine' })).json()).toEqual({ credentials: [] });

    const first = await awarded(member.id, 'student');
    const firstAt = app.clock.now().toISOString();
    app.clock.advance(2 * DAY);
    const second = await awarded(member.id, 'associate');
    await awarded(other.id, 'student');

    const res = await member.req({ method: 'GET', url: '/api/v1/credentials/mine' });
    expect(res.statusCode, res.body).toBe(200);
    const { credentials } = res.json();
    expect(credentials.map((c: { applicationId: string }) => c.applicationId)).toEqual([second, first]);
    expect(credentials[1]).toEqual({
      id: expect.any(String),
      levelId: 'student',
      levelName: 'Student',
      postNominals: null,
      awardedAt: firstAt,
      reviewAt: `${Number(firstAt.slice(0, 4)) + 3}${firstAt.slice(4)}`,
      status: 'active',
      applicationId: first,
      schemeVersionId: versionId,
    });
    expect(credentials[0]).toMatchObject({ levelId: 'associate', postNominals: 'AITSMG', status: 'active' });
    // The application view links the credential.
    const view = (await member.req({ method: 'GET', url: `/api/v1/applications/${second}` })).json();
    expect(view.credentialId).toBe(credentials[0].id);
    expect((await other.req({ method: 'GET', url: '/api/v1/credentials/mine' })).json().credentials).toHaveLength(1);
    // Each award asks for its verifiable credential at once, in the award's transaction.
    const issueJobs = await app.platform.database.db.selectFrom('jobs').select(['payload']).where('kind', '=', 'credentials.issue').execute();
    const asked = issueJobs.flatMap((j) => (JSON.parse(j.payload) as { ids?: string[] }).ids ?? []);
    expect(asked).toEqual(expect.arrayContaining(credentials.map((c: { id: string }) => c.id)));
  });

  it('needs a signed-in member', async () => {
    expectError(await app.app.inject({ method: 'GET', url: '/api/v1/credentials/mine' }), 401, 'NOT_AUTHENTICATED');
  });
});
