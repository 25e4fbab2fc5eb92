/*
 * Table types of the events module (migrations 0020–0025), kept apart from schema.ts so each part of the
 * module owns its own section. Same conventions as schema.ts: times are UTC ISO text, booleans 0/1.
 */

// ---- Shared tables (migration 0020) ----

export type EventStatus = 'draft' | 'published' | 'closed' | 'cancelled';
export type EventKind = 'conference' | 'chapter_meeting' | 'webinar' | 'workshop';
export type EventFormat = 'in_person' | 'online' | 'hybrid';

export interface EventsTable {
  id: string;
  slug: string;
  title: string;
  summary: string;
  kind: EventKind;
  format: EventFormat;
  starts_on: string;
  ends_on: string;
  time_zone: string;
  venue_name: string | null;
  venue_address: string | null;
  join_url: string | null;
  status: EventStatus;
  registration_opens_at: string | null;
  registration_closes_at: string | null;
  cancel_cutoff_at: string | null;
  checkin_public_key: string;
  checkin_private_key: string;
  revision: number;
  created_by: string;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}

export interface EventRoomsTable {
  id: string;
  event_id: string;
  name: string;
  capacity: number;
  position: number;
}

export interface EventTracksTable {
  id: string;
  event_id: string;
  name: string;
  description: string | null;
  position: number;
}

export type TicketKind = 'member' | 'non_member' | 'speaker' | 'exhibitor' | 'day';

export interface EventTicketTypesTable {
  id: string;
  event_id: string;
  name: string;
  kind: TicketKind;
  price_minor: number;
  currency: string;
  capacity: number | null;
  days: string | null;
  public: number;
  position: number;
}

export type SessionFormat = 'talk' | 'panel' | 'workshop' | 'keynote';
export type SessionLevel = 'introductory' | 'intermediate' | 'advanced';

