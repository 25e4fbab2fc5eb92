import { z } from 'zod';
import { multiline } from './common.js';
import { contributionTypes } from './portfolio.js';

/*
 * A recognition scheme version as data: levels and their requirements, point categories with item rules and
 * caps, the catalogue of recognised qualifications and certifications, and the responsibility and skills
 * framework. Ids are stable across versions; renaming or retiring keeps the old id resolvable so portfolios
 * and applications made under an older version keep working.
 */

const idPattern = /^[a-z0-9][a-z0-9._-]{0,79}$/;
export const StableId = z
  .string({ error: 'Give an id (text)' })
  .regex(idPattern, 'Use an id of lower-case letters, digits, ".", "_" or "-", starting with a letter or digit (at most 80)');

const label = (what: string) =>
  z.string({ error: `Give ${what} (text)` }).trim().min(1, `Give ${what}`).max(200, `Shorten ${what} to at most 200 characters`);
const points = z
  .number({ error: 'Give points as a number' })
  .int('Use whole points')
  .min(0, 'Points cannot be negative')
  .max(100_000, 'Use at most 100000 points');
const positive = (what: string) => z.number({ error: `Give ${what} as a number` }).positive(`${what} must be above 0`);

export const ItemKind = z.enum(['education', 'certification', 'work', 'contribution'], {
  error: 'Use one of: education, certification, work, contribution',
});
export type ItemKind = z.infer<typeof ItemKind>;

export const ContributionType = z.enum(contributionTypes, { error: `Use one of: ${contributionTypes.join(', ')}` });

/** Which portfolio items a per-item rule looks at. */
export const ItemSelector = z
  .strictObject({
    kind: ItemKind,
    contributionTypes: z.array(ContributionType).min(1, 'List at least one contribution type').optional(),
    itsmOnly: z.boolean().optional().describe('work items only: count only roles marked as IT service management work'),
  })
  .superRefine((s, ctx) => {
    if (s.contributionTypes && s.kind !== 'contribution')
      ctx.addIssue({ code: 'custom', path: ['contributionTypes'], message: 'contributionTypes only applies when kind is "contribution"' });
    if (s.itsmOnly !== undefined && s.kind !== 'work')
      ctx.addIssue({ code: 'custom', path: ['itsmOnly'], message: 'itsmOnly only applies when kind is "work"' });
  });
export type ItemSelector = z.infer<typeof ItemSelector>;

const ruleBase = {
  id: StableId,
  label: label('a label for the rule'),
  suggest: z.boolean().optional().describe('false: never offer this rule in "what is missing" suggestions (e.g. degrees)'),
};

/** Points taken from the catalogue entry the item names (qualifications, certifications). */
const CatalogueRule = z.strictObject({
  ...ruleBase,
  type: z.literal('catalogue'),
  applies: z.enum(['education', 'certification'], { error: 'Use "education" or "certification"' }),
});
/** Items outside the catalogue, valued by an assessor within a range; unvalued items count 0. */
const AssessedRule = z
  .strictObject({
    ...ruleBase,
    type: z.literal('assessed'),
    applies: z.enum(['education', 'certification'], { error: 'Use "education" or "certification"' }),
    minPoints: points,
    maxPoints: points,
  })
  .refine((r) => r.minPoints <= r.maxPoints, { path: ['maxPoints'], message: 'maxPoints must be at least minPoints' });
const FixedRule = z.strictObject({
  ...ruleBase,
  type: z.literal('fixed'),
  points,
  select: ItemSelector,
  unit: label('the unit shown in suggestions, e.g. "a talk"'),
});
const PerYearRule = z.strictObject({
  ...ruleBase,
  type: z.literal('perYear'),
  points,
  select: ItemSelector,
  mergeOverlaps: z.boolean().describe('true: overlapping periods count once (experience); false: each item counts'),
  unit: label('the unit shown in suggestions, e.g. "a year of mentoring"'),
});
const PerHourRule = z.strictObject({
  ...ruleBase,
  type: z.literal('perHour'),
  pointsPerHour: positive('pointsPerHour').max(100, 'Use at most 100 points an hour'),
  select: ItemSelector,
  unit: label('the unit shown in suggestions, e.g. "hours of volunteering"'),
});
/** Points from the highest responsibility level held (in total) for at least minMonths. */
const HighestSustainedRule = z.strictObject({
  ...ruleBase,
  type: z.literal('highestSustained'),
  minMonths: z.number().int('Use whole months').min(1, 'minMonths must be at least 1').max(600),
  table: z
    .array(z.strictObject({ level: z.number().int().min(1).max(7, 'Responsibility levels run from 1 to 7'), points }))
    .min(1, 'Give at least one level in the table'),
});

export const ItemRule = z.discriminatedUnion('type', [CatalogueRule, AssessedRule, FixedRule, PerYearRule, PerHourRule, HighestSustainedRule], {
  error: 'Use a rule type of catalogue, assessed, fixed, perYear, perHour or highestSustained',
});
export type ItemRule = z.infer<typeof ItemRule>;

export const Category = z.strictObject({
  id: StableId,
  name: label('a category name'),
  cap: positive('cap').int('Use a whole-number cap').nullable().describe('most points counted from this category; null for none'),
  rules: z.array(ItemRule).min(1, 'Give the category at least one rule'),
});
export type Category = z.infer<typeof Category>;

export const ResponsibilityRequirement = z
  .strictObject({
    minLevel: z.number().int().min(1).max(7, 'Responsibility levels run from 1 to 7'),
    years: positive('years').max(50).optional().describe('total years at minLevel or above; omitted: any period'),
    withinLastYears: positive('withinLastYears').max(50).optional().describe('only count the last M years'),
  })
  .refine((r) => r.withinLastYears === undefined || (r.years !== undefined && r.years <= r.withinLastYears), {
    path: ['withinLastYears'],
    message: 'withinLastYears needs years, and must be at least years',
  });

