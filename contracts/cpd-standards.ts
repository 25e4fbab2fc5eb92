import { z } from 'zod';
import { multiline } from './common.js';
import { CpdActivityType, QuarterHours } from './cpd.js';
import { IsoDate } from './portfolio.js';

/*
 * Keeping CPD standards: approved providers and their activity codes, provider imports that credit members
 * (checked as a whole, with a per-row report), audits (what evidence is needed by when, and the assessor's
 * decision per activity) and the member's export of the whole record.
 */

const id = z.string().min(1).max(100);
const text = (what: string, max = 200) => z.string({ error: `Give ${what}` }).trim().min(1, `Give ${what}`).max(max, `Use at most ${max} characters`);

// ---- providers ----

export const CreateCpdProviderBody = z.strictObject({
  slug: z.string({ error: 'Give a short name' }).regex(/^[a-z0-9][a-z0-9-]{1,59}$/, 'Use 2 to 60 lower-case letters, digits or hyphens'),
  name: text('the provider’s name'),
  contactEmail: z.email({ message: 'Enter an e-mail address such as name@example.org' }).max(254).optional(),
});
export const CpdProviderParams = z.strictObject({ providerId: id });

export const CpdProviderCode = z.object({
  code: z.string(),
  type: CpdActivityType,
  title: z.string(),
  hours: z.number(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
});
export type CpdProviderCode = z.infer<typeof CpdProviderCode>;

export const AddCpdProviderCodeBody = z
  .strictObject({
    code: z.string({ error: 'Give the code' }).regex(/^[A-Za-z0-9._-]{1,40}$/, 'Use at most 40 letters, digits, ".", "_" or "-"'),
    type: CpdActivityType,
    title: text('a title'),
    hours: QuarterHours,
    validFrom: IsoDate.optional(),
    validTo: IsoDate.optional(),
  })
  .refine((b) => !b.validFrom || !b.validTo || b.validFrom <= b.validTo, { path: ['validTo'], message: 'The end of validity must not be before its start' });

export const AddCpdProviderUserBody = z.strictObject({ email: z.email({ message: 'Enter an e-mail address such as name@example.org' }).max(254).transform((e) => e.toLowerCase()) });

export const CpdProviderUserParams = z.strictObject({ providerId: id, userId: id });
export const SuspendCpdProviderBody = z.strictObject({ reason: multiline(text('the reason for suspending the provider', 500)) });

export const CpdProvider = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  contactEmail: z.string().nullable(),
  status: z.enum(['approved', 'suspended']),
  codes: z.array(CpdProviderCode),
  users: z.array(z.object({ id: z.string(), name: z.string(), email: z.string() })).describe('only shown to scheme administrators'),
});
export type CpdProvider = z.infer<typeof CpdProvider>;
export const CpdProviderList = z.object({ items: z.array(CpdProvider) });

// ---- imports ----

/** One credit sent as JSON: the same columns as the CSV file. */
export const CpdImportRowBody = z.strictObject({
  memberEmail: z.string().max(254).optional(),
  memberId: z.string().max(100).optional(),
  credentialId: z.string().max(100).optional(),
  activityCode: z.string().max(40),
  date: z.string().max(10),
  hours: z.union([z.number(), z.string().max(10)]).optional(),
  rowKey: z.string().max(100).optional(),
});
export const ImportCpdCreditsBody = z.strictObject({
  providerId: id.optional(),
  rows: z.array(CpdImportRowBody).min(1, 'Send at least one row').max(10_000, 'Send at most 10,000 rows as JSON; send a CSV file for more'),
});
export type ImportCpdCreditsBody = z.infer<typeof ImportCpdCreditsBody>;

export const CpdImportProblem = z.object({ row: z.number().int(), column: z.string(), message: z.string() });
export type CpdImportProblem = z.infer<typeof CpdImportProblem>;

