import type { PortfolioItem } from '../../../contracts/portfolio.js';
import type { Scheme } from '../../../contracts/scheme.js';
import { isoDay } from './periods.js';

/*
 * Checks on portfolio items that need today's date or the scheme version, beyond the shape checks in
 * contracts/portfolio.ts. Errors block saving; notices (overlapping jobs, retired entries) inform only.
 */

export interface FieldProblem {
  /** Path of the field within the item, e.g. `endOn`. */
  field: string;
  message: string;
}
export interface ItemCheck {
  errors: FieldProblem[];
  notices: FieldProblem[];
}

const dateFields = ['awardedOn', 'startedOn', 'startOn', 'endOn', 'date'] as const;

/** Checks one item against the scheme and today's date; `others` are the member's other items. */
export function checkPortfolioItem(item: PortfolioItem, scheme: Scheme, now: Date, others: readonly PortfolioItem[] = []): ItemCheck {
  const today = isoDay(now);
  const errors: FieldProblem[] = [];
  const notices: FieldProblem[] = [];
  const record = item as unknown as Record<string, unknown>;
  for (const field of dateFields) {
    const value = record[field];
    if (typeof value === 'string' && value > today) errors.push({ field, message: `This date is in the future (today is ${today})` });
  }
  const catalogueRef =
    item.kind === 'education' ? { field: 'qualificationId', id: item.qualificationId, kind: 'qualification' as const }
    : item.kind === 'certification' ? { field: 'catalogueId', id: item.catalogueId, kind: 'certification' as const }
    : null;
  if (catalogueRef?.id != null) {
    const entry = scheme.catalogue.find((e) => e.id === catalogueRef.id);
    if (!entry)
      errors.push({ field: catalogueRef.field, message: `"${catalogueRef.id}" is not in the catalogue; pick a listed ${catalogueRef.kind} or enter it as free-form for an assessor to value` });
    else if (entry.kind !== catalogueRef.kind)
      errors.push({ field: catalogueRef.field, message: `"${entry.name}" is a ${entry.kind}; add it as a ${entry.kind === 'certification' ? 'certification' : 'qualification'} instead` });
    else if (entry.retired) notices.push({ field: catalogueRef.field, message: `"${entry.name}" is retired; it still counts, but is no longer awarded` });
  }
  if (item.kind === 'certification' && item.catalogueId !== null && item.assessorPoints != null)
    errors.push({ field: 'assessorPoints', message: 'Catalogue certifications take their points from the catalogue; remove assessorPoints' });
  if (item.kind === 'work') {
    const known = new Set(scheme.framework.skills.map((s) => s.id));
    item.skills.forEach((skill, i) => {
      if (!known.has(skill)) errors.push({ field: `skills[${i}]`, message: `"${skill}" is not a skill in the framework; pick one from the list` });
    });
    if (!scheme.framework.responsibilityLevels.some((l) => l.level === item.responsibilityLevel))
      errors.push({ field: 'responsibilityLevel', message: `Level ${item.responsibilityLevel} is not in the framework's responsibility levels` });
    const end = item.endOn ?? today;
    for (const other of others) {
      if (other.kind !== 'work' || other.id === item.id) continue;
      const otherEnd = other.endOn ?? today;
      if (item.startOn <= otherEnd && other.startOn <= end)
        notices.push({ field: 'startOn', message: `Overlaps with "${other.roleTitle}" at ${other.employer}; the overlapping time counts as experience once` });
    }
  }
  return { errors, notices };
}
