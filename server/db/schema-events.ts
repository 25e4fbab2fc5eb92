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

// biome-ignore lint/suspicious/noEmptyInterface: filled in by events/proposals
interface ProposalTables {}

// ---- Waiting list, agendas, calendar feed tokens (migration 0022; events/registration) ----

// biome-ignore lint/suspicious/noEmptyInterface: filled in by events/registration
interface RegistrationTables {}

// ---- The scan log (migration 0023; events/checkin) ----

// biome-ignore lint/suspicious/noEmptyInterface: filled in by events/checkin
interface CheckinTables {}

// ---- Exhibitor staff and leads (migration 0024; events/exhibitors) ----

// biome-ignore lint/suspicious/noEmptyInterface: filled in by events/exhibitors
interface ExhibitorTables {}

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
