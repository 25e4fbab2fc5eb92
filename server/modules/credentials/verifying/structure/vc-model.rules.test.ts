import { describe, expect, it } from 'vitest';
import { badge } from '../../credentials.fixtures.js';
import { credentialProblems, credentialProblemsV11, describeProblems, isDateTime, isDateTimeStamp, isUrl, presentationProblems } from './vc-model.rules.js';

const V2 = 'https://www.w3.org/ns/credentials/v2';
const base = () => ({
  '@context': [V2, 'https://www.w3.org/ns/credentials/examples/v2'],
  id: 'urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33',
  type: ['VerifiableCredential', 'ExampleCredential'],
  issuer: 'did:example:issuer',
  validFrom: '2026-01-01T00:00:00Z',
  credentialSubject: { id: 'did:example:subject', name: 'Ada' },
});
/** The one problem `patch` causes on an otherwise valid credential. */
const only = (patch: Record<string, unknown>, forIssue = false) => {
  const problems = credentialProblems({ ...base(), ...patch }, { forIssue });
  expect(problems).toHaveLength(1);
  return problems[0]!;
};
const without = (key: string) => {
  const c: Record<string, unknown> = base();
  delete c[key];
  return c;
};

describe('URLs and dateTimeStamps', () => {
  it('accepts absolute URLs of any scheme and refuses relative or blank ones', () => {
    for (const ok of ['https://guild.example/x', 'did:web:guild.example', 'urn:uuid:1234', 'did:key:z6Mk#z6Mk']) expect(isUrl(ok), ok).toBe(true);
    for (const bad of ['', 'guild.example', '/relative', 'has space:x', 'urn: x', 42, null]) expect(isUrl(bad), String(bad)).toBe(false);
  });
  it('requires a timezone and a real calendar date', () => {
    for (const ok of ['2026-05-01T10:00:00Z', '2026-05-01T10:00:00.123+02:00', '2024-02-29T00:00:00-05:00']) expect(isDateTimeStamp(ok), ok).toBe(true);
    for (const bad of ['2026-05-01T10:00:00', '2026-05-01', '2025-02-29T00:00:00Z', '2026-13-01T00:00:00Z', '2026-05-01T25:00:00Z', '2026-05-01 10:00:00Z', 20260501]) expect(isDateTimeStamp(bad), String(bad)).toBe(false);
  });
});