export const CpdImport = z.object({
  id: z.string(),
  providerId: z.string(),
  providerName: z.string(),
  via: z.enum(['csv', 'api']),
  fileName: z.string().nullable(),
  status: z.enum(['queued', 'validating', 'rejected', 'importing', 'done', 'failed']),
  totalRows: z.number().int(),
  processedRows: z.number().int().describe('rows checked (while validating) or credited (while importing)'),
  creditedRows: z.number().int(),
  duplicateRows: z.number().int().describe('rows already credited by an earlier import, credited once only'),
  errorRows: z.number().int(),
  problems: z.array(CpdImportProblem).describe('the first 1,000 problems, in row order'),
  problemsLeftOff: z.number().int(),
  repeated: z.boolean().describe('true when this exact file was sent before: the earlier import is answered and nothing is credited twice'),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type CpdImport = z.infer<typeof CpdImport>;
export const CpdImportParams = z.strictObject({ importId: id });
export const CpdImportList = z.object({ items: z.array(CpdImport.omit({ problems: true })) });

// ---- audits ----

export const auditStatuses = ['requested', 'submitted', 'in_review', 'passed', 'failed', 'expired'] as const;
export const CpdAuditStatus = z.enum(auditStatuses);

export const RunCpdAuditSampleBody = z.strictObject({
  year: z.number().int().min(2000).max(2200).optional(),
  rate: z.number().min(0, 'The rate is at least 0').max(1, 'The rate is at most 1 (everyone)').default(0.05),
  seed: z.string().min(1).max(100).optional().describe('repeat an earlier draw with its recorded seed; a random one otherwise'),
  targeted: z.boolean().default(true),
});
export type RunCpdAuditSampleBody = z.infer<typeof RunCpdAuditSampleBody>;
export const CpdAuditSampleResult = z.object({
  year: z.number().int(),
  seed: z.string(),
  population: z.number().int(),
  sampled: z.number().int(),
  targeted: z.number().int(),
  created: z.number().int().describe('audits opened now (holders already audited this year are not audited twice)'),
});

export const CpdAuditItem = z.object({
  activityId: z.string(),
  title: z.string(),
  type: CpdActivityType,
  occurredOn: z.string(),
  hours: z.number(),
  evidenceRequested: z.string(),
  evidence: z.array(z.object({ id: z.string(), title: z.string(), kind: z.enum(['file', 'link']), url: z.string().nullable() })),
  memberNote: z.string().nullable(),
  decision: z.enum(['accept', 'reject']).nullable(),
  reasons: z.string().nullable(),
});
export const CpdAudit = z.object({
  id: z.string(),
  year: z.number().int(),
  memberId: z.string(),
  memberName: z.string(),
  credentialId: z.string(),
  reason: z.enum(['random', 'targeted']),
  reasonDetail: z.string().nullable(),
  status: CpdAuditStatus,
  requestedAt: z.string(),
  dueAt: z.string(),
  submittedAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  items: z.array(CpdAuditItem),
});
export type CpdAudit = z.infer<typeof CpdAudit>;
export const ListCpdAuditsQuery = z.strictObject({
  status: CpdAuditStatus.optional(),
  scope: z.enum(['mine', 'all']).optional().describe('assessors and scheme administrators see all audits unless they ask for their own'),
});
export const CpdAuditList = z.object({
  items: z.array(
    CpdAudit.omit({ items: true }).extend({
      itemCount: z.number().int(),
      decidedCount: z.number().int(),
      seed: z.string().nullable().describe('the seed of the draw that opened it (to repeat that draw), for scheme administrators; null otherwise'),
    }),
  ),
});
export const CpdAuditParams = z.strictObject({ auditId: id });
export const CpdAuditItemParams = z.strictObject({ auditId: id, activityId: id });

export const SubmitAuditEvidenceBody = z.strictObject({
  items: z
    .array(z.strictObject({ activityId: id, evidenceIds: z.array(id).max(20, 'Attach at most 20 pieces of evidence').default([]), note: multiline(z.string().trim().max(2000, 'Use at most 2000 characters')).optional() }))
    .min(1, 'Answer at least one activity'),
});
export type SubmitAuditEvidenceBody = z.infer<typeof SubmitAuditEvidenceBody>;

export const ReviewAuditActivityBody = z
  .strictObject({ decision: z.enum(['accept', 'reject'], { error: 'Choose accept or reject' }), reasons: multiline(z.string().trim().max(2000, 'Use at most 2000 characters')).default('') })
  .refine((b) => b.decision === 'accept' || b.reasons.length > 0, { path: ['reasons'], message: 'Give the reasons for rejecting this activity' });
export type ReviewAuditActivityBody = z.infer<typeof ReviewAuditActivityBody>;

// ---- export ----

export const ExportCpdQuery = z.strictObject({ format: z.enum(['json', 'csv', 'pdf']).default('json') });
