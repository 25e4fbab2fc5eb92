import { z } from 'zod';
import { multiline } from './common.js';
import { IsoDate } from './portfolio.js';

/*
 * CPD: the member's one log of activities, the summary per tracked credential and rule set, tracked
 * credentials from other bodies, and the plan. Hours are claimed in quarter hours (1 point = 1 hour) and
 * stored as whole quarters. Checks that need today's date (no future dates) live in the service.
 */

export { type CpdField, type CpdTypeSpec, cpdActivityTypes, cpdTypeSpecs, reflectionPrompts } from './cpd-types.js';
import { type CpdActivityType as ActivityTypeName, type CpdTypeSpec, cpdActivityTypes, cpdTypeSpecs } from './cpd-types.js';

export type CpdActivityType = ActivityTypeName;
export const CpdActivityType = z.enum(cpdActivityTypes, { error: `Use an activity type of ${cpdActivityTypes.join(', ')}` });

const text = (what: string, max = 200) =>
  z.string({ error: `Give ${what}` }).trim().min(1, `Give ${what}`).max(max, `Use at most ${max} characters`);
const optionalText = (max = 200) => z.string().trim().max(max, `Use at most ${max} characters`).optional();

/** Hours in quarter hours: 0.25 to 500. */
export const QuarterHours = z
  .number({ error: 'Give the hours as a number' })
  .min(0.25, { message: 'Give at least a quarter hour (0.25)', abort: true })
  .max(500, { message: 'Give at most 500 hours for one activity', abort: true })
  .refine((h) => Number.isInteger(h * 4), 'Give hours in quarter hours, such as 1.25, 1.5 or 1.75');
export const toQuarters = (hours: number) => Math.round(hours * 4);
export const fromQuarters = (quarters: number) => quarters / 4;

const evidenceIds = z.array(z.string().min(1).max(100)).max(20, 'Attach at most 20 pieces of evidence').optional();

function detailsOf(spec: CpdTypeSpec) {
  const shape: Record<string, z.ZodType> = {};
  for (const field of spec.fields) {
    const base =
      field.kind === 'url'
        ? z.url({ message: 'Give a full web address such as https://example.org/article' }).max(2000)
        : text(field.label.toLowerCase(), 500);
    shape[field.name] = field.required ? base : z.union([base, z.literal('')]).optional();
  }
  return z.strictObject(shape);
}

function activityOf<T extends CpdActivityType>(type: T) {
  const spec = cpdTypeSpecs[type];
  return z.strictObject({
    type: z.literal(type),
    title: text('a title'),
    occurredOn: IsoDate,
    hours: QuarterHours,
    provider: spec.providerRequired ? text(spec.providerLabel.toLowerCase()) : z.union([optionalText(), z.null()]),
    learned: multiline(text('what you learned', 4000)),
    apply: multiline(text('how you will use it', 4000)),
    details: detailsOf(spec),
    evidenceIds,
  });
}

/** logCpdActivity and updateCpdActivity: one activity, with the fields of its type only. */
export const CpdActivityBody = z.discriminatedUnion(
  'type',
  [
    activityOf('training'),
    activityOf('self-study'),
    activityOf('certification'),
    activityOf('promotion'),
    activityOf('work-practice'),
    activityOf('event'),
    activityOf('speaking'),
    activityOf('writing'),
    activityOf('book'),
    activityOf('committee'),
    activityOf('mentoring'),
    activityOf('volunteering'),
  ],
  { error: `Use an activity type of ${cpdActivityTypes.join(', ')}` },
);
export type CpdActivityBody = z.infer<typeof CpdActivityBody>;
export type CpdActivityInput = z.input<typeof CpdActivityBody>;

export const CpdActivityParams = z.strictObject({ activityId: z.string().min(1).max(100) });

