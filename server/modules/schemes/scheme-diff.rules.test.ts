import { describe, expect, it } from 'vitest';
import type { Scheme } from '../../../contracts/scheme.js';
import { loadDefaultScheme } from '../portfolio/eligibility.fixtures.js';
import { compatibilityProblems, diffSchemes } from './scheme-diff.rules.js';

const before = loadDefaultScheme();
const edited = (edit: (s: Scheme) => void) => {
  const s = structuredClone(before);
  edit(s);
  return s;
};

describe('diffSchemes', () => {
  it('finds nothing between a scheme and itself', () => {
    expect(diffSchemes(before, structuredClone(before))).toEqual([]);
  });

  it('reports changed level requirements field by field', () => {
    const after = edited((s) => {
      s.version = '2027.1';
      s.levels[3]!.requirements.minTotal = 260;
      s.levels[3]!.requirements.minPerCategory = [{ category: 'contribution', points: 30 }];
    });
    expect(diffSchemes(before, after)).toEqual([
      {
        area: 'level',
        change: 'changed',
        id: 'professional',
        summary:
          'Level "Professional" changed: requirements.minTotal 250 → 260; requirements.minPerCategory [{"category":"contribution","points":20}] → [{"category":"contribution","points":30}]',
        fields: [
          { path: 'requirements.minTotal', before: 250, after: 260 },
          { path: 'requirements.minPerCategory', before: [{ category: 'contribution', points: 20 }], after: [{ category: 'contribution', points: 30 }] },
        ],
      },
    ]);
  });

  it('reports added and removed levels, caps, rules, catalogue entries and skills', () => {
    const after = edited((s) => {
      s.levels = s.levels.filter((l) => l.id !== 'student');
      s.categories[1]!.cap = 140;
      s.categories[4]!.rules = s.categories[4]!.rules.filter((r) => r.id !== 'contribution.volunteering');
      const talk = s.categories[4]!.rules[0]!;
      if (talk.type === 'fixed') talk.points = 12;
      s.catalogue.find((e) => e.id === 'itil4-foundation')!.retired = true;
      s.catalogue.push({ id: 'itil5-foundation', kind: 'certification', name: 'ITIL 5 Foundation', points: 10 });
      s.framework.skills.push({ id: 'ai-operations', name: 'AI operations' });
    });
    expect(diffSchemes(before, after).map((c) => c.summary)).toEqual([
      'Level "Student" (student) removed',
      'Category "Certifications" changed: cap 120 → 140',
      'Rule "Volunteering" (contribution.volunteering) removed',
      'Rule "Talks" changed: points 10 → 12',
      'Catalogue entry "ITIL 4 Foundation" changed: retired (none) → true',
      'Catalogue entry "ITIL 5 Foundation" (itil5-foundation) added',
      'Skill "AI operations" (ai-operations) added',
    ]);
  });

  it('reports a rule moved to another category as a change of category', () => {
    const after = edited((s) => {
      const rule = s.categories[4]!.rules.pop()!;
      s.categories[2]!.rules.push(rule);
    });
    expect(diffSchemes(before, after).map((c) => c.summary)).toEqual(['Rule "Volunteering" changed: category "contribution" → "experience"']);
  });
});

describe('compatibilityProblems', () => {
  it('accepts retiring and renaming, refuses removing', () => {
    const retired = edited((s) => {
      s.catalogue.find((e) => e.id === 'itil4-foundation')!.retired = true;
      s.framework.skills.find((k) => k.id === 'change-enablement')!.renamedTo = 'deployment-management';
    });
    expect(compatibilityProblems(before, retired)).toEqual([]);
    const removed = edited((s) => {
      s.catalogue = s.catalogue.filter((e) => e.id !== 'itil4-foundation');
      s.framework.skills = s.framework.skills.filter((k) => k.id !== 'problem-management');
      s.levels = s.levels.filter((l) => l.id !== 'student');
      s.framework.responsibilityLevels.pop();
    });
    expect(compatibilityProblems(before, removed)).toEqual([
      { path: 'catalogue', message: 'Catalogue entry "ITIL 4 Foundation" (itil4-foundation) was removed; keep it with "retired": true or "renamedTo", as portfolios may name it' },
      { path: 'framework.skills', message: 'Skill "Problem management" (problem-management) was removed; keep it with "retired": true or "renamedTo", as work history may name it' },
      { path: 'levels', message: 'Level "Student" (student) was removed; keep it, as credentials awarded at it name it' },
      { path: 'framework.responsibilityLevels', message: 'Responsibility level 7 (Set strategy, inspire, mobilise) was removed; keep it, as work history may name it' },
    ]);
  });
});
