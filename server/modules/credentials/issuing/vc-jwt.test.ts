import { describe, expect, it } from 'vitest';
import { badge, issuerWorld, NOW } from '../credentials.fixtures.js';
import { signCredential, signJwt } from './sign.js';
import { vcJwt } from './vc-jwt.js';
import { verifyCredential } from '../verifying/verify.js';

describe('vcJwt', () => {
  it('gives the same token as signJwt, and it verifies', async () => {
    const w = await issuerWorld();
    const signed = await signCredential(badge(5), w.key, { documentLoader: w.loader(), created: NOW });
    const token = vcJwt(signed, w.key);
    expect(token).toBe(await signJwt(signed, w.key));
    const verdict = await verifyCredential(token, { now: NOW, resolve: w.resolve });
    expect(verdict.checks.filter((c) => !c.ok)).toEqual([]);
  });
});
