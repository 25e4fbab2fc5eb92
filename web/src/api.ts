import type { z } from 'zod';
import type {
  ApiTokenSummary,
  CreatedApiToken,
  CurrentUser,
  PasswordChanged,
  Role,
  UserList,
  UserSummary,
} from '../../contracts/accounts.js';
import type { AuditLogEntry } from '../../contracts/site.js';
import type { MailMessage, MailSummary, UndeliveredMail as UndeliveredMailRow, UndeliveredMailList, } from '../../contracts/admin.js';
import type {
  ApplicationPreview,
  ApplicationView,
  AssessmentQueue,
  CredentialRecord,
  MyApplications,
  ReferenceRequestView,
} from '../../contracts/applications.js';
import type { Accepted, Ok } from '../../contracts/common.js';
import type { RegisterListing, RegisterPage, } from '../../contracts/register.js';
import type { PresentationResult, VerificationResult, VerifyAnswer, } from '../../contracts/verification.js';
import type { PublicCredential } from '../../contracts/credentials.js';
import type { CpdAudit as CpdAuditView, CpdAuditList as CpdAuditListView, CpdImport as CpdImportView, CpdProvider as CpdProviderView, } from '../../contracts/cpd-standards.js';
import type { CpdActivity, CpdActivityPage, CpdPlan, CpdRuleSetList, CpdSummary, TrackedCredential, } from '../../contracts/cpd.js';

export type { CurrentUser, Role };
export type ApiToken = z.infer<typeof ApiTokenSummary>;
export type NewApiToken = z.infer<typeof CreatedApiToken>;
export type PasswordChangedBody = z.infer<typeof PasswordChanged>;
export type UserRow = z.infer<typeof UserSummary>;
export type Users = z.infer<typeof UserList>;
export type Mail = z.infer<typeof MailSummary>;
export type MailFull = z.infer<typeof MailMessage>;
export type Audit = z.infer<typeof AuditLogEntry>;
export type UndeliveredMail = z.infer<typeof UndeliveredMailRow>;
export type UndeliveredMails = z.infer<typeof UndeliveredMailList>;
export type AcceptedBody = z.infer<typeof Accepted>;
export type OkBody = z.infer<typeof Ok>;

/*
 * The API client as features import it: the transport (api-core.ts) and each area's typed calls, one file each
 * under api/, so a page's chunk carries only the areas it calls.
 */
export { ApiError, type FieldErrors, call, getCurrentUser, onSessionEnded, query, send } from './api-core.js';
export { accounts } from './api/accounts.js';
export { admin } from './api/admin.js';
export { portfolio } from './api/portfolio.js';
export { schemes } from './api/schemes.js';
export { schemeFramework } from './api/schemeFramework.js';
export { applications } from './api/applications.js';
export { references } from './api/references.js';
export { assessment } from './api/assessment.js';
export { register } from './api/register.js';
export { cpd } from './api/cpd.js';
export { verification } from './api/verification.js';
export { publicCredentials } from './api/publicCredentials.js';
export { cpdStandards } from './api/cpdStandards.js';

export type ApplicationList = z.infer<typeof MyApplications>;
export type { ApplicationPreview, ApplicationView, AssessmentQueue, ReferenceRequestView, CredentialRecord };
export type QueueRow = AssessmentQueue['entries'][number];
export type ApplicationRow = ApplicationList['applications'][number];

export type { RegisterListing, RegisterPage };
export type RegisterEntry = RegisterPage['results'][number];

export type { CpdActivity, CpdActivityPage, CpdPlan, CpdSummary, TrackedCredential };
export type CpdRuleSetInfo = z.infer<typeof CpdRuleSetList>['items'][number];

export type { PresentationResult, VerificationResult, VerifyAnswer };

export type { PublicCredential };

export type CpdImport = z.infer<typeof CpdImportView>;
export type CpdAudit = z.infer<typeof CpdAuditView>;
export type CpdAuditRow = z.infer<typeof CpdAuditListView>['items'][number];
export type CpdProvider = z.infer<typeof CpdProviderView>;
