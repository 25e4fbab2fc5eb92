import { z } from 'zod';
import { multiline } from './common.js';
import './messages.js';

/*
 * The portfolio items the eligibility engine reads. Dates are calendar dates (YYYY-MM-DD); a period's end is
 * the last day worked (inclusive) and null while it is current. Checks that need today's date (no future
 * dates) or the scheme (catalogue ids) live in server/modules/portfolio/portfolio.rules.ts.
 */

export const contributionTypes = [
  'talk',
  'article',
  'paper',
  'book-chapter',
  'book',
  'committee',
  'mentoring',
  'volunteering',
] as const;
export type ContributionType = (typeof contributionTypes)[number];
const oneOffTypes = ['talk', 'article', 'paper', 'book-chapter', 'book'] as const;
const periodTypes = ['committee', 'mentoring'] as const;

const isRealDate = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};
export const IsoDate = z
  .string({ error: 'Give a date as YYYY-MM-DD' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'Give a date as YYYY-MM-DD', abort: true })
  .refine(isRealDate, { message: 'This is not a calendar date', abort: true })
  .refine((s) => s >= '1950-01-01', 'Give a date from 1950 onwards');

const itemId = z.string().min(1, 'Give the item an id').max(100);
const text = (what: string, max = 200) => z.string().trim().min(1, `Give ${what}`).max(max, `Use at most ${max} characters`);
const link = z.url({ message: 'Give a full web address such as https://example.org/talk' }).max(2000);
const evidenceIds = z.array(z.string().min(1).max(100)).max(50).optional();

/** Refuses periods that end before they start; an open end (null) means the period is current. */
function endNotBeforeStart(p: { startOn: string; endOn: string | null }, ctx: z.core.$RefinementCtx) {
  if (p.endOn !== null && p.endOn < p.startOn)
    ctx.addIssue({ code: 'custom', path: ['endOn'], message: 'The end date is before the start date' });
}

export const EducationItem = z
  .strictObject({
    id: itemId,
    kind: z.literal('education'),
    qualificationId: z.string().min(1).max(80).nullable().describe('catalogue id of the qualification; null if not listed'),
    title: text('the qualification title'),
    institution: text('the institution').optional(),
    status: z.enum(['completed', 'enrolled'], { error: 'Use "completed" or "enrolled"' }),
    startedOn: IsoDate.optional(),
    awardedOn: IsoDate.nullable().optional(),
    assessorPoints: z.number().int().min(0).max(1000).nullable().optional(),
    evidenceIds,
  })
  .superRefine((e, ctx) => {
    if (e.status === 'completed' && !e.awardedOn)
      ctx.addIssue({ code: 'custom', path: ['awardedOn'], message: 'Give the date a completed qualification was awarded' });
    if (e.startedOn && e.awardedOn && e.awardedOn < e.startedOn)
      ctx.addIssue({ code: 'custom', path: ['awardedOn'], message: 'The award date is before the start date' });
  });

export const CertificationItem = z.strictObject({
  id: itemId,
  kind: z.literal('certification'),
  catalogueId: z.string().min(1).max(80).nullable().describe('catalogue id; null for a free-form certification valued by an assessor'),
  title: text('the certification title'),
  issuer: text('the issuer').optional(),
  awardedOn: IsoDate,
  assessorPoints: z.number().int().min(0).max(1000).nullable().optional().describe('set by an assessor for free-form items'),
  evidenceIds,
});

export const Referee = z.strictObject({
  name: text('the referee name'),
  email: z.email({ message: 'Enter an e-mail address such as name@example.org' }).max(254),
  relationship: text('how the referee knows your work'),
});

export const WorkItem = z
  .strictObject({
    id: itemId,
    kind: z.literal('work'),
    employer: text('the employer'),
    roleTitle: text('the role title'),
    startOn: IsoDate,
    endOn: IsoDate.nullable(),
    itsm: z.boolean().describe('the role was IT service management work'),
    responsibilityLevel: z
      .number({ error: 'Choose a responsibility level from 1 to 7' })
      .int('Choose a responsibility level from 1 to 7')
      .min(1, 'Responsibility levels run from 1 to 7')
      .max(7, 'Responsibility levels run from 1 to 7'),
    skills: z.array(z.string().min(1).max(80)).max(50),
    description: multiline(z.string().max(4000)).optional(),
    referee: Referee.optional(),
    evidenceIds,
  })
  .superRefine(endNotBeforeStart);

const contributionBase = { id: itemId, kind: z.literal('contribution'), title: text('a title'), link: link.optional(), evidenceIds };
const OneOffContribution = z.strictObject({ ...contributionBase, type: z.enum(oneOffTypes), date: IsoDate });
const PeriodContribution = z
  .strictObject({ ...contributionBase, type: z.enum(periodTypes), startOn: IsoDate, endOn: IsoDate.nullable() })
  .superRefine(endNotBeforeStart);
const VolunteeringContribution = z
  .strictObject({
    ...contributionBase,
    type: z.literal('volunteering'),
    startOn: IsoDate,
    endOn: IsoDate.nullable(),
    hours: z.number({ error: 'Give the hours as a number, such as 12.5' }).min(0.25, 'Give at least a quarter hour').max(10_000, 'Give at most 10000 hours'),
  })
  .superRefine(endNotBeforeStart);
export const ContributionItem = z.discriminatedUnion('type', [OneOffContribution, PeriodContribution, VolunteeringContribution], {
  error: `Use a contribution type of ${contributionTypes.join(', ')}`,
});

export const PortfolioItem = z.discriminatedUnion('kind', [EducationItem, CertificationItem, WorkItem, ContributionItem], {
  error: 'Use an item kind of education, certification, work or contribution',
});
export type EducationItem = z.infer<typeof EducationItem>;
export type CertificationItem = z.infer<typeof CertificationItem>;
export type WorkItem = z.infer<typeof WorkItem>;
export type ContributionItem = z.infer<typeof ContributionItem>;
export type PortfolioItem = z.infer<typeof PortfolioItem>;

export const Portfolio = z.strictObject({ items: z.array(PortfolioItem).max(2000, 'A portfolio holds at most 2000 items') });
export type Portfolio = z.infer<typeof Portfolio>;
