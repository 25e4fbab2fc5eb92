import { describe, expect, it } from 'vitest';
import { loadDefaultScheme } from '../../server/modules/schemes/default-scheme.js';
import { checkSchemeReferences, formatPath } from '../../server/modules/schemes/scheme.rules.js';
import { nextLabel, numberFrom, pathText, problemMap, setAt } from '../../web/src/features/schemes/editor/edit.js';

/* The scheme form's helpers: its paths must be the server's, or a problem would not land at its field. */

describe('the scheme form’s paths and edits', () => {
  it('writes paths exactly as the server names problems', () => {
    const paths: Array<Array<string | number>> = [['levels', 2, 'requirements', 'minTotal'], ['categories', 0, 'cap'], ['version'], ['categories', 3, 'rules', 0, 'table', 4, 'points']];
    for (const p of paths) expect(pathText(p)).toBe(formatPath(p));
    // A problem the server finds after an edit made through setAt is at the path the form edited.
    const scheme = setAt(loadDefaultScheme(), ['levels', 2, 'requirements', 'minTotal'], 1);
    const problems = problemMap(checkSchemeReferences(scheme));
    expect(problems.get(pathText(['levels', 2, 'requirements', 'minTotal']))).toMatch(/lower than levels\[1\]/);
  });

  it('changes one value without touching the original, and removes a key for undefined', () => {
    const s = loadDefaultScheme();
    const before = JSON.stringify(s);
    const capped = setAt(s, ['categories', 0, 'cap'], null);
    expect(capped.categories[0]!.cap).toBeNull();
    expect(JSON.stringify(s)).toBe(before);
    const removed = setAt(s, ['levels', 1, 'requirements', 'minTotal'], undefined);
    expect('minTotal' in removed.levels[1]!.requirements).toBe(false);
  });

  it('reads typed numbers, keeps what is not one for the server to name, and counts labels up', () => {
    expect(numberFrom(' 240 ', undefined)).toBe(240);
    expect(numberFrom('', null)).toBeNull();
    expect(numberFrom('', undefined)).toBeUndefined();
    expect(numberFrom('12a', undefined)).toBe('12a');
    expect(nextLabel('2026.1')).toBe('2026.2');
    expect(nextLabel('2026.9')).toBe('2026.10');
    expect(nextLabel('draft')).toBe('draft.1');
  });
});
