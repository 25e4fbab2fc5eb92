import type { z } from 'zod';
import type {
  ApiTokenSummary,
  ChangePasswordBody,
  CreateApiTokenBody,
  CreatedApiToken,
  CurrentUser,
  ListUsersQuery,
  PasswordChanged,
  RequestPasswordResetBody,
  ResetPasswordBody,
  Role,
  SignInBody,
  SignUpBody,
  UpdateProfileBody,
  UserList,
  UserSummary,
} from '../../contracts/accounts.js';
import type { AuditEntry, AuditQuery, MailMessage, MailSummary, MailboxQuery, ResentMail, UndeliveredMail as UndeliveredMailRow, UndeliveredMailList, UndeliveredMailQuery } from '../../contracts/admin.js';
import type {
  AnswerReferenceBody,
  ApplicationPreview,
  ApplicationView,
  AssessmentQueue,
  CredentialRecord,
  MyApplications,
  MyCredentials,
  ReferenceRequestView,
  SubmitApplicationBody,
} from '../../contracts/applications.js';
import type { Accepted, ErrorBody, Ok } from '../../contracts/common.js';
import type { EligibilityResult, EvidenceSummary, PortfolioItemBody, PortfolioView, SavedItem } from '../../contracts/portfolio-api.js';
import type { SchemeDetail, SchemeSummary, SchemeVersionReview, SchemeVersionSummary } from '../../contracts/schemes-api.js';
import type { RegisterListing, RegisterPage, SearchRegisterQuery } from '../../contracts/register.js';
import type { PresentationResult, VerificationResult, VerifyAnswer, VerifyBody } from '../../contracts/verification.js';
import type { PublicCredential } from '../../contracts/credentials.js';
import type { AddCpdProviderCodeBody, CreateCpdProviderBody, CpdAudit as CpdAuditView, CpdAuditList as CpdAuditListView, CpdImport as CpdImportView, CpdImportList as CpdImportListView, CpdProvider as CpdProviderView, ReviewAuditActivityBody, SubmitAuditEvidenceBody } from '../../contracts/cpd-standards.js';
import type { CpdActivity, CpdActivityInput, CpdActivityPage, CpdPlan, CpdPlanContent, CpdRuleSetList, CpdSummary, TrackedCredential, TrackedCredentialBody, TrackedCredentialList } from '../../contracts/cpd.js';

export type { CurrentUser, Role };
export type ApiToken = z.infer<typeof ApiTokenSummary>;
export type NewApiToken = z.infer<typeof CreatedApiToken>;
export type PasswordChangedBody = z.infer<typeof PasswordChanged>;
export type UserRow = z.infer<typeof UserSummary>;
export type Users = z.infer<typeof UserList>;
export type Mail = z.infer<typeof MailSummary>;
export type MailFull = z.infer<typeof MailMessage>;
export type Audit = z.infer<typeof AuditEntry>;
export type UndeliveredMail = z.infer<typeof UndeliveredMailRow>;
export type UndeliveredMails = z.infer<typeof UndeliveredMailList>;
type AcceptedBody = z.infer<typeof Accepted>;
type OkBody = z.infer<typeof Ok>;

/** Field name → messages, as forms show them beside each input. */
export type FieldErrors = Record<string, string[]>;

/** An API failure: the error code, a readable message and any field-level problems. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown>,
    readonly fields: FieldErrors,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Collects field problems from both shapes the API uses: validation issues and domain `fields`. */
function fieldsOf(details: Record<string, unknown>): FieldErrors {
  const out: FieldErrors = {};
  const add = (field: string, message: string) => {
    out[field] = [...(out[field] ?? []), message];
  };
  const issues = details.issues;
  if (Array.isArray(issues)) {
    for (const i of issues as Array<{ path?: unknown; message?: unknown }>) {
      if (typeof i.path !== 'string' || typeof i.message !== 'string') continue;
      const field = i.path.replace(/^(body|querystring|params)\.?/, '');
      if (field) add(field, i.message);
    }
  }
  const fields = details.fields;
  if (fields && typeof fields === 'object') {
    for (const [k, v] of Object.entries(fields as Record<string, unknown>)) {
      for (const m of Array.isArray(v) ? v : [v]) if (typeof m === 'string') add(k, m);
    }
  }
  return out;
}

// The session's CSRF token; the API hands it out with getCurrentUser and signIn.
let csrfToken: string | null = null;

// Told when the API says the session is gone (expired, signed out elsewhere, password changed).
let sessionEnded: () => void = () => {};

