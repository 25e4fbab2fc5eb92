import { z } from 'zod';

/*
 * Importing an existing register (grandfathering): a CSV of holders checked by a dry run (a per-row report,
 * nothing written) and then imported by a job with progress. The claim of an imported account uses the
 * accounts contract (ResetPasswordBody's shape: the mailed token and a new password).
 */

const cell = (max: number) => z.string().max(max);
/** importRegister's JSON form (for programs): the same columns as the CSV, one object a holder. */
export const ImportRegisterBody = z.strictObject({
  rows: z
    .array(
      z.strictObject({
        name: cell(200),
        email: cell(254),
        level: cell(100),
        awardedOn: cell(10).describe('YYYY-MM-DD'),
        reviewOn: cell(10).describe('YYYY-MM-DD'),
        externalId: cell(100),
        cpdCycleStart: cell(10).optional(),
      }),
    )
    .min(1, 'Give at least one row')
    .max(10_000, 'Send at most 10,000 rows as JSON; send larger registers as a CSV file'),
});
export type ImportRegisterBody = z.infer<typeof ImportRegisterBody>;

export const RegisterImportProblem = z.object({ column: z.string(), message: z.string() });

export const RegisterImportRow = z.object({
  row: z.number().int().describe('The record’s number in the file; the header is row 1'),
  externalId: z.string(),
  name: z.string(),
  email: z.string(),
  level: z.string(),
  action: z.enum(['create', 'exists', 'error']).describe('create: would be (or was) imported; exists: imported before under this external id; error: see problems'),
  lapsed: z.boolean().describe('The review date has passed: the holder comes in lapsed'),
  existingAccount: z.boolean().describe('An account with this e-mail address exists already: the credential joins it and no invitation is sent'),
  problems: z.array(RegisterImportProblem),
});
export type RegisterImportRow = z.infer<typeof RegisterImportRow>;

export const RegisterImportCounts = z.object({
  rows: z.number().int(),
  create: z.number().int(),
  exists: z.number().int(),
  errors: z.number().int(),
  lapsed: z.number().int(),
  existingAccounts: z.number().int(),
});

export const RegisterImport = z.object({
  id: z.string().nullable().describe('null for a dry run, which stores nothing'),
  dryRun: z.boolean(),
  status: z.enum(['checked', 'rejected', 'queued', 'importing', 'done', 'failed']),
  fileName: z.string().nullable(),
  counts: RegisterImportCounts,
  processedRows: z.number().int(),
  accountsCreated: z.number().int(),
  invitationsSent: z.number().int(),
  rows: z.array(RegisterImportRow).describe('Rows with problems first, then the others, at most 1,000'),
  rowsLeftOff: z.number().int(),
  error: z.string().nullable(),
  createdAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type RegisterImport = z.infer<typeof RegisterImport>;

export const RegisterImportList = z.object({ items: z.array(RegisterImport.omit({ rows: true })) });
export const RegisterImportParams = z.strictObject({ registerImportId: z.string().min(1).max(100) });
