import { z } from 'zod';
import { multiline } from './common.js';

/*
 * Privacy: consent records (listConsents, setConsent), subject-access exports (exportMyData,
 * listDataExports, getDataExport, downloadDataExport), erasure (eraseMember, listErasures) and
 * evidence retention (getRetentionReport).
 */

export const consentPurposes = ['register_listing', 'marketing_mail'] as const;
export const ConsentPurpose = z.enum(consentPurposes, { error: `Choose a purpose from ${consentPurposes.join(', ')}` });
export type ConsentPurpose = z.infer<typeof ConsentPurpose>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const memberId = z.string().regex(UUID, 'A member id looks like 0190a5b2-7c1e-7abc-8def-0123456789ab');

export const ConsentTextOf = z.object({ purpose: ConsentPurpose, version: z.string(), title: z.string(), text: z.string() });
export type ConsentTextOf = z.infer<typeof ConsentTextOf>;

/** One consent, whatever recorded it: this module (register listing, marketing mail) or organisations/consent. */
export const ConsentRecord = z.object({
  id: z.string(),
  kind: z.enum(['register_listing', 'marketing_mail', 'organisation_sharing']),
  title: z.string().describe('What was agreed to, in a few words'),
  organisationId: z.string().nullable().describe('For sharing with an organisation: which one'),
  text: z.string().describe('The exact words agreed to'),
  textVersion: z.string(),
  agreedAt: z.string(),
  withdrawnAt: z.string().nullable(),
});
export type ConsentRecord = z.infer<typeof ConsentRecord>;

export const ConsentList = z.object({
  memberId: z.string(),
  consents: z.array(ConsentRecord).describe('Every consent, newest first; withdrawn ones stay listed with the date'),
  texts: z.array(ConsentTextOf).describe('The words in force for each purpose this module records'),
});
export type ConsentList = z.infer<typeof ConsentList>;

export const ListConsentsQuery = z.strictObject({ memberId: memberId.optional().describe('An administrator names the member; a member sees their own') });

export const SetConsentBody = z.strictObject({
  purpose: ConsentPurpose,
  agreed: z.boolean().describe('true to agree, false to withdraw'),
  textVersion: z.string().max(40).optional().describe('The version of the words you read; refused when they have changed since'),
});

// ---- Subject-access export ----

export const ExportMyDataBody = z.strictObject({ memberId: memberId.optional().describe('An administrator names the member; a member exports their own') });

export const DataExport = z.object({
  id: z.string(),
  memberId: z.string(),
  requestedBy: z.string(),
  status: z.enum(['queued', 'ready', 'failed', 'expired']),
  progress: z.object({ done: z.number(), total: z.number(), message: z.string().nullable() }).nullable(),
  size: z.number().nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  readyAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  downloadUrl: z.string().nullable().describe('Shown once, to whoever asked for the export: the link works until expiresAt'),
});
export type DataExport = z.infer<typeof DataExport>;

export const DataExportList = z.object({ exports: z.array(DataExport) });
export type DataExportList = z.infer<typeof DataExportList>;

export const DataExportParams = z.strictObject({ exportId: z.string().regex(UUID, 'An export id looks like 0190a5b2-7c1e-7abc-8def-0123456789ab') });
export const DownloadQuery = z.strictObject({ token: z.string().min(1, 'The link has no token: open the link from the privacy page again').max(100) });

// ---- Erasure ----

export const EraseMemberBody = z.strictObject({
  email: z.email('Give the e-mail address of the member to erase').max(254),
  reason: multiline(z.string().trim().min(5, 'Say why (at least 5 characters): the request and its date').max(2000)),
});

export const Erasure = z.object({
  id: z.string(),
  memberId: z.string(),
  pseudonym: z.string(),
  at: z.string(),
  by: z.string().nullable(),
  reason: z.string(),
  revokedCredentials: z.number().optional(),
  deletedEvidence: z.number().optional(),
  kept: z.array(z.string()).optional().describe('What was kept, and why'),
});
export type Erasure = z.infer<typeof Erasure>;
export const ErasureList = z.object({ erasures: z.array(Erasure) });
export type ErasureList = z.infer<typeof ErasureList>;

// ---- Retention ----

export const RetentionItem = z.object({
  evidenceId: z.string(),
  memberId: z.string(),
  title: z.string(),
  kind: z.enum(['file', 'link']),
  cycleEndedOn: z.string(),
  purgeFrom: z.string(),
  decision: z.enum(['purge', 'keep']),
  why: z.string(),
});
export type RetentionItem = z.infer<typeof RetentionItem>;

export const RetentionReport = z.object({
  asOf: z.string(),
  retentionMonths: z.number(),
  purge: z.number(),
  kept: z.number(),
  items: z.array(RetentionItem).describe('Evidence past its cycle, with what would happen to it and why'),
});
export type RetentionReport = z.infer<typeof RetentionReport>;
