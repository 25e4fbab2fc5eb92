import { describe, expect, it } from 'vitest';
import { loadDefaultScheme } from '../schemes/default-scheme.js';
import { checkScores, DEFAULT_SCALE, isScored, rubricOf, unscored } from './scoring.rules.js';

/* Scoring against the rubric of the application's scheme version. */

const scheme = loadDefaultScheme();
const rubric = rubricOf(scheme);
const ids = scheme.categories.map((c) => c.id);
const all = ids.map((categoryId, i) => ({ categoryId, score: i % 4, notes: '' }));

describe('rubricOf', () => {
  it('has one category per point category of the version, with the version scale and guidance', () => {
    expect(rubric.categories.map((c) => c.id)).toEqual(ids);
    expect(rubric.scale).toEqual(scheme.assessment?.scale);
    expect(rubric.categories.find((c) => c.id === 'education')?.guidance).toBe(scheme.assessment?.guidance?.education);
  });
  it('falls back to the built-in 0..3 scale and no guidance when the version sets no assessment', () => {
    const { assessment: _a, ...bare } = scheme;
    const r = rubricOf(bare);
    expect(r.scale).toEqual(DEFAULT_SCALE);
    expect(r.scale.map((s) => s.value)).toEqual([0, 1, 2, 3]);
    expect(r.categories.every((c) => c.guidance === null)).toBe(true);
  });
});

describe('checkScores', () => {
  it('accepts every category once on the scale', () => {
    expect(checkScores(all, rubric)).toEqual([]);
  });
  it('names the field and the valid ids for an unknown category', () => {
    const issues = checkScores([all[0]!, { categoryId: 'charisma', score: 1, notes: '' }], rubric);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe('body.scores[1].categoryId');
    for (const id of ids) expect(issues[0]?.message).toContain(id);
  });
  it('refuses a score off the scale and says what the scale is', () => {
    const issues = checkScores([{ categoryId: ids[0]!, score: 7, notes: '' }], rubric);
    expect(issues).toEqual([{ path: 'body.scores[0].score', message: expect.stringContaining('0 (Not shown)') }]);
  });
  it('refuses the same category twice, at the second place', () => {
    const issues = checkScores([all[0]!, all[1]!, { ...all[0]! }], rubric);
    expect(issues.map((i) => i.path)).toEqual(['body.scores[2].categoryId']);
  });
  it('reports every problem at once', () => {
    const issues = checkScores([{ categoryId: 'x', score: 9, notes: '' }, { categoryId: 'y', score: -1, notes: '' }], rubric);
    expect(issues.map((i) => i.path)).toEqual(['body.scores[0].categoryId', 'body.scores[0].score', 'body.scores[1].categoryId', 'body.scores[1].score']);
  });
});

describe('isScored', () => {
  it('is true only when every category has a score', () => {
    expect(isScored(ids, rubric)).toBe(true);
    expect(isScored(ids.slice(1), rubric)).toBe(false);
    expect(unscored(ids.slice(1), rubric)).toEqual([scheme.categories[0]!.name]);
    expect(isScored([...ids, 'retired-category'], rubric)).toBe(true);
  });
  it('is false for a rubric with no categories', () => {
    expect(isScored([], { scale: [...DEFAULT_SCALE], categories: [] })).toBe(false);
  });
});