export interface EventSessionsTable {
  id: string;
  event_id: string;
  title: string;
  abstract: string;
  format: SessionFormat;
  level: SessionLevel | null;
  room_id: string | null;
  track_id: string | null;
  starts_at: string;
  ends_at: string;
  capacity: number | null;
  cpd_type: string;
  cpd_quarters: number;
  status: 'scheduled' | 'cancelled';
  proposal_id: string | null;
  closed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface EventSpeakersTable {
  id: string;
  event_id: string;
  session_id: string;
  user_id: string | null;
  name: string;
  email: string;
  bio: string | null;
  status: 'invited' | 'confirmed' | 'declined';
  token_hash: string | null;
  responded_at: string | null;
  created_at: string;
}

export interface EventTeamTable {
  event_id: string;
  user_id: string;
  role: 'volunteer' | 'reviewer';
  added_by: string;
  added_at: string;
}

export type ExhibitorTier = 'platinum' | 'gold' | 'silver' | 'bronze' | 'supporter';

export interface EventExhibitorsTable {
  id: string;
  event_id: string;
  organisation_id: string | null;
  name: string;
  kind: 'sponsor' | 'exhibitor' | 'both';
  tier: ExhibitorTier;
  stand: string | null;
  logo_sha256: string | null;
  website: string | null;
  description: string | null;
  created_at: string;
  updated_at: string;
}

export type RegistrationSource = 'self' | 'guest' | 'waitlist' | 'organiser' | 'speaker' | 'exhibitor';

export interface EventRegistrationsTable {
  id: string;
  event_id: string;
  user_id: string;
  ticket_type_id: string;
  reference: string;
  status: 'confirmed' | 'cancelled';
  name: string;
  email: string;
  organisation_name: string | null;
  share_with_exhibitors: number;
  fee_minor: number;
  fee_paid_at: string | null;
  source: RegistrationSource;
  created_at: string;
  updated_at: string;
  cancelled_at: string | null;
}

export interface EventCheckinListsTable {
  id: string;
  event_id: string;
  kind: 'door' | 'session';
  day: string | null;
  session_id: string | null;
  name: string;
  created_at: string;
}

export interface EventCheckinsTable {
  id: string;
  event_id: string;
  list_id: string;
  registration_id: string;
  nonce: string;
  scanner: string;
  by_user_id: string;
  scanned_at: string;
  recorded_at: string;
  offline: number;
  undone_at: string | null;
  undone_by: string | null;
  undo_reason: string | null;
}

interface SharedTables {
  events: EventsTable;
  event_rooms: EventRoomsTable;
  event_tracks: EventTracksTable;
  event_ticket_types: EventTicketTypesTable;
  event_sessions: EventSessionsTable;
  event_speakers: EventSpeakersTable;
  event_team: EventTeamTable;
  event_exhibitors: EventExhibitorsTable;
  event_registrations: EventRegistrationsTable;
  event_checkin_lists: EventCheckinListsTable;
  event_checkins: EventCheckinsTable;
}

// ---- Calls for presentations, proposals, reviews, feedback (migration 0021; events/proposals) ----

export interface EventCallsTable {
  event_id: string;
  closes_at: string;
  guidance: string;
  formats: string; // JSON SessionFormat[]
  track_ids: string; // JSON string[]
  status: 'open' | 'closed';
  opened_by: string;
  opened_at: string;
  closed_at: string | null;
}

export type ProposalStatus = 'submitted' | 'withdrawn' | 'accepted' | 'rejected';

export interface EventProposalsTable {
  id: string;
  event_id: string;
  submitter_id: string;
  title: string;
  abstract: string;
  format: SessionFormat;
  level: SessionLevel;
  track_id: string | null;
  co_speakers: string; // JSON { name, email }[]
  status: ProposalStatus;
  session_id: string | null;
  decided_by: string | null;
  decided_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface EventProposalReviewsTable {
  proposal_id: string;
  reviewer_id: string;
  score: number;
  comment: string;
  created_at: string;
  updated_at: string;
}

export interface EventSessionFeedbackTable {
  id: string;
  event_id: string;
  session_id: string;
  user_id: string;
  rating: number;
  comment: string;
  created_at: string;
  updated_at: string;
}

interface ProposalTables {
  event_calls: EventCallsTable;
  event_proposals: EventProposalsTable;
  event_proposal_reviews: EventProposalReviewsTable;
  event_session_feedback: EventSessionFeedbackTable;
}

// ---- Waiting list, agendas, calendar feed tokens (migration 0022; events/registration) ----

export type WaitlistStatus = 'waiting' | 'offered' | 'claimed' | 'expired' | 'left';

export interface EventWaitlistTable {
  id: string;
  event_id: string;
  ticket_type_id: string;
  user_id: string;
  name: string;
  email: string;
  organisation_name: string | null;
  share_with_exhibitors: number;
  status: WaitlistStatus;
  offer_token_hash: string | null;
  offered_at: string | null;
  offer_expires_at: string | null;
  registration_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface EventAgendaItemsTable {
  registration_id: string;
  session_id: string;
  added_at: string;
}

export interface EventAgendaFeedsTable {
  registration_id: string;
  token_hash: string;
  created_at: string;
}

interface RegistrationTables {
  event_waitlist: EventWaitlistTable;
  event_agenda_items: EventAgendaItemsTable;
  event_agenda_feeds: EventAgendaFeedsTable;
}

// ---- The scan log (migration 0023; events/checkin) ----

export type CheckInOutcome = 'accepted' | 'refused';

export interface EventCheckinScansTable {
  nonce: string;
  event_id: string;
  list_id: string;
  registration_id: string | null;
  checkin_id: string | null;
  outcome: CheckInOutcome;
  reason: string | null;
  answer: string;
  scanner: string;
  by_user_id: string;
  scanned_at: string;
  recorded_at: string;
  offline: number;
}

interface CheckinTables {
  event_checkin_scans: EventCheckinScansTable;
}

// ---- Exhibitor staff and leads (migration 0024; events/exhibitors) ----

export interface EventExhibitorStaffTable {
  exhibitor_id: string;
  user_id: string;
  event_id: string;
  registration_id: string;
  ticket_made: number;
  added_by: string;
  added_at: string;
}

export interface EventLeadsTable {
  id: string;
  exhibitor_id: string;
  registration_id: string;
  note: string | null;
  scanned_by: string;
  scanned_at: string;
  updated_at: string;
}

export interface EventLeadCountsTable {
  exhibitor_id: string;
  digest: string;
  scanned_on: string;
}

interface ExhibitorTables {
  event_exhibitor_staff: EventExhibitorStaffTable;
  event_leads: EventLeadsTable;
  event_lead_counts: EventLeadCountsTable;
}

// ---- Attendance records and credentials (migration 0025; events/closing) ----

export interface EventAttendanceTable {
  event_id: string;
  user_id: string;
  registration_id: string | null;
  sessions: string; // JSON string[]
  attended_quarters: number;
  speaking_quarters: number;
  closed_at: string;
}

export interface EventAttendanceCredentialsTable {
  id: string;
  event_id: string;
  user_id: string;
  sessions: string; // JSON [{ title, startsAt, quarters }]
  quarters: number;
  key_id: string;
  jsonld: string;
  revocation_list_id: string;
  revocation_index: number;
  issued_at: string;
  revoked_at: string | null;
  revoked_reason: string | null;
}

interface ClosingTables {
  event_attendance: EventAttendanceTable;
  event_attendance_credentials: EventAttendanceCredentialsTable;
}

export interface EventTables extends SharedTables, ProposalTables, RegistrationTables, CheckinTables, ExhibitorTables, ClosingTables {}