/** Registers the one listener for "the API no longer knows this session". */
export function onSessionEnded(listener: () => void): void {
  sessionEnded = listener;
}

const writes = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** One JSON call with the session's CSRF token; exported for features that keep their own client beside their pages. */
export async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (writes.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'NETWORK', 'Guildhall could not be reached. Check your connection and try again.', {}, {});
  }
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const e = (data as ErrorBody | null)?.error;
    if (e && typeof e.code === 'string') {
      // Only a request that carried a session can discover that the session has ended.
      if (e.code === 'NOT_AUTHENTICATED' && csrfToken) {
        csrfToken = null;
        sessionEnded();
      }
      throw new ApiError(res.status, e.code, e.message, e.details ?? {}, fieldsOf(e.details ?? {}));
    }
    throw new ApiError(res.status, `HTTP_${res.status}`, `The server answered ${res.status}. Try again in a moment.`, {}, {});
  }
  return data as T;
}

function remember(user: CurrentUser): CurrentUser {
  csrfToken = user.csrfToken;
  return user;
}

export function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

const seg = encodeURIComponent;

/** The signed-in user, or null when nobody is signed in. */
export async function getCurrentUser(): Promise<CurrentUser | null> {
  try {
    return remember(await call<CurrentUser>('GET', '/api/v1/me'));
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      csrfToken = null;
      return null;
    }
    throw err;
  }
}

export const accounts = {
  signUp: (body: z.input<typeof SignUpBody>) => call<AcceptedBody>('POST', '/api/v1/auth/sign-up', body),
  verifyEmail: (token: string) => call<OkBody>('POST', '/api/v1/auth/verify-email', { token }),
  resendVerification: (email: string) => call<AcceptedBody>('POST', '/api/v1/auth/resend-verification', { email }),
  signIn: async (body: z.input<typeof SignInBody>) => remember(await call<CurrentUser>('POST', '/api/v1/auth/sign-in', body)),
  signOut: async () => {
    const r = await call<OkBody>('POST', '/api/v1/auth/sign-out');
    csrfToken = null;
    return r;
  },
  requestPasswordReset: (body: z.input<typeof RequestPasswordResetBody>) => call<AcceptedBody>('POST', '/api/v1/auth/password-reset/request', body),
  resetPassword: (body: z.input<typeof ResetPasswordBody>) => call<PasswordChangedBody>('POST', '/api/v1/auth/password-reset', body),
  updateProfile: async (body: z.input<typeof UpdateProfileBody>) => remember(await call<CurrentUser>('PATCH', '/api/v1/me', body)),
  changePassword: (body: z.input<typeof ChangePasswordBody>) => call<PasswordChangedBody>('POST', '/api/v1/me/password', body),
  listApiTokens: () => call<{ tokens: ApiToken[] }>('GET', '/api/v1/me/api-tokens'),
  createApiToken: (body: z.input<typeof CreateApiTokenBody>) => call<NewApiToken>('POST', '/api/v1/me/api-tokens', body),
  revokeApiToken: (id: string) => call<OkBody>('DELETE', `/api/v1/me/api-tokens/${seg(id)}`),
};

export const admin = {
  listUsers: (q: Partial<z.output<typeof ListUsersQuery>>) => call<Users>('GET', `/api/v1/admin/users${query(q)}`),
  grantRole: (userId: string, role: Role) => call<UserRow>('PUT', `/api/v1/admin/users/${seg(userId)}/roles/${seg(role)}`),
  revokeRole: (userId: string, role: Role) => call<UserRow>('DELETE', `/api/v1/admin/users/${seg(userId)}/roles/${seg(role)}`),
  setUserStatus: (userId: string, status: 'active' | 'disabled') => call<UserRow>('PUT', `/api/v1/admin/users/${seg(userId)}/status`, { status }),
  listAuditLog: (q: Partial<z.output<typeof AuditQuery>>) => call<{ entries: Audit[] }>('GET', `/api/v1/admin/audit-log${query(q)}`),
  listDevMailbox: (q: Partial<z.output<typeof MailboxQuery>> = {}) => call<{ messages: Mail[] }>('GET', `/api/v1/dev/mailbox${query(q)}`),
  getDevMail: (id: string) => call<MailFull>('GET', `/api/v1/dev/mailbox/${seg(id)}`),
  listUndeliveredMail: (q: Partial<z.output<typeof UndeliveredMailQuery>> = {}) => call<UndeliveredMails>('GET', `/api/v1/admin/mail${query(q)}`),
  resendMail: (id: string) => call<UndeliveredMail>('POST', `/api/v1/admin/mail/${seg(id)}/resend`),
  resendFailedMail: () => call<z.infer<typeof ResentMail>>('POST', '/api/v1/admin/mail/resend-failed'),
};

