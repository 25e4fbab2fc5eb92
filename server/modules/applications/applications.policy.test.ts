import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Scheme } from '../../../contracts/scheme.js';
import { levelPolicy } from './applications.types.js';

/* The machine's view of a level, read from the scheme version the application is made under. */

const scheme = Scheme.parse(JSON.parse(readFileSync(new URL('../../../schemes/itsm-default.json', import.meta.url), 'utf8')));

describe('levelPolicy (default scheme)', () => {
  it('asks two assessors for Professional and Fellow, one for the levels below', () => {
    expect(levelPolicy(scheme, 'professional')?.assessorsRequired).toBe(2);
    expect(levelPolicy(scheme, 'fellow')?.assessorsRequired).toBe(2);
    for (const id of ['student', 'associate', 'member']) expect(levelPolicy(scheme, id)?.assessorsRequired).toBe(1);
  });
  it('reads nominations and the panel for Fellow, and none elsewhere', () => {
    expect(levelPolicy(scheme, 'fellow')).toMatchObject({ nominationsRequired: 2, panelDecision: true });
    expect(levelPolicy(scheme, 'fellow')?.nominatorLevels).toEqual(expect.arrayContaining(['professional', 'fellow']));
    expect(levelPolicy(scheme, 'professional')).toMatchObject({ nominationsRequired: 0, nominatorLevels: [], panelDecision: false });
  });
  it('reads the level fee (none for Student) and the assessors the level sets; an unknown level has no policy', () => {
    expect(levelPolicy(scheme, 'member')?.fee).toEqual({ amount: 95, currency: 'GBP' });
    expect(levelPolicy(scheme, 'student')?.fee).toBeNull();
    const oneForFellow = { ...scheme, levels: scheme.levels.map((l) => (l.id === 'fellow' ? { ...l, assessors: 1 as const } : l)) };
    expect(levelPolicy(oneForFellow, 'fellow')?.assessorsRequired).toBe(1);
    const derived = { ...scheme, levels: scheme.levels.map(({ assessors: _a, ...l }) => l) };
    expect(levelPolicy(derived, 'professional')?.assessorsRequired).toBe(2);
    expect(levelPolicy(derived, 'member')?.assessorsRequired).toBe(1);
    expect(levelPolicy(scheme, 'grandmaster')).toBeNull();
  });
});
