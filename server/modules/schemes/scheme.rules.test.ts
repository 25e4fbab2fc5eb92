import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { renderSchemeJsonSchema, type Scheme } from '../../../contracts/scheme.js';
import { parseScheme, parseSchemeText } from './scheme.rules.js';

const schemeFile = new URL('../../../schemes/itsm-default.json', import.meta.url);
const schemaFile = new URL('../../../schemes/scheme.schema.json', import.meta.url);
const defaultJson = () => JSON.parse(readFileSync(schemeFile, 'utf8')) as Scheme;
const problems = (edit: (s: any) => void) => {
  const s = defaultJson();
  edit(s);
  const r = parseScheme(s);
  return r.ok ? [] : r.errors;
};

describe('the default scheme and its JSON Schema', () => {
  it('the default scheme is valid, with the product numbers', () => {
    const r = parseSchemeText(readFileSync(schemeFile, 'utf8'));
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.scheme.levels.map((l) => [l.id, l.requirements.minTotal ?? null])).toEqual([
      ['student', null],
      ['associate', 40],
      ['member', 120],
      ['professional', 250],
      ['fellow', 350],
    ]);
    expect(r.scheme.categories.map((c) => [c.id, c.cap])).toEqual([
      ['education', 40],
      ['certifications', 120],
      ['experience', 150],
      ['responsibility', null],
      ['contribution', 100],
    ]);
    expect(r.scheme.framework.responsibilityLevels.map((l) => l.name)).toEqual([
      'Follow',
      'Assist',
      'Apply',
      'Enable',
      'Ensure, advise',
      'Initiate, influence',
      'Set strategy, inspire, mobilise',
    ]);
  });

  it('schemes/scheme.schema.json is current (regenerate with npx tsx scripts/scheme-json-schema.ts)', () => {
    expect(readFileSync(schemaFile, 'utf8')).toBe(renderSchemeJsonSchema());
  });

  it('the published JSON Schema accepts the default scheme and rejects a broken one', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    const validate = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')));
    expect(validate(defaultJson()), JSON.stringify(validate.errors)).toBe(true);
    const broken = defaultJson() as any;
    broken.levels[0].colour = 'blue';
    expect(validate(broken)).toBe(false);
  });
});

describe('parseScheme: shape errors name the path and say what to fix', () => {
  it.each([
    ['a missing level name', (s: any) => delete s.levels[1].name, 'levels[1].name', 'Give a level name (text)'],
    ['points as text', (s: any) => (s.levels[2].requirements.minTotal = '120'), 'levels[2].requirements.minTotal', 'Give points as a number'],
    ['a negative cap', (s: any) => (s.categories[1].cap = -5), 'categories[1].cap', 'cap must be above 0'],
    ['an unknown rule type', (s: any) => (s.categories[4].rules[0].type = 'bonus'), 'categories[4].rules[0].type', 'Use a rule type of catalogue, assessed, fixed, perYear, perHour or highestSustained'],
    ['a misspelt field', (s: any) => (s.categories[0].capp = 40), 'categories[0]', 'Remove "capp": not a field here (check the spelling against scheme.schema.json)'],
    ['an id with capitals', (s: any) => (s.catalogue[0].id = 'BSc'), 'catalogue[0].id', 'Use an id of lower-case letters, digits, ".", "_" or "-", starting with a letter or digit (at most 80)'],
    ['an assessed range upside down', (s: any) => (s.categories[1].rules[1].maxPoints = 5), 'categories[1].rules[1].maxPoints', 'maxPoints must be at least minPoints'],
    ['a window shorter than the years', (s: any) => (s.levels[3].requirements.responsibility.withinLastYears = 2), 'levels[3].requirements.responsibility.withinLastYears', 'withinLastYears needs years, and must be at least years'],
  ])('%s', (_what, edit, path, message) => {
    expect(problems(edit)).toContainEqual({ path, message });
  });

  it('reports text that is not JSON without throwing', () => {
    const r = parseSchemeText('{"id": ');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.message).toMatch(/^The file is not valid JSON/);
  });
});

