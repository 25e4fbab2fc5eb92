import type { Category, Level, Scheme } from '../../../../contracts/scheme.js';

/* Scheme content in plain words for the administrator's reading view. */

const yrs = (n: number) => `${n} ${n === 1 ? 'year' : 'years'}`;

/** Each requirement of a level as a sentence fragment. */
export function requirementLines(level: Level, scheme: Scheme): string[] {
  const r = level.requirements;
  const out: string[] = [];
  const levelName = (id: string) => scheme.levels.find((l) => l.id === id)?.name ?? id;
  const catName = (id: string) => scheme.categories.find((c) => c.id === id)?.name ?? id;
  if (r.enrolledInStudy) out.push('Enrolled in a course of study');
  if (r.minTotal !== undefined) out.push(`At least ${r.minTotal} points in total`);
  for (const m of r.minPerCategory ?? []) out.push(`At least ${m.points} points from ${catName(m.category)}`);
  if (r.minYearsExperience !== undefined) out.push(`${yrs(r.minYearsExperience)} of IT service management experience`);
  if (r.responsibility) {
    const x = r.responsibility;
    out.push(
      `Responsibility level ${x.minLevel} or above${x.years !== undefined ? ` for ${yrs(x.years)}` : ''}${x.withinLastYears !== undefined ? ` within the last ${yrs(x.withinLastYears)}` : ''}`,
    );
  }
  if (r.nominations) out.push(`${r.nominations.count} nominations from ${r.nominations.fromLevels.map(levelName).join(' or ')} holders`);
  if (r.panelDecision) out.push('A panel decision');
  return out.length ? out : ['No requirements'];
}

/** Each item rule of a category as a sentence. */
export function ruleLines(c: Category): string[] {
  return c.rules.map(ruleLine);
}

function ruleLine(r: Category['rules'][number]): string {
  switch (r.type) {
    case 'catalogue':
      return `${r.label}: points from the catalogue (${r.applies === 'education' ? 'qualifications' : 'certifications'})`;
    case 'assessed':
      return `${r.label}: valued by an assessor, ${r.minPoints}–${r.maxPoints} points`;
    case 'fixed':
      return `${r.label}: ${r.points} points for ${r.unit}`;
    case 'perYear':
      return `${r.label}: ${r.points} points a year${r.mergeOverlaps ? ' (overlaps counted once)' : ''}`;
    case 'perHour':
      return `${r.label}: ${r.pointsPerHour} points an hour`;
    case 'highestSustained':
      return `${r.label}: by the highest responsibility level held for ${r.minMonths} months (${r.table.map((t) => `level ${t.level}: ${t.points}`).join(', ')})`;
  }
}

/** Problems reported for an uploaded scheme, wherever the API puts them (validation issues or scheme problems). */
export function problemsOf(details: Record<string, unknown>): Array<{ path: string; message: string }> {
  const out: Array<{ path: string; message: string }> = [];
  for (const key of ['errors', 'problems', 'issues']) {
    const list = details[key];
    if (!Array.isArray(list)) continue;
    for (const p of list as Array<{ path?: unknown; message?: unknown }>) {
      if (typeof p?.message !== 'string') continue;
      const path = Array.isArray(p.path) ? p.path.join('.') : typeof p.path === 'string' ? p.path : '';
      out.push({ path: path.replace(/^body\.?/, '') || '(the whole file)', message: p.message });
    }
  }
  return out;
}