export const Requirements = z.strictObject({
  enrolledInStudy: z.boolean().optional().describe('an education item with status "enrolled"'),
  minTotal: points.optional(),
  minPerCategory: z
    .array(z.strictObject({ category: StableId, points }))
    .optional()
    .describe('minimum counted points per category, e.g. a contribution minimum: [{ "category": "contribution", "points": 20 }]'),
  minYearsExperience: positive('minYearsExperience')
    .max(60)
    .optional()
    .describe('years of roles marked as IT service management work, overlapping periods counted once'),
  responsibility: ResponsibilityRequirement.optional(),
  nominations: z
    .strictObject({
      count: z.number().int().min(1),
      fromLevels: z.array(StableId).min(1, 'Name the levels nominators must hold'),
    })
    .optional(),
  panelDecision: z.boolean().optional(),
});
export type Requirements = z.infer<typeof Requirements>;

export const Level = z.strictObject({
  id: StableId,
  name: label('a level name'),
  postNominals: z.string().trim().min(1).max(20, 'Use at most 20 characters').nullable(),
  order: z.number().int('Use a whole number for order').min(0),
  requirements: Requirements,
  fee: z
    .strictObject({
      amount: z.number().positive('Give a fee above 0, or null for none').max(100_000),
      currency: z.string().regex(/^[A-Z]{3}$/, 'Use a three-letter currency code such as GBP'),
    })
    .nullable()
    .optional()
    .describe('recorded, not charged: payable after approval; the credential is awarded once an administrator marks it paid'),
  assessors: z
    .union([z.literal(1), z.literal(2)], { error: 'Use 1 or 2 assessors' })
    .optional()
    .describe('assessors per application; when absent, two for levels with nominations or a panel and levels whose holders nominate'),
});
export type Level = z.infer<typeof Level>;

export const CatalogueEntry = z.strictObject({
  id: StableId,
  kind: z.enum(['qualification', 'certification'], { error: 'Use "qualification" or "certification"' }),
  name: label('a name'),
  group: StableId.optional().describe('e.g. itil, iso20000'),
  points,
  repeatable: z.boolean().optional().describe('true: each item counts (e.g. "each module"); otherwise one per portfolio'),
  retired: z.boolean().optional().describe('no longer offered; still counts for portfolios that hold it'),
  renamedTo: StableId.optional().describe('id of the entry that replaces this one; points come from it'),
});
export type CatalogueEntry = z.infer<typeof CatalogueEntry>;

export const ResponsibilityLevel = z.strictObject({
  level: z.number().int().min(1).max(7, 'Responsibility levels run from 1 to 7'),
  id: StableId,
  name: label('a level name'),
  description: multiline(z.string().max(2000)).optional(),
  caseIdentifier: z.string().max(200).optional(),
});
export const Skill = z.strictObject({
  id: StableId,
  name: label('a skill name'),
  code: z.string().max(40).optional(),
  group: z.string().max(200).optional(),
  description: multiline(z.string().max(4000)).optional(),
  retired: z.boolean().optional(),
  renamedTo: StableId.optional(),
  caseIdentifier: z.string().max(200).optional(),
});
export type Skill = z.infer<typeof Skill>;

export const Framework = z.strictObject({
  name: label('a framework name'),
  source: z.strictObject({ caseDocumentId: z.string().max(200), uri: z.string().max(2000).optional(), title: z.string().max(500) }).optional(),
  responsibilityLevels: z.array(ResponsibilityLevel).min(1, 'List the responsibility levels'),
  skills: z.array(Skill),
});
export type Framework = z.infer<typeof Framework>;

/** How applications under this version are assessed: the code of ethics applicants accept and the scoring scale. */
export const Assessment = z.strictObject({
  codeOfEthics: z.strictObject({
    title: label('the code of ethics a title'),
    version: z.string().trim().min(1).max(40),
    text: multiline(z.string().trim().min(1, 'Give the text of the code of ethics').max(20_000)),
  }),
  scale: z
    .array(z.strictObject({ value: z.number().int().min(0).max(10), label: label('each scale point a label') }))
    .min(2, 'Give a scale of at least two points')
    .describe('the rubric scale each category is scored on, lowest first'),
  guidance: z.record(StableId, multiline(z.string().max(4000))).optional().describe('assessor guidance per category id'),
  reviewYears: z.number().int().min(1).max(10).describe('years from award to the credential review date'),
  refereeDays: z.number().int().min(3).max(60).describe('days a referee link stays valid'),
});
export type Assessment = z.infer<typeof Assessment>;

export const Scheme = z
  .strictObject({
    $schema: z.string().optional(),
    id: StableId,
    version: z.string().regex(/^[0-9A-Za-z][0-9A-Za-z.+-]{0,39}$/, 'Use a version such as 2026.1'),
    name: label('a scheme name'),
    description: multiline(z.string().max(4000)).optional(),
    categories: z.array(Category).min(1, 'Give at least one point category'),
    levels: z.array(Level).min(1, 'Give at least one level'),
    catalogue: z.array(CatalogueEntry),
    framework: Framework,
    assessment: Assessment.optional(),
  })
  .meta({ id: 'Scheme', title: 'Guildhall recognition scheme version' });
export type Scheme = z.infer<typeof Scheme>;

/** The published JSON Schema of a scheme file, as the text written to schemes/scheme.schema.json. */
export function renderSchemeJsonSchema(): string {
  const schema = z.toJSONSchema(Scheme, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify({ ...schema, $id: 'https://guildhall.example.org/schemes/scheme.schema.json' }, null, 2)}\n`;
}
