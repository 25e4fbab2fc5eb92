import type { ApplicationState } from '../modules/applications/applications.types.js';
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { EventTables } from './schema-events.js';
import type { OrganisationTables } from './schema-organisations.js';
import type { RegisterImportTables } from './schema-register-import.js';

// Portable column conventions: ids are UUIDv7 text, times are ISO-8601 UTC text,
// booleans are integers 0/1, structured values are JSON text.

export interface UsersTable {
  id: string;
  email: string; // lower-cased
  name: string;
  password_hash: string | null;
  email_verified_at: string | null;
  status: 'active' | 'disabled' | 'invited'; // invited: created by a register import, signs in only after claiming
  country: string | null;
  created_at: string;
  updated_at: string;
}

export interface UserRolesTable {
  user_id: string;
  role: string;
  granted_by: string | null;
  granted_at: string;
}

export interface SessionsTable {
  id: string; // sha256 of the cookie token, never the token itself
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface OneTimeTokensTable {
  id: string;
  user_id: string;
  purpose: 'verify_email' | 'reset_password' | 'claim_account';
  token_hash: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  scopes: string; // JSON array
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface SignInThrottleTable {
  key: string; // sha256 of the lower-cased e-mail, so unknown addresses are throttled alike
  failures: number; // attempts counted in the window (before their password is checked), not only failed ones
  window_started_at: string;
  locked_until: string | null;
}

export interface AuditLogTable {
  id: string;
  at: string;
  actor_id: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  ip: string | null;
  request_id: string | null;
  details: string; // JSON object
  // The hash chain (platform/audit/chain.ts), set by every writer; optional only in the row a caller builds.
  seq?: number | null;
  prev_hash?: string | null;
  hash?: string | null;
}

export interface AuditChainHeadTable {
  id: number; // always 1
  seq: number;
  hash: string;
}

/** The chain's head as signed each day: a JWS over {sequence, hash, at} with the issuer's key. */
export interface AuditHeadsTable {
  day: string; // YYYY-MM-DD (UTC)
  seq: number;
  hash: string;
  at: string;
  jws: string;
  created_at: string;
}

export interface JobsTable {
  id: string;
  kind: string;
  payload: string; // JSON
  status: 'queued' | 'running' | 'done' | 'failed';
  attempts: number;
  max_attempts: number;
  run_at: string;
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  progress: string | null; // JSON {done,total,message}
  checkpoint: string | null; // JSON: how far the handler got, read by the next attempt (0012)
  idempotency_key: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

export interface OutboxTable {
  id: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  template: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  /** When delivery was first tried: temporary failures are retried for days counted from here. */
  first_attempt_at: string | null;
  last_attempt_at: string | null;
  /** JSON of the pictures the HTML part shows by Content-ID (mail/inline.ts InlinePart[]), null for none. */
  inline_parts: string | null;
}

export interface IdempotencyKeysTable {
  /** 'user:<id>' or 'anonymous': one actor's key never replays another's answer. */
  actor_key: string;
  key: string;
  /** SHA-256 of method, URL, actor and body: the same key with another request is refused. */
  request_hash: string;
  status: number;
  content_type: string;
  body: string;
  created_at: string;
  expires_at: string;
}

export interface FilesTable {
  sha256: string;
  media_type: string;
  size: number;
  created_by: string | null;
  created_at: string;
}

export interface BodiesTable {
  id: string;
  slug: string;
  name: string;
  short_name: string;
  country: string;
  website: string | null;
  created_at: string;
}

export interface SchemesTable {
  id: string;
  body_id: string;
  key: string; // the stable id inside the content
  name: string;
  current_version_id: string | null;
  created_at: string;
}

export interface SchemeVersionsTable {
  id: string;
  scheme_id: string;
  number: number;
  label: string;
  status: 'draft' | 'published'; // published rows are immutable (trigger)
  content: string; // JSON of the Scheme
  sha256: string;
  created_at: string;
  created_by: string | null;
  published_at: string | null;
  published_by: string | null;
}

export interface PortfolioItemsTable {
  id: string;
  member_id: string;
  kind: string;
  data: string; // JSON of the PortfolioItem without evidenceIds (those live in evidence_links)
  created_at: string;
  updated_at: string;
}

export interface EvidenceTable {
  id: string;
  member_id: string;
  kind: 'file' | 'link';
  title: string;
  file_sha256: string | null;
  url: string | null;
  created_at: string;
}

export interface EvidenceLinksTable {
  evidence_id: string;
  item_id: string;
}

export interface ApplicationsTable {
  id: string;
  applicant_id: string;
  scheme_version_id: string;
  level_id: string;
  state: ApplicationState;
  data: string; // JSON of the state machine's Application (modules/applications/applications.types.ts)
  snapshot: string | null; // JSON frozen at submission: portfolio items, evidence, evaluation
  ethics_version: string | null;
  declared_at: string | null;
  submitted_at: string | null;
  due_at: string | null;
  decided_at: string | null;
  created_at: string;
  updated_at: string;
  revision: Generated<number>;
}

export interface ApplicationAssessorsTable {
  application_id: string;
  assessor_id: string;
  stage: 'assessment' | 'third' | 'appeal';
  status: 'active' | 'done' | 'handed_back';
  assigned_at: string;
  due_at: string | null;
  finished_at: string | null;
  scored_at: string | null; // the assessor has scored every category (migration 0004)
  recommended_at: string | null;
}

export interface ApplicationScoresTable {
  application_id: string;
  assessor_id: string;
  category_id: string;
  score: number;
  notes: string;
  updated_at: string;
}

export interface ReferenceRequestsTable {
  id: string;
  application_id: string;
  referee_name: string;
  referee_email: string;
  relationship: string;
  token_hash: string;
  claims: string; // JSON: [{ claimId, itemId, summary }]
  status: 'awaiting' | 'answered' | 'expired' | 'cancelled';
  answers: string | null; // JSON: [{ claimId, answer, comment }]
  answered_at: string | null;
  expires_at: string;
  reminders_sent: Generated<number>;
  last_sent_at: string;
  created_at: string;
}

export interface InformationRequestsTable {
  id: string;
  application_id: string;
  asked_by: string;
  question: string;
  asked_at: string;
  response: string | null;
  evidence_ids: Generated<string>; // JSON array
  responded_at: string | null;
}

export interface NominationsTable {
  application_id: string;
  nominator_id: string;
  statement: string;
  nominated_at: string;
}

export interface AppealsTable {
  application_id: string;
  grounds: string;
  appealed_at: string;
  assessor_id: string | null;
  upheld: number | null;
  reasons: string | null;
  decided_at: string | null;
}

export interface AssessorConflictsTable {
  assessor_id: string;
  applicant_id: string;
  reason: string;
  declared_at: string;
}

export interface CredentialsTable {
  id: string;
  holder_id: string;
  application_id: string | null;
  scheme_version_id: string;
  level_id: string;
  level_name: string;
  post_nominals: string | null;
  awarded_at: string;
  review_at: string;
  status: 'active' | 'suspended' | 'lapsed' | 'revoked';
  status_changed_at: string;
  created_at: string;
  /** YYYY-MM-DD the CPD cycles count from when not the award (an imported holder's cycle start; migration 0035). */
  cpd_cycles_from?: string | null;
}

// ---- Credential issuing (migration 0007) ----

export interface IssuerKeysTable {
  id: string; // did:web:<host>#key-<n>
  controller: string;
  number: number;
  public_key_multibase: string;
  secret: string; // JSON of the sealed secret (modules/credentials/issuing/keys.ts)
  created_at: string;
  retired_at: string | null;
}

export interface StatusListsTable {
  id: string;
  purpose: 'revocation' | 'suspension';
  length: number;
  allocated: number;
  version: number; // bumped with every change of a bit in the list
  changed_at: string;
  created_at: string;
}

export interface IssuedCredentialsTable {
  credential_id: string;
  key_id: string;
  holder_salt: string;
  holder_did: string | null;
  jsonld: string; // the signed OpenBadgeCredential (Data Integrity proof)
  jwt: string; // the same credential as a VC-JWT
  issued_at: string;
  revocation_list_id: string;
  revocation_index: number;
  suspension_list_id: string;
  suspension_index: number;
}

export interface HolderDidsTable {
  user_id: string;
  did: string;
  linked_at: string;
}

export interface CredentialStatusEpochTable {
  id: number;
  epoch: number;
}

/** A member's choice to appear in the public register (no row: not listed). */
export interface RegisterListingsTable {
  holder_id: string;
  listed: number;
  show_country: number;
  updated_at: string;
  /** For employers' candidate search (migration 0018, organisations/recruiting); 0 until the holder chooses. */
  list_certifications: Generated<number>;
  list_responsibility: Generated<number>;
}

/** The register's search index: derived rows, rewritten per holder by refreshRegisterEntry. */
export interface RegisterEntriesTable {
  holder_id: string;
  name: string;
  sort_name: string;
  tokens: string;
  country: string | null;
  credentials: string; // JSON
  updated_at: string;
}

export interface RegisterTokensTable {
  token: string;
  sort_name: string;
  holder_id: string;
  country: string | null;
  levels: string;
  tokens: string;
}

export interface RegisterLevelsTable {
  level_id: string;
  holder_id: string;
  sort_name: string;
  country: string | null;
}

// ---- CPD (migration 0006) ----

export interface CpdRuleSetsTable {
  id: string;
  key: string;
  number: number;
  name: string;
  content: string; // JSON of the CpdRuleSet (contracts/cpd-rules.ts); never changed once written
  sha256: string;
  body_default: Generated<number>; // 1: the rule set of the body's own credentials
  created_at: string;
}

export interface CpdProvidersTable {
  id: string;
  slug: string;
  name: string;
  contact_email: string | null;
  status: 'approved' | 'suspended';
  approved_by: string | null;
  approved_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface CpdProviderUsersTable {
  provider_id: string;
  user_id: string;
  added_at: string;
}

export interface CpdProviderCodesTable {
  provider_id: string;
  code: string;
  type: string;
  title: string;
  quarters: number;
  details: Generated<string>; // JSON
  valid_from: string | null;
  valid_to: string | null;
  created_at: string;
}

export interface CpdImportsTable {
  id: string;
  provider_id: string;
  uploaded_by: string | null;
  via: 'csv' | 'api';
  file_sha256: string;
  file_name: string | null;
  status: 'queued' | 'validating' | 'rejected' | 'importing' | 'done' | 'failed';
  total_rows: Generated<number>;
  processed_rows: Generated<number>;
  credited_rows: Generated<number>;
  duplicate_rows: Generated<number>;
  error_rows: Generated<number>;
  report: string | null; // JSON
  job_id: string | null;
  rows_json: string | null; // JSON of the parsed rows until the import finishes (migration 0008)
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

export interface CpdActivitiesTable {
  id: string;
  member_id: string;
  type: string;
  title: string;
  occurred_on: string; // YYYY-MM-DD
  quarters: number; // hours × 4
  provider: string | null;
  learned: string | null;
  apply: string | null;
  details: Generated<string>; // JSON of the type's own fields
  source: 'manual' | 'provider' | 'event';
  verified: Generated<number>;
  provider_id: string | null;
  import_id: string | null;
  row_key: string | null;
  activity_code: string | null;
  audit_status: 'requested' | 'accepted' | 'rejected' | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface CpdActivityEvidenceTable {
  activity_id: string;
  evidence_id: string;
}

export interface CpdTrackedCredentialsTable {
  id: string;
  member_id: string;
  name: string;
  issuer: string;
  rule_set_key: string;
  cycle_start: string; // YYYY-MM-DD
  created_at: string;
  updated_at: string;
}

export interface CpdPlansTable {
  member_id: string;
  content: string; // JSON of the CpdPlan (contracts/cpd.ts)
  updated_at: string;
  revision: Generated<number>;
}

export interface CpdAuditsTable {
  id: string;
  year: number;
  seed: string;
  member_id: string;
  credential_id: string;
  cycle_index: number;
  reason: 'random' | 'targeted';
  reason_detail: string | null;
  status: 'requested' | 'submitted' | 'in_review' | 'passed' | 'failed' | 'expired';
  assessor_id: string | null;
  requested_at: string;
  due_at: string;
  submitted_at: string | null;
  decided_at: string | null;
  outcome: string | null;
  updated_at: string;
}

export interface CpdAuditItemsTable {
  audit_id: string;
  activity_id: string;
  evidence_requested: string;
  evidence_ids: Generated<string>; // JSON array
  member_note: string | null;
  decision: 'accept' | 'reject' | null;
  reasons: string | null;
  reviewer_id: string | null;
  decided_at: string | null;
}

export interface CpdCredentialStatesTable {
  credential_id: string;
  member_id: string;
  cycle_index: number;
  cycle_start: string;
  cycle_end: string;
  status: 'ok' | 'short' | 'grace' | 'suspended' | 'lapsed';
  since: string;
  shortfall_quarters: Generated<number>;
  next_check_on: string;
  updated_at: string;
}

export interface CpdRemindersTable {
  credential_id: string;
  cycle_index: number;
  point: string;
  member_id: string;
  sent_at: string;
}

export interface CpdPlanRemindersTable {
  member_id: string;
  key: string;
  remind_on: string;
  kind: 'planned' | 'note';
  title: string;
  type: string | null;
  quarters: number | null;
  sent_at: string | null;
  created_at: string;
}

// ---- Privacy (migration 0032; modules/privacy) ----

export type ConsentPurpose = 'register_listing' | 'marketing_mail';

export interface ConsentsTable {
  id: string;
  user_id: string;
  purpose: ConsentPurpose;
  text: string;
  text_version: string;
  agreed_at: string;
  withdrawn_at: string | null;
}

export interface DataExportsTable {
  id: string;
  user_id: string;
  requested_by: string;
  status: 'queued' | 'ready' | 'failed' | 'expired';
  job_id: string | null;
  token_hash: string;
  size: number | null;
  error: string | null;
  created_at: string;
  ready_at: string | null;
  expires_at: string | null;
}

export interface ErasuresTable {
  id: string;
  user_id: string;
  pseudonym: string;
  at: string;
  by: string | null;
  reason: string;
}

export interface Database extends OrganisationTables, EventTables, RegisterImportTables {
  users: UsersTable;
  user_roles: UserRolesTable;
  sessions: SessionsTable;
  one_time_tokens: OneTimeTokensTable;
  api_tokens: ApiTokensTable;
  sign_in_throttle: SignInThrottleTable;
  audit_log: AuditLogTable;
  audit_chain_head: AuditChainHeadTable;
  audit_heads: AuditHeadsTable;
  jobs: JobsTable;
  outbox: OutboxTable;
  idempotency_keys: IdempotencyKeysTable;
  files: FilesTable;
  bodies: BodiesTable;
  schemes: SchemesTable;
  scheme_versions: SchemeVersionsTable;
  portfolio_items: PortfolioItemsTable;
  evidence: EvidenceTable;
  evidence_links: EvidenceLinksTable;
  applications: ApplicationsTable;
  application_assessors: ApplicationAssessorsTable;
  application_scores: ApplicationScoresTable;
  reference_requests: ReferenceRequestsTable;
  information_requests: InformationRequestsTable;
  nominations: NominationsTable;
  appeals: AppealsTable;
  assessor_conflicts: AssessorConflictsTable;
  credentials: CredentialsTable;
  issuer_keys: IssuerKeysTable;
  status_lists: StatusListsTable;
  issued_credentials: IssuedCredentialsTable;
  holder_dids: HolderDidsTable;
  credential_status_epoch: CredentialStatusEpochTable;
  register_listings: RegisterListingsTable;
  register_entries: RegisterEntriesTable;
  register_tokens: RegisterTokensTable;
  register_levels: RegisterLevelsTable;
  cpd_rule_sets: CpdRuleSetsTable;
  cpd_providers: CpdProvidersTable;
  cpd_provider_users: CpdProviderUsersTable;
  cpd_provider_codes: CpdProviderCodesTable;
  cpd_imports: CpdImportsTable;
  cpd_activities: CpdActivitiesTable;
  cpd_activity_evidence: CpdActivityEvidenceTable;
  cpd_tracked_credentials: CpdTrackedCredentialsTable;
  cpd_plans: CpdPlansTable;
  cpd_audits: CpdAuditsTable;
  cpd_audit_items: CpdAuditItemsTable;
  cpd_credential_states: CpdCredentialStatesTable;
  cpd_reminders: CpdRemindersTable;
  cpd_plan_reminders: CpdPlanRemindersTable;
  consents: ConsentsTable;
  data_exports: DataExportsTable;
  erasures: ErasuresTable;
  site_identity: SiteIdentityTable;
  site_addresses: SiteAddressesTable;
}

/** One row (id 1): the did:web the issuer keeps whatever PUBLIC_URL becomes (platform/site-identity.ts). */
export interface SiteIdentityTable {
  id: number;
  issuer_did: string;
  chosen_at: string;
}

/** Every PUBLIC_URL the site has answered at: credentials issued under an old one still resolve. */
export interface SiteAddressesTable {
  url: string;
  first_seen_at: string;
  last_seen_at: string;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Session = Selectable<SessionsTable>;
export type Job = Selectable<JobsTable>;
export type ApiToken = Selectable<ApiTokensTable>;
export type OutboxMessage = Selectable<OutboxTable>;
export type { Generated };
