import { z } from 'zod';
import { Framework, type Scheme } from '../../../contracts/scheme.js';
import { formatPath, type SchemeProblem } from './scheme.rules.js';

/*
 * Imports the responsibility levels and skills of a scheme from a CASE-style competency framework package
 * (1EdTech CASE 1.0: a CFDocument, its CFItems and the CFAssociations between them). Items are told apart by
 * CFItemType; "isChildOf" gives a skill its group, "replacedBy" marks a renamed skill. Ids stay stable: a skill
 * whose CASE identifier is already in the current framework keeps its id, so re-importing a revised framework
 * does not break portfolios that name the old ids.
 */

const NodeRef = z.object({ identifier: z.string().min(1), uri: z.string().optional(), title: z.string().optional() });
const CFItem = z.object({
  identifier: z.string().min(1, 'Every CFItem needs an identifier'),
  uri: z.string().optional(),
  fullStatement: z.string().min(1, 'Every CFItem needs a fullStatement'),
  abbreviatedStatement: z.string().optional(),
  humanCodingScheme: z.string().optional(),
  listEnumeration: z.string().optional(),
  CFItemType: z.string().optional(),
  notes: z.string().optional(),
  statusEndDate: z.string().optional(),
});
export const CasePackage = z.object({
  CFDocument: z.object({
    identifier: z.string().min(1, 'The CFDocument needs an identifier'),
    uri: z.string().optional(),
    title: z.string().min(1, 'The CFDocument needs a title'),
  }),
  CFItems: z.array(CFItem).min(1, 'The package has no CFItems'),
  CFAssociations: z
    .array(z.object({ associationType: z.string(), originNodeURI: NodeRef, destinationNodeURI: NodeRef, sequenceNumber: z.number().optional() }))
    .default([]),
});
export type CasePackage = z.input<typeof CasePackage>;

export interface CaseImportOptions {
  /** CFItemType values (case-insensitive) that mark a responsibility level. */
  levelTypes?: string[];
  /** CFItemType values (case-insensitive) that mark a skill. */
  skillTypes?: string[];
  /** The framework being replaced: its level ids and skill ids are kept; its skills missing from the import stay, retired. */
  current?: Scheme['framework'];
  /** Items whose statusEndDate is on or before this day (YYYY-MM-DD) are imported as retired. */
  asOf?: string;
}
export type CaseImportResult = { ok: true; framework: Framework; warnings: string[] } | { ok: false; errors: SchemeProblem[] };

const defaultLevelTypes = ['level', 'responsibility level', 'level of responsibility'];
const defaultSkillTypes = ['skill', 'competency', 'practice'];

/** Lower-case id from free text: "Incident Management" → "incident-management". */
export function slugId(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return slug === '' ? 'item' : slug;
}

