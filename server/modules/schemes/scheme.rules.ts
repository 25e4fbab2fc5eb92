import type { z } from 'zod';
import { Scheme } from '../../../contracts/scheme.js';

/** One problem in a scheme file: where it is (e.g. `levels[2].requirements.minTotal`) and what to fix. */
export interface SchemeProblem {
  path: string;
  message: string;
}
export type SchemeParseResult = { ok: true; scheme: Scheme } | { ok: false; errors: SchemeProblem[] };

/** Formats a zod-style path as `a.b[2].c`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(the whole file)' : out;
}

// Fallback wording for issues the schema does not word itself; schema-level messages take precedence.
const fallbackMessages = (issue: z.core.$ZodRawIssue): string | undefined => {
  if (issue.code === 'invalid_type' && issue.input === undefined) return `Add the missing field (expected ${issue.expected})`;
  if (issue.code === 'invalid_type') return `Expected ${issue.expected} here`;
  if (issue.code === 'unrecognized_keys')
    return `Remove ${issue.keys.map((k) => `"${k}"`).join(', ')}: not a field here (check the spelling against scheme.schema.json)`;
  return undefined;
};

/** Parses and validates a scheme (already JSON-decoded): shape first, then cross-references. */
export function parseScheme(input: unknown): SchemeParseResult {
  const parsed = Scheme.safeParse(input, { error: fallbackMessages });
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })) };
  }
  const errors = checkSchemeReferences(parsed.data);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, scheme: parsed.data };
}

/** Parses scheme text (JSON); syntax errors are reported as a problem, never thrown. */
export function parseSchemeText(text: string): SchemeParseResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, errors: [{ path: '(the whole file)', message: `The file is not valid JSON: ${(err as Error).message}` }] };
  }
  return parseScheme(json);
}

function duplicates<T>(items: readonly T[], key: (t: T) => string | number, path: (i: number) => string, what: string): SchemeProblem[] {
  const seen = new Map<string | number, number>();
  const out: SchemeProblem[] = [];
  items.forEach((item, i) => {
    const k = key(item);
    const first = seen.get(k);
    if (first === undefined) seen.set(k, i);
    else out.push({ path: path(i), message: `Duplicate ${what} "${k}" (also at ${path(first)}); give each a unique value` });
  });
  return out;
}

/** Follows renamedTo links; reports dangling targets and cycles. */
function checkRenames(
  entries: ReadonlyArray<{ id: string; renamedTo?: string | undefined }>,
  path: (i: number) => string,
  what: string,
): SchemeProblem[] {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const out: SchemeProblem[] = [];
  entries.forEach((e, i) => {
    if (e.renamedTo === undefined) return;
    if (!byId.has(e.renamedTo)) {
      out.push({ path: `${path(i)}.renamedTo`, message: `No ${what} has the id "${e.renamedTo}"; point renamedTo at an existing ${what}` });
      return;
    }
    const visited = new Set([e.id]);
    let cur = byId.get(e.renamedTo);
    while (cur?.renamedTo !== undefined) {
      if (visited.has(cur.id)) {
        out.push({ path: `${path(i)}.renamedTo`, message: `renamedTo links form a loop through "${cur.id}"; end the chain at a current ${what}` });
        return;
      }
      visited.add(cur.id);
      cur = byId.get(cur.renamedTo);
    }
  });
  return out;
}

const periodContributionTypes = new Set(['committee', 'mentoring', 'volunteering']);