/** Sends a multipart form (file uploads) with the session's CSRF token; errors as for JSON calls. */
export async function send<T>(path: string, form: FormData): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, { method: 'POST', headers, credentials: 'same-origin', body: form });
  } catch {
    throw new ApiError(0, 'NETWORK', 'Guildhall could not be reached. Check your connection and try again.', {}, {});
  }
  const data = (await res.json().catch(() => null)) as unknown;
  if (res.ok) return data as T;
  const e = (data as ErrorBody | null)?.error;
  if (e && typeof e.code === 'string') throw new ApiError(res.status, e.code, e.message, e.details ?? {}, fieldsOf(e.details ?? {}));
  if (res.status === 413) throw new ApiError(413, 'TOO_LARGE', 'The file is larger than 10 MB.', {}, { file: ['The file is larger than 10 MB.'] });
  throw new ApiError(res.status, `HTTP_${res.status}`, `The server answered ${res.status}. Try again in a moment.`, {}, {});
}


export const portfolio = {
  get: () => call<PortfolioView>('GET', '/api/v1/me/portfolio'),
  addItem: (item: PortfolioItemBody) => call<SavedItem>('POST', '/api/v1/me/portfolio/items', item),
  updateItem: (id: string, item: PortfolioItemBody) => call<SavedItem>('PUT', `/api/v1/me/portfolio/items/${seg(id)}`, item),
  deleteItem: (id: string) => call<OkBody>('DELETE', `/api/v1/me/portfolio/items/${seg(id)}`),
  addEvidenceLink: (body: { title: string; url: string; itemIds: string[] }) => call<EvidenceSummary>('POST', '/api/v1/me/evidence', body),
  uploadEvidence: (file: File, title: string, itemIds: string[]) => {
    const form = new FormData();
    form.set('title', title);
    for (const id of itemIds) form.append('itemIds', id);
    form.set('file', file);
    return send<EvidenceSummary>('/api/v1/me/evidence', form);
  },
  eligibility: () => call<EligibilityResult>('GET', '/api/v1/me/eligibility'),
  whatIf: (items: PortfolioItemBody[]) => call<EligibilityResult>('POST', '/api/v1/me/eligibility/what-if', { items }),
};

export const schemes = {
  list: () => call<{ schemes: SchemeSummary[] }>('GET', '/api/v1/schemes'),
  get: (schemeId: string, versionId?: string) => call<SchemeDetail>('GET', `/api/v1/schemes/${seg(schemeId)}${query({ versionId })}`),
  upload: (schemeId: string, content: unknown) => call<SchemeVersionReview>('POST', `/api/v1/schemes/${seg(schemeId)}/versions`, content),
  impact: (schemeId: string, versionId: string) => call<SchemeVersionReview>('GET', `/api/v1/schemes/${seg(schemeId)}/versions/${seg(versionId)}/impact`),
  publish: (schemeId: string, versionId: string) => call<SchemeVersionSummary>('POST', `/api/v1/schemes/${seg(schemeId)}/versions/${seg(versionId)}/publish`),
};

/** The CASE framework exchange of a scheme: where to download the export, and importing a package as a draft. */
export const schemeFramework = {
  exportUrl: (schemeId: string) => `/api/v1/schemes/${seg(schemeId)}/framework/case`,
  importPackage: (schemeId: string, casePackage: unknown, version?: string) =>
    call<SchemeVersionReview>('POST', `/api/v1/schemes/${seg(schemeId)}/framework/case${query({ version })}`, casePackage),
};

type ApplicationList = z.infer<typeof MyApplications>;
export type { ApplicationPreview, ApplicationView, AssessmentQueue, ReferenceRequestView, CredentialRecord };
export type QueueRow = AssessmentQueue['entries'][number];
export type ApplicationRow = ApplicationList['applications'][number];
const app = (id: string, rest = '') => `/api/v1/applications/${seg(id)}${rest}`;