const short = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** Maps a CASE package (already JSON-decoded) to the framework part of a scheme. */
export function importCaseFramework(input: unknown, options: CaseImportOptions = {}): CaseImportResult {
  const parsed = CasePackage.safeParse(input);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })) };
  const pkg = parsed.data;
  const levelTypes = new Set((options.levelTypes ?? defaultLevelTypes).map((t) => t.toLowerCase()));
  const skillTypes = new Set((options.skillTypes ?? defaultSkillTypes).map((t) => t.toLowerCase()));
  const errors: SchemeProblem[] = [];
  const warnings: string[] = [];
  const byIdentifier = new Map(pkg.CFItems.map((item) => [item.identifier, item]));
  const parentOf = new Map<string, string>();
  const replacedBy = new Map<string, string>();
  for (const a of pkg.CFAssociations) {
    if (a.associationType === 'isChildOf') parentOf.set(a.originNodeURI.identifier, a.destinationNodeURI.identifier);
    if (a.associationType === 'replacedBy') replacedBy.set(a.originNodeURI.identifier, a.destinationNodeURI.identifier);
  }
  const typeOf = (item: z.infer<typeof CFItem>) => (item.CFItemType ?? '').toLowerCase();
  const retired = (item: z.infer<typeof CFItem>) => options.asOf !== undefined && item.statusEndDate !== undefined && item.statusEndDate.slice(0, 10) <= options.asOf;

  // Level ids follow the level number, skill ids the CASE identifier and then the name, so ids stay stable.
  const currentLevelIds = new Map((options.current?.responsibilityLevels ?? []).map((l) => [l.level, l.id]));
  const responsibilityLevels: Framework['responsibilityLevels'] = [];
  pkg.CFItems.forEach((item, i) => {
    if (!levelTypes.has(typeOf(item))) return;
    const digits = /\d+/.exec(item.humanCodingScheme ?? '') ?? /\d+/.exec(item.listEnumeration ?? '');
    const level = digits ? Number(digits[0]) : Number.NaN;
    if (!(level >= 1 && level <= 7)) {
      errors.push({ path: `CFItems[${i}].humanCodingScheme`, message: `Level "${short(item.fullStatement, 60)}" needs a number from 1 to 7 in humanCodingScheme or listEnumeration` });
      return;
    }
    const name = short(item.abbreviatedStatement ?? item.fullStatement, 200);
    responsibilityLevels.push({
      level,
      id: currentLevelIds.get(level) ?? slugId(name),
      name,
      ...(item.abbreviatedStatement ? { description: short(item.fullStatement, 2000) } : {}),
      caseIdentifier: item.identifier,
    });
  });
  if (responsibilityLevels.length === 0 && errors.length === 0)
    errors.push({ path: 'CFItems', message: `No responsibility levels found: mark them with CFItemType ${[...levelTypes].map((t) => `"${t}"`).join(' or ')}` });
  responsibilityLevels.sort((a, b) => a.level - b.level);

  const knownIds = new Map((options.current?.skills ?? []).filter((s) => s.caseIdentifier).map((s) => [s.caseIdentifier!, s.id]));
  const knownNames = new Map((options.current?.skills ?? []).map((s) => [s.name.toLowerCase(), s.id]));
  const skillIdFor = new Map<string, string>();
  const used = new Set<string>();
  const skillItems = pkg.CFItems.filter((item) => skillTypes.has(typeOf(item)));
  for (const item of skillItems) {
    const name = item.abbreviatedStatement ?? item.fullStatement;
    let id = knownIds.get(item.identifier) ?? knownNames.get(name.toLowerCase()) ?? slugId(name);
    if (used.has(id)) {
      let n = 2;
      while (used.has(`${id}-${n}`)) n++;
      warnings.push(`Two skills would share the id "${id}"; "${short(item.fullStatement, 60)}" gets "${id}-${n}"`);
      id = `${id}-${n}`;
    }
    used.add(id);
    skillIdFor.set(item.identifier, id);
  }
  const skills: Framework['skills'] = skillItems.map((item) => {
    const parent = byIdentifier.get(parentOf.get(item.identifier) ?? '');
    const group = parent && !skillTypes.has(typeOf(parent)) ? short(parent.abbreviatedStatement ?? parent.fullStatement, 200) : undefined;
    const successor = skillIdFor.get(replacedBy.get(item.identifier) ?? '');
    return {
      id: skillIdFor.get(item.identifier)!,
      name: short(item.abbreviatedStatement ?? item.fullStatement, 200),
      ...(item.humanCodingScheme ? { code: short(item.humanCodingScheme, 40) } : {}),
      ...(group ? { group } : {}),
      ...(item.abbreviatedStatement ? { description: short(item.fullStatement, 4000) } : {}),
      ...(retired(item) ? { retired: true } : {}),
      ...(successor ? { renamedTo: successor } : {}),
      caseIdentifier: item.identifier,
    };
  });
  // A skill of the current framework missing from the import stays, retired, so old portfolios keep resolving.
  for (const old of options.current?.skills ?? []) {
    if (!used.has(old.id)) {
      skills.push({ ...old, retired: true });
      warnings.push(`Skill "${old.name}" is not in the imported framework; kept as retired`);
    }
  }
  if (skills.length === 0) warnings.push(`No skills found: mark them with CFItemType ${[...skillTypes].map((t) => `"${t}"`).join(' or ')}`);
  if (errors.length > 0) return { ok: false, errors };

  const framework = Framework.safeParse({
    name: short(pkg.CFDocument.title, 200),
    source: { caseDocumentId: pkg.CFDocument.identifier, title: short(pkg.CFDocument.title, 500), ...(pkg.CFDocument.uri ? { uri: pkg.CFDocument.uri } : {}) },
    responsibilityLevels,
    skills,
  });
  if (!framework.success) return { ok: false, errors: framework.error.issues.map((i) => ({ path: `framework.${formatPath(i.path)}`, message: i.message })) };
  return { ok: true, framework: framework.data, warnings };
}

