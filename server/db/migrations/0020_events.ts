import { type Kysely, sql } from 'kysely';

/*
 * Events: the tables every part of the events module reads (decision 0023). Written by the part named
 * beside each table; parts keep further tables of their own in 0021–0025.
 *
 * Times are UTC ISO strings (`*_at`); an event's days (`starts_on`, `ends_on`) are dates in its own time
 * zone, which pages use to show every time. Money is in minor units (pence) with its currency.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // events/core. The check-in key signs each registration's code (registration/codes); its private half is
  // sealed at rest (platform/sealed.ts), its public half handed to scanners so they can tell a real code offline.
  await db.schema
    .createTable('events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // conference | chapter_meeting | webinar | workshop
    .addColumn('format', 'text', (c) => c.notNull()) // in_person | online | hybrid
    .addColumn('starts_on', 'text', (c) => c.notNull()) // YYYY-MM-DD in time_zone
    .addColumn('ends_on', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull()) // IANA, e.g. Europe/London
    .addColumn('venue_name', 'text')
    .addColumn('venue_address', 'text')
    .addColumn('join_url', 'text') // online: shown only to registered people
    .addColumn('status', 'text', (c) => c.notNull()) // draft | published | closed | cancelled
    .addColumn('registration_opens_at', 'text')
    .addColumn('registration_closes_at', 'text')
    .addColumn('cancel_cutoff_at', 'text') // attendees may cancel until then
    .addColumn('checkin_public_key', 'text', (c) => c.notNull()) // Ed25519 raw, base64url
    .addColumn('checkin_private_key', 'text', (c) => c.notNull()) // JSON SealedSecret of the PKCS#8 DER
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .execute();
  await db.schema.createIndex('events_status_start_idx').on('events').columns(['status', 'starts_on']).execute();

  // events/core: rooms, tracks and ticket types of one event, shown in `position` order.
  await db.schema
    .createTable('event_rooms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('capacity', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('event_rooms_event_idx').on('event_rooms').columns(['event_id', 'position']).execute();

  await db.schema
    .createTable('event_tracks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('event_tracks_event_idx').on('event_tracks').columns(['event_id', 'position']).execute();

  await db.schema
    .createTable('event_ticket_types')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // member | non_member | speaker | exhibitor | day
    .addColumn('price_minor', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('capacity', 'integer') // null: no limit but the rooms'
    .addColumn('days', 'text') // JSON array of YYYY-MM-DD the ticket admits on; null: every day
    .addColumn('public', 'integer', (c) => c.notNull()) // 0: given by organisers only (speaker, exhibitor)
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('event_ticket_types_event_idx').on('event_ticket_types').columns(['event_id', 'position']).execute();

  // events/core (sessions added by hand) and events/proposals (accepted proposals become sessions).
  await db.schema
    .createTable('event_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('abstract', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull()) // talk | panel | workshop | keynote
    .addColumn('level', 'text') // introductory | intermediate | advanced
    .addColumn('room_id', 'text', (c) => c.references('event_rooms.id')) // null for online-only sessions
    .addColumn('track_id', 'text', (c) => c.references('event_tracks.id'))
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('capacity', 'integer') // null: the room's
    .addColumn('cpd_type', 'text', (c) => c.notNull()) // a CPD activity type (contracts/cpd-types.ts), usually 'event'
    .addColumn('cpd_quarters', 'integer', (c) => c.notNull()) // hours × 4; defaults from the session's length
    .addColumn('status', 'text', (c) => c.notNull()) // scheduled | cancelled
    .addColumn('proposal_id', 'text') // the accepted proposal it came from
    .addColumn('closed_at', 'text') // events/closing: credited
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('event_sessions_event_idx').on('event_sessions').columns(['event_id', 'starts_at']).execute();
  await db.schema.createIndex('event_sessions_room_idx').on('event_sessions').columns(['room_id', 'starts_at']).execute();

  // A session's speakers: a member (user_id) or a guest (name and e-mail). Confirmed by the speaker through a
  // mailed link (token_hash) when they come from a proposal or are added by an organiser.
  await db.schema
    .createTable('event_speakers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
    .addColumn('session_id', 'text', (c) => c.notNull().references('event_sessions.id'))
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('bio', 'text')
    .addColumn('status', 'text', (c) => c.notNull()) // invited | confirmed | declined
    .addColumn('token_hash', 'text')
    .addColumn('responded_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('event_speakers_session_idx').on('event_speakers').columns(['session_id']).execute();
  await db.schema.createIndex('event_speakers_user_idx').on('event_speakers').columns(['user_id', 'event_id']).execute();
  await db.schema.createIndex('event_speakers_event_idx').on('event_speakers').columns(['event_id', 'email']).execute();

  // events/core: people given a part in one event besides global organisers: volunteers check people in,
  // reviewers score proposals.
  await db.schema
    .createTable('event_team')
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('role', 'text', (c) => c.notNull()) // volunteer | reviewer
    .addColumn('added_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('event_team_pk', ['event_id', 'user_id', 'role'])
    .execute();
  await db.schema.createIndex('event_team_user_idx').on('event_team').columns(['user_id']).execute();

  // events/exhibitors: sponsors and exhibitors, optionally an organisation of the organisations module.
  await db.schema
    .createTable('event_exhibitors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
    .addColumn('organisation_id', 'text', (c) => c.references('organisations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // sponsor | exhibitor | both
    .addColumn('tier', 'text', (c) => c.notNull()) // platinum | gold | silver | bronze | supporter
    .addColumn('stand', 'text')
    .addColumn('logo_sha256', 'text') // a stored file (platform/files)
    .addColumn('website', 'text')
    .addColumn('description', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('event_exhibitors_event_idx').on('event_exhibitors').columns(['event_id', 'tier']).execute();

  // events/registration. A guest is a user without a password (a light account, claimable later).
  // `reference` is short enough to type at a door when a code will not scan. `share_with_exhibitors` is the
  // attendee's choice to be named to exhibitors who scan their badge.
  await db.schema
    .createTable('event_registrations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('ticket_type_id', 'text', (c) => c.notNull().references('event_ticket_types.id'))
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // confirmed | cancelled
    .addColumn('name', 'text', (c) => c.notNull()) // as on the badge
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('organisation_name', 'text')
    .addColumn('share_with_exhibitors', 'integer', (c) => c.notNull())
    .addColumn('fee_minor', 'integer', (c) => c.notNull())
    .addColumn('fee_paid_at', 'text')
    .addColumn('source', 'text', (c) => c.notNull()) // self | guest | waitlist | organiser | speaker | exhibitor
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('cancelled_at', 'text')
    .execute();
  await db.schema.createIndex('event_registrations_event_user_uq').on('event_registrations').columns(['event_id', 'user_id']).unique().execute();
  await db.schema.createIndex('event_registrations_event_ref_uq').on('event_registrations').columns(['event_id', 'reference']).unique().execute();
  await db.schema.createIndex('event_registrations_ticket_idx').on('event_registrations').columns(['ticket_type_id', 'status']).execute();
  await db.schema.createIndex('event_registrations_user_idx').on('event_registrations').columns(['user_id']).execute();

  // events/checkin: the door (one list a day) and each session have a list.
  await db.schema
    .createTable('event_checkin_lists')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
    .addColumn('kind', 'text', (c) => c.notNull()) // door | session
    .addColumn('day', 'text') // door: YYYY-MM-DD
    .addColumn('session_id', 'text', (c) => c.references('event_sessions.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('event_checkin_lists_event_idx').on('event_checkin_lists').columns(['event_id', 'kind']).execute();

  // events/checkin: one row per person checked in on a list, made by the scan whose nonce it keeps; undone
  // rows stay (the audited fact) and free the place for a later check-in.
  await db.schema
    .createTable('event_checkins')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
    .addColumn('list_id', 'text', (c) => c.notNull().references('event_checkin_lists.id'))
    .addColumn('registration_id', 'text', (c) => c.notNull().references('event_registrations.id'))
    .addColumn('nonce', 'text', (c) => c.notNull().unique())
    .addColumn('scanner', 'text', (c) => c.notNull()) // the scanner's label, e.g. "scanner 3"
    .addColumn('by_user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('scanned_at', 'text', (c) => c.notNull()) // when the scanner read it (offline scans settle later)
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('offline', 'integer', (c) => c.notNull())
    .addColumn('undone_at', 'text')
    .addColumn('undone_by', 'text', (c) => c.references('users.id'))
    .addColumn('undo_reason', 'text')
    .execute();
  await db.schema.createIndex('event_checkins_live_uq').on('event_checkins').columns(['list_id', 'registration_id']).unique().where(sql.ref('undone_at'), 'is', null).execute();
  await db.schema.createIndex('event_checkins_registration_idx').on('event_checkins').columns(['registration_id']).execute();
  await db.schema.createIndex('event_checkins_event_idx').on('event_checkins').columns(['event_id', 'list_id']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
