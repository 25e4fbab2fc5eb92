import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentLoader, type JsonObject } from '../../server/modules/credentials/document-loader.js';
import { signCredential } from '../../server/modules/credentials/issuing/sign.js';
import { foreignCredential, foreignKey } from '../../server/modules/credentials/verifying/foreign.fixtures.js';
import { call, type Json } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';

let app: TestApp;
beforeAll(async () => {
  app = await testApp({ env: { PUBLIC_URL: 'https://guild.example' } });
});
afterAll(() => app.close());

const verify = (credential: JsonObject) => call(app, { method: 'POST', url: '/api/v1/verify', payload: { credential } });

describe('POST /api/v1/verify with a status list that cannot be fetched', () => {
  it('answers outcome unknown, verified false, the signature still valid and the reason named', async () => {
    const key = await foreignKey();
    // Literal private addresses: refused by the remote rules before any connection, so nothing leaves the machine.
    const statuses: [JsonObject, RegExp][] = [
      [
        { id: 'https://10.255.255.1/status/1#5', type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '5', statusListCredential: 'https://10.255.255.1/status/1' },
        /^Status unknown: the revocation status list https:\/\/10.255.255.1\/status\/1 could not be loaded \(10.255.255.1 is a private address\), so index 5 could not be read\.$/,
      ],
      [
        { id: 'https://127.0.0.1/revocations', type: '1EdTechRevocationList' },
        /^Status unknown: the revocation list https:\/\/127.0.0.1\/revocations could not be loaded \(127.0.0.1 is a private address \(a loopback address\)\), so whether urn:uuid:.* is revoked is not known\.$/,
      ],
    ];
    for (const [credentialStatus, reason] of statuses) {
      const signed = await signCredential(foreignCredential(key.controller, 7, { credentialStatus }), key, { documentLoader: createDocumentLoader(), created: app.clock.now() });
      const res = await verify(signed);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({ verified: false, outcome: 'unknown', ours: false });
      expect(body.checks.find((c: Json) => c.check === 'signature')).toMatchObject({ ok: true, outcome: 'passed' });
      const status = body.checks.find((c: Json) => c.check === 'status');
      expect(status).toMatchObject({ ok: false, outcome: 'unknown', details: { type: credentialStatus['type'], purpose: 'revocation' } });
      expect(status.reason).toMatch(reason);
    }
  });
});

describe('VC-API verify with a status list that cannot be fetched', () => {
  it('lists the status check under errors as one that could not be made, not as failed', async () => {
    const key = await foreignKey();
    const credentialStatus = { id: 'https://10.255.255.1/status/2#9', type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '9', statusListCredential: 'https://10.255.255.1/status/2' };
    const signed = await signCredential(foreignCredential(key.controller, 8, { credentialStatus }), key, { documentLoader: createDocumentLoader(), created: app.clock.now() });
    const res = await call(app, { method: 'POST', url: '/vc-api/credentials/verify', payload: { verifiableCredential: signed } });
    // VC-API answers a credential that is not verified with 400 and the reasons.
    expect(res.statusCode, res.body).toBe(400);
    const body = res.json();
    expect(body.verified).toBe(false);
    expect(body.checks).toContain('signature');
    expect(body.warnings).toEqual([]);
    expect(body.errors).toEqual([{ type: 'https://guild.example/problems/status', title: 'The status check could not be made', detail: expect.stringMatching(/^Status unknown: the revocation status list https:\/\/10.255.255.1\/status\/2 could not be loaded/) }]);
  });
});