/** The framework as a CASE package (levels and skills under their groups), e.g. to publish or to edit elsewhere. */
export function exportCaseFramework(framework: Framework, identifierFor: (key: string) => string): z.output<typeof CasePackage> {
  const docId = framework.source?.caseDocumentId ?? identifierFor(`document:${framework.name}`);
  const ref = (identifier: string, title: string) => ({ identifier, title });
  const items: z.output<typeof CasePackage>['CFItems'] = [];
  const associations: z.output<typeof CasePackage>['CFAssociations'] = [];
  const child = (origin: { identifier: string; title: string }, parent: { identifier: string; title: string }, sequenceNumber: number) =>
    associations.push({ associationType: 'isChildOf', originNodeURI: origin, destinationNodeURI: parent, sequenceNumber });
  const doc = ref(docId, framework.name);
  framework.responsibilityLevels.forEach((l, i) => {
    const identifier = l.caseIdentifier ?? identifierFor(`level:${l.id}`);
    items.push({
      identifier,
      fullStatement: l.description ?? l.name,
      ...(l.description ? { abbreviatedStatement: l.name } : {}),
      humanCodingScheme: `L${l.level}`,
      CFItemType: 'Responsibility Level',
    });
    child(ref(identifier, l.name), doc, i + 1);
  });
  const groups = new Map<string, { identifier: string; title: string }>();
  const idOf = new Map(framework.skills.map((s) => [s.id, s.caseIdentifier ?? identifierFor(`skill:${s.id}`)]));
  framework.skills.forEach((s, i) => {
    let parent = doc;
    if (s.group) {
      let g = groups.get(s.group);
      if (!g) {
        g = ref(identifierFor(`group:${s.group}`), s.group);
        groups.set(s.group, g);
        items.push({ identifier: g.identifier, fullStatement: s.group, CFItemType: 'Skill Group' });
        child(g, doc, framework.responsibilityLevels.length + groups.size);
      }
      parent = g;
    }
    const identifier = idOf.get(s.id)!;
    items.push({
      identifier,
      fullStatement: s.description ?? s.name,
      ...(s.description ? { abbreviatedStatement: s.name } : {}),
      ...(s.code ? { humanCodingScheme: s.code } : {}),
      CFItemType: 'Skill',
      ...(s.retired ? { statusEndDate: '1970-01-01' } : {}),
    });
    child(ref(identifier, s.name), parent, i + 1);
    if (s.renamedTo) associations.push({ associationType: 'replacedBy', originNodeURI: ref(identifier, s.name), destinationNodeURI: ref(idOf.get(s.renamedTo) ?? s.renamedTo, s.renamedTo) });
  });
  return { CFDocument: { identifier: docId, title: framework.name, ...(framework.source?.uri ? { uri: framework.source.uri } : {}) }, CFItems: items, CFAssociations: associations };
}