/** Cross-reference checks a schema cannot express; returns an empty list for a consistent scheme. */
export function checkSchemeReferences(s: Scheme): SchemeProblem[] {
  const out: SchemeProblem[] = [];
  const categoryIds = new Set(s.categories.map((c) => c.id));
  const levelIds = new Set(s.levels.map((l) => l.id));
  const frameworkLevels = new Set(s.framework.responsibilityLevels.map((l) => l.level));

  out.push(...duplicates(s.categories, (c) => c.id, (i) => `categories[${i}].id`, 'category id'));
  const allRules = s.categories.flatMap((c, ci) => c.rules.map((r, ri) => ({ r, path: `categories[${ci}].rules[${ri}]` })));
  out.push(...duplicates(allRules, (x) => x.r.id, (i) => `${allRules[i]!.path}.id`, 'rule id'));
  out.push(...duplicates(s.levels, (l) => l.id, (i) => `levels[${i}].id`, 'level id'));
  out.push(...duplicates(s.levels, (l) => l.order, (i) => `levels[${i}].order`, 'level order'));
  out.push(...duplicates(s.catalogue, (e) => e.id, (i) => `catalogue[${i}].id`, 'catalogue id'));
  out.push(...duplicates(s.framework.skills, (e) => e.id, (i) => `framework.skills[${i}].id`, 'skill id'));
  out.push(...duplicates(s.framework.responsibilityLevels, (e) => e.id, (i) => `framework.responsibilityLevels[${i}].id`, 'responsibility level id'));
  out.push(...duplicates(s.framework.responsibilityLevels, (e) => e.level, (i) => `framework.responsibilityLevels[${i}].level`, 'responsibility level'));
  out.push(...checkRenames(s.catalogue, (i) => `catalogue[${i}]`, 'catalogue entry'));
  out.push(...checkRenames(s.framework.skills, (i) => `framework.skills[${i}]`, 'skill'));

  const byCatalogueId = new Map(s.catalogue.map((e) => [e.id, e]));
  s.catalogue.forEach((e, i) => {
    const target = e.renamedTo ? byCatalogueId.get(e.renamedTo) : undefined;
    if (target && target.kind !== e.kind)
      out.push({ path: `catalogue[${i}].renamedTo`, message: `A ${e.kind} can only be renamed to another ${e.kind}, not to "${target.id}" (${target.kind})` });
  });

  // An item must not earn points twice through two catalogue or assessed rules of the same kind.
  const seenValuation = new Map<string, string>();
  for (const { r, path } of allRules) {
    if (r.type === 'catalogue' || r.type === 'assessed') {
      const key = `${r.type}:${r.applies}`;
      const first = seenValuation.get(key);
      if (first) out.push({ path, message: `A second ${r.type} rule for ${r.applies} (first at ${first}) would count items twice; keep one` });
      else seenValuation.set(key, path);
    }
    if (r.type === 'perYear') {
      const k = r.select.kind;
      const types = r.select.contributionTypes ?? [];
      if (k !== 'work' && !(k === 'contribution' && types.length > 0 && types.every((t) => periodContributionTypes.has(t))))
        out.push({ path: `${path}.select`, message: 'perYear rules need items with dates: work, or contribution types committee, mentoring or volunteering' });
    }
    if (r.type === 'perHour') {
      const types = r.select.contributionTypes ?? [];
      if (r.select.kind !== 'contribution' || types.length !== 1 || types[0] !== 'volunteering')
        out.push({ path: `${path}.select`, message: 'perHour rules apply to contribution type volunteering only (the items that record hours)' });
    }
    if (r.type === 'highestSustained') {
      out.push(...duplicates(r.table, (t) => t.level, (i) => `${path}.table[${i}].level`, 'table level'));
      r.table.forEach((t, i) => {
        if (!frameworkLevels.has(t.level))
          out.push({ path: `${path}.table[${i}].level`, message: `Responsibility level ${t.level} is not in framework.responsibilityLevels` });
      });
    }
  }

  s.levels.forEach((level, i) => {
    const req = level.requirements;
    const prev = s.levels[i - 1];
    if (prev && prev.order >= level.order)
      out.push({ path: `levels[${i}].order`, message: `List levels from lowest to highest order ("${prev.id}" has order ${prev.order})` });
    req.minPerCategory?.forEach((m, j) => {
      const cat = s.categories.find((c) => c.id === m.category);
      if (!categoryIds.has(m.category))
        out.push({ path: `levels[${i}].requirements.minPerCategory[${j}].category`, message: `No category has the id "${m.category}"; use one of ${[...categoryIds].join(', ')}` });
      else if (cat?.cap != null && m.points > cat.cap)
        out.push({ path: `levels[${i}].requirements.minPerCategory[${j}].points`, message: `Needs ${m.points} points but ${cat.name} is capped at ${cat.cap}; lower the minimum or raise the cap` });
    });
    req.nominations?.fromLevels.forEach((id, j) => {
      if (!levelIds.has(id))
        out.push({ path: `levels[${i}].requirements.nominations.fromLevels[${j}]`, message: `No level has the id "${id}"; use one of ${[...levelIds].join(', ')}` });
    });
    if (req.responsibility && !frameworkLevels.has(req.responsibility.minLevel))
      out.push({ path: `levels[${i}].requirements.responsibility.minLevel`, message: `Responsibility level ${req.responsibility.minLevel} is not in framework.responsibilityLevels` });
    const caps = s.categories.map((c) => c.cap);
    if (req.minTotal !== undefined && caps.every((c) => c !== null)) {
      const most = caps.reduce<number>((a, c) => a + (c ?? 0), 0);
      if (req.minTotal > most)
        out.push({ path: `levels[${i}].requirements.minTotal`, message: `Needs ${req.minTotal} points but the category caps allow at most ${most}` });
    }
  });
  // A higher level asking for fewer points than a lower one is almost always a typing error.
  let best: { total: number; i: number } | undefined;
  s.levels.forEach((level, i) => {
    const t = level.requirements.minTotal;
    if (t === undefined) return;
    if (best && t < best.total)
      out.push({ path: `levels[${i}].requirements.minTotal`, message: `Is lower than levels[${best.i}] ("${s.levels[best.i]!.id}", ${best.total}); higher levels need at least as many points` });
    else best = { total: t, i };
  });
  return out;
}