describe('credentialProblems', () => {
  it('finds nothing wrong with a minimal credential or with our Open Badges credential', () => {
    expect(credentialProblems(base())).toEqual([]);
    expect(credentialProblems(badge(1), { forIssue: true })).toEqual([]);
  });

  it('names @context problems', () => {
    expect(credentialProblems(without('@context'))).toContainEqual({ property: '@context', rule: '@context is required' });
    expect(only({ '@context': V2 }).rule).toMatch(/ordered set whose first item is https:\/\/www.w3.org\/ns\/credentials\/v2/);
    expect(only({ '@context': ['https://www.w3.org/2018/credentials/v1'] }).property).toBe('@context');
    expect(only({ '@context': ['https://example.org/ctx', V2] }).property).toBe('@context');
    expect(only({ '@context': [V2, 'not a url'] })).toEqual({ property: '@context[1]', rule: 'each further @context item MUST be a URL or an object' });
    expect(credentialProblems({ ...base(), '@context': [V2, { '@vocab': 'https://example.org#' }] })).toEqual([]);
  });

  it('names type problems', () => {
    expect(credentialProblems(without('type'))).toContainEqual({ property: 'type', rule: 'type is required and MUST include VerifiableCredential' });
    expect(only({ type: ['ExampleCredential'] }).rule).toBe('type MUST include VerifiableCredential');
    expect(only({ type: [] }).rule).toBe('type MUST have at least one value');
    expect(only({ type: ['VerifiableCredential', 7] }).rule).toMatch(/term or a URL/);
    expect(credentialProblems({ ...base(), type: 'VerifiableCredential' })).toEqual([]);
  });

  it('names id problems', () => {
    expect(only({ id: 'not-a-url' })).toEqual({ property: 'id', rule: 'id, when present, MUST be a single URL' });
    expect(only({ id: ['urn:uuid:1', 'urn:uuid:2'] }).property).toBe('id');
    expect(credentialProblems(without('id'))).toEqual([]);
  });

  it('names issuer problems', () => {
    expect(credentialProblems(without('issuer'))).toEqual([{ property: 'issuer', rule: 'issuer is required' }]);
    expect(only({ issuer: 'guild' }).rule).toMatch(/URL or an object with an id/);
    expect(only({ issuer: { name: 'Guild' } })).toEqual({ property: 'issuer.id', rule: 'an issuer object MUST have an id that is a URL' });
    expect(only({ issuer: ['did:example:a'] }).property).toBe('issuer');
    expect(only({ issuer: { id: 'did:example:a', name: 7 } }).property).toBe('issuer.name');
    expect(credentialProblems({ ...base(), issuer: { id: 'did:example:a', name: { '@value': 'Gilde', '@language': 'de' } } })).toEqual([]);
  });

  it('names credentialSubject problems', () => {
    expect(credentialProblems(without('credentialSubject'))).toEqual([{ property: 'credentialSubject', rule: 'credentialSubject is required' }]);
    expect(only({ credentialSubject: 'Ada' }).rule).toMatch(/MUST be an object/);
    expect(only({ credentialSubject: {} }).rule).toMatch(/at least one property/);
    expect(only({ credentialSubject: [] }).rule).toMatch(/at least one object/);
    expect(only({ credentialSubject: [{ name: 'a' }, 'b'] }).property).toBe('credentialSubject[1]');
    expect(only({ credentialSubject: { id: 'ada' } })).toEqual({ property: 'credentialSubject.id', rule: 'id, when present, MUST be a single URL' });
  });

  it('names date problems, and allows validFrom equal to validUntil', () => {
    expect(only({ validFrom: '2026-01-01' }).property).toBe('validFrom');
    expect(only({ validFrom: '2026-01-01T00:00:00' }).rule).toMatch(/dateTimeStamp with a timezone/);
    expect(only({ validUntil: 'tomorrow' }).property).toBe('validUntil');
    expect(only({ validUntil: '2025-12-31T23:59:59Z' })).toEqual({ property: 'validUntil', rule: 'validFrom MUST be the same as or earlier than validUntil' });
    // Different offsets: 01:00+02:00 is 23:00Z the day before, so still before validFrom.
    expect(only({ validUntil: '2026-01-01T01:00:00+02:00' }).property).toBe('validUntil');
    expect(credentialProblems({ ...base(), validUntil: '2026-01-01T00:00:00Z' })).toEqual([]);
  });

  it('names name and description problems', () => {
    expect(only({ name: 5 }).property).toBe('name');
    expect(only({ description: { '@value': 'x', colour: 'red' } }).property).toBe('description');
    expect(credentialProblems({ ...base(), name: [{ '@value': 'Name', '@language': 'en' }, { '@value': 'Nom', '@language': 'fr' }] })).toEqual([]);
  });

  it('requires a type on credentialStatus, evidence, termsOfUse and refreshService, and URL ids', () => {
    for (const key of ['credentialStatus', 'evidence', 'termsOfUse', 'refreshService']) {
      expect(only({ [key]: { id: 'https://example.org/1' } }), key).toEqual({ property: `${key}.type`, rule: 'type is required' });
      expect(only({ [key]: [{ type: 'X' }, { type: 'Y', id: 'nope' }] }), key).toEqual({ property: `${key}[1].id`, rule: 'id, when present, MUST be a single URL' });
      expect(only({ [key]: 'https://example.org/1' }), key).toEqual({ property: key, rule: `each ${key} value MUST be an object` });
      expect(only({ [key]: [] }).rule, key).toMatch(/at least one object/);
    }
    expect(credentialProblems({ ...badge(2) })).toEqual([]); // two BitstringStatusListEntry objects
  });

  it('requires both id and type on credentialSchema', () => {
    expect(only({ credentialSchema: { type: 'JsonSchema' } })).toEqual({ property: 'credentialSchema.id', rule: 'each credentialSchema object MUST have an id that is a URL' });
    expect(only({ credentialSchema: { id: 'https://example.org/schema.json' } }).property).toBe('credentialSchema.type');
    expect(credentialProblems({ ...base(), credentialSchema: { id: 'https://example.org/schema.json', type: 'JsonSchema' } })).toEqual([]);
  });

  it('requires an id and a digest on relatedResource', () => {
    expect(only({ relatedResource: [{ id: 'https://example.org/a.png' }] }).rule).toMatch(/digestSRI or digestMultibase/);
    expect(only({ relatedResource: [{ digestSRI: 'sha384-abc' }] }).property).toBe('relatedResource[0].id');
    expect(credentialProblems({ ...base(), relatedResource: [{ id: 'https://example.org/a.png', digestMultibase: 'uEiB' }] })).toEqual([]);
  });

  it('refuses a proof on an issue request only', () => {
    const proof = { type: 'DataIntegrityProof' };
    expect(only({ proof }, true)).toEqual({ property: 'proof', rule: 'a credential sent to be issued MUST NOT already have a proof' });
    expect(credentialProblems({ ...base(), proof })).toEqual([]);
  });

  it('refuses what is not an object and lists every problem at once', () => {
    expect(credentialProblems('eyJ...')).toEqual([{ property: 'credential', rule: 'a credential MUST be a JSON object' }]);
    const all = credentialProblems({ '@context': ['x'], type: 'Thing', issuer: 1, validFrom: 'now' });
    expect(all.map((p) => p.property)).toEqual(['@context', 'type', 'issuer', 'credentialSubject', 'validFrom']);
    expect(describeProblems(all)).toMatch(/^@context: .*; type: type MUST include VerifiableCredential; issuer: /);
  });
});

