import type { Generated } from 'kysely';

/*
 * Table types of the organisations module (migrations 0015–0019), kept apart from schema.ts so each part
 * of the module owns its own section. Same conventions as schema.ts.
 */

// ---- Organisations, their people and domains (migration 0015; organisations/core) ----

export type OrganisationRole = 'admin' | 'hr' | 'line_manager';

export interface OrganisationsTable {
  id: string;
  slug: string;
  name: string;
  country: string;
  website: string | null;
  description: string | null;
  logo_sha256: string | null;
  status: 'requested' | 'active' | 'declined' | 'suspended';
  requested_by: string | null;
  approved_by: string | null;
  approved_at: string | null;
  decision_reason: string | null;
  created_at: string;
  updated_at: string;
}

export interface OrganisationMembersTable {
  organisation_id: string;
  user_id: string;
  role: OrganisationRole;
  added_by: string | null;
  added_at: string;
}

export interface OrganisationDomainsTable {
  organisation_id: string;
  domain: string;
  verified_at: string | null;
  verified_by: string | null;
  verified_email: string | null;
  pending_email: string | null;
  token_hash: string | null;
  token_expires_at: string | null;
  created_at: string;
}

export interface OrganisationInvitesTable {
  id: string;
  organisation_id: string;
  email: string;
  role: OrganisationRole;
  token_hash: string;
  invited_by: string;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  accepted_by: string | null;
  revoked_at: string | null;
}

export interface CoreTables {
  organisations: OrganisationsTable;
  organisation_members: OrganisationMembersTable;
  organisation_domains: OrganisationDomainsTable;
  organisation_invites: OrganisationInvitesTable;
}

// ---- Employment links, sponsorship and suggested goals (migration 0016; organisations/employment, organisations/sponsorship) ----

export type EmploymentStatus = 'pending' | 'confirmed' | 'disputed';

export interface EmploymentLinksTable {
  id: string;
  member_id: string;
  item_id: string;
  organisation_id: string;
  status: EmploymentStatus;
  requested_at: string;
  decided_at: string | null;
  decided_by: string | null;
  dispute_reason: string | null;
  /** What was confirmed, as the item claimed it at that moment. */
  confirmed_start_on: string | null;
  confirmed_end_on: string | null;
  confirmed_level: number | null;
  confirmed_role_title: string | null;
  /** The member ended the link (left); a confirmation stays. */
  ended_at: string | null;
}

export type SponsorshipStatus = 'offered' | 'accepted' | 'declined' | 'paid' | 'withdrawn';

export interface SponsorshipsTable {
  id: string;
  organisation_id: string;
  member_id: string;
  kind: 'application_fee' | 'event_ticket';
  /** Set for kind 'application_fee'. */
  application_id: string | null;
  note: string | null;
  status: SponsorshipStatus;
  offered_by: string;
  offered_at: string;
  answered_at: string | null;
  paid_at: string | null;
  paid_by: string | null;
  /** Set for kind 'event_ticket' (migration 0027). */
  event_registration_id: string | null;
}

export interface CpdGoalSuggestionsTable {
  id: string;
  organisation_id: string;
  member_id: string;
  text: string;
  by_on: string | null;
  status: 'suggested' | 'accepted' | 'declined';
  suggested_by: string;
  suggested_at: string;
  answered_at: string | null;
}

export interface EmploymentTables {
  employment_links: EmploymentLinksTable;
  sponsorships: SponsorshipsTable;
  cpd_goal_suggestions: CpdGoalSuggestionsTable;
}

// ---- Consent grants and the view log (migration 0017; organisations/consent) ----

export type ConsentScope = 'credentials' | 'cpd_standing' | 'portfolio_summary' | 'cpd_plan';

export interface ConsentGrantsTable {
  id: string;
  member_id: string;
  organisation_id: string;
  scope: ConsentScope;
  text: string;
  text_version: string;
  granted_at: string;
  revoked_at: string | null;
  revision: Generated<number>; // the organisation's consent revision at the row's last change
}

export interface ConsentRevisionsTable {
  organisation_id: string;
  revision: number;
}

export interface ConsentViewsTable {
  id: string;
  organisation_id: string;
  viewer_id: string;
  operation: string; // the operationId, e.g. getTeamView
  viewed_at: string;
}

export interface ConsentViewMembersTable {
  view_id: string;
  member_id: string;
  scopes: string; // space-separated ConsentScope values shown of this member
  viewed_at: string;
}

export interface ConsentTables {
  consent_grants: ConsentGrantsTable;
  consent_revisions: ConsentRevisionsTable;
  consent_views: ConsentViewsTable;
  consent_view_members: ConsentViewMembersTable;
}

// ---- Recruiting: listing choices, relayed messages, abuse reports (migration 0018; organisations/recruiting) ----

export interface RecruitingCandidatesTable {
  holder_id: string;
  responsibility_level: number | null;
  certifications: string; // JSON string[]
  updated_at: string;
}

export interface RecruitingCertificationsTable {
  cert_key: string;
  sort_name: string;
  holder_id: string;
}

export interface RecruitingResponsibilityTable {
  at_least: number;
  sort_name: string;
  holder_id: string;
}

export interface ContactMessagesTable {
  id: string;
  organisation_id: string;
  sender_id: string;
  member_id: string;
  subject: string;
  body: string;
  token_hash: string;
  sent_at: string;
  reply_body: string | null;
  reply_email: string | null;
  replied_at: string | null;
}

export interface ContactReportsTable {
  id: string;
  message_id: string;
  organisation_id: string;
  reported_by: string | null;
  reason: string;
  created_at: string;
}

export interface ContactSuspensionsTable {
  organisation_id: string;
  reason: string;
  suspended_by: string;
  suspended_at: string;
}

export interface RecruitingTables {
  recruiting_candidates: RecruitingCandidatesTable;
  recruiting_certifications: RecruitingCertificationsTable;
  recruiting_responsibility: RecruitingResponsibilityTable;
  contact_messages: ContactMessagesTable;
  contact_reports: ContactReportsTable;
  contact_suspensions: ContactSuspensionsTable;
}

// ---- Webhooks: endpoints and deliveries (migration 0019; organisations/webhooks) ----

export type WebhookEventType =
  | 'credential.awarded'
  | 'credential.suspended'
  | 'credential.reinstated'
  | 'credential.revoked'
  | 'credential.lapsed'
  | 'consent.granted'
  | 'consent.revoked'
  | 'employment.confirmation_requested';

export interface WebhookEndpointsTable {
  id: string;
  organisation_id: string;
  url: string;
  description: string;
  events: string; // JSON array of WebhookEventType
  status: 'enabled' | 'disabled';
  disabled_reason: string | null;
  secret: string;
  previous_secret: string | null;
  previous_secret_until: string | null;
  failing_since: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed' | 'dropped';

export interface WebhookDeliveriesTable {
  id: string;
  endpoint_id: string;
  organisation_id: string;
  event_type: WebhookEventType;
  member_id: string | null;
  body: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  next_attempt_at: string;
  retry_until: string;
  locked_until: string | null;
  by_hand: number; // 0 | 1
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: string | null;
  created_at: string;
}

export interface WebhookAttemptsTable {
  id: string;
  delivery_id: string;
  attempted_at: string;
  status_code: number | null;
  latency_ms: number;
  error: string | null;
  by_hand: number; // 0 | 1
}

export interface WebhookTables {
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
}

export interface OrganisationTables extends CoreTables, EmploymentTables, ConsentTables, RecruitingTables, WebhookTables {}
