// A scheme level as an Open Badges 3.0 Achievement: its name, a description and criteria written from
// the level's requirements (the scheme is data, so the words follow it), its badge image, and an
// alignment to the framework's responsibility level (CASE item) when the level requires one. Pure.
import type { Level, Scheme } from '../../../../contracts/scheme.js';
import { stableCaseIdentifier } from '../../schemes/case-package.rules.js';
import type { AchievementInput, Alignment } from './open-badge.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The level's requirements as one readable sentence per requirement. */
export function criteriaOf(scheme: Scheme, level: Level): string[] {
  const r = level.requirements;
  const out: string[] = [];
  const levelName = (id: string) => scheme.levels.find((l) => l.id === id)?.name ?? id;
  const categoryName = (id: string) => scheme.categories.find((c) => c.id === id)?.name ?? id;
  if (r.enrolledInStudy) out.push('Enrolled in a course of study.');
  if (r.minTotal) out.push(`At least ${plural(r.minTotal, 'portfolio point')} across education, certifications, experience, responsibility and contribution.`);
  for (const c of r.minPerCategory ?? []) out.push(`At least ${plural(c.points, 'point')} from ${categoryName(c.category).toLowerCase()}.`);
  if (r.minYearsExperience) out.push(`At least ${plural(r.minYearsExperience, 'year')} of IT service management experience.`);
  if (r.responsibility) {
    const rl = scheme.framework.responsibilityLevels.find((l) => l.level === r.responsibility?.minLevel);
    const span = r.responsibility.years ? ` for ${plural(r.responsibility.years, 'year')}${r.responsibility.withinLastYears ? ` of the last ${r.responsibility.withinLastYears}` : ''}` : '';
    out.push(`Responsibility at level ${r.responsibility.minLevel}${rl ? ` (${rl.name})` : ''} or above${span}.`);
  }
  if (r.nominations) out.push(`Nominated by ${plural(r.nominations.count, 'holder')} of ${r.nominations.fromLevels.map(levelName).join(' or ')}.`);
  if (r.panelDecision) out.push('Approved by a panel decision.');
  return out.length ? out : ['Awarded by the body under its recognition scheme.'];
}

/** The alignment to the framework's responsibility level the level requires, if any. */
export function alignmentOf(scheme: Scheme, level: Level, publicUrl: string): Alignment[] {
  const min = level.requirements.responsibility?.minLevel;
  const rl = min === undefined ? undefined : scheme.framework.responsibilityLevels.find((l) => l.level === min);
  if (!rl) return [];
  // The same identifier the scheme's CASE export gives the item when it has none of its own.
  const code = rl.caseIdentifier ?? stableCaseIdentifier(scheme.id, `level:${rl.id}`);
  return [
    {
      targetName: `Responsibility level ${rl.level}: ${rl.name}`,
      targetUrl: `${publicUrl}/api/v1/schemes/${scheme.id}/framework/case#${code}`,
      targetFramework: scheme.framework.source?.title ?? scheme.framework.name,
      targetCode: code,
      targetType: 'CFItem',
      ...(rl.description ? { targetDescription: rl.description } : {}),
    },
  ];
}

/** Where a level's badge image and achievement live under the public URL. */
export const badgeUrl = (publicUrl: string, levelId: string) => `${publicUrl}/badges/${levelId}.svg`;
export const achievementUrl = (publicUrl: string, schemeId: string, levelId: string) => `${publicUrl}/achievements/${schemeId}/${levelId}`;

export function achievementOf(scheme: Scheme, level: Level, publicUrl: string): AchievementInput {
  const postNominals = level.postNominals ? ` Holders may use the post-nominal letters ${level.postNominals}.` : '';
  return {
    id: achievementUrl(publicUrl, scheme.id, level.id),
    name: level.name,
    description: `The ${level.name} level of ${scheme.name}, awarded after an assessment of the whole person: education, certifications, experience, responsibility and contribution to the profession.${postNominals}`,
    criteria: criteriaOf(scheme, level).join(' '),
    image: badgeUrl(publicUrl, level.id),
    alignment: alignmentOf(scheme, level, publicUrl),
  };
}
