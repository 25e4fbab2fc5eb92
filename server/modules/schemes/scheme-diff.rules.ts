import type { Scheme } from '../../../contracts/scheme.js';

/*
 * What changed between two scheme versions, for the administrator's review before publishing: levels, point
 * categories, item rules, catalogue entries and the framework, each added, removed or changed field by field.
 * Entries are matched by their stable ids, so a renamed level is "changed", not "removed and added".
 */

export type ChangeArea = 'scheme' | 'category' | 'rule' | 'level' | 'catalogue' | 'responsibilityLevel' | 'skill';
export interface FieldChange {
  path: string;
  before: unknown;
  after: unknown;
}
export interface SchemeChange {
  area: ChangeArea;
  change: 'added' | 'removed' | 'changed';
  id: string;
  /** e.g. `Level "Professional" changed: requirements.minTotal 250 → 260` */
  summary: string;
  fields: FieldChange[];
}

const show = (v: unknown) => (v === undefined ? '(none)' : JSON.stringify(v));
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Leaf-level differences between two JSON values; arrays are compared whole. */
export function fieldChanges(before: unknown, after: unknown, path = '', skip: ReadonlySet<string> = new Set()): FieldChange[] {
  if (isObject(before) && isObject(after)) {
    const out: FieldChange[] = [];
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const key of keys) {
      if (skip.has(key)) continue;
      out.push(...fieldChanges(before[key], after[key], path === '' ? key : `${path}.${key}`));
    }
    return out;
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ path: path === '' ? '(value)' : path, before, after }];
}

function diffById<T extends { id: string }>(
  area: ChangeArea,
  what: string,
  before: readonly T[],
  after: readonly T[],
  label: (t: T) => string,
  skip: ReadonlySet<string> = new Set(),
): SchemeChange[] {
  const out: SchemeChange[] = [];
  const old = new Map(before.map((t) => [t.id, t]));
  const next = new Map(after.map((t) => [t.id, t]));
  for (const [id, t] of old)
    if (!next.has(id)) out.push({ area, change: 'removed', id, summary: `${what} "${label(t)}" (${id}) removed`, fields: [] });
  for (const [id, t] of next) {
    const o = old.get(id);
    if (!o) {
      out.push({ area, change: 'added', id, summary: `${what} "${label(t)}" (${id}) added`, fields: [] });
      continue;
    }
    const fields = fieldChanges(o, t, '', skip);
    if (fields.length > 0)
      out.push({
        area,
        change: 'changed',
        id,
        summary: `${what} "${label(t)}" changed: ${fields.map((f) => `${f.path} ${show(f.before)} → ${show(f.after)}`).join('; ')}`,
        fields,
      });
  }
  return out;
}

/** Every difference from `before` to `after`, in a stable order: scheme, levels, categories, rules, catalogue, framework. */
export function diffSchemes(before: Scheme, after: Scheme): SchemeChange[] {
  const out: SchemeChange[] = [];
  const top = fieldChanges(
    { id: before.id, name: before.name, description: before.description, framework: before.framework.name },
    { id: after.id, name: after.name, description: after.description, framework: after.framework.name },
  );
  if (top.length > 0)
    out.push({ area: 'scheme', change: 'changed', id: after.id, summary: `Scheme changed: ${top.map((f) => `${f.path} ${show(f.before)} → ${show(f.after)}`).join('; ')}`, fields: top });
  out.push(...diffById('level', 'Level', before.levels, after.levels, (l) => l.name));
  out.push(...diffById('category', 'Category', before.categories, after.categories, (c) => c.name, new Set(['rules'])));
  const rules = (s: Scheme) => s.categories.flatMap((c) => c.rules.map((r) => ({ ...r, category: c.id })));
  out.push(...diffById('rule', 'Rule', rules(before), rules(after), (r) => r.label));
  out.push(...diffById('catalogue', 'Catalogue entry', before.catalogue, after.catalogue, (e) => e.name));
  out.push(
    ...diffById(
      'responsibilityLevel',
      'Responsibility level',
      before.framework.responsibilityLevels,
      after.framework.responsibilityLevels,
      (l) => `${l.level} ${l.name}`,
    ),
  );
  out.push(...diffById('skill', 'Skill', before.framework.skills, after.framework.skills, (s) => s.name));
  return out;
}

/**
 * Removals that would break records made under `before`: portfolios name catalogue entries and skills, and
 * credentials name levels. A new version must keep such ids (retired or renamed) rather than drop them.
 */
export function compatibilityProblems(before: Scheme, after: Scheme): Array<{ path: string; message: string }> {
  const out: Array<{ path: string; message: string }> = [];
  const keep = <T extends { id: string; name: string }>(what: string, path: string, old: readonly T[], next: readonly T[], fix: string) => {
    const ids = new Set(next.map((t) => t.id));
    for (const t of old)
      if (!ids.has(t.id)) out.push({ path, message: `${what} "${t.name}" (${t.id}) was removed; ${fix}` });
  };
  keep('Catalogue entry', 'catalogue', before.catalogue, after.catalogue, 'keep it with "retired": true or "renamedTo", as portfolios may name it');
  keep('Skill', 'framework.skills', before.framework.skills, after.framework.skills, 'keep it with "retired": true or "renamedTo", as work history may name it');
  keep('Level', 'levels', before.levels, after.levels, 'keep it, as credentials awarded at it name it');
  const levels = new Set(after.framework.responsibilityLevels.map((l) => l.level));
  for (const l of before.framework.responsibilityLevels)
    if (!levels.has(l.level))
      out.push({ path: 'framework.responsibilityLevels', message: `Responsibility level ${l.level} (${l.name}) was removed; keep it, as work history may name it` });
  return out;
}