/** Applying, following an application, nominations and credentials (members). */
export const applications = {
  preview: (levelId: string) => call<ApplicationPreview>('GET', `/api/v1/applications/preview${query({ levelId })}`),
  submit: (body: SubmitApplicationBody) => call<ApplicationView>('POST', '/api/v1/applications', body),
  mine: () => call<ApplicationList>('GET', '/api/v1/applications'),
  get: (id: string) => call<ApplicationView>('GET', app(id)),
  withdraw: (id: string, reason?: string) => call<ApplicationView>('POST', app(id, '/withdraw'), reason ? { reason } : {}),
  consent: (id: string) => call<ApplicationView>('POST', app(id, '/consent')),
  respond: (id: string, requestId: string, body: { response: string; evidenceIds: string[] }) =>
    call<ApplicationView>('POST', app(id, `/information-requests/${seg(requestId)}/response`), body),
  appeal: (id: string, grounds: string) => call<ApplicationView>('POST', app(id, '/appeal'), { grounds }),
  nominate: (body: { nomineeEmail: string; levelId: string; statement: string }) => call<ApplicationView>('POST', '/api/v1/nominations', body),
  credentials: () => call<z.infer<typeof MyCredentials>>('GET', '/api/v1/credentials/mine'),
};

/** A referee's answer by the mailed link: no account, the token is the key. */
export const references = {
  get: (token: string) => call<ReferenceRequestView>('GET', `/api/v1/references/${seg(token)}`),
  answer: (token: string, body: AnswerReferenceBody) => call<ReferenceRequestView>('POST', `/api/v1/references/${seg(token)}`, body),
};

/** The assessor's queue and workbench, and the scheme administrator's decisions. */
export const assessment = {
  queue: (q: { scope?: 'mine' | 'all'; state?: string; cursor?: string; limit?: number }) => call<AssessmentQueue>('GET', `/api/v1/assessment/queue${query(q)}`),
  score: (id: string, scores: Array<{ categoryId: string; score: number; notes: string }>) => call<ApplicationView>('PUT', app(id, '/scores'), { scores }),
  ask: (id: string, question: string) => call<ApplicationView>('POST', app(id, '/information-requests'), { question }),
  conflict: (id: string, reason: string) => call<ApplicationView>('POST', app(id, '/conflict'), { reason }),
  recommend: (id: string, body: { outcome: 'award' | 'decline'; levelId?: string; reasons: string }) => call<ApplicationView>('POST', app(id, '/recommendation'), body),
  decide: (id: string, body: { outcome: 'award' | 'decline'; levelId?: string; reasons: string; panel?: boolean }) => call<ApplicationView>('POST', app(id, '/decision'), body),
  markFeePaid: (id: string) => call<ApplicationView>('POST', app(id, '/fee-paid')),
  decideAppeal: (id: string, body: { uphold: boolean; reasons: string }) => call<ApplicationView>('POST', app(id, '/appeal/decision'), body),
};

export type { RegisterListing, RegisterPage };
export type RegisterEntry = RegisterPage['results'][number];

/** The public register (no sign-in needed) and the member's choice to be listed in it. */
export const register = {
  search: (q: Partial<Record<keyof SearchRegisterQuery, string>>) => call<RegisterPage>('GET', `/api/v1/register${query(q)}`),
  levels: () => call<{ levels: Array<{ id: string; name: string }> }>('GET', '/api/v1/register/levels'),
  listing: () => call<RegisterListing>('GET', '/api/v1/me/register-listing'),
  updateListing: (body: { listed: boolean; showCountry: boolean; listCertifications?: boolean; listResponsibility?: boolean }) => call<RegisterListing>('PUT', '/api/v1/me/register-listing', body),
};

export type { CpdActivity, CpdActivityPage, CpdPlan, CpdSummary, TrackedCredential };
export type CpdRuleSetInfo = z.infer<typeof CpdRuleSetList>['items'][number];

/** The member's CPD log, totals per credential and rule set, tracked credentials and plan. */
export const cpd = {
  summary: () => call<CpdSummary>('GET', '/api/v1/me/cpd/summary'),
  list: (q: { year?: number; type?: string; page?: number; pageSize?: number }) => call<CpdActivityPage>('GET', `/api/v1/me/cpd/activities${query(q)}`),
  log: (body: CpdActivityInput) => call<CpdActivity>('POST', '/api/v1/me/cpd/activities', body),
  update: (id: string, body: CpdActivityInput) => call<CpdActivity>('PUT', `/api/v1/me/cpd/activities/${seg(id)}`, body),
  remove: (id: string) => call<OkBody>('DELETE', `/api/v1/me/cpd/activities/${seg(id)}`),
  ruleSets: () => call<z.infer<typeof CpdRuleSetList>>('GET', '/api/v1/cpd/rule-sets'),
  tracked: () => call<z.infer<typeof TrackedCredentialList>>('GET', '/api/v1/me/cpd/tracked-credentials'),
  track: (body: TrackedCredentialBody) => call<TrackedCredential>('POST', '/api/v1/me/cpd/tracked-credentials', body),
  untrack: (id: string) => call<OkBody>('DELETE', `/api/v1/me/cpd/tracked-credentials/${seg(id)}`),
  plan: () => call<CpdPlan>('GET', '/api/v1/me/cpd/plan'),
  savePlan: (body: z.input<typeof CpdPlanContent>) => call<CpdPlan>('PUT', '/api/v1/me/cpd/plan', body),
};

