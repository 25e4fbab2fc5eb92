import { describe, expect, it } from 'vitest';
import { badge } from '../../credentials.fixtures.js';
import type { JsonObject } from '../../document-loader.js';
import { foreignCredential } from '../foreign.fixtures.js';
import { structureProblems } from './structure.js';
import { checkStructure } from '../verify.js';

const V1 = 'https://www.w3.org/2018/credentials/v1';
/** A deep copy of a Guildhall badge with `change` applied to it. */
const edited = (change: (c: any) => void): JsonObject => {
  const c = structuredClone(badge(1)) as any;
  change(c);
  return c;
};
const paths = (c: unknown) => structureProblems(c).map((p) => p.property);

describe('structural rules, with the failing property’s path', () => {
  it('passes a Guildhall badge and a plain VC 2.0 credential', () => {
    expect(structureProblems(badge(1))).toEqual([]);
    expect(structureProblems(foreignCredential('did:example:issuer'))).toEqual([]);
    expect(checkStructure(badge(1))).toMatchObject({ ok: true, reason: expect.stringMatching(/data model 2\.0\) and Open Badges 3\.0/) });
  });

  it('names the achievement’s type, id, name, description and criteria', () => {
    expect(structureProblems(edited((c) => (c.credentialSubject.achievement.type = ['Badge'])))).toEqual([{ property: 'credentialSubject.achievement.type', rule: 'type MUST include Achievement' }]);
    expect(paths(edited((c) => (c.credentialSubject.achievement.id = 'level 3')))).toEqual(['credentialSubject.achievement.id']);
    expect(paths(edited((c) => (c.credentialSubject.achievement.name = 42)))).toEqual(['credentialSubject.achievement.name']);
    expect(paths(edited((c) => delete c.credentialSubject.achievement.description))).toEqual(['credentialSubject.achievement.description']);
    expect(structureProblems(edited((c) => (c.credentialSubject.achievement.criteria = {})))).toEqual([{ property: 'credentialSubject.achievement.criteria', rule: 'criteria MUST have an id or a narrative' }]);
    expect(paths(edited((c) => delete c.credentialSubject.achievement.criteria))).toEqual(['credentialSubject.achievement.criteria']);
    expect(paths(edited((c) => (c.credentialSubject.achievement.criteria = { id: 'not a uri' })))).toEqual(['credentialSubject.achievement.criteria.id']);
    expect(paths(edited((c) => delete c.credentialSubject.achievement))).toEqual(['credentialSubject.achievement']);
    expect(paths(edited((c) => (c.credentialSubject.achievement.image = 'https://x.example/a.png')))).toEqual(['credentialSubject.achievement.image']);
  });

  it('names the subject’s type, its id or identifier, and a malformed IdentityObject', () => {
    expect(paths(edited((c) => (c.credentialSubject.type = ['Person'])))).toEqual(['credentialSubject.type']);
    expect(structureProblems(edited((c) => delete c.credentialSubject.identifier))).toEqual([{ property: 'credentialSubject', rule: 'the subject MUST have an id or an identifier (IdentityObject)' }]);
    expect(paths(edited((c) => (c.credentialSubject.identifier[0].hashed = 'yes')))).toEqual(['credentialSubject.identifier[0].hashed']);
    expect(paths(edited((c) => (c.credentialSubject.identifier[0].type = 'Email')))).toEqual(['credentialSubject.identifier[0].type']);
    expect(paths(edited((c) => (c.credentialSubject = [c.credentialSubject])))).toEqual(['credentialSubject']);
  });

  it('names the issuer Profile, the OB context, the credential’s id, name and validFrom', () => {
    expect(structureProblems(edited((c) => (c.issuer.type = ['Organization'])))).toEqual([{ property: 'issuer.type', rule: 'type MUST include Profile' }]);
    expect(paths(edited((c) => (c.issuer = c.issuer.id)))).toEqual(['issuer']);
    expect(structureProblems(edited((c) => (c.issuer.id = 'guild')))).toEqual([{ property: 'issuer.id', rule: 'an issuer object MUST have an id that is a URL' }]);
    expect(structureProblems(edited((c) => (c['@context'] = [c['@context'][0]])))[0]).toMatchObject({ property: '@context', rule: expect.stringMatching(/Open Badges 3\.0 context/) });
    expect(paths(edited((c) => delete c.id))).toEqual(['id']);
    expect(paths(edited((c) => delete c.name))).toEqual(['name']);
    expect(paths(edited((c) => delete c.validFrom))).toEqual(['validFrom']);
  });

  it('names VC 2.0 MUSTs in the same list: dates with a time zone, types, ids', () => {
    expect(structureProblems(edited((c) => (c.validFrom = '2026-05-01T10:00:00')))).toEqual([{ property: 'validFrom', rule: expect.stringMatching(/^validFrom MUST be an XML Schema dateTimeStamp with a timezone/) }]);
    expect(paths(edited((c) => (c.type = ['OpenBadgeCredential'])))).toEqual(['type']);
    expect(paths(edited((c) => (c.credentialStatus[0].type = undefined)))).toEqual(['credentialStatus[0].type']);
    const two = structureProblems(edited((c) => {
      c.validUntil = 'tomorrow';
      c.credentialSubject.achievement.type = 'Badge';
    }));
    expect(two.map((p) => p.property)).toEqual(['validUntil', 'credentialSubject.achievement.type']);
  });

  it('holds a VC 1.1 credential to 1.1’s rules (issuanceDate) and names an unknown first context', () => {
    const v1 = { '@context': [V1], type: ['VerifiableCredential'], issuer: 'did:example:issuer', issuanceDate: '2020-01-01T00:00:00Z', credentialSubject: { id: 'did:example:ada' } };
    expect(structureProblems(v1)).toEqual([]);
    expect(checkStructure(v1)).toMatchObject({ ok: true, reason: expect.stringMatching(/data model 1\.1/) });
    expect(structureProblems({ ...v1, issuanceDate: undefined })).toEqual([{ property: 'issuanceDate', rule: 'issuanceDate is required' }]);
    expect(paths({ ...v1, issuanceDate: '1 Jan 2020' })).toEqual(['issuanceDate']);
    expect(paths({ ...v1, credentialStatus: { type: 'StatusList2021Entry' } })).toEqual(['credentialStatus.id']);
    expect(structureProblems({ ...v1, '@context': ['https://example.org/ctx'] })[0]).toEqual({ property: '@context', rule: expect.stringMatching(/first @context MUST be .*credentials\/v2 \(VC 2\.0\) or .*credentials\/v1 \(VC 1\.1\)/) });
  });

  it('gives the schema check the first problem’s path and rule, and the count, in details', () => {
    const c = checkStructure(edited((x) => {
      x.credentialSubject.achievement.type = ['Badge'];
      delete x.credentialSubject.achievement.name;
    }));
    expect(c).toMatchObject({ ok: false, details: { path: 'credentialSubject.achievement.type', rule: 'type MUST include Achievement', count: 2 } });
    expect(c.reason).toBe('Not a well-formed credential: credentialSubject.achievement.type: type MUST include Achievement; credentialSubject.achievement.name: an achievement name is required and MUST be a string.');
    expect(structureProblems('eyJ...')).toEqual([{ property: 'credential', rule: 'a credential MUST be a JSON object' }]);
  });
});
