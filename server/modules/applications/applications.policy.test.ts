import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Scheme } from '../../../contracts/scheme.js';
import { levelPolicy } from './applications.types.js';

/* The machine's view of a level, read from the scheme version the application is made under. */

const scheme = Scheme.parse(JSON.parse(readFileSync(new URL('../../../schemes/itsm-default.json', import.meta.url), 'utf8')));

describe('levelPolicy (default scheme)', () => {
  it('asks two assessors for Professional and Fellow, one for the levels below', () => {
    expect(levelPolicy(scheme, 'professional', null)?.assessorsRequired).toBe(2);
    expect(levelPolicy(scheme, 'fellow', null)?.assessorsRequired).toBe(2);
    for (const id of ['student', 'associate', 'member']) expect(levelPolicy(scheme, id, null)?.assessorsRequired).toBe(1);
  });
  it('reads nominations and the panel for Fellow, and none elsewhere', () => {
    expect(levelPolicy(scheme, 'fellow', null)).toMatchObject({ nominationsRequired: 2, panelDecision: true });
    expect(levelPolicy(scheme, 'fellow', null)?.nominatorLevels).toEqual(expect.arrayContaining(['professional', 'fellow']));
    expect(levelPolicy(scheme, 'professional', null)).toMatchObject({ nominationsRequired: 0, nominatorLevels: [], panelDecision: false });
  });
  it('keeps a positive fee and treats 0 as none; an unknown level has no policy', () => {
    expect(levelPolicy(scheme, 'member', 95)?.fee).toBe(95);
    expect(levelPolicy(scheme, 'member', 0)?.fee).toBeNull();
    expect(levelPolicy(scheme, 'grandmaster', 10)).toBeNull();
  });
});