/** An activity as the log shows it. Provider credits may lack a reflection until the member adds one. */
export const CpdActivity = z.object({
  id: z.string(),
  type: CpdActivityType,
  title: z.string(),
  occurredOn: z.string(),
  hours: z.number(),
  provider: z.string().nullable(),
  learned: z.string().nullable(),
  apply: z.string().nullable(),
  details: z.record(z.string(), z.string()),
  evidenceIds: z.array(z.string()),
  source: z.enum(['manual', 'provider', 'event']),
  verified: z.boolean().describe('credited by an approved provider or an event check-in; only the reflection and evidence can change'),
  activityCode: z.string().nullable(),
  auditStatus: z.enum(['requested', 'accepted', 'rejected']).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CpdActivity = z.infer<typeof CpdActivity>;

export const ListCpdActivitiesQuery = z.strictObject({
  year: z.coerce.number().int().min(1950).max(2200).optional(),
  type: CpdActivityType.optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});
export type ListCpdActivitiesQuery = z.infer<typeof ListCpdActivitiesQuery>;

export const CpdActivityPage = z.object({
  items: z.array(CpdActivity),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type CpdActivityPage = z.infer<typeof CpdActivityPage>;

// ---- summary (mirrors server/modules/cpd/cpd.rules.ts) ----

/** Points in one category over a period: earned before caps, counted after, and why they differ. */
export const CpdCategoryLine = z.object({
  id: z.string(),
  name: z.string(),
  earned: z.number(),
  counted: z.number(),
  minimum: z.number().nullable(),
  cap: z.number().nullable(),
  shortfall: z.number(),
  lines: z.array(z.string()),
});
export type CpdCategoryLine = z.infer<typeof CpdCategoryLine>;

export const CpdPeriodTotal = z.object({
  label: z.string(),
  start: z.string(),
  end: z.string().describe('the last day of the period'),
  earned: z.number(),
  counted: z.number(),
  required: z.number().nullable(),
  shortfall: z.number(),
  categories: z.array(CpdCategoryLine),
  lines: z.array(z.string()),
});
export type CpdPeriodTotal = z.infer<typeof CpdPeriodTotal>;

export const CpdForecast = z.object({
  atCycleEnd: z.number(),
  required: z.number().nullable(),
  onTrack: z.boolean(),
  perMonth: z.number(),
  message: z.string(),
});

export const CpdEvaluation = z.object({
  ruleSet: z.object({ key: z.string(), name: z.string(), unit: z.string(), version: z.number().int() }),
  asOf: z.string(),
  cycle: CpdPeriodTotal.extend({ index: z.number().int(), rolledIn: z.number() }),
  year: CpdPeriodTotal.extend({ index: z.number().int() }).nullable().describe('the cycle year containing today'),
  years: z.array(CpdPeriodTotal.extend({ index: z.number().int() })),
  forecast: CpdForecast,
  /** Activities that count less than they earned here, with the reason. */
  activityLines: z.array(z.object({ activityId: z.string(), earned: z.number(), counted: z.number(), reason: z.string() })),
  met: z.boolean(),
  graceEndsOn: z.string(),
});
export type CpdEvaluation = z.infer<typeof CpdEvaluation>;

export const TrackedCredentialRef = z.object({
  kind: z.enum(['body', 'tracked']),
  id: z.string(),
  name: z.string(),
  issuer: z.string(),
  status: z.string(),
  cycleStart: z.string(),
});

export const CpdSummary = z.object({
  asOf: z.string(),
  activityCount: z.number().int(),
  earnedThisYear: z.number().describe('calendar year, before any rule set applies'),
  credentials: z.array(z.object({ credential: TrackedCredentialRef, evaluation: CpdEvaluation })),
});
export type CpdSummary = z.infer<typeof CpdSummary>;

// ---- rule sets and tracked credentials ----

export const CpdRuleSetInfo = z.object({
  key: z.string(),
  version: z.number().int(),
  name: z.string(),
  issuer: z.string(),
  description: z.string(),
  unit: z.string(),
  bodyDefault: z.boolean(),
});
export const CpdRuleSetList = z.object({ items: z.array(CpdRuleSetInfo) });

export const TrackedCredentialBody = z.strictObject({
  name: text('the credential name'),
  issuer: text('the body that issued it'),
  ruleSetKey: z.string({ error: 'Choose a rule set' }).min(1, 'Choose a rule set').max(80),
  cycleStart: IsoDate,
});
export type TrackedCredentialBody = z.infer<typeof TrackedCredentialBody>;
export const TrackedCredential = z.object({
  id: z.string(),
  name: z.string(),
  issuer: z.string(),
  ruleSetKey: z.string(),
  cycleStart: z.string(),
  createdAt: z.string(),
});
export type TrackedCredential = z.infer<typeof TrackedCredential>;
export const TrackedCredentialParams = z.strictObject({ trackedId: z.string().min(1).max(100) });
export const TrackedCredentialList = z.object({ items: z.array(TrackedCredential) });

// ---- the plan ----

export const CpdPlanContent = z.strictObject({
  goals: z
    .array(z.strictObject({ text: text('the goal', 500), by: IsoDate.nullable().optional(), done: z.boolean().default(false) }))
    .max(20, 'Keep at most 20 goals'),
  planned: z
    .array(
      z.strictObject({
        title: text('the planned activity'),
        type: CpdActivityType,
        hours: QuarterHours,
        plannedOn: IsoDate.nullable().optional(),
        remindOn: IsoDate.nullable().optional().describe('a reminder by e-mail on this day, with a link to log the activity'),
        done: z.boolean().default(false),
      }),
    )
    .max(50, 'Plan at most 50 activities'),
  reminders: z.array(z.strictObject({ on: IsoDate, note: text('what to remind you of', 300) })).max(20, 'Keep at most 20 reminders'),
});
export type CpdPlanContent = z.infer<typeof CpdPlanContent>;

export const CpdPlan = z.object({
  plan: CpdPlanContent,
  plannedHours: z.number(),
  prompts: z.array(z.string()),
  updatedAt: z.string().nullable(),
  remindersSent: z
    .object({ planned: z.array(z.string().nullable()), reminders: z.array(z.string().nullable()) })
    .describe('when each planned activity’s reminder and each reminder was sent by e-mail (null: not yet), in the order of the plan'),
});
export type CpdPlan = z.infer<typeof CpdPlan>;

