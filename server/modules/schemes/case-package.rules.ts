import { createHash } from 'node:crypto';
import type { Framework, Scheme } from '../../../contracts/scheme.js';
import { exportCaseFramework, importCaseFramework } from './case-import.rules.js';
import type { SchemeProblem } from './scheme.rules.js';

/*
 * The scheme-level side of CASE exchange: stable identifiers for framework parts that have no CASE identifier of
 * their own, a CASE 1.0-style package for a published version, and a scheme content with its framework replaced
 * by an imported package. Pure: the caller passes the scheme and the day.
 */

/** A UUID (version 5 layout) derived from the scheme key and a part key, so the same part always gets the same identifier. */
export function stableCaseIdentifier(schemeKey: string, key: string): string {
  const h = createHash('sha256').update(`guildhall:case:${schemeKey}:${key}`).digest('hex');
  const variant = ((Number.parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The framework of `scheme` as a CASE package: every document, item and association with a stable identifier. */
export function schemeCasePackage(scheme: Scheme, lastChangeDateTime: string) {
  const idFor = (key: string) => stableCaseIdentifier(scheme.id, key);
  const pkg = exportCaseFramework(scheme.framework, idFor);
  return {
    CFDocument: { ...pkg.CFDocument, creator: scheme.name, version: scheme.version, lastChangeDateTime },
    CFItems: pkg.CFItems.map((item) => ({ ...item, lastChangeDateTime })),
    CFAssociations: pkg.CFAssociations.map((a) => ({
      identifier: idFor(`association:${a.associationType}:${a.originNodeURI.identifier}:${a.destinationNodeURI.identifier}`),
      ...a,
      lastChangeDateTime,
    })),
  };
}

export type FrameworkImport =
  | { ok: true; scheme: Scheme; warnings: string[] }
  | { ok: false; errors: SchemeProblem[] };

/**
 * `current` with its framework replaced by the CASE package `input`. Ids stay those of `current` (matched by CASE
 * identifier, including the ones an export derives, then by level number or skill name). A skill of `current`
 * missing from the package is a problem, as uploading a scheme without it would be: the package must keep it,
 * retired (statusEndDate) or replaced (replacedBy). `asOf` (YYYY-MM-DD) decides which statusEndDates have passed.
 */
export function replaceFramework(current: Scheme, input: unknown, asOf: string): FrameworkImport {
  const idFor = (key: string) => stableCaseIdentifier(current.id, key);
  const old = current.framework;
  // Parts without a CASE identifier are known by the identifier an export gives them, so a round trip keeps every id.
  const derived: Framework = {
    ...old,
    responsibilityLevels: old.responsibilityLevels.map((l) => ({ ...l, caseIdentifier: l.caseIdentifier ?? idFor(`level:${l.id}`) })),
    skills: old.skills.map((s) => ({ ...s, caseIdentifier: s.caseIdentifier ?? idFor(`skill:${s.id}`) })),
  };
  const r = importCaseFramework(input, { current: derived, asOf });
  if (!r.ok) return r;
  const inPackage = new Set(
    Array.isArray((input as { CFItems?: unknown }).CFItems) ? ((input as { CFItems: Array<{ identifier?: unknown }> }).CFItems.map((i) => i.identifier)) : [],
  );
  // The import keeps missing skills as retired; here their absence is refused instead, naming each one.
  const missing = r.framework.skills.filter((s) => !(s.caseIdentifier && inPackage.has(s.caseIdentifier)));
  if (missing.length > 0)
    return {
      ok: false,
      errors: missing.map((s) => ({
        path: 'CFItems',
        message: `Skill "${s.name}" (${s.id}) was removed; keep it as a CFItem, with a statusEndDate to retire it or a replacedBy association to rename it, as work history may name it`,
      })),
    };
  // Derived identifiers are not stored: they can always be derived again, and storing them would show as a change.
  const framework: Framework = {
    ...r.framework,
    responsibilityLevels: r.framework.responsibilityLevels.map(({ caseIdentifier, ...l }) =>
      caseIdentifier === undefined || caseIdentifier === idFor(`level:${l.id}`) ? l : { ...l, caseIdentifier },
    ),
    skills: r.framework.skills.map(({ caseIdentifier, ...s }) => (caseIdentifier === undefined || caseIdentifier === idFor(`skill:${s.id}`) ? s : { ...s, caseIdentifier })),
  };
  const source = r.framework.source;
  if (!old.source && source?.caseDocumentId === idFor(`document:${old.name}`)) delete framework.source;
  return { ok: true, scheme: { ...current, framework }, warnings: r.warnings };
}
