import { beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject } from '../modules/credentials/document-loader.js';
import { createRemoteResolver } from '../modules/credentials/verifying/remote-resolver.js';
import { verifyPresentation } from '../modules/credentials/verifying/verify-presentation.js';
import { verifyCredential } from '../modules/credentials/verifying/verify.js';
import { OB_ACHIEVEMENT_CREDENTIAL_SCHEMA_URL } from '../modules/credentials/verifying/structure/schemas/open-badges.js';
import { type ForeignSample, UNREACHABLE_STATUS_LIST, demoForeignSamples, makeForeignSamples } from './foreign-samples.js';

// Each demo sample verified as /verify verifies it, with the real remote resolver: what each description
// promises is what a visitor gets.
const NOW = new Date('2026-11-25T10:00:00Z');
const resolve = createRemoteResolver({ publicUrl: 'https://guild.example' });
const options = { now: NOW, resolve, fetchBytes: resolve.bytes, ownDid: 'did:web:guild.example' };

let samples: ForeignSample[];
beforeAll(async () => {
  samples = await makeForeignSamples();
}, 30_000);

const text = (id: string) => {
  const s = samples.find((x) => x.id === id);
  if (!s) throw new Error(`no sample ${id}`);
  return s.text;
};
const parsed = (id: string) => JSON.parse(text(id)) as JsonObject;
const outcomes = (checks: Array<{ check: string; outcome: string }>) => Object.fromEntries(checks.map((c) => [c.check, c.outcome]));
const reasonOf = (checks: Array<{ check: string; reason: string }>, name: string) => checks.find((c) => c.check === name)?.reason ?? '';

describe('the demo samples of other issuers’ credentials', () => {
  it('are seven, each with a title, a one-line description and text to paste', () => {
    expect(samples.map((s) => s.id)).toEqual(['ob-ecdsa', 'vc-jwt', 'proof-set', 'tampered', 'status-unreachable', 'presentation', 'schema']);
    for (const s of samples) {
      expect(s.title.length).toBeGreaterThan(5);
      expect(s.description).not.toMatch(/\n/);
      expect(s.text.length).toBeGreaterThan(100);
    }
  });

  it('1: an Open Badges 3.0 credential signed with ecdsa-rdfc-2019 by a did:key issuer verifies', async () => {
    const v = await verifyCredential(parsed('ob-ecdsa'), options);
    expect(v.checks.filter((c) => c.outcome !== 'passed')).toEqual([]);
    expect(v.outcome).toBe('passed');
    expect(reasonOf(v.checks, 'schema')).toMatch(/Open Badges 3\.0 achievement credential/);
    expect(reasonOf(v.checks, 'signature')).toMatch(/^Valid ecdsa-rdfc-2019 signature by did:key:zDna.*P-256.*computed from the did:key identifier/);
  });

  it('2: the same credential as a VC-JWT (ES256, did:key kid) verifies', async () => {
    const jwt = text('vc-jwt');
    expect(jwt).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    const v = await verifyCredential(jwt, options);
    expect(v.checks.filter((c) => c.outcome !== 'passed')).toEqual([]);
    expect(v).toMatchObject({ outcome: 'passed', format: 'vc-jwt' });
    expect(reasonOf(v.checks, 'signature')).toMatch(/valid ES256 signature \(P-256\) by did:key:zDna.*#/);
    // The same issuer and achievement as sample 1.
    expect(v.credential?.['issuer']).toEqual(parsed('ob-ecdsa')['issuer']);
  });

  it('3: a proof set with a stranger’s proof in the issuer’s name is not valid, naming that proof', async () => {
    const c = parsed('proof-set');
    expect((c['proof'] as JsonObject[]).map((p) => p['cryptosuite'])).toEqual(['eddsa-jcs-2022', 'eddsa-jcs-2022']);
    const v = await verifyCredential(c, options);
    expect(v.outcome).toBe('failed');
    expect(outcomes(v.checks)).toMatchObject({ schema: 'passed', signature: 'failed', dates: 'passed', status: 'passed' });
    expect(reasonOf(v.checks, 'signature')).toMatch(/^proof\[1\]: the signature does not match the contents.*eddsa-jcs-2022/);
  });

  it('4: the tampered copy is not valid: changed after it was signed', async () => {
    const v = await verifyCredential(parsed('tampered'), options);
    expect(v.outcome).toBe('failed');
    expect(outcomes(v.checks)).toMatchObject({ schema: 'passed', signature: 'failed', dates: 'passed' });
    expect(reasonOf(v.checks, 'signature')).toMatch(/changed after it was signed/);
  });

  it('5: a status list that cannot be reached is "Status unknown", every other check passed, and the answer is immediate', async () => {
    const c = parsed('status-unreachable');
    expect((c['credentialStatus'] as JsonObject)['statusListCredential']).toBe(UNREACHABLE_STATUS_LIST);
    const started = performance.now();
    const v = await verifyCredential(c, options);
    const ms = performance.now() - started;
    expect(v.outcome).toBe('unknown');
    expect(outcomes(v.checks)).toEqual({ schema: 'passed', signature: 'passed', issuer: 'passed', dates: 'passed', status: 'unknown' });
    expect(reasonOf(v.checks, 'status')).toMatch(/^Status unknown: .*192\.0\.2\.1 is a private address/);
    // Refused before any lookup or connection: far inside the 3 s fetch timeout, even on a busy machine.
    expect(ms).toBeLessThan(1_500);
  });

  it('6: a presentation of samples 1 and 4 without a holder proof gives a verdict per credential', async () => {
    const v = await verifyPresentation(parsed('presentation'), { ...options, pasted: true });
    expect(v.outcome).toBe('failed');
    expect(v.own.find((c) => c.check === 'proof')).toMatchObject({ outcome: 'warning' });
    expect(v.credentials.map((c) => c.outcome)).toEqual(['passed', 'failed']);
    expect(reasonOf(v.credentials[1]!.checks, 'signature')).toMatch(/changed after it was signed/);
  });

  it('7: a credential declaring the OB 3.0 schema without criteria fails the declared schema check, naming the property', async () => {
    const v = await verifyCredential(parsed('schema'), options);
    expect(v.outcome).toBe('failed');
    expect(outcomes(v.checks)).toMatchObject({ credentialSchema: 'failed', signature: 'passed', dates: 'passed', status: 'passed' });
    expect(reasonOf(v.checks, 'credentialSchema')).toBe(`credentialSubject.achievement.criteria: is required (schema ${OB_ACHIEVEMENT_CREDENTIAL_SCHEMA_URL}).`);
    // The Open Badges rules of the format check say the same, by the same path.
    expect(reasonOf(v.checks, 'schema')).toMatch(/credentialSubject\.achievement\.criteria/);
  });

  it('are made once per process, with fresh keys each time they are made', async () => {
    const first = await demoForeignSamples();
    expect(await demoForeignSamples()).toBe(first);
    const issuerOf = (list: ForeignSample[]) => (JSON.parse(list[0]!.text) as { issuer: { id: string } }).issuer.id;
    expect(issuerOf(samples)).not.toBe(issuerOf(first));
  });
});
