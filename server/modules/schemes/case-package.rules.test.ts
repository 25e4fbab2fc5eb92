import { describe, expect, it } from 'vitest';
import { loadDefaultScheme } from './default-scheme.js';
import { replaceFramework, schemeCasePackage, stableCaseIdentifier } from './case-package.rules.js';

const asOf = '2026-07-01';

describe('stableCaseIdentifier', () => {
  it('is a UUID that depends only on the scheme and the part', () => {
    const a = stableCaseIdentifier('itsm', 'skill:service-desk');
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(stableCaseIdentifier('itsm', 'skill:service-desk')).toBe(a);
    expect(stableCaseIdentifier('itsm', 'skill:incident-management')).not.toBe(a);
    expect(stableCaseIdentifier('other', 'skill:service-desk')).not.toBe(a);
  });
});

describe('replaceFramework', () => {
  it('gives back the same scheme for its own export', () => {
    const scheme = loadDefaultScheme();
    const r = replaceFramework(scheme, schemeCasePackage(scheme, '2026-01-01T00:00:00Z'), asOf);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.scheme).toEqual(scheme);
  });

  it('keeps a skill id when the skill is renamed, and names every skill left out', () => {
    const scheme = loadDefaultScheme();
    const pkg = schemeCasePackage(scheme, '2026-01-01T00:00:00Z');
    const desk = pkg.CFItems.find((i) => i.fullStatement === 'Service desk')!;
    desk.fullStatement = 'Support centre';
    const renamed = replaceFramework(scheme, pkg, asOf);
    if (!renamed.ok) throw new Error(JSON.stringify(renamed.errors));
    expect(renamed.scheme.framework.skills.find((s) => s.id === 'service-desk')?.name).toBe('Support centre');

    const dropped = { ...pkg, CFItems: pkg.CFItems.filter((i) => !['Problem management', 'Service desk', 'Support centre'].includes(i.fullStatement)) };
    const r = replaceFramework(scheme, dropped, asOf);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.message)).toEqual([expect.stringContaining('"Problem management" (problem-management)'), expect.stringContaining('"Service desk" (service-desk)')]);
  });
});