export type { PresentationResult, VerificationResult, VerifyAnswer };

/** Verifying a credential (no sign-in): pasted JSON or VC-JWT, a presentation, a link or id of ours, or an uploaded file (a baked badge picture too). */
export const verification = {
  verify: (body: VerifyBody) => call<VerifyAnswer>('POST', '/api/v1/verify', body),
  byId: (id: string) => call<VerificationResult>('GET', `/api/v1/verify${query({ credential: id })}`),
  upload: (file: File) => {
    const form = new FormData();
    form.set('file', file);
    return send<VerifyAnswer>('/api/v1/verify', form);
  },
};

export type { PublicCredential };

/** One credential, publicly (no sign-in): level, status, dates, the verifiable credential and its links. */
export const publicCredentials = {
  get: (id: string) => call<PublicCredential>('GET', `/api/v1/credentials/${seg(id)}`),
};

export type CpdImport = z.infer<typeof CpdImportView>;
export type CpdAudit = z.infer<typeof CpdAuditView>;
export type CpdAuditRow = z.infer<typeof CpdAuditListView>['items'][number];
export type CpdProvider = z.infer<typeof CpdProviderView>;

/** Keeping CPD standards: provider imports, audits, and the member's export (see contracts/cpd-standards.ts). */
export const cpdStandards = {
  providers: () => call<{ items: CpdProvider[] }>('GET', '/api/v1/cpd/providers'),
  createProvider: (body: z.input<typeof CreateCpdProviderBody>) => call<CpdProvider>('POST', '/api/v1/cpd/providers', body),
  addCode: (id: string, body: z.input<typeof AddCpdProviderCodeBody>) => call<CpdProvider['codes'][number]>('POST', `/api/v1/cpd/providers/${seg(id)}/codes`, body),
  addUser: (id: string, email: string) => call<CpdProvider['users'][number]>('POST', `/api/v1/cpd/providers/${seg(id)}/users`, { email }),
  removeUser: (id: string, userId: string) => call<OkBody>('DELETE', `/api/v1/cpd/providers/${seg(id)}/users/${seg(userId)}`),
  suspendProvider: (id: string, reason: string) => call<CpdProvider>('POST', `/api/v1/cpd/providers/${seg(id)}/suspend`, { reason }),
  reactivateProvider: (id: string) => call<CpdProvider>('POST', `/api/v1/cpd/providers/${seg(id)}/reactivate`),
  imports: () => call<z.infer<typeof CpdImportListView>>('GET', '/api/v1/cpd/imports'),
  getImport: (id: string) => call<CpdImport>('GET', `/api/v1/cpd/imports/${seg(id)}`),
  uploadImport: (file: File, providerId?: string) => {
    const form = new FormData();
    if (providerId) form.set('providerId', providerId);
    form.set('file', file);
    return send<CpdImport>('/api/v1/cpd/imports', form);
  },
  audits: (q: { status?: string; scope?: 'mine' | 'all' } = {}) => call<z.infer<typeof CpdAuditListView>>('GET', `/api/v1/cpd/audits${query(q)}`),
  audit: (id: string) => call<CpdAudit>('GET', `/api/v1/cpd/audits/${seg(id)}`),
  submitEvidence: (id: string, body: z.input<typeof SubmitAuditEvidenceBody>) => call<CpdAudit>('POST', `/api/v1/cpd/audits/${seg(id)}/evidence`, body),
  review: (id: string, activityId: string, body: z.input<typeof ReviewAuditActivityBody>) => call<CpdAudit>('POST', `/api/v1/cpd/audits/${seg(id)}/items/${seg(activityId)}/review`, body),
  exportUrl: (format: 'json' | 'csv' | 'pdf') => `/api/v1/me/cpd/export?format=${format}`,
};
