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

// biome-ignore lint/suspicious/noEmptyInterface: filled by its owner
export interface EmploymentTables {}

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
}

export interface ConsentTables {
  consent_grants: ConsentGrantsTable;
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

// biome-ignore lint/suspicious/noEmptyInterface: filled by its owner
export interface WebhookTables {}

export interface OrganisationTables extends CoreTables, EmploymentTables, ConsentTables, RecruitingTables, WebhookTables {}
