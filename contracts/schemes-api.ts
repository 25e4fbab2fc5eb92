import { z } from 'zod';

/*
 * Request and response bodies of the scheme operations (listSchemes, getScheme, uploadSchemeVersion,
 * getSchemeVersionImpact, publishSchemeVersion). A scheme's content is the Scheme of contracts/scheme.ts.
 */

export const SchemeVersionStatus = z.enum(['draft', 'published']);

export const SchemeVersionSummary = z.object({
  id: z.string(),
  schemeId: z.string(),
  /** 1, 2, 3… in upload order within the scheme. */
  number: z.number().int(),
  /** The `version` label inside the content, e.g. "2026.1". */
  label: z.string(),
  status: SchemeVersionStatus,
  sha256: z.string().describe('of the content as stored (canonical JSON)'),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  publishedAt: z.string().nullable(),
  publishedBy: z.string().nullable(),
});
export type SchemeVersionSummary = z.infer<typeof SchemeVersionSummary>;

export const SchemeSummary = z.object({
  id: z.string(),
  /** The stable id inside the content, e.g. "itsm". */
  key: z.string(),
  name: z.string(),
  bodyId: z.string(),
  current: SchemeVersionSummary.nullable().describe('the version in force; null until one is published'),
  drafts: z.array(SchemeVersionSummary),
});
export type SchemeSummary = z.infer<typeof SchemeSummary>;

export const SchemeList = z.object({ schemes: z.array(SchemeSummary) });

export const SchemeParams = z.strictObject({ schemeId: z.string().min(1).max(100).describe('the scheme id or its key') });
export const SchemeVersionParams = z.strictObject({
  schemeId: z.string().min(1).max(100).describe('the scheme id or its key'),
  versionId: z.string().min(1).max(100),
});

/** getScheme: the scheme with a version and its content (the current published one unless ?versionId=). */
export const GetSchemeQuery = z.strictObject({ versionId: z.string().max(100).optional() });
export const SchemeDetail = z.object({
  scheme: SchemeSummary,
  version: SchemeVersionSummary,
  content: z.record(z.string(), z.unknown()).describe('a Scheme, see schemes/scheme.schema.json'),
});
export type SchemeDetail = z.infer<typeof SchemeDetail>;

/** uploadSchemeVersion body: the JSON of a scheme (schemes/scheme.schema.json); checked field by field. */
export const UploadSchemeVersionBody = z.record(z.string(), z.unknown()).describe('a Scheme, see schemes/scheme.schema.json');

export const SchemeChange = z.object({
  area: z.enum(['scheme', 'category', 'rule', 'level', 'catalogue', 'responsibilityLevel', 'skill']),
  change: z.enum(['added', 'removed', 'changed']),
  id: z.string(),
  summary: z.string(),
  fields: z.array(z.object({ path: z.string(), before: z.unknown(), after: z.unknown() })),
});
export type SchemeChange = z.infer<typeof SchemeChange>;

export const LevelImpact = z.object({
  id: z.string(),
  name: z.string(),
  eligibleBefore: z.number().int(),
  eligibleAfter: z.number().int(),
  becomeEligible: z.number().int(),
  loseEligibility: z.number().int(),
});
export const ImpactPreview = z.object({
  members: z.number().int(),
  higher: z.number().int(),
  lower: z.number().int(),
  unchanged: z.number().int(),
  levels: z.array(LevelImpact),
  examples: z.array(z.object({ memberId: z.string(), before: z.string().nullable(), after: z.string().nullable() })),
});
export type ImpactPreview = z.infer<typeof ImpactPreview>;

/** uploadSchemeVersion (201) and getSchemeVersionImpact: a draft compared with the version in force. */
export const SchemeVersionReview = z.object({
  version: SchemeVersionSummary,
  /** The version compared against; null for a scheme with nothing published yet. */
  against: SchemeVersionSummary.nullable(),
  diff: z.array(SchemeChange),
  impact: ImpactPreview,
  asOf: z.string().describe('the date the members were evaluated on'),
});
export type SchemeVersionReview = z.infer<typeof SchemeVersionReview>;

/*
 * exportSchemeFramework and importSchemeFramework: the responsibility and skills framework of a scheme as a
 * 1EdTech CASE 1.0-style package (a CFDocument, its CFItems and the CFAssociations between them).
 */
const CaseNodeRef = z.object({ identifier: z.string(), title: z.string().optional(), uri: z.string().optional() });
export const CaseFrameworkPackage = z.object({
  CFDocument: z.looseObject({ identifier: z.string(), title: z.string(), uri: z.string().optional(), creator: z.string().optional(), version: z.string().optional(), lastChangeDateTime: z.string().optional() }),
  CFItems: z.array(
    z.looseObject({
      identifier: z.string(),
      fullStatement: z.string(),
      abbreviatedStatement: z.string().optional(),
      humanCodingScheme: z.string().optional(),
      CFItemType: z.string().optional(),
      statusEndDate: z.string().optional(),
      lastChangeDateTime: z.string().optional(),
    }),
  ),
  CFAssociations: z.array(
    z.looseObject({
      identifier: z.string().optional(),
      associationType: z.string(),
      originNodeURI: CaseNodeRef,
      destinationNodeURI: CaseNodeRef,
      sequenceNumber: z.number().optional(),
      lastChangeDateTime: z.string().optional(),
    }),
  ),
});
export type CaseFrameworkPackage = z.infer<typeof CaseFrameworkPackage>;

/** importSchemeFramework body: a CASE package as JSON; checked field by field, problems name their path. */
export const ImportSchemeFrameworkBody = z.record(z.string(), z.unknown()).describe('a CASE 1.0 package: CFDocument, CFItems, CFAssociations');
/** importSchemeFramework query: the label of the new draft (default: the label in force with "+case.N"). */
export const ImportSchemeFrameworkQuery = z.strictObject({ version: z.string().max(40).optional() });
