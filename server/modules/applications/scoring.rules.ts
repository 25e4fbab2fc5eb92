import type { Scheme } from '../../../contracts/scheme.js';

/*
 * The rubric an application is scored against: one score per point category of the application's scheme
 * version, on the version's scale. Pure: checking a scoring and telling whether an assessor has scored it all.
 */

export type ScalePoint = { value: number; label: string };
export type Rubric = { scale: ScalePoint[]; categories: Array<{ id: string; name: string; guidance: string | null }> };
export type ScoreInput = { categoryId: string; score: number; notes: string };
export type ScoreIssue = { path: string; message: string };

/** The scale when a scheme version sets none. */
export const DEFAULT_SCALE: readonly ScalePoint[] = [
  { value: 0, label: 'Not shown' },
  { value: 1, label: 'Partly shown' },
  { value: 2, label: 'Shown' },
  { value: 3, label: 'Shown beyond the level' },
];

export function rubricOf(scheme: Scheme): Rubric {
  const guidance = scheme.assessment?.guidance ?? {};
  return {
    scale: [...(scheme.assessment?.scale ?? DEFAULT_SCALE)],
    categories: scheme.categories.map((c) => ({ id: c.id, name: c.name, guidance: guidance[c.id] ?? null })),
  };
}

/** Problems with a scoring, each with the path of the field to fix (`body.scores[i].categoryId` or `.score`). */
export function checkScores(scores: readonly ScoreInput[], rubric: Rubric): ScoreIssue[] {
  const ids = rubric.categories.map((c) => c.id);
  const values = rubric.scale.map((s) => s.value);
  const scale = rubric.scale.map((s) => `${s.value} (${s.label})`).join(', ');
  const issues: ScoreIssue[] = [];
  const seen = new Set<string>();
  scores.forEach((s, i) => {
    const at = `body.scores[${i}]`;
    if (!ids.includes(s.categoryId)) issues.push({ path: `${at}.categoryId`, message: `No category "${s.categoryId}" in this scheme version; use one of: ${ids.join(', ')}` });
    else if (seen.has(s.categoryId)) issues.push({ path: `${at}.categoryId`, message: `"${s.categoryId}" is scored twice; give each category once` });
    seen.add(s.categoryId);
    if (!values.includes(s.score)) issues.push({ path: `${at}.score`, message: `Use a score on the scale: ${scale}` });
  });
  return issues;
}

/** Whether the stored scores cover every category of the rubric. */
export function isScored(categoryIds: Iterable<string>, rubric: Rubric): boolean {
  const have = new Set(categoryIds);
  return rubric.categories.length > 0 && rubric.categories.every((c) => have.has(c.id));
}

/** Categories still without a score, by name (to tell the assessor what is left). */
export function unscored(categoryIds: Iterable<string>, rubric: Rubric): string[] {
  const have = new Set(categoryIds);
  return rubric.categories.filter((c) => !have.has(c.id)).map((c) => c.name);
}