describe('presentationProblems', () => {
  const vp = { '@context': [V2], type: ['VerifiablePresentation'], holder: 'did:example:holder', verifiableCredential: [base()] };
  it('accepts a well-formed presentation and names each broken MUST', () => {
    expect(presentationProblems(vp)).toEqual([]);
    expect(presentationProblems({ ...vp, type: ['VerifiableCredential'] })).toEqual([{ property: 'type', rule: 'type MUST include VerifiablePresentation' }]);
    expect(presentationProblems({ ...vp, holder: { name: 'x' } })[0]!.property).toBe('holder');
    expect(presentationProblems({ ...vp, id: 'x' })[0]!.property).toBe('id');
    expect(presentationProblems({ ...vp, verifiableCredential: [42] })[0]!.property).toBe('verifiableCredential[0]');
    expect(presentationProblems({ ...vp, '@context': 'https://www.w3.org/2018/credentials/v1' })[0]!.property).toBe('@context');
    expect(presentationProblems(null)[0]!.property).toBe('presentation');
  });
});

describe('the VC 1.1 data model', () => {
  const v1 = { '@context': ['https://www.w3.org/2018/credentials/v1'], type: ['VerifiableCredential'], issuer: { id: 'did:example:issuer' }, issuanceDate: '2020-01-01T00:00:00', credentialSubject: { id: 'did:example:ada' } };
  it('accepts a 1.1 credential (a dateTime may leave out its zone) and names each broken MUST', () => {
    expect(isDateTime('2020-01-01T00:00:00')).toBe(true);
    expect(isDateTime('2020-02-30T00:00:00Z')).toBe(false);
    expect(credentialProblemsV11(v1)).toEqual([]);
    expect(credentialProblemsV11({ ...v1, '@context': ['https://www.w3.org/ns/credentials/v2'] })).toEqual([{ property: '@context', rule: '@context MUST be an ordered set whose first item is https://www.w3.org/2018/credentials/v1' }]);
    expect(credentialProblemsV11({ ...v1, expirationDate: 'soon' }).map((p) => p.property)).toEqual(['expirationDate']);
    expect(credentialProblemsV11({ ...v1, refreshService: { type: 'ManualRefreshService2018' } }).map((p) => p.property)).toEqual(['refreshService.id']);
    expect(credentialProblemsV11({ ...v1, type: ['Badge'], issuer: 'issuer' }).map((p) => p.property)).toEqual(['type', 'issuer']);
  });
});
