import { v5 as uuidv5 } from 'uuid';
import { describe, expect, it } from 'vitest';
import type { Scheme } from '../../../contracts/scheme.js';
import { loadDefaultScheme } from '../portfolio/eligibility.fixtures.js';
import { exportCaseFramework, importCaseFramework, slugId } from './case-import.rules.js';
import { parseScheme } from './scheme.rules.js';

const NS = '6f1c2a8e-3b7d-4c55-9a41-1d2e3f405061';
const node = (identifier: string, title = identifier) => ({ identifier, title, uri: `https://case.example.org/uri/${identifier}` });
const isChildOf = (child: string, parent: string) => ({
  identifier: `a-${child}`,
  associationType: 'isChildOf',
  originNodeURI: node(child),
  destinationNodeURI: node(parent),
  lastChangeDateTime: '2026-01-01T00:00:00+00:00',
});
// A CASE 1.0 package as a CASE server returns it (extra fields such as uri and lastChangeDateTime are ignored).
const casePackage = {
  CFDocument: { identifier: 'doc-1', uri: 'https://case.example.org/uri/doc-1', creator: 'ITSM Guild', title: 'ITSM responsibility and skills', lastChangeDateTime: '2026-01-01T00:00:00+00:00' },
  CFItems: [
    ...[1, 2, 3, 4, 5, 6, 7].map((n) => ({
      identifier: `lvl-${n}`,
      fullStatement: `Responsibility at level ${n}`,
      abbreviatedStatement: ['Follow', 'Assist', 'Apply', 'Enable', 'Ensure, advise', 'Initiate, influence', 'Set strategy'][n - 1],
      humanCodingScheme: `L${n}`,
      CFItemType: 'Responsibility Level',
    })),
    { identifier: 'grp-1', fullStatement: 'Service support', CFItemType: 'Skill Group' },
    { identifier: 'sk-1', fullStatement: 'Restoring normal service quickly after an interruption', abbreviatedStatement: 'Incident Management', humanCodingScheme: 'INCM', CFItemType: 'Skill' },
    { identifier: 'sk-2', fullStatement: 'Problem management', CFItemType: 'skill' },
    { identifier: 'sk-3', fullStatement: 'Change management', CFItemType: 'Skill', statusEndDate: '2025-12-31' },
    { identifier: 'sk-4', fullStatement: 'Change enablement', CFItemType: 'Skill' },
  ],
  CFAssociations: [
    ...[1, 2, 3, 4, 5, 6, 7].map((n) => isChildOf(`lvl-${n}`, 'doc-1')),
    isChildOf('grp-1', 'doc-1'),
    isChildOf('sk-1', 'grp-1'),
    isChildOf('sk-2', 'grp-1'),
    isChildOf('sk-3', 'doc-1'),
    isChildOf('sk-4', 'doc-1'),
    { identifier: 'a-r', associationType: 'replacedBy', originNodeURI: node('sk-3'), destinationNodeURI: node('sk-4') },
  ],
};

describe('importCaseFramework', () => {
  it('maps levels, skills, groups, retirements and replacements', () => {
    const r = importCaseFramework(casePackage, { asOf: '2026-07-01' });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.framework.source).toEqual({ caseDocumentId: 'doc-1', title: 'ITSM responsibility and skills', uri: 'https://case.example.org/uri/doc-1' });
    expect(r.framework.responsibilityLevels.map((l) => [l.level, l.id, l.name])).toEqual([
      [1, 'follow', 'Follow'],
      [2, 'assist', 'Assist'],
      [3, 'apply', 'Apply'],
      [4, 'enable', 'Enable'],
      [5, 'ensure-advise', 'Ensure, advise'],
      [6, 'initiate-influence', 'Initiate, influence'],
      [7, 'set-strategy', 'Set strategy'],
    ]);
    expect(r.framework.skills).toEqual([
      { id: 'incident-management', name: 'Incident Management', code: 'INCM', group: 'Service support', description: 'Restoring normal service quickly after an interruption', caseIdentifier: 'sk-1' },
      { id: 'problem-management', name: 'Problem management', group: 'Service support', caseIdentifier: 'sk-2' },
      { id: 'change-management', name: 'Change management', retired: true, renamedTo: 'change-enablement', caseIdentifier: 'sk-3' },
      { id: 'change-enablement', name: 'Change enablement', caseIdentifier: 'sk-4' },
    ]);
    expect(r.warnings).toEqual([]);
  });

  it('keeps the ids of the current framework and keeps its missing skills as retired', () => {
    const current = loadDefaultScheme().framework;
    const r = importCaseFramework(casePackage, { current });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.framework.responsibilityLevels[6]!.id).toBe('set-strategy');
    const kept = r.framework.skills.find((s) => s.id === 'service-level-management');
    expect(kept).toMatchObject({ name: 'Service level management', retired: true });
    expect(r.warnings).toContain('Skill "Service level management" is not in the imported framework; kept as retired');
  });

  it.each([
    ['not a CASE package', { title: 'x' }, 'CFDocument'],
    ['a level without a number', { ...casePackage, CFItems: [{ identifier: 'l', fullStatement: 'Top level', CFItemType: 'Level' }] }, 'CFItems[0].humanCodingScheme'],
    ['no levels at all', { ...casePackage, CFItems: [{ identifier: 's', fullStatement: 'Skill', CFItemType: 'Skill' }] }, 'CFItems'],
  ])('refuses %s, naming the path', (_what, input, path) => {
    const r = importCaseFramework(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.path)).toContain(path);
  });

  it('gives clashing skill ids a suffix and says so', () => {
    const pkg = { ...casePackage, CFItems: [...casePackage.CFItems, { identifier: 'sk-5', fullStatement: 'Problem  Management!', CFItemType: 'Skill' }] };
    const r = importCaseFramework(pkg);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.framework.skills.at(-1)!.id).toBe('problem-management-2');
    expect(r.warnings).toEqual(['Two skills would share the id "problem-management"; "Problem  Management!" gets "problem-management-2"']);
  });

  it('round-trips the default framework through CASE, and the result still makes a valid scheme', () => {
    const scheme = loadDefaultScheme();
    const pkg = exportCaseFramework(scheme.framework, (key) => uuidv5(key, NS));
    const r = importCaseFramework(JSON.parse(JSON.stringify(pkg)), { current: scheme.framework });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const strip = (f: Scheme['framework']) => ({
      levels: f.responsibilityLevels.map(({ level, id, name, description }) => ({ level, id, name, description })),
      skills: f.skills.map(({ id, name, group }) => ({ id, name, group })),
    });
    expect(strip(r.framework)).toEqual(strip(scheme.framework));
    expect(r.warnings).toEqual([]);
    const next = parseScheme({ ...scheme, framework: r.framework });
    expect(next.ok).toBe(true);
  });

  it('slugs ids', () => {
    expect(slugId('Service Level Management (SLM)')).toBe('service-level-management-slm');
    expect(slugId('Gestión de cambios')).toBe('gestion-de-cambios');
    expect(slugId('***')).toBe('item');
  });
});
