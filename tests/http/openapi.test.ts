import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';

let app: TestApp;
let doc: any;
beforeAll(async () => {
  app = await testApp();
  const res = await call(app, { method: 'GET', url: '/api/v1/openapi.json' });
  expect(res.statusCode).toBe(200);
  doc = res.json();
});
afterAll(async () => {
  await app?.close();
});

const methods = ['get', 'put', 'post', 'patch', 'delete'] as const;
function operations(): Array<{ method: string; path: string; op: any }> {
  const out: Array<{ method: string; path: string; op: any }> = [];
  for (const [path, item] of Object.entries<any>(doc.paths ?? {})) {
    for (const method of methods) if (item[method]) out.push({ method, path, op: item[method] });
  }
  return out;
}

describe('/api/v1/openapi.json', () => {
  it('is an OpenAPI 3.1 document', () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc.info.title).toEqual(expect.any(String));
    expect(operations().length).toBeGreaterThan(15);
  });

  it('contains the operations checked from outside', () => {
    const ids = operations().map((o) => o.op.operationId);
    for (const id of ['signUp', 'signIn', 'signOut', 'getCurrentUser', 'requestPasswordReset', 'resetPassword', 'createApiToken']) {
      expect(ids).toContain(id);
    }
  });

  it('gives every operation a unique camelCase operationId', () => {
    const ids = operations().map((o) => o.op.operationId as string | undefined);
    for (const o of operations()) expect(o.op.operationId, `${o.method.toUpperCase()} ${o.path}`).toMatch(/^[a-z][a-zA-Z0-9]*$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('documents the API paths under /api', () => {
    // Besides the API: the issuer's public documents, whose URLs are fixed by did:web and written into signed
    // credentials, and the audit chain's signed heads, whose addresses people keep and fetch again.
    const publicDocuments = /^\/(\.well-known\/did\.json|did\.json|issuer|status\/\{listId\}|badges\/\{levelFile\}|achievements\/|audit\/heads\/)/;
    for (const o of operations()) expect(o.path).toMatch(publicDocuments.test(o.path) ? publicDocuments : /^\/(api|vc-api)\//);
    expect(doc.paths['/api/v1/auth/sign-in'].post.requestBody.content['application/json'].schema).toBeDefined();
  });

  it('describes the error shape and never a password hash', () => {
    const text = JSON.stringify(doc);
    expect(text).not.toMatch(/password_?hash/i);
    expect(text).not.toMatch(/token_hash/i);
    const signIn = doc.paths['/api/v1/auth/sign-in'].post;
    expect(Object.keys(signIn.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '429']));
  });

  it('declares how protected operations authenticate', () => {
    expect(Object.keys(doc.components.securitySchemes)).toEqual(expect.arrayContaining(['session', 'bearer']));
    // The scope an API token needs is part of the requirement (see the authorisation matrix for every operation).
    expect(doc.paths['/api/v1/me'].get.security).toEqual([{ session: [] }, { bearer: ['account:read'] }]);
    expect(doc.paths['/api/v1/me'].get['x-access']).toEqual({ scope: ['account:read'], owner: 'self' });
    expect(doc.paths['/api/v1/auth/sign-in'].post.security).toEqual([]);
  });
});
