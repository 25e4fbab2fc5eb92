import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { newId } from '../../server/platform/ids.js';
import type { OrganisationRole } from '../../server/db/schema-organisations.js';
import type { TestApp } from '../support/app.js';
import { insertOrganisation } from './fixtures.js';

/** An active organisation with one admin (an existing user); answers its id. */
export const organisation = (app: TestApp, name: string, adminId: string, role: OrganisationRole = 'admin'): Promise<string> =>
  insertOrganisation(app, name, { staff: [{ userId: adminId, role }] });

/** A member's grant of sight of their credentials to an organisation; answers the grant's id. */
export async function grantCredentials(app: TestApp, memberId: string, organisationId: string): Promise<string> {
  const id = newId();
  await app.platform.database.db
    .insertInto('consent_grants')
    .values({ id, member_id: memberId, organisation_id: organisationId, scope: 'credentials', text: 'You may see my credentials.', text_version: '1', granted_at: app.clock.now().toISOString(), revoked_at: null })
    .execute();
  return id;
}

export async function revokeGrant(app: TestApp, grantId: string): Promise<void> {
  await app.platform.database.db.updateTable('consent_grants').set({ revoked_at: app.clock.now().toISOString() }).where('id', '=', grantId).execute();
}

export type Received = { headers: http.IncomingHttpHeaders; body: string };

/** A local HTTP receiver: records every request and answers `status()` (200 unless changed). */
export async function receiver(): Promise<{ url: string; got: Received[]; answer: (code: number) => void; close: () => Promise<void> }> {
  const got: Received[] = [];
  let code = 200;
  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      got.push({ headers: req.headers, body: Buffer.concat(parts).toString('utf8') });
      res.statusCode = code;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    got,
    answer: (c) => {
      code = c;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