describe('parseScheme: cross-reference checks', () => {
  it.each([
    ['a requirement naming a missing category', (s: any) => (s.levels[3].requirements.minPerCategory[0].category = 'contributions'), 'levels[3].requirements.minPerCategory[0].category', 'No category has the id "contributions"; use one of education, certifications, experience, responsibility, contribution'],
    ['a category minimum above its cap', (s: any) => (s.levels[3].requirements.minPerCategory[0].points = 120), 'levels[3].requirements.minPerCategory[0].points', 'Needs 120 points but Contribution is capped at 100; lower the minimum or raise the cap'],
    ['duplicate catalogue ids', (s: any) => (s.catalogue[1].id = 'bachelors-degree'), 'catalogue[1].id', 'Duplicate catalogue id "bachelors-degree" (also at catalogue[0].id); give each a unique value'],
    ['duplicate rule ids', (s: any) => (s.categories[4].rules[1].id = 'contribution.talk'), 'categories[4].rules[1].id', 'Duplicate rule id "contribution.talk" (also at categories[4].rules[0].id); give each a unique value'],
    ['levels out of order', (s: any) => (s.levels[2].order = 9), 'levels[3].order', 'List levels from lowest to highest order ("member" has order 9)'],
    ['a higher level needing fewer points', (s: any) => (s.levels[3].requirements.minTotal = 100), 'levels[3].requirements.minTotal', 'Is lower than levels[2] ("member", 120); higher levels need at least as many points'],
    ['a nomination from an unknown level', (s: any) => (s.levels[4].requirements.nominations.fromLevels = ['chartered']), 'levels[4].requirements.nominations.fromLevels[0]', 'No level has the id "chartered"; use one of student, associate, member, professional, fellow'],
    ['a rename to nowhere', (s: any) => (s.catalogue[13].renamedTo = 'itil5-foundation'), 'catalogue[13].renamedTo', 'No catalogue entry has the id "itil5-foundation"; point renamedTo at an existing catalogue entry'],
    ['a rename loop', (s: any) => { s.catalogue[3].renamedTo = 'itil4-cds'; s.catalogue[4].renamedTo = 'itil4-foundation'; }, 'catalogue[3].renamedTo', 'renamedTo links form a loop through "itil4-foundation"; end the chain at a current catalogue entry'],
    ['a rename across kinds', (s: any) => (s.catalogue[0].renamedTo = 'itil4-foundation'), 'catalogue[0].renamedTo', 'A qualification can only be renamed to another qualification, not to "itil4-foundation" (certification)'],
    ['a second catalogue rule for certifications', (s: any) => s.categories[0].rules.push({ id: 'x', label: 'X', type: 'catalogue', applies: 'certification' }), 'categories[1].rules[0]', 'A second catalogue rule for certification (first at categories[0].rules[1]) would count items twice; keep one'],
    ['per-year points for talks', (s: any) => (s.categories[4].rules[5].select.contributionTypes = ['talk']), 'categories[4].rules[5].select', 'perYear rules need items with dates: work, or contribution types committee, mentoring or volunteering'],
    ['a table level outside the framework', (s: any) => s.framework.responsibilityLevels.pop(), 'categories[3].rules[0].table[5].level', 'Responsibility level 7 is not in framework.responsibilityLevels'],
    ['a requirement above every cap', (s: any) => { s.categories[3].cap = 140; s.levels[4].requirements.minTotal = 600; }, 'levels[4].requirements.minTotal', 'Needs 600 points but the category caps allow at most 550'],
  ])('%s', (_what, edit, path, message) => {
    expect(problems(edit)).toContainEqual({ path, message });
  });

  it('accepts a consistent rename chain', () => {
    expect(problems((s) => {
      s.catalogue.push({ id: 'itil4-mp', kind: 'certification', name: 'ITIL 4 MP', points: 20 });
      s.catalogue.find((e: any) => e.id === 'itil4-managing-professional').renamedTo = 'itil4-mp';
    })).toEqual([]);
  });
});
